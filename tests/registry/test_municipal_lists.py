"""Lists a municipality publishes, copied into Excel, imported into a registry of the whole country.

The files in tests/registry/data were made for these tests in the shape of those lists (see
make_municipal_lists.py): title rows, header cells with line breaks, merged 구분 cells, line breaks in
names and addresses, addresses with and without the 시도, one organisation on two lists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from bombaram.registry.importer import ImportFileError
from bombaram.registry.models import Designation, Organisation, Region
from bombaram.registry.services import import_organisations, load_national_geography
from tests.registry.data.make_municipal_lists import DANGJIN_BN, SHARED_BN

DATA = Path(__file__).resolve().parent / "data"
AS_OF = dt.date(2024, 6, 30)
DANGJIN = DATA / "dangjin_social_economy_2024.xlsx"
VILLAGES = DATA / "chungnam_village_enterprises_2024.xlsx"


def run(path, designation=None, **kw):
    return import_organisations(source=path, filename=path.name, designation=designation, as_of=AS_OF, **kw)


@pytest.fixture
def country(reference):
    load_national_geography()


def test_the_shipped_files_are_what_the_generator_makes(tmp_path):
    from openpyxl import load_workbook

    from tests.registry.data import make_municipal_lists as make

    for build, path in ((make.dangjin, DANGJIN), (make.chungnam_villages, VILLAGES)):
        fresh = [tuple(r) for r in build().active.iter_rows(values_only=True)]
        shipped = [tuple(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
        assert fresh == shipped


def test_district_list_places_every_row_including_road_only_addresses(country):
    plan = run(DANGJIN, district="44270")
    report = plan.report()
    assert plan.written, report
    assert (report["rows"], report["created"], report["rejected"], report["ambiguous"]) == (7, 7, [], [])
    orgs = Organisation.objects.filter(business_no__in=[SHARED_BN, *DANGJIN_BN]).select_related("district")
    assert {o.district.code for o in orgs} == {"44270"} and orgs.count() == 7
    # line breaks inside a name and an address are read as a space
    assert Organisation.objects.get(business_no=DANGJIN_BN[0]).name == "당진 푸른밥상"
    assert Organisation.objects.get(business_no=DANGJIN_BN[0]).address == "충남 당진시 반촌로 11"
    # the merged 구분 cells: rows 2-3 are 인증 사회적기업, row 6 부처형 like row 5
    types = {d.organisation.business_no: d for d in Designation.objects.select_related("organisation", "type",
                                                                                       "designating_region")}
    assert types[DANGJIN_BN[0]].type.code == types[DANGJIN_BN[1]].type.code == "certified_se"
    chungnam_type = types[DANGJIN_BN[2]]
    assert (chungnam_type.type.code, chungnam_type.designating_region.name_ko) == ("regional_pre_se", "충청남도")
    assert (types[DANGJIN_BN[3]].type.code, types[DANGJIN_BN[3]].designating_ministry) == ("regional_pre_se", "농림축산식품부")
    assert (types[DANGJIN_BN[4]].type.code, types[DANGJIN_BN[4]].designating_ministry) == ("regional_pre_se", "해양수산부")
    assert types[DANGJIN_BN[5]].type.code == "village_enterprise"


def test_without_the_officers_district_road_only_rows_are_refused_with_row_and_column(country):
    plan = run(DANGJIN)
    assert not plan.written
    refused = {(e.row, e.column) for e in plan.rejected}
    # the header is the file's 4th row: 반촌로 5 and 반촌로 88 are rows 7 and 9
    assert refused == {(7, "address"), (9, "address")}
    assert all("시군구를 찾을 수 없습니다" in e.error for e in plan.rejected)
    assert not Organisation.objects.exists()


def test_same_organisation_on_two_lists_is_merged(country):
    assert run(DANGJIN, district="44270").written
    plan = run(VILLAGES, designation="village_enterprise")
    report = plan.report()
    assert plan.written, report
    # 반촌나눔 gains a designation (merged); 반촌마을두레 was a 마을기업 already (same designation, seen again)
    assert (report["rows"], report["created"], report["merged"], report["updated"] + report["unchanged"]) == (5, 3, 1, 1)
    shared = Organisation.objects.get(business_no=SHARED_BN)  # by business number
    assert sorted(shared.designations.values_list("type__code", flat=True)) == ["certified_se", "village_enterprise"]
    # 반촌마을두레 has no number on the 시도's list: same name (spaces aside) in the same 시군구
    village = Organisation.objects.get(business_no=DANGJIN_BN[5])
    assert village.designations.count() == 1 and village.designations.get().last_seen == AS_OF
    assert Organisation.objects.filter(name__contains="반촌마을").count() == 1
    # the other 시군 of the 시도's list are placed by the 시군 column
    assert Organisation.objects.get(name="해미읍성마을").district.code == "44210"
    assert Organisation.objects.get(name="공산성 마을협동조합").district.code == "44150"
    assert Organisation.objects.count() == 7 + 3


def test_ambiguous_sigungu_and_unknown_authority_are_refused_in_korean(country, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["지역형 예비사회적기업 지정 현황"])
    sheet.append(["기업명", "소재지", "지정일", "지정기관"])
    sheet.append(["한빛공방", "중구 세종대로 110", "2023-01-01", "서울특별시"])
    sheet.append(["두레상회", "부산 중구 중앙대로 1", "2023-01-01", "부산시청"])
    sheet.append(["누리카페", "대전 중구 대종로 1", "2023-01-01", "어딘가"])
    path = tmp_path / "예비.xlsx"
    workbook.save(path)
    plan = run(path, designation="regional_pre_se")
    errors = {(e.row, e.column): e.error for e in plan.rejected}
    assert set(errors) == {(3, "address"), (5, "authority")}
    assert "여러 시도에 있습니다" in errors[(3, "address")] and "시도를 함께 적어 주세요" in errors[(3, "address")]
    assert "지정기관을 알 수 없습니다" in errors[(5, "authority")]
    assert not plan.written and not Organisation.objects.exists()


def test_an_unknown_officer_district_is_refused(country):
    with pytest.raises(ImportFileError, match="알 수 없는 시군구 코드"):
        run(DANGJIN, district="99999")


def test_seoul_registry_is_unchanged_by_other_sido_in_the_gazetteer(reference, tmp_path):
    """Without the country's geography the registry stays Seoul's: 충남 addresses are outside the region."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["기업명", "소재지"])
    sheet.append(["성북상회", "서울 성북구 종암로 1"])
    sheet.append(["당진상회", "충남 당진시 반촌로 1"])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    assert run(path, designation="certified_se").written
    assert Organisation.objects.get(name="성북상회").district.code == "11290"
    outside = Organisation.objects.get(name="당진상회")
    assert (outside.district, outside.location, outside.outside_area) == (None, "outside", "충청남도")


