"""Recording audit events; every service that writes calls ``record``."""

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
