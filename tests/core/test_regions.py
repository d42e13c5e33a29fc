"""The country's 시도 and 시군구 over time, and addresses resolved anywhere (core.regions)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bombaram.core.regions import RegionStatus, load_gazetteer
from bombaram.registry.reference_data import reference_path

D = dt.date


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_seventeen_sido_today_and_sixteen_before_sejong(gazetteer):
    assert len(gazetteer.sidos()) == 17
    names = {s.name_ko for s in gazetteer.sidos()}
    assert {"강원특별자치도", "전북특별자치도", "세종특별자치시", "제주특별자치도"} <= names
    assert "강원도" not in names and "전라북도" not in names
    before = {s.name_ko for s in gazetteer.sidos(D(2012, 6, 30))}
    assert len(before) == 16 and "세종특별자치시" not in before and "강원도" in before
    assert {s.name_ko for s in gazetteer.sidos(D(1990, 1, 1))} >= {"부산직할시", "제주도"}


def test_every_seoul_district_matches_the_shipped_seoul_list(gazetteer):
    with reference_path("korea", "seoul_districts.csv").open(encoding="utf-8") as fh:
        seoul = {r["sig_cd"]: (r["name_ko"], r["name_en"]) for r in csv.DictReader(fh)}
    ours = {u.code: (u.name_ko, u.name_en) for u in gazetteer.sigungus(sido="서울")}
    assert ours == seoul


def test_local_governments_count_226_plus_sejong_and_jeju_cities(gazetteer):
    # 226 기초자치단체 (행정안전부, 2024), plus 세종특별자치시 (one tier) and 제주시·서귀포시 (행정시)
    assert len(gazetteer.sigungus(D(2024, 8, 1), general_gu=False)) == 226 + 1 + 2


@pytest.mark.parametrize(
    ("code", "before", "after", "changed_on"),
    [
        ("47720", "47720", "27720", D(2023, 7, 1)),  # 군위군: 경상북도 → 대구광역시
        ("42110", "42110", "51110", D(2023, 6, 11)),  # 춘천시: 강원도 → 강원특별자치도
        ("45111", "45111", "52111", D(2024, 1, 18)),  # 전주시 완산구: 전라북도 → 전북특별자치도
        ("49110", "49110", "50110", D(2006, 7, 1)),  # 제주시: 제주도 → 제주특별자치도
    ],
)
def test_codes_that_changed_have_a_successor_from_the_same_day(gazetteer, code, before, after, changed_on):
    assert gazetteer.current(code, changed_on - dt.timedelta(days=1)).code == before
    assert gazetteer.current(code, changed_on).code == after
    assert gazetteer.sigungu(code).valid_to == changed_on


def test_cheongju_absorbed_cheongwon_in_2014(gazetteer):
    cheongwon = gazetteer.sigungu("43710")
    assert cheongwon.name_ko == "청원군" and cheongwon.valid_to == D(2014, 7, 1)
    gu_2014 = {u.name_ko for u in gazetteer.sigungus(D(2014, 7, 1), sido="충북") if u.parent_code == "43110"}
    assert gu_2014 == {"청주시 상당구", "청주시 서원구", "청주시 흥덕구", "청주시 청원구"}
    result = gazetteer.resolve("충북 청원군 오창읍", on=D(2020, 1, 1))
    assert result.status is RegionStatus.UNKNOWN and "2014-07-01" in result.message


def test_bucheon_gu_abolished_2016_and_restored_2024(gazetteer):
    def bucheon_gu(day):
        return sorted(u.name_ko for u in gazetteer.sigungus(day, sido="41") if u.parent_code == "41190")

    assert bucheon_gu(D(2015, 1, 1)) == ["부천시 소사구", "부천시 오정구", "부천시 원미구"]
    assert bucheon_gu(D(2020, 1, 1)) == []
    assert bucheon_gu(D(2024, 1, 1)) == ["부천시 소사구", "부천시 오정구", "부천시 원미구"]
    assert gazetteer.resolve("경기도 부천시 원미구 길주로 1", on=D(2024, 6, 1)).code == "41192"
    assert gazetteer.resolve("경기도 부천시 원미구 길주로 1", on=D(2015, 6, 1)).code == "41195"
    assert gazetteer.resolve("경기도 부천시 원미구 길주로 1", on=D(2020, 6, 1)).code == "41190"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("당진시 반촌로 27-20", "44270"),
        ("충남 당진시 반촌로 27-20", "44270"),
        ("충청남도 당진시 반촌로 27-20", "44270"),
        ("충청남도당진시 반촌로 27-20", "44270"),
        ("(31750) 충남 당진시 반촌로 27-20", "44270"),
        ("충남 당진 반촌로 27-20", "44270"),
        ("서울 중구 세종대로 110", "11140"),
        ("부산 중구 중앙대로 120", "26110"),
        ("대구광역시 중구 공평로 88", "27110"),
        ("인천 동구 금곡로 67", "28140"),
        ("울산 남구 중앙로 201", "31140"),
        ("서울 강서구 화곡로 302", "11500"),
        ("부산 강서구 낙동북로 477", "26440"),
        ("강원도 고성군 간성읍 고성중앙길 9", "51820"),
        ("강원특별자치도 고성군 간성읍", "51820"),
        ("경남 고성군 고성읍 성내로 130", "48820"),
        ("전라북도 전주시 완산구 노송광장로 10", "52111"),
        ("전북특별자치도 전주시 덕진구", "52113"),
        ("전북 군산시 시청로 17", "52130"),
        ("세종시 한누리대로 2130", "36110"),
        ("세종특별자치시 한누리대로 2130", "36110"),
        ("경기도 수원시 장안구 정자로 1", "41111"),
        ("경기 광주시 행정타운로 50", "41610"),
        ("광주 북구 우치로 77", "29170"),
        ("제주 서귀포시 중앙로 105", "50130"),
        ("대구 군위군 군위읍 군청로 200", "27720"),
        ("경북 군위군 군위읍 군청로 200", "27720"),  # written before 2023-07-01: carried on in 대구
        ("성북구 종암로25길 29", "11290"),
        ("44270", "44270"),
        ("4427000000", "44270"),
    ],
)
def test_address_resolves_to_its_sigungu(gazetteer, text, code):
    result = gazetteer.resolve(text, on=D(2025, 1, 1))
    assert result.status is RegionStatus.FOUND, result.message
    assert result.code == code
    assert result.sido.code == code[:2]


@pytest.mark.parametrize(
    ("text", "sido_names"),
    [
        ("중구 세종대로 110", {"서울특별시", "부산광역시", "대구광역시", "인천광역시", "대전광역시", "울산광역시"}),
        ("동구 중앙대로 1", {"부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시"}),
        ("강서구 화곡로 302", {"서울특별시", "부산광역시"}),
        ("고성군 간성읍", {"강원특별자치도", "경상남도"}),
    ],
)
def test_same_named_sigungu_without_sido_is_reported_ambiguous(gazetteer, text, sido_names):
    result = gazetteer.resolve(text, on=D(2025, 1, 1))
    assert result.status is RegionStatus.AMBIGUOUS
    assert {gazetteer.sido(u.sido_code).name_ko for u in result.candidates} == sido_names
    assert "여러 시도에 있습니다" in result.message and "시도를 함께 적어 주세요" in result.message


def test_a_named_sido_or_district_settles_an_ambiguous_name(gazetteer):
    assert gazetteer.resolve("중구 세종대로 110", sido="서울").code == "11140"
    assert gazetteer.resolve("중구 중앙대로 120", sido="26").code == "26110"
    # the officer's district (서울 성북구) narrows to its 시도
    assert gazetteer.resolve("중구 세종대로 110", district="11290").code == "11140"


def test_a_district_list_with_only_the_road_is_placed_in_the_officers_district(gazetteer):
    result = gazetteer.resolve("반촌로 27-20", district="44270")
    assert result.status is RegionStatus.FOUND and result.code == "44270" and result.assumed
    assert "당진시" in result.message
    # without the officer's district it is a clear Korean refusal
    refused = gazetteer.resolve("반촌로 27-20")
    assert refused.status is RegionStatus.UNKNOWN and "시군구를 찾을 수 없습니다" in refused.message
    # an address that names its own 시군구 keeps it
    assert gazetteer.resolve("서산시 관아문길 1", district="44270").code == "44210"
    assert not gazetteer.resolve("서산시 관아문길 1", district="44270").assumed


def test_sido_lookup_accepts_every_usual_form(gazetteer):
    for name in ("충남", "충청남도", "44"):
        assert gazetteer.sido(name).name_ko == "충청남도"
    assert gazetteer.sido("전라북도").code == "52"
    assert gazetteer.sido("전라북도", on=D(2020, 1, 1)).code == "45"
    assert gazetteer.sido("강원", on=D(2025, 1, 1)).name_ko == "강원특별자치도"
    assert gazetteer.sido("없는도") is None


def test_listing_a_sido_follows_its_renaming(gazetteer):
    now = gazetteer.sigungus(sido="강원도")
    assert len(now) == 18 and all(u.sido_code == "51" for u in now)
    then = gazetteer.sigungus(D(2020, 1, 1), sido="강원특별자치도")
    assert len(then) == 18 and all(u.sido_code == "42" for u in then)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(alphabet="서울부산중구동구당진시충남 로길0123456789-(),", max_size=30)))
def test_any_input_gives_a_sigungu_or_a_korean_reason(text):
    result = load_gazetteer().resolve(text)
    if result.status is RegionStatus.FOUND:
        assert result.sigungu is not None and result.sido is not None
    else:
        assert result.sigungu is None
        assert result.message and any("가" <= ch <= "힣" for ch in result.message)
