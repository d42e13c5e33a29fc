"""Delphi expert-panel statistics for social value indicators (pure Python).

A panel rates, round by round, each *activity*'s suitability for its goal on a
7-point scale and, for each *indicator*, whether it is suitable (yes/no) and
how important it is (7-point scale).  This module holds the calculations made
for one item, one round and one group of panellists:

* 지표적합성 (share answering "yes") and Lawshe's content validity ratio (CVR)
  with an exact binomial critical value (Ayre & Scally 2014) or Lawshe's
  printed 1975 table;
* descriptive statistics of the 7-point scores with an explicit quartile
  method, 합의도 (consensus), 수렴도 (convergence) and the coefficient of
  variation;
* stability between rounds;
* the keep / revise / drop decision from configurable rules.

Everything works on plain Python data; no Django import is allowed here.
Calculations that decide something (critical counts, rule thresholds) are done
exactly with integers and :class:`fractions.Fraction`; floats are produced for
display only and are never rounded here.

Sources
-------
* Lawshe, C. H. (1975). A quantitative approach to content validity.
  *Personnel Psychology*, 28(4), 563-575.
* Ayre, C., & Scally, A. J. (2014). Critical values for Lawshe's content
  validity ratio: revisiting the original methods of calculation.
  *Measurement and Evaluation in Counseling and Development*, 47(1), 79-86.
* Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages.
  *The American Statistician*, 50(4), 361-365.
* Tukey, J. W. (1977). *Exploratory Data Analysis*. Addison-Wesley.
* 이종성 (2001). 『델파이 방법』. 교육과학사 — 합의도 and 수렴도 as used in
  Korean Delphi studies.
* English, J. M., & Kernan, G. L. (1976). The prediction of air travel and
  aircraft technology to the year 2000 using the Delphi method.
  *Transportation Research*, 10(1), 1-8 — CV <= 0.5 as adequate agreement.
* Dajani, J. S., Sincoff, M. Z., & Talley, W. K. (1979). Stability and
  agreement criteria for the termination of Delphi studies. *Technological
  Forecasting and Social Change*, 13(1), 83-90 — stability between rounds.
* The 2014 Seoul report's Delphi study (the project's reference report):
  지표적합성 = share of panellists answering "yes" (e.g. 24 of 27 = 0.89).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal, get_args

QuartileMethod = Literal["weibull", "linear", "tukey"]
CriticalMethod = Literal["exact", "lawshe1975"]
ItemKind = Literal["activity", "indicator"]
Decision = Literal["keep", "revise", "drop"]
RuleOutcome = Literal["pass", "fail", "insufficient", "not_applicable", "off"]

QUARTILE_METHODS: tuple[str, ...] = get_args(QuartileMethod)
CRITICAL_METHODS: tuple[str, ...] = get_args(CriticalMethod)
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)

#: Label of the whole-panel rows.
ALL_GROUP = "all"

#: One-tailed significance level used by Lawshe (1975) and Ayre & Scally (2014).
DEFAULT_ALPHA = Fraction(1, 20)

#: Lawshe (1975), Table 1: minimum CVR for a one-tailed test at p = .05, as
#: printed (N = number of panellists).  N = 5, 6, 7 are printed as .99, i.e.
#: unanimity is required.
LAWSHE_1975_CRITICAL_CVR: dict[int, Fraction] = {
    5: Fraction("0.99"),
    6: Fraction("0.99"),
    7: Fraction("0.99"),
    8: Fraction("0.75"),
    9: Fraction("0.78"),
    10: Fraction("0.62"),
    11: Fraction("0.59"),
    12: Fraction("0.56"),
    13: Fraction("0.54"),
    14: Fraction("0.51"),
    15: Fraction("0.49"),
    20: Fraction("0.42"),
    25: Fraction("0.37"),
    30: Fraction("0.33"),
    35: Fraction("0.31"),
    40: Fraction("0.29"),
}


def check_quartile_method(method: str) -> None:
    """Raise ``ValueError`` unless ``method`` is one of :data:`QUARTILE_METHODS`.

    Formula: none (validation).  Source: the methods documented in
    :func:`quartiles` (Hyndman & Fan 1996; Tukey 1977).
    """
    if method not in QUARTILE_METHODS:
        raise ValueError(
            f"사분위수 계산 방법 '{method}'을(를) 알 수 없습니다. "
            f"다음 중 하나를 쓰세요: {', '.join(QUARTILE_METHODS)}"
        )


def check_critical_method(method: str) -> None:
    """Raise ``ValueError`` unless ``method`` is one of :data:`CRITICAL_METHODS`.

    Formula: none (validation).  Source: "exact" = Ayre & Scally (2014),
    "lawshe1975" = Lawshe (1975) Table 1.
    """
    if method not in CRITICAL_METHODS:
        raise ValueError(
            f"CVR 임계값 방법 '{method}'을(를) 알 수 없습니다. "
            f"다음 중 하나를 쓰세요: {', '.join(CRITICAL_METHODS)}"
        )


# ---------------------------------------------------------------------------
# Suitability (yes/no): share, CVR and its critical value
# ---------------------------------------------------------------------------


def binomial_upper_tail(k: int, n: int) -> Fraction:
    """Exact P(X >= k) for X ~ Binomial(n, 1/2).

    Formula: P(X >= k | n, ½) = Σ_{i=max(k,0)}^{n} C(n, i) / 2^n (exact fraction).
    Source: the null model of Lawshe (1975) as recomputed by Ayre & Scally
    (2014): each panellist says "essential"/"suitable" with probability ½.
    """
    if n < 0:
        raise ValueError("응답자 수는 0 이상이어야 합니다.")
    total = sum(math.comb(n, i) for i in range(max(k, 0), n + 1))
    return Fraction(total, 2**n)


@lru_cache(maxsize=4096)
def exact_critical_count(n: int, alpha: Fraction = DEFAULT_ALPHA) -> int | None:
    """Smallest yes count n_e with P(X >= n_e | n, ½) <= alpha; None if none.

    Formula: n_e,crit(N) = min{ k : Σ_{i=k}^{N} C(N, i) / 2^N <= α }, one-tailed,
    α = .05 by default.  Decided with integers only
    (Σ C(N, i) · α_den <= α_num · 2^N), never on rounded decimals.  For
    N <= 4 even unanimity has P = 1/2^N >= 1/16 > .05, so the result is None
    ("not testable").
    Source: Ayre & Scally (2014), Table 1 (exact binomial critical values for
    Lawshe's CVR).
    """
    if n < 0:
        raise ValueError("응답자 수는 0 이상이어야 합니다.")
    alpha = Fraction(alpha)
    limit = alpha.numerator * 2**n
    tail = 0
    critical: int | None = None
    for k in range(n, -1, -1):
        tail += math.comb(n, k)
        if tail * alpha.denominator <= limit:
            critical = k
        else:
            break
    return critical


def lawshe_1975_critical_cvr(n: int) -> Fraction | None:
    """Lawshe's printed critical CVR for a panel of N; None when N < 5.

    Formula: table look-up in :data:`LAWSHE_1975_CRITICAL_CVR`.  For an N that
    the table does not print (16-19, 21-24, 26-29, 31-34, 36-39 and N > 40)
    the value of the next *smaller* printed N is used — e.g. N = 17 uses
    N = 15 (.49) and N = 60 uses N = 40 (.29).  Because the printed critical
    values fall as N grows, this is the conservative (stricter) choice.
    N < 5 is not in the table and is "not testable" (None).
    Source: Lawshe (1975), Table 1.
    """
    if n < 5:
        return None
    tabled = max(size for size in LAWSHE_1975_CRITICAL_CVR if size <= n)
    return LAWSHE_1975_CRITICAL_CVR[tabled]


def content_validity_ratio(suitable_n: int, answered_n: int) -> Fraction | None:
    """Lawshe's content validity ratio as an exact fraction; None when N = 0.

    Formula: CVR = (n_e − N/2) / (N/2) = (2·n_e − N) / N, where n_e = number
    answering "yes" (suitable) and N = number who answered the yes/no question.
    Source: Lawshe (1975).
    """
    if answered_n < 0 or suitable_n < 0 or suitable_n > answered_n:
        raise ValueError("'예' 응답 수는 0 이상, 응답자 수 이하여야 합니다.")
    if answered_n == 0:
        return None
    return Fraction(2 * suitable_n - answered_n, answered_n)


@dataclass(frozen=True, slots=True)
class CriticalValue:
    """Critical yes count and CVR for one panel size."""

    ne_critical: int
    cvr_critical: Fraction


@lru_cache(maxsize=4096)
def critical_value(n: int, method: CriticalMethod = "exact") -> CriticalValue | None:
    """Critical yes count and critical CVR for N answers; None = not testable.

    Formula:
    * "exact": ne_crit = :func:`exact_critical_count` (N);
      cvr_crit = (ne_crit − N/2) / (N/2).  None for N <= 4.
    * "lawshe1975": cvr_crit = :func:`lawshe_1975_critical_cvr` (N) as printed;
      ne_crit = the smallest count whose CVR reaches it,
      ⌈N · (1 + cvr_crit) / 2⌉.  None for N < 5.
    Source: Ayre & Scally (2014); Lawshe (1975), Table 1.
    """
    check_critical_method(method)
    if method == "exact":
        count = exact_critical_count(n)
        if count is None:
            return None
        return CriticalValue(count, Fraction(2 * count - n, n))
    cvr = lawshe_1975_critical_cvr(n)
    if cvr is None:
        return None
    return CriticalValue(math.ceil(n * (1 + cvr) / 2), cvr)


@dataclass(frozen=True, slots=True)
class SuitabilityResult:
    """Yes/no suitability statistics of one item, round and group."""

    answered_n: int
    suitable_n: int
    suitable_share: float | None
    cvr: float | None
    ne_critical: int | None
    cvr_critical: float | None
    cvr_pass: bool | None
    critical_method: str


def suitability_result(
    suitable_n: int, answered_n: int, critical_method: CriticalMethod = "exact"
) -> SuitabilityResult:
    """지표적합성, CVR and the CVR test for one item, round and group.

    Formula:
    * suitable_share = n_e / N (None when N = 0) — 지표적합성, e.g. 24/27 = .89
      (the 2014 Seoul report);
    * CVR = (n_e − N/2) / (N/2) (Lawshe 1975);
    * ne_critical, cvr_critical from :func:`critical_value`;
    * cvr_pass = n_e >= ne_critical, decided on counts (equivalent to
      CVR >= cvr_critical, compared exactly); None when not testable.
    where n_e = "yes" count and N = number who answered the yes/no question.
    Source: Lawshe (1975); Ayre & Scally (2014).
    """
    if answered_n < 0 or suitable_n < 0 or suitable_n > answered_n:
        raise ValueError("'예' 응답 수는 0 이상, 응답자 수 이하여야 합니다.")
    critical = critical_value(answered_n, critical_method)
    return SuitabilityResult(
        answered_n=answered_n,
        suitable_n=suitable_n,
        suitable_share=suitable_n / answered_n if answered_n else None,
        # (2·n_e − N) / N as one correctly rounded int division = float(CVR)
        cvr=(2 * suitable_n - answered_n) / answered_n if answered_n else None,
        ne_critical=None if critical is None else critical.ne_critical,
        cvr_critical=None if critical is None else float(critical.cvr_critical),
        cvr_pass=None if critical is None else suitable_n >= critical.ne_critical,
        critical_method=critical_method,
    )


# ---------------------------------------------------------------------------
# Scores (7-point scale): quartiles, consensus, convergence, CV
# ---------------------------------------------------------------------------


def _median_times_four(ordered: Sequence[Any], start: int, stop: int) -> Any:
    """4 × median of ordered[start:stop] (non-empty); exact for integers."""
    size = stop - start
    middle = start + size // 2
    if size % 2:
        return 4 * ordered[middle]
    return 2 * (ordered[middle - 1] + ordered[middle])


def _at_position_times_four(ordered: Sequence[Any], position_in_quarters: int) -> Any:
    """4 × the value at 1-based position h = position_in_quarters / 4.

    Linear interpolation Q = x_j + (h − j)(x_(j+1) − x_j) with j = ⌊h⌋, clipped
    to [x_1, x_n]; multiplied by 4 so that integer data stay integers.
    """
    n = len(ordered)
    j, remainder = divmod(position_in_quarters, 4)
    if j < 1:
        return 4 * ordered[0]
    if j >= n:
        return 4 * ordered[-1]
    low = ordered[j - 1]
    return 4 * low + remainder * (ordered[j] - low)


def _quartiles_times_four(ordered: Sequence[Any], method: str) -> tuple[Any, Any, Any]:
    """(4·Q1, 4·median, 4·Q3) of a non-empty sorted sequence.

    Every quartile of the three methods is a multiple of ¼ of integer data,
    so for integer scores the results are exact integers.
    """
    n = len(ordered)
    median = _median_times_four(ordered, 0, n)
    if method == "weibull":
        # Hyndman-Fan type 6: h = (n + 1)p; p = 1/4, 3/4 -> h = (n + 1)k / 4.
        q1 = _at_position_times_four(ordered, (n + 1) * 1)
        q3 = _at_position_times_four(ordered, (n + 1) * 3)
    elif method == "linear":
        # Hyndman-Fan type 7: h = (n − 1)p + 1 -> h = ((n − 1)k + 4) / 4.
        q1 = _at_position_times_four(ordered, (n - 1) * 1 + 4)
        q3 = _at_position_times_four(ordered, (n - 1) * 3 + 4)
    elif method == "tukey":
        # Tukey's hinges: medians of the lower and upper halves; when n is odd
        # the median belongs to both halves.
        half = (n + 1) // 2
        q1 = _median_times_four(ordered, 0, half)
        q3 = _median_times_four(ordered, n - half, n)
    else:
        check_quartile_method(method)
        raise AssertionError  # pragma: no cover - check_quartile_method raises
    return q1, median, q3


@dataclass(frozen=True, slots=True)
class Quartiles:
    """First quartile, median and third quartile."""

    q1: float
    median: float
    q3: float


def quartiles(values: Iterable[float], method: QuartileMethod = "weibull") -> Quartiles | None:
    """Q1, median and Q3 of ``values`` with an explicit method; None if empty.

    Formula, with x_(1) <= ... <= x_(n) and the 1-based position h giving
    Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), clipped to [x_(1), x_(n)]:
    * "weibull" (default): h = (n + 1)p — Hyndman & Fan (1996) type 6, SPSS
      EXAMINE's default HAVERAGE, numpy ``method="weibull"``;
    * "linear": h = (n − 1)p + 1 — Hyndman & Fan (1996) type 7, numpy's and
      R's default;
    * "tukey": Tukey's hinges — Q1 / Q3 are the medians of the lower / upper
      half of the sorted data, the median being included in both halves when n
      is odd (Tukey 1977).
    The median is the ordinary median in all three methods (type 6 and 7 give
    it at p = ½).
    Source: Hyndman & Fan (1996); Tukey (1977).
    """
    check_quartile_method(method)
    ordered = sorted(values)
    if not ordered:
        return None
    q1, median, q3 = _quartiles_times_four(ordered, method)
    return Quartiles(q1 / 4, median / 4, q3 / 4)


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """Descriptive statistics of the 7-point scores of one item/round/group.

    The ``exact_*`` fields carry the exact rational values used by the
    decision rules (so that e.g. a consensus of exactly .75 passes ">= .75").
    """

    score_n: int
    mean: float | None
    sd: float | None
    median: float | None
    q1: float | None
    q3: float | None
    consensus: float | None
    convergence: float | None
    cv: float | None
    quartile_method: str
    exact_consensus: Fraction | None = field(default=None, repr=False)
    exact_convergence: Fraction | None = field(default=None, repr=False)
    exact_cv_squared: Fraction | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, int | float | None]:
        """The public statistics as a JSON-able dict (no exact fields).

        Formula: none (serialisation).  Source: the fields above.
        """
        return {
            "score_n": self.score_n,
            "mean": self.mean,
            "sd": self.sd,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "consensus": self.consensus,
            "convergence": self.convergence,
            "cv": self.cv,
        }


def _summarise_sorted(
    ordered: Sequence[int], total: int, sum_squares: int, method: str
) -> ScoreSummary:
    """Statistics of sorted integer scores with Σx = total, Σx² = sum_squares."""
    n = len(ordered)
    if n == 0:
        return ScoreSummary(0, None, None, None, None, None, None, None, None, method)
    sd: float | None = None
    cv: float | None = None
    exact_cv_squared: Fraction | None = None
    if n >= 2:
        # (n − 1)·s² · n = n·Σx² − (Σx)²
        scaled_variance = n * sum_squares - total * total
        sd = math.sqrt(scaled_variance / (n * (n - 1)))
        if total > 0:
            cv = sd / (total / n)
            # CV² = s² / x̄² = (n·Σx² − (Σx)²) · n / ((n − 1) · (Σx)²)
            exact_cv_squared = Fraction(scaled_variance * n, (n - 1) * total * total)
    q1_4, median_4, q3_4 = _quartiles_times_four(ordered, method)
    spread_4 = q3_4 - q1_4  # 4 × (Q3 − Q1)
    exact_consensus = Fraction(median_4 - spread_4, median_4) if median_4 != 0 else None
    exact_convergence = Fraction(spread_4, 8)
    return ScoreSummary(
        score_n=n,
        mean=total / n,
        sd=sd,
        median=median_4 / 4,
        q1=q1_4 / 4,
        q3=q3_4 / 4,
        consensus=None if median_4 == 0 else (median_4 - spread_4) / median_4,
        convergence=spread_4 / 8,
        cv=cv,
        quartile_method=method,
        exact_consensus=exact_consensus,
        exact_convergence=exact_convergence,
        exact_cv_squared=exact_cv_squared,
    )


def score_summary(
    scores: Iterable[int], quartile_method: QuartileMethod = "weibull"
) -> ScoreSummary:
    """Mean, SD, quartiles, 합의도, 수렴도 and CV of integer scores.

    Formula (n = number of scores):
    * mean = Σx / n;
    * SD = √( (n·Σx² − (Σx)²) / (n(n − 1)) ), i.e. the sample SD with n − 1;
      None for n < 2;
    * median, Q1, Q3 by :func:`quartiles` with ``quartile_method``;
    * 합의도 consensus = 1 − (Q3 − Q1) / Mdn (None when Mdn = 0);
    * 수렴도 convergence = (Q3 − Q1) / 2;
    * CV = SD / mean (None when SD is None or mean <= 0).
    Every statistic is None when n = 0.
    Source: 이종성 (2001) for 합의도 and 수렴도; English & Kernan (1976) for
    CV; Hyndman & Fan (1996) and Tukey (1977) for the quartiles.
    """
    check_quartile_method(quartile_method)
    values = list(scores)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"점수는 정수여야 합니다: {value!r}")
    ordered = sorted(values)
    return _summarise_sorted(ordered, sum(ordered), sum(x * x for x in ordered), quartile_method)


def score_summary_from_counts(
    counts: Mapping[int, int], quartile_method: QuartileMethod = "weibull"
) -> ScoreSummary:
    """:func:`score_summary` of scores given as {score: how many panellists}.

    Formula: identical to :func:`score_summary` with Σx = Σ v·c_v and
    Σx² = Σ v²·c_v over the counts c_v; the quartiles use the sorted list
    obtained by repeating each score v c_v times.
    Source: as :func:`score_summary`.
    """
    check_quartile_method(quartile_method)
    ordered: list[int] = []
    total = 0
    sum_squares = 0
    for value in sorted(counts):
        count = counts[value]
        if count < 0:
            raise ValueError("점수별 응답 수는 0 이상이어야 합니다.")
        if count:
            ordered.extend([value] * count)
            total += value * count
            sum_squares += value * value * count
    return _summarise_sorted(ordered, total, sum_squares, quartile_method)


# ---------------------------------------------------------------------------
# Stability between rounds
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoundStability:
    """Stability of one item between two consecutive rounds."""

    round_from: int
    round_to: int
    cv_from: float | None
    cv_to: float | None
    cv_change: float | None
    cv_relative_change: float | None
    panellists_in_both: int
    score_changed_n: int
    score_changed_share: float | None


def round_stability(
    round_from: int,
    round_to: int,
    cv_from: float | None,
    cv_to: float | None,
    scores_from: Mapping[str, int],
    scores_to: Mapping[str, int],
) -> RoundStability:
    """Change in CV and share of panellists who changed their score.

    Formula:
    * cv_change = CV_to − CV_from (None if either CV is None);
    * cv_relative_change = |CV_to − CV_from| / CV_from (None if CV_from is None
      or 0);
    * panellists_in_both = |P_from ∩ P_to|, the panellists who gave a score in
      both rounds (``scores_*`` map panellist → score);
    * score_changed_share = #{p ∈ P_from ∩ P_to : x_p,to ≠ x_p,from} /
      panellists_in_both (None when nobody scored in both rounds).
    Source: Dajani, Sincoff & Talley (1979) on stability between rounds;
    English & Kernan (1976) for the CV.
    """
    cv_change = None if cv_from is None or cv_to is None else cv_to - cv_from
    relative = abs(cv_change) / cv_from if cv_change is not None and cv_from else None
    in_both = len(scores_from.keys() & scores_to.keys())
    unchanged = len(scores_from.items() & scores_to.items())
    changed = in_both - unchanged
    return RoundStability(
        round_from=round_from,
        round_to=round_to,
        cv_from=cv_from,
        cv_to=cv_to,
        cv_change=cv_change,
        cv_relative_change=relative,
        panellists_in_both=in_both,
        score_changed_n=changed,
        score_changed_share=changed / in_both if in_both else None,
    )


# ---------------------------------------------------------------------------
# Decision rules
# ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _exact_threshold(value: float) -> Fraction:
    """A threshold as the decimal number written: 0.7 means exactly 7/10."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


