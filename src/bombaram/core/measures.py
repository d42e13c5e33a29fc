"""Regional statistics measures for the Seoul social economy ecosystem.

Plain functions over plain data (mappings, sequences, numpy arrays); no
Django import is allowed here.  Every public function documents its formula
and its source.

Conventions
-----------
* District names are Korean strings such as ``"마포구"``.  Python's default
  string ordering (Unicode code points) equals 가나다 dictionary order for
  complete Hangul syllables, which is the order the 2014 Seoul social
  economy report uses to list districts.
* A value that is mathematically undefined (a division by zero, an empty
  input) is returned as ``None`` rather than raising or returning ``nan``.
* Negative or non-finite amounts raise ``ValueError``: counts of
  organisations, employees or turnover are never negative.
* Functions over "amounts" accept any iterable of numbers, a numpy array,
  or a mapping (whose values are then used).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np

__all__ = [
    "CLUSTER_THRESHOLD",
    "SEOUL_DISTRICTS",
    "SEOUL_DISTRICT_COUNT",
    "concentration_ratio",
    "district_short_name",
    "gini",
    "hhi",
    "hoover_index",
    "location_quotients",
    "lq_reading",
    "normalised_hhi",
    "rank_desc",
    "ranking_text",
    "report_mean",
    "shares",
    "unreliable_cells",
]

#: Seoul's 25 autonomous districts (자치구) in 가나다 order.
SEOUL_DISTRICTS: tuple[str, ...] = (
    "강남구",
    "강동구",
    "강북구",
    "강서구",
    "관악구",
    "광진구",
    "구로구",
    "금천구",
    "노원구",
    "도봉구",
    "동대문구",
    "동작구",
    "마포구",
    "서대문구",
    "서초구",
    "성동구",
    "성북구",
    "송파구",
    "양천구",
    "영등포구",
    "용산구",
    "은평구",
    "종로구",
    "중구",
    "중랑구",
)

#: Divisor the report uses for per-district means (always 25).
SEOUL_DISTRICT_COUNT: int = len(SEOUL_DISTRICTS)

#: LQ at or above which the report speaks of a cluster (집적).
CLUSTER_THRESHOLD: float = 1.25

LqReading = Literal["cluster", "above", "at_or_below"]


# --------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------


def _check_amount(value: float, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be finite and non-negative, got {value!r}")


def _as_array(amounts: Iterable[float]) -> np.ndarray:
    """Return a 1-D float64 array of finite, non-negative amounts."""
    if isinstance(amounts, Mapping):
        amounts = list(amounts.values())
    if isinstance(amounts, (np.ndarray, Sequence)):
        array = np.asarray(amounts, dtype=np.float64).ravel()
    else:
        array = np.fromiter(amounts, dtype=np.float64)
    if array.size and not (np.isfinite(array).all() and (array >= 0).all()):
        raise ValueError("amounts must be finite and non-negative")
    return array


# --------------------------------------------------------------------------
# 1. Location quotient
# --------------------------------------------------------------------------


def location_quotients(
    counts: Mapping[str, Mapping[str, float]],
    industries: Sequence[str] | None = None,
) -> dict[str, dict[str, float | None]]:
    """Location quotient of every industry in every district.

    Formula::

        LQ_ij = (e_ij / e_i) / (E_j / E) = (e_ij * E) / (e_i * E_j)

    where ``e_ij`` is the count of organisations of industry ``j`` in
    district ``i``, ``e_i`` the district total, ``E_j`` the regional total of
    industry ``j`` and ``E`` the regional total.  Source: the 2014 Seoul
    social economy report (업종별 입지계수); Isard (1960), *Methods of
    Regional Analysis*; Miller, Gibson & Wright (1991) on LQ analysis.

    ``counts`` is ``{district: {industry: count}}``.  Totals are taken from
    ``counts`` itself; a cell absent from a district's mapping counts as 0.
    ``industries`` fixes the industry set and column order; by default it is
    every industry that appears in any district, in order of first
    appearance.

    Returns ``{district: {industry: LQ}}`` with ``None`` where LQ is
    undefined: district total 0 or regional industry total 0.  The quotient
    is computed as one division of two products, so integer counts give the
    correctly rounded value of the exact ratio (e.g. exactly 1.25).
    """
    if industries is None:
        seen: dict[str, None] = {}
        for row in counts.values():
            for industry in row:
                seen.setdefault(industry, None)
        industry_list = list(seen)
    else:
        industry_list = list(industries)

    for district, row in counts.items():
        for industry, value in row.items():
            _check_amount(value, f"count for {district}/{industry}")

    district_totals = {
        district: sum(row.get(j, 0) for j in industry_list) for district, row in counts.items()
    }
    industry_totals = {j: sum(row.get(j, 0) for row in counts.values()) for j in industry_list}
    region_total = sum(district_totals.values())

    result: dict[str, dict[str, float | None]] = {}
    for district, row in counts.items():
        e_i = district_totals[district]
        out: dict[str, float | None] = {}
        for j in industry_list:
            e_big_j = industry_totals[j]
            if e_i == 0 or e_big_j == 0:
                out[j] = None
            else:
                out[j] = (row.get(j, 0) * region_total) / (e_i * e_big_j)
        result[district] = out
    return result


def lq_reading(
    lq: float | None,
    *,
    cluster_threshold: float = CLUSTER_THRESHOLD,
) -> LqReading | None:
    """Verbal reading of one location quotient, following the 2014 report.

    * ``"cluster"`` when LQ >= 1.25 (the report's 집적, a concentration well
      above the Seoul average);
    * ``"above"`` when 1 < LQ < 1.25 (above the Seoul share);
    * ``"at_or_below"`` when LQ <= 1.

    Source: the 2014 Seoul social economy report's reading of 업종별
    입지계수 (1.25 and above read as 집적).  ``None`` (undefined LQ) reads
    as ``None``.  The threshold can be changed with ``cluster_threshold``.
    """
    if lq is None:
        return None
    if lq >= cluster_threshold:
        return "cluster"
    if lq > 1:
        return "above"
    return "at_or_below"


def unreliable_cells(
    counts: Mapping[str, Mapping[str, float]],
    industries: Sequence[str] | None = None,
    *,
    min_count: float = 5,
    min_district_total: float = 30,
) -> dict[str, dict[str, bool]]:
    """Small-count flag for location quotients: ``True`` marks unreliable.

    A cell is unreliable when ``e_ij < min_count`` (default 5) or when its
    district total ``e_i < min_district_total`` (default 30).  Small counts
    make the share ``e_ij / e_i`` jump by whole percentage points when one
    organisation is added or removed, so an LQ built on them should not be
    read as a cluster.  The thresholds are a reporting convention of this
    project, not a statistical test.  Same shape and defaults as
    :func:`location_quotients`.
    """
    if industries is None:
        seen: dict[str, None] = {}
        for row in counts.values():
            for industry in row:
                seen.setdefault(industry, None)
        industry_list = list(seen)
    else:
        industry_list = list(industries)

    result: dict[str, dict[str, bool]] = {}
    for district, row in counts.items():
        e_i = sum(row.get(j, 0) for j in industry_list)
        district_small = e_i < min_district_total
        result[district] = {j: district_small or row.get(j, 0) < min_count for j in industry_list}
    return result


# --------------------------------------------------------------------------
# 2.-4. Concentration and inequality of amounts
# --------------------------------------------------------------------------


def hhi(
    amounts: Iterable[float],
    *,
    scale: Literal["fraction", "percent"] = "fraction",
) -> float | None:
    """Herfindahl–Hirschman index of a list of amounts (not shares).

    Formula::

        H = sum_i s_i ** 2,   s_i = x_i / sum_k x_k

    With ``scale="fraction"`` shares are fractions and 1/n <= H <= 1.  With
    ``scale="percent"`` shares are in percent and H runs up to 10,000, the
    scale of the U.S. DOJ/FTC Horizontal Merger Guidelines (2010, §5.3)
    and the DOJ's HHI page: four firms at 30, 30, 20, 20 percent give
    2,600.  Sources: Herfindahl (1950); Hirschman (1945, 1964).

    Zero amounts are ignored; an empty input (or all zeros) gives ``None``.
    """
    if scale not in ("fraction", "percent"):
        raise ValueError(f"scale must be 'fraction' or 'percent', got {scale!r}")
    x = _as_array(amounts)
    total = x.sum()
    if total == 0:
        return None
    s = x / total
    h = float(np.dot(s, s))
    return h * 10_000 if scale == "percent" else h


def normalised_hhi(amounts: Iterable[float]) -> float | None:
    """Normalised Herfindahl–Hirschman index, on a 0–1 scale.

    Formula::

        H* = (H - 1/n) / (1 - 1/n)

    with ``H`` the fractional HHI of :func:`hhi` and ``n`` the number of
    non-zero amounts (zeros are ignored, as in :func:`hhi`).  H* = 0 for
    equal amounts and 1 for a single holder; for n = 1 the formula is 0/0
    and H* is defined as 1 (a single holder is a monopoly).  Empty input or
    all zeros gives ``None``.  Source: the usual normalisation of Herfindahl
    (1950), e.g. Wikipedia, "Herfindahl–Hirschman index".
    """
    x = _as_array(amounts)
    x = x[x > 0]
    n = x.size
    if n == 0:
        return None
    if n == 1:
        return 1.0
    h = hhi(x)
    assert h is not None
    return (h - 1 / n) / (1 - 1 / n)


def concentration_ratio(amounts: Iterable[float], k: int) -> float | None:
    """Concentration ratio CR_k: share of the k largest amounts in the total.

    Formula::

        CR_k = (x_(1) + ... + x_(k)) / sum_i x_i

    with ``x_(1) >= x_(2) >= ...`` sorted descending; if ``k`` exceeds the
    number of amounts, CR_k = 1.  Source: the standard k-firm concentration
    ratio (e.g. U.S. Census Bureau, Economic Census concentration ratios;
    Bain 1951).  Empty input or zero total gives ``None``.  ``k`` must be a
    positive integer.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    x = _as_array(amounts)
    total = x.sum()
    if total == 0:
        return None
    if k >= x.size:
        return 1.0
    top = np.partition(x, x.size - k)[x.size - k :]
    return float(top.sum() / total)


