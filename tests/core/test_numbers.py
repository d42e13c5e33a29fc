from decimal import Decimal

import pytest

from bombaram.core.numbers import (
    ParseError,
    format_thousands,
    format_won_korean,
    parse_amount,
    parse_decimal,
    parse_integer,
    unit_multiplier,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000", 1_000),
        (" 1,234 ", 1_234),
        ("1234.0", 1_234),
        ("-5", -5),
        ("+5", 5),
        ("−5", -5),  # U+2212 minus sign
        ("△1,000", -1_000),  # financial statements mark negatives with △
        ("▲1,000", -1_000),
        ("１，２３４", 1_234),  # fullwidth digits and comma
        ("0", 0),
        ("1,234,567", 1_234_567),
        ("100원", 100),
        ("1,000 원", 1_000),
        ("₩1,000", 1_000),
        # 1억 = 100,000,000; 868만 = 8,680,000 → 108,680,000
        ("1억 868만원", 108_680_000),
        # 193 × 10⁸ = 19,300,000,000; 8,319 × 10⁴ = 83,190,000 → 19,383,190,000
        ("193억 8,319만원", 19_383_190_000),
        ("193억8319만원", 19_383_190_000),
        ("2억", 200_000_000),  # 2 × 10⁸
        ("2,300만원", 23_000_000),  # 2,300 × 10⁴
        ("5천만원", 50_000_000),  # 5 × 10³ × 10⁴
        ("천만원", 10_000_000),  # bare 천 = 1 × 10³, × 10⁴
        ("3천5백만원", 35_000_000),  # (3,000 + 500) × 10⁴
        ("3천500만원", 35_000_000),  # (3,000 + 500) × 10⁴
        ("1억 천만원", 110_000_000),  # 10⁸ + 1,000 × 10⁴
        ("1조 2억", 1_000_200_000_000),  # 10¹² + 2 × 10⁸
        ("1.5억", 150_000_000),  # 1.5 × 10⁸
        ("만원", 10_000),  # a bare unit at the start means one of it
        ("1억 868만 5,000원", 108_685_000),  # 108,680,000 + 5,000
        ("-2억", -200_000_000),
        ("12,000억원", 1_200_000_000_000),  # the first group may be ≥ 10,000
    ],
)
def test_parse_amount_in_won(text: str, expected: int) -> None:
    result = parse_amount(text)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1,234", "천원", 1_234_000),  # 1,234 × 1,000
        ("1,234", "매출액(천원)", 1_234_000),
        ("12", "금액 (단위: 백만원)", 12_000_000),  # 12 × 10⁶
        ("1.5", "천원", 1_500),  # 1.5 × 1,000
        ("3", "억원", 300_000_000),
        ("100원", "천원", 100),  # the cell states its own unit
        ("2억", "천원", 200_000_000),  # likewise
        (1_234, "천원", 1_234_000),
        (1_234.0, "천원", 1_234_000),
        (Decimal("1234"), "만원", 12_340_000),
        ("1,234", 1_000, 1_234_000),  # the multiplier itself
        ("△500", "천원", -500_000),
    ],
)
def test_parse_amount_with_unit(value: object, unit: str | int, expected: int) -> None:
    assert parse_amount(value, unit) == expected


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_parse_amount_empty_is_none(empty: object) -> None:
    assert parse_amount(empty) is None


@pytest.mark.parametrize(
    "bad",
    [
        "12a",
        "(1,000)",  # parenthesised negatives are rejected
        "1,00",  # misplaced thousands separator
        "1,2345",
        "1.2.3",
        "원",
        "-",
        "1억 2억",  # the same unit twice
        "1만 2억",  # units out of order
        "1억 12,000만",  # a lower group must be below 10,000
        "1억만",  # a bare unit after the first group
        "5백3천만원",  # 백 before 천
        "3천5000만원",  # ones after 천 must be below 1,000
        "1억a",
        "0.5",  # half a won
        "1 000",
        float("inf"),
        0.1,
        True,
        [1],
    ],
)
def test_parse_amount_rejects(bad: object) -> None:
    with pytest.raises(ParseError):
        parse_amount(bad)


