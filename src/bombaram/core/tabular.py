"""Tables from the files officers exchange: CSV, XLSX and the open API's JSON.

:func:`read_table` is the one reader behind every file import (organisations,
purchases, targets, Delphi responses). It looks at the bytes, not only the
file name, to decide the format:

* ``PK\\x03\\x04`` (a zip archive) is XLSX, read with openpyxl;
* ``D0 CF 11 E0`` (an OLE compound file: Excel 97-2003 ``.xls``, and also a
  password-protected ``.xlsx``) is refused with a Korean message telling how
  to save the file again;
* a first non-space character ``{`` or ``[`` is JSON (the national social
  enterprise open API, or a plain list of objects);
* anything else is CSV text: UTF-8 with or without byte order mark, else
  CP949 (Korean Windows, the superset of EUC-KR), comma separated unless the
  first lines are clearly tab or semicolon separated.

Spreadsheets made by people put title rows ("2014년 1월 사회적기업 현황"),
unit notes ("(단위: 개, 천원)") and empty rows above the header. The header
row is therefore found, not assumed: it is the first of the first
``max_header_scan`` rows that contains every required column. Header cells
are matched to canonical column names through ``aliases`` after
normalisation (see :func:`header_key`), and a unit written after a header in
brackets ("출자금(천원)", "출자금 (단위: 천원)") is ignored for matching and
reported in :attr:`Table.units`.

:func:`write_csv_for_excel` and :func:`write_xlsx` write files that Excel on
Korean Windows opens correctly and that :func:`read_table` reads back.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "Table",
    "TableError",
    "FORMULA_STARTS",
    "cell_text",
    "csv_cell",
    "csv_safe_row",
    "neutralise_formula",
    "restore_formula_text",
    "shown_text",
    "display_width",
    "header_key",
    "read_table",
    "split_header_unit",
    "write_csv_for_excel",
    "write_xlsx",
]


class TableError(ValueError):
    """The file cannot be read at all; the message says why, in Korean.

    The command line reports it with exit code 2. Problems in single rows are
    not TableErrors: they belong to the importer that reads the rows.
    """


@dataclass(frozen=True)
class Table:
    """The rows of a table file, keyed by canonical column name.

    ``columns`` and ``source_headers`` run in parallel, in file order:
    ``columns[i]`` is the canonical name of the header ``source_headers[i]``
    (the header text exactly as in the file), or that header's stripped text
    when it matches no alias. Columns whose header cell is empty are left out
    of both. ``rows`` holds ``(row number, {column: cell text})`` for every
    row after the header that has at least one non-empty cell; the row number
    is the one a spreadsheet program shows (for JSON: record index + 1, as if
    the records sat below a header in row 1). Cell texts are stripped and
    ``""`` when missing.
    """

    columns: tuple[str, ...]
    source_headers: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str | None
    sheet: str | None
    header_row: int
    file_format: str
    units: dict[str, str] = field(default_factory=dict)
    """Unit written after a header in brackets, by column: {"capital": "천원"}."""
    table_unit: str | None = None
    """Money unit of a note row above the header ("(단위: 개, 천원)" → "천원")."""
    unit_note: str | None = None
    """The text of that note row as found, or None."""
    delimiter: str | None = None
    """CSV field separator found (",", "\\t" or ";"); None for XLSX and JSON."""
    rows_with_extra_cells: tuple[int, ...] = ()
    """Row numbers with non-empty cells to the right of the last header (their
    contents are not in ``rows``; often an address with an unquoted comma)."""

    def money_unit(self, column: str) -> str | None:
        """Unit for reading amounts in ``column``: its header's unit, else the table's.

        Pass the result to :func:`bombaram.core.numbers.unit_multiplier` or
        :func:`bombaram.core.numbers.parse_amount`. None means no unit was
        written, and the importer decides (usually won).
        """
        return self.units.get(column) or self.table_unit

    def source_header(self, column: str) -> str:
        """The header text in the file for ``column`` (for messages to users)."""
        try:
            return self.source_headers[self.columns.index(column)]
        except ValueError:
            raise KeyError(column) from None


# ---------------------------------------------------------------- headers

_WHITESPACE_RE = re.compile(r"\s+")
# Units that may follow a header in brackets: money with an optional
# multiplier ("천원", "백만원"), counts, shares, durations, areas.
_UNIT_WORDS = (
    r"(?:[십백천만억조]+\s?)?(?:원|달러|명|개소|개|곳|건|회|가구|시간|개월|일|년|세|점|평|톤)"
    r"|%|퍼센트|m2|kg|usd|krw"
)
# Trailing "(천원)", "[천원]", "(단위: 천원)", "(단위 천원)" after NFKC; the
# header before it is ``base``. A bracket that is not a unit ("주소(본점)")
# stays part of the header.
_HEADER_UNIT_RE = re.compile(
    r"^(?P<base>.*?)\s*[(\[]\s*(?:단위\s*:?\s*(?P<declared>[^()\[\]]+?)|(?P<unit>"
    + _UNIT_WORDS
    + r"))\s*[)\]]$",
    re.IGNORECASE,
)
# Markers templates put around required headers: "*기업명", "기업명 ※".
_MARKERS = "*※ "
# A unit note row above the header: "(단위: 개, 천원)", "단위 : 천원", "(단위 천원)".
_NOTE_UNIT_RE = re.compile(r"단위\s*:\s*(?P<a>[^)\]]+)|[(\[]\s*단위\s+(?P<b>[^)\]]+)[)\]]")
_NOTE_SEPARATORS_RE = re.compile(r"[,/·ㆍ;]")


def split_header_unit(header: str) -> tuple[str, str | None]:
    """Header text without a trailing unit in brackets, and that unit.

    "출자금(천원)" → ("출자금", "천원"); "출자금 (단위: 천원)" → ("출자금",
    "천원"); "고용인원(명)" → ("고용인원", "명"); "주소(본점)" → ("주소(본점)",
    None): a bracket is a unit only when it says 단위 or holds a unit word.
    The text is NFKC-normalised and its whitespace collapsed; spaces inside
    the unit are removed ("천 원" → "천원").
    """
    text = _WHITESPACE_RE.sub(" ", unicodedata.normalize("NFKC", header)).strip()
    match = _HEADER_UNIT_RE.match(text)
    if match is None or not match.group("base").strip(_MARKERS):
        return text, None
    unit = match.group("declared") or match.group("unit")
    return match.group("base"), unit.replace(" ", "")


def header_key(header: str) -> str:
    """Comparison key of a header or alias, ignoring a trailing unit.

    NFKC (which includes NFC and folds fullwidth forms), whitespace removed,
    case folded, required-column markers ("*", "※") at either end dropped:
    "기업 명", " 기업명 ", "*기업명" and "기업명(천원)" all give "기업명".
    """
    base, _unit = split_header_unit(header)
    return base.replace(" ", "").strip(_MARKERS).casefold()


def _full_key(header: str) -> str:
    text = unicodedata.normalize("NFKC", header)
    return _WHITESPACE_RE.sub("", text).strip(_MARKERS).casefold()


class _Matcher:
    """Maps header texts to canonical column names through the aliases."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        self.lookup: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for canonical, spellings in aliases.items():
            if isinstance(spellings, str):
                raise TypeError(f"aliases[{canonical!r}] must be a sequence of spellings")
            for spelling in (canonical, *spellings):
                for key in {_full_key(spelling), header_key(spelling)}:
                    other = self.lookup.setdefault(key, canonical)
                    if other != canonical:
                        raise ValueError(
                            f"alias {spelling!r} is given for both {other!r} and {canonical!r}"
                        )
            korean = [s for s in spellings if any("가" <= c <= "힣" for c in s)]
            self.labels[canonical] = korean[0] if korean else canonical

    def match(self, header: str) -> tuple[str | None, str | None]:
        """(canonical name or None, unit or None) for one header text."""
        if not header:
            return None, None
        base, unit = split_header_unit(header)
        canonical = self.lookup.get(_full_key(header))
        if canonical is None:
            canonical = self.lookup.get(base.replace(" ", "").strip(_MARKERS).casefold())
        return canonical, unit

    def label(self, canonical: str) -> str:
        """Name for messages: first Korean alias and canonical name, as "기업명(name)"."""
        label = self.labels.get(canonical, canonical)
        return canonical if label == canonical else f"{label}({canonical})"


