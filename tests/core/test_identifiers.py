from decimal import Decimal

import pytest

from bombaram.core.identifiers import (
    BusinessNoKind,
    IdentifierResult,
    ParseError,
    business_no_check_digit,
    business_no_kind,
    corporate_no_check_digit,
    format_business_no,
    format_corporate_no,
    make_business_no,
    make_corporate_no,
    normalise_business_no,
    normalise_corporate_no,
)


@pytest.mark.parametrize(
    ("prefix9", "expected"),
    [
        # 1,2,4,8,1,0,0,9,9 × 1,3,7,1,3,7,1,3,5 = 1+6+28+8+3+0+0+27+45 = 118;
        # + floor(9×5/10) = 4 → 122; (10 − 2) mod 10 = 8
        ("124810099", 8),
        # 2,2,0,8,1,6,2,5,1 → 2+6+0+8+3+42+2+15+5 = 83; + floor(1×5/10) = 0 → 83; 10 − 3 = 7
        ("220816251", 7),
        # 0,1,2,3,4,5,6,7,8 → 0+3+14+3+12+35+6+21+40 = 134; + floor(40/10) = 4 → 138; 10 − 8 = 2
        ("012345678", 2),
        # all zero → s = 0 → (10 − 0) mod 10 = 0
        ("000000000", 0),
        # 1 at the front only → s = 1 → 10 − 1 = 9
        ("100000000", 9),
    ],
)
def test_business_no_check_digit(prefix9: str, expected: int) -> None:
    assert business_no_check_digit(prefix9) == expected


@pytest.mark.parametrize(
    ("prefix12", "expected"),
    [
        # 1,3,0,1,1,1,0,0,0,6,2,4 × 1,2,1,2,… = 1+6+0+2+1+2+0+0+0+12+2+8 = 34; 10 − 4 = 6
        ("130111000624", 6),
        # 1,1,0,1,1,1,0,… → 1+2+0+2+1+2 = 8; 10 − 8 = 2
        ("110111000000", 2),
        # 0,1,2,3,4,5,6,7,8,9,0,1 → 0+2+2+6+4+10+6+14+8+18+0+2 = 72; 10 − 2 = 8
        ("012345678901", 8),
        # products are summed as they are: 9×2 counts 18, not 1+8
        # 0,9,0,… → 18 → 10 − 8 = 2
        ("090000000000", 2),
    ],
)
def test_corporate_no_check_digit(prefix12: str, expected: int) -> None:
    assert corporate_no_check_digit(prefix12) == expected


@pytest.mark.parametrize("bad", ["12481009", "1248100999", "12481009a", "", "１２４８１００９９"])
def test_business_no_check_digit_needs_nine_ascii_digits(bad: str) -> None:
    with pytest.raises(ParseError):
        business_no_check_digit(bad)


@pytest.mark.parametrize(
    ("raw", "digits", "check_ok", "zero_padded"),
    [
        ("124-81-00998", "1248100998", True, False),
        ("1248100998", "1248100998", True, False),
        ("124 81 00998", "1248100998", True, False),
        ("  124-81-00998  ", "1248100998", True, False),
        ("124–81–00998", "1248100998", True, False),  # en dashes
        ("１２４－８１－００９９８", "1248100998", True, False),  # fullwidth
        ("1248100998.0", "1248100998", True, False),
        (1248100998.0, "1248100998", True, False),
        (1248100998, "1248100998", True, False),
        (Decimal("1248100998"), "1248100998", True, False),
        ("124-81-00997", "1248100997", False, False),  # check digit should be 8
        ("220-81-62517", "2208162517", True, False),
        (123456782, "0123456782", True, True),  # Excel dropped the 0 (check 2, see above)
        ("123456782", "0123456782", True, True),
        ("123456782.0", "0123456782", True, True),
    ],
)
def test_normalise_business_no(raw: object, digits: str, check_ok: bool, zero_padded: bool) -> None:
    result = normalise_business_no(raw)
    assert result is not None
    assert result.digits == digits
    assert result.check_ok is check_ok
    assert result.zero_padded is zero_padded
    assert result.masked is False
    assert result.formatted == f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


@pytest.mark.parametrize(
    ("raw", "digits", "formatted"),
    [
        ("124-81-***98", "12481***98", "124-81-***98"),
        ("124-81-*****", "12481*****", "124-81-*****"),
        ("124-81-xxxxx", "12481*****", "124-81-*****"),
        ("124-**-*****", "124*******", "124-**-*****"),
        ("12481●●●98", "12481***98", "124-81-***98"),
    ],
)
def test_normalise_business_no_masked(raw: str, digits: str, formatted: str) -> None:
    assert normalise_business_no(raw) == IdentifierResult(
        digits=digits, masked=True, check_ok=None, zero_padded=False, formatted=formatted
    )


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_normalise_business_no_empty_is_none(empty: object) -> None:
    assert normalise_business_no(empty) is None


@pytest.mark.parametrize(
    "bad",
    [
        "12a-81-00998",
        "124-81-0099",  # nine digits with separators: a digit is missing, not a lost 0
        "12345678901",  # eleven digits
        "12345678",  # eight digits
        "(주)1248100998",
        "1.248100998E+09",  # exponent form: digits may be lost
        -1248100998,
        1248100998.5,
        float("nan"),
        True,
        ["1248100998"],
        "124-81-***9",  # masked, one character short
    ],
)
def test_normalise_business_no_rejects(bad: object) -> None:
    with pytest.raises(ParseError):
        normalise_business_no(bad)


def test_parse_error_is_value_error_with_korean_message() -> None:
    with pytest.raises(ValueError, match="사업자등록번호"):
        normalise_business_no("12a-81-00998")


