"""Statistics benchmarks (issue 4): the four tables for 100,000 organisations, and the statistics page.

    .venv/bin/python benchmarks/bench_statistics.py [--orgs 100000] [--runs 5]

A throwaway SQLite database gets the demonstration registry plus synthetic organisations up to
--orgs, each with one to three designations (some ended) and cooperative counts. "Four tables"
is everything `queries.compute` does: reading the registry, the snapshot on the date, the
district × type table with totals, industries, cooperatives' scale, LQs and the observations.
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
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.ecosystem import queries
    from bombaram.registry.bulk import allocate_ids, insert_rows
    from bombaram.registry.importer import ORG_INSERT_COLUMNS
    from bombaram.registry.models import (
        CooperativeCount,
        Designation,
        DesignationType,
        District,
        IndustryGroup,
        Organisation,
    )
    from bombaram.registry.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    load_demo_registry()
    rng = random.Random(1)
    districts = list(District.objects.values_list("pk", flat=True))
    industries = list(IndustryGroup.objects.values_list("pk", flat=True))
    types = list(DesignationType.objects.values_list("pk", "code"))
    extra = max(0, args.orgs - Organisation.objects.count())  # the demonstration's 1,871 are there already
    ids = allocate_ids(Organisation, extra)
    now = timezone.now()
    orgs, designations, counts = [], [], []
    for pk in ids:
        values = dict.fromkeys(ORG_INSERT_COLUMNS, "")
        values.update(id=pk, name=f"가상조직 {pk}", name_key=f"가상조직{pk}", business_no_confirmed=False, corporate_no_confirmed=False,
                      district_id=rng.choice(districts), location="in_region", industry_id=rng.choice(industries),
                      founded=None, closed=None, status="active", illustrative=True, created=now, updated=now)
        orgs.append([values[c] for c in ORG_INSERT_COLUMNS])
        counted = False
        for type_id, code in rng.sample(types, rng.choice((1, 1, 2, 3))):
            granted = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            ended = granted + dt.timedelta(days=rng.randrange(200, 2000)) if rng.random() < 0.2 else None
            designations.append([pk, type_id, granted, ended, "", "bench", granted, granted])
            if code in ("cooperative", "social_cooperative") and not counted:
                counted = True
                counts.append([pk, dt.date(2014, 1, 31), rng.randrange(5, 200), rng.randrange(1, 500) * 100_000])
    insert_rows(Organisation, ORG_INSERT_COLUMNS, orgs)
    insert_rows(Designation, ["organisation_id", "type_id", "granted", "ended", "certificate_no", "source", "first_seen", "last_seen"], designations)
    insert_rows(CooperativeCount, ["organisation_id", "counted_on", "members", "capital_won"], counts)
    print(f"{Organisation.objects.count():,} organisations, {Designation.objects.count():,} designations, "
          f"{CooperativeCount.objects.count():,} cooperative counts")

    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        queries.compute(dt.date(2014, 1, 31), "organisation")
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        queries.compute(dt.date(2014, 1, 31), "organisation")
        samples.append(time.perf_counter() - start)
    print(f"four tables (compute): median {statistics.median(samples) * 1000:.0f} ms over {args.runs} runs "
          f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f})")

    client = Client()
    for label in (f"{Organisation.objects.count():,}",):
        client.get("/statistics/", {"as_of": "2014-01-31"})
        page = []
        for _ in range(args.runs):
            start = time.perf_counter()
            assert client.get("/statistics/", {"as_of": "2014-01-31"}).status_code == 200
            page.append(time.perf_counter() - start)
        print(f"statistics page with {label} organisations, warm (tables cached for the registry revision): "
              f"median {statistics.median(page) * 1000:.0f} ms")
        from django.core.cache import cache

        cold = []
        for _ in range(args.runs):
            cache.clear()
            start = time.perf_counter()
            client.get("/statistics/", {"as_of": "2014-01-31"})
            cold.append(time.perf_counter() - start)
        print(f"statistics page with {label} organisations, first view after a registry change: "
              f"median {statistics.median(cold) * 1000:.0f} ms")
    Organisation.objects.filter(name__startswith="가상조직").delete()
    client.get("/statistics/", {"as_of": "2014-01-31"})
    page = []
    for _ in range(args.runs):
        start = time.perf_counter()
        client.get("/statistics/", {"as_of": "2014-01-31"})
        page.append(time.perf_counter() - start)
    print(f"statistics page with the demonstration registry ({Organisation.objects.count():,}): median {statistics.median(page) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