def test_parse_error_message_is_korean_and_quotes_the_input() -> None:
    with pytest.raises(ValueError, match="숫자로 읽을 수 없습니다: '12a'"):
        parse_amount("12a")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("원", 1),
        ("천원", 1_000),
        ("만원", 10_000),
        ("백만원", 1_000_000),
        ("억원", 100_000_000),
        ("백만 원", 1_000_000),
        ("매출액(천원)", 1_000),
        ("매출액 (단위: 백만원)", 1_000_000),
        ("(단위 : 천원)", 1_000),
        ("원가(천원)", 1_000),  # 원 in 원가 is not a unit
        ("금액(원)", 1),
        ("금액（천원）", 1_000),  # fullwidth brackets
    ],
)
def test_unit_multiplier(header: str, expected: int) -> None:
    assert unit_multiplier(header) == expected


@pytest.mark.parametrize("header", ["직원수", "매출액", "USD", ""])
def test_unit_multiplier_without_unit_uses_default_or_raises(header: str) -> None:
    assert unit_multiplier(header, default=1) == 1
    with pytest.raises(ParseError):
        unit_multiplier(header)


def test_unit_multiplier_rejects_two_units() -> None:
    with pytest.raises(ParseError):
        unit_multiplier("매출(천원) 자본(백만원)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", Decimal("1234")),
        (" 12.50 ", Decimal("12.50")),
        ("-0.5", Decimal("-0.5")),
        (1.25, Decimal("1.25")),
        (7, Decimal(7)),
        ("", None),
        (None, None),
    ],
)
def test_parse_decimal(text: object, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("bad", ["1.2.3", "1,0", "12a", "1만", float("nan")])
def test_parse_decimal_rejects(bad: object) -> None:
    with pytest.raises(ParseError):
        parse_decimal(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234", 1_234), ("1234.0", 1_234), (12.0, 12), ("-5", -5), ("  ", None)],
)
def test_parse_integer(text: object, expected: int | None) -> None:
    assert parse_integer(text) == expected


def test_parse_integer_rejects_fraction() -> None:
    with pytest.raises(ParseError, match="정수가 아닙니다"):
        parse_integer("1.5")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (19_383_190_000, "193억 8,319만원"),  # 193 × 10⁸ + 8,319 × 10⁴
        (108_680_000, "1억 868만원"),  # 1 × 10⁸ + 868 × 10⁴
        (200_000_000, "2억원"),
        (23_000_000, "2,300만원"),
        (1_000_200_000_000, "1조 2억원"),  # 10¹² + 2 × 10⁸
        (12_345, "1만 2,345원"),  # 1 × 10⁴ + 2,345
        (100, "100원"),
        (0, "0원"),
        (-108_680_000, "-1억 868만원"),
        (1_000_000_000_005, "1조 5원"),  # empty 억 and 만 groups are left out
        # 123,456 × 10¹² + 7,890 × 10⁸ + 1,234 × 10⁴ + 5,678: 조 groups keep their commas
        (123_456_789_012_345_678, "123,456조 7,890억 1,234만 5,678원"),
    ],
)
def test_format_won_korean(amount: int, expected: str) -> None:
    assert format_won_korean(amount) == expected


@pytest.mark.parametrize(
    "amount", [0, 1, 9_999, 10_000, 108_680_000, 19_383_190_000, 10**12, -5_000_000]
)
def test_format_won_korean_reads_back(amount: int) -> None:
    assert parse_amount(format_won_korean(amount)) == amount


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1_234, "1,234"), (0, "0"), (-5, "-5"), (1_234_567, "1,234,567"), (999, "999")],
)
def test_format_thousands(n: int, expected: str) -> None:
    assert format_thousands(n) == expected


@pytest.mark.parametrize("bad", [1.5, "1234", True])
def test_formatters_need_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_thousands(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_won_korean(bad)  # type: ignore[arg-type]
