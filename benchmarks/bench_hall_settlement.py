"""Sales hall benchmark (issue 13, part 9): the hall's monthly settlement per producer over 1,000,000 sales.

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME (or on the database of ``--database-url``,
e.g. a PostgreSQL database made for it, which is emptied of sales first):

    .venv/bin/python benchmarks/bench_hall_settlement.py [--sales 1000000] [--producers 200] [--runs 7]

The hard case: every one of the ``--sales`` sales lies in the month settled (July 2014), spread over
``--producers`` admitted producers and the month's days, a twentieth of them to public departments (sums
only: the rows are inserted directly, without purchases, and the running sums per day and producer that the
services keep are then rebuilt in one GROUP BY, timed too). A second hall holds the same number of sales
spread over 2012–2014, so the month is also timed as one month among many. Timed: ``hall_settlement`` (the
month's running sums per producer, core.market_hall.settle, the producers' names, the promotion's sales).
Target: < 1 s. A recording of one sale also timed (the sale, its running sum, the audit event).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ("outlet_id", "organisation_id", "sold_on", "period", "item", "category", "amount_won", "buyer_kind",
           "department_id", "note", "created", "revision", "illustrative")


def rows(outlet: int, producers: list[int], department: int, n: int, days: list[dt.date], seed: int):
    rng = random.Random(seed)
    now = dt.datetime(2014, 8, 1, tzinfo=dt.UTC).isoformat()
    for _ in range(n):
        to_department = rng.random() < 0.05
        yield (outlet, producers[rng.randrange(len(producers))], days[rng.randrange(len(days))].isoformat(), "day",
               "상품", "goods", rng.randint(10, 2000) * 100, "department" if to_department else "citizen",
               department if to_department else None, "", now, 1, False)


def insert(connection, data) -> None:
    """COPY on PostgreSQL, executemany on SQLite."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY market_sale ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        return
    with connection.cursor() as cursor:
        batch = []
        sql = f"INSERT INTO market_sale ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
        for row in data:
            batch.append(row)
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--producers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.market.models import HallProducer, Promotion, Sale, SalesOutlet
    from bombaram.market.queries.hall import hall_settlement
    from bombaram.market.services import hall_totals
    from bombaram.procurement.models import Department, Institution
    from bombaram.registry.models import District, Organisation
    from bombaram.registry.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    if not Organisation.objects.exists():
        load_demo_registry()
    Sale.objects.all().delete()
    SalesOutlet.objects.filter(name__startswith="벤치마크").delete()
    district = District.objects.get(code="11290")
    institution, _ = Institution.objects.get_or_create(code="bench-hall", defaults={"name": "벤치마크 기관",
                                                                                     "district": district})
    department, _ = Department.objects.get_or_create(institution=institution, code="d", defaults={"name": "벤치마크과"})
    producers = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:args.producers])
    halls = []
    for name in ("벤치마크 판매관 (한 달)", "벤치마크 판매관 (3년)"):
        hall = SalesOutlet.objects.create(name=name, kind="sales_hall", district=district,
                                          commission_rate_pct=Decimal("15"))
        HallProducer.objects.bulk_create(
            HallProducer(outlet=hall, organisation_id=pk, admitted=dt.date(2012, 1, 1),
                         commission_rate_pct=Decimal("10") if i % 5 == 0 else None) for i, pk in enumerate(producers))
        promotion = Promotion.objects.create(outlet=hall, name="여름 기획전", starts=dt.date(2014, 7, 10),
                                             ends=dt.date(2014, 7, 23), discount_pct=Decimal("10"))
        promotion.producers.set(producers[:12])
        halls.append(hall)
    july = [dt.date(2014, 7, d) for d in range(1, 32)]
    years = [dt.date(2012, 1, 1) + dt.timedelta(days=d) for d in range(366 + 365 + 365)]
    start = time.perf_counter()
    with transaction.atomic():
        insert(connection, rows(halls[0].pk, producers, department.pk, args.sales, july, 1))
        insert(connection, rows(halls[1].pk, producers, department.pk, args.sales, years, 2))
    print(f"{connection.vendor}: {2 * args.sales:,} sales made in {time.perf_counter() - start:.1f} s", flush=True)
    for hall in halls:  # the running sums per day and producer, as a bulk load leaves them to be rebuilt
        t0 = time.perf_counter()
        sums = hall_totals.rebuild(hall.pk)
        print(f"running sums of {hall.name} rebuilt from its {args.sales:,} sales: {sums:,} sums in "
              f"{time.perf_counter() - t0:.2f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def median_of(label: str, fn, runs: int):
        times, cpu, result = [], [], None
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            result = fn()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(f"{label}: median {statistics.median(times) * 1000:,.1f} ms over {runs} runs "
              f"(min {min(times) * 1000:,.1f}, max {max(times) * 1000:,.1f}; this process's CPU median "
              f"{statistics.median(cpu) * 1000:,.1f} ms)", flush=True)
        return result

    result = median_of(f"settlement of July 2014, all {args.sales:,} sales in the month",
                       lambda: hall_settlement(halls[0], 2014, 7), args.runs)
    assert result.total.sales == args.sales, result.total.sales
    print(f"  {len(result.lines)} producers, gross {result.total.gross_won:,} won, commission "
          f"{result.total.commission_won:,}, payable {result.total.net_won:,}; promotion sales "
          f"{result.promotions[0].gross_won:,} won")
    month = median_of(f"settlement of July 2014 among {args.sales:,} sales of 2012–2014",
                      lambda: hall_settlement(halls[1], 2014, 7), args.runs)
    print(f"  {month.total.sales:,} sales in the month")
    from django.contrib.auth import get_user_model

    from bombaram.market.services.hall import record_sale

    user = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
        "bench", password="x")
    days = iter(dt.date(2014, 8, 1) + dt.timedelta(days=i) for i in range(10_000))
    org = Organisation.objects.get(pk=producers[0])
    median_of("recording one sale (with its running sum and audit event)",
              lambda: record_sale(user=user, outlet=halls[0], organisation=org, sold_on=next(days), item="상품",
                                  amount_won=10_000), args.runs * 3)
    with connection.cursor() as cursor:
        sql, params = (Sale.objects.filter(outlet=halls[0], sold_on__gte=dt.date(2014, 7, 1),
                                           sold_on__lt=dt.date(2014, 8, 1)).values("organisation_id").order_by()
                       .annotate(n=Count("amount_won"))
                       .query.sql_with_params())
        cursor.execute(("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql, params)
        out = io.StringIO()
        for row in cursor.fetchall():
            print("  plan:", " ".join(str(c) for c in row), file=out)
        print(out.getvalue(), end="")


if __name__ == "__main__":
    sys.exit(main())
