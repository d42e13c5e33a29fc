"""Property-based tests (Hypothesis) of every parser in core: any input gives a valid value or the
module's own error (a Korean message), never another exception.

Derandomised (the same examples every run, so a failure is never flaky) and without the example
database (no files left behind). A few hundred examples each: about ten seconds in all.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import string
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bombaram.core import (
    dates,
    delphi_responses,
    frameworks,
    identifiers,
    numbers,
    registry_import,
    tabular,
)
from bombaram.core.districts import District, DistrictIndex

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FILES = settings(FUZZ, max_examples=100)

# Text that looks like what files hold: digits of several scripts, separators, Korean units and signs.
DIGITS = "0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩०१२३४५६७८९①²"
NUMBERISH = st.text(alphabet=DIGITS + ",.-+△▲−₩원천백십만억조 eE_()\t", max_size=40)
DATEISH = st.text(alphabet=DIGITS + "-./ 년월일()T:Z요", max_size=30)
ANY_TEXT = st.text(max_size=60)
FOREIGN_DIGITS = "٠١٢٣٤٥٦٧٨٩०१२३४५६७८९"
CELL_VALUES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                        st.floats(allow_nan=False), st.decimals(allow_nan=False, allow_infinity=False), st.dates(),
                        ANY_TEXT)


#: the plausible dates of core.dates (1900-01-01 .. 2100-12-31), written out: a test checks they agree
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def _has_foreign_digit(text: str) -> bool:
    return any(c in FOREIGN_DIGITS for c in text)


# ------------------------------------------------------------------------------ numbers

@FUZZ
@given(st.one_of(NUMBERISH, ANY_TEXT, st.integers(), st.floats(), st.decimals()),
       st.sampled_from(["원", "천원", "백만원", "조원", "금액(천원)", 1, 1000]))
def test_parse_amount_gives_whole_won_or_its_parse_error(value, unit):
    try:
        amount = numbers.parse_amount(value, unit)
    except numbers.ParseError as exc:
        assert str(exc)
        return
    assert amount is None or type(amount) is int
    if isinstance(value, str):
        assert not _has_foreign_digit(value), f"{value!r} was read as {amount}"
        assert sum(c.isdigit() for c in value) <= numbers.MAX_DIGITS


@FUZZ
@given(st.one_of(NUMBERISH, ANY_TEXT, st.integers(), st.floats(), st.decimals(), st.booleans()))
def test_parse_decimal_and_integer_give_numbers_or_their_parse_error(value):
    for parse, kind in ((numbers.parse_decimal, Decimal), (numbers.parse_integer, int)):
        try:
            result = parse(value)
        except numbers.ParseError:
            continue
        assert result is None or isinstance(result, kind)
        if isinstance(value, str):
            assert not _has_foreign_digit(value)


@FUZZ
@given(ANY_TEXT)
def test_unit_multiplier_gives_a_power_of_ten_or_its_parse_error(header):
    try:
        multiplier = numbers.unit_multiplier(header)
    except numbers.ParseError:
        return
    assert multiplier >= 1 and str(multiplier).rstrip("0") == "1"


@FUZZ
@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_amounts_written_with_separators_or_in_korean_read_back(n):
    assert numbers.parse_amount(numbers.format_thousands(n)) == n
    assert numbers.parse_amount(numbers.format_won_korean(n)) == n


# -------------------------------------------------------------------------------- dates

@FUZZ
@given(st.one_of(DATEISH, ANY_TEXT, st.integers(min_value=-10, max_value=3_000_000), st.floats(),
                 st.dates(), st.datetimes()))
def test_parse_date_gives_a_plausible_date_or_its_parse_error(value):
    try:
        parsed = dates.parse_date(value)
    except dates.ParseError as exc:
        assert str(exc)
        return
    if parsed is None:
        assert value is None or isinstance(value, str) and not value.strip()
        return
    assert EARLIEST <= parsed.value <= LATEST
    if isinstance(value, str):
        assert not _has_foreign_digit(value), f"{value!r} was read as {parsed.value}"


@FUZZ
@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_every_plausible_date_reads_back_in_the_korean_forms(day):
    for text in (day.isoformat(), f"{day.year}. {day.month}. {day.day}.", f"{day.year}년 {day.month}월 {day.day}일",
                 day.strftime("%Y%m%d")):
        assert dates.parse_date(text).value == day


# -------------------------------------------------------------------------- identifiers

@FUZZ
@given(st.one_of(st.text(alphabet=DIGITS + "-–— *xX●.e", max_size=20), ANY_TEXT, st.integers(), st.floats(),
                 st.decimals()))
def test_identifiers_are_ascii_digits_of_the_right_length_or_their_parse_error(value):
    for normalise, length in ((identifiers.normalise_business_no, 10), (identifiers.normalise_corporate_no, 13)):
        try:
            result = normalise(value)
        except identifiers.ParseError:
            continue
        if result is None:
            continue
        assert len(result.digits) == length
        assert set(result.digits) <= set(string.digits + "*"), result.digits


# ------------------------------------------------------------------------------ tables

ALIASES = {"name": ("기업명",), "amount": ("금액",), "day": ("일자",)}


def _read(data: bytes, filename: str = "file.csv") -> tabular.Table | None:
    try:
        return tabular.read_table(data, filename=filename, aliases=ALIASES, required=["name"])
    except tabular.TableError as exc:
        assert str(exc)
        return None


def _check_table(table: tabular.Table | None) -> None:
    if table is None:
        return
    for number, row in table.rows:
        assert number >= 1
        for value in row.values():
            assert isinstance(value, str)
            assert "\x00" not in value
            value.encode("utf-8")  # storable: no lone surrogate


@FILES
@given(st.binary(max_size=2000))
def test_read_table_of_any_bytes_gives_a_table_or_a_table_error(data):
    _check_table(_read(data))
    _check_table(_read(data, "file.json"))


@FILES
@given(st.lists(st.lists(ANY_TEXT, max_size=5), max_size=8), st.sampled_from(["utf-8-sig", "utf-8", "cp949", "utf-16"]))
def test_read_table_of_any_csv_gives_a_table_or_a_table_error(rows, encoding):
    buffer = io.StringIO()
    import csv

    csv.writer(buffer).writerows([["기업명", "금액", "일자"], *rows])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8", "surrogatepass")
    _check_table(_read(data))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=20,
)


@FILES
@given(st.one_of(JSON_VALUES, st.lists(st.dictionaries(st.sampled_from(["기업명", "금액", "x"]), JSON_VALUES),
                                        max_size=5)))
def test_read_table_of_any_json_gives_a_table_or_a_table_error(document):
    _check_table(_read(json.dumps(document).encode(), "file.json"))


@FILES
@given(st.sampled_from(["[", "{\"a\":", "[{\"기업명\":"]), st.integers(min_value=1, max_value=200_000))
def test_read_table_of_json_nested_to_any_depth_gives_a_table_or_a_table_error(opening, depth):
    _check_table(_read((opening * depth).encode(), "file.json"))


@settings(FILES, max_examples=60)
@given(st.lists(st.lists(CELL_VALUES, max_size=4), max_size=5), st.integers(min_value=0, max_value=4000),
       st.binary(max_size=3))
def test_read_table_of_any_xlsx_or_a_damaged_one_gives_a_table_or_a_table_error(rows, cut, noise):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["기업명", "금액", "일자"])
    for row in rows:
        try:
            sheet.append([v if not isinstance(v, str) else v.translate({c: None for c in range(32)}) for v in row])
        except Exception:  # openpyxl refuses some values itself (illegal characters): not our reader
            return
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    _check_table(_read(data, "file.xlsx"))
    damaged = data[: max(4, len(data) - cut)] + noise
    _check_table(_read(damaged, "file.xlsx"))


@FUZZ
@given(ANY_TEXT)
def test_formula_neutralising_is_safe_and_reversible(text):
    safe = tabular.neutralise_formula(text)
    assert tabular.restore_formula_text(safe) == text
    if safe.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert safe == "-" or safe[0] == "-" and safe[1:].replace(",", "").replace(".", "").isdigit()


# ----------------------------------------------------------- framework and Delphi files

@FILES
@given(st.one_of(st.binary(max_size=1500),
                 st.lists(st.lists(ANY_TEXT, min_size=7, max_size=9), max_size=5).map(
                     lambda rows: "\n".join(",".join(r) for r in [list(frameworks.REQUIRED_INDICATOR_COLUMNS), *rows]))))
def test_read_framework_csv_gives_a_framework_or_its_file_error(data):
    try:
        framework, _printed = frameworks.read_framework_csv(data, name="틀", max_lengths={"indicator": 300})
    except frameworks.FrameworkFileError as exc:
        assert exc.errors
        return
    assert all(len(i.name) <= 300 for i in framework.indicators())


@FILES
@given(st.one_of(st.binary(max_size=1500),
                 st.lists(st.lists(ANY_TEXT, min_size=7, max_size=7), max_size=5).map(
                     lambda rows: "\n".join(",".join(r) for r in [list(delphi_responses.COLUMNS), *rows]))))
def test_read_responses_gives_answers_or_its_file_error(data):
    try:
        responses = delphi_responses.read_responses(data)
    except delphi_responses.ResponseFileError as exc:
        assert exc.errors
        return
    assert all(r.round >= 1 for r in responses)


# ---------------------------------------------------------------- organisation rows

CONTEXT = registry_import.RowContext(
    districts=DistrictIndex([District("11290", "성북구", "Seongbuk-gu"), District("11350", "노원구", "Nowon-gu")],
                            "서울특별시", ("서울시", "서울")),
    industries=registry_import.industry_lookup([("education", "교육", "Education")]),
    designations=registry_import.designation_lookup([("certified_se", "인증 사회적기업", "Certified")]),
    default_designation="certified_se",
)


@FUZZ
@given(st.dictionaries(st.sampled_from(list(registry_import.COLUMN_ALIASES)), st.one_of(NUMBERISH, DATEISH, ANY_TEXT),
                       max_size=10))
def test_parse_row_returns_a_row_or_errors_with_their_columns(cells):
    row, errors = registry_import.parse_row(2, cells, CONTEXT)
    assert (row is None) == bool(errors)
    for error in errors:
        assert error.row == 2 and error.column and error.error
        shown = error.as_dict()
        assert "\x00" not in str(shown)
    if row is not None:
        for day in (row.founded, row.granted, row.ended, row.closed, row.members_counted_on):
            assert day is None or EARLIEST <= day <= LATEST


@pytest.mark.parametrize("value", ["٣", "１٣", "٢٠١٣-١٢-٠٨", "१२४८१००९९८"])
def test_digits_of_other_scripts_are_refused_everywhere(value):
    with pytest.raises(numbers.ParseError):
        numbers.parse_amount(value)
    with pytest.raises(dates.ParseError):
        dates.parse_date(value)
    with pytest.raises(identifiers.ParseError):
        identifiers.normalise_business_no(value)


def test_fullwidth_digits_are_still_read_as_the_korean_keyboard_types_them():
    assert numbers.parse_amount("１，２３４") == 1234
    assert dates.parse_date("２０１３－１２－０８").value == dt.date(2013, 12, 8)
    assert identifiers.normalise_business_no("１２４－８１－００９９８").digits == "1248100998"


def test_the_plausible_dates_are_the_ones_core_dates_uses():
    assert (dates.EARLIEST_DATE, dates.LATEST_DATE) == (EARLIEST, LATEST)
    for outside in ("9999-12-31", "1899-12-30", "2101-01-01"):
        with pytest.raises(dates.ParseError, match="범위"):
            dates.parse_date(outside)
