"""``bombaram bench``: every benchmark, several runs each, beside its anchors measured in the same run.

* **Purchase import** (N rows of a department's CSV, eligibility decided per row): ours
  (``procurement.services.purchases.import_purchases``) beside the naive peer — the same file, a row at
  a time through the one-purchase service the entry form uses (ORM look-ups, eligibility, ``save()``,
  the running sums, the audit event; a transaction a row) —, and three writers of the rows ours decided:
  one ORM ``save()`` a row, Django's ``bulk_create``, and the raw engine (``executemany`` on SQLite,
  ``COPY`` on PostgreSQL).
* **Registry import** (a cooperatives' list, CP949, Korean headers): ours beside ``save()``,
  ``bulk_create`` and the raw engine writing the organisations, designations and counts ours made.
* **Reports**: the national report (``procurement.national``: one GROUP BY in the database) beside
  DuckDB running the same aggregation over the same rows, and the peak memory of a process that makes
  it; one institution's annual report (from the running sums); the country's statistics by 시도 and
  시군구 (``ecosystem.queries.national_statistics``). When the configured database holds
  ``bombaram generate``'s data (institutions ``gen-…``), these run over it, read only — ten million lines
  after ``generate --scale national``; otherwise over lines and organisations written into the
  throwaway database.
* **Pages**: the load generator (web/loadtest.py) against ``bombaram serve`` and its anchor at 1, 10
  and 50 clients, and 50 clients mixing reads and writes: requests/s and p50/p95/p99, on a fresh
  database of the same engine with the demonstration data.
* With ``--scripts``, the scripts of benchmarks/ (when run from a checkout) once each, their summary
  lines kept as they print them.

Imports run in a throwaway database of the same engine as the configured one (a new SQLite file, or a
new PostgreSQL database beside the configured one, dropped at the end): the user's data is never
written. The figures go into docs/benchmarks.md (or ``--output``) between two marker lines, replacing
the previous run's section.
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


def markers(vendor: str) -> tuple[str, str]:
    """The lines around the section of one engine's run (each engine keeps its own section)."""
    return (f"<!-- bombaram bench on {vendor}: start (written by `bombaram bench`; edits between the markers are "
            "replaced) -->", f"<!-- bombaram bench on {vendor}: end -->")


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
    import_rows: int        # the purchase file ours imports
    naive_rows: int         # its first rows, through the naive peer
    anchor_rows: int        # rows ours decided, written again by save(), bulk_create and the raw engine
    registry_rows: int      # the registry list
    report_lines: int       # purchase lines written for the reports when the database holds no generated data
    organisations: int      # organisations written for the statistics when the database holds no generated data
    runs: int
    clients: str
    duration: float
    mixed_clients: int
    mixed_duration: float
    servers: str
    pages: str


QUICK = Sizes(import_rows=1_000, naive_rows=100, anchor_rows=1_000, registry_rows=1_000, report_lines=20_000,
              organisations=2_000, runs=2, clients="1,2", duration=1.0, mixed_clients=0, mixed_duration=0.0,
              servers="serve", pages="home")
FULL = Sizes(import_rows=1_000_000, naive_rows=1_000, anchor_rows=200_000, registry_rows=100_000,
             report_lines=1_000_000, organisations=45_000, runs=3, clients="1,10,50", duration=3.0, mixed_clients=50,
             mixed_duration=30.0, servers="serve,anchor", pages="home,directory,statistics,purchases,team")


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


def busy() -> bool:
    """Whether something else was using the machine when the run began (1-minute load above half the cores)."""
    return hasattr(os, "getloadavg") and os.getloadavg()[0] > (os.cpu_count() or 1) / 2


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "—"


