from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The levels of a framework (logic model): 목적 → 활동 → 세부 활동 → 평가지표."""

    GOAL = "goal", _("Goal (목적)")
    ACTIVITY = "activity", _("Activity (활동)")
    SUBACTIVITY = "subactivity", _("Sub-activity (세부 활동)")
    INDICATOR = "indicator", _("Indicator (평가지표)")


class ResultKind(models.TextChoices):
    OUTPUT = "output", _("Output (산출)")
    OUTCOME = "outcome", _("Outcome (성과)")


class SharedScheme(models.TextChoices):
    """Shared sets of core indicators a local indicator can be mapped to (crosswalk), never imposed."""

    SVI = "svi", _("Social Value Index (SVI, Korea Social Enterprise Promotion Agency)")
    TOMS = "toms", _("UK National TOMs")
    IRIS = "iris", _("IRIS+ (GIIN)")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class QuartileMethod(models.TextChoices):
    WEIBULL = "weibull", _("SPSS HAVERAGE (Hyndman–Fan type 6)")
    LINEAR = "linear", _("Excel/numpy default (Hyndman–Fan type 7)")
    TUKEY = "tukey", _("Tukey's hinges")


class CriticalMethod(models.TextChoices):
    EXACT = "exact", _("Exact binomial (Ayre & Scally 2014)")
    LAWSHE = "lawshe1975", _("Lawshe's 1975 table")  # core.delphi.CRITICAL_METHODS


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Round closed")


class ItemKind(models.TextChoices):
    """What a questionnaire item asks: activities a score, indicators yes/no and a score."""

    ACTIVITY = "activity", _("Activity")
    INDICATOR = "indicator", _("Indicator")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted for the next round")
    REJECTED = "rejected", _("Not taken up")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class SourceKind(models.TextChoices):
    """Where a bound indicator's value comes from instead of being typed (one fact, entered once)."""

    LEDGER = "ledger", _("Programme team activity ledger")
    PURCHASES = "purchases", _("Public purchase records")
    MARKET = "market", _("Market building records")
