"""Registry benchmarks (issue 3): importing a 100,000-row CSV, and directory search over 100,000 organisations.

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME:

    .venv/bin/python benchmarks/bench_registry.py [--rows 100000] [--runs 3]

Import: the same realistic CP949 file (Korean headers, hyphenated business numbers, addresses
that name the district, 1,000-separated money) is imported into an empty registry each run:
reading, validation (check digits, dates, districts from the address), merging and writing.
Search: warm median of the directory page over HTTP-less Django test client calls.
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


def make_csv(path: Path, rows: int) -> None:
    from bombaram.core.identifiers import format_business_no, make_business_no
    from bombaram.registry.reference_data import read_rows

    districts = [r["name_ko"] for r in read_rows("korea", "seoul_districts.csv")]
    industries = ["교육", "기타서비스", "문화", "복지", "식음료", "영농", "유통", "일반제조", "주택건축", "환경"]
    words = ["햇살", "늘봄", "마을", "두레", "푸른", "나눔", "행복", "희망", "새싹", "한울"]
    lines = ["번호,조합명,사업자등록번호,소재지,업종,설립인가일,조합원수,출자금"]
    for i in range(rows):
        bn = format_business_no(make_business_no(f"{100 + i // 10000:03d}86{i % 10000:04d}"))
        district = districts[i % 25]
        name = f"{words[i % 10]}{words[(i // 10) % 10]} 협동조합 {i:06d}"
        lines.append(f'{i + 1},{name},{bn},서울특별시 {district} 가상로{i % 90 + 1}길 {i % 200 + 1},'
                     f'{industries[i % 10]},{2013 - i % 3}.{i % 12 + 1}.{i % 28 + 1},{5 + i % 50},"{(i % 300 + 1) * 10000:,}"')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bombaram.registry.models import Organisation
    from bombaram.registry.services import import_organisations, load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    csv_path = home / "coops.csv"
    make_csv(csv_path, args.rows)
    print(f"file: {csv_path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows, CP949")
    rates = []
    for run in range(args.runs):
        Organisation.objects.all().delete()
        start = time.perf_counter()
        plan = import_organisations(source=csv_path, filename=csv_path.name, designation="cooperative",
                                    as_of=dt.date(2014, 1, 31))
        elapsed = time.perf_counter() - start
        assert plan.written and plan.report()["created"] == args.rows, plan.report()
        rates.append(args.rows / elapsed)
        print(f"import run {run + 1}: {elapsed:.2f} s = {args.rows / elapsed:,.0f} rows/s")
    print(f"import median: {statistics.median(rates):,.0f} rows/s")

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


if __name__ == "__main__":
    sys.exit(main())