def run_suite(*, quick: bool, output: Path, runs: int | None, say: Callable[[str], None],
              scripts: bool = False) -> str:
    """Run everything; write and return the markdown section."""
    sizes = QUICK if quick else FULL
    if runs:
        sizes = Sizes(**{**vars(sizes), "runs": runs})
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
        if vendor == "postgresql":  # the server's memory settings change the figures (docs/deployment.md)
            settings_ = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "max_wal_size"):
                cursor.execute(f"SHOW {name}")
                settings_.append(f"{name} {cursor.fetchone()[0]}")
            version = f"{version} ({', '.join(settings_)})"
    started = dt.datetime.now(dt.UTC)
    header = machine(vendor, version)
    loaded = busy()
    generated = _generated()
    reports_: list[Figure] = []
    if generated is not None:
        year, lines = generated
        say(f"bench: reports over the configured database's generated data ({lines:,} lines of {year}), read only")
        reports_ = _reports(sizes, say, year=year, source=f"{lines:,} generated lines of {year}", url=_url())
        reports_ += _statistics(sizes, say)
        connection.close()
    with _throwaway_database() as info:
        say(f"bench: {vendor} database {info}")
        imports = _registry_import(sizes, say)   # first: into the empty registry, which it then empties again
        imports += _imports(sizes, say)
        if generated is None:
            reports_ = _lines_for_reports(sizes, say)
            reports_ += _reports(sizes, say, year=2024, source=f"{sizes.report_lines:,} lines written for the run",
                                 url=_url())
            reports_ += _statistics(sizes, say, write=True)
        connection.close()
    pages = _pages(sizes, say)
    kept = _scripts(say) if scripts else []
    text = _markdown(started, header, loaded, sizes, quick, imports, reports_, pages, kept, vendor)
    _write(output, text, vendor)
    return text


def _generated() -> tuple[int, int] | None:
    """(year, lines) of ``bombaram generate``'s purchase lines in the configured database, or None."""
    from django.db.models import Max

    from bombaram.datagen.scale import PREFIX
    from bombaram.procurement.models import Institution, Purchase, YearTarget

    try:
        ids = list(Institution.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True))
    except Exception:  # noqa: BLE001 - a database not made yet holds no generated data
        return None
    if not ids:
        return None
    year = YearTarget.objects.filter(institution_id__in=ids).aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    lines = Purchase.objects.filter(purchased_on__year=year).count()
    return (year, lines) if lines else None


def _url() -> str:
    """The database Django uses now, as a DATABASE_URL for a child process."""
    from urllib.parse import quote

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


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
        _admin(self.saved, sql)

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
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.datagen.purchase_files import DEPARTMENTS, make_csv
    from bombaram.procurement.models import (
        Department,
        Institution,
        Purchase,
        PurchaseMonth,
        PurchaseTotal,
    )
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

    def empty() -> None:
        _empty(Purchase, PurchaseTotal, PurchaseMonth)

    ours = Figure(f"ours: import {sizes.import_rows:,} rows (read, match, eligibility per row, write, sums)", "rows/s")
    naive = Figure(f"naive peer: the same file's first {sizes.naive_rows:,} rows, one at a time through the entry "
                   "form's service (ORM look-ups, eligibility, save(), sums, audit; a transaction a row)", "rows/s")
    for run in range(sizes.runs):
        empty()
        start = time.perf_counter()
        plan = import_purchases(source=csv_path, filename=csv_path.name, institution_code="bench")
        elapsed = time.perf_counter() - start
        if not plan.written:
            raise RuntimeError(f"bench import refused: {plan.report()['rejected'][:3]}")
        ours.samples.append(sizes.import_rows / elapsed)
        say(f"  purchase import run {run + 1}: {sizes.import_rows / elapsed:,.0f} rows/s ({elapsed:.1f} s)")
    decided = _decided([Purchase], sizes.anchor_rows)
    for _ in range(sizes.runs):
        empty()
        start = time.perf_counter()
        written = _naive_import(csv_path, institution, sizes.naive_rows)
        naive.samples.append(written / (time.perf_counter() - start))
        say(f"  naive peer: {naive.samples[-1]:,.0f} rows/s")
    figures = _write_anchors(decided, sizes, say, empty, units=len(decided[0][2]), what="rows")
    empty()
    csv_path.unlink()
    ours.note = (f"{ratio(ours.median, naive.median)} the naive peer; {ratio(ours.median, figures[0].median)} save(), "
                 f"{ratio(ours.median, figures[1].median)} bulk_create, raw ÷ ours {ratio(figures[2].median, ours.median)}"
                 f"; {sizes.import_rows / ours.median:.1f} s for the file")
    return [ours, naive, *figures]


