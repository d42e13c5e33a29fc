"""``bombaram procurement`` with bad input: one Korean line (or rows and columns), a status, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.test_cli import run

HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A database with 성북구청 (targets for 2014, one department) and no purchases."""
    home = tmp_path_factory.mktemp("procurement-cli")
    assert run("init", home=home).returncode == 0
    targets = home / "targets.csv"
    targets.write_text("institution_code,institution_name,year,department,target_won\n"
                       "seongbuk,성북구청,2014,,100000000\nseongbuk,성북구청,2014,복지정책과,50000000\n",
                       encoding="utf-8")
    result = run("procurement", "load-targets", str(targets), home=home)
    assert result.returncode == 0, result.stderr
    return home


def _count(home: Path, table: str) -> int:
    con = sqlite3.connect(home / "db.sqlite3")
    try:
        return con.execute(f'select count(*) from "{table}"').fetchone()[0]
    finally:
        con.close()


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_loading_the_same_targets_again_says_nothing_changed(home):
    result = run("procurement", "load-targets", str(home / "targets.csv"), home=home)
    assert result.returncode == 0
    assert result.stdout.strip() == "targets.csv: 바뀐 것이 없습니다 (목표 2건 모두 그대로)"


def test_a_huge_target_is_refused_with_row_and_column(home, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(f"institution_code,year,target_won\nseongbuk,2015,{HUGE}\n", encoding="utf-8")
    result = run("procurement", "load-targets", str(path), home=home)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "2행 목표액(target_won): 금액이 너무 큽니다 (최대 1,000조 원)" in result.stderr
    assert _count(home, "procurement_yeartarget") == 1


def test_a_name_too_long_for_its_column_is_refused_with_row_and_column(home, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("institution_code,institution_name,year,department,target_won\n"
                    f"seongbuk,성북구청,2016,{'가' * 101},100000000\n", encoding="utf-8")
    result = run("procurement", "load-targets", str(path), home=home)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "2행 부서(department): 100자까지 적을 수 있습니다" in result.stderr
    con = sqlite3.connect(home / "db.sqlite3")
    try:  # nothing of the file was stored
        assert con.execute("select count(*) from procurement_yeartarget where year = 2016").fetchone()[0] == 0
        assert con.execute("select count(*) from procurement_department where length(name) > 100").fetchone()[0] == 0
    finally:
        con.close()


def test_a_huge_amount_in_an_import_rejects_the_row(home, tmp_path):
    path = tmp_path / "purchases.csv"
    path.write_text("date,department,supplier_name,item,category,amount_won\n"
                    f"2014-07-01,복지정책과,㈜행복도시락,도시락,물품,{HUGE}\n", encoding="utf-8")
    result = run("procurement", "import", str(path), "--institution", "seongbuk", home=home)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "2행 amount_won" in result.stdout and "금액이 너무 큽니다 (최대 1,000조 원)" in result.stdout
    assert _count(home, "procurement_purchase") == 0


def test_an_unwritable_import_report_is_said_before_anything_is_imported(home, tmp_path):
    path = tmp_path / "purchases.csv"
    path.write_text("date,department,supplier_name,item,category,amount_won\n"
                    "2014-07-01,복지정책과,㈜행복도시락,도시락,물품,10000\n", encoding="utf-8")
    before = _count(home, "procurement_purchase")
    result = run("procurement", "import", str(path), "--institution", "seongbuk",
                 "--report", str(tmp_path / "없는 폴더" / "r.json"), home=home)
    assert result.returncode == 2
    assert "--report: 파일을 쓸 수 없습니다" in _one_line(result) and "아무것도 가져오지 않았습니다" in result.stderr
    assert _count(home, "procurement_purchase") == before


@pytest.mark.parametrize("year", ["9999", "1999", "0"])
def test_a_report_for_an_impossible_year_is_one_line(home, year):
    result = run("procurement", "report", "--institution", "seongbuk", "--year", year, home=home)
    assert result.returncode == 2
    assert _one_line(result) == f"bombaram: --year: 연도는 2000에서 2100 사이여야 합니다: {year}"


def test_ocds_of_a_year_without_purchases_is_one_line(home, tmp_path):
    out = tmp_path / "ocds.json"
    result = run("procurement", "report", "--institution", "seongbuk", "--year", "2014", "--format", "ocds",
                 "--output", str(out), home=home, BOMBARAM_PUBLIC_URL="https://se.example.go.kr")
    assert result.returncode == 2
    assert "공개할 구매계획이나 구매가 없습니다" in _one_line(result)
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["ocds", "records"])
def test_ocds_without_a_public_address_is_one_line_naming_the_setting(home, tmp_path, fmt):
    """The links inside an OCDS file start from BOMBARAM_PUBLIC_URL; the command line has no request
    to take an address from, and never makes one up (it wrote http://127.0.0.1:8000 before)."""
    out = tmp_path / "ocds.json"
    result = run("procurement", "report", "--institution", "seongbuk", "--year", "2014", "--format", fmt,
                 "--output", str(out), home=home, BOMBARAM_PUBLIC_URL="")
    assert result.returncode == 2
    assert "BOMBARAM_PUBLIC_URL" in _one_line(result)
    assert not out.exists()


def test_a_public_address_that_is_no_address_stops_the_command_with_one_line(home):
    result = run("procurement", "report", "--institution", "seongbuk", "--year", "2014", home=home,
                 BOMBARAM_PUBLIC_URL="se.example.go.kr/path")
    assert result.returncode == 2
    assert _one_line(result).startswith("bombaram: 설정 오류: BOMBARAM_PUBLIC_URL='se.example.go.kr/path'")


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_an_unwritable_output_is_one_line(home, tmp_path, fmt):
    target = tmp_path / "no-such-folder" / f"report.{fmt}"
    result = run("procurement", "report", "--institution", "seongbuk", "--year", "2014", "--format", fmt,
                 "--output", str(target), home=home)
    assert result.returncode == 2
    assert _one_line(result).startswith(f"bombaram: --output: 파일을 쓸 수 없습니다: {target}")
    assert not target.parent.exists()
