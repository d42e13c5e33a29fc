"""Matching needs to suppliers (core.market_match) and its quality measures (core.market_quality).

Expected figures are worked out by hand in the comments; the labelled set's grades were written from
the meaning of each need (tests/market/data), never from a ranking.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from pathlib import Path

import pytest

from bombaram.core import purchase as rules
from bombaram.core.market_match import (
    MEET_THRESHOLD,
    MatchIndex,
    Need,
    Offer,
    idf,
    ndcg_at,
    precision_at,
    substring_rank,
    tokenise,
)
from bombaram.core.market_quality import evaluate, load_labelled

DATA = Path(__file__).resolve().parents[1] / "market" / "data"
CERTIFIED = (("certified_se", date(2012, 1, 1), None),)
POLICY = rules.EligibilityPolicy(district_code="11290")


@pytest.mark.parametrize(("text", "expected"), [
    ("사무실 청소 용역", ("사무실", "청소", "용역")),
    # written as one word: the same nouns plus the joined forms of the neighbours
    ("사무실청소용역", ("사무실", "청소", "사무실청소", "용역", "청소용역")),
    # inflected: the verb ending and the request words (업체) go, the nouns stay
    ("어르신 도시락을 배달해 주실 업체", ("어르신", "도시락", "배달")),
    ("교복 공동구매", ("교복", "공동", "공동구매")),
    ("LED 조명 교체", ("led", "조명", "교체")),
])
def test_tokenisation_keeps_nouns_stems_and_compounds(text, expected):
    assert tokenise(text) == expected


def test_spacing_variants_match_the_same_product():
    offers = [Offer(1, 1, "사무실 청소 용역", "services", district="11290", designations=CERTIFIED),
              Offer(2, 2, "친환경 주방세제", "goods", district="11290", designations=CERTIFIED)]
    index = MatchIndex(offers)
    for text in ("사무실 청소", "사무실청소", "사무실 청소를 맡길"):
        found = index.rank(Need(text, date(2014, 5, 1), "services", "11290"), POLICY)
        assert [s.offer.key for s in found] == [1]
        assert set(found[0].matched) >= {"사무실", "청소"}


def test_idf_is_lucenes():
    # N = 10, df = 2: ln(1 + (10 - 2 + 0.5) / (2 + 0.5)) = ln(1 + 3.4) = ln 4.4
    assert idf(2, 10) == pytest.approx(math.log(4.4))


def test_suggestions_say_why_and_put_eligible_local_suppliers_first():
    ended = (("certified_se", date(2012, 1, 1), date(2014, 1, 1)),)  # ended before the need's date
    offers = [
        Offer(1, 11, "어르신 도시락", "goods", "노인 식사 배달", "11300", 500, CERTIFIED),  # 관외
        Offer(2, 12, "어르신 도시락", "goods", "노인 식사 배달", "11290", 500, CERTIFIED),  # 관내
        Offer(3, 13, "어르신 도시락", "goods", "노인 식사 배달", "11290", 500, ended),  # 관내, 지정 종료
        Offer(4, 14, "어르신 도시락", "goods", "노인 식사 배달", "11290", 50, CERTIFIED),  # 관내, 능력 부족
        Offer(5, 15, "전통 떡 세트", "goods", "답례 떡", "11290", None, CERTIFIED),  # no shared word
    ]
    found = MatchIndex(offers).rank(Need("어르신 도시락 배달", date(2014, 6, 1), "goods", "11290", 200), POLICY)
    # same text everywhere; bonuses: 관내 0.10, eligible 0.10, capacity 0.05 →
    # 2: all three (0.25) > 4: 관내 + eligible (0.20) > 1: eligible + capacity (0.15) = 3: 관내 + capacity (0.15),
    # ties in catalogue order; 5 shares no word
    assert [s.offer.key for s in found] == [2, 4, 1, 3]
    best, short, outside, lapsed = found
    assert best.score - short.score == pytest.approx(0.05)
    assert best.score - outside.score == pytest.approx(0.10)
    assert best.reasons[2] == "관내" and outside.reasons[2] == "관외"
    assert "2014-06-01에 지정 유효(인증 사회적기업)" in best.reasons
    assert not lapsed.eligible and "지정이 끝난 뒤" in lapsed.reasons[3]
    assert short.capacity_enough is False and "월 공급능력 부족" in short.reasons
    assert best.meets and not lapsed.meets and not short.meets
    assert {"어르신", "도시락", "배달"} <= set(best.matched)


def test_a_need_nobody_offers_is_not_met():
    offers = [Offer(1, 1, "행사 사진 촬영", "services", district="11290", designations=CERTIFIED)]
    found = MatchIndex(offers).rank(Need("드론 항공 촬영 측량", date(2014, 6, 1), "services", "11290"), POLICY)
    # only 촬영 of four words matches: its share of the IDF mass is far below the threshold
    assert len(found) == 1 and found[0].text < MEET_THRESHOLD and not found[0].meets


def test_substring_baseline_counts_words_found():
    offers = [Offer(1, 1, "사무실 청소", "services"), Offer(2, 2, "청소 용역", "services", "사무실 청소 용역")]
    assert [o.key for o in substring_rank("사무실 청소 용역", offers)] == [2, 1]  # 3 hits, then 2


def test_metrics_against_a_hand_computed_example():
    grades = {1: 2, 2: 1, 3: 0, 4: 2}
    ranked = [3, 1, 5, 2]
    # P@5: products 1 and 2 fit among the first five places → 2/5
    assert precision_at(ranked, grades, 5) == pytest.approx(0.4)
    # DCG: rank 2 (key 1, g=2): 3/log2(3); rank 4 (key 2, g=1): 1/log2(5)
    dcg = 3 / math.log2(3) + 1 / math.log2(5)
    # ideal: 2, 2, 1 → 3/log2(2) + 3/log2(3) + 1/log2(4) = 3 + 1.8928 + 0.5
    idcg = 3 + 3 / math.log2(3) + 0.5
    assert ndcg_at(ranked, grades, 10) == pytest.approx(dcg / idcg)
    # (1.8928 + 0.4307) / 5.3928 = 2.3235 / 5.3928
    assert dcg / idcg == pytest.approx(0.4308, abs=1e-4)
    assert ndcg_at(ranked, {}, 10) == 0.0


def test_labelled_set_is_large_enough_and_the_ranker_beats_the_substring_baseline():
    offers, needs = load_labelled(DATA)
    assert len({o.supplier for o in offers}) >= 150 and len(needs) >= 200
    assert all(any(g == 2 for g in n.grades.values()) for n in needs)
    ranker, baseline = evaluate(offers, needs)
    assert ranker.precision_at_5 > baseline.precision_at_5 + 0.05
    assert ranker.ndcg_at_10 > baseline.ndcg_at_10 + 0.05
    plain, _ = evaluate(offers, needs, thesaurus=False)
    assert plain.ndcg_at_10 > baseline.ndcg_at_10


def test_pruned_ranking_equals_scoring_every_product():
    # a catalogue where most products share a word with the need, so the prefix has to grow
    import random

    rng = random.Random(7)
    words = ["도시락", "배달", "청소", "용역", "어르신", "세제", "행사", "떡"]
    types = ["certified_se", "cooperative", "village_enterprise"]
    held = [((rng.choice(types), date(2013, rng.randint(1, 12), 1), rng.choice([None, date(2014, rng.randint(1, 12), 1)])),)
            for _supplier in range(97)]  # a supplier's designations are the same on all its products
    offers = [Offer(i, i % 97, " ".join(rng.sample(words, 2)), rng.choice(["goods", "services"]),
                    rng.choice(words), rng.choice(["11290", "11440"]), rng.choice([None, 10, 500]), held[i % 97])
              for i in range(600)]
    index = MatchIndex(offers)
    require = rules.EligibilityPolicy(district_code="11290", district_mode="require")  # 관내 only
    for (text, on, quantity), policy in itertools.product(
            [("도시락 배달", date(2014, 3, 2), 100), ("청소 용역", date(2014, 9, 1), None), ("떡", date(2014, 6, 30), 20)],
            [POLICY, require]):
        need = Need(text, on, "goods", "11290", quantity)
        got = [(s.offer.key, s.score) for s in index.rank(need, policy, top=10)]
        _query, rows, scores, _prefix = index._text_part(text)
        every = []
        for row, text_score in zip(rows, scores, strict=True):
            o = offers[row]
            eligible = rules.check_eligibility(policy, o.designations, on, o.district).counted
            enough = o.capacity_per_month is None or o.capacity_per_month >= quantity if quantity else True
            every.append((round(0.6 * text_score + 0.15 * (o.category == "goods") + 0.1 * (o.district == "11290")
                                + 0.1 * eligible + 0.05 * enough, 4), o.key))
        every.sort(key=lambda e: (-e[0], e[1]))
        assert len(rows) > 64 and got == [(key, score) for score, key in every[:10]]
