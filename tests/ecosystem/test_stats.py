"""`bombaram demo` then `bombaram stats …` reproduces the report's tables; the statistics pages."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from bombaram.registry.reference_data import reference_path

REPORT_DAY = "2014-01-31"


def reference(name: str) -> list[list[str]]:
    with reference_path("seoul2014", name).open(encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh)]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("stats")
    env = {**os.environ, "BOMBARAM_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}"}
    for command in (["init"], ["demo"]):
        result = subprocess.run([sys.executable, "-m", "bombaram", *command], env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    return env


def stats(env, *args) -> list[list[str]]:
    result = subprocess.run([sys.executable, "-m", "bombaram", "stats", *args, "--as-of", REPORT_DAY, "--format", "csv"],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "예시 데이터" in result.stderr  # the numbers on stdout stay exactly the report's columns
    return list(csv.reader(io.StringIO(result.stdout)))


def test_district_type_with_totals_equals_the_report(demo_home):
    expected = reference("org_counts_by_district_type.csv")
    districts = [row for row in expected[1:] if row[0] != "경기도"]
    assert len(districts) == 25
    # 평균: the 25 districts' sum / 25, as the report computes it (서울형: 322 / 25 = 12.88)
    mean = ["평균"] + [str(float(Fraction(sum(int(r[i]) for r in districts), 25))).rstrip("0").rstrip(".")
                       for i in range(1, 9)]
    total = ["전체"] + [str(sum(int(r[i]) for r in expected[1:])) for i in range(1, 9)]
    assert mean[2] == "12.88" and total[2] == "323" and total[8] == "1871"
    assert stats(demo_home, "district-type", "--totals") == expected + [mean, total]


def test_industry_equals_the_report(demo_home):
    assert stats(demo_home, "industry") == reference("industry_distribution.csv")


def test_cooperatives_equal_the_report(demo_home):
    assert stats(demo_home, "cooperatives", "--totals") == reference("cooperative_scale_by_district.csv")


def test_lq_comes_close_to_the_report(demo_home):
    ours = {row[0]: [float(v) for v in row[1:]] for row in stats(demo_home, "lq")[1:]}
    printed = {row[0]: [float(v) for v in row[1:]] for row in reference("location_quotient_by_district_industry.csv")[1:]}
    errors = [a - b for d in printed for a, b in zip(ours[d], printed[d], strict=True)]
    rmse = (sum(e * e for e in errors) / len(errors)) ** 0.5
    assert len(errors) == 250 and rmse < 0.06 and max(abs(e) for e in errors) < 0.3


def test_designation_mode_counts_the_34_cooperatives_twice(demo_home):
    by_designation = stats(demo_home, "district-type", "--mode", "designation", "--totals")
    total = by_designation[-1]
    assert total[0] == "전체" and int(total[6]) >= 967  # every cooperative, also those holding a higher designation


def test_xlsx_has_korean_headers_numbers_and_the_illustrative_note(demo_home, tmp_path):
    out = tmp_path / "coops.xlsx"
    result = subprocess.run([sys.executable, "-m", "bombaram", "stats", "cooperatives", "--totals", "--as-of", REPORT_DAY,
                             "--format", "xlsx", "--output", str(out)], env=demo_home, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    assert "예시 데이터" in rows[1][0]
    header = rows[2]
    assert header[:4] == ["자치구", "협동조합 (개)", "비율 (%)", "조합원 (명)"]
    assert rows[3][:4] == ["강남구", 98, 10.1, 1053]
    assert rows[-1][5] == 19383193


def test_xlsx_without_output_is_a_clear_error(demo_home):
    result = subprocess.run([sys.executable, "-m", "bombaram", "stats", "lq", "--format", "xlsx"], env=demo_home,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "--output" in result.stderr
