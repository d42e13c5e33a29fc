"""Writes for cooperatives' share registers. Every write checks the user's scope, replays the whole
register through core.share_register (so that a back-dated event that breaks a later one is refused
too), and records an audit event; a refused write changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import ShareEventKind
from bombaram.cooperatives.models import Cooperative, Member, ShareEvent
from bombaram.core import share_register as sr
from bombaram.registry.models import CooperativeCount, bump_revision
from bombaram.web import audit
from bombaram.web.permissions import can_keep_share_register, check


def register_messages() -> dict[str, str]:
    return {
        "joined_twice": _("This member has already joined."),
        "no_shares": _("Enter at least one share."),
        "no_amount": _("Enter the amount paid."),
        "negative": _("Shares and amounts cannot be negative."),
        "not_joined": _("The member had not joined on that date."),
        "already_left": _("The member had already withdrawn on that date."),
        "bad_counterparty": _("Choose another member who is a member on that date."),
        "more_than_held": _("The member holds fewer shares or less paid-in capital than that on that date."),
        "overpaid": _("Paid-in capital would exceed the shares subscribed times the share price."),
        "unknown_kind": _("Unknown kind of event."),
    }


def core_events(cooperative: Cooperative, extra: list[ShareEvent] = ()) -> tuple[list[sr.ShareEvent], dict[int, str]]:
    """The cooperative's events as core inputs (stored ones in recorded order, then ``extra``)."""
    rows = list(ShareEvent.objects.filter(cooperative=cooperative).order_by("day", "id")) + list(extra)
    kinds = dict(Member.objects.filter(cooperative=cooperative).values_list("pk", "kind"))
    events = [sr.ShareEvent(day=e.day, kind=e.kind, member=e.member_id, shares=e.shares, amount_won=e.amount_won,
                            counterparty=e.counterparty_id, seq=e.pk or 10**12 + i) for i, e in enumerate(rows)]
    return events, kinds


def _validate(cooperative: Cooperative, new: ShareEvent, *, extra_kinds: dict[int, str] | None = None) -> None:
    events, kinds = core_events(cooperative, [new])
    kinds.update(extra_kinds or {})
    try:
        sr.replay(events, kinds=kinds, share_price_won=cooperative.share_price_won)
    except sr.RegisterError as error:
        message = register_messages()[error.code]
        raise ValidationError(_("%(date)s: %(problem)s") % {"date": date_format(error.event.day, "Y-m-d"), "problem": message}) from error


def _lock(cooperative: Cooperative) -> Cooperative:
    """Writers to one register queue on its row, so two concurrent writes are checked one after the other."""
    return Cooperative.objects.select_for_update().get(pk=cooperative.pk)


@transaction.atomic
def add_member(*, user, cooperative: Cooperative, name: str, kind: str, member_type: str, day: dt.date,
               shares: int, amount_won: int, note: str = "") -> Member:
    """Admit a member: the member and the join event (shares subscribed, amount paid) together or not at all."""
    check(can_keep_share_register(user, cooperative))
    cooperative = _lock(cooperative)
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the member's name."))
    number = (Member.objects.filter(cooperative=cooperative).aggregate(n=Max("number"))["n"] or 0) + 1
    member = Member.objects.create(cooperative=cooperative, number=number, name=name, kind=kind, member_type=member_type)
    event = ShareEvent(cooperative=cooperative, member=member, day=day, kind=ShareEventKind.JOIN, shares=shares,
                       amount_won=amount_won, note=note, recorded_by=user if user.is_authenticated else None)
    _validate(cooperative, event, extra_kinds={member.pk: kind})  # raising rolls the member back too
    event.save()
    audit.record("cooperatives.member.joined", actor=user, obj=member, cooperative=cooperative.pk, day=day.isoformat(),
                 shares=shares, amount_won=amount_won)
    return member


@transaction.atomic
def record_share_event(*, user, cooperative: Cooperative, member: Member, kind: str, day: dt.date, shares: int = 0,
                       amount_won: int = 0, counterparty: Member | None = None, note: str = "") -> ShareEvent:
    """Record a further subscription, a payment, a transfer to another member or a withdrawal."""
    check(can_keep_share_register(user, cooperative))
    cooperative = _lock(cooperative)
    if member.cooperative_id != cooperative.pk or (counterparty is not None and counterparty.cooperative_id != cooperative.pk):
        check(False)
    if kind not in ShareEventKind.values or kind == ShareEventKind.JOIN:
        raise ValidationError(register_messages()["unknown_kind"])
    if kind != ShareEventKind.TRANSFER:
        counterparty = None
    if kind == ShareEventKind.WITHDRAW:
        shares, amount_won = 0, 0
    event = ShareEvent(cooperative=cooperative, member=member, day=day, kind=kind, shares=shares, amount_won=amount_won,
                       counterparty=counterparty, note=note, recorded_by=user if user.is_authenticated else None)
    _validate(cooperative, event)
    event.save()
    audit.record(f"cooperatives.share_event.{kind}", actor=user, obj=event, cooperative=cooperative.pk,
                 member=member.pk, day=day.isoformat(), shares=shares, amount_won=amount_won,
                 counterparty=counterparty.pk if counterparty else None)
    return event


def write_registry_counts(*, cooperative: Cooperative, as_of: dt.date) -> tuple[CooperativeCount, bool]:
    """The register's members and paid-in capital on ``as_of`` as the registry organisation's
    cooperative count for that date. No permission check: callers check (or are the demo loader)."""
    events, kinds = core_events(cooperative)
    register = sr.register_as_of(events, kinds=kinds, share_price_won=cooperative.share_price_won, as_of=as_of)
    values = {"members": register.total.members, "capital_won": register.total.paid_won}
    count, created = CooperativeCount.objects.get_or_create(organisation=cooperative.organisation, counted_on=as_of,
                                                            defaults=values)
    changed = created or bool(audit.save_changes(count, values))
    if changed:
        bump_revision()
    return count, changed


@transaction.atomic
def send_counts_to_registry(*, user, cooperative: Cooperative, as_of: dt.date) -> CooperativeCount:
    """Write the register's members and paid-in capital on ``as_of`` into the registry organisation's
    cooperative figures (조합원 수, 출자금), so the figures are never typed twice."""
    check(can_keep_share_register(user, cooperative))
    count, changed = write_registry_counts(cooperative=cooperative, as_of=as_of)
    audit.record("cooperatives.register.counts_sent", actor=user, obj=cooperative, as_of=as_of.isoformat(),
                 members=count.members, capital_won=count.capital_won, changed=changed)
    return count