def gini(
    amounts: Iterable[float],
    *,
    sample_correction: bool = False,
) -> float | None:
    """Gini coefficient of non-negative amounts.

    Definition (mean absolute difference form, Gini 1912)::

        G = sum_i sum_j |x_i - x_j| / (2 n**2 mu)

    computed by the equivalent sorted formula (x_(1) <= ... <= x_(n),
    i = 1..n; e.g. Damgaard & Weiner 2000, Wikipedia "Gini coefficient")::

        G = 2 * sum_i i * x_(i) / (n * sum_i x_i) - (n + 1) / n

    which runs in O(n log n) and is the formula of R's ``ineq::Gini``.
    With ``sample_correction=True`` the result is multiplied by n / (n - 1),
    the bias correction for a sample (Deltas 2003); it is then 1 when a
    single unit holds everything.  Zeros are kept (they matter for
    inequality).  Empty input or zero total gives ``None``; with the
    correction, n = 1 also gives ``None``.
    """
    x = _as_array(amounts)
    n = x.size
    if n == 0:
        return None
    total = x.sum()
    if total == 0:
        return None
    if sample_correction and n == 1:
        return None
    x = np.sort(x)
    ranks = np.arange(1, n + 1, dtype=np.float64)
    g = 2.0 * float(np.dot(ranks, x)) / (n * float(total)) - (n + 1) / n
    if sample_correction:
        g *= n / (n - 1)
    # Rounding can leave -1e-17 for perfectly equal amounts.
    return max(g, 0.0)


