"""A local fund's balance: contributions − grants − loans + repayments, checked by hand."""

import datetime as dt

import pytest

from bombaram.core.local_funds import (
    CONTRIBUTION,
    GRANT,
    LOAN,
    REPAYMENT,
    FundError,
    Movement,
    balance,
)

D = dt.date


def test_balance_is_contributions_minus_grants_minus_loans_plus_repayments():
    movements = [
        Movement(D(2013, 3, 1), CONTRIBUTION, 3_000_000, seq=1),
        Movement(D(2013, 6, 1), CONTRIBUTION, 3_000_000, seq=2),
        Movement(D(2013, 7, 1), GRANT, 1_000_000, seq=3),
        Movement(D(2013, 8, 1), LOAN, 2_000_000, loan="L1", seq=4),
        Movement(D(2013, 10, 1), REPAYMENT, 500_000, loan="L1", seq=5),
        Movement(D(2014, 1, 1), REPAYMENT, 700_000, loan="L1", seq=6),
    ]
    # by hand: 6,000,000 − 1,000,000 − 2,000,000 + 500,000 = 3,500,000 on 2013-12-31
    end_2013 = balance(movements, as_of=D(2013, 12, 31))
    assert (end_2013.contributions_won, end_2013.grants_won, end_2013.loans_won, end_2013.repayments_won) == (
        6_000_000, 1_000_000, 2_000_000, 500_000)
    assert end_2013.balance_won == 3_500_000
    assert end_2013.loans_outstanding_won == 1_500_000
    # + 700,000 on 2014-01-01: 4,200,000, 800,000 still owed
    later = balance(movements, as_of=D(2014, 1, 1))
    assert later.balance_won == 4_200_000 and later.loans_outstanding_won == 800_000
    assert balance(movements, as_of=D(2013, 2, 28)).balance_won == 0


def test_same_day_contribution_is_counted_before_the_grant_it_pays_for():
    movements = [Movement(D(2013, 5, 1), GRANT, 100, seq=1), Movement(D(2013, 5, 1), CONTRIBUTION, 100, seq=2)]
    assert balance(movements, as_of=D(2013, 5, 1)).balance_won == 0


@pytest.mark.parametrize(("movements", "code"), [
    ([Movement(D(2013, 3, 1), CONTRIBUTION, 100, seq=1), Movement(D(2013, 3, 2), GRANT, 101, seq=2)], "overdrawn"),
    # a back-dated loan that a later grant would overdraw is refused too
    ([Movement(D(2013, 3, 1), CONTRIBUTION, 100, seq=1), Movement(D(2013, 4, 1), GRANT, 60, seq=2),
      Movement(D(2013, 3, 15), LOAN, 50, loan="L", seq=3)], "overdrawn"),
    ([Movement(D(2013, 3, 1), CONTRIBUTION, 100, seq=1), Movement(D(2013, 3, 2), LOAN, 50, loan="L", seq=2),
      Movement(D(2013, 3, 3), REPAYMENT, 51, loan="L", seq=3)], "overrepaid"),
    ([Movement(D(2013, 3, 1), CONTRIBUTION, 100, seq=1), Movement(D(2013, 3, 3), REPAYMENT, 1, loan="X", seq=2)],
     "not_a_loan"),
    ([Movement(D(2013, 3, 1), CONTRIBUTION, 0, seq=1)], "not_positive"),
])
def test_movements_that_break_the_rules_are_refused(movements, code):
    with pytest.raises(FundError) as error:
        balance(movements, as_of=D(2013, 12, 31))
    assert error.value.code == code
