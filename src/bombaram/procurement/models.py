"""Institutions, departments, targets, eligibility policies, plans, purchases and disclosures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bombaram.core.purchase import default_plan_due
from bombaram.procurement.choices import (
    Category,
    Channel,
    DepartmentKind,
    DisclosureKind,
    DistrictMode,
    PlanStatus,
    TotalDimension,
)


class Institution(models.Model):
    """A public body that buys (e.g. 성북구청), with its own ordinance and policy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    # the 시도 (first two digits of the 행정표준코드) the national report groups by; empty when unknown
    sido_code = models.CharField(_("province (시도) code"), max_length=2, blank=True, default="")

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="departments")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=DepartmentKind.choices, default=DepartmentKind.HEADQUARTERS)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["institution", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="department_code_unique"),
                       models.UniqueConstraint(fields=["institution", "name"], name="department_name_unique"),
                       # what a purchase's (department, institution) key refers to (migration 0017)
                       models.UniqueConstraint(fields=["id", "institution"], name="department_id_institution_unique")]

    def __str__(self) -> str:
        return self.name


class EligibilityPolicy(models.Model):
    """Which suppliers count, per institution (the ordinance's rule held as data)."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="policy")
    eligible_types = models.JSONField(_("eligible designation types"), default=list)
    district_mode = models.CharField(_("in-district suppliers"), max_length=20, choices=DistrictMode.choices, default=DistrictMode.FLAG)
    sales_hall_counts = models.BooleanField(_("sales hall purchases count"), default=True)
    reseller_counts = models.BooleanField(_("purchases through a reseller count (flagged)"), default=True)
    designated = models.ManyToManyField("registry.Organisation", blank=True, verbose_name=_("enterprises the district head designates"))

    class Meta:
        verbose_name = _("eligibility policy")
        verbose_name_plural = _("eligibility policies")

    def __str__(self) -> str:
        return str(self.institution)


class EvaluationSetting(models.Model):
    """The institution's weights of the department evaluation (Art. 17), set by the 사회적경제과;
    without a row, core.purchase.EvaluationWeights' defaults apply."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="evaluation_setting")
    achievement = models.DecimalField(_("weight: achievement"), max_digits=5, decimal_places=1)
    plan_on_time = models.DecimalField(_("weight: plan on time"), max_digits=5, decimal_places=1)
    justified_exceptions = models.DecimalField(_("weight: justified exceptions"), max_digits=5, decimal_places=1)
    supplier_breadth = models.DecimalField(_("weight: breadth of suppliers"), max_digits=5, decimal_places=1)
    plan_late_cutoff_days = models.PositiveSmallIntegerField(_("days late at which the plan scores 0"))
    updated = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("evaluation weights")
        verbose_name_plural = _("evaluation weights")

    def __str__(self) -> str:
        return str(self.institution)


class YearTarget(models.Model):
    """The institution's yearly target (구매목표), notified to the departments."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    target_won = models.BigIntegerField(_("target (won)"))
    target_rate_pct = models.DecimalField(_("target rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["institution", "year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="year_target_unique")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"


class DepartmentTarget(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    target_won = models.BigIntegerField(_("target (won)"))

    class Meta:
        verbose_name = _("department target")
        verbose_name_plural = _("department targets")
        ordering = ["department", "year"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="department_target_unique")]

    def __str__(self) -> str:
        return f"{self.department} {self.year}"


class PlanQuerySet(models.QuerySet):
    def with_deadline(self) -> PlanQuerySet:
        """Each plan with ``deadline``: the PlanDeadline of its institution and year, or None (one query
        for a whole list, instead of one per plan in ``due_on``)."""
        return self.annotate(deadline=models.Subquery(PlanDeadline.objects.filter(
            institution_id=models.OuterRef("department__institution_id"), year=models.OuterRef("year"),
        ).values("due")[:1]))


class PurchasePlan(models.Model):
    """A department's yearly purchase plan (구매계획), drafted, submitted and approved or returned.
    Its deadline is the institution's for the year (PlanDeadline), or core's default."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment from the 사회적경제과"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase plan")
        verbose_name_plural = _("purchase plans")
        ordering = ["year", "department"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="plan_unique_per_year")]

    def __str__(self) -> str:
        return f"{self.department} {self.year}"

    @property
    def due_on(self) -> dt.date:
        """The deadline the 사회적경제과 set for the institution's plans of the year, or core's default
        (the end of the year before)."""
        if "deadline" not in self.__dict__:  # not read with PlanQuerySet.with_deadline()
            self.deadline = (PlanDeadline.objects.filter(institution_id=self.department.institution_id, year=self.year)
                             .values_list("due", flat=True).first())
        return self.deadline or default_plan_due(self.year)

    @property
    def submitted_on(self) -> dt.date | None:
        return timezone.localtime(self.submitted).date() if self.submitted else None

    @property
    def late(self) -> bool:
        return self.submitted is not None and self.submitted_on > self.due_on


