"""Registry benchmarks (issue 3): importing a 100,000-row CSV, and directory search over 100,000 organisations.

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME, or on an empty database given:

    .venv/bin/python benchmarks/bench_registry.py [--rows 100000] [--runs 3] [--database-url postgres://…/bench_db]
        [--phases] [--profile] [--no-search]

--phases prints where one import's time goes (reading the file, parsing and checking the rows, of which
address → district resolution, matching, writing); --profile prints the cProfile of one import.

Import: the same realistic CP949 file (Korean headers, hyphenated business numbers, addresses
that name the district, 1,000-separated money) is imported into an empty registry each run:
reading, validation (check digits, dates, districts from the address), merging and writing.
Search: warm median of the directory page over HTTP-less Django test client calls.
The file is made by ``bombaram.datagen.registry_files.make_registry_csv`` (as `bombaram bench` makes it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="an EMPTY database to use (e.g. postgres://…/bench_db); default: a new SQLite file")
    parser.add_argument("--phases", action="store_true", help="time the phases of one more import")
    parser.add_argument("--profile", action="store_true", help="cProfile one more import (top 30 by own time)")
    parser.add_argument("--no-search", action="store_true", help="skip the re-import and the directory queries")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bombaram.datagen.registry_files import make_registry_csv
    from bombaram.registry.services import import_organisations, load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    csv_path = make_registry_csv(home / "coops.csv", args.rows)
    print(f"database: {connection.vendor}; file: {csv_path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows, CP949")
    rates, cpu = [], []
    for run in range(args.runs):
        _empty_registry()
        start, start_cpu = time.perf_counter(), time.process_time()
        plan = import_organisations(source=csv_path, filename=csv_path.name, designation="cooperative",
                                    as_of=dt.date(2014, 1, 31))
        elapsed, used = time.perf_counter() - start, time.process_time() - start_cpu
        assert plan.written and plan.report()["created"] == args.rows, plan.report()
        rates.append(args.rows / elapsed)
        cpu.append(used)
        print(f"import run {run + 1}: {elapsed:.2f} s = {args.rows / elapsed:,.0f} rows/s (process CPU {used:.2f} s)")
    print(f"import median: {statistics.median(rates):,.0f} rows/s, process CPU median {statistics.median(cpu):.2f} s")
    if args.phases:
        _empty_registry()
        _phases(csv_path)
    if args.profile:
        import cProfile
        import pstats

        _empty_registry()
        profile = cProfile.Profile()
        profile.enable()
        import_organisations(source=csv_path, filename=csv_path.name, designation="cooperative", as_of=dt.date(2014, 1, 31))
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    if args.no_search:
        return

    start = time.perf_counter()
    plan = import_organisations(source=csv_path, filename=csv_path.name, designation="cooperative", as_of=dt.date(2014, 1, 31))
    print(f"re-import (all unchanged): {time.perf_counter() - start:.2f} s, unchanged={plan.report()['unchanged']:,}")

    client = Client()
    queries = [{"q": "햇살늘봄"}, {"q": "협동조합 0123"}, {"district": "11290", "industry": "education"},
               {"q": "두레", "designation": "cooperative", "sort": "-founded"}, {},
               # the statistics' links (issue 11): the registry on a date, counted as the tables count
               {"as_of": "2014-01-31", "designation": "any", "mode": "organisation"},
               {"as_of": "2014-01-31", "designation": "cooperatives", "mode": "organisation", "district": "11290"},
               {"as_of": "2014-01-31", "designation": "any", "mode": "designation", "industry": "education"}]
    for params in queries:
        print("query", params, flush=True)
        for _ in range(3):
            client.get("/organisations/", params)
        samples = []
        for _ in range(15):
            start = time.perf_counter()
            response = client.get("/organisations/", params)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(f"directory {params or '(all)'}: median {statistics.median(samples):.1f} ms", flush=True)


def _empty_registry() -> None:
    """Remove what an import wrote, table by table (the ORM's cascading delete of 100,000 organisations
    took minutes, longer than the imports measured)."""
    from bombaram.registry.models import (
        CooperativeCount,
        Designation,
        ImportBatch,
        Organisation,
        YearlyFigure,
    )

    for model in (YearlyFigure, CooperativeCount, Designation, ImportBatch, Organisation):
        model.objects.all()._raw_delete(model.objects.db)


def _phases(csv_path: Path) -> None:
    """One import taken apart as importer.plan_import and apply_plan do it, each step timed."""
    from django.db import transaction

    from bombaram.core import collector
    from bombaram.core.registry_import import KnownOrganisation, parse_row
    from bombaram.registry import importer

    as_of = dt.date(2014, 1, 31)
    timings: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - start
        return result

    with collector.paused():
        table = timed("read (decode, CSV, headers)", lambda: importer.read_file(
            csv_path, filename=csv_path.name, sheet=None, encoding="auto"))
        ctx = importer.row_context("cooperative", as_of=as_of)
        addresses = [cells.get("address", "") for _, cells in table.rows]
        timed("  of parsing: address → district (cold cache)", lambda: [ctx.resolve_district(a) for a in addresses])
        ctx = importer.row_context("cooperative", as_of=as_of)

        def parse():
            parsed = []
            for number, cells in table.rows:
                row, errors = parse_row(number, cells, ctx)
                if row is not None and not importer.column_errors(row, cells):
                    parsed.append(row)
            return parsed

        parsed = timed("parse + check rows", parse)

        def match():
            index, _known = importer._known_index()
            importer._existing_state({"cooperative"})
            for n, row in enumerate(parsed):
                if index.match(row).key is None:
                    index.add(KnownOrganisation(("new", n), row.match_business_no, row.match_corporate_no,
                                                row.name_key, row.district_code))

        timed("match (index of the registry, compare)", match)
        plan = importer.plan_import(csv_path, filename=csv_path.name, designation="cooperative", as_of=as_of)
        with transaction.atomic():
            timed("write (apply_plan: ids, insert_rows, designations, counts)",
                  lambda: importer.apply_plan(plan, source="bench"))
    for name, seconds in timings.items():
        print(f"phase {name}: {seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
