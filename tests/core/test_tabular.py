"""bombaram.core.tabular: reading CSV/XLSX/JSON tables as officers and the open API produce them."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from bombaram.core.numbers import parse_amount
from bombaram.core.tabular import (
    Table,
    TableError,
    cell_text,
    display_width,
    header_key,
    read_table,
    split_header_unit,
    write_csv_for_excel,
    write_xlsx,
)

ORGANISATION_ALIASES: dict[str, list[str]] = {
    "name": ["name", "기업명", "기관명", "법인명", "조합명", "마을기업명"],
    "business_no": ["사업자등록번호", "사업자번호"],
    "representative": ["대표자", "대표자명"],
    "address": ["주소", "소재지"],
    "capital": ["출자금", "자본금"],
    "revenue": ["매출액"],
    "employees": ["고용인원", "근로자수"],
    "granted": ["인증일", "지정일"],
    "district": ["자치구"],
    "certificate_no": ["인증번호"],
    "phone": ["전화번호"],
    "website": ["홈페이지"],
    "industry": ["업종"],
}

API_FIELD_MAP = {
    "entNmV": "name",
    "certiNumV": "certificate_no",
    "certiIssuD": "granted",
    "addr": "address",
    "telNo": "phone",
    "homepageAddrV": "website",
    "busiContV": "industry",
    "ceoNmV": "representative",
}

# One record of the national social enterprise open API, as published.
DASOMI = {
    "addr": "03993 서울특별시 마포구 동교로27길 3-10",
    "certiIssuD": "2007-10-29",
    "certiNumV": "제2007-001호",
    "entNmV": "(재)다솜이재단",
    "telNo": "070-7507-2070",
    "homepageAddrV": "www.dasomi.org",
    "busiContV": "서비스",
    "ceoNmV": "양용희",
}

# A register as exported from a Korean Windows PC: title, unit note (quoted,
# since it holds a comma), an empty line, then the header. "똠" is one of the
# syllables CP949 (UHC) has and strict EUC-KR does not.
REGISTER_CSV = (
    "2014년 1월 서울시 사회적기업 현황,,,,\r\n"
    '"(단위: 개, 천원)",,,,\r\n'
    ",,,,\r\n"
    "번호,기업명,사업자등록번호,주소,출자금\r\n"
    '1,(주)똠방각하,124-81-00998,서울특별시 마포구 동교로 3,"12,000"\r\n'
    "2,  사회적협동조합 늘봄  ,220-81-62517,서울특별시 성동구 왕십리로 5,500\r\n"
)


def read(data: bytes | Path, filename: str = "현황.csv", **options: object) -> Table:
    options.setdefault("aliases", ORGANISATION_ALIASES)
    options.setdefault("required", ["name"])
    return read_table(data, filename=filename, **options)  # type: ignore[arg-type]


def error_of(data: bytes | Path, filename: str = "현황.csv", **options: object) -> str:
    with pytest.raises(TableError) as caught:
        read(data, filename, **options)
    return str(caught.value)


def xlsx_bytes(build: Callable[[openpyxl.Workbook], object]) -> bytes:
    """An XLSX file made by ``build(workbook)``, as bytes."""
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ CSV


def test_cp949_register_with_title_unit_note_and_empty_line() -> None:
    data = REGISTER_CSV.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")  # strict EUC-KR would fail on "똠"
    table = read(data, required=["name", "business_no"])
    assert table.file_format == "csv"
    assert table.encoding == "cp949"
    assert table.delimiter == ","
    assert table.header_row == 4
    assert table.columns == ("번호", "name", "business_no", "address", "capital")
    assert table.source_headers == ("번호", "기업명", "사업자등록번호", "주소", "출자금")
    assert table.table_unit == "천원"
    assert table.unit_note == "(단위: 개, 천원)"
    assert table.rows == [
        (
            5,
            {
                "번호": "1",
                "name": "(주)똠방각하",
                "business_no": "124-81-00998",
                "address": "서울특별시 마포구 동교로 3",
                "capital": "12,000",
            },
        ),
        (
            6,
            {
                "번호": "2",
                "name": "사회적협동조합 늘봄",
                "business_no": "220-81-62517",
                "address": "서울특별시 성동구 왕십리로 5",
                "capital": "500",
            },
        ),
    ]
    # The note's money unit applies to money columns without their own unit.
    assert table.money_unit("capital") == "천원"
    assert parse_amount(table.rows[0][1]["capital"], table.money_unit("capital")) == 12_000_000


@pytest.mark.parametrize(
    ("encoded", "expected_encoding"),
    [
        (codecs.BOM_UTF8 + REGISTER_CSV.encode("utf-8"), "utf-8-sig"),
        (REGISTER_CSV.encode("utf-8"), "utf-8"),
        (REGISTER_CSV.encode("cp949"), "cp949"),
    ],
    ids=["utf-8 with BOM", "utf-8 without BOM", "cp949"],
)
def test_encoding_is_detected(encoded: bytes, expected_encoding: str) -> None:
    table = read(encoded)
    assert table.encoding == expected_encoding
    assert table.source_headers[1] == "기업명"  # no "\ufeff" left on the header
    assert [row["name"] for _n, row in table.rows] == ["(주)똠방각하", "사회적협동조합 늘봄"]


def test_bom_file_whose_first_header_is_required() -> None:
    data = codecs.BOM_UTF8 + "기업명,대표자\r\n(재)다솜이재단,양용희\r\n".encode()
    table = read(data)
    assert table.encoding == "utf-8-sig"
    assert table.header_row == 1
    assert table.rows == [(2, {"name": "(재)다솜이재단", "representative": "양용희"})]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8-sig"), ("UTF8", "utf-8-sig"), ("auto", "utf-8-sig")],
)
def test_explicit_utf8_accepts_a_bom(encoding: str, expected: str) -> None:
    data = codecs.BOM_UTF8 + "기업명\n늘봄\n".encode()
    assert read(data, encoding=encoding).encoding == expected


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "MS949"])
def test_explicit_cp949_and_euc_kr_read_as_cp949(encoding: str) -> None:
    table = read(REGISTER_CSV.encode("cp949"), encoding=encoding)
    assert table.encoding == "cp949"
    assert table.rows[0][1]["name"] == "(주)똠방각하"


def test_explicit_utf8_on_a_cp949_file_names_the_line() -> None:
    data = "기업명,주소\n".encode() + "늘봄,서울\n".encode("cp949")
    message = error_of(data, encoding="utf-8")
    assert message.startswith("파일을 UTF-8로 읽을 수 없습니다: 2번째 줄")
    assert "CP949" in message


def test_explicit_cp949_on_undecodable_bytes_names_the_line() -> None:
    data = b"name\nabc\n\x80\n"
    message = error_of(data, encoding="cp949")
    assert message.startswith("파일을 CP949로 읽을 수 없습니다: 3번째 줄(바이트 위치 9)")


def test_unknown_encoding_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="encoding"):
        read(b"name\nx\n", encoding="latin-1")


def test_bytes_that_are_neither_utf8_nor_cp949() -> None:
    data = b"\xff\xfe\xfa\xfb\x00\x01name"
    for codec in ("utf-8", "cp949"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    message = error_of(data)
    assert message.startswith("파일의 문자 인코딩을 알 수 없습니다: 1번째 줄(바이트 위치 0)")
    assert "UTF-8 또는 CP949" in message
    assert "UTF-16" in message  # FF FE is the UTF-16 byte order mark: say so


def test_undecodable_byte_deep_in_the_file_is_located() -> None:
    # UTF-8 text that breaks on line 3: UTF-8 reads further than CP949 (which
    # stumbles on the 0x80 inside "가"), so the UTF-8 failure is reported.
    data = "기업명\n가나\n".encode() + b"ab\xff\n"
    assert data.index(b"\xff") == 19
    message = error_of(data)
    assert "3번째 줄(바이트 위치 19)" in message
    assert "UTF-16" not in message


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("기업명\t주소\t대표자\r\n(주)늘봄\t서울특별시 마포구 동교로 3, 2층\t김철수\r\n", "\t"),
        ("기업명;주소;대표자\r\n(주)늘봄;서울특별시 마포구 동교로 3, 2층;김철수\r\n", ";"),
        ('기업명,주소,대표자\r\n(주)늘봄,"서울특별시 마포구 동교로 3, 2층",김철수\r\n', ","),
        ("sep=;\r\n기업명;주소;대표자\r\n(주)늘봄;서울특별시 마포구 동교로 3, 2층;김철수\r\n", ";"),
    ],
    ids=["tab", "semicolon", "comma", "excel sep line"],
)
def test_delimiter_is_detected(text: str, delimiter: str) -> None:
    table = read(text.encode("utf-8"))
    assert table.delimiter == delimiter
    assert table.header_row == 1  # Excel does not show the "sep=" line as a row
    assert table.rows == [
        (
            2,
            {
                "name": "(주)늘봄",
                "address": "서울특별시 마포구 동교로 3, 2층",
                "representative": "김철수",
            },
        )
    ]


def test_tab_separated_cp949_with_title_row() -> None:
    text = "사회적경제기업 명단\t\t\r\n기업명\t사업자번호\t자치구\r\n늘봄\t1248100998\t마포구\r\n"
    table = read(text.encode("cp949"), filename="명단.txt")
    assert (table.delimiter, table.encoding, table.header_row) == ("\t", "cp949", 2)
    assert table.rows == [(3, {"name": "늘봄", "business_no": "1248100998", "district": "마포구"})]


def test_row_numbers_follow_the_spreadsheet_not_the_text_lines() -> None:
    # A quoted cell with a line break is one spreadsheet row; empty rows are
    # skipped but still counted.
    text = '기업명,주소\r\n늘봄,"서울특별시 마포구\r\n동교로 3"\r\n,\r\n\r\n   ,  \r\n다솜,서울\r\n'
    table = read(text.encode())
    assert table.rows == [
        (2, {"name": "늘봄", "address": "서울특별시 마포구\r\n동교로 3"}),
        (6, {"name": "다솜", "address": "서울"}),
    ]


def test_short_rows_are_padded_and_long_rows_are_reported() -> None:
    text = "기업명,주소,대표자\n늘봄\n다솜,서울특별시 마포구,동교로 3,양용희\n해봄,서울,,\n"
    table = read(text.encode())
    assert table.rows == [
        (2, {"name": "늘봄", "address": "", "representative": ""}),
        (3, {"name": "다솜", "address": "서울특별시 마포구", "representative": "동교로 3"}),
        (4, {"name": "해봄", "address": "서울", "representative": ""}),
    ]
    assert table.rows_with_extra_cells == (3,)


def test_unknown_headers_are_kept_and_empty_headers_dropped() -> None:
    text = "기업명,비고,,비고, 설립 연도 \n늘봄,가,무시됨,나,2012\n"
    table = read(text.encode())
    assert table.columns == ("name", "비고", "비고 (2)", "설립 연도")
    assert table.source_headers == ("기업명", "비고", "비고", " 설립 연도 ")
    assert table.rows == [
        (2, {"name": "늘봄", "비고": "가", "비고 (2)": "나", "설립 연도": "2012"})
    ]
    assert table.source_header("name") == "기업명"
    with pytest.raises(KeyError):
        table.source_header("address")


def test_header_only_file_has_no_rows() -> None:
    table = read("기업명,주소\r\n".encode())
    assert table.columns == ("name", "address")
    assert table.rows == []


def test_text_starting_with_a_bracket_in_a_csv_is_a_title_not_json() -> None:
    text = "[붙임 1] 2014년 사회적기업 현황\n기업명,주소\n늘봄,서울\n"
    table = read(text.encode("cp949"), filename="붙임1.csv")
    assert (table.file_format, table.header_row) == ("csv", 2)
    assert table.rows == [(3, {"name": "늘봄", "address": "서울"})]


# -------------------------------------------------------- header matching


def test_missing_required_column_lists_what_was_found() -> None:
    text = "2014년 사회적기업 현황,,\n번호,업체,주소\n1,늘봄,서울\n"
    assert error_of(text.encode("cp949")) == (
        "필수 열을 찾지 못했습니다: 기업명(name). 찾은 열: 번호, 업체, 주소"
    )


def test_several_missing_required_columns_are_all_named() -> None:
    text = "현황\n(단위: 천원)\n기업명,대표,소재\n늘봄,김철수,서울\n"
    message = error_of(text.encode(), required=["name", "business_no", "address"])
    assert message == (
        "필수 열을 찾지 못했습니다: 사업자등록번호(business_no), 주소(address). "
        "찾은 열: 기업명, 대표, 소재"
    )


def test_header_must_be_within_the_scanned_rows() -> None:
    text = "제목\n" * 24 + "기업명\n늘봄\n"
    assert error_of(text.encode()).startswith("필수 열을 찾지 못했습니다: 기업명(name).")
    table = read(text.encode(), max_header_scan=30)
    assert table.header_row == 25
    assert table.rows == [(26, {"name": "늘봄"})]


def test_duplicate_canonical_columns_name_both_headers() -> None:
    message = error_of("기업명,주소,법인명\n늘봄,서울,늘봄\n".encode())
    assert "'기업명'" in message and "'법인명'" in message
    assert "기업명(name)" in message


def test_without_required_columns_the_row_matching_most_aliases_is_the_header() -> None:
    text = "현황 자료,,\n기업명,주소,대표자\n늘봄,서울,김철수\n"
    table = read(text.encode(), required=[])
    assert table.header_row == 2
    assert table.columns == ("name", "address", "representative")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("기업명", "name"),
        (" 기업 명 ", "name"),
        ("기업명\n", "name"),
        ("*기업명", "name"),
        ("기업명 ※", "name"),
        ("NAME", "name"),
        ("Name", "name"),
        ("ｎａｍｅ", "name"),  # fullwidth Latin
        ("마을기업명", "name"),
        ("출자금(천원)", "capital"),
        ("출자금 (단위: 천원)", "capital"),
        ("출자금\n(천원)", "capital"),  # line break typed with Alt+Enter in Excel
        ("고용인원(명)", "employees"),
    ],
)
def test_header_spellings_match_their_canonical_column(header: str, expected: str) -> None:
    table = read(f'"{header}"\n값\n'.encode(), required=[expected])
    assert table.columns == (expected,)
    assert table.source_headers == (header,)


@pytest.mark.parametrize(
    ("header", "base", "unit"),
    [
        ("출자금(천원)", "출자금", "천원"),
        ("출자금 (천원)", "출자금", "천원"),
        ("출자금 (단위: 천원)", "출자금", "천원"),
        ("출자금(단위:천원)", "출자금", "천원"),
        ("출자금 (단위 천원)", "출자금", "천원"),
        ("출자금（천원）", "출자금", "천원"),  # fullwidth brackets
        ("매출액[백만원]", "매출액", "백만원"),
        ("매출액 (천 원)", "매출액", "천원"),
        ("고용인원(명)", "고용인원", "명"),
        ("취약계층 고용 비율(%)", "취약계층 고용 비율", "%"),
        ("주소(본점)", "주소(본점)", None),  # not a unit: part of the header
        ("(원)", "(원)", None),  # nothing before the bracket
        ("기업명", "기업명", None),
    ],
)
def test_split_header_unit(header: str, base: str, unit: str | None) -> None:
    assert split_header_unit(header) == (base, unit)


def test_units_in_headers_are_reported() -> None:
    text = (
        "기업명,출자금 (단위: 천원),매출액(백만원),고용인원(명),주소(본점)\n늘봄,1000,3,12,서울\n"
    )
    table = read(text.encode())
    assert table.columns == ("name", "capital", "revenue", "employees", "주소(본점)")
    assert table.units == {"capital": "천원", "revenue": "백만원", "employees": "명"}
    assert table.table_unit is None
    assert table.money_unit("revenue") == "백만원"
    assert table.money_unit("name") is None
    revenue = table.rows[0][1]["revenue"]
    assert parse_amount(revenue, table.money_unit("revenue")) == 3_000_000


def test_header_unit_wins_over_the_table_unit() -> None:
    text = "(단위: 천원)\n기업명,출자금,매출액(원)\n늘봄,5,700\n"
    table = read(text.encode())
    assert table.table_unit == "천원"
    assert table.money_unit("capital") == "천원"
    assert table.money_unit("revenue") == "원"


@pytest.mark.parametrize(
    ("text", "key"),
    [(" 기업 명 ", "기업명"), ("*기업명(천원)", "기업명"), ("Business  No", "businessno")],
)
def test_header_key(text: str, key: str) -> None:
    assert header_key(text) == key


def test_one_alias_for_two_columns_is_rejected() -> None:
    with pytest.raises(ValueError, match="기관 명"):
        read(b"name\nx\n", aliases={"name": ["기관명"], "agency": ["기관 명"]})


# --------------------------------------------------------- unreadable files


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\t\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \r\n"],
    ids=["zero bytes", "whitespace", "bom only", "bom and whitespace"],
)
def test_empty_file(data: bytes, tmp_path: Path) -> None:
    assert error_of(data) == "파일이 비어 있습니다."
    path = tmp_path / "빈파일.csv"
    path.write_bytes(data)
    assert error_of(path) == "파일이 비어 있습니다."


def test_only_empty_cells_is_an_empty_file() -> None:
    assert error_of(b",,,\r\n,,\r\n") == "파일이 비어 있습니다."


def test_header_below_many_empty_rows_is_not_called_empty() -> None:
    data = b",,\r\n" * 20 + "기업명\r\n늘봄\r\n".encode()
    assert error_of(data) == "머리글 행을 찾지 못했습니다: 처음 20행이 모두 비어 있습니다."
    assert read(data, max_header_scan=21).rows == [(22, {"name": "늘봄"})]


def test_unclosed_quote_is_reported() -> None:
    # The stray quote swallows the rest of the file into one cell, longer
    # than the csv module's 131,072-character limit.
    text = '기업명,주소\n"늘봄,서울\n' + "다솜,서울특별시 마포구 동교로 3\n" * 8000
    message = error_of(text.encode())
    assert message.startswith("CSV 형식이 올바르지 않습니다:")
    assert "큰따옴표" in message


def test_xls_file_is_refused_with_advice(tmp_path: Path) -> None:
    # OLE compound file header, as Excel 97-2003 writes it.
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    path = tmp_path / "사회적기업현황.xls"
    path.write_bytes(data)
    message = error_of(path, filename=path.name)
    assert message.startswith("엑셀 97-2003 형식(.xls) 파일은 읽을 수 없습니다.")
    assert "*.xlsx" in message and "CSV" in message


def test_html_saved_as_xls_is_refused() -> None:
    page = "<html><body><table><tr><td>기업명</td></tr></table></body></html>"
    message = error_of(page.encode("cp949"), filename="현황.xls")
    assert message.startswith("웹 페이지(HTML/XML) 형식의 파일입니다.")


def test_zip_that_is_not_xlsx_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("현황.csv", "기업명\n늘봄\n")
    assert error_of(buffer.getvalue(), filename="현황.zip").startswith(
        "엑셀(XLSX) 파일이 아닌 압축(zip) 파일입니다."
    )


def test_truncated_xlsx_is_refused() -> None:
    data = xlsx_bytes(lambda wb: wb.active.append(["기업명"]))
    assert error_of(data[:200], filename="현황.xlsx") == "XLSX 파일이 손상되어 열 수 없습니다."


def test_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "없음.csv") == "파일을 찾을 수 없습니다: 없음.csv"


def test_text_path_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        read_table("현황.csv", filename="현황.csv", aliases={}, required=[])  # type: ignore[arg-type]


# ------------------------------------------------------------------ XLSX


def build_register(workbook: openpyxl.Workbook) -> None:
    sheet = workbook.active
    sheet.title = "현황"
    sheet.append(["2014년 1월 서울시 사회적기업 현황"])
    sheet.merge_cells("A1:H1")
    sheet.append([None, None, None, None, None, None, None, "(단위: 천원)"])
    sheet.append([])
    sheet.append(
        ["번호", "기업명", "사업자등록번호", "인증일", "출자금", "고용인원(명)", "비율", "비고"]
    )
    sheet.append([1, " (주)늘봄 ", 1248100998.0, dt.datetime(2013, 12, 8), 12000, 12.0, 0.1, None])
    sheet.append([])  # an empty row inside the data
    sheet.append([2, "다솜", "220-81-62517", dt.date(2007, 10, 29), 1500.5, 3, 0.30000000000000004])
    other = workbook.create_sheet("요약")
    other.append(["자치구", "기업 수"])
    other.append(["마포구", 12])


def test_xlsx_with_two_title_rows_merged_title_and_empty_rows() -> None:
    table = read(xlsx_bytes(build_register), filename="현황.xlsx", required=["name", "granted"])
    assert table.file_format == "xlsx"
    assert (table.encoding, table.delimiter) == (None, None)
    assert table.sheet == "현황"
    assert table.header_row == 4
    assert table.table_unit == "천원"
    assert table.units == {"employees": "명"}
    assert table.rows == [
        (
            5,
            {
                "번호": "1",
                "name": "(주)늘봄",
                "business_no": "1248100998",  # stored as the float 1248100998.0
                "granted": "2013-12-08",
                "capital": "12000",
                "employees": "12",
                "비율": "0.1",
                "비고": "",
            },
        ),
        (
            7,
            {
                "번호": "2",
                "name": "다솜",
                "business_no": "220-81-62517",
                "granted": "2007-10-29",
                "capital": "1500.5",
                "employees": "3",
                "비율": "0.3",  # shown to 15 significant digits, as Excel shows it
                "비고": "",
            },
        ),
    ]


@pytest.mark.parametrize("sheet", ["요약", " 요약 "])
def test_xlsx_sheet_by_name(sheet: str) -> None:
    table = read(
        xlsx_bytes(build_register),
        filename="현황.xlsx",
        aliases={"district": ["자치구"], "count": ["기업 수"]},
        required=["district"],
        sheet=sheet,
    )
    assert table.sheet == "요약"
    assert table.rows == [(2, {"district": "마포구", "count": "12"})]


def test_xlsx_missing_sheet_lists_the_sheets() -> None:
    message = error_of(xlsx_bytes(build_register), filename="현황.xlsx", sheet="2015년")
    assert message == "'2015년' 시트를 찾을 수 없습니다. 파일에 있는 시트: 현황, 요약"


def test_xlsx_missing_required_column_lists_the_best_row(tmp_path: Path) -> None:
    path = tmp_path / "현황.xlsx"
    path.write_bytes(xlsx_bytes(build_register))
    message = error_of(path, filename=path.name, required=["name", "address"])
    assert message == (
        "필수 열을 찾지 못했습니다: 주소(address). "
        "찾은 열: 번호, 기업명, 사업자등록번호, 인증일, 출자금, 고용인원(명), 비율, 비고"
    )


def test_xlsx_empty_sheet() -> None:
    message = error_of(xlsx_bytes(lambda wb: None), filename="빈.xlsx")
    assert message == "'Sheet' 시트가 비어 있습니다."


def test_content_decides_the_format_not_the_extension() -> None:
    data = xlsx_bytes(lambda wb: [wb.active.append(row) for row in (["기업명"], ["늘봄"])])
    table = read(data, filename="잘못된이름.csv")
    assert table.file_format == "xlsx"
    assert table.rows == [(2, {"name": "늘봄"})]


def test_xlsx_header_with_line_break_and_unit() -> None:
    def build(workbook: openpyxl.Workbook) -> None:
        workbook.active.append(["기업명", "출자금\n(단위: 백만원)"])
        workbook.active.append(["늘봄", 2.5])

    table = read(xlsx_bytes(build), filename="x.xlsx")
    assert table.units == {"capital": "백만원"}
    assert parse_amount(table.rows[0][1]["capital"], table.money_unit("capital")) == 2_500_000


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  늘봄 ", "늘봄"),
        (123, "123"),
        (1248100998.0, "1248100998"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1e-05, "0.00001"),
        (0.1 + 0.2, "0.3"),
        (12345678.9, "12345678.9"),
        (True, "TRUE"),
        (dt.date(2013, 12, 8), "2013-12-08"),
        (dt.datetime(2013, 12, 8), "2013-12-08"),
        (dt.datetime(2013, 12, 8, 10, 30), "2013-12-08 10:30:00"),
        (dt.time(9, 5), "09:05:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


# ------------------------------------------------------------------ JSON


def api_document(records: list[dict[str, object]]) -> bytes:
    document = {"currentCount": len(records), "data": records, "matchCount": 2421, "page": 1}
    return json.dumps(document, ensure_ascii=False).encode()


def read_api(data: bytes, **options: object) -> Table:
    options.setdefault("json_field_map", API_FIELD_MAP)
    options.setdefault("required", ["name", "certificate_no"])
    return read(data, filename="socialEnterprise.json", **options)


def test_open_api_json() -> None:
    other = dict(DASOMI, entNmV="(주)함께일하는세상", certiNumV="제2007-002호", homepageAddrV=None)
    table = read_api(api_document([DASOMI, other]))
    assert table.file_format == "json"
    assert (table.encoding, table.sheet, table.header_row) == (None, None, 1)
    assert table.source_headers == tuple(DASOMI)
    assert table.columns == (
        "address",
        "granted",
        "certificate_no",
        "name",
        "phone",
        "website",
        "industry",
        "representative",
    )
    assert table.rows[0] == (
        2,  # record 1 is row 2: as if below a header row
        {
            "address": "03993 서울특별시 마포구 동교로27길 3-10",
            "granted": "2007-10-29",
            "certificate_no": "제2007-001호",
            "name": "(재)다솜이재단",
            "phone": "070-7507-2070",
            "website": "www.dasomi.org",
            "industry": "서비스",
            "representative": "양용희",
        },
    )
    assert table.rows[1][0] == 3
    assert table.rows[1][1]["website"] == ""


def test_json_plain_list_with_korean_keys_matched_by_aliases() -> None:
    records = [{"기업명": "늘봄", "출자금(천원)": 1000, "비고": None, "지원": True}]
    table = read(json.dumps(records, ensure_ascii=False).encode("utf-8-sig"), filename="a.json")
    assert table.columns == ("name", "capital", "비고", "지원")
    assert table.units == {"capital": "천원"}
    assert table.rows == [(2, {"name": "늘봄", "capital": "1000", "비고": "", "지원": "true"})]


def test_json_records_key_can_be_chosen() -> None:
    data = json.dumps({"items": [DASOMI]}, ensure_ascii=False).encode()
    table = read_api(data, json_records_key="items")
    assert table.rows[0][1]["name"] == "(재)다솜이재단"


def test_json_records_with_different_keys() -> None:
    data = api_document([{"entNmV": "늘봄"}, {"entNmV": "다솜", "certiNumV": "제2010-3호"}, {}])
    table = read_api(data)
    assert table.rows == [
        (2, {"name": "늘봄", "certificate_no": ""}),
        (3, {"name": "다솜", "certificate_no": "제2010-3호"}),
    ]


def test_json_required_field_missing_from_every_record() -> None:
    data = api_document([{k: v for k, v in DASOMI.items() if k != "certiNumV"}])
    message = error_of(
        data, filename="a.json", json_field_map=API_FIELD_MAP, required=["certificate_no"]
    )
    assert message == (
        "필수 열을 찾지 못했습니다: 인증번호(certificate_no). 찾은 열: addr, certiIssuD, "
        "entNmV, telNo, homepageAddrV, busiContV, ceoNmV"
    )


def test_json_two_keys_for_one_column() -> None:
    data = api_document([dict(DASOMI, 기업명="다솜이재단")])
    message = error_of(data, filename="a.json", json_field_map=API_FIELD_MAP)
    assert "'entNmV'" in message and "'기업명'" in message


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"currentCount": 0, "page": 1},
            "JSON에 'data' 항목이 없습니다. 있는 항목: currentCount, page",
        ),
        ({"data": []}, "JSON의 'data' 항목에 레코드가 없습니다."),
        ([], "JSON에 레코드가 없습니다."),
        ({"data": {"entNmV": "늘봄"}}, "JSON의 'data' 항목이(가) 레코드 목록([...])이 아닙니다."),
        ([{"entNmV": "늘봄"}, "늘봄"], "JSON의 2번째 레코드가 객체({...})가 아닙니다."),
    ],
)
def test_json_shapes_that_are_not_tables(document: object, message: str) -> None:
    data = json.dumps(document, ensure_ascii=False).encode()
    assert error_of(data, filename="a.json") == message


def test_invalid_json() -> None:
    message = error_of(b'{"data": [\n{"entNmV": "x",}\n]}', filename="a.json")
    assert message.startswith("JSON 형식이 올바르지 않습니다: 2번째 줄")


# --------------------------------------------------------------- writers


ROWS = [
    ["(주)늘봄", "0123456789", 12000, 0.5, dt.date(2013, 12, 8), None],
    ["사회적협동조합 다솜, 서울", 'say "hi"', -5, 1.25, dt.date(2020, 1, 1), "여러 줄\n비고"],
]
COLUMNS = ["기업명", "사업자등록번호", "출자금(천원)", "비율", "인증일", "비고"]


def test_write_csv_for_excel_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "내보내기.csv"
    write_csv_for_excel(path, COLUMNS, ROWS)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    # Every line ends in CRLF; the only bare LF is inside the quoted two-line cell.
    assert data.count(b"\r\n") == 3
    assert data.replace("여러 줄\n비고".encode(), b"").count(b"\n") == 3
    table = read(path, filename=path.name)
    assert table.encoding == "utf-8-sig"
    assert table.header_row == 1
    assert table.source_headers == tuple(COLUMNS)
    assert [list(row.values()) for _n, row in table.rows] == [
        ["(주)늘봄", "0123456789", "12000", "0.5", "2013-12-08", ""],
        ["사회적협동조합 다솜, 서울", 'say "hi"', "-5", "1.25", "2020-01-01", "여러 줄\n비고"],
    ]
    assert [n for n, _row in table.rows] == [2, 3]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1][0] == "(주)늘봄"


def test_write_xlsx_with_note_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "양식.xlsx"
    write_xlsx(
        path,
        {
            "기업": (COLUMNS, ROWS),
            "요약": (["자치구", "기업 수"], iter([["마포구", 12]])),
        },
        number_formats={"출자금(천원)": "#,##0"},
        notes=["예시 데이터: 지우고 입력하세요"],
    )
    table = read(path, filename=path.name, required=["name", "business_no"])
    assert (table.sheet, table.header_row) == ("기업", 2)
    assert table.units == {"capital": "천원"}
    assert table.rows == [
        (
            3,
            {
                "name": "(주)늘봄",
                "business_no": "0123456789",
                "capital": "12000",
                "비율": "0.5",
                "granted": "2013-12-08",
                "비고": "",
            },
        ),
        (
            4,
            {
                "name": "사회적협동조합 다솜, 서울",
                "business_no": 'say "hi"',
                "capital": "-5",
                "비율": "1.25",
                "granted": "2020-01-01",
                "비고": "여러 줄\n비고",
            },
        ),
    ]

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["기업"]
    assert workbook.sheetnames == ["기업", "요약"]
    assert sheet["A1"].value == "예시 데이터: 지우고 입력하세요"
    assert [c.value for c in sheet[2]] == COLUMNS
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet["C3"].value == 12000 and sheet["C3"].data_type == "n"  # numbers stay numbers
    assert sheet["C3"].number_format == "#,##0"
    assert sheet["D3"].value == 0.5
    assert sheet["E3"].is_date and sheet["E3"].number_format == "yyyy-mm-dd"
    assert sheet["B3"].value == "0123456789"  # text stays text, leading zero kept
    # Width: "사회적협동조합 다솜, 서울" is 11 Hangul + 3 others = 25 columns, + 2.
    assert sheet.column_dimensions["A"].width == 27
    assert (
        sheet.column_dimensions[get_column_letter(2)].width == display_width("사업자등록번호") + 2
    )  # header is widest
    assert workbook["요약"]["B3"].value == 12


def test_write_xlsx_never_writes_formulas(tmp_path: Path) -> None:
    path = tmp_path / "위험.xlsx"
    write_xlsx(path, {"기업": (["기업명", "비고"], [['=HYPERLINK("http://x")', "줄\x0b바꿈"]])})
    cell = openpyxl.load_workbook(path)["기업"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'
    table = read(path, filename=path.name)
    assert table.rows == [(2, {"name": '=HYPERLINK("http://x")', "비고": "줄바꿈"})]


def test_write_xlsx_unit_note_and_unusual_values(tmp_path: Path) -> None:
    path = tmp_path / "단위.xlsx"
    seoul = dt.timezone(dt.timedelta(hours=9))
    rows = [["늘봄", 1200, dt.datetime(2024, 3, 1, 9, 30, tzinfo=seoul), Path("a/b.txt")]]
    write_xlsx(
        path, {"기업": (["기업명", "출자금", "등록 시각", "파일"], rows)}, notes=["(단위: 천원)"]
    )
    table = read(path, filename=path.name)
    assert (table.header_row, table.table_unit) == (2, "천원")
    assert table.rows == [
        (
            3,
            {
                "name": "늘봄",
                "capital": "1200",
                "등록 시각": "2024-03-01 09:30:00",
                "파일": "a/b.txt",
            },
        )
    ]
    assert table.money_unit("capital") == "천원"


def test_write_xlsx_needs_a_sheet(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one sheet"):
        write_xlsx(tmp_path / "빈.xlsx", {})


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("기업명", 6), ("(주)늘봄", 8), ("", 0)])
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


# ------------------------------------------------------------ performance


def test_100_000_row_csv_reads_quickly() -> None:
    header = ["번호", "기업명", "사업자등록번호", "대표자", "주소", "전화번호", "업종", "인증일"]
    header += ["출자금(천원)", "매출액(천원)", "고용인원(명)", "취약계층(명)", "자치구"]
    header += ["유형", "홈페이지", "비고"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(
        [
            i,
            f"사회적협동조합 늘봄{i}",
            1248100998 + i,
            "김철수",
            f"서울특별시 마포구 동교로 {i}",
            "02-123-4567",
            "서비스",
            "2013-12-08",
            i * 10,
            i * 7,
            12,
            5,
            "마포구",
            "일자리제공형",
            "www.example.org",
            "",
        ]
        for i in range(100_000)
    )
    data = buffer.getvalue().encode("cp949")
    started = time.perf_counter()
    table = read(data, required=["name", "business_no", "address"])
    elapsed = time.perf_counter() - started
    assert len(table.rows) == 100_000
    assert table.rows[-1][0] == 100_001
    assert table.rows[-1][1]["name"] == "사회적협동조합 늘봄99999"
    # About 0.5 s on the development machine; the bound leaves room for a busy CI.
    assert elapsed < 3.0
