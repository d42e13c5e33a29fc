"""Numbers and amounts of money as Korean files write them.

Money is always an ``int`` number of won (원); floats are never returned for
money. Amounts may be written with thousands separators ("1,234"), as Excel
writes whole numbers ("1234.0"), in Korean myriad groups ("193억 8,319만원",
"5천만원"), and with the column's unit given in the header ("매출액(천원)").

Korean numerals group by powers of 10⁴: 만 = 10⁴, 억 = 10⁸, 조 = 10¹²; inside a
group 천 = 10³, 백 = 10², 십 = 10 (표준국어대사전, 수사 항목).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from decimal import Decimal

__all__ = [
    "ParseError",
    "format_thousands",
    "format_won_korean",
    "parse_amount",
    "parse_decimal",
    "parse_integer",
    "unit_multiplier",
]


class ParseError(ValueError):
    """Text that cannot be read as a number (Korean message)."""


#: the most digits a number may have: far beyond any amount (10^30 won) or count, and short
#: enough that no reader ever meets Python's 4,300-digit limit on int(text)
MAX_DIGITS = 30


def _check_digits(text: str) -> None:
    """Refuse digits of other scripts than ASCII and fullwidth, and numbers of too many digits.

    Python reads Arabic-Indic "٣" or Devanagari "३" as 3 (int, Decimal and the \\d of regular
    expressions accept every Unicode decimal digit); a Korean file never means them as numbers.
    Fullwidth digits ("１２３", typed in the Korean IME's full-width mode) are folded to ASCII by NFKC
    and accepted.
    """
    count = 0
    for char in text:
        if char.isdigit():
            if not char.isascii() and not "\uff10" <= char <= "\uff19":
                raise ParseError(f"숫자는 0-9로 적어 주십시오 (다른 문자의 숫자 '{char}'): '{text}'")
            count += 1
    if count > MAX_DIGITS:
        raise ParseError(f"숫자가 너무 깁니다: {count:,}자리 ({MAX_DIGITS}자리까지)")


_BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL_UNITS = {"천": 1000, "백": 100, "십": 10}
_UNIT_CHARACTERS = frozenset(_BIG_UNITS) | frozenset(_SMALL_UNITS)

# Plain number: optional sign, digits with correct thousands grouping or none,
# optional decimals.
_PLAIN_NUMBER_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
# A number literal inside a Korean amount ("8,319", "1.5", "868").
_LITERAL_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SPACES_RE = re.compile(r"\s+")
# Minus signs: ASCII, U+2212, and △/▲ which Korean financial statements use.
_MINUS_SIGNS = frozenset("-\u2212△▲")

# Unit of a column header: "(천원)", "단위: 백만원", "억원". The unit must not be
# glued to other Hangul ("직원", "원가" are not units).
_HEADER_UNIT_RE = re.compile(
    r"(?<![가-힣])(조|천억|백억|십억|억|천만|백만|십만|만|천|백|십)?\s?원(?![가-힣])"
)
_HEADER_PREFIX_MULTIPLIERS = {
    None: 1,
    "십": 10,
    "백": 100,
    "천": 1000,
    "만": 10**4,
    "십만": 10**5,
    "백만": 10**6,
    "천만": 10**7,
    "억": 10**8,
    "십억": 10**9,
    "백억": 10**10,
    "천억": 10**11,
    "조": 10**12,
}

_MYRIAD_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))


def unit_multiplier(header_or_unit: str | None, default: int | None = None) -> int:
    """Won per unit named in a unit or column header.

    "원" → 1, "천원" → 1,000, "만원" → 10⁴, "백만원" → 10⁶, "억원" → 10⁸, "조원" → 10¹²; found
    inside headers such as "매출액(천원)" or "금액 (단위: 백만원)". Words where 원
    is part of another word ("직원", "원가") are not units. When no unit is found
    ``default`` is returned, or :class:`ParseError` is raised when no default is
    given; two different units in one header also raise.
    """
    if header_or_unit is None or not header_or_unit.strip():
        if default is None:
            raise ParseError("금액 단위가 비어 있습니다.")
        return default
    found = _units_in_header(header_or_unit)
    if not found:
        if default is None:
            raise ParseError(
                f"금액 단위(원, 천원, 백만원 등)를 찾을 수 없습니다: '{header_or_unit}'"
            )
        return default
    if len(found) > 1:
        raise ParseError(f"금액 단위가 둘 이상 적혀 있습니다: '{header_or_unit}'")
    return next(iter(found))


@functools.lru_cache(maxsize=1024)
def _units_in_header(header: str) -> frozenset[int]:
    text = unicodedata.normalize("NFKC", header)
    return frozenset(_HEADER_PREFIX_MULTIPLIERS[m.group(1)] for m in _HEADER_UNIT_RE.finditer(text))


def parse_decimal(value: object) -> Decimal | None:
    """Read a plain number: "1,234", " 1234.50 ", "-5", "△5" (= −5).

    Thousands separators must stand every three digits. No units, no
    parentheses for negatives ("(1,000)" is rejected: it is ambiguous in
    exported files). Empty text or None gives None.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(f"숫자로 읽을 수 없습니다: '{value}'")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParseError(f"숫자로 읽을 수 없습니다: '{value}'")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(f"숫자로 읽을 수 없습니다: '{value}'")
        return value
    if not isinstance(value, str):
        raise ParseError(f"숫자로 읽을 수 없습니다: '{value}'")
    text = value.strip()
    if not text:
        return None
    _check_digits(text)
    if text.isascii() and text.isdigit():
        return Decimal(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    negative, body = _split_sign(text)
    match = _PLAIN_NUMBER_RE.match(body)
    if match is None:
        raise ParseError(f"숫자로 읽을 수 없습니다: '{text}'")
    number = Decimal(body.replace(",", ""))
    return -number if negative else number


def parse_integer(value: object) -> int | None:
    """Read a whole number (counts, years): "1,234", "1234.0", -5, 12.0.

    Same rules as :func:`parse_decimal`; a fractional value ("1.5") raises.
    """
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ParseError(f"정수가 아닙니다: '{_shown(value)}'")
    return int(number)


def parse_amount(value: object, unit: str | int = "원") -> int | None:
    """Read an amount of money and return whole won.

    Plain numbers are multiplied by the column unit (``unit``: a unit or
    header text for :func:`unit_multiplier`, or the multiplier itself):
    parse_amount("1,234", "천원") = 1,234,000. Korean amounts give won
    whatever the column unit, since the cell states its own unit:
    "1억 868만원" = 1×10⁸ + 868×10⁴ = 108,680,000; "5천만원" = 5×10³×10⁴;
    "1.5억" = 150,000,000; "100원" = 100. Within a 만/억/조 group the parts
    must decrease (천 > 백 > 십 > ones), and every group after the first is
    below 10,000. A minus sign, "−", "△" or "▲" makes it negative. The result
    must be a whole number of won; "(1,000)" and other text raise
    :class:`ParseError`. Empty text or None gives None.
    """
    multiplier = unit if isinstance(unit, int) else unit_multiplier(unit)
    if multiplier <= 0:
        raise ParseError(f"금액 단위가 올바르지 않습니다: '{unit}'")
    if isinstance(value, int) and not isinstance(value, bool):
        return value * multiplier
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        _check_digits(text)
        if text.isascii() and text.isdigit():
            return int(text) * multiplier
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)
        amount = _parse_amount_text(text, multiplier)
    else:
        number = parse_decimal(value)
        if number is None:
            return None
        amount = number * multiplier
    if amount != amount.to_integral_value():
        raise ParseError(f"원 단위 정수가 아닌 금액입니다: '{_shown(value)}'")
    return int(amount)


def _parse_amount_text(text: str, multiplier: int) -> Decimal:
    negative, body = _split_sign(text)
    states_won = False
    if body.startswith("₩"):
        body = body[1:].lstrip()
        states_won = True
    if body.endswith("원"):
        body = body[:-1].rstrip()
        states_won = True
    if not body:
        raise ParseError(f"숫자로 읽을 수 없습니다: '{text}'")
    if any(c in _UNIT_CHARACTERS for c in body):
        amount = _parse_korean_amount(_SPACES_RE.sub("", body), text)
    else:
        match = _PLAIN_NUMBER_RE.match(body)
        if match is None:
            raise ParseError(f"숫자로 읽을 수 없습니다: '{text}'")
        amount = Decimal(body.replace(",", "")) * (1 if states_won else multiplier)
    return -amount if negative else amount


def _parse_korean_amount(body: str, original: str) -> Decimal:
    """Sum of myriad groups: each group is (literal | literal? 천|백|십)* then 만|억|조."""
    total = Decimal(0)
    group = Decimal(0)  # value of the group being read
    group_has_part = False
    small_limit = 10**4  # parts of a group must decrease: 천 then 백 then 십 then ones
    big_limit = 10**16  # groups must decrease: 조 then 억 then 만 then ones
    groups_seen = 0
    pending: Decimal | None = None  # literal not yet attached to a unit
    position = 0
    length = len(body)

    def fail() -> ParseError:
        return ParseError(f"숫자로 읽을 수 없습니다: '{original}'")

    while position < length:
        char = body[position]
        if char in _SMALL_UNITS:
            size = _SMALL_UNITS[char]
            if size >= small_limit:
                raise fail()
            group += (pending if pending is not None else 1) * size
            group_has_part = True
            pending = None
            small_limit = size
            position += 1
        elif char in _BIG_UNITS:
            size = _BIG_UNITS[char]
            if size >= big_limit:
                raise fail()
            if pending is not None:
                if group_has_part and pending >= small_limit:  # "3천5000만"
                    raise fail()
                group += pending
                group_has_part = True
                pending = None
            if not group_has_part:
                if groups_seen:  # "1억만": a bare unit only at the start ("만원")
                    raise fail()
                group = Decimal(1)
            if groups_seen and group >= 10**4:
                raise fail()
            total += group * size
            groups_seen += 1
            group = Decimal(0)
            group_has_part = False
            small_limit = 10**4
            big_limit = size
            position += 1
        else:
            if pending is not None:
                raise fail()
            match = _LITERAL_RE.match(body, position)
            if match is None:
                raise fail()
            pending = Decimal(match.group().replace(",", ""))
            position = match.end()
    if pending is not None:
        if group_has_part and pending >= small_limit:
            raise fail()
        group += pending
        group_has_part = True
    if group_has_part:
        if groups_seen and group >= 10**4:
            raise fail()
        total += group
    return total


def format_won_korean(n: int) -> str:
    """Amount in won grouped by 조/억/만 as Korean news and reports write it.

    19,383,190,000 → "193억 8,319만원"; 108,680,000 → "1억 868만원";
    100 → "100원"; 0 → "0원"; negative amounts get a leading "-". Each group
    keeps thousands separators; empty groups are left out.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("format_won_korean needs an int number of won")
    if n == 0:
        return "0원"
    sign = "-" if n < 0 else ""
    rest = abs(n)
    parts: list[str] = []
    for size, name in _MYRIAD_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{name}")
    if rest:
        parts.append(f"{rest:,}")
    return sign + " ".join(parts) + "원"


def format_thousands(n: int) -> str:
    """Whole number with a comma every three digits: 1234 → "1,234", −5 → "-5"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("format_thousands needs an int")
    return f"{n:,}"


def _split_sign(text: str) -> tuple[bool, str]:
    if text and text[0] in _MINUS_SIGNS:
        return True, text[1:].lstrip()
    if text.startswith("+"):
        return False, text[1:].lstrip()
    return False, text


def _shown(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)
