from django.db import models
from django.utils.translation import gettext_lazy as _


class Cohort(models.IntegerChoices):
    FIRST = 1, _("Cohort 1 (from July 2012)")
    SECOND = 2, _("Cohort 2 (from November 2012)")
    THIRD = 3, _("Cohort 3 (from June 2013)")


class RecordKind(models.TextChoices):
    """The kinds of the activity ledger (core.programme_ledger.Kind; a test keeps them in step)."""

    EDUCATION = "education", _("Education course")
    IDEA_TEAM = "idea_team", _("Idea team")
    STUDY_GROUP = "study_group", _("Resident study group")
    MARKET = "market", _("Market or fair")
    CONSULTING = "consulting", _("Consulting or mentoring")
    STEERING_MEETING = "steering_meeting", _("Steering committee meeting")
    COUNCIL = "council", _("Local council formed")
    NETWORK = "network", _("Cooperation network")
    AGENDA_WORKSHOP = "agenda_workshop", _("Agenda workshop")
    AGENDA_NETWORK = "agenda_network", _("Agenda network")
    AGENDA_FOUNDING = "agenda_founding", _("Organisation founded from an agenda")
    FUND = "fund", _("Local fund raised")
    FUND_GROUP = "fund_group", _("Fund-building group")
    SPACE = "space", _("Office or shared space")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class TraineeGroup(models.TextChoices):
    YOUTH = "youth", _("Youth (청소년)")
    YOUNG_ADULT = "young_adult", _("Young adults (청년)")
    ADULT = "adult", _("Adults (성인)")
    ENTREPRENEUR = "entrepreneur", _("Social entrepreneurs (사회적기업가)")
    RESIDENT = "resident", _("Residents (주민)")
class MemberRole(models.TextChoices):
    """An organisation's place in the team's consortium (컨소시엄)."""

    LEAD = "lead", _("Lead organisation (주관기관)")
    MEMBER = "member", _("Member organisation (참여기관)")


class EvaluationResult(models.TextChoices):
    """The centre's evaluation of a contract year (core.programme_contracts.Evaluation)."""

    PENDING = "", _("Not yet evaluated")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")
