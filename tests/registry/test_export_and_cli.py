"""Export then import is lossless; the CLI's exit codes and report JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from openpyxl import load_workbook

from bombaram.registry.exporter import export_organisations
from bombaram.registry.models import CooperativeCount, Designation, Organisation
from bombaram.registry.services import import_organisations
from tests.registry.files import BN_A, BN_B, CN_A, cp949_csv, utf8_csv

AS_OF = dt.date(2014, 1, 31)


def _registry_state():
    orgs = sorted(Organisation.objects.values_list(
        "name", "business_no", "corporate_no", "district__code", "location", "outside_area", "address", "industry__code",
        "legal_form", "founded", "phone", "representative", "status"))
    designations = sorted(Designation.objects.values_list("organisation__name", "type__code", "granted", "ended", "certificate_no"))
    counts = sorted(CooperativeCount.objects.values_list("organisation__name", "counted_on", "members", "capital_won"))
    return orgs, designations, counts


def _fill(tmp_path):
    header = ["기업명", "사업자등록번호", "법인등록번호", "소재지", "업종", "인증일", "종료일", "인증번호", "설립일", "대표자", "전화번호"]
    rows = [["㈜행복도시락", BN_A, CN_A, "서울특별시 성북구 종암로 25", "식음료", "2012-12-08", "", "제2012-101호", "2011-03-02", "김하나", "02-111-2222"],
            ["초록가게", "", "", "경기도 고양시 덕양구 1", "환경", "2013-03-01", "2013-12-31", "제2013-070호", "", "박셋", ""]]
    import_organisations(source=cp949_csv(tmp_path / "se.csv", header, rows), filename="se.csv", designation="certified_se", as_of=AS_OF)
    coop = ["조합명", "사업자등록번호", "자치구", "인가일", "조합원수", "출자금"]
    import_organisations(source=utf8_csv(tmp_path / "c.csv", coop, [["행복도시락 협동조합", BN_A, "성북구", "2013-01-15", "40", "4,000,000"],
                                                                  ["새싹", BN_B, "강남구", "2013-02-01", "7", "700000"]]),
                         filename="c.csv", designation="cooperative", as_of=AS_OF)


def test_export_then_import_into_an_empty_registry_is_lossless(reference, tmp_path, django_db_blocker):
    _fill(tmp_path)
    before = _registry_state()
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"export.{suffix}"
        assert export_organisations(path) == 4  # 3 organisations, one with two designations
        Organisation.objects.all().delete()
        plan = import_organisations(source=path, filename=path.name, designation=None, as_of=AS_OF)
        assert plan.written, plan.report()
        assert _registry_state() == before, suffix


def test_csv_export_opens_in_excel_on_korean_windows(reference, tmp_path):
    _fill(tmp_path)
    path = tmp_path / "e.csv"
    export_organisations(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert "㈜행복도시락" in raw.decode("utf-8-sig")


def test_xlsx_export_has_korean_headers_numbers_as_numbers_and_as_of(reference, tmp_path):
    _fill(tmp_path)
    path = tmp_path / "e.xlsx"
    # on 2014-01-31 the 초록가게 designation has ended: only 3 rows
    assert export_organisations(path, as_of=AS_OF) == 3
    ws = load_workbook(path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "기업명")
    header = rows[header_at]
    assert header[:3] == ["기업명", "지정유형", "사업자등록번호"]
    members = header.index("조합원수")
    values = [r[members] for r in rows[header_at + 1:] if r[members] not in (None, "")]
    assert sorted(values) == [7, 40]


def _cli(*args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "bombaram", *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_cli_import_exit_codes_and_report(tmp_path):
    home = tmp_path / "home"
    env = {"BOMBARAM_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}"}
    assert _cli("init", env_extra=env).returncode == 0
    header = ["기업명", "사업자등록번호", "자치구", "인증일"]
    good = cp949_csv(tmp_path / "good.csv", header, [["가", BN_A, "성북구", "2013-01-01"]])
    bad = cp949_csv(tmp_path / "bad.csv", header, [["나", BN_B, "성북구", "2013-01-01"], ["다", "", "없는구", "2013-01-01"]])
    unreadable = tmp_path / "x.csv"
    unreadable.write_bytes(b"")
    report = tmp_path / "r.json"

    dry = _cli("import", str(good), "--designation", "인증 사회적기업", "--as-of", "2014-01-31", "--dry-run", env_extra=env)
    assert dry.returncode == 0 and "아무것도 쓰지 않았습니다" in dry.stdout
    ok = _cli("import", str(good), "--designation", "certified_se", "--as-of", "2014-01-31", "--report", str(report), env_extra=env)
    assert ok.returncode == 0, ok.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {k: data[k] for k in ("file", "designation", "rows", "created", "merged", "updated", "unchanged")} == {
        "file": "good.csv", "designation": "certified_se", "rows": 1, "created": 1, "merged": 0, "updated": 0, "unchanged": 0}
    assert data["rejected"] == [] and data["warnings"] == [] and data["ambiguous"] == []

    rejected = _cli("import", str(bad), "--designation", "certified_se", "--report", str(report), env_extra=env)
    assert rejected.returncode == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["rejected"] == [{"row": 3, "column": "district", "value": "없는구", "error": data["rejected"][0]["error"]}]
    assert data["written"] is False
    skipped = _cli("import", str(bad), "--designation", "certified_se", "--skip-invalid", env_extra=env)
    assert skipped.returncode == 1 and "반영했습니다" in skipped.stdout

    empty = _cli("import", str(unreadable), "--designation", "certified_se", env_extra=env)
    assert empty.returncode == 2 and "비어" in empty.stderr and "Traceback" not in empty.stderr
    unknown = _cli("import", str(good), "--designation", "nonsense", env_extra=env)
    assert unknown.returncode == 2 and "알 수 없는 지정 유형" in unknown.stderr

    out = tmp_path / "all.csv"
    exported = _cli("export", "organisations", str(out), env_extra=env)
    assert exported.returncode == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