class PlanDeadline(models.Model):
    """The deadline the 사회적경제과 sets for an institution's plans of a year (계획 제출 기한), also
    before any department has started one: plans take it when they are started."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="plan_deadlines")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    due = models.DateField(_("plans due by"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan deadline")
        verbose_name_plural = _("plan deadlines")
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="plan_deadline_unique")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}: {self.due}"


class PlanItem(models.Model):
    plan = models.ForeignKey(PurchasePlan, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(_("item"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    planned_won = models.BigIntegerField(_("planned amount (won)"))
    candidates = models.ManyToManyField("registry.Organisation", blank=True, verbose_name=_("candidate suppliers"))

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.item


class Purchase(models.Model):
    """One purchase, with the eligibility decided on its date and kept with it."""

    # no single-column indexes on these two: the (institution, purchased_on) and (department, purchased_on)
    # indexes below lead with them and serve every look-up by either; two fewer indexes to write for each
    # of a million imported rows (docs/explain.md). No key of their own either: PostgreSQL holds the pair
    # to (department, its institution) with one foreign key (migration 0017: one check a row at commit
    # instead of two, and a department of another institution refused); SQLite keeps its column keys
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="purchases", db_index=False,
                                    db_constraint=False)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="purchases", db_index=False,
                                   db_constraint=False)
    purchased_on = models.DateField(_("purchase date"))
    supplier = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="purchases", verbose_name=_("supplier"))
    supplier_name = models.CharField(_("supplier name"), max_length=200)
    supplier_business_no = models.CharField(_("supplier business number"), max_length=10, blank=True)
    item = models.CharField(_("item"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount_won = models.BigIntegerField(_("amount (won)"))
    contract_method = models.CharField(_("contract method"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.DIRECT)
    exception_code = models.PositiveSmallIntegerField(_("exception reason (Art. 10)"), null=True, blank=True)
    exception_justification = models.TextField(_("justification"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    counted = models.BooleanField(_("counted"), default=False)
    not_counted_reason = models.CharField(_("why not counted"), max_length=200, blank=True)
    in_district = models.BooleanField(_("in-district supplier"), null=True)
    indirect = models.BooleanField(_("through a reseller"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    #: 1 as recorded; each correction adds 1 (a form carries the revision it showed, so a correction
    #: made meanwhile by someone else is never overwritten)
    revision = models.PositiveIntegerField(_("revision"), default=1, db_default=1)  # raw bulk inserts leave it out
    corrected = models.DateTimeField(_("last corrected"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-purchased_on", "-id"]
        indexes = [models.Index(fields=["institution", "purchased_on"], name="purchase_institution_day_idx"),
                   models.Index(fields=["department", "purchased_on"], name="purchase_department_day_idx"),
                   # The annual report lists these rows one by one (the rest it reads from PurchaseTotal):
                   # small partial indexes instead of a walk through the whole year.
                   models.Index(fields=["institution", "purchased_on"], condition=models.Q(counted=False),
                                name="purchase_not_counted_idx"),
                   models.Index(fields=["institution", "purchased_on"], condition=models.Q(exception_code__isnull=False),
                                name="purchase_exception_idx")]

    def __str__(self) -> str:
        return f"{self.purchased_on} {self.supplier_name} {self.item}"


class PurchaseTotal(models.Model):
    """Running sums of one institution's purchases of one year along one dimension of the annual
    report (core.purchase.ReportTallies), kept by services.totals in the same transaction as every
    purchase written, so that the report reads tens of thousands of sums instead of every purchase.

    ``key1``/``key2`` per dimension: supplier_month (supplier key, ""), item_month (item, ""),
    department_supplier (department id, supplier key; month 0), flags (category, "counted,indirect,
    in_district" as 1/0/-1). The supplier key is the registry id, or the name of an unregistered
    supplier."""

    # indexed by the unique constraint, which leads with it
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="purchase_totals", db_index=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=20, choices=TotalDimension.choices)
    key1 = models.CharField(max_length=200)
    key2 = models.CharField(max_length=200, blank=True)
    eligible_won = models.BigIntegerField(default=0)
    total_won = models.BigIntegerField(default=0)
    counted_n = models.IntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("purchase total")
        verbose_name_plural = _("purchase totals")
        constraints = [models.UniqueConstraint(fields=["institution", "year", "dimension", "month", "key1", "key2"],
                                               name="purchase_total_unique")]
        # sums a correction or withdrawal emptied (deleted at once, so the index stays near empty)
        indexes = [models.Index(fields=["institution", "year"], condition=models.Q(n__lte=0),
                                name="purchase_total_emptied_idx"),
                   # the national report's only read (procurement/national.sums_sql): the year's flags
                   # sums in group order, covering every column it reads (SQLite wants the condition's
                   # column too), so both engines answer from the index alone without reading the 20M
                   # other sums (docs/explain.md)
                   models.Index(fields=["year", "institution", "month", "key1", "total_won", "eligible_won",
                                        "n", "counted_n", "dimension"],
                                condition=models.Q(dimension="flags"), name="purchase_total_flags_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year}-{self.month} {self.dimension} {self.key1} {self.key2}"


class PurchaseMonth(models.Model):
    """When an institution's purchases of one month last changed (recorded, imported, corrected or
    withdrawn): a month published before that time needs a correction (정정 공시)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="purchase_months")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    changed = models.DateTimeField()
    #: when the 사회적경제과 last tried to publish the month and found nothing new to publish (e.g. only
    #: a note changed, which the disclosure does not show): the month needs no correction for that
    checked = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("month of purchases")
        verbose_name_plural = _("months of purchases")
        constraints = [models.UniqueConstraint(fields=["institution", "year", "month"], name="purchase_month_unique")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year}-{self.month} {self.changed:%Y-%m-%d %H:%M}"


