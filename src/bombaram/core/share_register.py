"""A cooperative's share register (출자 명부) as of any date, from its dated events.

Pure Python (no Django). The register is never stored: it is replayed from the events up to and
including ``as_of``, in date order (events of one day in the order they were recorded, ``seq``).

Events (after OCA cooperator's subscription → capital release → register, and the UK model rules):

* ``join``      — the member is admitted with ``shares`` subscribed (구좌) and ``amount_won`` paid;
* ``subscribe`` — a further subscription of ``shares``;
* ``pay``       — ``amount_won`` paid towards the shares subscribed;
* ``transfer``  — ``shares`` and ``amount_won`` of paid-in capital move to ``counterparty``
  (who must be a member on that day);
* ``withdraw``  — the member leaves; the shares end and the paid-in capital is repaid.

Rules checked while replaying (a violation raises :class:`RegisterError` naming the event):
a member joins once, before any other event; nothing happens to a member who has left; paid-in
capital never exceeds shares × share price; nobody transfers more shares or capital than held.

Figures: members = members who joined on or before ``as_of`` and had not withdrawn by then;
paid-in capital (출자금) = Σ amount paid, per member, by kind and in total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EVENT_KINDS = ("join", "subscribe", "pay", "transfer", "withdraw")


class RegisterError(ValueError):
    """An event that the register cannot accept. ``code`` names the rule; ``event`` is the event."""

    def __init__(self, code: str, event: ShareEvent):
        super().__init__(f"{code}: {event}")
        self.code = code
        self.event = event


@dataclass(frozen=True)
class ShareEvent:
    day: dt.date
    kind: str
    member: int
    shares: int = 0
    amount_won: int = 0
    counterparty: int | None = None
    seq: int = 0


@dataclass
class Holding:
    member: int
    kind: str
    joined: dt.date | None = None
    left: dt.date | None = None
    shares: int = 0
    paid_won: int = 0

    @property
    def active(self) -> bool:
        return self.joined is not None and self.left is None


@dataclass(frozen=True)
class KindTotal:
    kind: str
    members: int
    shares: int
    paid_won: int


@dataclass
class Register:
    as_of: dt.date
    share_price_won: int
    holdings: list[Holding] = field(default_factory=list)
    by_kind: list[KindTotal] = field(default_factory=list)
    total: KindTotal = field(default_factory=lambda: KindTotal("", 0, 0, 0))

    @property
    def members(self) -> list[Holding]:
        return [h for h in self.holdings if h.active]


def replay(events: Iterable[ShareEvent], *, kinds: Mapping[int, str], share_price_won: int,
           as_of: dt.date | None = None) -> dict[int, Holding]:
    """Apply ``events`` (up to ``as_of`` when given) and return each member's holding; raise on a broken rule."""
    if share_price_won <= 0:
        raise ValueError("share price must be positive")
    holdings: dict[int, Holding] = {}
    for event in sorted(events, key=lambda e: (e.day, e.seq)):
        if as_of is not None and event.day > as_of:
            break
        if event.kind not in EVENT_KINDS:
            raise RegisterError("unknown_kind", event)
        if event.shares < 0 or event.amount_won < 0:
            raise RegisterError("negative", event)
        holding = holdings.get(event.member)
        if event.kind == "join":
            if holding is not None:
                raise RegisterError("joined_twice", event)
            if event.shares < 1:
                raise RegisterError("no_shares", event)
            holding = holdings[event.member] = Holding(event.member, kinds.get(event.member, ""), joined=event.day)
            holding.shares = event.shares
            holding.paid_won = event.amount_won
        else:
            if holding is None:
                raise RegisterError("not_joined", event)
            if not holding.active:
                raise RegisterError("already_left", event)
            if event.kind == "subscribe":
                if event.shares < 1:
                    raise RegisterError("no_shares", event)
                holding.shares += event.shares
            elif event.kind == "pay":
                if event.amount_won < 1:
                    raise RegisterError("no_amount", event)
                holding.paid_won += event.amount_won
            elif event.kind == "transfer":
                other = holdings.get(event.counterparty) if event.counterparty is not None else None
                if other is None or not other.active or other.member == holding.member:
                    raise RegisterError("bad_counterparty", event)
                if event.shares < 1:
                    raise RegisterError("no_shares", event)
                if event.shares > holding.shares or event.amount_won > holding.paid_won:
                    raise RegisterError("more_than_held", event)
                holding.shares -= event.shares
                holding.paid_won -= event.amount_won
                other.shares += event.shares
                other.paid_won += event.amount_won
                _check_paid(other, share_price_won, event)
            elif event.kind == "withdraw":
                holding.left = event.day
                holding.shares = 0
                holding.paid_won = 0
        _check_paid(holding, share_price_won, event)
    return holdings


def _check_paid(holding: Holding, share_price_won: int, event: ShareEvent) -> None:
    if holding.paid_won > holding.shares * share_price_won:
        raise RegisterError("overpaid", event)


def register_as_of(events: Iterable[ShareEvent], *, kinds: Mapping[int, str], share_price_won: int,
                   as_of: dt.date, kind_order: Iterable[str] = ()) -> Register:
    """The register on ``as_of``: every member who ever joined by then (those who left show ``left``),
    totals by member kind (in ``kind_order``, then any other kind met) and in total, over active members.

    members_k = #{active members of kind k}; shares_k = Σ shares; paid_k = Σ paid-in capital (won).
    """
    holdings = replay(events, kinds=kinds, share_price_won=share_price_won, as_of=as_of)
    order = list(kind_order)
    for h in holdings.values():
        if h.kind not in order:
            order.append(h.kind)
    by_kind = []
    for kind in order:
        active = [h for h in holdings.values() if h.active and h.kind == kind]
        if active:
            by_kind.append(KindTotal(kind, len(active), sum(h.shares for h in active), sum(h.paid_won for h in active)))
    total = KindTotal("", sum(k.members for k in by_kind), sum(k.shares for k in by_kind), sum(k.paid_won for k in by_kind))
    rows = sorted(holdings.values(), key=lambda h: (h.joined or as_of, h.member))
    return Register(as_of=as_of, share_price_won=share_price_won, holdings=rows, by_kind=by_kind, total=total)
