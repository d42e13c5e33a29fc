"""core.share_register: the register as of a date, replayed from dated events (hand-worked figures)."""

import datetime as dt

import pytest

from bombaram.core.share_register import RegisterError, ShareEvent, register_as_of, replay

D = dt.date
PRICE = 50_000
KINDS = {1: "teacher", 2: "parent", 3: "parent"}
EVENTS = [
    ShareEvent(D(2013, 8, 30), "join", 1, shares=2, amount_won=100_000, seq=1),
    ShareEvent(D(2013, 8, 30), "join", 2, shares=3, amount_won=50_000, seq=2),
    ShareEvent(D(2013, 9, 10), "pay", 2, amount_won=100_000, seq=3),
    ShareEvent(D(2013, 10, 1), "join", 3, shares=1, amount_won=50_000, seq=4),
    ShareEvent(D(2013, 11, 1), "subscribe", 1, shares=2, seq=5),
    ShareEvent(D(2013, 12, 1), "transfer", 2, shares=1, amount_won=50_000, counterparty=3, seq=6),
    ShareEvent(D(2014, 1, 5), "withdraw", 3, seq=7),
]


# as_of → (members, shares, paid) in total, then per kind {kind: (members, shares, paid)}, worked by hand:
# 8-30: m1 2 sh 100k; m2 3 sh 50k                       → 2 members, 5 shares, 150k
# 9-10: m2 pays 100k → m2 150k                           → 2, 5, 250k
# 10-1: m3 joins 1 sh 50k                                → 3, 6, 300k
# 11-1: m1 +2 shares (unpaid)                            → 3, 8, 300k
# 12-1: m2 → m3 1 share 50k: m2 2 sh 100k, m3 2 sh 100k → 3, 8, 300k
# 1-5:  m3 leaves (2 sh, 100k repaid)                    → 2, 6, 200k
@pytest.mark.parametrize(("as_of", "total", "by_kind"), [
    (D(2013, 8, 29), (0, 0, 0), {}),
    (D(2013, 8, 30), (2, 5, 150_000), {"teacher": (1, 2, 100_000), "parent": (1, 3, 50_000)}),
    (D(2013, 9, 10), (2, 5, 250_000), {"teacher": (1, 2, 100_000), "parent": (1, 3, 150_000)}),
    (D(2013, 10, 1), (3, 6, 300_000), {"teacher": (1, 2, 100_000), "parent": (2, 4, 200_000)}),
    (D(2013, 11, 1), (3, 8, 300_000), {"teacher": (1, 4, 100_000), "parent": (2, 4, 200_000)}),
    (D(2013, 12, 1), (3, 8, 300_000), {"teacher": (1, 4, 100_000), "parent": (2, 4, 200_000)}),
    (D(2014, 1, 5), (2, 6, 200_000), {"teacher": (1, 4, 100_000), "parent": (1, 2, 100_000)}),
])
def test_register_as_of_each_date(as_of, total, by_kind):
    register = register_as_of(EVENTS, kinds=KINDS, share_price_won=PRICE, as_of=as_of)
    assert (register.total.members, register.total.shares, register.total.paid_won) == total
    assert {k.kind: (k.members, k.shares, k.paid_won) for k in register.by_kind} == by_kind


def test_a_withdrawn_member_stays_listed_with_the_day_left_but_is_not_counted():
    register = register_as_of(EVENTS, kinds=KINDS, share_price_won=PRICE, as_of=D(2014, 2, 1))
    left = [h for h in register.holdings if h.member == 3][0]
    assert left.left == D(2014, 1, 5) and left.shares == 0 and not left.active
    assert [h.member for h in register.members] == [1, 2]


def test_kind_order_is_kept():
    register = register_as_of(EVENTS, kinds=KINDS, share_price_won=PRICE, as_of=D(2014, 2, 1),
                              kind_order=["parent", "teacher"])
    assert [k.kind for k in register.by_kind] == ["parent", "teacher"]


@pytest.mark.parametrize(("bad", "code"), [
    (ShareEvent(D(2013, 9, 1), "join", 1, shares=1, seq=9), "joined_twice"),
    (ShareEvent(D(2013, 8, 1), "pay", 1, amount_won=1, seq=9), "not_joined"),          # before joining
    (ShareEvent(D(2014, 2, 1), "pay", 3, amount_won=1, seq=9), "already_left"),
    (ShareEvent(D(2013, 9, 1), "pay", 1, amount_won=1, seq=9), "overpaid"),             # 2 shares fully paid
    (ShareEvent(D(2013, 9, 1), "transfer", 1, shares=3, counterparty=2, seq=9), "more_than_held"),
    (ShareEvent(D(2013, 9, 1), "transfer", 1, shares=1, counterparty=3, seq=9), "bad_counterparty"),  # 3 not yet a member
    (ShareEvent(D(2013, 9, 1), "transfer", 1, shares=1, counterparty=1, seq=9), "bad_counterparty"),
    # transferring a share with its capital to a member whose shares are all paid keeps both paid: fine;
    # moving capital without enough shares to hold it is overpaying the receiver
    (ShareEvent(D(2013, 9, 20), "transfer", 1, shares=1, amount_won=100_000, counterparty=2, seq=9), "overpaid"),
    (ShareEvent(D(2013, 9, 1), "subscribe", 1, shares=0, seq=9), "no_shares"),
    (ShareEvent(D(2013, 9, 1), "join", 9, shares=0, seq=9), "no_shares"),
    (ShareEvent(D(2013, 9, 1), "gift", 1, seq=9), "unknown_kind"),
])
def test_broken_rules_are_refused_with_their_code(bad, code):
    with pytest.raises(RegisterError) as caught:
        replay([*EVENTS, bad], kinds=KINDS, share_price_won=PRICE)
    assert caught.value.code == code
    assert caught.value.event == bad


def test_a_backdated_withdrawal_breaks_a_later_event():
    # member 2 leaving on 11-15 makes the recorded transfer of 12-1 impossible
    with pytest.raises(RegisterError) as caught:
        replay([*EVENTS, ShareEvent(D(2013, 11, 15), "withdraw", 2, seq=9)], kinds=KINDS, share_price_won=PRICE)
    assert caught.value.code == "already_left" and caught.value.event.kind == "transfer"


def test_doksan_composition_reproduces_the_report_and_shows_the_parents_gap():
    """The report: 교원 17명 40구좌 200만원, 학부모 15명 45구좌 230만원; 200만 ÷ 40 = 5만원 a share.
    11 teachers × 2 + 6 × 3 = 40 shares; 15 parents × 3 = 45 shares, all paid."""
    shares = [2] * 11 + [3] * 6 + [3] * 15
    kinds = {n: ("teacher" if n < 17 else "parent") for n in range(32)}
    events = [ShareEvent(D(2013, 8, 30), "join", n, shares=s, amount_won=s * PRICE, seq=n) for n, s in enumerate(shares)]
    register = register_as_of(events, kinds=kinds, share_price_won=PRICE, as_of=D(2014, 1, 31))
    by_kind = {k.kind: (k.members, k.shares, k.paid_won) for k in register.by_kind}
    assert by_kind["teacher"] == (17, 40, 2_000_000)            # as printed
    assert by_kind["parent"][:2] == (15, 45)                     # as printed
    assert by_kind["parent"][2] == 2_250_000 != 2_300_000        # printed 230만원 = 46 shares, not 45
    assert (register.total.members, register.total.shares, register.total.paid_won) == (32, 85, 4_250_000)