@dataclass(frozen=True, slots=True)
class DecisionRules:
    """Configurable keep / revise / drop rules (see :func:`decide`).

    Each rule can be switched off with its ``require_*`` flag; thresholds are
    inclusive and compared exactly (0.75 means 3/4).
    """

    require_cvr_pass: bool = True
    require_consensus: bool = True
    consensus_min: float = 0.75
    require_convergence: bool = True
    convergence_max: float = 0.5
    require_cv: bool = True
    cv_max: float = 0.5

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name.startswith("require_"):
                if not isinstance(value, bool):
                    raise ValueError(f"판정 규칙 '{spec.name}'은(는) true 또는 false여야 합니다.")
            elif (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
            ):
                raise ValueError(f"판정 규칙 '{spec.name}'은(는) 숫자여야 합니다.")
            elif value < 0:
                raise ValueError(f"판정 규칙 '{spec.name}'은(는) 0 이상이어야 합니다.")

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DecisionRules:
        """Rules from a dict; missing keys keep their defaults.

        Formula: none (configuration).  Unknown keys are rejected.
        Source: this module's defaults (consensus >= .75, convergence <= .5,
        CV <= .5, CVR test passed).
        """
        known = {spec.name for spec in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"알 수 없는 판정 규칙 항목입니다: {', '.join(unknown)}")
        return cls(**data)  # type: ignore[arg-type]

    @classmethod
    def from_json(cls, text: str) -> DecisionRules:
        """Rules from a JSON object text (see :meth:`from_dict`).

        Formula: none (configuration).  Source: as :meth:`from_dict`.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            # json's messages are English: a Korean reason, the English one kept in parentheses
            reasons = {
                "Expecting property name enclosed in double quotes": "항목 이름은 큰따옴표(\")로 감싸야 합니다",
                "Expecting value": "값이 있어야 할 자리에 값이 없습니다",
                "Expecting ',' delimiter": "쉼표(,)가 빠졌습니다",
                "Expecting ':' delimiter": "항목 이름 뒤에 쌍점(:)이 빠졌습니다",
                "Extra data": "JSON 객체 뒤에 다른 내용이 더 있습니다",
                "Unterminated string starting at": "큰따옴표로 시작한 문자열이 닫히지 않았습니다",
                "Invalid control character at": "문자열 안에 쓸 수 없는 제어 문자가 있습니다",
                "Unexpected UTF-8 BOM (decode using utf-8-sig)": "파일 앞에 BOM이 있습니다",
            }
            reason = reasons.get(error.msg, "JSON 형식이 올바르지 않습니다")
            raise ValueError(
                f"판정 규칙 JSON을 읽을 수 없습니다: {error.lineno}행 {error.colno}열에서 {reason} ({error.msg})"
            ) from None
        except RecursionError:
            raise ValueError("판정 규칙 JSON을 읽을 수 없습니다: 괄호가 너무 깊게 중첩되어 있습니다.") from None
        if not isinstance(data, dict):
            raise ValueError("판정 규칙 JSON은 객체({...})여야 합니다.")
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, bool | float]:
        """The rules as a JSON-able dict (round-trips through from_dict).

        Formula: none (serialisation).  Source: the fields above.
        """
        return {spec.name: getattr(self, spec.name) for spec in fields(self)}


def evaluate_rules(
    item_kind: ItemKind,
    suitability: SuitabilityResult | None,
    scores: ScoreSummary,
    rules: DecisionRules,
) -> dict[str, RuleOutcome]:
    """Outcome of each decision rule for one item (whole-panel row).

    Formula (thresholds inclusive, compared exactly on rational values):
    * "cvr": pass when n_e >= ne_critical (:func:`suitability_result`);
      "not_applicable" for activities (they have no yes/no question);
      "insufficient" when the test cannot be made (N <= 4, or for the Lawshe
      table N < 5);
    * "consensus": pass when 1 − (Q3 − Q1)/Mdn >= consensus_min;
    * "convergence": pass when (Q3 − Q1)/2 <= convergence_max;
    * "cv": pass when SD/mean <= cv_max (tested as CV² <= cv_max², exact);
      "insufficient" when fewer than 2 scores;
    * any rule switched off in ``rules`` is "off".
    Source: Lawshe (1975); Ayre & Scally (2014); 이종성 (2001);
    English & Kernan (1976).
    """
    outcomes: dict[str, RuleOutcome] = {}

    if not rules.require_cvr_pass:
        outcomes["cvr"] = "off"
    elif item_kind == "activity":
        outcomes["cvr"] = "not_applicable"
    elif suitability is None or suitability.cvr_pass is None:
        outcomes["cvr"] = "insufficient"
    else:
        outcomes["cvr"] = "pass" if suitability.cvr_pass else "fail"

    def judge(enabled: bool, value: Fraction | None, ok: bool) -> RuleOutcome:
        if not enabled:
            return "off"
        if value is None:
            return "insufficient"
        return "pass" if ok else "fail"

    consensus = scores.exact_consensus
    outcomes["consensus"] = judge(
        rules.require_consensus,
        consensus,
        consensus is not None and consensus >= _exact_threshold(rules.consensus_min),
    )
    convergence = scores.exact_convergence
    outcomes["convergence"] = judge(
        rules.require_convergence,
        convergence,
        convergence is not None and convergence <= _exact_threshold(rules.convergence_max),
    )
    cv_squared = scores.exact_cv_squared
    outcomes["cv"] = judge(
        rules.require_cv,
        cv_squared,
        cv_squared is not None and cv_squared <= _exact_threshold(rules.cv_max) ** 2,
    )
    return outcomes


def decide(
    item_kind: ItemKind,
    suitability: SuitabilityResult | None,
    scores: ScoreSummary,
    rules: DecisionRules,
) -> Decision:
    """Keep / revise / drop decision for one item in one round (whole panel).

    Formula (logic), on the outcomes of :func:`evaluate_rules`:
    1. "drop" when the CVR rule is on and the CVR test fails (only indicators
       have the yes/no question, so activities are never dropped by this rule);
    2. otherwise "keep" when every rule that is on and applies to the item
       passes (an activity's CVR rule does not apply; rules switched off are
       ignored);
    3. otherwise "revise": some rule failed (e.g. CVR passes but consensus,
       convergence or CV fails) or could not be evaluated because too few
       panellists answered (N <= 4 for the CVR test, fewer than 2 scores for
       the CV) — the item is neither confirmed nor rejected.
    Source: this module's rule set; CVR test after Lawshe (1975) / Ayre &
    Scally (2014); consensus and convergence after 이종성 (2001); CV after
    English & Kernan (1976).
    """
    outcomes = evaluate_rules(item_kind, suitability, scores, rules)
    if outcomes["cvr"] == "fail":
        return "drop"
    if all(o in ("pass", "off", "not_applicable") for o in outcomes.values()):
        return "keep"
    return "revise"


# ---------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")


def natural_sort_key(code: str) -> tuple:  # type: ignore[type-arg]
    """Sort key putting "1-2-10" after "1-2-9" (digit runs compared as numbers).

    Formula: split the code into alternating text / digit runs; compare text
    runs as text and digit runs as integers; ties broken by the code itself.
    Source: the usual "natural sort order" convention.
    """
    parts = _DIGITS.split(code)
    return (
        tuple(int(part) if i % 2 else part for i, part in enumerate(parts)),
        code,
    )
