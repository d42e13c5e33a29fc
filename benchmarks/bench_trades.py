"""Trades between organisations benchmark (issue 13, part 3): the 상호거래 report over many trades, the
social accounts' indicator read, and a 10,000-row trade import (plan and write).

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME (or on the database of ``--database-url``,
which is emptied of trades first):

    .venv/bin/python benchmarks/bench_trades.py [--trades 200000] [--runs 5] [--import-rows 10000]

Trades are spread over the 1,871 demonstration organisations and 2012–2014. Each figure is the median of
``--runs`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trades", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bombaram.core.market_catalogue import TRADE_COLUMNS
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.market.models import Trade
    from bombaram.market.queries import trades as queries
    from bombaram.market.services import trades_io
    from bombaram.market.services.catalogue_io import write_table
    from bombaram.programmes.services import load_reference_teams
    from bombaram.registry.models import District, Organisation
    from bombaram.registry.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    load_reference_teams()
    if not Organisation.objects.exists():
        load_demo_registry()
    Trade.objects.all().delete()
    organisations = list(Organisation.objects.filter(district__isnull=False).order_by("pk").values_list("pk", flat=True))
    rng = random.Random(13)
    start = time.perf_counter()
    batch = []
    for n in range(args.trades):
        seller, buyer = rng.sample(organisations, 2)
        batch.append(Trade(seller_id=seller, buyer_id=buyer, item="도시락", amount_won=rng.randrange(10_000, 5_000_000),
                           date=dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(1096))))
        if len(batch) == 20_000 or n == args.trades - 1:
            Trade.objects.bulk_create(batch)
            batch = []
    print(f"{args.trades:,} trades written in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    figures = {}
    for dimension in ("district", "designation", "industry"):
        f = queries.ReportFilter(dimension=dimension, period="month")
        figures[f"report by {dimension} × month"] = _median(lambda f=f: queries.report(f), args.runs)
    seongbuk = District.objects.get(code="11290")
    figures["indicator (성북, 2013: count and amount)"] = _median(
        lambda: (queries.trades_count(seongbuk, 2013), queries.trades_won(seongbuk, 2013)), args.runs)

    user = get_user_model().objects.create_superuser("bench", password="x")
    rows = [["", f"2014-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", s, "", b, "", "반찬", "", 150_000, ""]
            for s, b in (rng.sample(organisations, 2) for _ in range(args.import_rows))]
    data = write_table("csv", "상호거래", TRADE_COLUMNS, rows)
    figures[f"import plan, {args.import_rows:,} rows"] = _median(
        lambda: trades_io.plan_trade_import(user, data, filename="t.csv"), args.runs)
    plan = trades_io.plan_trade_import(user, data, filename="t.csv")
    assert plan.ok, plan.errors[:3]
    start = time.perf_counter()
    trades_io.apply_trade_import(user=user, plan=plan)
    figures[f"import write, {args.import_rows:,} rows (once)"] = time.perf_counter() - start
    for name, seconds in figures.items():
        print(f"{name}: {seconds * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
