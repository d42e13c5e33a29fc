"""Matching quality on a labelled set: Precision@5 and nDCG@10 of the ranker beside the substring baseline.

The labelled set (``tests/market/data/``): ``catalogue.csv`` holds one product per supplier with its
kind (lunch, cleaning, uniform …); ``needs.csv`` holds needs phrased as officers write them, each with
the kinds that fit it and how well (``lunch=2;catering=1``: 2 fits, 1 partly fits). The grades were
written from the meaning of the need, never from a ranking; a supplier's grade for a need is the
grade of its kind (0 when its kind is not listed). Both rankers see the same catalogue in the same
run; every supplier of the labelled catalogue is eligible and 관내 so that only relevance differs.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bombaram.core import purchase as rules
from bombaram.core.market_match import (
    MatchIndex,
    Need,
    Offer,
    ndcg_at,
    precision_at,
    substring_rank,
)

LABELLED_ON = date(2014, 6, 1)
LABELLED_DISTRICT = "11290"


@dataclass(frozen=True, slots=True)
class LabelledNeed:
    key: int
    text: str
    category: str
    grades: dict[int, int]


def load_labelled(directory: Path) -> tuple[list[Offer], list[LabelledNeed]]:
    """The labelled catalogue and needs; grades expanded from kinds to suppliers."""
    offers: list[Offer] = []
    kinds: dict[int, str] = {}
    designation = (("certified_se", date(2012, 1, 1), None),)
    with (directory / "catalogue.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = int(row["supplier"])
            kinds[key] = row["kind"]
            offers.append(Offer(key=key, supplier=key, name=row["product"], category=row["category"],
                                description=row["description"], district=LABELLED_DISTRICT,
                                designations=designation))
    needs: list[LabelledNeed] = []
    with (directory / "needs.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            fits = dict(part.split("=") for part in row["fits"].split(";"))
            unknown = set(fits) - set(kinds.values())
            if unknown:
                raise ValueError(f"수요 {row['need']}: 카탈로그에 없는 종류 {sorted(unknown)}")
            grades = {s: int(fits[k]) for s, k in kinds.items() if k in fits}
            needs.append(LabelledNeed(int(row["need"]), row["text"], row["category"], grades))
    return offers, needs


@dataclass(frozen=True, slots=True)
class Quality:
    name: str
    precision_at_5: float
    ndcg_at_10: float
    needs: int


def evaluate(offers: list[Offer], needs: list[LabelledNeed], *, thesaurus: bool = True) -> list[Quality]:
    """Mean P@5 and nDCG@10 over the needs for the ranker and the substring baseline (same run)."""
    index = MatchIndex(offers, thesaurus=thesaurus)
    policy = rules.EligibilityPolicy(district_code=LABELLED_DISTRICT)
    ranker_p, ranker_n, base_p, base_n = [], [], [], []
    for need in needs:
        ranked = [s.offer.key for s in index.rank(
            Need(text=need.text, on=LABELLED_ON, category=need.category, district=LABELLED_DISTRICT), policy, top=10)]
        baseline = [o.key for o in substring_rank(need.text, offers, top=10)]
        ranker_p.append(precision_at(ranked, need.grades, 5))
        ranker_n.append(ndcg_at(ranked, need.grades, 10))
        base_p.append(precision_at(baseline, need.grades, 5))
        base_n.append(ndcg_at(baseline, need.grades, 10))
    name = "Kiwi + BM25" + (" + 유의어" if thesaurus else "")
    return [Quality(name, statistics.fmean(ranker_p), statistics.fmean(ranker_n), len(needs)),
            Quality("substring", statistics.fmean(base_p), statistics.fmean(base_n), len(needs))]