def _naive_import(path: Path, institution, limit: int) -> int:
    """What a straightforward per-row script does with the same file: read a row, look its department up,
    record it through ``record_purchase`` (the entry form's service: supplier matched with the ORM,
    eligibility decided on the date, ``save()``, the running sums, the audit event; a transaction a row)."""
    import csv

    from bombaram.procurement.models import Department
    from bombaram.procurement.services import purchases as service

    written = 0
    with path.open(encoding="cp949", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if n >= limit:
                break
            department = Department.objects.get(institution=institution, name=row["부서"])
            code = service.parse_exception_code(row["예외사유"])
            service.record_purchase(
                user=None, allowed=True, department=department, purchased_on=service.parse_purchase_date(row["구매일자"]),
                supplier_name=row["업체명"], supplier_business_no=row["사업자등록번호"], item=row["품목"],
                category=row["구분"], amount_won=service.parse_amount(row["금액"]), contract_method=row["계약방법"],
                channel=row["구매경로"], exception_code=code, exception_justification=row["예외사유 설명"], note=row["비고"])
            written += 1
    return written


def _decided(models: list, limit: int | None = None) -> list[tuple]:
    """(model, columns, rows) of what ours wrote, ids included (the rows refer to each other), to be
    written again by the anchors."""
    out = []
    for model in models:
        columns = [f.attname for f in model._meta.concrete_fields]
        query = model.objects.order_by("pk").values_list(*columns)
        rows = list(query[:limit] if limit else query)
        out.append((model, columns, rows))
    return out


def _write_anchors(decided: list[tuple], sizes: Sizes, say, empty: Callable[[], None], *, units: int,
                   what: str) -> list[Figure]:
    """The rows ours decided written again by one ORM save() a row (the first ``naive_rows``'s worth), Django's
    bulk_create and the raw engine; rates in ``what`` per second (``units`` of them in ``decided``)."""
    from django.db import connection, transaction

    few = max(1, min(sizes.naive_rows, units))
    save = Figure(f"anchor: ORM save() a row, the rows ours decided ({few:,} {what}, a transaction each)", "rows/s")
    bulk = Figure(f"anchor: Django bulk_create, the same rows ({units:,} {what})", "rows/s")
    raw_name = "PostgreSQL COPY" if connection.vendor == "postgresql" else "sqlite3 executemany"
    raw = Figure(f"anchor: raw engine, {raw_name}, the same rows ({units:,} {what})", "rows/s")
    # the first table's rows are the units; the other tables' rows belong to them through their first key
    first_model, first_columns, first_rows = decided[0]
    keep = {row[0] for row in first_rows[:few]}
    for _ in range(sizes.runs):
        empty()
        start = time.perf_counter()
        for model, columns, rows in decided:
            link = 0 if model is first_model else _link(model, first_model, columns)
            for row in rows:
                if row[link] in keep:
                    with transaction.atomic():   # what a form or a per-row script does
                        model(**dict(zip(columns, row, strict=True))).save(force_insert=True)
        save.samples.append(few / (time.perf_counter() - start))
        empty()
        start = time.perf_counter()
        with transaction.atomic():
            for model, columns, rows in decided:
                model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)
        bulk.samples.append(units / (time.perf_counter() - start))
        empty()
        start = time.perf_counter()
        with transaction.atomic():
            for model, columns, rows in decided:
                _raw_insert(model._meta.db_table, columns, rows)
        raw.samples.append(units / (time.perf_counter() - start))
        say(f"  anchors: save() {save.samples[-1]:,.0f}, bulk_create {bulk.samples[-1]:,.0f}, "
            f"raw {raw.samples[-1]:,.0f} {what}/s")
    return [save, bulk, raw]


def _link(model, parent, columns: list[str]) -> int:
    """The position of ``model``'s foreign key to ``parent`` among ``columns``."""
    field = next(f for f in model._meta.concrete_fields if f.is_relation and f.related_model is parent)
    return columns.index(field.attname)


