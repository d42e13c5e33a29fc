"""Matching benchmark (issue 13 §9): 10,000 needs against 200,000 products, top 10 each, under 30 s (goal 5 s).

    .venv/bin/python benchmarks/bench_matching.py [--products 200000] [--needs 10000] [--runs 3]

Pure core (core.market_match), as the gap view and the need's page call it after reading the rows:
products and needs are generated deterministically from the labelled set's words (tests/market/data)
with modifiers, 20,000 suppliers in Seoul's 25 districts with designation histories (some ended, some
general cooperatives that never count), capacities, and needs over 2014 with quantities per month.

Each run starts with Kiwi's caches empty (the model is loaded once before the runs, ~1–2 s) and times:
1. the index: tokenising every product (name and description) and building the BM25 matrix;
2. the matching: tokenising each need and ranking the catalogue for it (eligibility on the need's date
   through core.purchase.check_eligibility for the candidates that can reach the top 10).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bombaram.core import market_match as mm  # noqa: E402
from bombaram.core import purchase as rules  # noqa: E402

DATA = ROOT / "tests" / "market" / "data"
DISTRICTS = [f"11{n:03d}" for n in (110, 140, 170, 200, 215, 230, 260, 290, 305, 320, 350, 380, 410, 440, 470,
                                     500, 530, 545, 560, 590, 620, 650, 680, 710, 740)]
PREFIXES = ["", "", "친환경", "수제", "국산", "지역", "맞춤", "소량", "대량", "유기농", "전통", "어린이용", "어르신용",
            "공공기관용", "행사용", "사무실용", "학교용", "복지관용", "정기", "긴급", "고급형", "보급형", "무료 견적"]
SUFFIXES = ["", "", "", "세트", "서비스", "납품", "대행", "제작", "관리", "A형", "B형", "특대", "소형", "1년 계약"]
TYPES = ["certified_se", "seoul_pre_se", "regional_pre_se", "social_cooperative", "self_sufficiency",
         "village_enterprise", "cooperative"]


def generate(n_products: int, n_needs: int) -> tuple[list[mm.Offer], list[mm.Need]]:
    rng = random.Random(13)
    with (DATA / "catalogue.csv").open(encoding="utf-8") as f:
        base = [(r["product"], r["description"], r["category"]) for r in csv.DictReader(f)]
    with (DATA / "needs.csv").open(encoding="utf-8") as f:
        wants = [(r["text"], r["category"]) for r in csv.DictReader(f)]
    suppliers = []
    for s in range(20_000):
        kind = rng.choice(TYPES)
        granted = date(2010, 1, 1) + timedelta(days=rng.randrange(1800))
        ended = granted + timedelta(days=rng.randrange(365, 1500)) if rng.random() < 0.2 else None
        suppliers.append((s, rng.choice(DISTRICTS), ((kind, granted, ended),)))
    offers = []
    for key in range(n_products):
        name, description, category = rng.choice(base)
        supplier, district, designations = rng.choice(suppliers)
        full = " ".join(w for w in (rng.choice(PREFIXES), name, rng.choice(SUFFIXES)) if w)
        offers.append(mm.Offer(key=key, supplier=supplier, name=full, category=category, description=description,
                               district=district, capacity_per_month=rng.choice([None, 10, 50, 200, 1000, 5000]),
                               designations=designations))
    needs = []
    for _ in range(n_needs):
        text, category = rng.choice(wants)
        text = " ".join(w for w in (rng.choice(PREFIXES), text) if w)
        needs.append(mm.Need(text=text, on=date(2014, 1, 1) + timedelta(days=rng.randrange(365)), category=category,
                             district=rng.choice(DISTRICTS), quantity_per_month=rng.choice([None, 20, 100, 500])))
    return offers, needs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=200_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    offers, needs = generate(args.products, args.needs)
    started = time.perf_counter()
    tok = mm.tokeniser()
    tok.tokens("모델 불러오기")
    print(f"Kiwi model loaded in {time.perf_counter() - started:.1f} s")
    policies = {d: rules.EligibilityPolicy(district_code=d) for d in DISTRICTS}
    index_times, match_times = [], []
    for run in range(args.runs):
        tok.cache.clear()
        tok.words.clear()
        tok.compounds.clear()
        t0 = time.perf_counter()
        index = mm.MatchIndex(offers)
        t1 = time.perf_counter()
        found = 0
        for need in needs:
            found += len(index.rank(need, policies[need.district], top=10))
        t2 = time.perf_counter()
        index_times.append(t1 - t0)
        match_times.append(t2 - t1)
        print(f"run {run + 1}: index {t1 - t0:.2f} s ({len(tok.words):,} distinct words analysed), "
              f"matching {t2 - t1:.2f} s ({found:,} suggestions, {found / len(needs):.1f} per need)")
    index_median, match_median = statistics.median(index_times), statistics.median(match_times)
    print(f"median of {args.runs}: index {index_median:.2f} s, matching {match_median:.2f} s, "
          f"together {index_median + match_median:.2f} s for {len(needs):,} needs × {len(offers):,} products, top 10")


if __name__ == "__main__":
    main()
