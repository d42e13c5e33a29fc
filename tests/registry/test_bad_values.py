"""The issue's crashing inputs for the organisation import: each refused with one Korean line naming
its row and column, the same on SQLite and PostgreSQL (the limits come from the model fields), and
refused by --dry-run and the web preview too, never only when writing.

These run ``bombaram.cli.main`` in this process on the test database, so they run on PostgreSQL
when DATABASE_URL says so (CI runs the suite on both).
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bombaram import cli
from bombaram.registry.models import CooperativeCount, ImportBatch, Organisation
from bombaram.web.choices import Role
from tests.registry.files import BN_A, utf8_csv

HEADER = ["조합명", "사업자등록번호", "자치구", "인가일", "조합원수", "출자금"]


def _import(capsys, path, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["import", str(path), "--designation", "cooperative", "--as-of", "2014-01-31", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def _coop(tmp_path, **changes: str):
    row = {"조합명": "새싹협동조합", "사업자등록번호": BN_A, "자치구": "성북구", "인가일": "2013-01-15",
           "조합원수": "7", "출자금": "700000", **changes}
    return utf8_csv(tmp_path / "coop.csv", HEADER, [[row[h] for h in HEADER]])


@pytest.mark.parametrize(("column", "value", "message"), [
    ("출자금", "9" * 20, "capital_won '99999999999999999999': 값이 너무 큽니다 (최대 9,223,372,036,854,775,807)"),
    ("조합원수", "9,999,999,999", "members '9,999,999,999': 값이 너무 큽니다 (최대 2,147,483,647)"),
    ("조합원수", "٣", "members '٣': 숫자는 0-9로 적어 주십시오"),
    ("인가일", "9999-12-31", "granted '9999-12-31': 날짜가 범위를 벗어났습니다"),
    ("인가일", "1899-12-30", "granted '1899-12-30': 날짜가 범위를 벗어났습니다"),
    ("조합명", "가" * 201, "name '" + "가" * 199 + "…': 200자까지 적을 수 있습니다 (201자)"),
])
def test_a_value_its_column_cannot_hold_is_refused_with_row_and_column_even_in_a_dry_run(
        reference, tmp_path, capsys, column, value, message):
    path = _coop(tmp_path, **{column: value})
    for extra in (["--dry-run"], []):
        code, out, _err = _import(capsys, path, *extra)
        assert code == 1, out
        assert f"  2행 {message}" in out
    assert not Organisation.objects.exists() and not CooperativeCount.objects.exists()


def test_the_same_file_with_plausible_values_is_written(reference, tmp_path, capsys):
    code, out, _err = _import(capsys, _coop(tmp_path, 출자금="9,223,372,036,854,775,807", 조합원수="2,147,483,647"))
    assert code == 0, out
    count = CooperativeCount.objects.get()
    assert (count.members, count.capital_won) == (2_147_483_647, 9_223_372_036_854_775_807)


def _json(tmp_path, text: str):
    path = tmp_path / "list.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ('[{"조합명": "가", "자치구": "성북구", "출자금": ' + "9" * 5000 + "}]", "숫자가 너무 깁니다: 5,000자리"),
    ("[" * 100_000 + "]" * 100_000, "JSON이 너무 깊게 중첩되어"),
    ('[{"조합명": "가\\u0000나", "자치구": "성북구"}]', "2행 '조합명' 항목에 NUL 문자"),
    ('[{"조합명": "가\\ud800", "자치구": "성북구"}]', "2행 '조합명' 항목에 짝 없는 서로게이트"),
])
def test_hostile_json_is_refused_with_one_korean_line(reference, tmp_path, capsys, text, message):
    code, out, err = _import(capsys, _json(tmp_path, text))
    assert code in (1, 2)
    assert message in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1
    assert not Organisation.objects.exists()


def _xlsx_with_dtd(path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["새싹협동조합", BN_A, "성북구", "2013-01-15", 7, 700000])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                        + data.split(b"?>", 1)[-1])
            target.writestr(info.filename, data)
    return path


def test_an_xlsx_with_a_dtd_is_refused_before_it_is_parsed(reference, tmp_path, capsys):
    code, _out, err = _import(capsys, _xlsx_with_dtd(tmp_path / "dtd.xlsx"))
    assert code == 2
    assert err.strip() == ("bombaram: dtd.xlsx: XLSX 파일에 DTD(<!DOCTYPE>)가 들어 있어 읽지 않습니다 "
                           "(xl/worksheets/sheet1.xml). 엑셀에서 열어 다시 저장한 파일을 올려 주세요.")


def test_an_unwritable_report_is_refused_before_anything_is_imported(reference, tmp_path, capsys):
    path = _coop(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    for report in (tmp_path / "missing-folder" / "r.json", tmp_path):  # no such folder; a folder, not a file
        code, _out, err = _import(capsys, path, "--report", str(report))
        assert code == 2 and "--report: 파일을 쓸 수 없습니다" in err and "아무것도 가져오지 않았습니다" in err
        assert not Organisation.objects.exists()
    if os.geteuid() != 0:  # root writes anywhere: the permission case only means something for others
        locked.chmod(0o500)
        code, _out, err = _import(capsys, path, "--report", str(locked / "r.json"))
        assert code == 2 and not Organisation.objects.exists()
    code, _out, _err = _import(capsys, path, "--report", str(tmp_path / "r.json"))
    assert code == 0 and json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["created"] == 1


def test_an_upload_refused_at_preview_is_not_kept(reference, make_user, client, settings, tmp_path):
    settings.HOME = tmp_path
    client.force_login(make_user("centre", Role.CENTRE_ADMIN))
    uploads = tmp_path / "uploads"

    def upload(name: str, data: bytes):
        return client.post(reverse("import-new"), {"file": SimpleUploadedFile(name, data), "designation": "cooperative",
                                                   "as_of": "2014-01-31", "encoding": "auto", "sheet": ""})

    unreadable = upload("x.json", b"[" * 100_000)
    assert unreadable.status_code == 200 and "JSON이 너무 깊게" in unreadable.content.decode()
    every_row_refused = upload("coop.csv", _coop(tmp_path, 출자금="9" * 20).read_bytes())
    assert every_row_refused.status_code == 302
    assert list(uploads.iterdir()) == []
    batch = ImportBatch.objects.get()
    assert batch.status == "rejected" and batch.stored_file == ""
    page = client.get(every_row_refused["Location"]).content.decode()
    assert "파일을 보관하지 않았습니다" in page and "값이 너무 큽니다" in page
    confirm = client.post(reverse("import-confirm", args=[batch.token]), {"skip_invalid": "1"})
    assert confirm.status_code == 302 and not Organisation.objects.exists()

    some_rows_good = upload("two.csv", utf8_csv(tmp_path / "two.csv", HEADER, [
        ["새싹협동조합", BN_A, "성북구", "2013-01-15", "7", "700000"],
        ["큰협동조합", "", "성북구", "2013-01-15", "7", "9" * 20]]).read_bytes())
    assert some_rows_good.status_code == 302
    assert len(list(uploads.iterdir())) == 1  # kept: "write only the valid rows" needs it


def test_an_xlsx_upload_with_the_sheet_field_left_empty_reads_the_first_sheet(reference, make_user, client, settings,
                                                                              tmp_path):
    # found by the malformed-file corpus: the form's empty "sheet" was looked up as a sheet named ""
    settings.HOME = tmp_path
    client.force_login(make_user("centre", Role.CENTRE_ADMIN))
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["새싹협동조합", BN_A, "성북구", "2013-01-15", 7, 700000])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(reverse("import-new"), {
        "file": SimpleUploadedFile("coop.xlsx", buffer.getvalue()), "designation": "cooperative",
        "as_of": "2014-01-31", "encoding": "auto", "sheet": ""})
    assert response.status_code == 302
    assert ImportBatch.objects.get().report["created"] == 1


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, []),
    ({"name": "가" * 200, "address": "서울특별시 마포구 " + "길" * 100}, []),
    ({"name": "가" * 201}, [("name", "200자까지 적을 수 있습니다 (201자)")]),
    ({"name": "새싹\x00협동조합"}, [("name", "NUL 문자(\\x00)가 들어 있어 저장할 수 없습니다")]),
    ({"representative": "홍\ud800"}, [("representative", "유니코드 문자가 아닌 값(짝 없는 서로게이트)이 들어 있어 저장할 수 없습니다")]),
    ({"members": 2_147_483_647, "capital_won": 9_223_372_036_854_775_807}, []),
    ({"members": 2_147_483_648}, [("members", "값이 너무 큽니다 (최대 2,147,483,647)")]),
    ({"members": -1}, [("members", "값이 너무 작습니다 (최소 0)")]),  # a PositiveIntegerField
])
def test_column_limits_checked_inline_give_the_same_answers_as_field_limits(changes, expected):
    """importer.column_errors decides ordinary cells without calling field_limits.column_problem; the
    cells it passes on and the sentences it gives are those column_problem gives."""
    from bombaram.core.registry_import import OrganisationRow
    from bombaram.registry.importer import column_errors

    row = OrganisationRow(row=2, name="새싹협동조합", name_key="새싹", designation="cooperative",
                          address="서울특별시 성북구 보문로 1", members=7, capital_won=700_000)
    for attr, value in changes.items():
        setattr(row, attr, value)
    errors = column_errors(row, {})
    assert [(e.column, e.error) for e in errors] == expected
    assert all(e.row == 2 for e in errors)