def test_export_then_import_keeps_the_sido_and_who_designated(country, tmp_path):
    from bombaram.registry.exporter import export_organisations

    assert run(DANGJIN, district="44270").written
    path = tmp_path / "전체.csv"
    assert export_organisations(path) == 7
    text = path.read_text(encoding="utf-8-sig")
    assert "충청남도 당진시" in text and "농림축산식품부" in text
    Designation.objects.all().delete()
    Organisation.objects.all().delete()
    plan = import_organisations(source=path, filename=path.name, designation=None, as_of=AS_OF)
    assert plan.written and plan.report()["created"] == 7, plan.report()
    again = Designation.objects.select_related("designating_region")
    assert {(d.organisation.business_no, d.designating_ministry, d.designating_region and d.designating_region.code)
            for d in again if d.type.code == "regional_pre_se"} == {
        (DANGJIN_BN[2], "", "44"), (DANGJIN_BN[3], "농림축산식품부", None), (DANGJIN_BN[4], "해양수산부", None)}
    assert {o.district.code for o in Organisation.objects.all()} == {"44270"}


def test_a_seoul_districts_own_list_places_road_only_rows_in_that_district(reference, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["성북구 사회적기업 현황"])
    sheet.append(["기업명", "소재지"])
    sheet.append(["종암나눔", "종암로 25"])
    sheet.append(["마포상회", "서울 마포구 월드컵로 1"])
    path = tmp_path / "성북.xlsx"
    workbook.save(path)
    assert run(path, designation="certified_se", district="11290").written
    assert Organisation.objects.get(name="종암나눔").district.code == "11290"
    assert Organisation.objects.get(name="마포상회").district.code == "11440"
    assert not Region.objects.exclude(code="11").exists()  # still a Seoul registry
