"""A hub centre's spaces, tenancies and shared-room bookings (은평 사회적경제 허브). Pure Python (no Django).

Tenancy periods are whole days, both ends included: [start, end], an open end (None) running on. Two
periods of one space overlap when

    a.start ≤ b.end  and  b.start ≤ a.end      (an open end counts as +∞).

Bookings of a shared room are half-open time slots [starts, ends): one ending at 10:00 and the next
starting at 10:00 do not overlap; a.starts < b.ends and b.starts < a.ends is an overlap.

Occupancy as of a date d: a space is occupied when a tenancy of it covers d (start ≤ d ≤ end). The rate
of a kind of space is occupied / spaces of that kind (shared rooms are booked, not let, and are shown
apart). The monthly fee income as of d is the sum of the fees of the tenancies covering d.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    key: int
    space: int
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Slot:
    key: int
    room: int
    starts: dt.datetime
    ends: dt.datetime


def periods_overlap(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def tenancy_refusal(new: Period, existing: Iterable[Period]) -> tuple[str, Period | None]:
    """Why a tenancy cannot be recorded ("end_before_start", "overlap" with the clashing period) or ("", None)."""
    if new.end is not None and new.end < new.start:
        return "end_before_start", None
    for other in existing:
        if other.space == new.space and other.key != new.key and periods_overlap(new.start, new.end, other.start, other.end):
            return "overlap", other
    return "", None


def slots_overlap(a: Slot, b: Slot) -> bool:
    return a.starts < b.ends and b.starts < a.ends


def booking_refusal(new: Slot, existing: Iterable[Slot]) -> tuple[str, Slot | None]:
    """Why a booking cannot be made ("ends_before_starts", "double_booked" with the clashing slot) or ("", None)."""
    if new.ends <= new.starts:
        return "ends_before_starts", None
    for other in existing:
        if other.room == new.room and other.key != new.key and slots_overlap(new, other):
            return "double_booked", other
    return "", None


@dataclass(frozen=True)
class SpaceRow:
    key: int
    kind: str


@dataclass(frozen=True)
class Let:
    space: int
    tenant: int
    tenant_kind: str
    start: dt.date
    end: dt.date | None
    monthly_fee_won: int


@dataclass(frozen=True)
class KindOccupancy:
    kind: str
    spaces: int
    occupied: int

    @property
    def vacant(self) -> int:
        return self.spaces - self.occupied

    @property
    def rate(self) -> Decimal | None:
        """occupied / spaces in per cent (exact)."""
        return None if self.spaces == 0 else Decimal(self.occupied * 100) / Decimal(self.spaces)


@dataclass(frozen=True)
class Occupancy:
    as_of: dt.date
    by_space_kind: tuple[KindOccupancy, ...]
    total: KindOccupancy
    tenants_by_kind: tuple[tuple[str, int], ...]
    monthly_fees_won: int
    occupied_spaces: frozenset[int]


def occupancy(spaces: Sequence[SpaceRow], lets: Iterable[Let], *, as_of: dt.date, let_kinds: Sequence[str],
              tenant_kinds: Sequence[str]) -> Occupancy:
    """Occupancy of the lettable spaces (kinds in ``let_kinds``, in that order) on ``as_of``."""
    current = [t for t in lets if t.start <= as_of and (t.end is None or as_of <= t.end)]
    occupied = frozenset(t.space for t in current)
    rows = []
    for kind in let_kinds:
        keys = [s.key for s in spaces if s.kind == kind]
        rows.append(KindOccupancy(kind, len(keys), sum(1 for k in keys if k in occupied)))
    total = KindOccupancy("total", sum(r.spaces for r in rows), sum(r.occupied for r in rows))
    tenants: dict[str, set[int]] = {k: set() for k in tenant_kinds}
    for t in current:
        tenants.setdefault(t.tenant_kind, set()).add(t.tenant)
    return Occupancy(as_of=as_of, by_space_kind=tuple(rows), total=total,
                     tenants_by_kind=tuple((k, len(v)) for k, v in tenants.items()),
                     monthly_fees_won=sum(t.monthly_fee_won for t in current), occupied_spaces=occupied)
