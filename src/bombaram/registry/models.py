"""Reference geography and classifications the registry stands on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bombaram.registry.choices import ImportStatus, Location, OrganisationStatus


class BilingualName(models.Model):
    """Data with a Korean and an English name; ``name`` follows the active language."""

    name_ko = models.CharField(_("Korean name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ko  # also in English when no English name is known (most 시군구 outside Seoul)


class Region(BilingualName):
    """A 시도 (or any area) whose districts the system reports on."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True,
        help_text=_("Comma-separated short forms used in addresses, e.g. 서울시, 서울"),
    )
    # the code's validity (reference/korea/sido.csv): 강원도 (42) until 2023-06-11, then 강원특별자치도 (51)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class District(BilingualName):
    """A 시군구 with its official 5-digit administrative code (행정표준코드)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("administrative code"), max_length=5, unique=True)
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Korean alphabetical order (가나다), as the report lists districts")
    )
    # the code's validity and, for a 일반구 (수원시 장안구), its 시 (reference/korea/sigungu.csv)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    parent_code = models.CharField(_("city of a non-autonomous district"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region", "order", "name_ko"]

    @property
    def short_name(self) -> str:
        """The report's short form: 마포구 → 마포, but 중구 stays 중구."""
        if (get_language() or "ko").startswith("en"):
            return self.name_en.removesuffix("-gu")
        return self.name_ko[:-1] if len(self.name_ko) > 2 and self.name_ko.endswith("구") else self.name_ko


class IndustryGroup(BilingualName):
    """One of the support centre's ten industry groups (교육, 기타서비스, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("industry group")
        verbose_name_plural = _("industry groups")
        ordering = ["order"]


class DesignationType(BilingualName):
    """A designation an organisation can hold, with its precedence for counting by organisation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    precedence = models.PositiveSmallIntegerField(
        _("precedence"), unique=True,
        help_text=_("1 is highest: an organisation holding several designations is counted under the highest"),
    )
    report_column = models.SlugField(_("report column"), max_length=40)
    is_social_enterprise = models.BooleanField(_("counts as a social enterprise (사회적기업)"), default=False)

    class Meta:
        verbose_name = _("designation type")
        verbose_name_plural = _("designation types")
        ordering = ["precedence"]


