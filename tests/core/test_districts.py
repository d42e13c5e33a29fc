from pathlib import Path

import pytest

from bombaram.core.districts import (
    SIDO_NAMES,
    District,
    DistrictIndex,
    ParseError,
    ResolutionStatus,
    districts_from_records,
    load_districts_csv,
)

FOUND = ResolutionStatus.FOUND
OUTSIDE = ResolutionStatus.OUTSIDE
UNKNOWN = ResolutionStatus.UNKNOWN

# The 25 rows of reference/korea/seoul_districts.csv (sig_cd, name_ko, name_en), copied so the
# tests do not read shared files at run time.
SEOUL_ROWS = [
    ("11110", "종로구", "Jongno-gu"),
    ("11140", "중구", "Jung-gu"),
    ("11170", "용산구", "Yongsan-gu"),
    ("11200", "성동구", "Seongdong-gu"),
    ("11215", "광진구", "Gwangjin-gu"),
    ("11230", "동대문구", "Dongdaemun-gu"),
    ("11260", "중랑구", "Jungnang-gu"),
    ("11290", "성북구", "Seongbuk-gu"),
    ("11305", "강북구", "Gangbuk-gu"),
    ("11320", "도봉구", "Dobong-gu"),
    ("11350", "노원구", "Nowon-gu"),
    ("11380", "은평구", "Eunpyeong-gu"),
    ("11410", "서대문구", "Seodaemun-gu"),
    ("11440", "마포구", "Mapo-gu"),
    ("11470", "양천구", "Yangcheon-gu"),
    ("11500", "강서구", "Gangseo-gu"),
    ("11530", "구로구", "Guro-gu"),
    ("11545", "금천구", "Geumcheon-gu"),
    ("11560", "영등포구", "Yeongdeungpo-gu"),
    ("11590", "동작구", "Dongjak-gu"),
    ("11620", "관악구", "Gwanak-gu"),
    ("11650", "서초구", "Seocho-gu"),
    ("11680", "강남구", "Gangnam-gu"),
    ("11710", "송파구", "Songpa-gu"),
    ("11740", "강동구", "Gangdong-gu"),
]


@pytest.fixture(scope="module")
def seoul() -> DistrictIndex:
    return DistrictIndex(
        [District(code, ko, en) for code, ko, en in SEOUL_ROWS], "서울특별시", ("서울시", "서울")
    )


@pytest.fixture(scope="module")
def gyeonggi() -> DistrictIndex:
    """A few of 경기도's 시군구: a two-word name and 광주시, which shares a name with 광주광역시."""
    rows = [
        District("41111", "수원시 장안구", "Suwon-si Jangan-gu"),
        District("41210", "광명시", "Gwangmyeong-si"),
        District("41610", "광주시", "Gwangju-si"),
        District("41830", "양평군", "Yangpyeong-gun"),
    ]
    return DistrictIndex(rows, "경기도")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("성북구", "11290"),
        ("성북", "11290"),
        (" 성북구 ", "11290"),
        ("Seongbuk-gu", "11290"),
        ("seongbuk", "11290"),
        ("SEONGBUK GU", "11290"),
        ("11290", "11290"),
        ("1129010100", "11290"),  # 법정동 code: its first five digits
        ("서울특별시 성북구 종암로25길 29", "11290"),
        ("서울 성북구 종암로25길 29", "11290"),
        ("서울시 성북구", "11290"),
        ("서울특별시성북구 종암로", "11290"),  # 시도 glued to the district
        ("03993 서울특별시 마포구 동교로27길 3-10", "11440"),  # postcode first
        ("(03993) 서울특별시 마포구 동교로27길 3-10", "11440"),
        ("[03993] 서울 마포구", "11440"),
        ("136-701 서울 성북구 종암로", "11290"),  # old six-digit postcode
        ("서울특별시, 마포구, 동교로", "11440"),
        ("성북구 종암로25길 29", "11290"),  # no 시도: read in the region
        ("중구", "11140"),  # bare 중구 is the region's
        ("서울특별시 중구 세종대로 110", "11140"),
        ("강서구", "11500"),
        ("동대문구", "11230"),
        ("동대문", "11230"),
        ("29, Jongam-ro 25-gil, Seongbuk-gu, Seoul", "11290"),
        ("Jung-gu, Seoul", "11140"),
        ("서울특별시 성북구", "11290"),
    ],
)
def test_resolve_found(seoul: DistrictIndex, text: str, code: str) -> None:
    result = seoul.resolve(text)
    assert result.status is FOUND
    assert result.code == code
    assert result.region_found == "서울특별시"
    assert result.text == text
    assert result.message is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("경기도 광명시 철산동 123", "경기도"),
        ("경기 광명시 철산동", "경기도"),
        ("부산광역시 중구 중앙대로 100", "부산광역시"),  # not Seoul's 중구
        ("부산 중구", "부산광역시"),
        ("부산광역시 강서구", "부산광역시"),  # not Seoul's 강서구
        ("부산광역시중구 중앙대로", "부산광역시"),
        ("대구 중구", "대구광역시"),
        ("인천광역시 중구", "인천광역시"),
        ("광주 북구", "광주광역시"),
        ("세종특별자치시 한누리대로 2130", "세종특별자치시"),
        ("강원도 춘천시", "강원특별자치도"),  # name before 2023
        ("전라북도 전주시", "전북특별자치도"),  # name before 2024
        ("전북특별자치도 전주시", "전북특별자치도"),
        ("충북 청주시", "충청북도"),
        ("제주 제주시", "제주특별자치도"),
        ("48058 부산광역시 해운대구", "부산광역시"),
        ("Jung-gu, Busan", "부산광역시"),
        ("부산광역시", "부산광역시"),
    ],
)
def test_resolve_outside(seoul: DistrictIndex, text: str, region: str) -> None:
    result = seoul.resolve(text)
    assert result.status is OUTSIDE
    assert result.district is None
    assert result.code is None
    assert result.region_found == region
    assert result.text == text
    assert result.message is not None and "서울특별시 밖의 주소" in result.message


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("수원시 장안구", None),  # a district of somewhere else, no 시도 named
        ("종암로25길 29", None),
        ("03993", None),  # a postcode alone
        ("99999", None),
        ("11999", None),
        ("서울특별시", "서울특별시"),  # the region but no district
        ("서울특별시 없는구 어딘가", "서울특별시"),
        ("Atlantis", None),
        ("중", None),  # one-letter short forms are not indexed
    ],
)
def test_resolve_unknown(seoul: DistrictIndex, text: str, region: str | None) -> None:
    result = seoul.resolve(text)
    assert result.status is UNKNOWN
    assert result.district is None
    assert result.region_found == region
    assert result.message == f"서울특별시의 시군구를 찾을 수 없습니다: '{text}'"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_resolve_empty(seoul: DistrictIndex, empty: str | None) -> None:
    result = seoul.resolve(empty)
    assert result.status is UNKNOWN
    assert result.message == "주소가 비어 있습니다."


