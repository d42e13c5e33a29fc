from django.db import models
from django.utils.translation import gettext_lazy as _


class Cohort(models.IntegerChoices):
    FIRST = 1, _("Cohort 1 (from July 2012)")
    SECOND = 2, _("Cohort 2 (from November 2012)")
    THIRD = 3, _("Cohort 3 (from June 2013)")