class Organisation(models.Model):
    """A social economy organisation (사회적경제 조직), with its designations over time."""

    name = models.CharField(_("name"), max_length=200)
    # Matching (business number, corporate number, name + district) runs on an in-memory index built
    # per import, and the directory searches with LIKE '%…%': database indexes on these columns would
    # only slow every import down.
    name_key = models.CharField(_("name for matching"), max_length=200, editable=False)
    business_no = models.CharField(_("business registration number"), max_length=10, blank=True)
    business_no_confirmed = models.BooleanField(
        _("business number confirmed"), default=False,
        help_text=_("Set when a user confirmed a number whose check digit fails"),
    )
    corporate_no = models.CharField(_("corporate registration number"), max_length=13, blank=True)
    corporate_no_confirmed = models.BooleanField(_("corporate number confirmed"), default=False)
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("district"),
        db_index=False,  # org_district_industry_idx serves district look-ups
    )
    location = models.CharField(_("location"), max_length=20, choices=Location.choices, default=Location.UNKNOWN)
    outside_area = models.CharField(
        _("area outside the region"), max_length=60, blank=True, help_text=_("e.g. 경기도, when the organisation is outside the region")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry = models.ForeignKey(
        IndustryGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("industry group")
    )
    industry_text = models.CharField(_("industry as written in the source"), max_length=200, blank=True)
    ksic = models.CharField(_("KSIC code"), max_length=5, blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    closed = models.DateField(_("closed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["district", "industry"], name="org_district_industry_idx"),
            models.Index(fields=["name", "id"], name="org_name_order_idx"),  # the directory's default order
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisation-detail", args=[self.pk])

    @property
    def business_no_display(self) -> str:
        from bombaram.core.identifiers import format_business_no

        return format_business_no(self.business_no) if len(self.business_no) == 10 and self.business_no.isdigit() else self.business_no

    @property
    def corporate_no_display(self) -> str:
        from bombaram.core.identifiers import format_corporate_no

        return format_corporate_no(self.corporate_no) if len(self.corporate_no) == 13 and self.corporate_no.isdigit() else self.corporate_no


class Designation(models.Model):
    """One designation an organisation holds or held (인증, 지정, 인가), from a source list."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="designations",
                                     db_index=False)  # designation_org_type_idx starts with it
    type = models.ForeignKey(DesignationType, on_delete=models.PROTECT, related_name="designations", verbose_name=_("type"),
                             db_index=False)  # designation_validity_idx starts with type
    granted = models.DateField(_("granted"), null=True, blank=True)
    ended = models.DateField(_("ended"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    source = models.CharField(_("source list"), max_length=200, blank=True)
    first_seen = models.DateField(_("first seen in a list"), null=True, blank=True)
    last_seen = models.DateField(_("last seen in a list"), null=True, blank=True)
    # where it came from: the import (list and file) and the file's row as a spreadsheet numbers it;
    # both empty for a designation entered by hand (직접 입력) or loaded before they were recorded
    import_batch = models.ForeignKey("ImportBatch", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="designations", verbose_name=_("import"))
    source_row = models.PositiveIntegerField(_("row in the source file"), null=True, blank=True)
    # who designated it: a 시도 for a 지역형 예비사회적기업 (서울형 is 서울특별시's, 충남형 충청남도's), a
    # ministry for a 부처형 one; both empty when the list does not say (and for nationally certified types)
    designating_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="designations",
        verbose_name=_("designating region"))
    designating_ministry = models.CharField(_("designating ministry"), max_length=60, blank=True, default="",
                                            db_default="")  # the bulk inserts that do not name it

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["granted", "type__precedence"]
        indexes = [
            models.Index(fields=["type", "granted", "ended"], name="designation_validity_idx"),
            models.Index(fields=["organisation", "type"], name="designation_org_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.type}"

    def valid_on(self, day) -> bool:
        """Valid on ``day`` when granted on or before it and not yet ended (the end day is excluded)."""
        return (self.granted is None or self.granted <= day) and (self.ended is None or day < self.ended)


class CooperativeCount(models.Model):
    """Members and paid-in capital (출자금) of a cooperative, as counted on a date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cooperative_counts",
                                     db_index=False)  # the unique (organisation, counted_on) serves it
    counted_on = models.DateField(_("counted on"))
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    capital_won = models.BigIntegerField(_("paid-in capital (won)"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperative count")
        verbose_name_plural = _("cooperative counts")
        ordering = ["-counted_on"]
        constraints = [models.UniqueConstraint(fields=["organisation", "counted_on"], name="coop_count_unique_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.counted_on}"


class YearlyFigure(models.Model):
    """An organisation's figures for one year: employees (and those from vulnerable groups, 취약계층),
    revenue (매출액), operating profit (영업이익, negative for a loss) and when public wage support
    (인건비 지원) ends, as a list or the district's administrator reported them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="yearly_figures",
                                     db_index=False)  # the unique (organisation, year) serves it
    year = models.PositiveSmallIntegerField(_("year"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    vulnerable_employees = models.PositiveIntegerField(_("employees from vulnerable groups"), null=True, blank=True)
    revenue_won = models.BigIntegerField(_("revenue (won)"), null=True, blank=True)
    operating_profit_won = models.BigIntegerField(_("operating profit (won)"), null=True, blank=True)
    wage_support_ends = models.DateField(_("public wage support ends"), null=True, blank=True)
    import_batch = models.ForeignKey("ImportBatch", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="yearly_figures", verbose_name=_("import"))
    source_row = models.PositiveIntegerField(_("row in the source file"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="yearly_figure_unique_year"),
            models.CheckConstraint(
                condition=models.Q(employees__isnull=True) | models.Q(vulnerable_employees__isnull=True)
                | models.Q(vulnerable_employees__lte=models.F("employees")),
                name="yearly_figure_vulnerable_within_employees"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}"


class ImportBatch(models.Model):
    """One file imported (or previewed) into the registry, with its report."""

    created = models.DateTimeField(_("time"), auto_now_add=True)
    user = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user"))
    filename = models.CharField(_("file"), max_length=255)
    designation = models.CharField(_("designation"), max_length=40)
    as_of = models.DateField(_("list date"))
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    stored_file = models.CharField(max_length=300, blank=True, editable=False)
    options = models.JSONField(default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.as_of})"


class RegistryRevision(models.Model):
    """A counter bumped by every write to the registry, so that derived statistics can be cached
    safely across processes (the command line and the web server share only the database)."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("registry revision")

    def __str__(self) -> str:
        return str(self.number)


def bump_revision() -> None:
    """Mark the registry as changed (one row, updated in the writer's transaction)."""
    updated = RegistryRevision.objects.filter(pk=1).update(number=models.F("number") + 1)
    if not updated:
        RegistryRevision.objects.get_or_create(pk=1, defaults={"number": 1})


def current_revision() -> int:
    return RegistryRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0