@pytest.mark.parametrize(
    ("text", "status", "code"),
    [
        ("경기도 수원시 장안구 정조로 1", FOUND, "41111"),  # two-word district name
        ("수원시 장안구", FOUND, "41111"),
        ("장안구", FOUND, "41111"),
        ("광주시 오포읍", FOUND, "41610"),  # 경기도 광주시, not 광주광역시
        ("경기 광주시 오포읍", FOUND, "41610"),
        ("광주광역시 북구", OUTSIDE, None),
        ("광주 북구", OUTSIDE, None),
        ("서울 성북구", OUTSIDE, None),
        ("Yangpyeong-gun", FOUND, "41830"),
        ("yangpyeong", FOUND, "41830"),
        ("양평", FOUND, "41830"),
        ("성북구", UNKNOWN, None),
    ],
)
def test_resolve_in_another_region(
    gyeonggi: DistrictIndex, text: str, status: ResolutionStatus, code: str | None
) -> None:
    result = gyeonggi.resolve(text)
    assert result.status is status
    assert result.code == code


def test_index_lists_its_districts(seoul: DistrictIndex) -> None:
    assert len(seoul) == 25
    assert seoul.get("11290") == District("11290", "성북구", "Seongbuk-gu")
    assert seoul.get("26110") is None
    assert [d.code for d in seoul.districts][:2] == ["11110", "11140"]


def test_shared_short_form_is_not_guessed() -> None:
    # Both would answer to "동": a key two districts share is dropped, not given to either.
    index = DistrictIndex(
        [District("90001", "가동구", "Ga-gu"), District("90002", "가동군", "Ga-gun")], "가나도"
    )
    assert index.resolve("가동").status is UNKNOWN
    assert index.resolve("ga").status is UNKNOWN
    assert index.resolve("가동구").code == "90001"
    assert index.resolve("가동군").code == "90002"


def test_duplicate_codes_are_rejected() -> None:
    with pytest.raises(ParseError, match="중복"):
        DistrictIndex([District("11110", "종로구"), District("11110", "중구")], "서울특별시")


def test_sido_names_cover_the_seventeen_regions() -> None:
    assert len(SIDO_NAMES) == 17
    assert ("서울특별시", ("서울시", "서울", "Seoul")) in SIDO_NAMES


def test_load_districts_csv_ignores_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "districts.csv"
    path.write_text(
        "sig_cd,name_ko,name_en,bjd_cd_10\n"
        "11110,종로구,Jongno-gu,1111000000\n"
        "11140, 중구 ,Jung-gu,1114000000\n",
        encoding="utf-8-sig",
    )
    assert load_districts_csv(path) == [
        District("11110", "종로구", "Jongno-gu"),
        District("11140", "중구", "Jung-gu"),
    ]


def test_load_districts_csv_reads_cp949(tmp_path: Path) -> None:
    path = tmp_path / "districts.csv"
    path.write_bytes("name_en,sig_cd,name_ko\nSeongbuk-gu,11290,성북구\n".encode("cp949"))
    assert load_districts_csv(str(path)) == [District("11290", "성북구", "Seongbuk-gu")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sig_cd,name_ko\n11110,종로구\n", "열이 없습니다: name_en"),
        ("sig_cd,name_ko,name_en\n1111,종로구,Jongno-gu\n", "2번째 줄"),
        ("sig_cd,name_ko,name_en\n11110,종로구,Jongno-gu\n1114O,중구,Jung-gu\n", "3번째 줄"),
        ("sig_cd,name_ko,name_en\n11110,,Jongno-gu\n", "이름"),
    ],
)
def test_load_districts_csv_rejects(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "districts.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        load_districts_csv(path)


def test_districts_from_records() -> None:
    records = [{"sig_cd": "11290", "name_ko": "성북구", "name_en": "Seongbuk-gu", "extra": "x"}]
    assert districts_from_records(records) == [District("11290", "성북구", "Seongbuk-gu")]
