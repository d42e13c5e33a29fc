"""Social accounts (사회적 회계 보고서) of a programme team, as plain functions.

Two layers:

1. **Indicator achievement** (목표 대비 달성률): each indicator of an activity or
   goal has a measured value, a target and last period's value; :func:`achievement`
   gives the achievement percentage and the change, :func:`summarise` rolls a list
   of indicators up for an activity or a goal.
2. **Monetised value** (SROI), optional: outcomes valued with a financial proxy,
   reduced by deadweight, displacement and attribution, projected over their
   duration with drop-off, discounted to a present value and divided by the
   investment. Source: The SROI Network, *A guide to Social Return on Investment*
   (January 2012 update of the 2009 Cabinet Office Office of the Third Sector
   guide), stage 4 "Establishing impact" (4.1 deadweight and displacement,
   4.2 attribution, 4.3 drop-off, 4.4 calculating your impact) and stage 5
   "Calculating the SROI" (5.1 projecting into the future, 5.2 net present value,
   5.3 the ratio, 5.4 sensitivity analysis).

Conventions
-----------
* Every figure is a :class:`~decimal.Decimal`. The dataclasses accept ``int``,
  ``Decimal`` or ``float`` and store a ``Decimal``; a float is converted through
  its shortest repr (``0.2`` becomes ``Decimal("0.2")``, not the binary
  expansion). ``bool``, strings and other types raise ``TypeError``; NaN and
  infinities raise ``ValueError``.
* Arithmetic runs in a fixed decimal context (28 significant digits, round half
  even), whatever the caller's context, so results are reproducible. Results are
  not rounded: money is unrounded won and percentages are unrounded; round for
  display only.
* Percentages are ``Decimal`` on a 0-100 scale (``Decimal("80")`` is 80 %);
  fractions (deadweight, attribution, displacement, drop-off, discount rate) are
  on a 0-1 scale (``Decimal("0.2")`` is 20 %).
* A value that is undefined (a missing figure, a division by zero) is ``None``,
  never an exception or ``nan``.
* Messages meant for users are Korean and name the field, in Korean with the code
  name in brackets, e.g. ``사중효과(deadweight)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from enum import StrEnum
from typing import Any

__all__ = [
    "ASSUMPTION_LABELS",
    "FRACTION_FIELDS",
    "INDICATOR_LABELS",
    "SENSITIVITY_FIELDS",
    "Achievement",
    "Direction",
    "IndicatorFigures",
    "Outcome",
    "SensitivityPoint",
    "SroiResult",
    "SroiRow",
    "Summary",
    "achievement",
    "impact",
    "impact_by_year",
    "present_value",
    "sensitivity",
    "summarise",
]

#: Decimal context of every calculation here: 28 significant digits, round half even.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

_HUNDRED = Decimal(100)
_ONE = Decimal(1)

# ---------------------------------------------------------------------------
# Labels (also used in error messages)
# ---------------------------------------------------------------------------

#: Korean labels of the indicator figures.
INDICATOR_LABELS: dict[str, str] = {
    "value": "실적",
    "target": "목표",
    "previous": "전기 실적",
    "direction": "지표 방향",
}

#: Korean labels of every SROI assumption, for error messages and for the
#: assumptions table of the report (the Guide asks that every assumption be shown).
ASSUMPTION_LABELS: dict[str, str] = {
    "quantity": "성과 수량",
    "proxy_value_won": "단위당 재무적 대리지표(원)",
    "deadweight": "사중효과",
    "displacement": "대체효과",
    "attribution": "기여도",
    "drop_off": "감소율",
    "duration_years": "지속 기간(년)",
    "benefit_start_year": "효과 시작 연차",
    "discount_rate": "할인율",
    "investment_won": "투입 가치(원)",
}

#: Outcome assumptions that are fractions on a 0-1 scale.
FRACTION_FIELDS: tuple[str, ...] = ("deadweight", "displacement", "attribution", "drop_off")

#: Assumptions :func:`sensitivity` can vary: the outcome fractions and duration
#: (set on every outcome), the discount rate and the investment.
SENSITIVITY_FIELDS: tuple[str, ...] = (
    *FRACTION_FIELDS,
    "duration_years",
    "discount_rate",
    "investment_won",
)


def _field_name(name: str) -> str:
    label = ASSUMPTION_LABELS.get(name) or INDICATOR_LABELS.get(name) or name
    return f"{label}({name})"


def _to_decimal(value: Any, name: str) -> Decimal:
    """Return ``value`` as a finite Decimal; see the module conventions."""
    if isinstance(value, bool):
        raise TypeError(f"{_field_name(name)}은(는) 숫자여야 합니다: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        raise TypeError(f"{_field_name(name)}은(는) 숫자여야 합니다: {value!r}")
    if not result.is_finite():
        raise ValueError(f"{_field_name(name)}은(는) 유한한 숫자여야 합니다: {value!r}")
    return result


def _to_optional_decimal(value: Any, name: str) -> Decimal | None:
    return None if value is None else _to_decimal(value, name)


# ---------------------------------------------------------------------------
# 1. Indicator achievement and change
# ---------------------------------------------------------------------------


class Direction(StrEnum):
    """Which way an indicator should move; equal to the plain strings."""

    INCREASE = "increase"  # higher is better (참여자 수, 매출)
    DECREASE = "decrease"  # lower is better (이직률, 민원 건수)


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures for a reporting period.

    ``value`` is the measured result (실적), ``target`` the period's target (목표),
    ``previous`` the previous period's value (전기 실적); any of them may be
    ``None`` when not reported. ``direction`` is ``"increase"`` or ``"decrease"``.
    """

    code: str
    value: Decimal | None
    target: Decimal | None
    previous: Decimal | None
    direction: Direction

    def __post_init__(self) -> None:
        for name in ("value", "target", "previous"):
            object.__setattr__(self, name, _to_optional_decimal(getattr(self, name), name))
        try:
            direction = Direction(self.direction)
        except ValueError:
            raise ValueError(
                f"지표 '{self.code}': {_field_name('direction')}은(는) "
                f"'increase' 또는 'decrease'여야 합니다: {self.direction!r}"
            ) from None
        object.__setattr__(self, "direction", direction)