class Disclosure(models.Model):
    """A published snapshot (monthly purchases or the approved plan). Never changed once stored:
    a correction is a new version that supersedes it, and the public page shows the history."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="disclosures")
    kind = models.CharField(_("kind"), max_length=20, choices=DisclosureKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    published = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(_("reason for the correction"), blank=True)
    snapshot = models.JSONField(_("published content"))
    #: the names as published, by id: {"institution": name, "departments": {id: name}, "suppliers":
    #: {registry id: name}}; the annual report and OCDS of a closed year show these, whatever was
    #: renamed since (the snapshot holds the names as the page shows them)
    names = models.JSONField(_("names as published"), default=dict, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["institution", "kind", "-year", "-month", "-version"]
        constraints = [models.UniqueConstraint(fields=["institution", "kind", "year", "month", "version"], name="disclosure_version_unique")]

    def __str__(self) -> str:
        return f"{self.institution} {self.kind} {self.year}-{self.month or ''} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published disclosure cannot be changed: publish a correction instead."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published disclosure cannot be deleted: publish a correction instead."))


class TargetNotice(models.Model):
    """A department's target as the 사회적경제과 notified it (구매목표 통보): kept per notification, so the
    department sees what it was told and when, and a later change is a new notice."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="target_notices")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    target_won = models.BigIntegerField(_("target (won)"))
    previous_won = models.BigIntegerField(_("previous target (won)"), null=True, blank=True)
    notified = models.DateTimeField(_("notified"), default=timezone.now)
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    acknowledged = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")

    class Meta:
        verbose_name = _("target notice")
        verbose_name_plural = _("target notices")
        ordering = ["-notified", "-pk"]

    def __str__(self) -> str:
        return f"{self.department} {self.year}: {self.target_won:,}"


