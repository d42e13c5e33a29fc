"""The hall's settlement, checked against sums worked by hand."""

from decimal import Decimal

import pytest

from bombaram.core.market_hall import commission, settle


@pytest.mark.parametrize(("gross", "rate", "expected"), [
    (10_000_000, Decimal("15"), 1_500_000),
    (333_333, Decimal("15"), 49_999),        # 49,999.95 → 49,999 (원 미만 절사)
    (1_005, Decimal("12.5"), 125),          # 125.625 → 125
    (0, Decimal("20"), 0),
    (999, Decimal("0"), 0),
    (4_567, Decimal("100"), 4_567),
])
def test_commission_truncates_fractions_of_a_won(gross, rate, expected):
    assert commission(gross, rate) == expected


def test_commission_refuses_rates_outside_0_to_100():
    with pytest.raises(ValueError):
        commission(100, Decimal("100.01"))
    with pytest.raises(ValueError):
        commission(-1, Decimal("10"))


def test_settlement_by_hand():
    # producer 7: 3 sales 120,000 + 45,500 + 8,000 = 173,500, own rate 10% → 17,350, net 156,150
    # producer 3: 2 sales 1,234,567 + 1 = 1,234,568 at the hall's 15% → 185,185.2 → 185,185, net 1,049,383
    # producer 9: a month summary 999,999 at 15% → 149,999.85 → 149,999, net 849,999+1 = 850,000
    result = settle([(7, 2, 165_500), (3, 2, 1_234_568), (7, 1, 8_000), (9, 1, 999_999)],
                    hall_rate_pct=Decimal("15"), producer_rates={7: Decimal("10"), 3: None})
    assert [(line.producer, line.sales, line.gross_won, line.commission_won, line.net_won) for line in result.lines] == [
        (3, 2, 1_234_568, 185_185, 1_049_383),
        (7, 3, 173_500, 17_350, 156_150),
        (9, 1, 999_999, 149_999, 850_000),
    ]
    assert result.gross_won == 2_408_067
    assert result.commission_won == 352_534  # 185,185 + 17,350 + 149,999 (not 15% of the total)
    assert result.net_won == 2_055_533
    assert result.sales == 6
