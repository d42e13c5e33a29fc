"""The web upload names the district of a list that is one district's own (issue 15 part 0), as the
CLI's ``import --district`` does: rows that give only the road are placed there."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.registry.choices import ImportStatus
from bombaram.registry.models import ImportBatch, Organisation
from bombaram.web.choices import Role

# a 당진시 list as an officer keeps it: the 소재지 column gives only the road
ROAD_ONLY = "기업명,사업자등록번호,소재지,업종\n반촌나눔,,반촌로 27-20,일반제조\n해나루돌봄,,충남 당진시 반촌로 5,복지\n"


@pytest.fixture
def officer(client, reference, make_user, tmp_path, settings):
    settings.HOME = tmp_path
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    return client


def _upload(client, district=None, content=ROAD_ONLY):
    data = {"file": SimpleUploadedFile("당진.csv", content.encode("utf-8"), content_type="text/csv"),
            "designation": "certified_se", "as_of": "2024-06-30", "encoding": "auto", "sheet": ""}
    if district is not None:
        data["district"] = district
    return client.post(reverse("import-new"), data)


def test_the_form_offers_every_sigungu_grouped_by_sido(officer):
    html = officer.get(reverse("import-new")).content.decode()
    assert '<optgroup label="충청남도">' in html and '<option value="44270">당진시</option>' in html
    assert '<optgroup label="서울특별시">' in html and '<option value="11290">성북구</option>' in html
    # optional: the empty choice comes first and says what leaving it empty does
    assert '<option value="" selected>없음: 주소에서 시군구를 찾습니다</option>' in html


def test_road_only_list_with_the_district_named_is_placed_there_after_preview_and_confirm(officer):
    response = _upload(officer, district="44270")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == ImportStatus.PREVIEWED
    assert batch.options["district"] == "44270"  # kept for the confirm step
    assert batch.report["rejected"] == [] and batch.report["created"] == 2
    assert not Organisation.objects.exists()  # the preview writes nothing
    page = officer.get(response["Location"]).content.decode()
    assert "이 목록의 시군구: 충청남도 당진시" in page
    officer.post(reverse("import-confirm", args=[batch.token]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.WRITTEN
    placed = dict(Organisation.objects.values_list("name", "district__code"))
    assert placed == {"반촌나눔": "44270", "해나루돌봄": "44270"}
    assert Organisation.objects.get(name="반촌나눔").address == "반촌로 27-20"


def test_without_the_district_the_road_only_row_gets_its_row_and_column_error(officer):
    response = _upload(officer)
    batch = ImportBatch.objects.get()
    assert batch.options["district"] is None
    rejected = batch.report["rejected"]
    assert [(e["row"], e["column"]) for e in rejected] == [(2, "address")]
    assert "시군구를 찾을 수 없습니다" in rejected[0]["error"]
    page = officer.get(response["Location"]).content.decode()
    assert "반촌로 27-20" in page and "시군구를 찾을 수 없습니다" in page
    officer.post(reverse("import-confirm", args=[batch.token]))
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("forged", ["99999", "4427", "11290; DROP", "abcde"])
def test_a_forged_district_code_is_one_korean_error_and_nothing_is_kept(officer, forged, tmp_path):
    response = _upload(officer, district=forged)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("알 수 없는 시군구 코드입니다") == 1 and "목록에서 시군구를 골라 주세요" in html
    assert not ImportBatch.objects.exists() and not Organisation.objects.exists()
    assert not any((tmp_path / "uploads").glob("*"))  # the refused upload is not kept
