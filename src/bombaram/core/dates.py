"""Dates as Korean files write them.

Handles ISO dates, the Korean dotted style ("2013. 12. 8."), compact
"20131208", Hangul "2013년 12월 8일", partial dates ("2013-12", "13년 12월",
"2013년") and Excel serial numbers. A partial date becomes the first day of
its month or year, and the result says how precise the source was.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "EXCEL_1900_EPOCH",
    "EXCEL_1904_EPOCH",
    "TWO_DIGIT_YEAR_PIVOT",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "DateOutOfRange",
    "DatePrecision",
    "ParseError",
    "ParsedDate",
    "excel_serial_to_date",
    "expand_two_digit_year",
    "parse_date",
]

# Two-digit years below the pivot are 20xx, the others 19xx: 00-69 → 2000-2069,
# 70-99 → 1970-1999 (project rule, close to POSIX strptime %y which pivots at 69).
TWO_DIGIT_YEAR_PIVOT = 70

# Excel 1900 date system: serial 1 = 1900-01-01, and serial 60 is the
# non-existent 1900-02-29 kept for Lotus 1-2-3 compatibility (Microsoft,
# "Excel incorrectly assumes that the year 1900 is a leap year"). From serial
# 61 (1900-03-01) on, date = 1899-12-30 + serial days.
EXCEL_1900_EPOCH = dt.date(1899, 12, 30)
# Excel 1904 date system (old Mac workbooks): serial 0 = 1904-01-01.
EXCEL_1904_EPOCH = dt.date(1904, 1, 1)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31 in the 1900 system

# Dates a file may hold (project rule): no record of a Korean social economy organisation,
# purchase or target lies outside 1900-2100, and the dates just outside are what broken cells
# produce: 1899-12-30 is an Excel date cell holding 0, 9999-12-31 a "no end" placeholder.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class ParseError(ValueError):
    """Text that cannot be read as a date (Korean message)."""


class DateOutOfRange(ParseError):
    """A real date outside EARLIEST_DATE .. LATEST_DATE; ``value`` is that date."""

    def __init__(self, message: str, value: dt.date) -> None:
        super().__init__(message)
        self.value = value


class DatePrecision(enum.Enum):
    """How much of the date the source gave."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date and its precision; MONTH and YEAR dates are the 1st of the period."""

    value: dt.date
    precision: DatePrecision

    @property
    def iso(self) -> str:
        """ISO 8601 text at the source's precision: "2013-12-08", "2013-12", "2013"."""
        if self.precision is DatePrecision.DAY:
            return self.value.isoformat()
        if self.precision is DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"


_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
# 2013-12-08, 2013.12.8, 2013. 12. 8., 2013/12/8, 13.12.08, optional time.
_SEPARATED_DAY_RE = re.compile(
    r"^(\d{4}|\d{2})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})\s*\.?" + _TIME + "$"
)
# 2013-12, 2013.12, 2013/12, 2013. 12.
_SEPARATED_MONTH_RE = re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*\.?$")
# 2013년 12월 8일, 13년 12월, 2013년
_HANGUL_RE = re.compile(r"^(\d{4}|\d{2})\s*년(?:\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?)?$")
# A trailing weekday: "(일)", "(월요일)", " 일요일".
_WEEKDAY_RE = re.compile(r"\s*(?:\([월화수목금토일](?:요일)?\)|[월화수목금토일]요일)$")
# Excel serial written as text: "41616", "41616.0", "41616.5".
_SERIAL_TEXT_RE = re.compile(r"^\d{5}(?:\.\d+)?$")


def expand_two_digit_year(year: int) -> int:
    """Four-digit year for a two-digit one: 00-69 → 2000-2069, 70-99 → 1970-1999.

    Pivot :data:`TWO_DIGIT_YEAR_PIVOT` = 70 (project rule).
    """
    if not 0 <= year <= 99:
        raise ParseError(f"두 자리 연도가 아닙니다: '{year}'")
    return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year


def excel_serial_to_date(serial: float | int, *, excel_1904: bool = False) -> dt.date:
    """Date of an Excel serial day number; any time fraction is dropped.

    1900 system (default): serials 1-59 = 1899-12-31 + serial days; 60 is the
    non-existent 1900-02-29 (rejected); from 61 on, 1899-12-30 + serial days,
    so 41616 → 2013-12-08. 1904 system: 1904-01-01 + serial days.
    Source: Microsoft, "Differences between the 1900 and the 1904 date system
    in Excel".
    """
    if isinstance(serial, bool) or not math.isfinite(serial):
        raise ParseError(f"엑셀 날짜 일련번호가 아닙니다: '{serial}'")
    days = math.floor(serial)
    if excel_1904:
        if not 0 <= days <= _EXCEL_MAX_SERIAL - 1462:
            raise ParseError(f"엑셀 날짜 일련번호의 범위를 벗어났습니다: '{serial}'")
        return EXCEL_1904_EPOCH + dt.timedelta(days=days)
    if not 1 <= days <= _EXCEL_MAX_SERIAL:
        raise ParseError(f"엑셀 날짜 일련번호의 범위를 벗어났습니다: '{serial}'")
    if days == 60:
        raise ParseError("엑셀 날짜 일련번호 60(1900-02-29)은 존재하지 않는 날짜입니다.")
    if days < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=days)
    return EXCEL_1900_EPOCH + dt.timedelta(days=days)