def hoover_index(
    a: Mapping[str, float] | Sequence[float],
    b: Mapping[str, float] | Sequence[float],
) -> float | None:
    """Hoover index (Robin Hood index) between two distributions.

    Formula::

        H = 1/2 * sum_i |a_i / A - b_i / B|,   A = sum a_i,  B = sum b_i

    The share of ``a`` that would have to move between units for ``a`` to be
    distributed like ``b`` (e.g. social economy organisations vs all
    businesses by district).  Source: Hoover (1936), "The measurement of
    industrial localization", *Review of Economics and Statistics* 18(4).

    ``a`` and ``b`` are either two mappings with the same keys, or two
    sequences of the same length.  ``None`` when either total is 0.
    """
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            raise ValueError("a and b must cover the same units")
        keys = list(a)
        a_values = [a[key] for key in keys]
        b_values = [b[key] for key in keys]
    elif isinstance(a, Mapping) or isinstance(b, Mapping):
        raise TypeError("a and b must both be mappings or both be sequences")
    else:
        a_values, b_values = list(a), list(b)
        if len(a_values) != len(b_values):
            raise ValueError("a and b must have the same length")
    xa = _as_array(a_values)
    xb = _as_array(b_values)
    total_a, total_b = xa.sum(), xb.sum()
    if total_a == 0 or total_b == 0:
        return None
    return float(0.5 * np.abs(xa / total_a - xb / total_b).sum())