def _registry_import(sizes: Sizes, say) -> list[Figure]:
    from bombaram.datagen.registry_files import make_registry_csv
    from bombaram.registry.models import CooperativeCount, Designation, ImportBatch, Organisation
    from bombaram.registry.services import import_organisations

    tmp = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    path = tmp / "coops.csv"
    make_registry_csv(path, sizes.registry_rows)

    def empty() -> None:
        _empty(CooperativeCount, Designation, Organisation, ImportBatch)

    ours = Figure(f"ours: registry import, {sizes.registry_rows:,} rows (CP949, check digits, dates, districts from "
                  "addresses, matching, organisations + designations + counts)", "rows/s")
    for run in range(sizes.runs):
        empty()
        start = time.perf_counter()
        plan = import_organisations(source=path, filename=path.name, designation="cooperative", as_of=dt.date(2014, 1, 31))
        elapsed = time.perf_counter() - start
        if not plan.written:
            raise RuntimeError(f"bench registry import refused: {plan.report()}")
        ours.samples.append(sizes.registry_rows / elapsed)
        say(f"  registry import run {run + 1}: {sizes.registry_rows / elapsed:,.0f} rows/s")
    decided = _decided([Organisation, Designation, CooperativeCount, ImportBatch][:3])
    batches = _decided([ImportBatch])

    def empty_keep_batch() -> None:
        empty()
        _raw_insert(ImportBatch._meta.db_table, batches[0][1], batches[0][2])

    figures = _write_anchors(decided, sizes, say, empty_keep_batch, units=len(decided[0][2]), what="organisations")
    empty()
    path.unlink()
    ours.note = (f"{ratio(ours.median, figures[0].median)} save(), {ratio(ours.median, figures[1].median)} bulk_create, "
                 f"raw ÷ ours {ratio(figures[2].median, ours.median)}")
    return [ours, *figures]


def _empty(*models) -> None:
    """Empty the run's tables between runs: TRUNCATE on PostgreSQL (a DELETE of 100,000 organisations checked
    every row's references for 30 minutes, and left dead index entries that slowed the next run's writes)."""
    from django.db import connection

    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')


def _raw_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    import json

    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        names = ", ".join(f'"{c}"' for c in columns)
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([Jsonb(v) if isinstance(v, dict | list) else v for v in row])
        else:
            adapt_dt, adapt_d = connection.ops.adapt_datetimefield_value, connection.ops.adapt_datefield_value
            fixed = [tuple(adapt_dt(v) if isinstance(v, dt.datetime) else adapt_d(v) if isinstance(v, dt.date)
                           else json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                           for v in row) for row in rows]
            raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', fixed)


# ---------------------------------------------------------------------------- reports


def _lines_for_reports(sizes: Sizes, say) -> list[Figure]:
    """``bombaram generate``'s lines (report_lines of 2024, 1,000 institutions) written into the run's database."""
    from bombaram.datagen import purchase_year as gen
    from bombaram.datagen.scale import _sum, _write_institutions, _write_lines, supplier_pool

    year = 2024
    made = gen.institutions(gen.SCALES["national"], 0, purchases=sizes.report_lines)
    inst_ids, dept_ids = [], []
    _write_institutions(made, year, inst_ids, dept_ids)
    start = time.perf_counter()
    _write_lines(made, supplier_pool(year), total=sizes.report_lines, year=year, seed=0,
                 institution_ids=inst_ids, department_ids=dept_ids, progress=lambda *a: None)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    _sum(sizes.report_lines)
    summed = time.perf_counter() - start
    say(f"  {sizes.report_lines:,} purchase lines written in {loaded:.1f} s, summed in {summed:.1f} s")
    return [Figure(f"generator's lines written ({sizes.report_lines:,}, {_engine_writer()})", "rows/s",
                   [sizes.report_lines / loaded]),
            Figure("running sums (PurchaseTotal) of those lines from scratch", "s", [summed])]


def _engine_writer() -> str:
    from django.db import connection

    return "COPY" if connection.vendor == "postgresql" else "executemany"


