"""A hub centre (허브센터): spaces, tenants, tenancies, shared-room bookings and joint projects.

Rules in core.hub_tenancy. A tenancy or booking is checked under a lock on its space's row
(``select_for_update``), so two concurrent requests for the same space are checked one after the other;
on PostgreSQL exclusion constraints (migration 0004) refuse an overlap in the database as well. On SQLite
a writer that finds the database locked is run again (as cooperatives.ledger does). Every write checks
web.permissions.can_operate_hub and records an audit event.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import SpaceKind, TenantKind
from bombaram.cooperatives.models import (
    HubCentre,
    HubProject,
    HubSpace,
    HubTenancy,
    HubTenant,
    RoomBooking,
)
from bombaram.core import hub_tenancy as ht
from bombaram.web import audit
from bombaram.web.permissions import can_operate_hub, check

ATTEMPTS = 20
LET_KINDS = (SpaceKind.OFFICE, SpaceKind.DESK)


# ---------------------------------------------------------------- reads


def hubs_for_user(user) -> list[HubCentre]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [h for h in HubCentre.objects.select_related("district").order_by("name") if can_operate_hub(user, h)]


def get_hub_for_user(user, pk: int) -> HubCentre:
    hub = get_object_or_404(HubCentre.objects.select_related("district", "organisation"), pk=pk)
    check(can_operate_hub(user, hub))
    return hub


def occupancy(hub: HubCentre, as_of: dt.date) -> ht.Occupancy:
    spaces = [ht.SpaceRow(pk, kind) for pk, kind in hub.spaces.values_list("pk", "kind")]
    lets = [ht.Let(t.space_id, t.tenant_id, t.tenant.kind, t.start, t.end, t.monthly_fee_won)
            for t in HubTenancy.objects.filter(space__hub=hub).select_related("tenant")]
    return ht.occupancy(spaces, lets, as_of=as_of, let_kinds=LET_KINDS, tenant_kinds=TenantKind.values)


def tenancies(hub: HubCentre) -> list[HubTenancy]:
    return list(HubTenancy.objects.filter(space__hub=hub).select_related("space", "tenant__organisation")
                .order_by("space__kind", "space__name", "start"))


def bookings(hub: HubCentre, *, day: dt.date) -> list[RoomBooking]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    return list(RoomBooking.objects.filter(space__hub=hub, ends__gt=start, starts__lt=start + dt.timedelta(days=1))
                .select_related("space", "tenant").order_by("starts", "space__name"))


def projects(hub: HubCentre) -> list[HubProject]:
    return list(hub.projects.prefetch_related("tenants").select_related("credit_cooperative__organisation"))


# ---------------------------------------------------------------- writes


def refusal_messages() -> dict[str, str]:
    return {
        "end_before_start": _("The end date is before the start date."),
        "overlap": _("This space is already let for part of that period."),
        "ends_before_starts": _("The booking must end after it starts."),
        "double_booked": _("The room is already booked for part of that time."),
        "not_a_room": _("Only shared rooms are booked by time slot."),
        "room_not_let": _("Shared rooms are booked by time slot, not let."),
        "other_hub": _("Choose a space and a tenant of this hub."),
    }


def _retrying(write):
    """Run ``write`` (its own transaction) again when SQLite reports the database locked."""
    for attempt in range(ATTEMPTS):
        try:
            return write()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error) or connection.in_atomic_block \
                    or attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def add_space(*, user, hub: HubCentre, name: str, kind: str, capacity: int, monthly_fee_won: int) -> HubSpace:
    check(can_operate_hub(user, hub))
    name = name.strip()
    if hub.spaces.filter(name=name).exists():
        raise ValidationError(_("The hub already has a space of that name."))
    space = HubSpace.objects.create(hub=hub, name=name, kind=kind, capacity=capacity, monthly_fee_won=monthly_fee_won)
    audit.record("cooperatives.hub.space_added", actor=user, obj=space, hub=hub.pk, kind=kind)
    return space


@transaction.atomic
def add_tenant(*, user, hub: HubCentre, name: str, kind: str, organisation=None) -> HubTenant:
    check(can_operate_hub(user, hub))
    name = name.strip()
    if hub.tenants.filter(name=name).exists():
        raise ValidationError(_("The hub already has a tenant of that name."))
    tenant = HubTenant.objects.create(hub=hub, name=name, kind=kind, organisation=organisation)
    audit.record("cooperatives.hub.tenant_added", actor=user, obj=tenant, hub=hub.pk, kind=kind,
                 organisation=organisation.pk if organisation else None)
    return tenant


def let_space(*, user, hub: HubCentre, space: HubSpace, tenant: HubTenant, start: dt.date, end: dt.date | None,
              monthly_fee_won: int) -> HubTenancy:
    """Let ``space`` to ``tenant`` for [start, end]; refused when another tenancy of the space overlaps."""
    check(can_operate_hub(user, hub))
    if space.hub_id != hub.pk or tenant.hub_id != hub.pk:
        raise ValidationError(refusal_messages()["other_hub"])
    if space.kind == SpaceKind.SHARED_ROOM:
        raise ValidationError(refusal_messages()["room_not_let"])

    @transaction.atomic
    def write() -> HubTenancy:
        HubSpace.objects.select_for_update().get(pk=space.pk)
        existing = [ht.Period(t.pk, t.space_id, t.start, t.end) for t in HubTenancy.objects.filter(space=space)]
        code, other = ht.tenancy_refusal(ht.Period(0, space.pk, start, end), existing)
        if code:
            raise ValidationError(_overlap_message(code, other))
        try:
            with transaction.atomic():
                tenancy = HubTenancy.objects.create(space=space, tenant=tenant, start=start, end=end,
                                                    monthly_fee_won=monthly_fee_won)
        except IntegrityError as error:  # PostgreSQL's exclusion constraint
            raise ValidationError(refusal_messages()["overlap"]) from error
        audit.record("cooperatives.hub.space_let", actor=user, obj=tenancy, space=space.pk, tenant=tenant.pk,
                     start=start.isoformat(), end=end.isoformat() if end else None, monthly_fee_won=monthly_fee_won)
        return tenancy

    return _retrying(write)


def _overlap_message(code: str, other) -> str:
    message = refusal_messages()[code]
    if code == "overlap" and other is not None:
        until = other.end.isoformat() if other.end else _("open end")
        message += " " + _("(let %(start)s – %(end)s)") % {"start": other.start.isoformat(), "end": until}
    return message


@transaction.atomic
def end_tenancy(*, user, hub: HubCentre, tenancy: HubTenancy, end: dt.date) -> HubTenancy:
    check(can_operate_hub(user, hub))
    if tenancy.space.hub_id != hub.pk:
        raise ValidationError(refusal_messages()["other_hub"])
    if end < tenancy.start:
        raise ValidationError(refusal_messages()["end_before_start"])
    before = tenancy.end
    audit.save_changes(tenancy, {"end": end})
    audit.record("cooperatives.hub.tenancy_ended", actor=user, obj=tenancy, before=before.isoformat() if before else None,
                 end=end.isoformat())
    return tenancy


def book_room(*, user, hub: HubCentre, space: HubSpace, tenant: HubTenant, starts: dt.datetime, ends: dt.datetime,
              purpose: str = "") -> RoomBooking:
    """Book a shared room for [starts, ends); refused when it overlaps another booking of the room."""
    check(can_operate_hub(user, hub))
    if space.hub_id != hub.pk or tenant.hub_id != hub.pk:
        raise ValidationError(refusal_messages()["other_hub"])
    if space.kind != SpaceKind.SHARED_ROOM:
        raise ValidationError(refusal_messages()["not_a_room"])

    @transaction.atomic
    def write() -> RoomBooking:
        HubSpace.objects.select_for_update().get(pk=space.pk)
        existing = [ht.Slot(b.pk, b.space_id, b.starts, b.ends)
                    for b in RoomBooking.objects.filter(space=space, ends__gt=starts, starts__lt=ends)]
        code, _other = ht.booking_refusal(ht.Slot(0, space.pk, starts, ends), existing)
        if code:
            raise ValidationError(refusal_messages()[code])
        try:
            with transaction.atomic():
                booking = RoomBooking.objects.create(space=space, tenant=tenant, starts=starts, ends=ends,
                                                     purpose=purpose.strip(),
                                                     created_by=user if user.is_authenticated else None)
        except IntegrityError as error:  # PostgreSQL's exclusion constraint
            raise ValidationError(refusal_messages()["double_booked"]) from error
        audit.record("cooperatives.hub.room_booked", actor=user, obj=booking, space=space.pk, tenant=tenant.pk,
                     starts=starts.isoformat(), ends=ends.isoformat())
        return booking

    return _retrying(write)


@transaction.atomic
def cancel_booking(*, user, hub: HubCentre, booking: RoomBooking) -> None:
    check(can_operate_hub(user, hub))
    if booking.space.hub_id != hub.pk:
        raise ValidationError(refusal_messages()["other_hub"])
    audit.record("cooperatives.hub.booking_cancelled", actor=user, obj=booking, space=booking.space_id,
                 starts=booking.starts.isoformat())
    booking.delete()


@transaction.atomic
def add_project(*, user, hub: HubCentre, name: str, description: str = "", tenants=(), credit_cooperative=None) -> HubProject:
    check(can_operate_hub(user, hub))
    name = name.strip()
    if hub.projects.filter(name=name).exists():
        raise ValidationError(_("The hub already has a project of that name."))
    if any(t.hub_id != hub.pk for t in tenants):
        raise ValidationError(refusal_messages()["other_hub"])
    project = HubProject.objects.create(hub=hub, name=name, description=description, credit_cooperative=credit_cooperative)
    project.tenants.set(tenants)
    audit.record("cooperatives.hub.project_added", actor=user, obj=project, hub=hub.pk, tenants=[t.pk for t in tenants])
    return project
