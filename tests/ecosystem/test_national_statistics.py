"""The country's geography in the registry, the national generator, and statistics by 시도 and 시군구."""

from __future__ import annotations

import datetime as dt

import pytest

from bombaram.core import national_statistics as ns
from bombaram.datagen.national_registry import (
    SOURCE,
    generate_national_registry,
    load_national_registry,
)
from bombaram.ecosystem.queries import compute, national_statistics
from bombaram.registry.models import Designation, DesignationType, District, Organisation, Region
from bombaram.registry.services import load_national_geography

D = dt.date


FOUNDED = dt.date(2015, 1, 1)


def _org(name: str, district: str, *designations, founded=FOUNDED) -> Organisation:
    org = Organisation.objects.create(name=name, name_key=name, district=District.objects.get(code=district),
                                      location="in_region", founded=founded)
    for code, granted, ended, region, ministry in designations:
        Designation.objects.create(
            organisation=org, type=DesignationType.objects.get(code=code), granted=granted, ended=ended,
            designating_region=Region.objects.get(code=region) if region else None, designating_ministry=ministry)
    return org


@pytest.fixture
def national(reference):
    load_national_geography()


def test_national_geography_keeps_seoul_as_it_was(reference):
    before = list(District.objects.filter(region__code="11").order_by("order").values_list("code", "name_ko", "name_en"))
    counts = load_national_geography()
    after = list(District.objects.filter(region__code="11").order_by("order").values_list("code", "name_ko", "name_en"))
    assert after == before and len(after) == 25
    assert counts == {"regions": 25, "districts": 477}
    assert load_national_geography() == counts  # idempotent
    gangwon = Region.objects.get(code="42")
    assert gangwon.name_ko == "강원도" and gangwon.valid_to == D(2023, 6, 11)
    assert District.objects.get(code="41111").parent_code == "41110"


def test_country_view_counts_by_sido_with_regional_and_ministry_designations(national):
    day = D(2024, 6, 1)
    _org("가", "44270", ("regional_pre_se", D(2023, 1, 1), None, "44", ""))          # 충남형: 지역형
    _org("나", "44270", ("regional_pre_se", D(2023, 1, 1), None, "", "농림축산식품부"))  # 부처형
    _org("다", "11290", ("seoul_pre_se", D(2023, 1, 1), None, "11", ""))             # 서울형: 지역형
    _org("라", "11290", ("cooperative", D(2020, 1, 1), None, "", ""),
         ("certified_se", D(2022, 1, 1), None, "", ""))                                # counted once: 인증
    _org("마", "51110", ("village_enterprise", D(2020, 1, 1), None, "", ""))          # 강원특별자치도 춘천시
    _org("바", "42110", ("self_sufficiency", D(2020, 1, 1), None, "", ""))            # 강원도 춘천시 (old code)
    _org("사", "44270", ("cooperative", D(2020, 1, 1), D(2024, 1, 1), "", ""))       # ended before the day
    _org("아", "44270", ("regional_pre_se", D(2023, 1, 1), None, "", ""))            # authority not given

    stats = national_statistics(day)
    assert [k for k, _ in stats.rows][:3] == ["11", "26", "27"] and len(stats.rows) == 17
    chungnam, seoul, gangwon = stats.table["44"], stats.table["11"], stats.table["51"]
    assert (chungnam["regional_pre_se"], chungnam["ministry_pre_se"], chungnam["unspecified_pre_se"]) == (1, 1, 1)
    assert chungnam["social_enterprise_total"] == 3 and chungnam["cooperative"] == 0 and chungnam["total"] == 3
    assert seoul["regional_pre_se"] == 1 and seoul["certified_se"] == 1 and seoul["cooperative"] == 0
    assert seoul["total"] == 2
    assert gangwon["village_enterprise"] == 1 and gangwon["self_sufficiency"] == 1 and "42" not in stats.table
    assert stats.total["total"] == 3 + 2 + 2

    by_designation = national_statistics(day, mode="designation")
    assert by_designation.table["11"]["cooperative"] == 1 and by_designation.table["11"]["total"] == 3

    # the same 시도 by 시군구: 당진시 only; 일반구 of a 시 are counted in the 시
    chungnam_view = national_statistics(day, sido="충남")
    assert chungnam_view.sido == "44" and chungnam_view.sido_name == "충청남도"
    assert chungnam_view.table["44270"]["total"] == 3
    assert chungnam_view.total["total"] == 3 and len(chungnam_view.rows) == 15  # 8 시 + 7 군


def test_seoul_statistics_unchanged_when_other_sido_hold_organisations(national):
    day = D(2024, 6, 1)
    _org("서울조합", "11290", ("cooperative", D(2020, 1, 1), None, "", ""))
    before = compute(day)
    _org("부산조합", "26110", ("cooperative", D(2020, 1, 1), None, "", ""))  # 부산 중구, not Seoul's 중구
    after = compute(day)
    assert after.district_type["중구"] == before.district_type["중구"]
    assert after.district_type["성북구"]["cooperative"] == 1
    assert after.district_type["부산광역시"]["cooperative"] == 1  # outside Seoul, by its 시도


