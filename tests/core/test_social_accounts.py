"""Tests for bombaram.core.social_accounts (사회적 회계 보고서, SROI).

Every expected figure is worked out by hand in the test (the arithmetic is
written out in a comment or in the expression), never produced by the code
under test. No published SROI worked example is reproduced: only hand
calculations.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from bombaram.core.social_accounts import (
    ASSUMPTION_LABELS,
    SENSITIVITY_FIELDS,
    Direction,
    IndicatorFigures,
    Outcome,
    achievement,
    impact,
    impact_by_year,
    present_value,
    sensitivity,
    summarise,
)

D = Decimal


def figures(value, target, previous=None, direction="increase", code="I1"):
    return IndicatorFigures(
        code=code, value=value, target=target, previous=previous, direction=direction
    )


def outcome(**changes):
    """10 people × 1,000,000 won, deadweight 20 %, displacement 10 %, attribution 25 %,
    drop-off 50 %, lasting 2 years."""
    fields = {
        "code": "O1",
        "name": "취업 유지",
        "quantity": 10,
        "proxy_value_won": 1_000_000,
        "deadweight": D("0.2"),
        "attribution": D("0.25"),
        "displacement": D("0.1"),
        "drop_off": D("0.5"),
        "duration_years": 2,
    }
    fields.update(changes)
    return Outcome(**fields)


def close(a: Decimal, b: Decimal) -> bool:
    """Equal to well within a won: both sides are 28-digit Decimal arithmetic."""
    return abs(a - b) < D("1e-15")


# ---------------------------------------------------------------------------
# 1. Indicator achievement
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "value", "target", "pct", "achieved"),
    [
        # increase: value / target × 100
        ("increase", 80, 100, D(80), False),  # 80/100 × 100
        ("increase", 120, 100, D(120), True),  # 120/100 × 100
        ("increase", 100, 100, D(100), True),  # exactly on target
        ("increase", D("7.5"), 10, D(75), False),  # 7.5/10 × 100
        # decrease (lower is better): target / value × 100
        ("decrease", 8, 10, D(125), True),  # 10/8 × 100 = 125
        ("decrease", D("12.5"), 10, D(80), False),  # 10/12.5 × 100 = 80
        ("decrease", 10, 10, D(100), True),
        # zero denominators: the ratio is undefined but the target is met
        ("decrease", 0, 10, None, True),  # reached the floor: 10/0 has no value
        ("increase", 3, 0, None, True),  # 3 ≥ 0
        # zero numerators are fine
        ("decrease", 5, 0, D(0), False),  # 0/5 × 100
        ("increase", 0, 10, D(0), False),  # 0/10 × 100
        # negative figures: no ratio, the comparison still holds
        ("increase", -5, 10, None, False),
        ("decrease", -5, 10, None, True),
    ],
)
def test_achievement_follows_the_direction(direction, value, target, pct, achieved):
    result = achievement(figures(value, target, direction=direction))
    assert result.achievement_pct == pct
    assert result.achieved is achieved


@pytest.mark.parametrize(("value", "target"), [(None, 100), (80, None), (None, None)])
def test_achievement_is_none_without_value_or_target(value, target):
    result = achievement(figures(value, target))
    assert result.achievement_pct is None
    assert result.achieved is None


def test_achievement_percentage_is_an_unrounded_decimal():
    # 2/3 × 100 = 66.666… to 28 significant digits
    result = achievement(figures(2, 3))
    assert isinstance(result.achievement_pct, Decimal)
    assert result.achievement_pct == D("66.66666666666666666666666667")


@pytest.mark.parametrize(
    ("direction", "value", "previous", "change", "change_pct", "improved"),
    [
        ("increase", 120, 100, D(20), D(20), True),  # 120 − 100; 20/100 × 100
        ("decrease", 120, 100, D(20), D(20), False),  # up is worse for a decrease
        ("decrease", 75, 100, D(-25), D(-25), True),  # 75 − 100; −25/100 × 100
        ("increase", 75, 100, D(-25), D(-25), False),
        ("increase", 100, 100, D(0), D(0), False),  # no change is not an improvement
        ("increase", 5, 0, D(5), None, True),  # change_pct undefined when previous is 0
        ("increase", -20, -50, D(30), D(60), True),  # 30 / |−50| × 100 = 60
        ("increase", 5, None, None, None, None),
        ("increase", None, 5, None, None, None),
    ],
)
def test_change_on_previous_period(direction, value, previous, change, change_pct, improved):
    result = achievement(figures(value, 100, previous, direction=direction))
    assert result.change == change
    assert result.change_pct == change_pct
    assert result.improved is improved


def test_figures_are_stored_as_decimal_and_direction_as_enum():
    f = figures(0.1, 3, D("2.50"), direction="decrease")
    assert f.value == D("0.1")  # the float's shortest repr, not 0.1000000000000000055…
    assert f.target == D(3) and isinstance(f.target, Decimal)
    assert f.direction is Direction.DECREASE
    assert f.direction == "decrease"


def test_unknown_direction_is_rejected_in_korean():
    with pytest.raises(ValueError, match=r"지표 'I1': 지표 방향\(direction\)"):
        figures(1, 1, direction="up")


@pytest.mark.parametrize("bad", [True, "80", object()])
def test_figures_must_be_numbers(bad):
    with pytest.raises(TypeError, match=r"실적\(value\)"):
        figures(bad, 1)


def test_figures_must_be_finite():
    with pytest.raises(ValueError, match=r"목표\(target\)"):
        figures(1, float("nan"))


def test_summary_of_an_activity():
    summary = summarise(
        [
            figures(80, 100, code="A"),  # 80 %, not achieved
            figures(120, 100, code="B"),  # 120 %, achieved
            figures(8, 10, direction="decrease", code="C"),  # 10/8 = 125 %, achieved
            figures(0, 10, direction="decrease", code="D"),  # achieved, no percentage
            figures(None, 50, code="E"),  # not reported yet
            figures(30, None, code="F"),  # no target
        ]
    )
    assert summary.indicators == 6
    assert summary.with_value == 5  # A B C D F
    assert summary.with_target == 5  # A B C D E
    assert summary.assessed == 4  # A B C D
    assert summary.achieved == 3  # B C D
    # mean of the defined percentages: (80 + 120 + 125) / 3 = 325/3 = 108.33…
    assert summary.mean_achievement_pct == D(325) / D(3)
    assert [r.code for r in summary.results] == ["A", "B", "C", "D", "E", "F"]


def test_summary_of_nothing():
    summary = summarise([])
    assert (summary.indicators, summary.with_value, summary.achieved) == (0, 0, 0)
    assert summary.mean_achievement_pct is None


# ---------------------------------------------------------------------------
# 2. SROI: impact, drop-off, present value
# ---------------------------------------------------------------------------


def test_impact_deducts_deadweight_displacement_then_attribution():
    # 10 people × 1,000,000 won = 10,000,000
    # × (1 − 0.2) deadweight   = 8,000,000
    # × (1 − 0.1) displacement = 7,200,000
    # × (1 − 0.25) attribution = 5,400,000
    assert impact(outcome()) == D(5_400_000)


def test_drop_off_applies_from_the_second_year():
    # year 1: 5,400,000; year 2: 5,400,000 × (1 − 0.5) = 2,700,000; nothing after 2 years
    assert impact_by_year(outcome()) == {1: D(5_400_000), 2: D(2_700_000)}
    # 3 years at 20 % drop-off: 5,400,000; × 0.8 = 4,320,000; × 0.8 = 3,456,000
    assert impact_by_year(outcome(drop_off=D("0.2"), duration_years=3)) == {
        1: D(5_400_000),
        2: D(4_320_000),
        3: D(3_456_000),
    }


def test_present_value_at_the_green_book_rate():
    first = outcome()  # 5,400,000 then 2,700,000 (above)
    # 4 people × 2,500,000 = 10,000,000; × (1 − 0.5) deadweight × (1 − 0) × (1 − 0.5)
    # attribution = 2,500,000; drop-off 20 %: 2,000,000 in year 2, 1,600,000 in year 3
    second = outcome(
        code="O2",
        quantity=4,
        proxy_value_won=2_500_000,
        deadweight=D("0.5"),
        displacement=0,
        attribution=D("0.5"),
        drop_off=D("0.2"),
        duration_years=3,
    )
    result = present_value([first, second], D("0.035"), 10_000_000)

    assert result.years == 3
    assert result.rows[0].impacts == (D(5_400_000), D(2_700_000), D(0))
    assert result.rows[1].impacts == (D(2_500_000), D(2_000_000), D(1_600_000))
    # year totals: 5.4M + 2.5M = 7,900,000; 2.7M + 2.0M = 4,700,000; 0 + 1.6M = 1,600,000
    assert result.year_totals == (D(7_900_000), D(4_700_000), D(1_600_000))
    # 1.035² = 1.071225, 1.035³ = 1.108717875
    # PV = 7,900,000/1.035 + 4,700,000/1.071225 + 1,600,000/1.108717875
    #    ≈ 7,632,850.24 + 4,387,500.29 + 1,443,108.33 = 13,463,458.86
    expected_pv = D(7_900_000) / D("1.035") + D(4_700_000) / D("1.071225")
    expected_pv += D(1_600_000) / D("1.108717875")
    assert close(result.present_value_won, expected_pv)
    assert result.present_value_won.quantize(D("0.01")) == D("13463458.86")
    assert close(result.discounted_totals[0], D(7_900_000) / D("1.035"))
    # NPV = PV − 10,000,000 ≈ 3,463,458.86; ratio = PV / 10,000,000 ≈ 1.3463
    assert close(result.net_present_value_won, expected_pv - D(10_000_000))
    assert close(result.sroi_ratio, expected_pv / D(10_000_000))
    assert result.sroi_ratio.quantize(D("0.0001")) == D("1.3463")
    assert close(result.net_sroi_ratio, result.sroi_ratio - 1)
    # every assumption is carried in the result
    assert result.outcomes == (first, second)
    assert result.discount_rate == D("0.035")
    assert result.investment_won == D(10_000_000)


def test_two_year_outcome_at_3_5_percent():
    # PV = 5,400,000/1.035 + 2,700,000/1.035² ≈ 5,217,391.30 + 2,520,478.89 = 7,737,870.20
    result = present_value([outcome()], D("0.035"), 5_000_000)
    assert close(result.present_value_won, D(5_400_000) / D("1.035") + D(2_700_000) / D("1.071225"))
    assert result.present_value_won.quantize(D("0.01")) == D("7737870.20")


def test_a_later_start_is_discounted_from_its_year():
    # 1 × 1,210,000 won, no deductions, starting in year 2 for 2 years with 45 % drop-off:
    # year 2: 1,210,000; year 3: 1,210,000 × 0.55 = 665,500
    late = outcome(
        quantity=1,
        proxy_value_won=1_210_000,
        deadweight=0,
        displacement=0,
        attribution=0,
        drop_off=D("0.45"),
        benefit_start_year=2,
    )
    result = present_value([late], D("0.1"), 1_000_000)
    assert result.years == 3
    assert result.rows[0].impacts == (D(0), D(1_210_000), D(665_500))
    # PV = 0/1.1 + 1,210,000/1.21 + 665,500/1.331 = 0 + 1,000,000 + 500,000 = 1,500,000
    assert result.present_value_won == D(1_500_000)
    assert result.net_present_value_won == D(500_000)
    assert result.sroi_ratio == D("1.5")


def test_no_outcomes_have_no_value():
    result = present_value([], D("0.035"), 1_000)
    assert result.years == 0
    assert result.year_totals == ()
    assert result.present_value_won == 0
    assert result.sroi_ratio == 0


def test_callers_decimal_context_does_not_change_the_result():
    expected = present_value([outcome()], D("0.035"), 5_000_000)
    with localcontext() as ctx:
        ctx.prec = 3
        assert present_value([outcome()], D("0.035"), 5_000_000) == expected


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("deadweight", D("-0.01")),
        ("deadweight", D("1.01")),
        ("displacement", D("1.5")),
        ("attribution", -1),
        ("drop_off", 2),
        ("quantity", -1),
        ("proxy_value_won", D("-0.5")),
        ("duration_years", 0),
        ("benefit_start_year", 0),
    ],
)
def test_outcome_assumptions_out_of_range_are_rejected_in_korean(field, bad):
    with pytest.raises(ValueError, match=rf"성과 'O1': .*\({field}\)") as error:
        outcome(**{field: bad})
    assert ASSUMPTION_LABELS[field] in str(error.value)


def test_fraction_bounds_are_allowed():
    everything_and_nothing = outcome(deadweight=0, displacement=1, attribution=0, drop_off=1)
    assert impact(everything_and_nothing) == 0  # × (1 − 1) displacement


@pytest.mark.parametrize(("field", "bad"), [("duration_years", 1.5), ("duration_years", True)])
def test_durations_are_whole_years(field, bad):
    with pytest.raises(TypeError, match=rf"\({field}\)"):
        outcome(**{field: bad})


@pytest.mark.parametrize("rate", [-1, D("-1.5")])
def test_discount_rate_must_be_above_minus_one(rate):
    with pytest.raises(ValueError, match=r"할인율\(discount_rate\)"):
        present_value([outcome()], rate, 1_000_000)


def test_a_negative_discount_rate_above_minus_one_is_allowed():
    # 5,400,000/0.9 + 2,700,000/0.81 = 6,000,000 + 3,333,333.33…
    result = present_value([outcome()], D("-0.1"), 1_000_000)
    assert close(result.present_value_won, D(6_000_000) + D(2_700_000) / D("0.81"))


@pytest.mark.parametrize("investment", [0, -1])
def test_investment_must_be_positive(investment):
    with pytest.raises(ValueError, match=r"투입 가치\(원\)\(investment_won\)"):
        present_value([outcome()], D("0.035"), investment)


def test_outcome_codes_must_be_unique():
    with pytest.raises(ValueError, match="'O1'"):
        present_value([outcome(), outcome()], 0, 1)


# ---------------------------------------------------------------------------
# Sensitivity
# ---------------------------------------------------------------------------
# At a 0 % discount rate the base case is 5,400,000 + 2,700,000 = 8,100,000 won;
# with an investment of 4,050,000 won the ratio is exactly 2.

INVESTMENT = 4_050_000


def test_base_case_for_sensitivity():
    assert present_value([outcome()], 0, INVESTMENT).sroi_ratio == 2


def test_sensitivity_to_deadweight():
    points = sensitivity([outcome()], 0, INVESTMENT, field="deadweight", values=[0, D("0.6")])
    # deadweight 0:   10,000,000 × 0.9 × 0.75 = 6,750,000; + 50 % = 10,125,000 → /4,050,000 = 2.5
    # deadweight 0.6: 10,000,000 × 0.4 × 0.9 × 0.75 = 2,700,000; + 50 % = 4,050,000 → 1
    assert [p.value for p in points] == [D(0), D("0.6")]
    assert [p.sroi_ratio for p in points] == [D("2.5"), D(1)]
    assert [p.present_value_won for p in points] == [D(10_125_000), D(4_050_000)]
    assert points[1].net_present_value_won == 0
    assert {p.field for p in points} == {"deadweight"}


def test_sensitivity_applies_the_value_to_every_outcome():
    second = outcome(code="O2")  # the same outcome twice: 16,200,000 in all
    points = sensitivity([outcome(), second], 0, INVESTMENT, field="drop_off", values=[0, 1])
    # drop-off 0: 2 × (5,400,000 + 5,400,000) = 21,600,000 → /4,050,000 = 16/3
    # drop-off 1: 2 × (5,400,000 + 0)         = 10,800,000 → 8/3
    assert points[0].present_value_won == D(21_600_000)
    assert points[1].present_value_won == D(10_800_000)
    assert points[0].sroi_ratio == D(21_600_000) / D(INVESTMENT)


def test_sensitivity_to_duration_discount_rate_and_investment():
    by_duration = sensitivity([outcome()], 0, INVESTMENT, field="duration_years", values=[1, 3])
    # 1 year: 5,400,000 → 4/3; 3 years: 5,400,000 + 2,700,000 + 1,350,000 = 9,450,000 → 7/3
    assert [p.present_value_won for p in by_duration] == [D(5_400_000), D(9_450_000)]
    assert [p.value for p in by_duration] == [1, 3]

    by_rate = sensitivity([outcome()], 0, INVESTMENT, field="discount_rate", values=[D("0.5")])
    # 5,400,000/1.5 + 2,700,000/2.25 = 3,600,000 + 1,200,000 = 4,800,000 → 4,800,000/4,050,000
    assert by_rate[0].present_value_won == D(4_800_000)
    assert by_rate[0].sroi_ratio == D(4_800_000) / D(INVESTMENT)

    by_investment = sensitivity(
        [outcome()], 0, INVESTMENT, field="investment_won", values=[8_100_000]
    )
    assert by_investment[0].sroi_ratio == 1  # 8,100,000 / 8,100,000


def test_sensitivity_validates_field_and_values():
    assert "proxy_value_won" not in SENSITIVITY_FIELDS  # one proxy for all outcomes means nothing
    with pytest.raises(ValueError, match="민감도 분석 항목"):
        sensitivity([outcome()], 0, INVESTMENT, field="proxy_value_won", values=[1])
    with pytest.raises(ValueError, match=r"\(attribution\)"):
        sensitivity([outcome()], 0, INVESTMENT, field="attribution", values=[D("1.2")])
    with pytest.raises(ValueError, match=r"\(investment_won\)"):
        sensitivity([outcome()], 0, INVESTMENT, field="investment_won", values=[0])