@dataclass(frozen=True)
class Achievement:
    """Result of :func:`achievement` for one indicator (percentages on 0-100)."""

    figures: IndicatorFigures
    achievement_pct: Decimal | None
    achieved: bool | None
    change: Decimal | None
    change_pct: Decimal | None
    improved: bool | None

    @property
    def code(self) -> str:
        return self.figures.code


def achievement(figures: IndicatorFigures) -> Achievement:
    """Achievement against target (목표 대비 달성률) and change on the previous period.

    Formulas, the social accounts report's 목표 대비 달성률 convention::

        increase (higher is better):  achievement_pct = value / target × 100
        decrease (lower is better):   achievement_pct = target / value × 100
        change     = value − previous
        change_pct = change / |previous| × 100

    so 100 means exactly on target and above 100 means better than target in
    both directions (a decrease target of 10 complaints met with 8 gives
    10/8 × 100 = 125).

    * ``achievement_pct`` is ``None`` when value or target is missing, when either
      is negative (the ratio has no meaning then), or when its denominator is 0:
      an increase target of 0, or a decrease indicator that reached 0.
    * ``achieved`` is whether the value meets the target in the indicator's
      direction (value ≥ target, or value ≤ target for decrease); ``None`` when
      value or target is missing. Wherever ``achievement_pct`` is defined this is
      exactly ``achievement_pct >= 100``. Where the ratio has a zero denominator
      it is still defined: a decrease indicator at 0 has reached the floor and is
      achieved whatever its target, though its percentage is ``None`` (target/0
      has no finite value); an increase target of 0 is met by any value ≥ 0.
    * ``change`` is ``None`` when value or previous is missing; ``change_pct``
      also when previous is 0.
    * ``improved`` is ``change > 0`` for increase and ``change < 0`` for decrease,
      so no change is ``False``; ``None`` when ``change`` is ``None``.
    """
    value, target, previous = figures.value, figures.target, figures.previous
    increase = figures.direction is Direction.INCREASE
    with localcontext(_CONTEXT):
        achievement_pct: Decimal | None = None
        achieved: bool | None = None
        if value is not None and target is not None:
            achieved = value >= target if increase else value <= target
            if value >= 0 and target >= 0:
                numerator, denominator = (value, target) if increase else (target, value)
                if denominator != 0:
                    achievement_pct = numerator * _HUNDRED / denominator

        change: Decimal | None = None
        change_pct: Decimal | None = None
        improved: bool | None = None
        if value is not None and previous is not None:
            change = value - previous
            if previous != 0:
                change_pct = change * _HUNDRED / abs(previous)
            improved = change > 0 if increase else change < 0

    return Achievement(
        figures=figures,
        achievement_pct=achievement_pct,
        achieved=achieved,
        change=change,
        change_pct=change_pct,
        improved=improved,
    )