@dataclass
class _Header:
    """The chosen header row, resolved to column names."""

    columns: list[str]
    source_headers: list[str]
    positions: list[int]  # cell index of each column
    units: dict[str, str]


def _resolve_header(cells: Sequence[str], raw_cells: Sequence[str], matcher: _Matcher) -> _Header:
    columns: list[str] = []
    sources: list[str] = []
    positions: list[int] = []
    units: dict[str, str] = {}
    first_header_of: dict[str, str] = {}
    for index, text in enumerate(cells):
        if not text:
            continue
        canonical, unit = matcher.match(text)
        if canonical is not None:
            if canonical in first_header_of:
                raise TableError(
                    f"같은 열로 읽히는 머리글이 둘 있습니다: '{first_header_of[canonical]}'와(과) "
                    f"'{text}'가 모두 {matcher.label(canonical)} 열입니다. 하나만 남겨 주세요."
                )
            first_header_of[canonical] = text
            name = canonical
        else:
            name = text
            copy = 2
            while name in first_header_of:
                name = f"{text} ({copy})"
                copy += 1
            first_header_of[name] = text
        columns.append(name)
        sources.append(raw_cells[index])
        positions.append(index)
        if unit:
            units[name] = unit
    return _Header(columns, sources, positions, units)


def _found_text(cells: Sequence[str]) -> str:
    found = [c for c in cells if c]
    return ", ".join(found) if found else "(없음)"