def _reports(sizes: Sizes, say, *, year: int, source: str, url: str) -> list[Figure]:
    from django.db import connection
    from django.db.models import Sum

    from bombaram.datagen.scale import PREFIX
    from bombaram.procurement import national, reports
    from bombaram.procurement.choices import TotalDimension
    from bombaram.procurement.models import Institution, Purchase, PurchaseTotal

    lines = Purchase.objects.filter(purchased_on__year=year).count()
    institutions = Institution.objects.count()
    ours = Figure(f"national report of {lines:,} lines ({source}), {institutions:,} institutions (database GROUP BY over "
                  "the running sums the writes keep)", "s")
    report = national.national_report(year)  # warm: the lines in the page cache, as for every later request
    for run in range(sizes.runs):
        start = time.perf_counter()
        report = national.national_report(year)
        ours.samples.append(time.perf_counter() - start)
        say(f"  national report run {run + 1}: {ours.samples[-1]:.2f} s")
    if report.country.n != lines:
        raise RuntimeError(f"national report counted {report.country.n:,} lines of {lines:,}")
    memory = Figure("peak memory of a process that makes the national report (ru_maxrss)", "MiB",
                    [_report_memory(url, year, say)])
    figures = [ours]
    try:
        import duckdb
    except ImportError:
        ours.note = "DuckDB not installed (pip install bombaram[bench]): no anchor"
    else:
        folder = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
        csv = folder / "lines.csv"
        start = time.perf_counter()
        _dump_lines(csv, year)
        dumped = time.perf_counter() - start
        db = duckdb.connect()
        start = time.perf_counter()
        db.execute(f"CREATE TABLE p AS SELECT * FROM read_csv('{csv}', header=true, "
                   "columns={'institution_id': 'INTEGER', 'purchased_on': 'DATE', 'category': 'VARCHAR', "
                   "'amount_won': 'BIGINT', 'counted': 'BOOLEAN'})")
        loaded = time.perf_counter() - start
        duck = Figure(f"anchor: DuckDB {duckdb.__version__}, the same groups by a GROUP BY over the lines themselves (in memory; "
                      f"dumped in {dumped:.0f} s, loaded in {loaded:.0f} s, not counted)", "s")
        sql = (f"SELECT institution_id, month(purchased_on), category, SUM(amount_won), "
               f"COALESCE(SUM(amount_won) FILTER (WHERE counted), 0), COUNT(*), COUNT(*) FILTER (WHERE counted) "
               f"FROM p WHERE purchased_on >= DATE '{year}-01-01' AND purchased_on < DATE '{year + 1}-01-01' "
               f"GROUP BY 1, 2, 3")
        rows = db.execute(sql).fetchall()
        for _ in range(sizes.runs):
            start = time.perf_counter()
            rows = db.execute(sql).fetchall()
            duck.samples.append(time.perf_counter() - start)
        if sum(r[5] for r in rows) != lines:
            raise RuntimeError("DuckDB counted other lines than the database")
        db.close()
        csv.unlink()
        ours.note = f"ours ÷ DuckDB {ratio(ours.median, duck.median)}"
        figures.append(duck)
    figures.append(memory)
    # the institution with the most purchases in the year, from the running sums (not a count of millions of lines)
    pk, n = (PurchaseTotal.objects.filter(year=year, dimension=TotalDimension.FLAGS, institution__code__startswith=PREFIX)
             .values("institution").annotate(n=Sum("n")).order_by("-n").values_list("institution", "n").first())
    largest = Institution.objects.get(pk=pk)
    from bombaram.procurement.views.reports import NOT_COUNTED_SHOWN, TOP_SHOWN

    page = Figure(f"one institution's annual report page ({n:,} purchases of {year}; from the running sums, "
                  f"the {TOP_SHOWN} largest suppliers listed), warm", "s")
    reports.annual_report(largest, year, not_counted_limit=NOT_COUNTED_SHOWN, suppliers_shown=TOP_SHOWN)
    for _ in range(max(sizes.runs, 5)):
        start = time.perf_counter()
        reports.annual_report(largest, year, not_counted_limit=NOT_COUNTED_SHOWN, suppliers_shown=TOP_SHOWN)
        page.samples.append(time.perf_counter() - start)
    figures.append(page)
    connection.close()
    return figures


