"""Tests for bombaram.core.delphi.

Every expected number is worked out by hand in a comment next to it (binomial
tails from C(N, i) / 2^N, quartile positions h, sums of squares), or taken from
a cited published table (Ayre & Scally 2014; Lawshe 1975); none is produced by
the code under test.  numpy is used only as an independent cross-check.
"""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import numpy as np
import pytest

from bombaram.core.delphi import (
    LAWSHE_1975_CRITICAL_CVR,
    DecisionRules,
    binomial_upper_tail,
    content_validity_ratio,
    critical_value,
    decide,
    evaluate_rules,
    exact_critical_count,
    lawshe_1975_critical_cvr,
    natural_sort_key,
    quartiles,
    round_stability,
    score_summary,
    score_summary_from_counts,
    suitability_result,
)


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Override the project-wide Django fixture: these tests are pure Python
    and also run with ``-p no:django``."""


# ---------------------------------------------------------------------------
# Binomial tail and exact critical counts (Ayre & Scally 2014)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        # N = 8, 2^8 = 256: C(8,8) = 1, C(8,7) = 8, C(8,6) = 28
        (8, 8, Fraction(1, 256)),  # 1/256 = .0039
        (7, 8, Fraction(9, 256)),  # (8 + 1)/256 = .0352 <= .05
        (6, 8, Fraction(37, 256)),  # (28 + 8 + 1)/256 = .1445 > .05
        # N = 13, 2^13 = 8192: C(13,13) = 1, C(13,12) = 13, C(13,11) = 78,
        # C(13,10) = 286, C(13,9) = 715
        (10, 13, Fraction(378, 8192)),  # (286 + 78 + 13 + 1)/8192 = .0461 <= .05
        (9, 13, Fraction(1093, 8192)),  # (715 + 378)/8192 = .1334 > .05
        (0, 4, Fraction(1)),  # every outcome: 16/16
        (-3, 4, Fraction(1)),  # below 0 counts as 0
        (5, 4, Fraction(0)),  # more yes than panellists: impossible
    ],
)
def test_binomial_upper_tail_by_hand(k, n, expected):
    assert binomial_upper_tail(k, n) == expected


@pytest.mark.parametrize(
    ("n", "ne_critical", "cvr_critical"),
    [
        # Ayre & Scally (2014), Table 1.  Tails P(X >= k | N, ½) = ΣC(N,i)/2^N:
        # N=5: P(>=5) = 1/32 = .031 <= .05; P(>=4) = 6/32 = .188 -> 5, CVR (5-2.5)/2.5 = 1
        (5, 5, Fraction(1)),
        # N=6: P(>=6) = 1/64 = .016; P(>=5) = 7/64 = .109 -> 6, CVR 1
        (6, 6, Fraction(1)),
        # N=7: P(>=7) = 1/128 = .008; P(>=6) = 8/128 = .0625 -> 7, CVR 1
        (7, 7, Fraction(1)),
        # N=8: P(>=7) = 9/256 = .035; P(>=6) = 37/256 = .145 -> 7, CVR (7-4)/4 = .750
        (8, 7, Fraction(3, 4)),
        # N=9: P(>=8) = (1+9)/512 = .0195; P(>=7) = (10+36)/512 = .0898 -> 8,
        # CVR (8-4.5)/4.5 = 7/9 = .778
        (9, 8, Fraction(7, 9)),
        # N=10: P(>=9) = (1+10)/1024 = .0107; P(>=8) = (11+45)/1024 = .0547 -> 9,
        # CVR (9-5)/5 = .800
        (10, 9, Fraction(4, 5)),
        # N=11: P(>=9) = (1+11+55)/2048 = .0327; P(>=8) = (67+165)/2048 = .1133 -> 9,
        # CVR (9-5.5)/5.5 = 7/11 = .636
        (11, 9, Fraction(7, 11)),
        # N=12: P(>=10) = (1+12+66)/4096 = .0193; P(>=9) = (79+220)/4096 = .0730 -> 10,
        # CVR (10-6)/6 = .667
        (12, 10, Fraction(2, 3)),
        # N=13: P(>=10) = 378/8192 = .0461; P(>=9) = 1093/8192 = .1334 -> 10,
        # CVR (10-6.5)/6.5 = 7/13 = .538
        (13, 10, Fraction(7, 13)),
        # N=14: P(>=11) = (1+14+91+364)/16384 = 470/16384 = .0287;
        # P(>=10) = (470+1001)/16384 = .0898 -> 11, CVR (11-7)/7 = .571
        (14, 11, Fraction(4, 7)),
        # N=15: P(>=12) = (1+15+105+455)/32768 = 576/32768 = .0176;
        # P(>=11) = (576+1365)/32768 = .0592 -> 12, CVR (12-7.5)/7.5 = .600
        (15, 12, Fraction(3, 5)),
        # N=20: P(>=15) = (1+20+190+1140+4845+15504)/1048576 = 21700/1048576 = .0207;
        # P(>=14) = (21700+38760)/1048576 = .0577 -> 15, CVR (15-10)/10 = .500
        (20, 15, Fraction(1, 2)),
        # N=25: P(>=18) = (1+25+300+2300+12650+53130+177100+480700)/2^25
        #              = 726206/33554432 = .0216;
        # P(>=17) = (726206+1081575)/33554432 = .0539 -> 18, CVR (18-12.5)/12.5 = .440
        (25, 18, Fraction(11, 25)),
    ],
)
def test_exact_critical_values_match_ayre_and_scally(n, ne_critical, cvr_critical):
    assert exact_critical_count(n) == ne_critical
    result = critical_value(n, "exact")
    assert result is not None
    assert result.ne_critical == ne_critical
    assert result.cvr_critical == cvr_critical


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_four_or_fewer_answers_are_not_testable(n):
    # even unanimity: P(X >= N | N, ½) = 1/2^N >= 1/16 = .0625 > .05
    assert exact_critical_count(n) is None
    assert critical_value(n, "exact") is None
    assert critical_value(n, "lawshe1975") is None
    result = suitability_result(n, n)
    assert result.ne_critical is None
    assert result.cvr_critical is None
    assert result.cvr_pass is None


def test_exact_critical_count_is_the_smallest_count_within_alpha_for_n_up_to_60():
    # definition check, independent of the loop in the code: for every N the
    # tail at the critical count is <= 1/20 and the tail one below is > 1/20.
    for n in range(5, 61):
        k = exact_critical_count(n)
        assert k is not None
        assert binomial_upper_tail(k, n) <= Fraction(1, 20)
        assert binomial_upper_tail(k - 1, n) > Fraction(1, 20)


# ---------------------------------------------------------------------------
# Suitability share, CVR and the test
# ---------------------------------------------------------------------------


def test_report_example_24_of_27():
    # 2014 Seoul report: 지표적합성 24/27 = .889 (printed .89)
    result = suitability_result(24, 27)
    assert result.suitable_share == pytest.approx(24 / 27)
    assert round(result.suitable_share, 2) == 0.89
    # CVR = (24 - 13.5)/13.5 = 10.5/13.5 = 7/9 = .778
    assert result.cvr == pytest.approx(7 / 9)
    # N = 27, 2^27 = 134217728; C(27,k) for k = 27..18:
    # 1, 27, 351, 2925, 17550, 80730, 296010, 888030, 2220075, 4686825
    # P(>=19) = 3505699/134217728 = .0261 <= .05; P(>=18) = 8192524/134217728 = .0610
    assert result.ne_critical == 19
    # cvr_critical = (19 - 13.5)/13.5 = 5.5/13.5 = 11/27 = .407
    assert result.cvr_critical == pytest.approx(11 / 27)
    assert result.cvr_pass is True  # 24 >= 19


@pytest.mark.parametrize(
    ("yes", "answered", "cvr", "passed"),
    [
        (7, 8, 0.75, True),  # (7-4)/4 = .75; 7 >= 7
        (6, 8, 0.5, False),  # (6-4)/4 = .5; 6 < 7
        (10, 13, 7 / 13, True),  # (10-6.5)/6.5 = .538 equals the critical CVR exactly
        (9, 13, 5 / 13, False),  # (9-6.5)/6.5 = .385
        (0, 10, -1.0, False),  # (0-5)/5 = -1
        (5, 10, 0.0, False),  # half: (5-5)/5 = 0
    ],
)
def test_cvr_and_exact_test(yes, answered, cvr, passed):
    result = suitability_result(yes, answered)
    assert result.cvr == pytest.approx(cvr)
    assert result.cvr_pass is passed
    assert result.suitable_share == pytest.approx(yes / answered)


def test_nobody_answered_the_yes_no_question():
    result = suitability_result(0, 0)
    assert result.suitable_share is None
    assert result.cvr is None
    assert result.cvr_pass is None
    assert content_validity_ratio(0, 0) is None


def test_cvr_is_exact_fraction():
    # (2·7 - 9)/9 = 5/9
    assert content_validity_ratio(7, 9) == Fraction(5, 9)


@pytest.mark.parametrize(("yes", "answered"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_rejected_in_korean(yes, answered):
    with pytest.raises(ValueError, match="응답자 수"):
        suitability_result(yes, answered)


# ---------------------------------------------------------------------------
# Lawshe's 1975 table
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "cvr_critical", "ne_critical"),
    [
        # ne_critical = ⌈N(1 + CVR_crit)/2⌉
        (5, "0.99", 5),  # ⌈5 × 1.99/2⌉ = ⌈4.975⌉ = 5
        (7, "0.99", 7),  # ⌈7 × 1.99/2⌉ = ⌈6.965⌉ = 7
        (8, "0.75", 7),  # ⌈8 × 1.75/2⌉ = ⌈7.0⌉ = 7
        (9, "0.78", 9),  # ⌈9 × 1.78/2⌉ = ⌈8.01⌉ = 9 (exact test: 8)
        (10, "0.62", 9),  # ⌈10 × 1.62/2⌉ = ⌈8.1⌉ = 9
        (13, "0.54", 11),  # ⌈13 × 1.54/2⌉ = ⌈10.01⌉ = 11 (exact test: 10)
        (15, "0.49", 12),  # ⌈15 × 1.49/2⌉ = ⌈11.175⌉ = 12
        (17, "0.49", 13),  # not printed: next smaller N = 15; ⌈17 × 1.49/2⌉ = ⌈12.665⌉ = 13
        (20, "0.42", 15),  # ⌈20 × 1.42/2⌉ = ⌈14.2⌉ = 15
        (24, "0.42", 18),  # not printed: uses N = 20; ⌈24 × 1.42/2⌉ = ⌈17.04⌉ = 18
        (40, "0.29", 26),  # ⌈40 × 1.29/2⌉ = ⌈25.8⌉ = 26
        (60, "0.29", 39),  # beyond the table: uses N = 40; ⌈60 × 1.29/2⌉ = ⌈38.7⌉ = 39
    ],
)
def test_lawshe_1975_table(n, cvr_critical, ne_critical):
    assert lawshe_1975_critical_cvr(n) == Fraction(cvr_critical)
    result = critical_value(n, "lawshe1975")
    assert result is not None
    assert result.cvr_critical == Fraction(cvr_critical)
    assert result.ne_critical == ne_critical


def test_lawshe_table_as_printed():
    assert {n: str(float(v)) for n, v in LAWSHE_1975_CRITICAL_CVR.items()} == {
        5: "0.99",
        6: "0.99",
        7: "0.99",
        8: "0.75",
        9: "0.78",
        10: "0.62",
        11: "0.59",
        12: "0.56",
        13: "0.54",
        14: "0.51",
        15: "0.49",
        20: "0.42",
        25: "0.37",
        30: "0.33",
        35: "0.31",
        40: "0.29",
    }


@pytest.mark.parametrize(
    ("yes", "answered", "exact_pass", "lawshe_pass"),
    [
        # N = 9, 8 yes: CVR = 3.5/4.5 = .7778; exact critical 8 -> pass;
        # Lawshe .78 > .7778 -> fail (rounding .7778 to .78 would wrongly pass)
        (8, 9, True, False),
        # N = 13, 10 yes: CVR = 3.5/6.5 = .5385; exact critical 10 -> pass; Lawshe .54 -> fail
        (10, 13, True, False),
        # N = 8, 7 yes: CVR .75 = Lawshe's .75 exactly -> both pass
        (7, 8, True, True),
        # N = 4: not testable either way
        (4, 4, None, None),
    ],
)
def test_exact_and_lawshe_methods_can_disagree(yes, answered, exact_pass, lawshe_pass):
    assert suitability_result(yes, answered, "exact").cvr_pass is exact_pass
    assert suitability_result(yes, answered, "lawshe1975").cvr_pass is lawshe_pass


def test_unknown_critical_method_is_rejected_in_korean():
    with pytest.raises(ValueError, match="CVR 임계값 방법"):
        critical_value(10, "two-tailed")


# ---------------------------------------------------------------------------
# Quartiles
# ---------------------------------------------------------------------------

QUARTILE_CASES = [
    # values, method, (Q1, median, Q3); positions h are 1-based in the sorted data
    # [4,5,6,6,7], n = 5, median x3 = 6
    ([4, 5, 6, 6, 7], "weibull", (4.5, 6, 6.5)),  # h = 6/4 = 1.5 -> 4+.5(5-4); 18/4 = 4.5 -> 6+.5
    ([4, 5, 6, 6, 7], "linear", (5, 6, 6)),  # h = 4/4+1 = 2 -> 5; 12/4+1 = 4 -> 6
    ([4, 5, 6, 6, 7], "tukey", (5, 6, 6)),  # halves [4,5,6] and [6,6,7]
    # [1..8], n = 8, median (4+5)/2 = 4.5
    ([1, 2, 3, 4, 5, 6, 7, 8], "weibull", (2.25, 4.5, 6.75)),  # h = 9/4 = 2.25; 27/4 = 6.75
    ([1, 2, 3, 4, 5, 6, 7, 8], "linear", (2.75, 4.5, 6.25)),  # h = 7/4+1 = 2.75; 21/4+1 = 6.25
    ([1, 2, 3, 4, 5, 6, 7, 8], "tukey", (2.5, 4.5, 6.5)),  # [1,2,3,4] -> 2.5; [5,6,7,8] -> 6.5
    # [1..7], n = 7, median 4
    ([1, 2, 3, 4, 5, 6, 7], "weibull", (2, 4, 6)),  # h = 8/4 = 2; 24/4 = 6
    ([1, 2, 3, 4, 5, 6, 7], "linear", (2.5, 4, 5.5)),  # h = 6/4+1 = 2.5; 18/4+1 = 5.5
    ([1, 2, 3, 4, 5, 6, 7], "tukey", (2.5, 4, 5.5)),  # [1,2,3,4] -> 2.5; [4,5,6,7] -> 5.5
    # [1,1,2,3,5,8], n = 6, median (2+3)/2 = 2.5
    ([8, 1, 5, 2, 1, 3], "weibull", (1, 2.5, 5.75)),  # unsorted input; h = 1.75 -> 1+.75(1-1);
    # h = 21/4 = 5.25 -> 5+.25(8-5) = 5.75
    ([8, 1, 5, 2, 1, 3], "linear", (1.25, 2.5, 4.5)),  # h = 2.25 -> 1+.25(2-1); 4.75 -> 3+.75(5-3)
    ([8, 1, 5, 2, 1, 3], "tukey", (1, 2.5, 5)),  # [1,1,2] -> 1; [3,5,8] -> 5
    # [2, 6], n = 2, median 4
    ([2, 6], "weibull", (2, 4, 6)),  # h = .75 < 1 -> x1; h = 2.25 > n -> x2
    ([2, 6], "linear", (3, 4, 5)),  # h = 1.25 -> 2+.25(4); h = 1.75 -> 2+.75(4)
    ([2, 6], "tukey", (2, 4, 6)),  # halves [2] and [6]
    # one value: every quartile is that value
    ([3], "weibull", (3, 3, 3)),
    ([3], "linear", (3, 3, 3)),
    ([3], "tukey", (3, 3, 3)),
]


@pytest.mark.parametrize(("values", "method", "expected"), QUARTILE_CASES)
def test_quartiles_by_hand(values, method, expected):
    result = quartiles(values, method)
    assert (result.q1, result.median, result.q3) == pytest.approx(expected)


def test_quartiles_of_nothing():
    assert quartiles([], "weibull") is None


def test_unknown_quartile_method_is_rejected_in_korean():
    with pytest.raises(ValueError, match="사분위수 계산 방법"):
        quartiles([1, 2, 3], "type9")


def _tukey_hinges_by_depth(values):
    """Tukey (1977) depth rule, independent of the code: median depth
    d = (n + 1)/2, hinge depth (⌊d⌋ + 1)/2 counted from each end; a depth
    ending in .5 averages the two neighbours."""
    x = sorted(values)
    n = len(x)
    depth = (math.floor((n + 1) / 2) + 1) / 2

    def at_depth(seq, d):
        low = seq[math.floor(d) - 1]
        high = seq[math.ceil(d) - 1]
        return (low + high) / 2

    return at_depth(x, depth), at_depth(x[::-1], depth)


def test_quartiles_cross_checked_with_numpy_and_tukey_depths():
    rng = random.Random(20140101)
    for _ in range(400):
        n = rng.randint(1, 40)
        values = [rng.randint(1, 7) for _ in range(n)]
        weibull = quartiles(values, "weibull")
        linear = quartiles(values, "linear")
        tukey = quartiles(values, "tukey")
        assert [weibull.q1, weibull.median, weibull.q3] == pytest.approx(
            np.percentile(values, [25, 50, 75], method="weibull")
        )
        assert [linear.q1, linear.median, linear.q3] == pytest.approx(
            np.percentile(values, [25, 50, 75], method="linear")
        )
        assert (tukey.q1, tukey.q3) == pytest.approx(_tukey_hinges_by_depth(values))
        assert tukey.median == pytest.approx(np.median(values))


def test_quartiles_of_floats_cross_checked_with_numpy():
    rng = random.Random(7)
    for _ in range(100):
        values = [rng.uniform(-5, 5) for _ in range(rng.randint(1, 25))]
        for method in ("weibull", "linear"):
            got = quartiles(values, method)
            assert [got.q1, got.median, got.q3] == pytest.approx(
                np.percentile(values, [25, 50, 75], method=method)
            )


# ---------------------------------------------------------------------------
# Score summary: mean, SD, consensus, convergence, CV
# ---------------------------------------------------------------------------


def test_score_summary_by_hand():
    s = score_summary([4, 5, 6, 6, 7])  # weibull by default
    assert s.score_n == 5
    assert s.mean == pytest.approx(5.6)  # 28/5
    # Σx² = 16+25+36+36+49 = 162; s² = (5·162 - 28²)/(5·4) = (810-784)/20 = 1.3
    assert s.sd == pytest.approx(math.sqrt(1.3))  # 1.1402
    assert s.cv == pytest.approx(math.sqrt(1.3) / 5.6)  # .2036
    assert (s.q1, s.median, s.q3) == (4.5, 6.0, 6.5)
    assert s.consensus == pytest.approx(2 / 3)  # 1 - (6.5-4.5)/6 = 1 - 2/6
    assert s.convergence == 1.0  # (6.5-4.5)/2


@pytest.mark.parametrize(
    ("scores", "method", "consensus", "convergence"),
    [
        # linear / tukey: Q1 5, Q3 6, Mdn 6 -> 1 - 1/6 = .833; (6-5)/2 = .5
        ([4, 5, 6, 6, 7], "linear", 5 / 6, 0.5),
        ([4, 5, 6, 6, 7], "tukey", 5 / 6, 0.5),
        # weibull [3,4,4,4,5]: Q1 h=1.5 -> 3.5, Q3 h=4.5 -> 4.5, Mdn 4: 1 - 1/4 = .75; .5
        ([3, 4, 4, 4, 5], "weibull", 0.75, 0.5),
        # all equal: IQR 0 -> consensus 1, convergence 0
        ([6, 6, 6, 6], "weibull", 1.0, 0.0),
    ],
)
def test_consensus_and_convergence(scores, method, consensus, convergence):
    s = score_summary(scores, method)
    assert s.consensus == pytest.approx(consensus)
    assert s.convergence == pytest.approx(convergence)


def test_score_summary_small_samples():
    empty = score_summary([])
    assert empty.score_n == 0
    assert empty.to_dict() == {
        "score_n": 0,
        "mean": None,
        "sd": None,
        "median": None,
        "q1": None,
        "q3": None,
        "consensus": None,
        "convergence": None,
        "cv": None,
    }
    one = score_summary([5])
    assert one.mean == 5.0
    assert one.sd is None  # n - 1 = 0
    assert one.cv is None
    assert one.consensus == 1.0  # Q1 = Q3 = Mdn = 5
    assert one.convergence == 0.0


def test_score_summary_from_counts_equals_list_form():
    # {4: 1, 5: 1, 6: 2, 7: 1} is [4, 5, 6, 6, 7]
    from_counts = score_summary_from_counts({6: 2, 4: 1, 7: 1, 5: 1, 3: 0})
    assert from_counts == score_summary([4, 5, 6, 6, 7])


def test_score_summary_cross_checked_with_numpy():
    rng = random.Random(42)
    for _ in range(200):
        values = [rng.randint(1, 7) for _ in range(rng.randint(2, 60))]
        s = score_summary(values)
        assert s.mean == pytest.approx(np.mean(values))
        assert s.sd == pytest.approx(np.std(values, ddof=1), abs=1e-12)
        assert s.cv == pytest.approx(np.std(values, ddof=1) / np.mean(values), abs=1e-12)


@pytest.mark.parametrize("bad", [[1, 2.5], [1, "3"], [True, 2]])
def test_score_summary_needs_integers(bad):
    with pytest.raises(ValueError, match="정수"):
        score_summary(bad)


# ---------------------------------------------------------------------------
# Stability between rounds
# ---------------------------------------------------------------------------


def test_round_stability_by_hand():
    before = {"A": 5, "B": 6, "C": 7, "D": 4}
    after = {"A": 5, "B": 7, "C": 7, "E": 6}
    # round 1 [4,5,6,7]: mean 5.5, Σx² = 126, s² = (4·126 - 22²)/12 = 20/12 = 5/3
    cv_1 = math.sqrt(5 / 3) / 5.5  # .2347
    # round 2 [5,6,7,7]: mean 6.25, Σx² = 159, s² = (4·159 - 25²)/12 = 11/12
    cv_2 = math.sqrt(11 / 12) / 6.25  # .1532
    assert score_summary(before.values()).cv == pytest.approx(cv_1)
    assert score_summary(after.values()).cv == pytest.approx(cv_2)
    result = round_stability(1, 2, cv_1, cv_2, before, after)
    assert result.cv_change == pytest.approx(cv_2 - cv_1)  # -.0815
    assert result.cv_relative_change == pytest.approx((cv_1 - cv_2) / cv_1)  # .3474
    assert result.panellists_in_both == 3  # A, B, C (D left, E joined)
    assert result.score_changed_n == 1  # B: 6 -> 7
    assert result.score_changed_share == pytest.approx(1 / 3)


def test_round_stability_without_overlap_or_cv():
    result = round_stability(1, 2, None, 0.1, {"A": 3}, {"B": 3})
    assert result.cv_change is None
    assert result.cv_relative_change is None
    assert result.panellists_in_both == 0
    assert result.score_changed_share is None
    zero = round_stability(1, 2, 0.0, 0.2, {"A": 3}, {"A": 3})
    assert zero.cv_change == pytest.approx(0.2)
    assert zero.cv_relative_change is None  # division by CV_from = 0
    assert zero.score_changed_share == 0.0


# ---------------------------------------------------------------------------
# Decision rules
# ---------------------------------------------------------------------------

PASSING = [4, 5, 6, 6, 7]  # linear: consensus .833, convergence .5, CV .204
SPREAD = [1, 4, 7]  # weibull: Q1 1, Q3 7 (h = 1, 3), Mdn 4 -> consensus 1-6/4 = -.5


def _decide(kind, yes, answered, scores, method="linear", rules=None):
    suitability = None if kind == "activity" else suitability_result(yes, answered)
    summary = score_summary(scores, method)
    return decide(kind, suitability, summary, rules or DecisionRules())


@pytest.mark.parametrize(
    ("kind", "yes", "answered", "scores", "expected"),
    [
        ("indicator", 5, 5, PASSING, "keep"),  # 5 >= 5 and every score rule passes
        ("indicator", 4, 5, PASSING, "drop"),  # CVR test fails: 4 < 5
        ("indicator", 4, 5, SPREAD, "drop"),  # CVR fails: drop whatever the scores
        ("indicator", 5, 5, SPREAD, "revise"),  # CVR passes, consensus fails
        ("indicator", 4, 4, PASSING, "revise"),  # N = 4: CVR not testable -> not confirmed
        ("indicator", 0, 0, PASSING, "revise"),  # nobody answered yes/no
        ("activity", 0, 0, PASSING, "keep"),  # no CVR rule for activities
        ("activity", 0, 0, SPREAD, "revise"),  # activities are never dropped
        ("indicator", 5, 5, [6], "revise"),  # one score: CV needs n >= 2
    ],
)
def test_decision_table(kind, yes, answered, scores, expected):
    assert _decide(kind, yes, answered, scores) == expected


def test_quartile_method_changes_the_decision():
    # [4,5,6,6,7], CVR 5 of 5 passes (critical 5), CV = √1.3/5.6 = .204 <= .5
    # weibull: Q1 4.5, Q3 6.5, Mdn 6 -> consensus 1 - 2/6 = .667 < .75,
    #          convergence 2/2 = 1 > .5                      -> revise
    # linear:  Q1 5, Q3 6 -> consensus 1 - 1/6 = .833, convergence .5 -> keep
    # tukey:   halves [4,5,6] -> 5, [6,6,7] -> 6: same as linear     -> keep
    assert _decide("indicator", 5, 5, PASSING, "weibull") == "revise"
    assert _decide("indicator", 5, 5, PASSING, "linear") == "keep"
    assert _decide("indicator", 5, 5, PASSING, "tukey") == "keep"


def test_rule_outcomes_are_reported():
    summary = score_summary(PASSING, "weibull")
    outcomes = evaluate_rules("indicator", suitability_result(5, 5), summary, DecisionRules())
    assert outcomes == {"cvr": "pass", "consensus": "fail", "convergence": "fail", "cv": "pass"}
    activity = evaluate_rules("activity", None, score_summary([6]), DecisionRules())
    # one score: consensus 1, convergence 0, CV undefined
    assert activity == {
        "cvr": "not_applicable",
        "consensus": "pass",
        "convergence": "pass",
        "cv": "insufficient",
    }


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # weibull [4,5,6,6,7]: consensus .667 and convergence 1 fail
        (DecisionRules(), "revise"),
        (DecisionRules(require_consensus=False, require_convergence=False), "keep"),
        (DecisionRules(consensus_min=0.6, convergence_max=1.0), "keep"),  # .667 >= .6; 1 <= 1
        (DecisionRules(consensus_min=0.6, convergence_max=0.99), "revise"),  # 1 > .99
        (DecisionRules(consensus_min=0.6, convergence_max=1.0, cv_max=0.2), "revise"),  # .204
    ],
)
def test_rules_are_configurable(rules, expected):
    assert _decide("indicator", 5, 5, PASSING, "weibull", rules) == expected


def test_cvr_rule_can_be_switched_off():
    rules = DecisionRules(require_cvr_pass=False)
    # 4 of 5 fails the CVR test, but the rule is off: scores decide (all pass)
    assert _decide("indicator", 4, 5, PASSING, "linear", rules) == "keep"


@pytest.mark.parametrize(
    ("scores", "rules"),
    [
        # consensus exactly at the threshold: [3,4,4,4,5] weibull -> 1 - 1/4 = .75
        ([3, 4, 4, 4, 5], DecisionRules()),
        # [4,4,5,5,6] weibull: Q1 h=1.5 -> 4, Q3 h=4.5 -> 5.5, Mdn 5: 1 - 1.5/5 = .7;
        # convergence .75
        ([4, 4, 5, 5, 6], DecisionRules(consensus_min=0.7, convergence_max=0.75)),
        # [3,7] weibull: Q1 = 3, Q3 = 7 (clipped), Mdn 5: 1 - 4/5 = .2 exactly, although
        # the float 1 - 4/5 is 0.19999999999999996; convergence 2; CV: s² = 8, √8/5 = .566
        ([3, 7], DecisionRules(consensus_min=0.2, convergence_max=2, cv_max=0.6)),
        # [1,2,3]: mean 2, s² = (1+0+1)/2 = 1, CV = 1/2 = .5 exactly; Q1 1, Q3 3, Mdn 2
        # (weibull h = 1, 3): consensus 1 - 2/2 = 0; convergence 1
        ([1, 2, 3], DecisionRules(consensus_min=0, convergence_max=1, cv_max=0.5)),
    ],
)
def test_thresholds_are_inclusive_and_exact(scores, rules):
    summary = score_summary(scores, "weibull")
    outcomes = evaluate_rules("activity", None, summary, rules)
    assert outcomes == {
        "cvr": "not_applicable",
        "consensus": "pass",
        "convergence": "pass",
        "cv": "pass",
    }


def test_rules_round_trip_through_dict_and_json():
    defaults = DecisionRules()
    assert defaults.to_dict() == {
        "require_cvr_pass": True,
        "require_consensus": True,
        "consensus_min": 0.75,
        "require_convergence": True,
        "convergence_max": 0.5,
        "require_cv": True,
        "cv_max": 0.5,
    }
    assert DecisionRules.from_dict(defaults.to_dict()) == defaults
    edited = DecisionRules.from_json('{"consensus_min": 0.8, "require_cv": false}')
    assert edited.consensus_min == 0.8
    assert edited.require_cv is False
    assert edited.cv_max == 0.5  # untouched default
    assert DecisionRules.from_json(json.dumps(edited.to_dict())) == edited


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"consensus": 0.8}, "알 수 없는 판정 규칙"),
        ({"consensus_min": "0.8"}, "숫자"),
        ({"consensus_min": True}, "숫자"),
        ({"cv_max": float("nan")}, "숫자"),
        ({"cv_max": -0.1}, "0 이상"),
        ({"require_cv": "yes"}, "true 또는 false"),
    ],
)
def test_bad_rules_are_rejected_in_korean(data, message):
    with pytest.raises(ValueError, match=message):
        DecisionRules.from_dict(data)


@pytest.mark.parametrize(("text", "message"), [("{", "JSON"), ("[1, 2]", "객체")])
def test_bad_rules_json_is_rejected_in_korean(text, message):
    with pytest.raises(ValueError, match=message):
        DecisionRules.from_json(text)


# ---------------------------------------------------------------------------
# Natural order of item codes
# ---------------------------------------------------------------------------


def test_natural_sort_key():
    codes = ["1-2-10", "2-1-1", "1-2-9", "1-10-1", "1-2-1", "1-2", "A-1", "1-2-1a"]
    assert sorted(codes, key=natural_sort_key) == [
        "1-2",
        "1-2-1",
        "1-2-1a",
        "1-2-9",
        "1-2-10",
        "1-10-1",
        "2-1-1",
        "A-1",
    ]