def _choose_header(
    candidates: Sequence[tuple[int, list[str]]], matcher: _Matcher, required: Sequence[str]
) -> int:
    """Index in ``candidates`` of the header row (see :func:`read_table`)."""
    matched: list[set[str]] = []
    for _number, cells in candidates:
        found = set()
        for text in cells:
            canonical, _unit = matcher.match(text)
            if canonical is not None:
                found.add(canonical)
        matched.append(found)
    needed = set(required)
    if needed:
        for index, found in enumerate(matched):
            if needed <= found:
                return index
    best = max(range(len(candidates)), key=lambda i: len(matched[i]), default=None)
    if best is not None and not matched[best]:
        best = max(range(len(candidates)), key=lambda i: sum(1 for c in candidates[i][1] if c))
        if not any(candidates[best][1]):
            best = None
    if not needed and best is not None:
        return best
    if best is None:
        raise TableError(
            f"머리글 행을 찾지 못했습니다: 처음 {len(candidates)}행이 모두 비어 있습니다."
        )
    missing = [c for c in required if c not in matched[best]]
    labels = ", ".join(matcher.label(c) for c in dict.fromkeys(missing))
    raise TableError(
        f"필수 열을 찾지 못했습니다: {labels}. 찾은 열: {_found_text(candidates[best][1])}"
    )


def _unit_note(rows: Iterable[Sequence[str]]) -> tuple[str | None, str | None]:
    """(money unit, note text) of the last unit note among ``rows``."""
    unit: str | None = None
    note: str | None = None
    for cells in rows:
        text = unicodedata.normalize("NFKC", ", ".join(c for c in cells if c))
        match = _NOTE_UNIT_RE.search(text)
        if match is None:
            continue
        note = text
        listed = match.group("a") or match.group("b") or ""
        items = [i.strip().replace(" ", "") for i in _NOTE_SEPARATORS_RE.split(listed) if i.strip()]
        money = [i for i in items if i.endswith("원")]
        unit = money[0] if money else (items[0] if len(items) == 1 else None)
    return unit, note


