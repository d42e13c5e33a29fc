"""The crosswalk (V6): local indicators mapped to shared core indicators (SVI, UK National TOMs, IRIS+)
as data — optional, kept in the framework's CSV and new versions, shown on the framework page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.core import frameworks as core
from bombaram.core.frameworks import load_reference_framework
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.reference_data import read_rows
from bombaram.valuation.models import Framework, SharedIndicator
from bombaram.valuation.services import frameworks as service
from bombaram.web.choices import Role


@pytest.fixture
def setting(reference, make_user):
    service.load_shared_indicators()
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀", slug="seongbuk", owner_team=team, owner_district=team.district)
    core_framework, printed = load_reference_framework("seongbuk")
    version = service.version_from_core(framework=framework, core_framework=core_framework, printed=printed)
    return {"framework": framework, "version": version, "team": make_user("team", Role.TEAM_STAFF, team=team),
            "other": make_user("other", Role.TEAM_STAFF, team=ProgrammeTeam.objects.get(district__code="11350"))}


def test_the_shipped_vocabulary_loads_once_with_its_sources(reference):
    rows = read_rows("crosswalk", "shared_indicators.csv")
    assert service.load_shared_indicators() == len(rows) == SharedIndicator.objects.count()
    assert {r["scheme"] for r in rows} == {"svi", "toms", "iris"}
    client = SharedIndicator.objects.get(scheme="iris", code="PI4060")
    assert client.name_en == "Client Individuals: Total" and client.url.startswith("https://iris.thegiin.org/")
    SharedIndicator.objects.filter(pk=client.pk).update(name_ko="바뀐 이름")
    assert service.load_shared_indicators() == len(rows)
    assert SharedIndicator.objects.get(pk=client.pk).name_ko == "고객(개인) 수"


def test_a_team_maps_an_indicator_and_the_page_the_csv_and_a_new_version_keep_it(client, setting):
    item = setting["version"].items.get(code="1-1.2")
    client.force_login(setting["team"])
    url = reverse("framework-item-edit", args=["seongbuk", item.pk])
    form = {"name": item.name, "unit": "", "result_kind": "", "direction": "increase", "data_source": "", "note": ""}
    assert client.post(url, {**form, "crosswalk": "iris:PI5184~close; svi:ecosystem"}).status_code == 302
    item.refresh_from_db()
    assert item.crosswalk == ["iris:PI5184~close", "svi:ecosystem~related"]
    # an unknown code or relation is said, and nothing changes
    for bad, said in (("iris:PI0000", "등록된 공통 지표가 아닙니다"), ("iris:PI5184~same", "연결 관계는"),
                      ("PI5184", "형식이어야 합니다")):
        response = client.post(url, {**form, "crosswalk": bad})
        assert response.status_code == 200 and said in response.content.decode()
        item.refresh_from_db()
        assert item.crosswalk == ["iris:PI5184~close", "svi:ecosystem~related"]
    page = client.get(reverse("framework-detail", args=["seongbuk"])).content.decode()
    assert "IRIS+ (GIIN) PI5184" in page and "가까움" in page
    exported = service.export_csv(setting["version"])
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["indicator_code"] == "1-1.2")
    assert row["crosswalk"] == "iris:PI5184~close; svi:ecosystem~related"
    copy = service.new_version(user=setting["team"], version=setting["version"])
    assert copy.items.get(code="1-1.2").crosswalk == item.crosswalk
    crosswalk_page = client.get(reverse("crosswalk")).content.decode()
    assert 'id="iris-PI5184"' in crosswalk_page and item.name in crosswalk_page
    # another team cannot map the 성북 indicators
    client.force_login(setting["other"])
    assert client.post(url, {**form, "crosswalk": "toms:NT1"}).status_code == 403


def test_the_crosswalk_column_is_imported_and_an_unknown_code_is_refused_with_row_and_column(client, setting):
    core_framework, printed = load_reference_framework("seongbuk")
    text = core.write_framework_csv(core_framework, printed)
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][-1] = "toms:NT1~close"
    good = io.StringIO()
    csv.writer(good, lineterminator="\n").writerows(rows)
    client.force_login(setting["team"])
    url = reverse("framework-import", args=["seongbuk"])
    response = client.post(url, {"indicators": SimpleUploadedFile("i.csv", good.getvalue().encode())})
    assert response.status_code == 302
    newest = setting["framework"].versions.order_by("-number").first()
    first_code = rows[1][rows[0].index("indicator_code")]
    assert newest.items.get(code=first_code).crosswalk == ["toms:NT1~close"]
    rows[1][-1] = "toms:NT99"
    bad = io.StringIO()
    csv.writer(bad, lineterminator="\n").writerows(rows)
    versions = setting["framework"].versions.count()
    page = client.post(url, {"indicators": SimpleUploadedFile("i.csv", bad.getvalue().encode())}).content.decode()
    assert "등록된 공통 지표가 아닙니다" in page and "crosswalk" in page
    assert setting["framework"].versions.count() == versions


def test_mapping_is_never_required(setting):
    assert all(not i.crosswalk for i in setting["version"].items.all())
    assert service.export_csv(setting["version"]) == core.write_framework_csv(*load_reference_framework("seongbuk"))
