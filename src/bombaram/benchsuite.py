"""``bombaram bench``: every benchmark, several runs each, beside its anchors measured in the same run.

* **Purchase import** (N rows of a department's CSV, eligibility decided per row): ours
  (``procurement.services.purchases.import_purchases``) beside the naive peer (one ORM ``save()`` a
  row), Django's ``bulk_create`` and the raw engine (``executemany`` on SQLite, ``COPY`` on
  PostgreSQL) writing the same rows already decided.
* **Reports** over M purchase lines (``bombaram generate``'s lines): the national report
  (``procurement.national``: one GROUP BY in the database) beside DuckDB running the same
  aggregation over the same rows; one institution's annual report (from the running sums).
* **Pages**: the load generator (web/loadtest.py) against ``bombaram serve`` and its anchor at 1, 10
  and 50 clients: requests/s and p50/p95/p99.
* Without ``--quick``, the scripts of benchmarks/ (when run from a checkout) once each, their
  summary lines kept as they print them.

Everything runs in a throwaway database of the same engine as the configured one (a new SQLite
file, or a new PostgreSQL database beside the configured one, dropped at the end): the user's data is
never touched. The figures go into docs/benchmarks.md (or ``--output``) between two marker lines,
replacing the previous run's section.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

START = "<!-- bombaram bench: start (written by `bombaram bench`; edits between the markers are replaced) -->"
END = "<!-- bombaram bench: end -->"


@dataclass
class Figure:
    name: str
    unit: str                       # "rows/s" (higher is better) or "s" / "ms" (lower is better)
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def cells(self) -> list[str]:
        fmt = (lambda v: f"{v:,.0f}") if self.unit == "rows/s" else (lambda v: f"{v:,.3f}" if v < 10 else f"{v:,.1f}")
        return [self.name, f"{fmt(self.median)} {self.unit}", f"{fmt(min(self.samples))}–{fmt(max(self.samples))}",
                str(len(self.samples)), self.note]


@dataclass
class Sizes:
    import_rows: int
    naive_rows: int
    report_lines: int
    runs: int
    clients: str
    duration: float
    mixed_clients: int
    servers: str


QUICK = Sizes(import_rows=1_000, naive_rows=300, report_lines=20_000, runs=2, clients="1,2", duration=1.0,
              mixed_clients=0, servers="serve")
FULL = Sizes(import_rows=100_000, naive_rows=5_000, report_lines=1_000_000, runs=3, clients="1,10,50", duration=5.0,
             mixed_clients=0, servers="serve,anchor")


def machine(vendor: str, version: str) -> str:
    try:
        mem = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{int(mem) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{os.cpu_count()} cores, {memory}, {platform.platform()}, Python {platform.python_version()}, "
            f"{vendor} {version}; load average at the start {load}")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "—"


def run_suite(*, quick: bool, output: Path, runs: int | None, say: Callable[[str], None]) -> str:
    """Run everything in a throwaway database; write and return the markdown section."""
    sizes = QUICK if quick else FULL
    if runs:
        sizes = Sizes(**{**vars(sizes), "runs": runs})
    from django.db import connection

    vendor = connection.vendor
    with _throwaway_database() as info:
        say(f"bench: {vendor} database {info}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
            version = cursor.fetchone()[0]
        started = dt.datetime.now(dt.UTC)
        header = machine(vendor, version)
        imports = _imports(sizes, say)
        reports_ = _reports(sizes, say)
    pages = _pages(sizes, say)
    scripts = [] if quick else _scripts(say)
    text = _markdown(started, header, sizes, quick, imports, reports_, pages, scripts)
    _write(output, text)
    return text


# ---------------------------------------------------------------------------- the database


class _throwaway_database:
    """Point Django's default connection at a new, migrated, empty database for the suite's duration."""

    def __enter__(self) -> str:
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        self.settings = settings.DATABASES["default"]
        self.saved = dict(self.settings)
        connection.close()
        self._close_pool(connection)  # a pool keeps its database: the run's database needs a pool of its own
        if connection.vendor == "sqlite":
            self.tmp = tempfile.TemporaryDirectory(prefix="bombaram-bench-")
            self.settings["NAME"] = str(Path(self.tmp.name) / "bench.sqlite3")
            label = "(a new file in a temporary folder)"
        else:
            self.name = f"{self.saved['NAME']}_bench"[:63]
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}"')
            self.settings["NAME"] = self.name
            label = f"{self.name} (made for the run, dropped after)"
        call_command("migrate", verbosity=0)
        from bombaram.programmes.services import load_reference_teams
        from bombaram.registry.services import load_reference_data

        load_reference_data()
        load_reference_teams()
        return label

    def _admin(self, sql: str) -> None:
        import psycopg

        s = self.saved
        with psycopg.connect(host=s.get("HOST") or None, port=s.get("PORT") or None, user=s.get("USER"),
                             password=s.get("PASSWORD"), dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)

    def __exit__(self, *exc) -> None:
        from django.db import connection

        connection.close()
        self._close_pool(connection)  # its connections would hold the run's database open
        self.settings.clear()
        self.settings.update(self.saved)
        if connection.vendor == "sqlite":
            self.tmp.cleanup()
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @staticmethod
    def _close_pool(connection) -> None:
        """Django's psycopg pool (BOMBARAM_DB_POOL_*) is made once per process for the database named when it
        was first used; closing it lets the next connection open a pool for the database now configured."""
        if connection.vendor == "postgresql" and connection.settings_dict.get("OPTIONS", {}).get("pool"):
            connection.close_pool()


# ---------------------------------------------------------------------------- imports


def _imports(sizes: Sizes, say) -> list[Figure]:
    from django.db import connection, transaction

    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.datagen.purchase_files import DEPARTMENTS, make_csv
    from bombaram.procurement.models import Department, Institution, Purchase
    from bombaram.procurement.services.purchases import import_purchases
    from bombaram.registry.models import District, Organisation

    load_demo_registry()
    institution = Institution.objects.create(code="bench", name="시험구청 (예시)", district=District.objects.get(code="11290"),
                                             illustrative=True)
    for n, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.create(institution=institution, code=f"d{n:02d}", name=name)
    numbers = list(Organisation.objects.exclude(business_no="").order_by("pk").values_list("business_no", flat=True))
    tmp = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    csv_path = tmp / "purchases.csv"
    make_csv(csv_path, sizes.import_rows, numbers)
    table = Purchase._meta.db_table

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{table}"')
        from bombaram.procurement.models import PurchaseMonth, PurchaseTotal

        PurchaseTotal.objects.all().delete()
        PurchaseMonth.objects.all().delete()

    ours = Figure(f"ours: import {sizes.import_rows:,} rows (read, match, eligibility per row, write, sums)", "rows/s")
    for run in range(sizes.runs):
        empty()
        start = time.perf_counter()
        plan = import_purchases(source=csv_path, filename=csv_path.name, institution_code="bench")
        elapsed = time.perf_counter() - start
        if not plan.written:
            raise RuntimeError(f"bench import refused: {plan.report()['rejected'][:3]}")
        ours.samples.append(sizes.import_rows / elapsed)
        say(f"  import run {run + 1}: {sizes.import_rows / elapsed:,.0f} rows/s")
    # the anchors write the rows the import decided, so that every one writes the same
    fields = [f.attname for f in Purchase._meta.concrete_fields if f.attname != "id"]
    decided = [dict(zip(fields, row, strict=True)) for row in Purchase.objects.order_by("pk").values_list(*fields)]
    naive = Figure(f"naive peer: ORM save() a row ({sizes.naive_rows:,} rows)", "rows/s")
    bulk = Figure(f"Django bulk_create ({sizes.import_rows:,} rows)", "rows/s")
    raw_name = "PostgreSQL COPY" if connection.vendor == "postgresql" else "sqlite3 executemany"
    raw = Figure(f"raw engine: {raw_name} ({sizes.import_rows:,} rows)", "rows/s")
    for _ in range(sizes.runs):
        empty()
        start = time.perf_counter()
        for values in decided[: sizes.naive_rows]:
            with transaction.atomic():   # what a form or a per-row script does: a transaction a row
                Purchase(**values).save()
        naive.samples.append(sizes.naive_rows / (time.perf_counter() - start))
        empty()
        start = time.perf_counter()
        with transaction.atomic():
            Purchase.objects.bulk_create([Purchase(**values) for values in decided], batch_size=2000)
        bulk.samples.append(len(decided) / (time.perf_counter() - start))
        empty()
        rows = [tuple(values[f] for f in fields) for values in decided]
        start = time.perf_counter()
        _raw_insert(table, fields, rows)
        raw.samples.append(len(rows) / (time.perf_counter() - start))
        say(f"  anchors: naive {naive.samples[-1]:,.0f}, bulk_create {bulk.samples[-1]:,.0f}, raw {raw.samples[-1]:,.0f} rows/s")
    empty()
    ours.note = (f"{ratio(ours.median, naive.median)} the naive peer, {ratio(ours.median, bulk.median)} bulk_create, "
                 f"raw ÷ ours {ratio(raw.median, ours.median)}")
    return [ours, naive, bulk, raw]


def _raw_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        names = ", ".join(f'"{c}"' for c in columns)
        if connection.vendor == "postgresql":
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            adapt_dt, adapt_d = connection.ops.adapt_datetimefield_value, connection.ops.adapt_datefield_value
            fixed = [tuple(adapt_dt(v) if isinstance(v, dt.datetime) else adapt_d(v) if isinstance(v, dt.date) else v
                           for v in row) for row in rows]
            raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', fixed)


# ---------------------------------------------------------------------------- reports


def _reports(sizes: Sizes, say) -> list[Figure]:
    from django.db import connection

    from bombaram.datagen import purchase_year as gen
    from bombaram.datagen.scale import _sum, _write_institutions, _write_lines, supplier_pool
    from bombaram.procurement import national, reports
    from bombaram.procurement.models import Institution, Purchase

    year = 2024
    made = gen.institutions(gen.SCALES["national"], 0, purchases=sizes.report_lines)
    inst_ids, dept_ids = [], []
    _write_institutions(made, year, inst_ids, dept_ids)
    start = time.perf_counter()
    _write_lines(made, supplier_pool(year), total=sizes.report_lines, year=year, seed=0,
                 institution_ids=inst_ids, department_ids=dept_ids, progress=lambda *a: None)
    loaded = time.perf_counter() - start
    _sum(sizes.report_lines)
    say(f"  {sizes.report_lines:,} purchase lines written in {loaded:.1f} s")
    ours = Figure(f"national report over {sizes.report_lines:,} lines, 1,000 institutions (database GROUP BY)", "s")
    for _ in range(sizes.runs):
        start = time.perf_counter()
        report = national.national_report(year)
        ours.samples.append(time.perf_counter() - start)
    assert report.country.n == sizes.report_lines
    duck = Figure("anchor: DuckDB, the same GROUP BY over the same rows (in memory)", "s")
    try:
        import duckdb
    except ImportError:
        duck = None
    else:
        csv = Path(tempfile.mkdtemp(prefix="bombaram-bench-")) / "lines.csv"
        _dump_lines(csv)
        db = duckdb.connect()
        db.execute(f"CREATE TABLE p AS SELECT * FROM read_csv('{csv}', header=true, "
                   "columns={'institution_id': 'INTEGER', 'purchased_on': 'DATE', 'category': 'VARCHAR', "
                   "'amount_won': 'BIGINT', 'counted': 'BOOLEAN'})")
        sql = ("SELECT institution_id, month(purchased_on), category, SUM(amount_won), "
               "COALESCE(SUM(amount_won) FILTER (WHERE counted), 0), COUNT(*), COUNT(*) FILTER (WHERE counted) "
               "FROM p WHERE purchased_on >= DATE '2024-01-01' AND purchased_on < DATE '2025-01-01' GROUP BY 1, 2, 3")
        for _ in range(sizes.runs):
            start = time.perf_counter()
            rows = db.execute(sql).fetchall()
            duck.samples.append(time.perf_counter() - start)
        assert sum(r[5] for r in rows) == sizes.report_lines
        db.close()
        csv.unlink()
        ours.note = f"ours ÷ DuckDB {ratio(ours.median, duck.median)}"
    from django.db.models import Count

    largest = Institution.objects.filter(code__startswith="gen-").annotate(n=Count("purchases")).order_by("-n").first()
    n = Purchase.objects.filter(institution=largest).count()
    page = Figure(f"one institution's annual report ({n:,} purchases; from the running sums), warm", "s")
    reports.annual_report(largest, year, not_counted_limit=200)
    for _ in range(max(sizes.runs, 3)):
        start = time.perf_counter()
        reports.annual_report(largest, year, not_counted_limit=200)
        page.samples.append(time.perf_counter() - start)
    connection.close()
    return [f for f in (ours, duck, page) if f is not None]


def _dump_lines(path: Path) -> None:
    """The report's columns of every purchase line, as CSV (for DuckDB)."""
    from django.db import connection

    from bombaram.procurement.models import Purchase

    table = Purchase._meta.db_table
    columns = '"institution_id", "purchased_on", "category", "amount_won", "counted"'
    with connection.cursor() as cursor, path.open("wb") as out:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY (SELECT {columns} FROM "{table}") TO STDOUT WITH (FORMAT csv, HEADER)') as copy:
                for block in copy:
                    out.write(block)
        else:
            import csv
            import io

            from bombaram.core.tabular import csv_safe_row

            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(csv_safe_row(["institution_id", "purchased_on", "category", "amount_won", "counted"]))
            cursor.execute(f'SELECT {columns} FROM "{table}"')
            while rows := cursor.fetchmany(50_000):
                writer.writerows(csv_safe_row([a, b, c, d, "true" if e else "false"]) for a, b, c, d, e in rows)
                out.write(buffer.getvalue().encode())
                buffer.seek(0)
                buffer.truncate()