# ------------------------------------------------------------------ cells


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer():
        return str(int(value))
    # Excel shows 15 significant digits: 0.1 + 0.2 is shown as 0.3.
    text = format(value, ".15g")
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def cell_text(value: object) -> str:
    """A cell value as a person sees it in a spreadsheet, stripped.

    None → ""; ints → "123"; integral floats → "123" (so a business number
    stored as 1248100998.0 reads "1248100998"); other floats to 15
    significant digits without exponent (0.1 → "0.1", 1e-05 → "0.00001");
    dates and midnight datetimes → "2013-12-08"; other datetimes →
    "2013-12-08 10:30:00"; times → "10:30:00"; booleans → "TRUE"/"FALSE"
    as Excel shows them.
    """
    kind = type(value)
    if kind is str:
        return value.strip()  # type: ignore[union-attr]
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is float:
        return _float_text(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(float(value))
    return str(value).strip()


# ------------------------------------------------------------ the reader


def read_table(
    source: Path | bytes,
    *,
    filename: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    sheet: str | None = None,
    encoding: str = "auto",
    json_records_key: str = "data",
    json_field_map: Mapping[str, str] | None = None,
    max_header_scan: int = 20,
) -> Table:
    """Read a CSV, XLSX or JSON table and key its rows by canonical column.

    ``source`` is a path or the file's bytes; ``filename`` is the name the
    user gave (its extension only breaks the tie when text starting with
    "[" is not valid JSON: a ``.csv``/``.txt``/``.tsv`` file is then read as
    CSV, for title rows such as "[붙임 1] 현황"). ``aliases`` maps each
    canonical column name to its accepted header spellings; the canonical
    name itself is always accepted. ``required`` columns must all be in the
    header row.

    Header row (CSV and XLSX): the first of the first ``max_header_scan``
    rows that contains every required column. When none does, TableError
    "필수 열을 찾지 못했습니다: 기업명(name). 찾은 열: 번호, 업체, 주소" names the
    missing columns and the headers of the best candidate (the row matching
    most aliases, else the fullest row). With no required columns the row
    matching most aliases is taken, else the first fullest row. A unit note
    above the header ("(단위: 개, 천원)") gives :attr:`Table.table_unit`.

    CSV ``encoding``: "auto" (BOM → "utf-8-sig"; strict UTF-8 → "utf-8";
    else "cp949"), or "utf-8" / "cp949" (also spelled "euc-kr", "ms949").
    EUC-KR text is read as CP949, its superset. A leading "sep=;" line (an
    Excel convention) sets the delimiter; otherwise csv.Sniffer chooses among
    comma, tab and semicolon from the first lines, comma when unsure.

    XLSX: ``sheet`` by name, default the first worksheet; cells are turned
    into text by :func:`cell_text`. Merged cells give their value in the
    top-left cell only.

    JSON: records are ``document[json_records_key]`` when the document is an
    object (the open API's {"currentCount": …, "data": [...]}) or the
    document itself when it is a list. ``json_field_map`` maps JSON keys to
    canonical names first; other keys go through ``aliases``. Row numbers
    are the 1-based record index + 1 (record 1 is row 2, as when the records
    are pasted below a header row); ``header_row`` is 1.

    Raises :class:`TableError` (Korean message) when the file cannot be read.
    """
    if max_header_scan < 1:
        raise ValueError("max_header_scan must be at least 1")
    data = _source_bytes(source)
    matcher = _Matcher(aliases)
    body = data.removeprefix(codecs.BOM_UTF8)
    if not body.strip():
        raise TableError("파일이 비어 있습니다.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, matcher, required, sheet, max_header_scan)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            "엑셀 97-2003 형식(.xls) 파일은 읽을 수 없습니다. 엑셀에서 '다른 이름으로 저장'으로 "
            "'Excel 통합 문서(*.xlsx)' 또는 'CSV UTF-8(쉼표로 분리)(*.csv)' 형식으로 저장한 뒤 "
            "다시 올려 주세요. (암호가 걸린 .xlsx 파일도 이 형식이므로 암호를 풀고 저장해 주세요.)"
        )
    if body.startswith(b"%PDF"):
        raise TableError("PDF 파일은 표로 읽을 수 없습니다. XLSX 또는 CSV 파일을 올려 주세요.")
    text, used_encoding = _decode(data, encoding)
    first = text.lstrip()[:1]
    if first in ("{", "["):
        try:
            # Whole numbers stay their text: a 5,000-digit number would pass Python's limit on
            # int(text) (a ValueError that is not a JSONDecodeError); the importer judges the text.
            document = json.loads(text, parse_int=str)
        except RecursionError:
            raise TableError(
                "JSON이 너무 깊게 중첩되어 있어 읽을 수 없습니다 ('[' 또는 '{'가 수천 겹)."
            ) from None
        except json.JSONDecodeError as error:
            if first == "[" and Path(filename).suffix.lower() in (".csv", ".txt", ".tsv"):
                document = None
            else:
                raise TableError(
                    f"JSON 형식이 올바르지 않습니다: {error.lineno}번째 줄 "
                    f"{error.colno}번째 글자에서 읽기를 멈췄습니다."
                ) from None
        if document is not None:
            try:
                return _read_json(
                    document,
                    matcher,
                    required,
                    json_records_key,
                    json_field_map,
                    check_text=_SUSPECT_ESCAPE_RE.search(text) is not None,
                )
            except RecursionError:  # a record's value nested too deep to write back as text
                raise TableError(
                    "JSON이 너무 깊게 중첩되어 있어 읽을 수 없습니다 ('[' 또는 '{'가 수천 겹)."
                ) from None
    table = _read_csv(text, used_encoding, matcher, required, max_header_scan)
    if _QUOTED_FORMULA_RE.search(text):
        table = _restore_formula_cells(table)
    return table


def _source_bytes(source: Path | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str) or not hasattr(source, "__fspath__"):
        raise TypeError("source must be a pathlib.Path or the file's bytes")
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TableError(f"파일을 찾을 수 없습니다: {path.name}") from None
    except IsADirectoryError:
        raise TableError(f"파일이 아니라 폴더입니다: {path.name}") from None
    except OSError as error:
        raise TableError(f"파일을 열 수 없습니다: {path.name} ({error.strerror})") from None


# ------------------------------------------------------------------- text

_ENCODING_NAMES = {
    "auto": "auto",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf_8": "utf-8",
    "utf-8-sig": "utf-8",
    "utf_8_sig": "utf-8",
    "cp949": "cp949",
    "ms949": "cp949",
    "uhc": "cp949",
    "euc-kr": "cp949",
    "euckr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    """Text and the encoding that read it ("utf-8-sig", "utf-8" or "cp949")."""
    wanted = _ENCODING_NAMES.get(encoding.strip().lower())
    if wanted is None:
        raise ValueError(f"encoding must be 'auto', 'utf-8' or 'cp949', not {encoding!r}")
    has_bom = data.startswith(codecs.BOM_UTF8)
    if wanted == "utf-8" or (wanted == "auto" and has_bom):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig" if has_bom else "utf-8"
        except UnicodeDecodeError as error:
            if wanted == "utf-8" or has_bom:
                raise TableError(
                    f"파일을 UTF-8로 읽을 수 없습니다: {_line_of(data, error.start)}번째 줄"
                    f"(바이트 위치 {error.start})에 UTF-8이 아닌 바이트가 있습니다. "
                    "CP949(EUC-KR)로 저장된 파일이면 인코딩을 CP949로 지정해 주세요."
                ) from None
    if wanted == "cp949":
        try:
            return data.decode("cp949"), "cp949"
        except UnicodeDecodeError as error:
            raise TableError(
                f"파일을 CP949로 읽을 수 없습니다: {_line_of(data, error.start)}번째 줄"
                f"(바이트 위치 {error.start})에 CP949가 아닌 바이트가 있습니다. "
                "UTF-8로 저장된 파일이면 인코딩을 UTF-8로 지정해 주세요."
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_failure = error.start
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as error:
        cp949_failure = error.start
    # The decoder that read further is the likelier intended encoding: its
    # failure is the byte to show.
    offset = max(utf8_failure, cp949_failure)
    message = (
        f"파일의 문자 인코딩을 알 수 없습니다: {_line_of(data, offset)}번째 줄(바이트 위치 "
        f"{offset})에 UTF-8로도 CP949로도 읽을 수 없는 바이트가 있습니다. 파일을 UTF-8 또는 "
        "CP949(EUC-KR) 인코딩의 CSV로 다시 저장해 주세요."
    )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message += (
            " 이 파일은 UTF-16('유니코드 텍스트')으로 저장된 것으로 보입니다. 엑셀에서 "
            "'CSV UTF-8(쉼표로 분리)'로 저장해 주세요."
        )
    raise TableError(message)


def _sniff_delimiter(text: str, lines: int) -> str:
    end = 0
    for _ in range(lines):
        found = text.find("\n", end, 65536)
        if found < 0:
            end = min(len(text), 65536)
            break
        end = found + 1
    sample = text[:end]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in (",", "\t", ";"):
        counts = {d: sample.count(d) for d in (",", "\t", ";")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return delimiter


def _read_csv(
    text: str, used_encoding: str, matcher: _Matcher, required: Sequence[str], scan: int
) -> Table:
    nul = text.find("\x00")
    if nul >= 0:  # a binary file, or one NUL that PostgreSQL could not store: never a list
        raise TableError(
            f"텍스트(CSV) 파일이 아닙니다: {text.count(chr(10), 0, nul) + 1}번째 줄에 NUL 문자가 "
            "있습니다. XLSX 또는 CSV 파일을 올려 주세요."
        )
    head = text[:2048].lstrip().lower()
    if head.startswith(("<html", "<!doctype html", "<table", "<?xml")):
        raise TableError(
            "웹 페이지(HTML/XML) 형식의 파일입니다. 누리집에서 받은 '엑셀' 파일이 이런 경우가 "
            "많습니다. 엑셀에서 연 뒤 'Excel 통합 문서(*.xlsx)'나 CSV로 다시 저장해 주세요."
        )
    first_line, _, rest = text.partition("\n")
    if first_line.rstrip("\r").lower().startswith("sep=") and len(first_line.rstrip("\r")) == 5:
        delimiter = first_line[4]
        text = rest
    else:
        delimiter = _sniff_delimiter(text, scan + 5)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _assemble(
            enumerate(reader, start=1),
            matcher,
            required,
            scan,
            file_format="csv",
            encoding=used_encoding,
            sheet=None,
            delimiter=delimiter,
        )
    except csv.Error:
        # In practice: a quote opened and never closed, so the rest of the
        # file became one cell longer than the csv module allows.
        raise TableError(
            f"CSV 형식이 올바르지 않습니다: {reader.line_num}번째 줄 근처에서 읽기를 멈췄습니다. "
            '큰따옴표(")가 열리고 닫히지 않은 칸이 있는지 확인해 주세요.'
        ) from None


def _assemble(
    numbered: Iterator[tuple[int, Sequence[str]]],
    matcher: _Matcher,
    required: Sequence[str],
    scan: int,
    *,
    file_format: str,
    encoding: str | None,
    sheet: str | None,
    delimiter: str | None = None,
) -> Table:
    """Find the header among the first ``scan`` rows, then collect the rest."""
    candidates: list[tuple[int, list[str]]] = []
    raw_candidates: list[Sequence[str]] = []
    for number, cells in numbered:
        raw_candidates.append(cells)
        candidates.append((number, [c.strip() for c in cells]))
        if len(candidates) >= scan:
            break
    if not any(any(cells) for _n, cells in candidates):
        if len(candidates) >= scan:
            raise TableError(f"머리글 행을 찾지 못했습니다: 처음 {scan}행이 모두 비어 있습니다.")
        if sheet is not None:
            raise TableError(f"'{sheet}' 시트가 비어 있습니다.")
        raise TableError("파일이 비어 있습니다.")
    chosen = _choose_header(candidates, matcher, required)
    header_number, header_cells = candidates[chosen]
    header = _resolve_header(header_cells, list(raw_candidates[chosen]), matcher)
    table_unit, unit_note = _unit_note(cells for _n, cells in candidates[:chosen])

    width = max((p + 1 for p in header.positions), default=0)
    names = header.columns
    positions = header.positions
    contiguous = positions == list(range(width))
    padding = [""] * width
    rows: list[tuple[int, dict[str, str]]] = []
    extra: list[int] = []

    def remaining() -> Iterator[tuple[int, Sequence[str]]]:
        for index in range(chosen + 1, len(candidates)):
            yield candidates[index][0], raw_candidates[index]
        yield from numbered

    append = rows.append
    strip = str.strip
    for number, record in remaining():
        size = len(record)
        if size != width:
            if size > width:
                if any(map(strip, record[width:])):
                    extra.append(number)
                record = record[:width]
            else:
                record = [*record, *padding[size:]]
        # Shorter rows were padded and longer ones cut to ``width``, so zip
        # pairs every column with its cell.
        if contiguous:
            row = dict(zip(names, map(strip, record)))  # noqa: B905
        else:
            row = dict(zip(names, [record[p].strip() for p in positions]))  # noqa: B905
        if any(row.values()):
            append((number, row))
    return Table(
        columns=tuple(names),
        source_headers=tuple(header.source_headers),
        rows=rows,
        encoding=encoding,
        sheet=sheet,
        header_row=header_number,
        file_format=file_format,
        units=header.units,
        table_unit=table_unit,
        unit_note=unit_note,
        delimiter=delimiter,
        rows_with_extra_cells=tuple(extra),
    )


# ------------------------------------------------------------------- XLSX


def _read_xlsx(
    data: bytes, matcher: _Matcher, required: Sequence[str], sheet: str | None, scan: int
) -> Table:
    import openpyxl  # imported here: CSV and JSON imports do not pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            _refuse_unsafe_xml(archive)
    except TableError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError, NotImplementedError):
        raise TableError("XLSX 파일이 손상되어 열 수 없습니다.") from None
    if "xl/workbook.xml" not in names:
        if any(n.lower().endswith(".hpf") or n.startswith("Contents/") for n in names):
            raise TableError(
                "한글(HWPX) 문서는 표로 읽을 수 없습니다. 표를 엑셀로 옮겨 XLSX나 CSV로 저장해 주세요."
            )
        raise TableError(
            "엑셀(XLSX) 파일이 아닌 압축(zip) 파일입니다. XLSX나 CSV 파일을 올려 주세요."
        )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise TableError(
            f"XLSX 파일을 열 수 없습니다: 파일이 손상되었을 수 있습니다. ({error})"
        ) from None
    try:
        worksheets = workbook.worksheets
        if sheet is None:
            if not worksheets:
                raise TableError("XLSX 파일에 워크시트가 없습니다.")
            worksheet = worksheets[0]
        else:
            worksheet = _find_sheet(worksheets, sheet)
        if hasattr(worksheet, "reset_dimensions"):
            # Some programs write a wrong <dimension>; read every row present.
            worksheet.reset_dimensions()
        rows = worksheet.iter_rows(values_only=True)
        numbered = ((n, [cell_text(v) for v in row]) for n, row in enumerate(rows, start=1))
        return _assemble(
            numbered,
            matcher,
            required,
            scan,
            file_format="xlsx",
            encoding=None,
            sheet=worksheet.title,
        )
    except TableError:
        raise
    except Exception as error:  # read-only sheets are parsed while iterating: the same many kinds
        raise TableError(
            f"XLSX 파일을 읽는 중 멈췄습니다: 파일이 손상되었을 수 있습니다. ({type(error).__name__})"
        ) from None
    finally:
        workbook.close()


#: the most an XLSX may unpack to (its parts added up): a larger one is a zip bomb, not a list
MAX_XLSX_UNPACKED = 1024**3


def _refuse_unsafe_xml(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose XML parts declare a DTD, or that unpacks to more than 1 GiB.

    Excel never writes a <!DOCTYPE>; one in an uploaded workbook can only define entities that
    expand (the "billion laughs") or point at other files (XXE). The DTD stands before the first
    element, so the first 4 KiB of each part are enough (also in UTF-16, which XML allows).
    """
    infos = archive.infolist()
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
        raise TableError("XLSX 파일의 압축을 풀면 1 GB보다 커서 읽지 않습니다.")
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(4096)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[1:2] == b"\x00":
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise TableError(
                f"XLSX 파일에 DTD(<!DOCTYPE>)가 들어 있어 읽지 않습니다 ({info.filename}). "
                "엑셀에서 열어 다시 저장한 파일을 올려 주세요."
            )


def _find_sheet(worksheets: Sequence[Any], wanted: str) -> Any:
    """The worksheet titled ``wanted``: exactly, else ignoring case, width and spaces."""
    for worksheet in worksheets:
        if worksheet.title == wanted:
            return worksheet
    key = _full_key(wanted)
    for worksheet in worksheets:
        if _full_key(worksheet.title) == key:
            return worksheet
    listed = ", ".join(w.title for w in worksheets)
    raise TableError(f"'{wanted}' 시트를 찾을 수 없습니다. 파일에 있는 시트: {listed}")


# ------------------------------------------------------------------- JSON


def _json_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


# "\u0000" and lone surrogates ("\ud800" without its pair) are valid JSON escapes, but no
# database text column holds them (PostgreSQL refuses NUL; neither encodes a lone surrogate).
_SUSPECT_ESCAPE_RE = re.compile(r"\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2}|[dD][c-fC-F][0-9a-fA-F]{2})")


def _unstorable(text: str) -> str | None:
    if "\x00" in text:
        return "NUL 문자(\\u0000)"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "짝 없는 서로게이트 문자(\\ud800 등)"
    return None


def _read_json(
    document: object,
    matcher: _Matcher,
    required: Sequence[str],
    records_key: str,
    field_map: Mapping[str, str] | None,
    check_text: bool = True,
) -> Table:
    if isinstance(document, dict):
        if records_key not in document:
            keys = ", ".join(str(k) for k in document) or "(없음)"
            raise TableError(f"JSON에 '{records_key}' 항목이 없습니다. 있는 항목: {keys}")
        records = document[records_key]
        where = f"JSON의 '{records_key}' 항목"
    else:
        records = document
        where = "JSON"
    if not isinstance(records, list):
        raise TableError(f"{where}이(가) 레코드 목록([...])이 아닙니다.")
    if not records:
        raise TableError(f"{where}에 레코드가 없습니다.")
    keys: dict[str, None] = {}
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise TableError(f"{where}의 {index}번째 레코드가 객체({{...}})가 아닙니다.")
        keys.update(dict.fromkeys(record))
    if check_text:
        for key in keys:
            problem = _unstorable(key)
            if problem:
                raise TableError(f"JSON 항목 이름에 {problem}이(가) 있어 읽을 수 없습니다.")
    field_map = field_map or {}
    # Resolve each key as a header: the field map first, then the aliases.
    columns: list[str] = []
    units: dict[str, str] = {}
    first_key_of: dict[str, str] = {}
    for key in keys:
        mapped = field_map.get(key)
        canonical, unit = matcher.match(key)
        name = mapped or canonical or key
        if name in first_key_of:
            label = matcher.label(name)
            raise TableError(
                f"같은 열로 읽히는 항목이 둘 있습니다: '{first_key_of[name]}'와(과) '{key}'가 "
                f"모두 {label} 열입니다."
            )
        first_key_of[name] = key
        columns.append(name)
        if unit:
            units[name] = unit
    missing = [c for c in dict.fromkeys(required) if c not in first_key_of]
    if missing:
        labels = ", ".join(matcher.label(c) for c in missing)
        raise TableError(f"필수 열을 찾지 못했습니다: {labels}. 찾은 열: {', '.join(keys)}")
    key_of = list(zip(columns, keys, strict=True))
    rows: list[tuple[int, dict[str, str]]] = []
    for index, record in enumerate(records, start=1):
        values = {name: _json_text(record.get(key)) for name, key in key_of}
        if any(values.values()):
            rows.append((index + 1, values))
    if check_text:
        for number, values in rows:
            for name, key in key_of:
                problem = _unstorable(values[name])
                if problem:
                    raise TableError(
                        f"{number}행 '{key}' 항목에 {problem}이(가) 있어 읽을 수 없습니다."
                    )
    return Table(
        columns=tuple(columns),
        source_headers=tuple(keys),
        rows=rows,
        encoding=None,
        sheet=None,
        header_row=1,
        file_format="json",
        units=units,
    )


# ------------------------------------------------- formulas in CSV cells

#: first characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number with a minus sign ("-1,000", "-5.25") stays a number: Excel reads it as one.
_NEGATIVE_NUMBER_RE = re.compile(r"-(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)
_QUOTED_FORMULA_RE = re.compile("'[=+\\-@\t\r']")


def neutralise_formula(text: str) -> str:
    """``text`` made safe for a CSV cell that a spreadsheet will open.

    A cell starting with "=", "+", "-", "@", a tab or a carriage return is prefixed with a single
    quote, so that Excel and LibreOffice show it as text instead of running it as a formula
    (OWASP, "CSV Injection"): "=HYPERLINK(…)" → "'=HYPERLINK(…)", "+82-2-123" → "'+82-2-123".
    Two exceptions are written as they are, because they cannot run and people read them: a plain
    negative number ("-1,000", "-5.25", which stays a number in the spreadsheet) and a lone "-"
    (the "no value" of printed tables). A text that itself starts with a quote gets one more
    ("'abc" → "''abc"), so that :func:`restore_formula_text`, which :func:`read_table` and the
    framework reader apply, gives back exactly the text written: export → import is lossless.
    """
    if text and text.startswith(FORMULA_STARTS) and text != "-":
        if not _NEGATIVE_NUMBER_RE.fullmatch(text):
            return "'" + text
    elif text.startswith("'"):
        return "'" + text
    return text


def restore_formula_text(text: str) -> str:
    """The text :func:`neutralise_formula` was given: "'=1+2" → "=1+2", "''a" → "'a"; else unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r'":
        return text[1:]
    return text


def shown_text(text: str, limit: int) -> str:
    """``text`` for a report or a terminal: control characters escaped, at most ``limit`` characters."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else "\ufffd" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_cell(value: object) -> str:
    """A value for a CSV cell: :func:`cell_text`, then :func:`neutralise_formula`."""
    return neutralise_formula(cell_text(value))


def csv_safe_row(values: Iterable[object]) -> list[object]:
    """A row for ``csv.writer``: strings through :func:`neutralise_formula`, other values as they are.

    Every CSV writer of bombaram passes its rows through this (or :func:`csv_cell`); numbers stay
    numbers (``csv`` writes -1.5 as "-1.5", which a spreadsheet reads as a number, not a formula).
    """
    return [neutralise_formula(v) if isinstance(v, str) else v for v in values]


def _restore_formula_cells(table: Table) -> Table:
    rows = [
        (number, {k: restore_formula_text(v) if v[:1] == "'" else v for k, v in row.items()})
        for number, row in table.rows
    ]
    return dataclasses.replace(table, rows=rows)


# ---------------------------------------------------------------- writers


def write_csv_for_excel(
    path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write a CSV that Excel on Korean Windows opens with Hangul intact.

    UTF-8 with byte order mark (Excel takes a file without one for CP949),
    CRLF line ends, comma separated, quotes only where needed. Values are
    written as :func:`cell_text` shows them (None → "", 1234.0 → "1234",
    dates ISO), each made safe from formulas by :func:`neutralise_formula`. Note that Excel, not this file, turns long digit strings
    such as 13-digit 법인등록번호 into 1.1E+12 and drops leading zeros when it
    opens a CSV: give officers XLSX (:func:`write_xlsx`) when that matters.
    """
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([csv_cell(c) for c in columns])
        writer.writerows([csv_cell(v) for v in row] for row in rows)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced view: Hangul and other wide characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_WIDTH_SAMPLE_ROWS = 1000
_ILLEGAL_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(
    path: Path,
    sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[object]]]],
    *,
    number_formats: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> None:
    """Write one or more sheets: {sheet name: (columns, rows)}.

    Each sheet has the ``notes`` (e.g. "예시 데이터") one per row in column A,
    then the header row in bold, frozen so it stays visible, then the rows.
    Numbers, dates and booleans stay typed cells; strings stay strings even
    when they start with "=" (never formulas). ``number_formats`` maps a
    column name to an Excel number format for its data cells, e.g.
    {"매출액": "#,##0"}; dates get "yyyy-mm-dd". Aware datetimes are written
    at their wall time (convert to Asia/Seoul first); values of other types
    as :func:`cell_text` shows them. Column widths fit the header
    and the first 1,000 rows, Hangul counting two. Control characters that
    XLSX cannot hold are dropped from strings. :func:`read_table` finds the
    header below the notes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if not sheets:
        raise ValueError("write_xlsx needs at least one sheet")
    formats = dict(number_formats or {})
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    note_font = Font(italic=True, color="FF555555")
    for sheet_name, (columns, rows) in sheets.items():
        worksheet = workbook.create_sheet(title=sheet_name)
        rows = rows if isinstance(rows, list) else list(rows)
        widths = [display_width(str(c)) for c in columns]
        for row in rows[:_WIDTH_SAMPLE_ROWS]:
            for index, value in enumerate(row[: len(widths)]):
                size = max(map(display_width, cell_text(value).split("\n")))
                if size > widths[index]:
                    widths[index] = size
        for index, size in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = min(size + 2, 60)
        header_row = len(notes) + 1
        worksheet.freeze_panes = f"A{header_row + 1}"
        for note in notes:
            cell = WriteOnlyCell(worksheet, value=_xlsx_string(note))
            cell.font = note_font
            cell.data_type = "s"
            worksheet.append([cell])
        header_cells = []
        for column in columns:
            cell = WriteOnlyCell(worksheet, value=_xlsx_string(str(column)))
            cell.font = bold
            cell.data_type = "s"
            header_cells.append(cell)
        worksheet.append(header_cells)
        column_formats = [formats.get(str(c)) for c in columns]
        for row in rows:
            out: list[object] = []
            for index, raw in enumerate(row):
                value = _xlsx_value(raw)
                number_format = column_formats[index] if index < len(column_formats) else None
                if isinstance(value, str):
                    value = _xlsx_string(value)
                    if value.startswith("="):
                        cell = WriteOnlyCell(worksheet, value=value)
                        cell.data_type = "s"
                        out.append(cell)
                        continue
                elif isinstance(value, dt.date) and not number_format:
                    is_datetime = isinstance(value, dt.datetime)
                    number_format = "yyyy-mm-dd hh:mm:ss" if is_datetime else "yyyy-mm-dd"
                if number_format and value is not None:
                    cell = WriteOnlyCell(worksheet, value=value)
                    cell.number_format = number_format
                    out.append(cell)
                else:
                    out.append(value)
            worksheet.append(out)
    workbook.save(Path(path))


def _xlsx_string(text: str) -> str:
    return _ILLEGAL_XML_RE.sub("", text)


_XLSX_TYPES = (str, int, float, Decimal, dt.date, dt.time, dt.timedelta)


def _xlsx_value(value: object) -> object:
    """A value openpyxl can store: typed values as they are, anything else as text."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: keep the wall time
    if value is None or isinstance(value, _XLSX_TYPES):
        return value
    return cell_text(value)
