from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bombaram.programmes.choices import (
    Cohort,
    EvaluationResult,
    MemberRole,
    RecordKind,
    RecordStatus,
    TraineeGroup,
)
from bombaram.registry.models import District, Organisation


class ProgrammeTeam(models.Model):
    """A district programme team (지역특화사업단) run by a local consortium."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="programme_teams")
    name = models.CharField(_("team name"), max_length=200)
    cohort = models.PositiveSmallIntegerField(_("cohort"), choices=Cohort.choices)
    started = models.DateField(_("started"))
    website = models.CharField(_("website"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme team")
        verbose_name_plural = _("programme teams")
        ordering = ["cohort", "district__order"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="team_unique_name_in_district")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("team-detail", args=[self.pk])

    @property
    def website_url(self) -> str:
        if not self.website:
            return ""
        return self.website if "://" in self.website else f"http://{self.website}"


ROLLUP_COLUMNS = ["hours", "persons", "visitors", "amount_won", "proposals", "given_by_district", "illustrative"]


class LedgerRecord(models.Model):
    """One thing a team did once (활동 대장의 기록): a course, a market, a meeting, a fund raised.

    One table for every kind, with the typed fields the kinds use (core.programme_ledger.KINDS says which
    kind fills which; the services validate it), so that the city roll-up is one GROUP BY kind over one
    table. Trainees by target group and participating organisations are child rows.
    """

    team = models.ForeignKey(ProgrammeTeam, on_delete=models.PROTECT, related_name="ledger_records")
    ref = models.CharField(_("record number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, null=True, blank=True)
    persons = models.PositiveIntegerField(_("persons"), null=True, blank=True)
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    amount_won = models.PositiveBigIntegerField(_("amount (won)"), null=True, blank=True)
    proposals = models.PositiveIntegerField(_("proposals"), null=True, blank=True)
    given_by_district = models.BooleanField(_("given by the district"), null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="ledger_records", verbose_name=_("linked organisation"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    return_note = models.TextField(_("note on return"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("last changed by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved = models.DateTimeField(_("approved"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ledger record")
        verbose_name_plural = _("ledger records")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["team", "ref"], name="ledger_record_unique_ref_in_team")]
        # Covering indexes for the roll-up: the city's (status, kind, …) and a team's (team, status, kind, …)
        # sums are read from the index alone, in kind order (no table lookups, no sorting).
        indexes = [
            models.Index(fields=["status", "kind", "date", "team", *ROLLUP_COLUMNS], name="ledger_rollup_city"),
            models.Index(fields=["team", "status", "kind", "date", *ROLLUP_COLUMNS], name="ledger_rollup_team"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"


class LedgerTrainees(models.Model):
    """An education record's trainees of one target group (교육 대상)."""

    record = models.ForeignKey(LedgerRecord, on_delete=models.CASCADE, related_name="trainee_counts")
    group = models.CharField(_("target group"), max_length=20, choices=TraineeGroup.choices)
    persons = models.PositiveIntegerField(_("persons"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "group"], name="ledger_trainees_unique_group")]

    def __str__(self) -> str:
        return f"{self.group} {self.persons}"


class LedgerParticipant(models.Model):
    """An organisation taking part in a record: a registry organisation, or a name not (yet) in the registry.

    ``key`` is its identity for distinct counts (``o:<id>`` or ``n:<normalised name>``,
    core.programme_ledger.participant_key). ``team``, ``date``, ``pool`` and ``approved`` repeat the record's
    team, date, participant pool (of its kind) and whether it is approved, kept in step by the services, so
    that distinct counts read one covering index in (pool, key) order (no sorting) without joining the records.
    """

    record = models.ForeignKey(LedgerRecord, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="ledger_participations")
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=220)
    team = models.ForeignKey(ProgrammeTeam, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()
    pool = models.CharField(max_length=12)
    approved = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["pool", "key", "approved", "date", "team"], name="ledger_participant_city"),
            models.Index(fields=["team", "pool", "key", "approved", "date"], name="ledger_participant_team"),
        ]

    def __str__(self) -> str:
        return self.name


class ConsortiumMember(models.Model):
    """An organisation of the team's consortium: a registry organisation, or one not yet registered
    (``pending_name``, optional business number) until it is linked to the registry. Linking keeps the
    name it was entered under (and ``linked`` says when), so the history stays readable."""

    team = models.ForeignKey(ProgrammeTeam, on_delete=models.CASCADE, related_name="consortium")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="consortia", verbose_name=_("organisation"))
    pending_name = models.CharField(_("name (not yet registered)"), max_length=200, blank=True)
    pending_business_no = models.CharField(_("business number (not yet registered)"), max_length=10, blank=True)
    role = models.CharField(_("role in the consortium"), max_length=10, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)
    linked = models.DateTimeField(_("linked to the registry"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")
        ordering = ["team", "role", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(organisation__isnull=False) | ~models.Q(pending_name=""),
                                   name="consortium_member_named"),
            models.UniqueConstraint(fields=["team", "organisation"], condition=models.Q(organisation__isnull=False),
                                    name="consortium_member_once"),
            models.UniqueConstraint(fields=["team"], condition=models.Q(role="lead"), name="consortium_one_lead"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation_id else self.pending_name

    @property
    def pending(self) -> bool:
        return self.organisation_id is None


class TeamStaff(models.Model):
    """A person working for the team (사업단장, 코디네이터 …), optionally linked to a user account."""

    team = models.ForeignKey(ProgrammeTeam, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("user account"))
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("team staff member")
        verbose_name_plural = _("team staff")
        ordering = ["team", "pk"]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """One yearly contract of the team with the city: amount, period (both days included), evaluation
    and its result, conditions. The sunset rule (core.programme_contracts) is checked when one is made."""

    team = models.ForeignKey(ProgrammeTeam, on_delete=models.PROTECT, related_name="contracts")
    number = models.PositiveSmallIntegerField(_("contract year"))
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    amount_won = models.BigIntegerField(_("amount (won)"))
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    evaluation_result = models.CharField(_("evaluation result"), max_length=10, choices=EvaluationResult.choices,
                                         default=EvaluationResult.PENDING, blank=True)
    evaluated = models.DateTimeField(_("evaluation recorded"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    illustrative = models.BooleanField(_("illustrative (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["team", "start"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="contract_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=3), name="contract_number_sunset"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="contract_period_order"),
            models.CheckConstraint(condition=models.Q(amount_won__gte=0), name="contract_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.number}"


class ContractTarget(models.Model):
    """A contract's target for one ledger measure (core.programme_measures code)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("measure"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("contract target")
        verbose_name_plural = _("contract targets")
        ordering = ["contract", "pk"]
        constraints = [models.UniqueConstraint(fields=["contract", "measure"], name="contract_target_unique")]

    def __str__(self) -> str:
        return f"{self.contract} {self.measure}"