# ---------------------------------------------------------------------------- pages


@dataclass
class PageRow:
    server: str
    page: str
    clients: int
    rps: float
    p50: float
    p95: float
    p99: float
    failures: int


def _pages(sizes: Sizes, say) -> list[PageRow] | str:
    import argparse

    from bombaram.cli import _bench_load

    args = argparse.Namespace(servers=sizes.servers, pages="home,directory,statistics,purchases,team",
                              clients=sizes.clients, duration=sizes.duration, mixed_clients=sizes.mixed_clients,
                              mixed_duration=0.0, output=None)
    if sizes is QUICK or sizes.clients == QUICK.clients:
        args.pages = "home"
    try:
        _bench_load(args)
    except SystemExit:
        pass   # failed requests: the table says how many
    except Exception as exc:  # the page bench needs a server; the rest of the suite stands without it
        return f"not measured: {exc}"
    results = getattr(args, "results", [])
    return [PageRow(r.name.split("|")[0], r.name.split("|")[1], r.clients, r.rps, r.p50, r.percentile(0.95),
                    r.percentile(0.99), len(r.failures)) for r in results]


# ---------------------------------------------------------------------------- benchmarks/ scripts


def _scripts(say) -> list[tuple[str, str]]:
    folder = Path.cwd() / "benchmarks"
    if not folder.is_dir():
        return []
    kept = []
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    for script in sorted(folder.glob("bench_*.py")):
        say(f"  {script.name} …")
        done = subprocess.run([sys.executable, str(script), "--runs", "3"], capture_output=True, text=True, env=env,
                              timeout=3600)
        tail = (done.stdout.strip().splitlines() or ["(no output)"])[-4:]
        kept.append((script.name, " / ".join(tail) if done.returncode == 0 else f"failed: {done.stderr.strip()[-200:]}"))
    return kept


