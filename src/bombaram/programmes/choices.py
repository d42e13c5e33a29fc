from django.db import models
from django.utils.translation import gettext_lazy as _


class Cohort(models.IntegerChoices):
    FIRST = 1, _("Cohort 1 (from July 2012)")
    SECOND = 2, _("Cohort 2 (from November 2012)")
    THIRD = 3, _("Cohort 3 (from June 2013)")


class MemberRole(models.TextChoices):
    """An organisation's place in the team's consortium (컨소시엄)."""

    LEAD = "lead", _("Lead organisation (주관기관)")
    MEMBER = "member", _("Member organisation (참여기관)")


class EvaluationResult(models.TextChoices):
    """The centre's evaluation of a contract year (core.programme_contracts.Evaluation)."""

    PENDING = "", _("Not yet evaluated")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
