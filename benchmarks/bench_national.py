"""National registry benchmark (issue 15 part 0): load ~45,000 generated organisations, then the
statistics for the country by 시도 and for one 시도 by 시군구.

    .venv/bin/python benchmarks/bench_national.py [--orgs 45000] [--runs 5] [--database-url postgres://…]

A throwaway SQLite database (or the PostgreSQL database given, which must be empty: the benchmark
migrates it and writes the national registry) gets the country's geography and the synthetic national
registry of bombaram.datagen.national_registry (seed 0). Figures: the bulk load once, then the median,
min and max of --runs calls of ``national_statistics`` (uncached) for the country, 경기도 and 서울.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=45_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bombaram.datagen.national_registry import AS_OF, load_national_registry
    from bombaram.ecosystem.queries import national_statistics
    from bombaram.registry.services import load_national_geography, load_reference_data

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_reference_data()
    load_national_geography()
    geography_seconds = time.perf_counter() - started
    started = time.perf_counter()
    counts = load_national_registry(seed=0, organisations=args.orgs)
    load_seconds = time.perf_counter() - started
    print(f"{connection.vendor}: reference data and the country's geography (25 시도, 477 시군구) in "
          f"{geography_seconds:.2f} s; then {counts['organisations']:,} organisations and "
          f"{counts['designations']:,} designations generated and bulk-loaded in {load_seconds:.2f} s")
    day: dt.date = AS_OF
    for label, sido in (("country by 시도", ""), ("경기도 by 시군구", "41"), ("서울 by 시군구", "11")):
        for mode in ("organisation", "designation"):
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                result = national_statistics(day, sido=sido, mode=mode)
                times.append(time.perf_counter() - started)
            print(f"{label:16} {mode:12} median {statistics.median(times):.3f} s  min {min(times):.3f}  "
                  f"max {max(times):.3f}  (total {result.total['total']:,})")


if __name__ == "__main__":
    main()
