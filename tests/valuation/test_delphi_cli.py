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


def one_korean_line(result):
    """A refusal: exit 2, nothing on stdout, one Korean line on stderr, no traceback."""
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bombaram: ")
    return lines[0]


def test_an_unwritable_output_is_one_line(tmp_path):
    responses = str(write(tmp_path, panel_rows()))
    for form in ("json", "csv", "xlsx"):
        line = one_korean_line(run(responses, "--format", form, "--output", str(tmp_path / "no-such-dir" / "out")))
        assert "결과 파일을 쓸 수 없습니다" in line and "no-such-dir" in line


def test_an_undecodable_response_file_is_one_line_without_a_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"round\x80,panellist\n")
    line = one_korean_line(run(str(path)))
    assert "None" not in line and "행" not in line.split(":", 2)[1]
    assert "응답 파일을 읽을 수 없습니다 (bad.csv)" in line and "UTF-8 또는 CP949" in line


def test_a_runaway_quote_in_the_response_file_is_one_korean_line(tmp_path):
    path = write(tmp_path, panel_rows())
    path.write_bytes(path.read_bytes() + b'\n1,p9,"' + b"x" * 200_000 + b"\n")
    line = one_korean_line(run(str(path)))
    assert "10행" in line and "칸 하나가 너무 깁니다" in line and "큰따옴표" in line


def test_bad_rules_files_are_one_korean_line(tmp_path):
    responses = str(write(tmp_path, panel_rows()))
    malformed = tmp_path / "rules.json"
    malformed.write_text("{consensus_min: 0.8}", encoding="utf-8")
    line = one_korean_line(run(responses, "--rules", str(malformed)))
    assert "1행 2열에서 항목 이름은 큰따옴표" in line and line.index("(Expecting") > line.index("큰따옴표")
    not_utf8 = tmp_path / "rules-cp949.json"
    not_utf8.write_bytes('{"consensus_min": 0.8} // 합의도'.encode("cp949"))
    line = one_korean_line(run(responses, "--rules", str(not_utf8)))
    assert "UTF-8 텍스트가 아닙니다" in line and "codec" not in line
    line = one_korean_line(run(responses, "--rules", str(tmp_path)))  # a folder
    assert "결정 규칙 파일을 읽을 수 없습니다" in line
    with_bom = tmp_path / "rules-bom.json"
    with_bom.write_bytes('{"consensus_min": 0.7}'.encode("utf-8-sig"))  # Windows Notepad
    assert run(responses, "--rules", str(with_bom)).returncode == 0