@pytest.mark.parametrize(
    ("raw", "digits", "check_ok", "masked", "zero_padded"),
    [
        ("130111-0006246", "1301110006246", True, False, False),
        ("1301110006246", "1301110006246", True, False, False),
        (1301110006246.0, "1301110006246", True, False, False),
        ("1301110006246.0", "1301110006246", True, False, False),
        ("130111 0006246", "1301110006246", True, False, False),
        ("130111-0006245", "1301110006245", False, False, False),  # check digit should be 6
        (123456789018, "0123456789018", True, False, True),  # see check digit table: 8
        ("110111-*******", "110111*******", None, True, False),
    ],
)
def test_normalise_corporate_no(
    raw: object, digits: str, check_ok: bool | None, masked: bool, zero_padded: bool
) -> None:
    result = normalise_corporate_no(raw)
    assert result is not None
    assert result.digits == digits
    assert result.check_ok is check_ok
    assert result.masked is masked
    assert result.zero_padded is zero_padded
    assert result.formatted == f"{digits[:6]}-{digits[6:]}"


@pytest.mark.parametrize(
    "bad", ["130111-000624", "13011100062461", "130111-00062a6", "1.30111E+12"]
)
def test_normalise_corporate_no_rejects(bad: str) -> None:
    with pytest.raises(ParseError):
        normalise_corporate_no(bad)


def test_normalise_corporate_no_empty_is_none() -> None:
    assert normalise_corporate_no("") is None


@pytest.mark.parametrize(
    ("business_no", "kind"),
    [
        ("124-81-00998", BusinessNoKind.FOR_PROFIT_HEAD_OFFICE),
        ("1248600000", BusinessNoKind.FOR_PROFIT_HEAD_OFFICE),
        ("1248700000", BusinessNoKind.FOR_PROFIT_HEAD_OFFICE),
        ("1248800000", BusinessNoKind.FOR_PROFIT_HEAD_OFFICE),
        ("101-82-12345", BusinessNoKind.NON_PROFIT),
        ("1018312345", BusinessNoKind.PUBLIC_BODY),
        ("1018412345", BusinessNoKind.FOREIGN_CORPORATION),
        ("1018512345", BusinessNoKind.FOR_PROFIT_BRANCH),
        ("1010112345", BusinessNoKind.INDIVIDUAL),
        ("1017912345", BusinessNoKind.INDIVIDUAL),
        ("1019012345", BusinessNoKind.INDIVIDUAL),
        ("1019912345", BusinessNoKind.INDIVIDUAL),
        ("1018012345", BusinessNoKind.INDIVIDUAL_OTHER),
        ("1018912345", BusinessNoKind.INDIVIDUAL_OTHER),
        ("1010012345", BusinessNoKind.UNKNOWN),
        ("124-**-*****", BusinessNoKind.UNKNOWN),
    ],
)
def test_business_no_kind(business_no: str, kind: BusinessNoKind) -> None:
    assert business_no_kind(business_no) is kind


def test_business_no_kind_has_korean_label() -> None:
    assert business_no_kind("101-82-12345").label_ko == "비영리법인"


@pytest.mark.parametrize(
    ("digits", "formatted"),
    [
        ("1248100998", "124-81-00998"),
        ("12481***98", "124-81-***98"),
        ("124-81-00998", "124-81-00998"),
    ],
)
def test_format_business_no(digits: str, formatted: str) -> None:
    assert format_business_no(digits) == formatted


@pytest.mark.parametrize(
    ("digits", "formatted"),
    [("1301110006246", "130111-0006246"), ("110111*******", "110111-*******")],
)
def test_format_corporate_no(digits: str, formatted: str) -> None:
    assert format_corporate_no(digits) == formatted


@pytest.mark.parametrize("bad", ["124810099", "12481009981", "12a8100998"])
def test_format_business_no_rejects(bad: str) -> None:
    with pytest.raises(ParseError):
        format_business_no(bad)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("124810099", "1248100998"), ("220816251", "2208162517"), ("012345678", "0123456782")],
)
def test_make_business_no(prefix: str, expected: str) -> None:
    made = make_business_no(prefix)
    assert made == expected
    result = normalise_business_no(made)
    assert result is not None and result.check_ok is True


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("130111000624", "1301110006246"), ("110111000000", "1101110000002")],
)
def test_make_corporate_no(prefix: str, expected: str) -> None:
    made = make_corporate_no(prefix)
    assert made == expected
    result = normalise_corporate_no(made)
    assert result is not None and result.check_ok is True


@pytest.mark.parametrize("bad", ["12481009", "1248100a9"])
def test_make_business_no_rejects(bad: str) -> None:
    with pytest.raises(ParseError):
        make_business_no(bad)


def test_make_corporate_no_rejects() -> None:
    with pytest.raises(ParseError):
        make_corporate_no("13011100062")


@pytest.mark.parametrize(("raw", "digits", "check_ok"), [
    ("124-81-00998", "1248100998", True),
    ("124-81-00990", "1248100990", False),
    ("1-2-4-8-1-0-0-9-9-8", "1248100998", True),
])
def test_hyphenated_business_no_fast_path(raw: str, digits: str, check_ok: bool) -> None:
    result = normalise_business_no(raw)
    assert (result.digits, result.check_ok, result.zero_padded, result.formatted) == (
        digits, check_ok, False, "124-81-" + digits[5:])


@pytest.mark.parametrize("bad", ["24-81-00998", "124-81-009981", "---", "124-81-0099.0"])
def test_hyphenated_business_no_of_wrong_length_is_refused_not_padded(bad: str) -> None:
    with pytest.raises(ParseError):
        normalise_business_no(bad)
