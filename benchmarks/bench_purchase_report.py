"""Annual report benchmark (issue 5): the Art. 7 report for an institution with 1,000,000 purchases in a year.

    .venv/bin/python benchmarks/bench_purchase_report.py [--purchases 1000000] [--runs 3]

Purchases are written straight into a throwaway SQLite database (insert_rows), spread over 40
departments, 3,000 suppliers and 400 items; then `services.reports.annual_report` is timed:
reading the year's rows, building the plain records, and core.purchase.annual_report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--purchases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bombaram.procurement.models import Department, Institution, Purchase, YearTarget
    from bombaram.procurement.services import reports
    from bombaram.registry.bulk import insert_rows

    call_command("migrate", verbosity=0)
    institution = Institution.objects.create(code="bench", name="시험구청")
    YearTarget.objects.create(institution=institution, year=2014, target_won=10**12)
    departments = [Department.objects.create(institution=institution, code=f"d{i}", name=f"부서{i}").pk for i in range(40)]
    rng = random.Random(5)
    now = timezone.now()
    columns = ["institution_id", "department_id", "purchased_on", "supplier_name", "supplier_business_no", "item", "category",
               "amount_won", "contract_method", "channel", "exception_code", "exception_justification", "note", "counted",
               "not_counted_reason", "in_district", "indirect", "created"]
    rows = []
    for _ in range(args.purchases):
        counted = rng.random() < 0.7
        rows.append([institution.pk, rng.choice(departments), dt.date(2014, rng.randint(1, 12), rng.randint(1, 28)),
                     f"업체{rng.randrange(3000)}", "", f"품목{rng.randrange(400)}", rng.choice(["goods", "services"]),
                     rng.randrange(10_000, 5_000_000), "", "direct", None, "", "", counted,
                     "" if counted else "사회적경제 조직 등록부에 없는 업체입니다", rng.random() < 0.5, False, now])
    insert_rows(Purchase, columns, rows)
    print(f"{Purchase.objects.count():,} purchases")
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        report = reports.annual_report(institution, 2014)
        samples.append(time.perf_counter() - start)
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        reports.report_input(institution, 2014)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(8)
    start = time.perf_counter()
    data = reports.report_input(institution, 2014)
    read = time.perf_counter() - start
    from bombaram.core import purchase as rules

    start = time.perf_counter()
    rules.annual_report(data, reports.core_institution(institution), 2014)
    aggregate = time.perf_counter() - start
    print(f"of which reading the rows into plain records {read:.2f} s, the core aggregation {aggregate:.2f} s")
    print(f"annual report: median {statistics.median(samples):.2f} s over {args.runs} runs "
          f"(eligible {report.eligible_won:,} of {report.total_won:,} won)")


if __name__ == "__main__":
    main()
