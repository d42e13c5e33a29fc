"""Framework files that crashed the import (a header longer than the csv module's field limit) or
would not fit the columns: refused with the file, row, column and a Korean reason; nothing written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation.models import Framework, FrameworkVersion
from bombaram.web.choices import Role

HEADER = "goal_no,goal,activity_no,activity,subactivity_no,subactivity,indicator"


@pytest.fixture
def upload(reference, make_user, client):
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀", slug="seongbuk", owner_team=team, owner_district=team.district)
    client.force_login(make_user("team", Role.TEAM_STAFF, team=team))

    def post(text: str):
        return client.post(reverse("framework-import", args=[framework.slug]), {
            "indicators": SimpleUploadedFile("indicators.csv", text.encode("utf-8")), "note": ""})

    return post


@pytest.mark.parametrize(("text", "message"), [
    (HEADER + "," + "x" * 140_000 + "\n1,목적,1-1,활동,,,지표\n", "칸 하나가 너무 깁니다 (131,072자 초과)"),
    (HEADER + "\n1,목적,1-1,활동,,," + "가" * 301 + "\n", "300자까지 적을 수 있습니다 (301자)"),
    (HEADER + ",unit\n1,목적,1-1,활동,,,지표," + "명" * 41 + "\n", "40자까지 적을 수 있습니다 (41자)"),
    (HEADER + "\n1,목적,1-1,활동,,,지\x00표\n", "NUL 문자가 들어 있습니다"),
    (HEADER + ",suit_r1_all\n1,목적,1-1,활동,,,지표,٠.٨٩\n", "숫자가 아닙니다"),
])
def test_a_framework_file_the_columns_cannot_hold_is_refused_with_its_row(upload, text, message):
    response = upload(text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FrameworkVersion.objects.exists()


def test_a_framework_file_within_the_limits_is_imported(upload):
    response = upload(HEADER + ",unit\n1,목적,1-1,활동,,," + "가" * 300 + "," + "명" * 40 + "\n")
    assert response.status_code == 302
    assert FrameworkVersion.objects.get().items.get(level="indicator").name == "가" * 300
