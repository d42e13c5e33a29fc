"""core.hub_tenancy: overlaps of periods and slots, occupancy as of a date (worked out by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bombaram.core import hub_tenancy as ht

D = dt.date


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ((D(2014, 2, 1), D(2014, 6, 30)), (D(2014, 7, 1), None), False),        # next day: no overlap
    ((D(2014, 2, 1), D(2014, 6, 30)), (D(2014, 6, 30), None), True),        # both ends included
    ((D(2014, 2, 1), None), (D(2020, 1, 1), D(2020, 1, 1)), True),          # open end runs on
    ((D(2014, 3, 1), D(2014, 3, 31)), (D(2014, 1, 1), D(2014, 2, 28)), False),
    ((D(2014, 3, 1), D(2014, 3, 31)), (D(2014, 3, 10), D(2014, 3, 12)), True),
])
def test_periods_overlap(a, b, overlap):
    assert ht.periods_overlap(*a, *b) is overlap
    assert ht.periods_overlap(*b, *a) is overlap


def test_tenancy_refusal_names_the_clash_and_ignores_other_spaces():
    existing = [ht.Period(1, 10, D(2014, 2, 1), D(2014, 6, 30)), ht.Period(2, 11, D(2014, 1, 1), None)]
    assert ht.tenancy_refusal(ht.Period(0, 10, D(2014, 7, 1), None), existing) == ("", None)
    assert ht.tenancy_refusal(ht.Period(0, 10, D(2014, 6, 1), None), existing) == ("overlap", existing[0])
    assert ht.tenancy_refusal(ht.Period(0, 10, D(2014, 6, 1), D(2014, 5, 1)), existing)[0] == "end_before_start"


def test_slots_are_half_open():
    t = dt.datetime
    ten_to_twelve = ht.Slot(1, 5, t(2014, 3, 10, 10), t(2014, 3, 10, 12))
    assert ht.booking_refusal(ht.Slot(0, 5, t(2014, 3, 10, 12), t(2014, 3, 10, 13)), [ten_to_twelve]) == ("", None)
    assert ht.booking_refusal(ht.Slot(0, 5, t(2014, 3, 10, 11, 59), t(2014, 3, 10, 13)), [ten_to_twelve])[0] == "double_booked"
    assert ht.booking_refusal(ht.Slot(0, 6, t(2014, 3, 10, 11), t(2014, 3, 10, 13)), [ten_to_twelve]) == ("", None)
    assert ht.booking_refusal(ht.Slot(0, 5, t(2014, 3, 10, 13), t(2014, 3, 10, 13)), [])[0] == "ends_before_starts"


def test_occupancy_as_of_a_date():
    spaces = [ht.SpaceRow(1, "desk"), ht.SpaceRow(2, "desk"), ht.SpaceRow(3, "desk"), ht.SpaceRow(4, "office"),
              ht.SpaceRow(5, "shared_room")]
    lets = [ht.Let(1, 100, "incubated", D(2014, 2, 1), D(2014, 12, 31), 50_000),
            ht.Let(2, 101, "incubated", D(2014, 2, 1), None, 50_000),
            ht.Let(4, 200, "growth", D(2014, 3, 1), None, 200_000),
            ht.Let(1, 102, "incubated", D(2015, 1, 1), None, 60_000)]
    kinds = ("office", "desk")
    feb = ht.occupancy(spaces, lets, as_of=D(2014, 2, 15), let_kinds=kinds, tenant_kinds=("incubated", "growth"))
    # desks: 1 and 2 let of 3 → 66.67 %; office: not yet (from March) → 0 %; total 2 of 4 = 50 %
    assert [(k.kind, k.spaces, k.occupied, k.vacant) for k in feb.by_space_kind] == [("office", 1, 0, 1), ("desk", 3, 2, 1)]
    assert feb.by_space_kind[1].rate == Decimal(200) / Decimal(3)
    assert (feb.total.spaces, feb.total.occupied, feb.total.rate) == (4, 2, Decimal(50))
    assert feb.monthly_fees_won == 100_000 and feb.tenants_by_kind == (("incubated", 2), ("growth", 0))
    jan15 = ht.occupancy(spaces, lets, as_of=D(2015, 1, 15), let_kinds=kinds, tenant_kinds=("incubated", "growth"))
    # space 1 passed from tenant 100 to 102; all three tenancies run: 60,000 + 50,000 + 200,000
    assert jan15.monthly_fees_won == 310_000 and jan15.total.occupied == 3
    assert jan15.occupied_spaces == frozenset({1, 2, 4})
