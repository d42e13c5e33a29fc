"""Purchase import benchmark (issue 5): 1,000,000 purchases with eligibility decided per row.

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME, or on an empty database given
with ``--database-url`` (PostgreSQL):

    .venv/bin/python benchmarks/bench_purchases.py [--rows 1000000] [--runs 3] [--database-url postgres://…]

The demonstration registry (1,871 organisations with designation histories) is loaded, with an
institution 성북구청 (district 11290) and 20 departments. The file is what a department's
officers send: CP949 CSV, Korean headers, dates of 2013-2014, hyphenated business numbers of demo
organisations for 90 % of the rows and names of suppliers unknown to the registry for the rest,
"1,234,000"-style amounts, some sales hall and reseller purchases, Art. 10 exceptions on some
purchases from unknown suppliers. Each run imports it into an empty purchase table: reading,
parsing, supplier matching, eligibility on the purchase date, duplicate detection and writing.
Target: 1,000,000 rows in 60 s or less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bombaram.datagen.purchase_files import DEPARTMENTS, make_csv


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one run with cProfile instead")
    parser.add_argument("--phases", action="store_true",
                        help="print the time of each phase (read, check, decide, write, sums) of every run")
    parser.add_argument("--no-reimport", action="store_true", help="leave out the closing re-import of the same file")
    parser.add_argument("--database-url", help="an EMPTY database to use (e.g. postgres://…/bench_db); default: a new SQLite file")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.procurement.models import Department, Institution, Purchase
    from bombaram.procurement.services.purchases import import_purchases
    from bombaram.registry.models import District, Organisation
    from bombaram.registry.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    load_demo_registry()
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    for n, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.create(institution=institution, code=f"d{n:02d}", name=name)
    numbers = list(Organisation.objects.exclude(business_no="").order_by("pk").values_list("business_no", flat=True))
    csv_path = home / "purchases.csv"
    start = time.perf_counter()
    make_csv(csv_path, args.rows, numbers)
    print(f"file: {csv_path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows, CP949, "
          f"{len(numbers):,} registry suppliers (made in {time.perf_counter() - start:.1f} s)", flush=True)

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{Purchase._meta.db_table}"')

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        import_purchases(source=csv_path, filename=csv_path.name, institution_code="seongbuk")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        return

    marks: list[tuple[str, float]] = []

    def progress(done: int, total: int, message: str) -> None:
        phase = {"파일을": "read", "행을": "check", "구매일": "decide", "검사를": "write"}.get(message.split(" ")[0], message)
        if not marks or marks[-1][0] != phase:
            marks.append((phase, time.perf_counter()))

    if args.phases:  # the sums' share of the write, timed around the one call that adds them
        from bombaram.procurement.services import totals

        add_new = totals.add_new

        def timed_add(purchases: object) -> None:  # called before the rows are inserted
            marks.append(("sums", time.perf_counter()))
            add_new(purchases)
            marks.append(("insert+commit", time.perf_counter()))

        totals.add_new = timed_add

    rates = []
    for run in range(args.runs):
        empty()
        marks.clear()
        start = time.perf_counter()
        cpu = time.process_time()
        plan = import_purchases(source=csv_path, filename=csv_path.name, institution_code="seongbuk",
                                progress=progress)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        if args.phases:
            ends = [at for _phase, at in marks[1:]] + [start + elapsed]
            print("  phases: " + ", ".join(f"{phase} {end - at:.2f} s" for (phase, at), end in zip(marks, ends, strict=True)))
        report = plan.report()
        assert plan.written and report["created"] == args.rows and not report["rejected"], \
            {k: report[k] for k in ("rows", "created", "unchanged", "written")} | {"rejected": report["rejected"][:5]}
        rates.append(args.rows / elapsed)
        print(f"import run {run + 1}: {elapsed:.2f} s (process CPU {cpu:.2f} s) = {args.rows / elapsed:,.0f} rows/s "
              f"(counted {report['counted']:,}, not counted {report['not_counted']:,})", flush=True)
    print(f"import median: {statistics.median(rates):,.0f} rows/s; "
          f"1,000,000 rows would take {1_000_000 / statistics.median(rates):.1f} s")

    if args.no_reimport:
        return
    start = time.perf_counter()
    plan = import_purchases(source=csv_path, filename=csv_path.name, institution_code="seongbuk")
    print(f"re-import (all unchanged): {time.perf_counter() - start:.2f} s, unchanged={plan.report()['unchanged']:,}, "
          f"created={plan.report()['created']:,}")


if __name__ == "__main__":
    sys.exit(main())
