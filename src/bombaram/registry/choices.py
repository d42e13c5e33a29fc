from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Location(models.TextChoices):
    """Where the organisation sits relative to the region the system reports on."""

    IN_REGION = "in_region", _("In the region")
    OUTSIDE = "outside", _("Outside the region")
    UNKNOWN = "unknown", _("Unknown")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, not written")
    WRITTEN = "written", _("Written")
    REJECTED = "rejected", _("Rejected")
