"""Korean organisation identifiers: 사업자등록번호 and 법인등록번호.

Both numbers end in a check digit. The rules are the ones published by the
National Tax Service (국세청, 사업자등록번호 체계) and the Supreme Court
registry (법인등록번호, 상업등기규칙 / 법인등록번호 부여 기준) and reproduced
in every Korean validation library; they are restated in each function's
docstring.

A failed check digit is reported (``check_ok`` is False), never raised:
numbers that fail the check do exist in official registers (typing errors
that became permanent, and numbers issued before the check digit rule).
Only input that is not a number of the right shape raises :class:`ParseError`.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "BUSINESS_NO_LENGTH",
    "CORPORATE_NO_LENGTH",
    "BusinessNoKind",
    "IdentifierResult",
    "ParseError",
    "business_no_check_digit",
    "business_no_kind",
    "corporate_no_check_digit",
    "format_business_no",
    "format_corporate_no",
    "make_business_no",
    "make_corporate_no",
    "normalise_business_no",
    "normalise_corporate_no",
]

BUSINESS_NO_LENGTH = 10
CORPORATE_NO_LENGTH = 13

# Weights of 사업자등록번호 digits 1-9 (국세청 검증 규칙).
_BUSINESS_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
# Weights of 법인등록번호 digits 1-12: 1, 2 alternating.
_CORPORATE_WEIGHTS = (1, 2) * 6

MASK_CHARACTER = "*"

# Characters used to hide digits in published lists ("124-81-***98").
_MASK_CHARACTERS = frozenset("*xX●○◯×#")
# Separators people put between digit groups (after NFKC, so fullwidth forms
# are already ASCII): hyphen-minus, the Unicode hyphens and dashes, spaces.
_SEPARATOR_RE = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2212\\s]+")
# "1248100998.0" / "1248100998.00": how Excel and pandas write integers.
_TRAILING_ZERO_DECIMAL_RE = re.compile(r"^(\d+)\.0+$")
_SCIENTIFIC_RE = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")


class ParseError(ValueError):
    """Input is not an identifier of the expected shape (Korean message)."""


class BusinessNoKind(enum.Enum):
    """Kind of business told by digits 4-5 of a 사업자등록번호.

    Source: 국세청 사업자등록번호 체계 (가운데 두 자리 = 개인·법인 구분코드).
    """

    INDIVIDUAL = "individual"  # 01-79 과세, 90-99 면세 개인사업자
    INDIVIDUAL_OTHER = "individual_other"  # 80, 89: 아파트관리사무소·다단계판매원, 종교단체 등
    FOR_PROFIT_HEAD_OFFICE = "for_profit_head_office"  # 81, 86, 87, 88
    NON_PROFIT = "non_profit"  # 82: 비영리법인 (사회적협동조합 포함)
    PUBLIC_BODY = "public_body"  # 83: 국가·지방자치단체·지방자치단체조합
    FOREIGN_CORPORATION = "foreign_corporation"  # 84
    FOR_PROFIT_BRANCH = "for_profit_branch"  # 85
    UNKNOWN = "unknown"  # 00 or masked digits

    @property
    def label_ko(self) -> str:
        """Korean label for display."""
        return _KIND_LABELS_KO[self]


_KIND_LABELS_KO = {
    BusinessNoKind.INDIVIDUAL: "개인사업자",
    BusinessNoKind.INDIVIDUAL_OTHER: "개인사업자(기타·단체)",
    BusinessNoKind.FOR_PROFIT_HEAD_OFFICE: "영리법인 본점",
    BusinessNoKind.NON_PROFIT: "비영리법인",
    BusinessNoKind.PUBLIC_BODY: "국가·지방자치단체",
    BusinessNoKind.FOREIGN_CORPORATION: "외국법인",
    BusinessNoKind.FOR_PROFIT_BRANCH: "영리법인 지점",
    BusinessNoKind.UNKNOWN: "알 수 없음",
}

_KIND_BY_CODE: dict[int, BusinessNoKind] = {}
for _code in range(1, 80):
    _KIND_BY_CODE[_code] = BusinessNoKind.INDIVIDUAL
for _code in range(90, 100):
    _KIND_BY_CODE[_code] = BusinessNoKind.INDIVIDUAL
_KIND_BY_CODE.update(
    {
        80: BusinessNoKind.INDIVIDUAL_OTHER,
        81: BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        82: BusinessNoKind.NON_PROFIT,
        83: BusinessNoKind.PUBLIC_BODY,
        84: BusinessNoKind.FOREIGN_CORPORATION,
        85: BusinessNoKind.FOR_PROFIT_BRANCH,
        86: BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        87: BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        88: BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        89: BusinessNoKind.INDIVIDUAL_OTHER,
    }
)


@dataclass(frozen=True, slots=True)
class IdentifierResult:
    """A normalised identifier.

    ``digits``: the compact number (10 or 13 characters, no separators); for a
    masked number the hidden digits are ``*`` ("12481***98").
    ``masked``: some digits were hidden in the source.
    ``check_ok``: True/False from the check digit; None when masked (cannot
    be checked). False is a warning, not an error.
    ``zero_padded``: the source had one digit too few and a leading ``0`` was
    restored (Excel drops leading zeros of numeric cells).
    ``formatted``: the display form (``XXX-XX-XXXXX`` / ``XXXXXX-XXXXXXX``).
    """

    digits: str
    masked: bool
    check_ok: bool | None
    zero_padded: bool
    formatted: str


def business_no_check_digit(prefix9: str) -> int:
    """Check digit of a 사업자등록번호 from its first nine digits.

    Rule (국세청): s = Σ dᵢ·wᵢ for i = 1..9 with weights 1,3,7,1,3,7,1,3,5,
    plus floor(d₉ × 5 / 10); check digit = (10 − s mod 10) mod 10.
    Example: 124-81-0099? → s = 118 + floor(45/10) = 122 → (10 − 2) mod 10 = 8.
    """
    _require_digits(prefix9, 9, "사업자등록번호 앞 9자리")
    digits = [ord(c) - 48 for c in prefix9]
    total = sum(d * w for d, w in zip(digits, _BUSINESS_WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def corporate_no_check_digit(prefix12: str) -> int:
    """Check digit of a 법인등록번호 from its first twelve digits.

    Rule (법인등록번호 부여 기준): s = Σ dᵢ·wᵢ for i = 1..12 with weights
    1,2 alternating (products summed as they are, not digit-summed);
    check digit = (10 − s mod 10) mod 10.
    Example: 130111-000624? → s = 34 → (10 − 4) mod 10 = 6.
    """
    _require_digits(prefix12, 12, "법인등록번호 앞 12자리")
    total = sum((ord(c) - 48) * w for c, w in zip(prefix12, _CORPORATE_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def make_business_no(prefix9: str) -> str:
    """Ten-digit 사업자등록번호: ``prefix9`` + :func:`business_no_check_digit`."""
    return prefix9 + str(business_no_check_digit(prefix9))


def make_corporate_no(prefix12: str) -> str:
    """Thirteen-digit 법인등록번호: ``prefix12`` + :func:`corporate_no_check_digit`."""
    return prefix12 + str(corporate_no_check_digit(prefix12))


def format_business_no(digits: str) -> str:
    """Display form ``XXX-XX-XXXXX`` (국세청 표기) of a compact 10-character number.

    Masked characters (``*``) are kept in place.
    """
    compact = _compact_for_format(digits, BUSINESS_NO_LENGTH, "사업자등록번호")
    return f"{compact[:3]}-{compact[3:5]}-{compact[5:]}"


def format_corporate_no(digits: str) -> str:
    """Display form ``XXXXXX-XXXXXXX`` of a compact 13-character 법인등록번호.

    Masked characters (``*``) are kept in place.
    """
    compact = _compact_for_format(digits, CORPORATE_NO_LENGTH, "법인등록번호")
    return f"{compact[:6]}-{compact[6:]}"


def business_no_kind(business_no: str) -> BusinessNoKind:
    """Kind of business from digits 4-5 of a 사업자등록번호 (국세청 구분코드).

    01-79 개인(과세), 90-99 개인(면세) → INDIVIDUAL; 80 아파트관리사무소·
    다단계판매원, 89 법인 아닌 종교단체 → INDIVIDUAL_OTHER; 81, 86, 87, 88 영리법인
    본점; 82 비영리법인 (사회적협동조합 포함); 83 국가·지방자치단체; 84 외국법인;
    85 영리법인 지점; 00 or masked → UNKNOWN.
    Accepts the compact or the hyphenated form.
    """
    compact = _compact_for_format(business_no, BUSINESS_NO_LENGTH, "사업자등록번호")
    middle = compact[3:5]
    if not middle.isdigit():
        return BusinessNoKind.UNKNOWN
    return _KIND_BY_CODE.get(int(middle), BusinessNoKind.UNKNOWN)


def normalise_business_no(raw: object) -> IdentifierResult | None:
    """Read a 사업자등록번호 as spreadsheets and lists write it.

    Accepts "124-81-00998", "1248100998", "124 81 00998", fullwidth digits,
    Excel's "1248100998.0", int 1248100998 and float 1248100998.0. Nine digits
    written without separators (number or text) get the leading zero Excel
    dropped put back (``zero_padded``). Masked numbers ("124-81-***98") are returned with
    ``masked`` True and ``*`` in the hidden places. Empty input (None, "",
    blanks) gives None. Anything else raises :class:`ParseError`. The check
    digit (:func:`business_no_check_digit`) is reported in ``check_ok``.
    """
    return _normalise(raw, BUSINESS_NO_LENGTH, "사업자등록번호")


def normalise_corporate_no(raw: object) -> IdentifierResult | None:
    """Read a 법인등록번호 as spreadsheets and lists write it.

    Same rules as :func:`normalise_business_no` for 13 digits
    ("130111-0006246", "1301110006246", 1301110006246.0; twelve numeric digits
    get a leading zero; "110111-*******" is masked). Check digit:
    :func:`corporate_no_check_digit`.
    """
    return _normalise(raw, CORPORATE_NO_LENGTH, "법인등록번호")


def _normalise(raw: object, length: int, label: str) -> IdentifierResult | None:
    text = _as_text(raw, label)
    if text is None:
        return None
    had_separator = False
    if text.isascii() and "-" in text and (compact := text.replace("-", "")).isdigit():
        # the usual spelling, "124-81-00998": digits and hyphens only (no decimal, no exponent)
        text, had_separator = compact, True
    elif not (text.isascii() and text.isdigit()):
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        match = _TRAILING_ZERO_DECIMAL_RE.match(text)
        if match:
            text = match.group(1)
        elif _SCIENTIFIC_RE.match(text):
            raise ParseError(
                f"{label}가 지수 표기로 저장되어 자릿수가 사라졌을 수 있습니다: '{text}'. "
                "엑셀에서 셀 서식을 '텍스트'로 바꾸어 다시 저장해 주세요."
            )
        compact = _SEPARATOR_RE.sub("", text)
        had_separator = len(compact) != len(text)
        text = compact
    masked = False
    if not (text.isascii() and text.isdigit()):  # "٣" is a digit to str.isdigit, not to a registry
        chars = []
        for char in text:
            if char in _MASK_CHARACTERS:
                chars.append(MASK_CHARACTER)
                masked = True
            elif "0" <= char <= "9":
                chars.append(char)
            else:
                raise ParseError(f"{label} 형식이 아닙니다: '{_shown(raw)}'")
        text = "".join(chars)
    zero_padded = False
    if len(text) == length - 1 and not had_separator and not masked:
        # Excel turns "0123456789" into the number 123456789.
        text = "0" + text
        zero_padded = True
    if len(text) != length:
        raise ParseError(
            f"{label}는 숫자 {length}자리여야 합니다 (읽은 자릿수 {len(text)}): '{_shown(raw)}'"
        )
    if masked:
        check_ok = None
    elif length == BUSINESS_NO_LENGTH:
        check_ok = business_no_check_digit(text[:9]) == ord(text[9]) - 48
    else:
        check_ok = corporate_no_check_digit(text[:12]) == ord(text[12]) - 48
    formatted = (
        f"{text[:3]}-{text[3:5]}-{text[5:]}"
        if length == BUSINESS_NO_LENGTH
        else f"{text[:6]}-{text[6:]}"
    )
    return IdentifierResult(
        digits=text,
        masked=masked,
        check_ok=check_ok,
        zero_padded=zero_padded,
        formatted=formatted,
    )


def _as_text(raw: object, label: str) -> str | None:
    """Stripped text of ``raw``; None when empty. Numbers must be whole and ≥ 0."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw >= 0:
            return str(raw)
    elif isinstance(raw, float):
        if math.isfinite(raw) and raw >= 0 and raw.is_integer():
            return str(int(raw))
    elif isinstance(raw, Decimal):
        if raw.is_finite() and raw >= 0 and raw == raw.to_integral_value():
            return str(int(raw))
    raise ParseError(f"{label} 형식이 아닙니다: '{raw}'")


def _compact_for_format(digits: str, length: int, label: str) -> str:
    compact = _SEPARATOR_RE.sub("", digits)
    if len(compact) != length or any(
        not ("0" <= c <= "9") and c != MASK_CHARACTER for c in compact
    ):
        raise ParseError(f"{label}는 숫자 {length}자리여야 합니다: '{digits}'")
    return compact


def _require_digits(text: str, length: int, label: str) -> None:
    if len(text) != length or not (text.isascii() and text.isdigit()):
        raise ParseError(f"{label}는 숫자 {length}자리여야 합니다: '{text}'")


def _shown(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else str(raw)
