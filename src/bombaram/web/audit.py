"""Recording audit events; every service that writes calls ``record``. ``save_changes`` writes only
what differs, and returns it for the event."""

from __future__ import annotations

from typing import Any

from django.db import models

from bombaram.web.models import AuditEvent


def record(name: str, *, actor: Any = None, obj: models.Model | None = None, **data: Any) -> AuditEvent:
    """Append an event named with a dotted name (``programmes.team.contacts_updated``)."""
    return AuditEvent.objects.create(
        name=name,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


def save_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the ``values`` that differ from ``obj``'s and save only those fields (nothing when none
    differ, so a repeated request writes nothing). Returns {field: [before, after]} of the changes."""
    changes = {name: [getattr(obj, name), value] for name, value in values.items() if getattr(obj, name) != value}
    for name, (_before, value) in changes.items():
        setattr(obj, name, value)
    if changes:
        obj.save(update_fields=list(changes))
    return changes
