"""Writes for programme teams."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.registry.reference_data import read_rows


@transaction.atomic
def load_reference_teams() -> int:
    """Create or update the 13 teams of the report's appendix (idempotent)."""
    districts = {d.name_ko: d for d in District.objects.all()}
    for row in read_rows("seoul2014", "programme_teams.csv"):
        year, month = (int(part) for part in row["started"].split("-"))
        ProgrammeTeam.objects.update_or_create(
            district=districts[row["district"]],
            name=row["team_name"],
            defaults={
                "cohort": int(row["cohort"]),
                "started": dt.date(year, month, 1),
                "website": row["website"],
                "phone": row["phone"],
                "email": row["email"],
                "address": row["address"],
            },
        )
    return ProgrammeTeam.objects.count()


def update_team_contacts(*, user, team: ProgrammeTeam, phone: str, email: str, website: str, address: str) -> list[str]:
    """Change a team's contact details; only its own staff or an administrator of its district may.

    Returns the names of the fields that changed (empty when nothing did).
    """
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    check(can_edit_team(user, team))
    new = {"phone": phone, "email": email, "website": website, "address": address}
    changed = {k: (getattr(team, k), v) for k, v in new.items() if getattr(team, k) != v}
    if not changed:
        return []
    with transaction.atomic():
        for field, (_, value) in changed.items():
            setattr(team, field, value)
        team.save(update_fields=list(changed))
        audit.record("programmes.team.contacts_updated", actor=user, obj=team,
                     changes={k: {"from": old, "to": new_value} for k, (old, new_value) in changed.items()})
    return list(changed)
