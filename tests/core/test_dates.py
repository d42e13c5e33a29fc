import datetime as dt
from decimal import Decimal

import pytest

from bombaram.core.dates import (
    DatePrecision,
    ParsedDate,
    ParseError,
    excel_serial_to_date,
    expand_two_digit_year,
    parse_date,
)

DAY = DatePrecision.DAY
MONTH = DatePrecision.MONTH
YEAR = DatePrecision.YEAR


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2013-12-08", dt.date(2013, 12, 8), DAY),
        ("2013.12.8", dt.date(2013, 12, 8), DAY),
        ("2013.12.08.", dt.date(2013, 12, 8), DAY),
        ("2013. 12. 8.", dt.date(2013, 12, 8), DAY),
        ("2013/12/8", dt.date(2013, 12, 8), DAY),
        ("20131208", dt.date(2013, 12, 8), DAY),
        ("2013년 12월 8일", dt.date(2013, 12, 8), DAY),
        ("2013년12월08일", dt.date(2013, 12, 8), DAY),
        ("2013년 12월 8일 (일)", dt.date(2013, 12, 8), DAY),  # weekday dropped
        ("2013.12.08(일)", dt.date(2013, 12, 8), DAY),
        ("2013년 12월 8일 일요일", dt.date(2013, 12, 8), DAY),
        ("2013-12-08 00:00:00", dt.date(2013, 12, 8), DAY),  # time dropped
        ("2013-12-08T10:30:00+09:00", dt.date(2013, 12, 8), DAY),
        ("  2013-12-08  ", dt.date(2013, 12, 8), DAY),
        ("２０１３－１２－０８", dt.date(2013, 12, 8), DAY),  # fullwidth
        ("13.12.08", dt.date(2013, 12, 8), DAY),  # two-digit year: 13 < 70 → 2013
        ("99.1.2", dt.date(1999, 1, 2), DAY),  # 99 ≥ 70 → 1999
        ("13년 12월", dt.date(2013, 12, 1), MONTH),
        ("2013년 12월", dt.date(2013, 12, 1), MONTH),
        ("2013-12", dt.date(2013, 12, 1), MONTH),
        ("2013.12", dt.date(2013, 12, 1), MONTH),
        ("2013. 12.", dt.date(2013, 12, 1), MONTH),
        ("201312", dt.date(2013, 12, 1), MONTH),  # six digits are YYYYMM
        ("2013년", dt.date(2013, 1, 1), YEAR),
        ("13년", dt.date(2013, 1, 1), YEAR),
        ("2013", dt.date(2013, 1, 1), YEAR),
        ("2024-02-29", dt.date(2024, 2, 29), DAY),  # leap year
    ],
)
def test_parse_date_text(value: str, expected: dt.date, precision: DatePrecision) -> None:
    assert parse_date(value) == ParsedDate(expected, precision)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 1900 system, serial ≥ 61: 1899-12-30 + 41,616 days = 2013-12-08
        (41616, dt.date(2013, 12, 8)),
        (41616.75, dt.date(2013, 12, 8)),  # 18:00 on the same day; time dropped
        (Decimal("41616"), dt.date(2013, 12, 8)),
        ("41616", dt.date(2013, 12, 8)),  # serial written as text
        ("41616.0", dt.date(2013, 12, 8)),
        (dt.date(2013, 12, 8), dt.date(2013, 12, 8)),
        (dt.datetime(2013, 12, 8, 23, 59), dt.date(2013, 12, 8)),
    ],
)
def test_parse_date_serials_and_objects(value: object, expected: dt.date) -> None:
    assert parse_date(value) == ParsedDate(expected, DAY)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),  # 1899-12-31 + 1
        (59, dt.date(1900, 2, 28)),  # 1899-12-31 + 59
        (61, dt.date(1900, 3, 1)),  # 1899-12-30 + 61
        (25569, dt.date(1970, 1, 1)),  # the Unix epoch: 1899-12-30 + 25,569
        (41616, dt.date(2013, 12, 8)),
        (2958465, dt.date(9999, 12, 31)),
    ],
)
def test_excel_serial_1900(serial: int, expected: dt.date) -> None:
    assert excel_serial_to_date(serial) == expected


def test_excel_serial_1904() -> None:
    # 1904 system: 1904-01-01 + 40,154 days; 41,616 − 40,154 = 1,462, the gap between the systems
    assert excel_serial_to_date(40154, excel_1904=True) == dt.date(2013, 12, 8)
    assert parse_date(40154, excel_1904=True) == ParsedDate(dt.date(2013, 12, 8), DAY)


@pytest.mark.parametrize("serial", [0, -1, 60, 2958466, float("nan")])
def test_excel_serial_rejects(serial: float) -> None:
    # 60 would be 1900-02-29, which Excel invents for Lotus 1-2-3 compatibility
    with pytest.raises(ParseError):
        excel_serial_to_date(serial)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(0, 2000), (13, 2013), (69, 2069), (70, 1970), (99, 1999)],
)
def test_expand_two_digit_year(year: int, expected: int) -> None:
    assert expand_two_digit_year(year) == expected


def test_expand_two_digit_year_rejects_three_digits() -> None:
    with pytest.raises(ParseError):
        expand_two_digit_year(100)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_parse_date_empty_is_none(empty: object) -> None:
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2013-02-30", "존재하지 않는 날짜"),
        ("2013-13-01", "존재하지 않는 날짜"),
        ("2013-13", "존재하지 않는 날짜"),
        ("2023-02-29", "존재하지 않는 날짜"),  # 2023 is not a leap year
        ("20130230", "존재하지 않는 날짜"),
        ("2013년 2월 30일", "존재하지 않는 날짜"),
        ("0000-00-00", "존재하지 않는 날짜"),
        ("08/12/2013", "날짜로 읽을 수 없습니다"),  # year last: day or month first?
        ("2013-12/08", "날짜로 읽을 수 없습니다"),  # mixed separators
        ("abc", "날짜로 읽을 수 없습니다"),
        ("2013년 12월 8", "날짜로 읽을 수 없습니다"),
        ("1234567", "날짜로 읽을 수 없습니다"),
        (True, "날짜로 읽을 수 없습니다"),
    ],
)
def test_parse_date_rejects(value: object, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    ("parsed", "iso"),
    [
        (ParsedDate(dt.date(2013, 12, 8), DAY), "2013-12-08"),
        (ParsedDate(dt.date(2013, 12, 1), MONTH), "2013-12"),
        (ParsedDate(dt.date(2013, 1, 1), YEAR), "2013"),
    ],
)
def test_parsed_date_iso(parsed: ParsedDate, iso: str) -> None:
    assert parsed.iso == iso