# --------------------------------------------------------------------------
# 6. Shares and rankings
# --------------------------------------------------------------------------


def shares(mapping: Mapping[str, float]) -> dict[str, float | None]:
    """Share of the total for every key, as floats.

    Formula: ``s_k = x_k / sum_j x_j``.  If the total is 0 every share is
    ``None``.  Source: elementary; the report's 구성비 columns.
    """
    for key, value in mapping.items():
        _check_amount(value, f"value for {key}")
    total = sum(mapping.values())
    if total == 0:
        return dict.fromkeys(mapping)
    return {key: value / total for key, value in mapping.items()}


def rank_desc(
    mapping: Mapping[str, float | None],
    tie_order: Sequence[str] | None = None,
) -> list[str]:
    """Keys ordered by value, largest first; ties broken by a key order.

    ``tie_order`` lists keys in the order ties should be resolved; keys not
    in it come after, in Unicode order.  By default ties go in Unicode
    order, which for Hangul district names is 가나다 order, as in the 2014
    report.  Keys whose value is ``None`` (e.g. an undefined LQ) are left
    out.  Source: the report's ranking convention.
    """
    position = {key: i for i, key in enumerate(tie_order or ())}
    beyond = len(position)
    ranked = [key for key, value in mapping.items() if value is not None]
    ranked.sort(key=lambda key: (position.get(key, beyond), key))
    ranked.sort(key=lambda key: mapping[key], reverse=True)  # stable sort
    return ranked


def district_short_name(name: str, suffix: str = "구") -> str:
    """Display name without the trailing district suffix.

    ``"마포구"`` → ``"마포"``, ``"영등포구"`` → ``"영등포"``, but ``"중구"``
    stays ``"중구"``: the suffix is dropped only when the name has at least
    three characters, so that at least two remain.  Source: the 2014
    report's ranking lines ("마포 > 종로 > 영등포").
    """
    if len(name) >= len(suffix) + 2 and name.endswith(suffix):
        return name[: -len(suffix)]
    return name


def ranking_text(
    mapping: Mapping[str, float | None],
    top: int = 3,
    sep: str = " > ",
    *,
    tie_order: Sequence[str] | None = None,
    short_names: bool = True,
) -> str:
    """The report's ranking line, e.g. ``"마포 > 종로 > 영등포"``.

    The first ``top`` keys of :func:`rank_desc` (ties in 가나다 order unless
    ``tie_order`` is given), shortened by :func:`district_short_name` when
    ``short_names`` is true, joined by ``sep``.  A tie at the cut-off is not
    widened: exactly ``top`` names are written.  Source: the 2014 report.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top!r}")
    names = rank_desc(mapping, tie_order)[:top]
    if short_names:
        names = [district_short_name(name) for name in names]
    return sep.join(names)


# --------------------------------------------------------------------------
# 7. Means as the report computes them
# --------------------------------------------------------------------------


def report_mean(
    values_by_district: Mapping[str, float],
    divisor: int = SEOUL_DISTRICT_COUNT,
) -> float:
    """Per-district mean as the 2014 report computes it.

    Formula::

        mean = (sum of values over the region's districts) / divisor

    The report divides by the number of districts (25 for Seoul) whatever
    the mapping holds: organisations located outside the region are not in
    ``values_by_district`` and do not change the divisor, and a district
    left out of the mapping counts as 0.  Example from the report:
    서울형 예비사회적기업 322 / 25 = 12.88.  Source: the 2014 Seoul social
    economy report.
    """
    if isinstance(divisor, bool) or not isinstance(divisor, int) or divisor < 1:
        raise ValueError(f"divisor must be a positive integer, got {divisor!r}")
    for key, value in values_by_district.items():
        _check_amount(value, f"value for {key}")
    return sum(values_by_district.values()) / divisor