def _report_memory(url: str, year: int, say) -> float:
    """Peak resident memory (MiB) of a new process that makes the national report of ``year`` in ``url``."""
    code = ("import resource, django\n"
            "django.setup()\n"
            "from bombaram.procurement.national import national_report\n"
            f"national_report({int(year)})\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bombaram.config.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"the national report's memory: {done.stderr.strip()[-300:]}")
    peak = int(done.stdout.split()[-1]) / 1024
    say(f"  national report's process peak memory {peak:,.0f} MiB")
    return peak


def _statistics(sizes: Sizes, say, *, write: bool = False) -> list[Figure]:
    """The country's statistics by 시도 and one 시도 by 시군구, uncached, over the registry (``write``: first
    ``organisations`` generated into the run's database)."""
    from bombaram.datagen.national_registry import AS_OF, load_national_registry
    from bombaram.ecosystem.queries import national_statistics
    from bombaram.registry.models import Organisation
    from bombaram.registry.services import load_national_geography

    if write:
        load_national_geography()
        load_national_registry(seed=0, organisations=sizes.organisations)
    count = Organisation.objects.count()
    figures = []
    for label, sido in (("the country by 시도", ""), ("경기도 by 시군구", "41")):
        figure = Figure(f"statistics, {count:,} organisations: {label} (중복 제외, uncached)", "s")
        national_statistics(AS_OF, sido=sido, mode="organisation")
        for _ in range(max(sizes.runs, 5)):
            start = time.perf_counter()
            national_statistics(AS_OF, sido=sido, mode="organisation")
            figure.samples.append(time.perf_counter() - start)
        figures.append(figure)
    return figures


def _dump_lines(path: Path, year: int) -> None:
    """The report's columns of every purchase line of ``year``, as CSV (for DuckDB)."""
    from django.db import connection

    from bombaram.procurement.models import Purchase

    table = Purchase._meta.db_table
    columns = '"institution_id", "purchased_on", "category", "amount_won", "counted"'
    where = f"\"purchased_on\" >= '{int(year)}-01-01' AND \"purchased_on\" < '{int(year) + 1}-01-01'"
    with connection.cursor() as cursor, path.open("wb") as out:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY (SELECT {columns} FROM "{table}" WHERE {where}) TO STDOUT WITH (FORMAT csv, HEADER)') as copy:
                for block in copy:
                    out.write(block)
        else:
            import csv
            import io

            from bombaram.core.tabular import csv_safe_row

            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(csv_safe_row(["institution_id", "purchased_on", "category", "amount_won", "counted"]))
            cursor.execute(f'SELECT {columns} FROM "{table}" WHERE {where}')
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
    """The load generator against the servers on a fresh database of the configured engine with the
    demonstration data (on PostgreSQL a database beside the configured one, dropped after)."""
    import argparse

    from django.conf import settings
    from django.db import connection

    from bombaram.cli import _bench_load

    args = argparse.Namespace(servers=sizes.servers, pages=sizes.pages, clients=sizes.clients, duration=sizes.duration,
                              mixed_clients=sizes.mixed_clients, mixed_duration=sizes.mixed_duration, output=None,
                              database_url=None)
    made = None
    if connection.vendor == "postgresql":
        saved = dict(settings.DATABASES["default"])
        made = f"{saved['NAME']}_pages"[:63]
        _admin(saved, f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')
        _admin(saved, f'CREATE DATABASE "{made}"')
        settings.DATABASES["default"]["NAME"] = made
        args.database_url = _url()
        settings.DATABASES["default"]["NAME"] = saved["NAME"]
    try:
        _bench_load(args)
    except SystemExit:
        pass   # failed requests: the table says how many
    except Exception as exc:  # noqa: BLE001 - the page bench needs a server; the rest of the suite stands without it
        return f"not measured: {exc}"
    finally:
        if made:
            _admin(saved, f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')
    results = getattr(args, "results", [])
    return [PageRow(r.name.split("|")[0], r.name.split("|")[1], r.clients, r.rps, r.p50, r.percentile(0.95),
                    r.percentile(0.99), len(r.failures)) for r in results]


def _admin(saved: dict, sql: str) -> None:
    """One statement on the PostgreSQL server's maintenance database (CREATE or DROP DATABASE)."""
    import psycopg

    with psycopg.connect(host=saved.get("HOST") or None, port=saved.get("PORT") or None, user=saved.get("USER"),
                         password=saved.get("PASSWORD"), dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


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


def _markdown(started, header, loaded, sizes, quick, imports, reports_, pages, scripts, vendor) -> str:
    start, end = markers(vendor)
    head = ["measure", "median", "min–max", "runs", "beside its anchors"]
    state = ("Something else was loading the machine when the run began (see the load average): the figures are "
             "slower than the machine alone, the anchors beside them shared the same load." if loaded else
             "Nothing else ran on the machine.")
    lines = [start, "", f"## `bombaram bench{' --quick' if quick else ''}` on {vendor} ({started:%Y-%m-%d %H:%M} UTC)", "",
             f"Machine: {header}. {state} Median, min and max of the runs given; every anchor in the same run, "
             "on the same rows.", "", "### Imports", "",
             "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(f.cells()) + " |" for f in imports]
    lines += ["", "### Reports", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(f.cells()) + " |" for f in reports_]
    lines += ["", "### Pages (load generator against the servers on a fresh database of the same engine with the "
              "demonstration data; `serve` = `bombaram serve`, anchor = gunicorn, one sync worker per core)", ""]
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
    lines += ["", end]
    return "\n".join(lines) + "\n"


def _write(output: Path, text: str, vendor: str) -> None:
    start, end = markers(vendor)
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    if start in old and end in old:
        before, rest = old.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        new = before + text + ("\n" + after if after else "")
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + text
    output.write_text(new, encoding="utf-8")
