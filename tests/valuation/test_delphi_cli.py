"""`bombaram delphi analyse` on a paper study's response file, figures worked out by hand."""

import csv
import io
import json
import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "bombaram", "delphi", "analyse", *args], capture_output=True, text=True,
                          check=False, cwd=cwd)


def write(tmp_path, rows, name="r.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    lines = ["round,panellist,group,item_code,item_kind,suitable,score"] + [",".join(map(str, r)) for r in rows]
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def panel_rows():
    # 8 panellists answer indicator 1-1-1 in round 1: 7 say suitable; scores 5,6,6,7,7,7,6,5
    scores = [5, 6, 6, 7, 7, 7, 6, 5]
    return [[1, f"p{i}", "자치구 현장" if i < 5 else "시 단위 전문가", "1-1-1", "indicator", "아니오" if i == 0 else "예", s]
            for i, s in enumerate(scores)]


def test_json_analysis_by_hand(tmp_path):
    result = run(str(write(tmp_path, panel_rows())), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["quartile_method"] == "weibull"
    item = next(i for i in data["items"] if i["group"] == "all")
    # 7 of 8 suitable: share .875, CVR = (7 − 4)/4 = .75; exact critical count for N = 8 is 7
    # (P(X ≥ 7 | 8, ½) = 9/256 = .035 ≤ .05 but P(X ≥ 6) = 37/256 = .145), so the test passes
    assert (item["n"], item["suitable_n"], item["ne_critical"], item["cvr_pass"]) == (8, 7, 7, True)
    assert abs(item["suitable_share"] - 0.875) < 1e-12 and abs(item["cvr"] - 0.75) < 1e-12
    # scores sorted 5,5,6,6,6,7,7,7: mean 49/8 = 6.125, median 6
    # Weibull quartiles: Q1 at p(n+1) = 2.25 → 5 + .25×(6−5) = 5.25; Q3 at 6.75 → 7 + .75×0 = 7
    assert item["mean"] == 6.125 and item["median"] == 6
    assert abs(item["q1"] - 5.25) < 1e-12 and item["q3"] == 7
    # 합의도 = 1 − (7 − 5.25)/6 = .7083 < .75 → not kept as is
    assert abs(item["consensus"] - (1 - 1.75 / 6)) < 1e-12 and item["decision"] == "revise"
    groups = {i["group"] for i in data["items"]}
    assert groups == {"all", "자치구 현장", "시 단위 전문가"}
    assert all(i["decision"] is None for i in data["items"] if i["group"] != "all")


def test_tukey_hinges_give_other_quartiles_than_the_default(tmp_path):
    # Tukey hinges of 5,5,6,6 | 6,7,7,7: lower half median 5.5, upper half median 7 →
    # 합의도 = 1 − 1.5/6 = .75 ≥ .75; convergence .75 > .5 still fails → revise; the figures differ
    data = json.loads(run(str(write(tmp_path, panel_rows())), "--quartiles", "tukey").stdout)
    item = next(i for i in data["items"] if i["group"] == "all")
    assert data["quartile_method"] == "tukey" and item["q1"] == 5.5 and abs(item["consensus"] - 0.75) < 1e-12


def test_csv_output_and_cp949_input(tmp_path):
    result = run(str(write(tmp_path, panel_rows(), encoding="cp949")), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["item_code", "item_kind", "round", "group"] and len(rows) == 4


def test_malformed_file_is_rejected_with_row_and_reason(tmp_path):
    rows = panel_rows() + [[1, "p1", "자치구 현장", "1-1-1", "indicator", "예", 9]]  # score 9 and a second answer
    result = run(str(write(tmp_path, rows)))
    assert result.returncode == 1 and result.stdout == ""
    assert "10행" in result.stderr and "Traceback" not in result.stderr
