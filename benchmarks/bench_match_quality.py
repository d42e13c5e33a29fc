"""Matching quality on the labelled set (issue 13 §4): Precision@5 and nDCG@10 of the ranker beside a plain
substring baseline, in the same run.

    .venv/bin/python benchmarks/bench_match_quality.py

The labelled set is tests/market/data (150 suppliers, 210 needs with graded judgments written from the
meaning of each need, never from a ranking; core.market_quality says how the grades are read). The ranker is
run with and without its thesaurus (core.market_match.THESAURUS), the baseline once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bombaram.core.market_quality import evaluate, load_labelled  # noqa: E402


def main() -> None:
    offers, needs = load_labelled(ROOT / "tests" / "market" / "data")
    judged = sum(len(n.grades) for n in needs)
    print(f"{len({o.supplier for o in offers})} suppliers, {len(needs)} needs, {judged:,} judged pairs (grade ≥ 1)")
    started = time.perf_counter()
    with_thesaurus, baseline = evaluate(offers, needs, thesaurus=True)
    plain, _ = evaluate(offers, needs, thesaurus=False)
    print(f"(evaluated in {time.perf_counter() - started:.1f} s)")
    print("| ranker | P@5 | nDCG@10 |\n| --- | --- | --- |")
    for q in (with_thesaurus, plain, baseline):
        print(f"| {q.name} | {q.precision_at_5:.3f} | {q.ndcg_at_10:.3f} |")


if __name__ == "__main__":
    main()
