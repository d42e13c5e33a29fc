"""core.mutual_credit: rules of one transfer, and the zero-sum invariant over any sequence."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bombaram.core.mutual_credit import Transfer, apply_all, entries, refusal


@pytest.mark.parametrize(("payer_balance", "limit", "amount", "payee", "expected"), [
    (0, 100, 100, 2, None),            # down to exactly −limit
    (0, 100, 101, 2, "over_limit"),
    (-50, 100, 50, 2, None),
    (-50, 100, 51, 2, "over_limit"),
    (30, 0, 30, 2, None),              # no limit: only what was received
    (30, 0, 31, 2, "over_limit"),
    (0, 100, 0, 2, "amount_not_positive"),
    (0, 100, -5, 2, "amount_not_positive"),
    (0, 100, 10, 1, "same_account"),
])
def test_refusal(payer_balance, limit, amount, payee, expected):
    assert refusal(payer=1, payee=payee, amount=amount, payer_balance=payer_balance, payer_limit=limit) == expected


def test_entries_are_one_debit_and_one_credit_of_the_same_amount():
    assert entries(Transfer(1, 2, 700)) == [(1, -700), (2, 700)]


def test_hand_worked_sequence():
    # limits 1:100, 2:0, 3:50. 1→2 80 (1:-80, 2:80); 2→3 100 refused (2 has 80, limit 0);
    # 3→1 50 (3:-50, 1:-30); 1→3 71 refused (-30-71 = -101 < -100); 1→3 70 (1:-100, 3:20)
    balances, refused = apply_all([Transfer(1, 2, 80), Transfer(2, 3, 100), Transfer(3, 1, 50), Transfer(1, 3, 71),
                                   Transfer(1, 3, 70)], limits={1: 100, 2: 0, 3: 50})
    assert balances == {1: -100, 2: 80, 3: 20}
    assert [(t.amount, why) for t, why in refused] == [(100, "over_limit"), (71, "over_limit")]


transfers = st.lists(st.builds(Transfer, payer=st.integers(0, 5), payee=st.integers(0, 5),
                               amount=st.integers(-10, 500)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(limits=st.lists(st.integers(0, 300), min_size=6, max_size=6), sequence=transfers)
def test_balances_sum_to_zero_and_stay_within_limits(limits, sequence):
    by_account = dict(enumerate(limits))
    for n in range(len(sequence) + 1):  # after every prefix, not only at the end
        balances, _refused = apply_all(sequence[:n], limits=by_account)
        assert sum(balances.values()) == 0
        assert all(balances[a] >= -by_account[a] for a in balances)