class PlanStatement(models.Model):
    """What the institution's plan says beyond its items (ordinance Art. 6 ② 2–4): how purchasing is
    promoted (추진체계), special contract terms, evaluation and improvements, and the budget for carrying
    out the plan. Published with the plan (Art. 6 ①)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="plan_statements")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    arrangements = models.TextField(_("delivery arrangements (추진체계)"), blank=True)
    special_terms = models.TextField(_("special contract terms, evaluation and improvements"), blank=True)
    budget_won = models.BigIntegerField(_("budget for carrying out the plan (won)"), null=True, blank=True)
    budget_note = models.TextField(_("about the budget"), blank=True)
    updated = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("plan statement (Art. 6)")
        verbose_name_plural = _("plan statements (Art. 6)")
        ordering = ["institution", "-year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="plan_statement_unique")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"


class ReportStatement(models.Model):
    """The parts of the Art. 7 report that are not purchases (Art. 7 ① 3–5): support to producers,
    distributors and sellers; education and promotion; improvements of rules and policies and good
    practice. Entered as text and figures by the 사회적경제과."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="report_statements")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    support_text = models.TextField(_("support to producers, distributors and sellers"), blank=True)
    support_cases = models.PositiveIntegerField(_("support: cases"), null=True, blank=True)
    support_won = models.BigIntegerField(_("support: amount (won)"), null=True, blank=True)
    education_text = models.TextField(_("education and promotion"), blank=True)
    education_sessions = models.PositiveIntegerField(_("education and promotion: sessions"), null=True, blank=True)
    education_participants = models.PositiveIntegerField(_("education and promotion: participants"), null=True, blank=True)
    improvements_text = models.TextField(_("improvements of rules and policies"), blank=True)
    improvements_count = models.PositiveIntegerField(_("improvements: number"), null=True, blank=True)
    good_practice_text = models.TextField(_("good practice"), blank=True)
    updated = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("report statement (Art. 7)")
        verbose_name_plural = _("report statements (Art. 7)")
        ordering = ["institution", "-year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="report_statement_unique")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"
class PurchaseRevision(models.Model):
    """A version of a purchase that a correction replaced or a withdrawal ended, kept for good: the
    OCDS releases of a purchase (as recorded, each correction, its withdrawal) are built from these
    rows and the purchase as it stands, so a release once issued never changes (core.purchase.ocds).

    ``purchase_number`` is the purchase's id (the row is gone after a withdrawal); ``values`` the
    fields of corrections.FIELDS as they were; ``recorded`` when they were recorded (the purchase's
    creation for revision 1, the correction that made them after); ``ended`` when the correction or
    withdrawal (``withdrawn``) replaced them, for ``reason``; ``year`` the year of their purchase date."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="purchase_revisions")
    purchase_number = models.PositiveBigIntegerField(_("purchase number"))
    revision = models.PositiveIntegerField(_("revision"))
    year = models.PositiveSmallIntegerField(_("year"))
    values = models.JSONField(_("values"))
    recorded = models.DateTimeField(_("recorded"))
    ended = models.DateTimeField(_("replaced or withdrawn"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("purchase revision")
        verbose_name_plural = _("purchase revisions")
        ordering = ["purchase_number", "revision"]
        constraints = [models.UniqueConstraint(fields=["purchase_number", "revision"], name="purchase_revision_unique")]
        indexes = [models.Index(fields=["institution", "year"], name="purchase_revision_year_idx")]

    def __str__(self) -> str:
        return f"{self.purchase_number} r{self.revision}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A kept revision of a purchase cannot be changed."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A kept revision of a purchase cannot be deleted."))
