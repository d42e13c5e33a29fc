"""Who keeps an organisation's market records (its catalogue and trades): the centre names the organisation's
staff. A named user gets the organisation staff role (district-wide scope of nothing else: the role alone
gives no rights; ``web.permissions.can_edit_market_records`` reads the OrganisationStaff rows)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bombaram.market.models import OrganisationStaff
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_organisation, check


def add_organisation_staff(*, user: Any, organisation: Organisation, member: Any) -> OrganisationStaff:
    """Name ``member`` a keeper of ``organisation``'s market records: the centre covering its district only."""
    from bombaram.web.services import assign_role

    check(can_edit_organisation(user, organisation))
    with transaction.atomic():
        link, created = OrganisationStaff.objects.get_or_create(organisation=organisation, user=member)
        assign_role(user=member, role=Role.ORGANISATION_STAFF, actor=user)
        if created:
            audit.record("market.staff.added", actor=user, obj=link, organisation=organisation.pk,
                         member=member.username)
    return link


def remove_organisation_staff(*, user: Any, link: OrganisationStaff) -> None:
    check(can_edit_organisation(user, link.organisation))
    with transaction.atomic():
        audit.record("market.staff.removed", actor=user, obj=link, organisation=link.organisation_id,
                     member=link.user.username)
        link.delete()
