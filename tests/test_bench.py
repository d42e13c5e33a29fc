"""``bombaram bench --quick``: the whole suite on a tiny scale, as CI runs it; checks the section it writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from bombaram.benchsuite import markers


def test_bench_quick_writes_every_figure_beside_its_anchors(tmp_path):
    doc = tmp_path / "benchmarks.md"
    env = {**os.environ, "BOMBARAM_HOME": str(tmp_path / "home")}
    START, END = markers("postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite")
    other = markers("sqlite" if START == markers("postgresql")[0] else "postgresql")
    # the other engine's section stays as it is
    doc.write_text(f"# Benchmarks\n\nearlier text\n\n{START}\nan old run\n{END}\n\n{other[0]}\nthe other engine\n"
                   f"{other[1]}\n\nlater text\n", encoding="utf-8")
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "bombaram", "bench", "--quick", "--output", str(doc)],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    text = doc.read_text(encoding="utf-8")
    # the old section is replaced, the text around it kept
    assert text.count(START) == 1 and text.count(END) == 1 and "an old run" not in text
    assert text.startswith("# Benchmarks\n\nearlier text\n") and text.rstrip().endswith("later text")
    assert f"{other[0]}\nthe other engine\n{other[1]}" in text
    section = text[text.index(START):text.index(END)]
    assert "Machine: " in section and "cores" in section and "load average at the start" in section
    assert ("Nothing else ran on the machine." in section) != ("Something else was loading the machine" in section)
    for anchor in ("ours: registry import, 1,000 rows", "ours: import 1,000 rows", "naive peer: the same file's first 100 rows",
                   "anchor: ORM save() a row", "anchor: Django bulk_create", "anchor: raw engine, ",
                   "national report of 20,000 lines", "anchor: DuckDB", "peak memory of a process",
                   "one institution's annual report", "statistics, "):
        assert anchor in section, anchor
    # every figure has a median, a min–max and its run count; the imports carry their ratios
    rows = [line for line in section.splitlines()
            if line.startswith("| ") and re.search(r"\| [\d,.]+ (rows/s|s|MiB) \|", line)]
    assert len(rows) == 17, rows
    for row in rows:
        assert re.search(r"\| [\d,.]+ (rows/s|s|MiB) \| [\d,.]+–[\d,.]+ \| [1-5] \|", row), row
    assert re.search(r"[\d.]+× the naive peer; [\d.]+× save\(\), [\d.]+× bulk_create, raw ÷ ours [\d.]+×", section)
    assert re.search(r"registry import.*[\d.]+× save\(\), [\d.]+× bulk_create, raw ÷ ours [\d.]+×", section)
    assert re.search(r"ours ÷ DuckDB [\d.]+×", section)
    # the national report's memory is a measured number of MiB, not nothing
    memory = next(line for line in rows if "peak memory" in line)
    assert 20 < float(memory.split(" | ")[1].split()[0].replace(",", "")) < 2048
    # pages: p50, p95 and p99 at each client count, no failed request
    pages = [line for line in section.splitlines() if line.startswith("| serve | home |")]
    assert [line.split(" | ")[2] for line in pages] == ["1", "2"]
    assert all(line.rstrip(" |").endswith("| 0") for line in pages)


def test_bench_reads_the_generated_data_when_the_database_holds_it(tmp_path):
    """``bombaram generate`` then ``bombaram bench``: the reports run over the generated lines, read only."""
    env = {**os.environ, "BOMBARAM_HOME": str(tmp_path / "home")}
    if env.get("DATABASE_URL", "").startswith("postgres"):
        base = env["DATABASE_URL"].rsplit("/", 1)
        env["DATABASE_URL"] = f"{base[0]}/{base[1]}_gen_bench"[:200]
        import psycopg

        url = env["DATABASE_URL"]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for command in (["init"], ["generate", "--scale", "seoul", "--purchases", "30000"]):
        done = subprocess.run([sys.executable, "-m", "bombaram", *command], env=env, capture_output=True, text=True,
                              timeout=1200)
        assert done.returncode == 0, done.stderr[-2000:]
    doc = tmp_path / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "bombaram", "bench", "--quick", "--output", str(doc)],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    section = doc.read_text(encoding="utf-8")
    national = next(line for line in section.splitlines() if line.startswith("| national report of "))
    # the generated lines of 2024 plus none of the demonstration's (its purchases are of other years)
    assert "national report of 30,000 lines (30,000 generated lines of 2024)" in national
    assert "generator's lines written" not in section  # nothing was written for the run
    # the generated data is still there, unchanged
    done = subprocess.run([sys.executable, "-m", "bombaram", "manage", "shell", "-c",
                           "from bombaram.procurement.models import Purchase;"
                           "print(Purchase.objects.filter(purchased_on__year=2024).count())"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.stdout.split()[-1] == "30000", done.stderr[-500:]
