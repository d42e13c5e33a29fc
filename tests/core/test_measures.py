"""Tests for bombaram.core.measures.

Every expected number is worked out by hand in a comment next to it, or taken
from a cited published example; none is produced by the code under test.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from bombaram.core.measures import (
    SEOUL_DISTRICT_COUNT,
    SEOUL_DISTRICTS,
    concentration_ratio,
    district_short_name,
    gini,
    hhi,
    hoover_index,
    location_quotients,
    lq_reading,
    normalised_hhi,
    rank_desc,
    ranking_text,
    report_mean,
    shares,
    unreliable_cells,
)

# 2014 Seoul social economy report: 서울형 예비사회적기업 per district, listed in
# 가나다 order 강남구 .. 중랑구 (published counts, sum 322).
SEOUL_TYPE_COUNTS = [
    23,
    9,
    7,
    16,
    11,
    6,
    13,
    10,
    12,
    8,
    5,
    12,
    34,
    10,
    11,
    9,
    8,
    16,
    5,
    18,
    8,
    16,
    35,
    16,
    4,
]
SEOUL_TYPE = dict(zip(SEOUL_DISTRICTS, SEOUL_TYPE_COUNTS, strict=True))


# --------------------------------------------------------------------------
# 1. Location quotient
# --------------------------------------------------------------------------

# 마포구: 돌봄 3, 교육 7 -> e_i = 10;  종로구: 돌봄 17, 교육 73 -> e_i = 90
# Region: E = 100, E_돌봄 = 3 + 17 = 20, E_교육 = 7 + 73 = 80
LQ_COUNTS = {"마포구": {"돌봄": 3, "교육": 7}, "종로구": {"돌봄": 17, "교육": 73}}


@pytest.mark.parametrize(
    ("district", "industry", "expected"),
    [
        ("마포구", "돌봄", 1.5),  # (3/10)/(20/100) = 0.3/0.2 = 1.5
        ("마포구", "교육", 0.875),  # (7/10)/(80/100) = 0.7/0.8 = 0.875
        ("종로구", "돌봄", 17 / 18),  # (17/90)/(20/100) = 1700/1800 = 17/18 = 0.9444…
        ("종로구", "교육", 73 / 72),  # (73/90)/(80/100) = 7300/7200 = 73/72 = 1.0139…
    ],
)
def test_location_quotient_hand_calculation(district: str, industry: str, expected: float) -> None:
    assert location_quotients(LQ_COUNTS)[district][industry] == pytest.approx(expected)


def test_location_quotient_exact_cluster_boundary() -> None:
    # A: 5 of 20 in industry a; region: 20 of 100 in a -> (5/20)/(20/100) = 0.25/0.2 = 1.25
    counts = {"A": {"a": 5, "b": 15}, "B": {"a": 15, "b": 65}}
    lq = location_quotients(counts)["A"]["a"]
    assert lq == 1.25  # exact, so it reads as a cluster and not as 1.2499…
    assert lq_reading(lq) == "cluster"


@pytest.mark.parametrize(
    ("counts", "district", "industry"),
    [
        # district total 0 -> e_ij / e_i undefined
        ({"A": {"a": 0, "b": 0}, "B": {"a": 3, "b": 4}}, "A", "a"),
        # industry total 0 -> E_j / E is 0, division by zero
        ({"A": {"a": 0, "b": 2}, "B": {"a": 0, "b": 4}}, "B", "a"),
        # empty region
        ({"A": {"a": 0}}, "A", "a"),
    ],
)
def test_location_quotient_undefined_is_none(
    counts: dict[str, dict[str, int]], district: str, industry: str
) -> None:
    assert location_quotients(counts)[district][industry] is None


def test_location_quotient_missing_cell_counts_as_zero() -> None:
    # A has no "b" entry: e_A = 2, e_Ab = 0; region E = 2 + 6 = 8, E_b = 4
    # LQ_Ab = (0/2)/(4/8) = 0;  LQ_Aa = (2/2)/(4/8) = 1/0.5 = 2
    result = location_quotients({"A": {"a": 2}, "B": {"a": 2, "b": 4}})
    assert result["A"] == {"a": pytest.approx(2.0), "b": 0.0}


def test_location_quotient_industries_fix_columns_and_totals() -> None:
    # Only industry "a" counts: e_A = 1, e_B = 3, E = 4, E_a = 4 -> every LQ = (1/1)/(4/4) = 1
    result = location_quotients({"A": {"a": 1, "b": 9}, "B": {"a": 3}}, industries=["a"])
    assert result == {"A": {"a": 1.0}, "B": {"a": 1.0}}


def test_location_quotients_weighted_by_region_shares_average_one() -> None:
    # Σ_j (E_j/E) · LQ_ij = Σ_j e_ij / e_i = 1 for every district (Isard 1960 identity)
    result = location_quotients(LQ_COUNTS)
    for district in LQ_COUNTS:
        total = 0.2 * result[district]["돌봄"] + 0.8 * result[district]["교육"]
        assert total == pytest.approx(1.0)


def test_location_quotient_rejects_negative_counts() -> None:
    with pytest.raises(ValueError):
        location_quotients({"A": {"a": -1, "b": 3}})


@pytest.mark.parametrize(
    ("lq", "expected"),
    [
        (1.5, "cluster"),
        (1.25, "cluster"),  # the report's 집적 threshold is inclusive
        (1.2499, "above"),
        (1.01, "above"),
        (1.0, "at_or_below"),  # equal to the Seoul share is not "above"
        (0.3, "at_or_below"),
        (0.0, "at_or_below"),
        (None, None),
    ],
)
def test_lq_reading(lq: float | None, expected: str | None) -> None:
    assert lq_reading(lq) == expected


def test_lq_reading_custom_threshold() -> None:
    assert lq_reading(1.2, cluster_threshold=1.2) == "cluster"


# A: e_i = 4 + 30 = 34 (>= 30);  B: 5 + 25 = 30 (>= 30, boundary);  C: 10 + 10 = 20 (< 30)
SMALL_COUNTS = {"A": {"x": 4, "y": 30}, "B": {"x": 5, "y": 25}, "C": {"x": 10, "y": 10}}


@pytest.mark.parametrize(
    ("district", "industry", "unreliable"),
    [
        ("A", "x", True),  # e_ij = 4 < 5
        ("A", "y", False),  # 30 >= 5 and 34 >= 30
        ("B", "x", False),  # 5 is not below 5; 30 is not below 30
        ("B", "y", False),
        ("C", "x", True),  # district total 20 < 30
        ("C", "y", True),
    ],
)
def test_unreliable_cells_default_thresholds(
    district: str, industry: str, unreliable: bool
) -> None:
    assert unreliable_cells(SMALL_COUNTS)[district][industry] is unreliable


def test_unreliable_cells_custom_thresholds() -> None:
    # min_count 1, min_district_total 20: nothing is below either threshold
    flags = unreliable_cells(SMALL_COUNTS, min_count=1, min_district_total=20)
    assert not any(flag for row in flags.values() for flag in row.values())


# --------------------------------------------------------------------------
# 2. HHI
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "scale", "expected"),
    [
        # U.S. DOJ Antitrust Division, "Herfindahl-Hirschman Index" page
        # (justice.gov/atr/herfindahl-hirschman-index): shares 30, 30, 20, 20 percent
        # -> 30² + 30² + 20² + 20² = 900 + 900 + 400 + 400 = 2,600
        ([30, 30, 20, 20], "percent", 2600.0),
        # same market as amounts, not shares: 300/1000 = 0.3 etc.
        # 0.09 + 0.09 + 0.04 + 0.04 = 0.26
        ([300, 300, 200, 200], "fraction", 0.26),
        ([300, 300, 200, 200], "percent", 2600.0),
        # zeros ignored: shares 3/4, 1/4 -> 0.5625 + 0.0625 = 0.625
        ([3, 0, 1], "fraction", 0.625),
        # monopoly: 1² = 1, 100² = 10,000
        ([7], "fraction", 1.0),
        ([7], "percent", 10_000.0),
        # five equal firms: 5 · (1/5)² = 0.2, 5 · 20² = 2,000
        ([2, 2, 2, 2, 2], "fraction", 0.2),
        ([2, 2, 2, 2, 2], "percent", 2000.0),
    ],
)
def test_hhi(amounts: list[float], scale: str, expected: float) -> None:
    assert hhi(amounts, scale=scale) == pytest.approx(expected)


@pytest.mark.parametrize("amounts", [[], [0, 0, 0]])
def test_hhi_empty_is_none(amounts: list[float]) -> None:
    assert hhi(amounts) is None


def test_hhi_accepts_generator_array_and_mapping() -> None:
    # shares 3/4, 1/4 -> 0.625 whatever the container
    assert hhi(x for x in (3, 1)) == pytest.approx(0.625)
    assert hhi(np.array([3, 1])) == pytest.approx(0.625)
    assert hhi({"마포구": 3, "중구": 1}) == pytest.approx(0.625)


@pytest.mark.parametrize("bad", [[1, -1], [1, float("nan")], [1, float("inf")]])
def test_amounts_must_be_finite_and_non_negative(bad: list[float]) -> None:
    for function in (hhi, normalised_hhi, gini):
        with pytest.raises(ValueError):
            function(bad)
    with pytest.raises(ValueError):
        concentration_ratio(bad, 1)


def test_hhi_rejects_unknown_scale() -> None:
    with pytest.raises(ValueError):
        hhi([1, 2], scale="permille")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        # H = 0.26, n = 4: (0.26 - 0.25)/(1 - 0.25) = 0.01/0.75 = 0.01333…
        ([30, 30, 20, 20], 0.01 / 0.75),
        # equal amounts: H = 1/3 -> (1/3 - 1/3)/(2/3) = 0
        ([5, 5, 5], 0.0),
        # zero ignored, n = 2: H = 0.625 -> (0.625 - 0.5)/(0.5) = 0.25
        ([3, 0, 1], 0.25),
        # n = 1: 0/0, defined as 1 (monopoly)
        ([7, 0], 1.0),
        # one holder of almost everything, n = 2: shares 0.99, 0.01
        # H = 0.9801 + 0.0001 = 0.9802 -> (0.9802 - 0.5)/0.5 = 0.9604
        ([99, 1], 0.9604),
    ],
)
def test_normalised_hhi(amounts: list[float], expected: float) -> None:
    assert normalised_hhi(amounts) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("amounts", [[], [0]])
def test_normalised_hhi_empty_is_none(amounts: list[float]) -> None:
    assert normalised_hhi(amounts) is None


# --------------------------------------------------------------------------
# 3. CR_k
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "k", "expected"),
    [
        ([50, 30, 10, 10], 1, 0.5),  # 50/100
        ([50, 30, 10, 10], 2, 0.8),  # (50 + 30)/100
        ([10, 50, 10, 30], 2, 0.8),  # order of input does not matter
        ([50, 30, 10, 10], 3, 0.9),  # (50 + 30 + 10)/100
        ([50, 30, 10, 10], 4, 1.0),  # all of it
        ([50, 30, 10, 10], 10, 1.0),  # k beyond n
        ([5, 5, 5, 5], 2, 0.5),  # ties: (5 + 5)/20
        ([0, 0, 3, 1], 1, 0.75),  # 3/4
    ],
)
def test_concentration_ratio(amounts: list[float], k: int, expected: float) -> None:
    assert concentration_ratio(amounts, k) == pytest.approx(expected)


def test_concentration_ratio_empty_is_none() -> None:
    assert concentration_ratio([], 3) is None
    assert concentration_ratio([0, 0], 1) is None


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_concentration_ratio_rejects_bad_k(k: object) -> None:
    with pytest.raises(ValueError):
        concentration_ratio([1, 2, 3], k)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# 4. Gini
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "sample_correction", "expected"),
    [
        # [1,2,3,4,5]: Σ_i Σ_j |x_i - x_j| = 2·(4·1 + 3·2 + 2·3 + 1·4) = 2·20 = 40
        # n = 5, μ = 3 -> 2n²μ = 2·25·3 = 150 -> G = 40/150 = 4/15 = 0.2666…
        # sorted form: Σ i·x_(i) = 1+4+9+16+25 = 55 -> 2·55/(5·15) - 6/5 = 22/15 - 18/15 = 4/15
        # (uniform 1..n in general: G = (n-1)/(3n) = 4/15 for n = 5)
        ([1, 2, 3, 4, 5], False, 4 / 15),
        ([5, 3, 1, 4, 2], False, 4 / 15),  # order of input does not matter
        # sample-corrected: 4/15 · 5/4 = 1/3
        ([1, 2, 3, 4, 5], True, 1 / 3),
        # one unit holds everything, n = 4: the 3 pairs (0, 10) counted twice -> 6·10 = 60
        # μ = 2.5 -> 2·16·2.5 = 80 -> G = 60/80 = 0.75 = 1 - 1/n
        ([0, 0, 0, 10], False, 0.75),
        # corrected: 0.75 · 4/3 = 1
        ([0, 0, 0, 10], True, 1.0),
        # [10,20,30,40,100]: pairwise |diff| for i<j:
        # 10+20+30+90 + 10+20+80 + 10+70 + 60 = 150+110+80+60 = 400, both orders -> 800
        # μ = 200/5 = 40 -> 2·25·40 = 2000 -> G = 800/2000 = 0.4
        ([10, 20, 30, 40, 100], False, 0.4),
        # two units 1 and 3: Σ|diff| = 2·2 = 4, μ = 2 -> 4/(2·4·2) = 0.25; corrected ·2 = 0.5
        ([1, 3], False, 0.25),
        ([1, 3], True, 0.5),
        # perfect equality
        ([5, 5, 5], False, 0.0),
        ([5, 5, 5], True, 0.0),
        # single unit: no dispersion
        ([7], False, 0.0),
    ],
)
def test_gini_hand_calculation(
    amounts: list[float], sample_correction: bool, expected: float
) -> None:
    assert gini(amounts, sample_correction=sample_correction) == pytest.approx(expected, abs=1e-12)


def _gini_double_sum(values: list[float]) -> float:
    """The defining form G = Σ_i Σ_j |x_i - x_j| / (2 n² μ), written out plainly."""
    n = len(values)
    mean = sum(values) / n
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


@pytest.mark.parametrize(
    "amounts",
    [
        [1, 2, 3, 4, 5],
        [0, 0, 0, 10],
        [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
        [0.5, 0.25, 8.0, 8.0, 0.0, 13.75],
        [23, 9, 7, 16, 11, 6, 13, 10, 12, 8, 5, 12, 34, 10, 11, 9, 8, 16, 5, 18, 8, 16, 35, 16, 4],
    ],
)
def test_gini_sorted_formula_equals_double_sum(amounts: list[float]) -> None:
    n = len(amounts)
    assert gini(amounts) == pytest.approx(_gini_double_sum(amounts), abs=1e-12)
    corrected = _gini_double_sum(amounts) * n / (n - 1)
    assert gini(amounts, sample_correction=True) == pytest.approx(corrected, abs=1e-12)


@pytest.mark.parametrize(
    ("amounts", "sample_correction"),
    [([], False), ([0, 0], False), ([0, 0], True), ([7], True)],
)
def test_gini_undefined_is_none(amounts: list[float], sample_correction: bool) -> None:
    assert gini(amounts, sample_correction=sample_correction) is None


# --------------------------------------------------------------------------
# 5. Hoover index
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # totals 100 and 100: ½(|0.1-0.2| + |0.3-0.3| + |0.6-0.5|) = ½(0.1 + 0 + 0.1) = 0.1
        ({"A": 10, "B": 30, "C": 60}, {"A": 20, "B": 30, "C": 50}, 0.1),
        # key order does not matter: same as above with b's keys reversed
        ({"A": 10, "B": 30, "C": 60}, {"C": 50, "B": 30, "A": 20}, 0.1),
        # totals 4 and 50: shares 0.25, 0.25, 0.5 vs 0.6, 0.2, 0.2
        # ½(0.35 + 0.05 + 0.3) = ½·0.7 = 0.35
        ([1, 1, 2], [30, 10, 10], 0.35),
        # proportional distributions: 0
        ([1, 2, 3], [10, 20, 30], 0.0),
        # disjoint distributions: ½(1 + 1) = 1
        ([1, 0], [0, 1], 1.0),
    ],
)
def test_hoover_index(a: object, b: object, expected: float) -> None:
    assert hoover_index(a, b) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


def test_hoover_index_zero_total_is_none() -> None:
    assert hoover_index([0, 0], [1, 2]) is None
    assert hoover_index([1, 2], [0, 0]) is None


@pytest.mark.parametrize(
    ("a", "b", "error"),
    [
        ({"A": 1, "B": 2}, {"A": 1, "C": 2}, ValueError),
        ([1, 2, 3], [1, 2], ValueError),
        ({"A": 1}, [1], TypeError),
    ],
)
def test_hoover_index_rejects_mismatched_units(
    a: object, b: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        hoover_index(a, b)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# 6. Shares and rankings
# --------------------------------------------------------------------------


def test_shares() -> None:
    # 1/(1+3) = 0.25, 3/4 = 0.75
    assert shares({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}


def test_shares_zero_total_is_none() -> None:
    assert shares({"a": 0, "b": 0}) == {"a": None, "b": None}


def test_shares_of_report_counts() -> None:
    result = shares(SEOUL_TYPE)
    assert result["종로구"] == pytest.approx(35 / 322)  # 0.1087
    assert result["중랑구"] == pytest.approx(4 / 322)  # 0.0124
    assert sum(result.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("마포구", "마포"),
        ("영등포구", "영등포"),
        ("서대문구", "서대문"),
        ("구로구", "구로"),  # only the trailing 구 goes
        ("중구", "중구"),  # two characters: stays
        ("구", "구"),
        ("수원시", "수원시"),  # no 구 suffix
    ],
)
def test_district_short_name(name: str, expected: str) -> None:
    assert district_short_name(name) == expected


def test_rank_desc_breaks_ties_in_ganada_order() -> None:
    # 강서구, 송파구, 은평구, 중구 all have 16 in the report's counts
    mapping = {"중구": 16, "은평구": 16, "종로구": 35, "송파구": 16, "강서구": 16}
    assert rank_desc(mapping) == ["종로구", "강서구", "송파구", "은평구", "중구"]


def test_rank_desc_with_given_tie_order() -> None:
    mapping = {"중구": 16, "은평구": 16, "종로구": 35, "송파구": 16, "강서구": 16}
    # listed keys first in the given order, then the rest in 가나다 order
    result = rank_desc(mapping, tie_order=["중구", "은평구"])
    assert result == ["종로구", "중구", "은평구", "강서구", "송파구"]


def test_rank_desc_leaves_out_none() -> None:
    assert rank_desc({"a": None, "b": 1.5, "c": 0.5}) == ["b", "c"]


def test_ranking_text_report_example() -> None:
    # the report's own line "마포 > 종로 > 영등포" from counts 145, 125, 122
    mapping = {"종로구": 125, "중구": 40, "마포구": 145, "영등포구": 122, "강남구": 100}
    assert ranking_text(mapping) == "마포 > 종로 > 영등포"


def test_ranking_text_keeps_jung_gu() -> None:
    # 중구 60 > 마포구 50 > 강남구 40; 중구 is not shortened to 중
    mapping = {"마포구": 50, "중구": 60, "강남구": 40}
    assert ranking_text(mapping) == "중구 > 마포 > 강남"
    assert ranking_text(mapping, top=2, sep=", ", short_names=False) == "중구, 마포구"


# --------------------------------------------------------------------------
# 7. Report means and the reference data
# --------------------------------------------------------------------------


def test_report_mean_divides_by_district_count() -> None:
    # only two districts reported, the report still divides by 25: (10 + 20)/25 = 1.2
    assert report_mean({"마포구": 10, "중구": 20}) == pytest.approx(1.2)
    # explicit divisor: 30/3 = 10
    assert report_mean({"마포구": 10, "중구": 20}, 3) == pytest.approx(10.0)


@pytest.mark.parametrize("divisor", [0, -25, 2.5])
def test_report_mean_rejects_bad_divisor(divisor: object) -> None:
    with pytest.raises(ValueError):
        report_mean({"마포구": 1}, divisor)  # type: ignore[arg-type]


def test_seoul_districts_are_25_in_ganada_order() -> None:
    assert SEOUL_DISTRICT_COUNT == 25
    assert list(SEOUL_DISTRICTS) == sorted(SEOUL_DISTRICTS)
    assert SEOUL_DISTRICTS[0] == "강남구" and SEOUL_DISTRICTS[-1] == "중랑구"


def test_reference_seoul_type_pre_social_enterprises() -> None:
    """2014 Seoul social economy report, 서울형 예비사회적기업 by district."""
    # Sum in 가나다 order, five districts at a time:
    #   강남 23 + 강동 9 + 강북 7 + 강서 16 + 관악 11   = 66
    #   광진 6 + 구로 13 + 금천 10 + 노원 12 + 도봉 8    = 49
    #   동대문 5 + 동작 12 + 마포 34 + 서대문 10 + 서초 11 = 72
    #   성동 9 + 성북 8 + 송파 16 + 양천 5 + 영등포 18  = 56
    #   용산 8 + 은평 16 + 종로 35 + 중구 16 + 중랑 4   = 79
    #   66 + 49 + 72 + 56 + 79 = 322
    assert sum(SEOUL_TYPE.values()) == 322
    # mean as the report computes it: 322 / 25 = 12.88
    assert report_mean(SEOUL_TYPE) == pytest.approx(12.88)
    # largest values: 종로 35 > 마포 34 > 강남 23 > 영등포 18 > 16 (강서, 송파, 은평, 중구)
    assert ranking_text(SEOUL_TYPE) == "종로 > 마포 > 강남"
    # the four-way tie at 16 is written in 가나다 order
    assert (
        ranking_text(SEOUL_TYPE, top=8) == "종로 > 마포 > 강남 > 영등포 > 강서 > 송파 > 은평 > 중구"
    )
    # CR_3 = (35 + 34 + 23)/322 = 92/322 = 0.2857…
    assert concentration_ratio(SEOUL_TYPE_COUNTS, 3) == pytest.approx(92 / 322)


# --------------------------------------------------------------------------
# Performance: one million amounts
# --------------------------------------------------------------------------

MILLION = 1_000_000


@pytest.mark.parametrize("container", ["array", "list"])
def test_one_million_amounts_are_fast_and_correct(container: str) -> None:
    # all amounts equal to 2: shares 1/n each
    # HHI = n · (1/n)² = 1/n = 1e-6;  normalised HHI = 0;  Gini = 0;  CR_10 = 10/n = 1e-5
    amounts = np.full(MILLION, 2.0) if container == "array" else [2] * MILLION
    start = time.perf_counter()
    assert hhi(amounts) == pytest.approx(1e-6)
    assert hhi(amounts, scale="percent") == pytest.approx(0.01)  # 1e-6 · 10,000
    assert normalised_hhi(amounts) == pytest.approx(0.0, abs=1e-9)
    assert gini(amounts) == pytest.approx(0.0, abs=1e-9)
    assert concentration_ratio(amounts, 10) == pytest.approx(1e-5)
    elapsed = time.perf_counter() - start
    # measured at about 0.07 s (array) and 0.25 s (list) for all five calls; generous bound
    assert elapsed < 2.0


def test_one_million_amounts_one_holder() -> None:
    # one unit holds 1, the other 999,999 hold 0: Gini = 1 - 1/n = 0.999999 (see [0,0,0,10] above)
    amounts = np.zeros(MILLION)
    amounts[123] = 1.0
    assert gini(amounts) == pytest.approx(1 - 1 / MILLION)
    assert hhi(amounts) == pytest.approx(1.0)  # zeros ignored: a monopoly
    assert concentration_ratio(amounts, 1) == pytest.approx(1.0)