def test_generator_is_deterministic_and_spread_over_every_sido():
    first = generate_national_registry(seed=7, organisations=3000)
    again = generate_national_registry(seed=7, organisations=3000)
    other = generate_national_registry(seed=8, organisations=3000)
    assert first == again and first != other
    assert {o.sido_code for o in first} == set(ns_sidos())
    assert len({o.business_no for o in first}) == 3000
    kinds = [d.type for o in first for d in o.designations]
    assert 0.6 < kinds.count("cooperative") / 3000 < 0.8  # about 31,000 of 45,000
    ministries = [d for o in first for d in o.designations if d.designating_ministry]
    assert ministries and all(d.type == "regional_pre_se" and not d.designating_sido for d in ministries)
    seoul_pre = [d for o in first for d in o.designations if d.type == "seoul_pre_se"]
    assert seoul_pre and all(d.designating_sido == "11" for d in seoul_pre)
    # every designation starts on or before its end, also for organisations that closed early (seed 1 had one
    # closed before the day drawn for its designation, which the purchase rules then refused)
    for seed in (1, 7):
        for org in generate_national_registry(seed=seed, organisations=45_000):
            assert all(d.ended is None or d.granted <= d.ended for d in org.designations), org


def ns_sidos():
    from bombaram.core.regions import load_gazetteer

    return [s.code for s in load_gazetteer().sidos()]


def test_loaded_national_registry_counts_match_the_generated_rows(reference):
    counts = load_national_registry(seed=3, organisations=2000)
    assert counts["organisations"] == 2000 == Organisation.objects.filter(illustrative=True).count()
    assert load_national_registry(seed=3, organisations=2000)["organisations"] == 2000  # nothing written twice
    assert Designation.objects.filter(source=SOURCE).count() == counts["designations"]
    day = D(2025, 12, 31)
    generated = generate_national_registry(seed=3, organisations=2000)
    # hand count from the generated rows: organisations existing on the day with a designation valid on it
    expected = sum(1 for o in generated if (o.closed is None or o.closed > day) and any(
        d.granted <= day and (d.ended is None or d.ended > day) for d in o.designations))
    stats = national_statistics(day)
    assert stats.total["total"] == expected
    seoul_expected = sum(1 for o in generated if o.sido_code == "11" and (o.closed is None or o.closed > day) and any(
        d.granted <= day and (d.ended is None or d.ended > day) for d in o.designations))
    assert stats.table["11"]["total"] == seoul_expected
    assert national_statistics(day, sido="경기도").total["total"] == stats.table["41"]["total"]
    # the database's grouping gives the same table as counting every generated row in Python
    existing = [o for o in generated if o.closed is None or o.closed > day]
    org_rows = [ns.NationalOrgRow(i, o.sigungu_code) for i, o in enumerate(existing)]
    designation_rows = [
        ns.NationalDesignationRow(i, d.type, d.designating_sido, d.designating_ministry)
        for i, o in enumerate(existing) for d in o.designations if d.granted <= day and (d.ended is None or d.ended > day)]
    precedence = dict(DesignationType.objects.values_list("code", "precedence"))
    for mode in ("organisation", "designation"):
        expected_table = ns.area_table(org_rows, designation_rows, area_of=lambda code: code[:2],
                                       areas=[k for k, _ in stats.rows], precedence=precedence, mode=mode)
        assert national_statistics(day, mode=mode).table == expected_table


def test_area_table_refuses_an_unknown_mode():
    with pytest.raises(ValueError):
        ns.area_table([], [], area_of=lambda c: c, areas=[], precedence={}, mode="x")


def test_country_page_lists_every_sido_and_opens_one_by_sigungu(client, national):
    _org("가", "44270", ("regional_pre_se", D(2023, 1, 1), None, "44", ""))
    _org("나", "44270", ("regional_pre_se", D(2023, 1, 1), None, "", "환경부"))
    response = client.get("/statistics/national/", {"as_of": "2024-06-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "전국·시도별 현황" in html and "충청남도" in html and "제주특별자치도" in html
    assert html.index("경기도") < html.index("강원특별자치도") < html.index("충청북도")  # the usual order
    assert "sido=44" in html and "지역형 예비" in html and "부처형 예비" in html
    one = client.get("/statistics/national/", {"as_of": "2024-06-01", "sido": "충남"}).content.decode()
    assert "당진시" in one and "서산시" in one and "강남구" not in one
    unknown = client.get("/statistics/national/", {"sido": "없는도"}).content.decode()
    assert "‘없는도’(이)라는 시도가 없어 전국 현황을 보여 줍니다." in unknown and "제주특별자치도" in unknown
