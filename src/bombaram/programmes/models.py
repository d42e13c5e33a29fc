from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bombaram.programmes.choices import Cohort, EvaluationResult, MemberRole
from bombaram.registry.models import District


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
