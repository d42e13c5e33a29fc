from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    PURCHASE_IMPORT = "purchase_import", _("Purchase file import")
    OCDS_PACKAGE = "ocds_package", _("OCDS release package of a year")
    PURCHASE_REPORTS = "purchase_reports", _("Annual purchase report of every institution")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


#: states a job never leaves
FINISHED = (JobState.DONE, JobState.REFUSED, JobState.FAILED)
