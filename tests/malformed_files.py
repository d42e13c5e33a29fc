"""A generated corpus of malformed files for every import path, built at test time (no binaries committed).

Each import kind (organisation list, purchases, targets, Delphi responses, framework indicators) has a
valid base table; :func:`corpus` derives a few dozen broken files from it: wrong encodings, BOMs,
empty files, missing and duplicate headers, huge numbers, NUL, other scripts' digits, dates out of
range, long cells, unclosed quotes, formulas, deep or odd JSON, truncated or hostile XLSX (DTD), other
formats (xls, PDF, HTML, zip), random bytes and byte flips of the valid file. About 60 cases a kind.

Run ``python -m tests.malformed_files OUTDIR`` to write the files for a look.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from bombaram.core.identifiers import make_business_no

BN = make_business_no("101810001")
BN2 = make_business_no("209820002")


@dataclass(frozen=True)
class Kind:
    """A valid table of one import kind and what its columns hold."""

    name: str
    header: list[str]
    rows: list[list[object]]
    numbers: list[str] = field(default_factory=list)   # columns read as numbers
    dates: list[str] = field(default_factory=list)     # columns read as dates
    texts: list[str] = field(default_factory=list)     # columns stored as text
    required: list[str] = field(default_factory=list)  # columns whose absence refuses the file
    stores: bool = True                                # the values go into the database
    json: bool = True                                  # the reader takes JSON records
    xlsx: bool = True                                  # the reader takes XLSX


KINDS: dict[str, Kind] = {
    "registry": Kind(
        "registry",
        ["기업명", "사업자등록번호", "자치구", "인증일", "조합원수", "출자금", "대표자"],
        [["가나협동조합", BN, "성북구", "2013-01-01", "5", "1000000", "김가나"],
         ["다라사회적협동조합", BN2, "노원구", "2013-06-10", "12", "2,500,000", "이다라"]],
        numbers=["조합원수", "출자금"], dates=["인증일"], texts=["기업명", "대표자"], required=["기업명"],
    ),
    "purchases": Kind(
        "purchases",
        ["구매일자", "부서", "업체명", "사업자등록번호", "품목", "구분", "금액"],
        [["2014-03-02", "복지정책과", "가나협동조합", BN, "도시락", "물품", "120000"],
         ["2014-04-11", "복지정책과", "다라상회", "", "청소 용역", "용역", "3,300,000"]],
        numbers=["금액"], dates=["구매일자"], texts=["업체명", "품목"],
        required=["구매일자", "부서", "업체명", "품목", "구분", "금액"],
    ),
    "targets": Kind(
        "targets",
        ["institution_code", "institution_name", "year", "department", "target_won"],
        [["seongbuk", "성북구청", "2016", "", "100000000"], ["seongbuk", "성북구청", "2016", "복지정책과", "5000000"]],
        numbers=["year", "target_won"], texts=["institution_name", "department"],
        required=["institution_code", "year", "target_won"],
    ),
    "delphi": Kind(
        "delphi",
        ["round", "panellist", "group", "item_code", "item_kind", "suitable", "score"],
        [[1, "P01", "local", "1-1.1", "indicator", "1", "6"], [1, "P02", "city", "1-1.1", "indicator", "0", "5"],
         [1, "P03", "city", "1-1.1", "indicator", "1", "7"]],
        numbers=["round", "score"], texts=["panellist", "item_code"],
        required=["round", "panellist", "item_code", "item_kind"], stores=False, json=False, xlsx=False,
    ),
    "framework": Kind(
        "framework",
        ["goal_no", "goal", "activity_no", "activity", "subactivity_no", "subactivity", "indicator", "unit",
         "suit_r1_all"],
        [["1", "지역 일자리", "1-1", "교육", "", "", "교육 이수자 수", "명", "0.89"],
         ["1", "지역 일자리", "1-2", "장터", "", "", "장터 참여 기업 수", "곳", "0.77"]],
        numbers=["suit_r1_all"], texts=["goal", "indicator", "unit"],
        required=["goal_no", "goal", "activity_no", "activity", "indicator"], json=False, xlsx=False,
    ),
}


@dataclass(frozen=True)
class Case:
    """One malformed file. ``may_pass``: a reader may accept it (its rows are then written, exit 0)."""

    name: str
    data: bytes
    filename: str
    may_pass: bool = False


def csv_bytes(header: list[object], rows: list[list[object]], *, encoding: str = "utf-8-sig",
              newline: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header: list[object], rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_column(kind: Kind, column: str, value: object, row: int = 0) -> list[list[object]]:
    rows = [list(r) for r in kind.rows]
    rows[row][kind.header.index(column)] = value
    return rows


def _rewrite_part(data: bytes, part: str, change) -> bytes:
    """The XLSX ``data`` with one part replaced by ``change(old bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n")


def _cases_for(kind: Kind) -> Iterator[Case]:
    header, rows = kind.header, kind.rows
    valid = csv_bytes(header, rows)
    name = kind.name

    def case(label: str, data: bytes, suffix: str = ".csv", may_pass: bool = False) -> Case:
        return Case(f"{name}:{label}", data, f"{name}-{label.replace(' ', '_')}{suffix}", may_pass)

    # empty and nearly empty
    yield case("empty", b"")
    yield case("bom only", b"\xef\xbb\xbf")
    yield case("blank lines", b" \r\n\r\n\t\n")
    yield case("header only", csv_bytes(header, []), may_pass=True)  # a list of no rows: nothing to do
    yield case("one comma", b",")
    # encodings and byte order marks
    text = valid.decode("utf-8-sig")
    yield case("utf-16 with bom", text.encode("utf-16"))
    yield case("utf-16-le without bom", text.encode("utf-16-le"))
    yield case("utf-32", text.encode("utf-32"))
    yield case("utf-8 bom then cp949", b"\xef\xbb\xbf" + text.encode("cp949"), may_pass=kind.name == "delphi")
    yield case("cp949", text.encode("cp949"), may_pass=True)
    yield case("latin-1 garbage", bytes(range(128, 256)) * 4)
    yield case("utf-8 cut inside a character", valid[:-1] + "가".encode()[:2])
    yield case("double bom", b"\xef\xbb\xbf" + valid)
    # header problems
    for column in kind.required:
        index = header.index(column)
        yield case(f"missing {column}", csv_bytes(header[:index] + header[index + 1:],
                                                  [r[:index] + r[index + 1:] for r in rows]))
    yield case("duplicate header", csv_bytes([*header, header[0]], [[*r, r[0]] for r in rows]))
    yield case("header of 140k chars", csv_bytes([*header[:-1], "x" * 140_000], rows))
    yield case("cell of 200k chars", csv_bytes(header, _with_column(kind, kind.texts[0], "가" * 200_000)))
    yield case("unclosed quote", valid + b'"never closed,' + b"x" * 1000)
    yield case("extra cells", csv_bytes(header, [[*rows[0], "extra", "cells"], *rows[1:]]), may_pass=True)
    yield case("short row", csv_bytes(header, [rows[0][:2], *rows[1:]]))
    yield case("cr line ends", csv_bytes(header, rows, newline="\r"), may_pass=True)
    yield case("sep line", b"sep=;\r\n" + csv_bytes(header, rows, encoding="utf-8"))
    # values
    for column in kind.numbers:
        for label, value in (("20 digits", "9" * 20), ("5000 digits", "9" * 5000), ("ten billion", "9,999,999,999"),
                             ("arabic-indic digits", "٣٤٥"), ("devanagari", "३"), ("exponent", "1e400"),
                             ("negative", "-5"), ("minus only", "-"), ("nan", "NaN"), ("formula", "=1+2")):
            fits = (label == "ten billion" and column in ("출자금", "금액", "target_won")
                    or label == "minus only" and kind.name == "framework")  # "-": no printed figure
            yield case(f"{column} {label}", csv_bytes(header, _with_column(kind, column, value)), may_pass=fits)
    for column in kind.dates:
        for value in ("9999-12-31", "1899-12-30", "0000-00-00", "2013-02-30", "٢٠١٣-١٢-٠٨", "99999999", "2958466"):
            yield case(f"{column} {value}", csv_bytes(header, _with_column(kind, column, value)))
    for column in kind.texts:
        yield case(f"{column} with NUL", csv_bytes(header, _with_column(kind, column, "가\x00나")),
                   may_pass=not kind.stores)
        yield case(f"{column} formula", csv_bytes(header, _with_column(kind, column, '=HYPERLINK("http://x","y")')),
                   may_pass=True)
        yield case(f"{column} terminal escapes", csv_bytes(header, _with_column(kind, column, "\x1b[31m빨강\x1b[0m")),
                   may_pass=True)
        yield case(f"{column} 500 chars", csv_bytes(header, _with_column(kind, column, "가" * 500)),
                   may_pass=not kind.stores)
    yield case("NUL after 70 kB", valid + b"," * 70_000 + b"\r\n\x00\r\n")
    if kind.name == "purchases":
        for unit in ("(단위: 조원)", "(단위: 달러)", "(단위 천원)"):
            yield case(f"amount header {unit}", csv_bytes([h if h != "금액" else f"금액{unit}" for h in header], rows),
                       may_pass=unit != "(단위: 달러)")
    # JSON
    deep = b"[" * 100_000 + b"]" * 100_000
    yield case("deep json list", deep, ".json")
    yield case("deep json object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, ".json")
    yield case("json number of 5000 digits", b"[" + b"9" * 5000 + b"]", ".json")
    yield case("json not records", b'{"data": 5}', ".json")
    yield case("json empty list", b"[]", ".json")
    yield case("json list of numbers", b"[1, 2, 3]", ".json")
    yield case("json truncated", b'[{"a": "b"', ".json")
    if kind.json:
        records = [dict(zip(header, r, strict=True)) for r in rows]

        def with_value(value: object) -> bytes:
            changed = [dict(r) for r in records]
            changed[0][kind.numbers[0]] = value
            return json.dumps({"data": changed}, ensure_ascii=True).encode()

        yield case("json value of 5000 digits", with_value(10**4000).replace(b"1" + b"0" * 4000, b"9" * 5000),
                   ".json")
        yield case("json value 1e999", with_value(1.0).replace(b"1.0", b"1e999"), ".json")
        yield case("json value nested deep", with_value(0).replace(b": 0", b": " + b"[" * 5000 + b"]" * 5000), ".json")
        text_column = kind.texts[0]
        nul = [dict(r) for r in records]
        nul[0][text_column] = "가\u0000나"
        yield case("json string with \\u0000", json.dumps({"data": nul}).encode(), ".json")
        lone = json.dumps({"data": records}).replace(json.dumps(records[0][text_column])[1:-1], "\\ud800", 1)
        yield case("json lone surrogate", lone.encode(), ".json")
        yield case("json key with NUL", json.dumps([{**records[0], "a\u0000": "b"}]).encode(), ".json")
    # XLSX and other formats
    book = xlsx_bytes(header, rows)
    for fraction in (0.1, 0.5, 0.9):
        yield case(f"xlsx truncated at {fraction:.0%}", book[: int(len(book) * fraction)], ".xlsx")
    yield case("xlsx with a DTD in the sheet", _rewrite_part(
        book, "xl/worksheets/sheet1.xml", lambda old: LAUGHS + old.split(b"?>", 1)[-1]), ".xlsx")
    yield case("xlsx with a DTD in the content types", _rewrite_part(
        book, "[Content_Types].xml", lambda old: LAUGHS + old.split(b"?>", 1)[-1]), ".xlsx")
    yield case("xlsx with broken sheet xml", _rewrite_part(
        book, "xl/worksheets/sheet1.xml", lambda old: old[: len(old) // 2]), ".xlsx")
    if kind.xlsx:
        yield case("xlsx with numeric 20 digits", xlsx_bytes(header, _with_column(kind, kind.numbers[-1], 10**19 * 9)),
                   ".xlsx")
        if kind.dates:
            import datetime as dt

            yield case("xlsx with date 9999-12-31", xlsx_bytes(
                header, _with_column(kind, kind.dates[0], dt.datetime(9999, 12, 31))), ".xlsx")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    yield case("zip that is not xlsx", zipped.getvalue(), ".xlsx")
    yield case("xls (ole)", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls")
    yield case("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", ".pdf")
    yield case("html", "<html><body><table><tr><td>기업명</td></tr></table></body></html>".encode(), ".xls")
    # random bytes and byte flips (seeded: the same corpus every run)
    rng = random.Random(f"bombaram-{name}")
    for index in range(4):
        yield case(f"random bytes {index}", rng.randbytes(rng.randint(1, 3000)), ".csv")
    for index in range(8):
        flipped = bytearray(valid)
        for _ in range(rng.randint(1, 6)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        yield case(f"byte flips {index}", bytes(flipped), may_pass=True)
    for index in range(3):
        flipped = bytearray(book)
        for _ in range(rng.randint(1, 4)):
            flipped[rng.randrange(30, len(flipped))] = rng.randrange(256)
        yield case(f"xlsx byte flips {index}", bytes(flipped), ".xlsx", may_pass=True)


def corpus(kind: str) -> list[Case]:
    """The malformed files of one import kind (see KINDS)."""
    return list(_cases_for(KINDS[kind]))


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "malformed-corpus")
    for kind in KINDS:
        for item in corpus(kind):
            (out / kind).mkdir(parents=True, exist_ok=True)
            (out / kind / item.filename).write_bytes(item.data)
    print(f"{sum(len(corpus(k)) for k in KINDS)} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