def parse_date(value: object, *, excel_1904: bool = False) -> ParsedDate | None:
    """Read a date as Korean files write it, within EARLIEST_DATE .. LATEST_DATE.

    Day precision: "2013-12-08", "2013.12.8", "2013.12.08.", "2013. 12. 8.",
    "2013/12/8", "20131208", "2013년 12월 8일", a trailing weekday "(일)" or a
    time "2013-12-08 00:00:00" (the time is dropped), ``date``/``datetime``
    objects, and Excel serial numbers (int/float, or five-digit text such as
    "41616"; see :func:`excel_serial_to_date`).
    Month precision (→ the 1st): "2013-12", "2013.12", "201312", "13년 12월".
    Year precision (→ 1 January): "2013년", "2013".
    Two-digit years follow :func:`expand_two_digit_year`; with separators the
    order is always year-month-day ("13.12.08"), as Korean writes it. Six
    digits are read as YYYYMM, never YYMMDD. Forms with the year last
    ("08/12/2013") are rejected as ambiguous. Dates that do not exist ("2013-02-30"), dates
    outside :data:`EARLIEST_DATE` .. :data:`LATEST_DATE` ("9999-12-31", "1899-12-30") and digits
    of other scripts than ASCII and fullwidth ("٢٠١٣-١٢-٠٨") raise :class:`ParseError`. Empty text
    or None gives None.
    """
    parsed = _parse_date(value, excel_1904)
    if parsed is not None and not EARLIEST_DATE <= parsed.value <= LATEST_DATE:
        raise DateOutOfRange(
            f"날짜가 범위를 벗어났습니다: '{parsed.value.isoformat()}' "
            f"({EARLIEST_DATE.isoformat()}부터 {LATEST_DATE.isoformat()}까지)",
            parsed.value,
        )
    return parsed


def _parse_date(value: object, excel_1904: bool) -> ParsedDate | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), DatePrecision.DAY)
    if isinstance(value, dt.date):
        return ParsedDate(value, DatePrecision.DAY)
    if isinstance(value, bool):
        raise ParseError(f"날짜로 읽을 수 없습니다: '{value}'")
    if isinstance(value, int | float | Decimal):
        serial = float(value) if isinstance(value, Decimal) else value
        return ParsedDate(excel_serial_to_date(serial, excel_1904=excel_1904), DatePrecision.DAY)
    if not isinstance(value, str):
        raise ParseError(f"날짜로 읽을 수 없습니다: '{value}'")
    text = value.strip()
    if not text:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _WEEKDAY_RE.sub("", text)
        foreign = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if foreign is not None:
            raise ParseError(
                f"날짜의 숫자는 0-9로 적어 주십시오 (다른 문자의 숫자 '{foreign}'): '{value.strip()}'"
            )
    if text.isdigit():
        return _parse_digits(text, value, excel_1904)
    match = _SEPARATED_DAY_RE.match(text)
    if match:
        year, _, month, day = match.groups()
        return _make(_year(year), int(month), int(day), DatePrecision.DAY, value)
    match = _SEPARATED_MONTH_RE.match(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), 1, DatePrecision.MONTH, value)
    match = _HANGUL_RE.match(text)
    if match:
        year, month, day = match.groups()
        if month is None:
            return _make(_year(year), 1, 1, DatePrecision.YEAR, value)
        if day is None:
            return _make(_year(year), int(month), 1, DatePrecision.MONTH, value)
        return _make(_year(year), int(month), int(day), DatePrecision.DAY, value)
    if _SERIAL_TEXT_RE.match(text):
        return ParsedDate(
            excel_serial_to_date(float(text), excel_1904=excel_1904), DatePrecision.DAY
        )
    raise ParseError(f"날짜로 읽을 수 없습니다: '{value.strip()}'")


def _parse_digits(text: str, original: str, excel_1904: bool) -> ParsedDate:
    if len(text) == 8:
        return _make(int(text[:4]), int(text[4:6]), int(text[6:]), DatePrecision.DAY, original)
    if len(text) == 6:
        return _make(int(text[:4]), int(text[4:]), 1, DatePrecision.MONTH, original)
    if len(text) == 4:
        return _make(int(text), 1, 1, DatePrecision.YEAR, original)
    if len(text) == 5:
        return ParsedDate(excel_serial_to_date(int(text), excel_1904=excel_1904), DatePrecision.DAY)
    raise ParseError(f"날짜로 읽을 수 없습니다: '{original.strip()}'")


def _year(text: str) -> int:
    return expand_two_digit_year(int(text)) if len(text) == 2 else int(text)


def _make(year: int, month: int, day: int, precision: DatePrecision, original: str) -> ParsedDate:
    try:
        return ParsedDate(dt.date(year, month, day), precision)
    except ValueError:
        raise ParseError(f"존재하지 않는 날짜입니다: '{original.strip()}'") from None
