from django.db import models
from django.utils.translation import gettext_lazy as _


# --- needs and matching (mktmatch) ---
class NeedPoster(models.TextChoices):
    DEPARTMENT = "department", _("Public department")
    ORGANISATION = "organisation", _("Organisation")
    GROUP = "group", _("Group purchase (many buyers)")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MatchOutcomeKind(models.TextChoices):
    CONTACTED = "contacted", _("Contacted")
    QUOTED = "quoted", _("Quoted")
    CONTRACTED = "contracted", _("Contracted")
    PURCHASE_RECORD = "purchase_record", _("Purchase recorded")
