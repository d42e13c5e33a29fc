"""``bombaram bench --quick``: the whole suite on a tiny scale, as CI runs it; checks the section it writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from bombaram.benchsuite import END, START


def test_bench_quick_writes_every_figure_beside_its_anchors(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nearlier text\n\n{START}\nan old run\n{END}\n\nlater text\n", encoding="utf-8")
    env = {**os.environ, "BOMBARAM_HOME": str(tmp_path / "home")}
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "bombaram", "bench", "--quick", "--output", str(doc)],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    text = doc.read_text(encoding="utf-8")
    # the old section is replaced, the text around it kept
    assert text.count(START) == 1 and text.count(END) == 1 and "an old run" not in text
    assert text.startswith("# Benchmarks\n\nearlier text\n") and text.rstrip().endswith("later text")
    section = text[text.index(START):text.index(END)]
    assert "Machine: " in section and "cores" in section and "loading the machine" in section
    for anchor in ("ours: import 1,000 rows", "naive peer: ORM save()", "Django bulk_create", "raw engine: ",
                   "national report over 20,000 lines", "anchor: DuckDB", "one institution's annual report"):
        assert anchor in section, anchor
    # every figure has a median, a min–max and its run count; the import row carries its ratios
    rows = [line for line in section.splitlines() if line.startswith("| ") and ("rows/s" in line or " s |" in line)]
    assert len(rows) == 7
    for row in rows:
        assert re.search(r"\| [\d,.]+ (rows/s|s) \| [\d,.]+–[\d,.]+ \| [23] \|", row), row
    assert re.search(r"× the naive peer, [\d.]+× bulk_create, raw ÷ ours [\d.]+×", section)
    assert re.search(r"ours ÷ DuckDB [\d.]+×", section)
    # pages: p50, p95 and p99 at each client count, no failed request
    pages = [line for line in section.splitlines() if line.startswith("| serve | home |")]
    assert [line.split(" | ")[2] for line in pages] == ["1", "2"]
    assert all(line.rstrip(" |").endswith("| 0") for line in pages)