@dataclass(frozen=True)
class Summary:
    """Roll-up of the indicators of one activity or goal (see :func:`summarise`)."""

    indicators: int
    with_value: int
    with_target: int
    assessed: int
    achieved: int
    mean_achievement_pct: Decimal | None
    results: tuple[Achievement, ...]


def summarise(figures: Iterable[IndicatorFigures]) -> Summary:
    """Roll the indicators of an activity or goal up for the social accounts report.

    Counts::

        indicators   = n
        with_value   = #{value given}
        with_target  = #{target given}
        assessed     = #{value and target given}
        achieved     = #{achieved}   (achievement_pct ≥ 100; see :func:`achievement`)
        mean_achievement_pct = Σ achievement_pct / #{achievement_pct defined}

    The mean is the plain arithmetic mean of the defined percentages, not capped
    (one indicator at 300 % raises it) and ``None`` when none is defined.
    Indicators whose percentage is ``None`` are left out of the mean; a decrease
    indicator that reached 0 is therefore counted in ``achieved`` but not in the
    mean. Source: the report's 목표 대비 달성률 convention (as :func:`achievement`).
    ``results`` holds each indicator's :class:`Achievement` in input order.
    """
    results = tuple(achievement(f) for f in figures)
    percentages = [r.achievement_pct for r in results if r.achievement_pct is not None]
    mean: Decimal | None = None
    if percentages:
        with localcontext(_CONTEXT):
            mean = sum(percentages, Decimal(0)) / len(percentages)
    return Summary(
        indicators=len(results),
        with_value=sum(1 for r in results if r.figures.value is not None),
        with_target=sum(1 for r in results if r.figures.target is not None),
        assessed=sum(
            1 for r in results if r.figures.value is not None and r.figures.target is not None
        ),
        achieved=sum(1 for r in results if r.achieved is True),
        mean_achievement_pct=mean,
        results=results,
    )


