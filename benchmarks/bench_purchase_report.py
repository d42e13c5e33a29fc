"""Annual report benchmark (issue 5): the Art. 7 report for an institution with 1,000,000 purchases in a year.

    .venv/bin/python benchmarks/bench_purchase_report.py [--purchases 1000000] [--runs 5] [--database-url postgres://…]

Purchases are written straight into a throwaway SQLite database (insert_rows), spread over 40
departments, 3,000 suppliers and 400 items, 30 % of them not counted, and summed into PurchaseTotal
as an import does; then `procurement.reports.annual_report` is timed: reading the sums and the purchases
listed one by one (not counted, exceptions), and core.purchase.report_from_tallies. Last, correcting
and withdrawing one purchase among the million (services.corrections: the sums of that purchase taken
out and put back, the month stamped), which the back office used to do by recomputing all the sums.
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
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an EMPTY database to use (e.g. postgres://…/bench_db); default: a new SQLite file")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the purchases a run before left in --database-url (compare two versions on the same data)")
    parser.add_argument("--page-only", action="store_true",
                        help="time only the report page (no full report, no correction: the data stays as it is)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bombaram.procurement import reports
    from bombaram.procurement.models import Institution, Purchase

    call_command("migrate", verbosity=0)
    if args.reuse and Institution.objects.filter(code="bench").exists():
        institution = Institution.objects.get(code="bench")
        print(f"{Purchase.objects.count():,} purchases (kept from a run before)")
    else:
        institution = generate(args.purchases)
    if not args.page_only:
        full_report(institution, args.runs)
    page_samples, page_cpu = [], []
    reports.annual_report(institution, 2014, not_counted_limit=200)  # warm: the database's cache and Python's imports
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        reports.annual_report(institution, 2014, not_counted_limit=200)
        page_samples.append(time.perf_counter() - start)
        page_cpu.append(time.process_time() - cpu)
    print(f"annual report page (first 200 not-counted listed), warm: median {statistics.median(page_samples):.3f} s wall "
          f"{[round(s, 3) for s in page_samples]}, {statistics.median(page_cpu):.3f} s CPU of this process "
          f"(the database server's not counted) over {args.runs} runs")
    if not args.page_only:
        correct_and_withdraw(institution, runs=max(args.runs, 5))


def generate(purchases: int):
    """``purchases`` purchases of 2014 written as an import writes them, and summed."""
    from django.utils import timezone

    from bombaram.procurement.models import Department, Institution, Purchase, YearTarget
    from bombaram.procurement.services import totals
    from bombaram.registry.bulk import insert_rows

    institution = Institution.objects.create(code="bench", name="시험구청")
    YearTarget.objects.create(institution=institution, year=2014, target_won=10**12)
    departments = [Department.objects.create(institution=institution, code=f"d{i}", name=f"부서{i}").pk for i in range(40)]
    rng = random.Random(5)
    now = timezone.now()
    columns = ["institution_id", "department_id", "purchased_on", "supplier_name", "supplier_business_no", "item", "category",
               "amount_won", "contract_method", "channel", "exception_code", "exception_justification", "note", "counted",
               "not_counted_reason", "in_district", "indirect", "created"]
    rows = []
    for _ in range(purchases):
        counted = rng.random() < 0.7
        rows.append([institution.pk, rng.choice(departments), dt.date(2014, rng.randint(1, 12), rng.randint(1, 28)),
                     f"업체{rng.randrange(3000)}", "", f"품목{rng.randrange(400)}", rng.choice(["goods", "services"]),
                     rng.randrange(10_000, 5_000_000), "", "direct", None, "", "", counted,
                     "" if counted else "사회적경제 조직 등록부에 없는 업체입니다", rng.random() < 0.5, False, now])
    rows.sort(key=lambda row: row[2])  # in date order, as services.purchases writes an import
    insert_rows(Purchase, columns, rows)
    print(f"{Purchase.objects.count():,} purchases")
    start = time.perf_counter()
    totals.rebuild(institution)  # what an import does for the rows it writes (services.totals.add_purchases)
    print(f"summing them into PurchaseTotal: {time.perf_counter() - start:.2f} s")
    return institution


def full_report(institution, runs: int) -> None:
    """The report with every not-counted purchase (JSON, XLSX), and where its time goes."""
    from bombaram.procurement import reports

    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        report = reports.annual_report(institution, 2014)
        samples.append(time.perf_counter() - start)
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        reports.annual_report(institution, 2014)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(8)
    start = time.perf_counter()
    tallies = reports.grouped_tallies(institution, 2014)
    read = time.perf_counter() - start
    from bombaram.core import purchase as rules

    start = time.perf_counter()
    rules.report_from_grouped(tallies, reports.report_input(institution, 2014, with_purchases=False),
                              reports.core_institution(institution), 2014)
    aggregate = time.perf_counter() - start
    print(f"of which grouping the sums in the database and reading the {len(tallies.not_counted):,} not-counted "
          f"purchases {read:.2f} s, the report from them in core {aggregate:.2f} s")
    print(f"annual report with every not-counted purchase (JSON, XLSX): median {statistics.median(samples):.2f} s "
          f"over {runs} runs {[round(s, 2) for s in samples]} (eligible {report.eligible_won:,} of {report.total_won:,} won, "
          f"{report.not_counted_n:,} not counted)")


def correct_and_withdraw(institution, *, runs: int) -> None:
    from django.contrib.auth import get_user_model

    from bombaram.procurement.models import Purchase
    from bombaram.procurement.services import corrections
    from bombaram.web.choices import Role
    from bombaram.web.services import assign_role

    admin = get_user_model().objects.create_user(username="bench-admin", password="bench-password-1")
    assign_role(user=admin, role=Role.CENTRE_ADMIN)  # the institution has no district: whole-region administrators
    fixes, withdrawals = [], []
    for run in range(runs):
        purchase = Purchase.objects.select_related("department__institution").order_by("pk")[run * 1000]
        typed = {name: getattr(purchase, name) for name in (
            "purchased_on", "supplier_name", "supplier_business_no", "item", "category", "contract_method",
            "channel", "exception_code", "exception_justification", "note")}
        start = time.perf_counter()
        corrections.correct_purchase(user=admin, purchase=purchase, revision=purchase.revision, reason="벤치마크",
                                     department=purchase.department, **{**typed, "amount_won": purchase.amount_won + 1})
        fixes.append(time.perf_counter() - start)
        start = time.perf_counter()
        corrections.withdraw_purchase(user=admin, purchase=purchase, revision=purchase.revision + 1, reason="벤치마크")
        withdrawals.append(time.perf_counter() - start)
    print(f"correcting one purchase of {Purchase.objects.count():,}: median {statistics.median(fixes) * 1000:.1f} ms "
          f"{[round(s * 1000, 1) for s in fixes]}; withdrawing one: median {statistics.median(withdrawals) * 1000:.1f} ms "
          f"{[round(s * 1000, 1) for s in withdrawals]}")


if __name__ == "__main__":
    main()