# ---------------------------------------------------------------------------- the document


def _markdown(started, header, sizes, quick, imports, reports_, pages, scripts) -> str:
    head = ["measure", "median", "min–max", "runs", "beside its anchors"]
    lines = [START, "", f"## `bombaram bench{' --quick' if quick else ''}` ({started:%Y-%m-%d %H:%M} UTC)", "",
             f"Machine: {header}. Other engineers were loading the machine during the run. Median, min and max of "
             f"{sizes.runs} runs; every anchor in the same run, on the same rows.", "", "### Imports", "",
             "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(f.cells()) + " |" for f in imports]
    lines += ["", "### Reports", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(f.cells()) + " |" for f in reports_]
    lines += ["", "### Pages (load generator against `bombaram serve` on a fresh SQLite copy of the demonstration; "
              "anchor: gunicorn, one sync worker per core)", ""]
    if isinstance(pages, str):
        lines.append(pages)
    else:
        lines += ["| server | page | clients | req/s | p50 ms | p95 ms | p99 ms | p95 ÷ p50 | failed |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {p.server} | {p.page} | {p.clients} | {p.rps:.1f} | {p.p50:.0f} | {p.p95:.0f} | {p.p99:.0f} | "
                  f"{p.p95 / p.p50 if p.p50 else 0:.2f} | {p.failures} |" for p in pages]
    if scripts:
        lines += ["", "### benchmarks/ scripts (their own summary lines)", ""]
        lines += [f"- `{name}`: {tail}" for name, tail in scripts]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def _write(output: Path, text: str) -> None:
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    if START in old and END in old:
        before, rest = old.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        new = before + text + ("\n" + after if after else "")
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + text
    output.write_text(new, encoding="utf-8")
