"""OCDS benchmark (issue 11): the year's release package, its record package and one month's
disclosure package, for an institution with many purchases, some corrected and withdrawn.

    .venv/bin/python benchmarks/bench_ocds.py [--purchases 100000] [--corrected 1000] [--withdrawn 100] [--runs 3]

Purchases are written straight into a throwaway SQLite database (as bench_purchase_report does);
then ``--corrected`` of them are corrected and ``--withdrawn`` withdrawn through
services.corrections (each keeps a PurchaseRevision and adds a release), and
procurement.open_data's packages are timed (reading the rows, core.purchase.ocds building the JSON objects).
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
    parser.add_argument("--purchases", type=int, default=100_000)
    parser.add_argument("--corrected", type=int, default=1_000)
    parser.add_argument("--withdrawn", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings",
                      BOMBARAM_PUBLIC_URL="https://se.example.go.kr")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from bombaram.procurement import open_data
    from bombaram.procurement.models import Department, Institution, Purchase
    from bombaram.procurement.services import corrections, totals
    from bombaram.procurement.services.disclosures import publish_month
    from bombaram.registry.bulk import insert_rows
    from bombaram.registry.models import District
    from bombaram.web.choices import Role
    from bombaram.web.services import assign_role

    call_command("migrate", verbosity=0)
    from bombaram.registry.services import load_reference_data
    from bombaram.web.services import ensure_role_groups

    load_reference_data()
    ensure_role_groups()
    institution = Institution.objects.create(code="bench", name="시험구청", district=District.objects.get(code="11290"))
    departments = [Department.objects.create(institution=institution, code=f"d{i}", name=f"부서{i}").pk for i in range(40)]
    rng = random.Random(11)
    now = timezone.now()
    columns = ["institution_id", "department_id", "purchased_on", "supplier_name", "supplier_business_no", "item", "category",
               "amount_won", "contract_method", "channel", "exception_code", "exception_justification", "note", "counted",
               "not_counted_reason", "in_district", "indirect", "created"]
    rows = [[institution.pk, rng.choice(departments), dt.date(2014, rng.randint(1, 12), rng.randint(1, 28)),
             f"업체{rng.randrange(3000)}", "", f"품목{rng.randrange(400)}", rng.choice(["goods", "services"]),
             rng.randrange(10_000, 5_000_000), rng.choice(["private_contract", "open_competition"]), "direct", None, "",
             "", False, "사회적경제 조직 등록부에 없는 업체입니다", None, False, now] for _ in range(args.purchases)]
    rows.sort(key=lambda row: row[2])
    insert_rows(Purchase, columns, rows)
    totals.rebuild(institution)
    admin = get_user_model().objects.create_user("bench", password="x")
    assign_role(user=admin, role=Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    publish_month(user=admin, institution=institution, year=2014, month=7, today=dt.date(2015, 1, 20))
    chosen = list(Purchase.objects.filter(institution=institution).order_by("?").values_list("pk", flat=True)[
        :args.corrected + args.withdrawn])
    fix_times = []
    for pk in chosen[:args.corrected]:
        purchase = Purchase.objects.get(pk=pk)
        values = {name: getattr(purchase, name) for name in (
            "purchased_on", "supplier_name", "supplier_business_no", "item", "category", "contract_method", "channel",
            "exception_code", "exception_justification", "note")}
        start = time.perf_counter()
        corrections.correct_purchase(user=admin, purchase=purchase, revision=purchase.revision, reason="벤치마크",
                                     department=purchase.department, amount_won=purchase.amount_won + 1, **values)
        fix_times.append(time.perf_counter() - start)
    for pk in chosen[args.corrected:]:
        purchase = Purchase.objects.get(pk=pk)
        corrections.withdraw_purchase(user=admin, purchase=purchase, revision=purchase.revision, reason="벤치마크")
    print(f"{args.purchases:,} purchases, {args.corrected:,} corrected, {args.withdrawn:,} withdrawn; "
          f"a correction (with its kept revision) median {statistics.median(fix_times) * 1000:.1f} ms")

    def timed(label: str, build) -> None:
        times, size = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            package = build()
            times.append(time.perf_counter() - start)
            size = len(package.get("releases") or package.get("records"))
        print(f"{label}: {size:,} entries, median {statistics.median(times):.2f} s over {args.runs} "
              f"({', '.join(f'{t:.2f}' for t in times)})")

    timed("release package of the year", lambda: open_data.release_package(institution, 2014))
    timed("record package of the year", lambda: open_data.record_package(institution, 2014))
    july = institution.disclosures.get(year=2014, month=7)
    timed("July disclosure's package (as published)", lambda: open_data.disclosure_package(july))


if __name__ == "__main__":
    main()