# ---------------------------------------------------------------------------
# 2. Monetised value (SROI)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One outcome of the impact map, with every assumption used to value it.

    ``quantity`` is how many times the outcome occurred (people, households);
    ``proxy_value_won`` the financial proxy, won per unit of outcome per year
    (SROI Guide 2012 stage 3); ``deadweight``, ``displacement``, ``attribution``
    and ``drop_off`` are fractions 0-1 (stage 4); ``duration_years`` how many
    years the outcome lasts (≥ 1) and ``benefit_start_year`` the year of the
    analysis in which it starts (1 = the first year; stage 5.1). ``stakeholder``
    and ``proxy_source`` are free text printed with the assumptions.

    Construction validates every assumption and raises ``ValueError`` with a
    Korean message naming the outcome and the field: fractions outside 0-1,
    negative quantity or proxy, duration or start year below 1.
    """

    code: str
    name: str
    quantity: Decimal
    proxy_value_won: Decimal
    deadweight: Decimal
    attribution: Decimal
    displacement: Decimal
    drop_off: Decimal
    duration_years: int
    benefit_start_year: int = 1
    stakeholder: str = ""
    proxy_source: str = ""

    def __post_init__(self) -> None:
        where = f"성과 '{self.code}'"
        for name in ("quantity", "proxy_value_won"):
            amount = _to_decimal(getattr(self, name), name)
            if amount < 0:
                raise ValueError(
                    f"{where}: {_field_name(name)}은(는) 0 이상이어야 합니다: {amount}"
                )
            object.__setattr__(self, name, amount)
        for name in FRACTION_FIELDS:
            fraction = _to_decimal(getattr(self, name), name)
            if not 0 <= fraction <= 1:
                raise ValueError(
                    f"{where}: {_field_name(name)}은(는) 0 이상 1 이하의 비율이어야 합니다: "
                    f"{fraction}"
                )
            object.__setattr__(self, name, fraction)
        for name in ("duration_years", "benefit_start_year"):
            years = getattr(self, name)
            if isinstance(years, bool) or not isinstance(years, int):
                raise TypeError(f"{where}: {_field_name(name)}은(는) 정수여야 합니다: {years!r}")
            if years < 1:
                raise ValueError(f"{where}: {_field_name(name)}은(는) 1 이상이어야 합니다: {years}")

    @property
    def last_year(self) -> int:
        """Last year of the analysis in which the outcome lasts."""
        return self.benefit_start_year + self.duration_years - 1


def impact(outcome: Outcome) -> Decimal:
    """Impact of an outcome in its first year, in won.

    Formula (SROI Guide 2012, stage 4: 4.1 deadweight and displacement,
    4.2 attribution, 4.4 calculating your impact)::

        impact = quantity × proxy × (1 − deadweight) × (1 − displacement)
                 × (1 − attribution)

    in the Guide's order: deadweight and displacement are deducted first, then
    attribution from what remains (the product is the same in any order).
    """
    with localcontext(_CONTEXT):
        return (
            outcome.quantity
            * outcome.proxy_value_won
            * (_ONE - outcome.deadweight)
            * (_ONE - outcome.displacement)
            * (_ONE - outcome.attribution)
        )


def impact_by_year(outcome: Outcome) -> dict[int, Decimal]:
    """Impact of an outcome in each year it lasts, ``{year: won}``.

    Formula (SROI Guide 2012, stage 4.3 drop-off and stage 5.1 projecting into
    the future)::

        I_s        = impact(outcome)              s = benefit_start_year
        I_t        = I_(t−1) × (1 − drop_off)     s < t ≤ s + duration_years − 1

    Drop-off is deducted from the remaining value at the end of each year, so the
    first year carries the full impact. Years are years of the analysis
    (1 = the first year); years outside the duration are absent.
    """
    values: dict[int, Decimal] = {}
    current = impact(outcome)
    with localcontext(_CONTEXT):
        for year in range(outcome.benefit_start_year, outcome.last_year + 1):
            if year > outcome.benefit_start_year:
                current = current * (_ONE - outcome.drop_off)
            values[year] = current
    return values


@dataclass(frozen=True)
class SroiRow:
    """One outcome's line of the value table: its assumptions and yearly impacts.

    ``impacts[t − 1]`` is the impact in year ``t`` (won), ``Decimal(0)`` in years
    the outcome does not last; the tuple has one entry per year of the analysis.
    """

    outcome: Outcome
    impacts: tuple[Decimal, ...]


@dataclass(frozen=True)
class SroiResult:
    """Everything :func:`present_value` computed, with every assumption it used.

    ``rows`` hold each outcome (with its assumptions) and its yearly impacts;
    ``year_totals[t − 1]`` = Σ impacts in year ``t``; ``discounted_totals[t − 1]``
    = that total / (1 + discount_rate)^t; the other fields as in
    :func:`present_value`. Money is unrounded won.
    """

    rows: tuple[SroiRow, ...]
    discount_rate: Decimal
    investment_won: Decimal
    years: int
    year_totals: tuple[Decimal, ...]
    discounted_totals: tuple[Decimal, ...]
    present_value_won: Decimal
    net_present_value_won: Decimal
    sroi_ratio: Decimal
    net_sroi_ratio: Decimal

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(row.outcome for row in self.rows)


def _check_rate_and_investment(discount_rate: Any, investment_won: Any) -> tuple[Decimal, Decimal]:
    rate = _to_decimal(discount_rate, "discount_rate")
    if rate <= -1:
        raise ValueError(f"{_field_name('discount_rate')}은(는) -1보다 커야 합니다: {rate}")
    investment = _to_decimal(investment_won, "investment_won")
    if investment <= 0:
        raise ValueError(f"{_field_name('investment_won')}은(는) 0보다 커야 합니다: {investment}")
    return rate, investment


def present_value(
    outcomes: Sequence[Outcome],
    discount_rate: Decimal | int | float,
    investment_won: Decimal | int | float,
) -> SroiResult:
    """Present value, net present value and SROI ratio of a set of outcomes.

    Formulas (SROI Guide 2012, stage 5: 5.1 projecting into the future,
    5.2 calculating the net present value, 5.3 calculating the ratio)::

        V_t   = Σ_outcomes I_t                    (impact_by_year; 0 outside duration)
        PV    = Σ_{t=1..T} V_t / (1 + r)^t        T = last year any outcome lasts
        NPV   = PV − investment
        SROI ratio     = PV / investment
        net SROI ratio = NPV / investment

    Year 1 is discounted too, as in the Guide. ``discount_rate`` r is a fraction
    (the Guide points to the HM Treasury Green Book's 3.5 %, ``0.035``) and must be
    greater than −1; ``investment_won`` is the value of all inputs, including
    in-kind contributions (stage 2), and must be positive. Outcome codes must be
    unique. No outcomes give a present value of 0. Raises ``ValueError`` with a
    Korean message naming the field.
    """
    rate, investment = _check_rate_and_investment(discount_rate, investment_won)
    outcomes = tuple(outcomes)
    seen: set[str] = set()
    for outcome in outcomes:
        if outcome.code in seen:
            raise ValueError(f"성과 코드가 중복되었습니다: '{outcome.code}'")
        seen.add(outcome.code)

    years = max((o.last_year for o in outcomes), default=0)
    rows = []
    for outcome in outcomes:
        by_year = impact_by_year(outcome)
        rows.append(
            SroiRow(
                outcome=outcome,
                impacts=tuple(by_year.get(t, Decimal(0)) for t in range(1, years + 1)),
            )
        )

    with localcontext(_CONTEXT):
        year_totals = tuple(
            sum((row.impacts[t - 1] for row in rows), Decimal(0)) for t in range(1, years + 1)
        )
        discounted = tuple(
            total / (_ONE + rate) ** t for t, total in enumerate(year_totals, start=1)
        )
        pv = sum(discounted, Decimal(0))
        npv = pv - investment
        ratio = pv / investment
        net_ratio = npv / investment

    return SroiResult(
        rows=tuple(rows),
        discount_rate=rate,
        investment_won=investment,
        years=years,
        year_totals=year_totals,
        discounted_totals=discounted,
        present_value_won=pv,
        net_present_value_won=npv,
        sroi_ratio=ratio,
        net_sroi_ratio=net_ratio,
    )


@dataclass(frozen=True)
class SensitivityPoint:
    """The result of :func:`present_value` with one assumption set to ``value``."""

    field: str
    value: Decimal | int
    present_value_won: Decimal
    net_present_value_won: Decimal
    sroi_ratio: Decimal


def sensitivity(
    outcomes: Sequence[Outcome],
    discount_rate: Decimal | int | float,
    investment_won: Decimal | int | float,
    *,
    field: str,
    values: Iterable[Decimal | int | float],
) -> tuple[SensitivityPoint, ...]:
    """SROI ratio with one assumption changed, for each alternative value.

    For each ``v`` in ``values``::

        ratio(v) = present_value(outcomes with field = v, r, investment).sroi_ratio

    where ``field`` is one of :data:`SENSITIVITY_FIELDS`: ``deadweight``,
    ``displacement``, ``attribution``, ``drop_off`` or ``duration_years`` set to
    ``v`` on every outcome, or ``discount_rate`` / ``investment_won`` replaced by
    ``v``. Source: SROI Guide 2012, stage 5.4 sensitivity analysis (test how far
    the result depends on each estimate). The alternative values are validated
    as in :class:`Outcome` and :func:`present_value`. Returns one point per value,
    in order.
    """
    if field not in SENSITIVITY_FIELDS:
        raise ValueError(
            f"민감도 분석 항목은 {', '.join(SENSITIVITY_FIELDS)} 중 하나여야 합니다: {field!r}"
        )
    outcomes = tuple(outcomes)
    points = []
    for value in values:
        changed_outcomes = outcomes
        rate, investment = discount_rate, investment_won
        if field == "discount_rate":
            rate = value
        elif field == "investment_won":
            investment = value
        else:
            changed_outcomes = tuple(dataclasses.replace(o, **{field: value}) for o in outcomes)
        result = present_value(changed_outcomes, rate, investment)
        stored = value if field == "duration_years" else _to_decimal(value, field)
        points.append(
            SensitivityPoint(
                field=field,
                value=stored,
                present_value_won=result.present_value_won,
                net_present_value_won=result.net_present_value_won,
                sroi_ratio=result.sroi_ratio,
            )
        )
    return tuple(points)
