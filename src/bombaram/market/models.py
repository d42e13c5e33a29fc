"""Market building (시장조성): what organisations offer. Sales, trades and needs build on the catalogue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bombaram.procurement.choices import Category
from bombaram.registry.models import Organisation


class Product(models.Model):
    """A product or service an organisation offers (the catalogue): what a department, a team or another
    organisation can buy from it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="products",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("product or service"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    goods_code = models.CharField(_("goods classification code (조달청)"), max_length=10, blank=True,
                                  help_text=_("The 8- or 10-digit 물품분류번호 of the Public Procurement Service, where known"))
    unit = models.CharField(_("unit"), max_length=40)
    price_won = models.BigIntegerField(_("unit price (won)"))
    capacity_per_month = models.PositiveIntegerField(_("capacity per month (units)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    delivers_in_district = models.BooleanField(_("delivers within the district"), default=True)
    active = models.BooleanField(_("offered"), default=True)
    photo = models.CharField(_("photo"), max_length=200, blank=True, editable=False,
                             help_text=_("Path of the resized photo under MEDIA_ROOT (market/photos/…)"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_won__gte=0), name="product_price_not_negative"),
            models.UniqueConstraint(fields=["organisation", "name"], name="product_unique_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name


# --- needs and matching (mktmatch): what buyers want, and what came of each suggested supplier ---
from bombaram.market.choices import MatchOutcomeKind, NeedPoster, NeedStatus  # noqa: E402


class Need(models.Model):
    """A need (수요): what a department, an organisation or a group of buyers wants to buy. Matched to the
    catalogue by core.market_match; ``needed_on`` is the date eligibility is judged on."""

    poster = models.CharField(_("posted by"), max_length=20, choices=NeedPoster.choices)
    title = models.CharField(_("what is needed"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="needs",
                                 verbose_name=_("buyer's district"))
    department = models.ForeignKey("procurement.Department", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="needs", verbose_name=_("department"))
    plan_item = models.ForeignKey("procurement.PlanItem", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="needs", verbose_name=_("purchase plan item"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="needs_posted", verbose_name=_("posting organisation"))
    group_name = models.CharField(_("group purchase"), max_length=200, blank=True)
    needed_on = models.DateField(_("needed on"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    quantity_per_month = models.PositiveIntegerField(_("quantity per month"), null=True, blank=True)
    budget_won = models.BigIntegerField(_("budget (won)"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-needed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_won__isnull=True) | models.Q(budget_won__gte=0),
                                   name="need_budget_not_negative"),
            models.CheckConstraint(condition=~models.Q(poster="department") | models.Q(department__isnull=False),
                                   name="need_department_poster_has_department"),
        ]

    def __str__(self) -> str:
        return self.title


class NeedBuyer(models.Model):
    """One buyer of a group purchase (강북's school uniforms: each school with its students)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="buyers")
    name = models.CharField(_("buyer"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    amount_won = models.BigIntegerField(_("amount (won)"), null=True, blank=True)

    class Meta:
        verbose_name = _("buyer of a group purchase")
        verbose_name_plural = _("buyers of a group purchase")
        ordering = ["need", "pk"]

    def __str__(self) -> str:
        return self.name


class MatchOutcome(models.Model):
    """What came of a suggested supplier for a need: contacted, quoted, contracted, or the purchase
    record (a procurement.Purchase of the need's department bought from that supplier)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="outcomes")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="match_outcomes",
                                 verbose_name=_("supplier"))
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("product or service"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=MatchOutcomeKind.choices)
    purchase = models.ForeignKey("procurement.Purchase", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="match_outcomes", verbose_name=_("purchase record"))
    recorded_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("match outcome")
        verbose_name_plural = _("match outcomes")
        ordering = ["need", "recorded_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "supplier", "outcome"], name="match_outcome_once_per_kind"),
            models.CheckConstraint(condition=~models.Q(outcome="purchase_record") | models.Q(purchase__isnull=False),
                                   name="match_outcome_purchase_record_has_purchase"),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.supplier} ({self.get_outcome_display()})"
# ---------------------------------------------------------------- catalogue keepers and trades (mktcat)


class OrganisationStaff(models.Model):
    """A user holding the organisation staff role who keeps this organisation's market records (its catalogue
    and its trades): the organisation's own people, who edit its records and no other organisation's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="market_staff",
                                     verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_organisations",
                             verbose_name=_("user"))

    class Meta:
        verbose_name = _("organisation staff member")
        verbose_name_plural = _("organisation staff")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="market_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class Trade(models.Model):
    """A trade between two social economy organisations (상호거래): one ValueFlows ``EconomicEvent`` with
    ``action: transfer`` — the seller is the event's ``provider``, the buyer its ``receiver``, ``item`` (and
    the catalogue ``product``, when known) the ``resourceConformsTo``, ``amount_won`` the value exchanged in
    won (the ``resourceQuantity`` of the payment that reciprocates it) and ``date`` the ``hasPointInTime``.
    The market's 상호거래 건수·금액 count these records (core.market_trades, market.indicators)."""

    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="trades_bought",
                              verbose_name=_("buyer (receiver)"))
    seller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="trades_sold",
                               verbose_name=_("seller (provider)"))
    item = models.CharField(_("item"), max_length=200)
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="trades",
                                verbose_name=_("product or service"))
    amount_won = models.BigIntegerField(_("amount (won)"))
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trade between organisations")
        verbose_name_plural = _("trades between organisations")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="trade_date_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_won__gte=0), name="trade_amount_not_negative"),
            models.CheckConstraint(condition=~models.Q(buyer=models.F("seller")), name="trade_between_two_organisations"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.seller} → {self.buyer}: {self.item}"


# ---------------------------------------------------------------- sales ledger and the sales hall (mkthall)

from django.conf import settings  # noqa: E402  (this block is appended as one piece; see market-common)

from bombaram.market.choices import BuyerKind, OutletKind, SalePeriod  # noqa: E402


class SalesOutlet(models.Model):
    """A sales channel (판매 경로): the district's social economy sales hall, a market or fair of the
    programme ledger (linked to its record, never typed again), an online shop or direct sales."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="sales_outlets",
                                 verbose_name=_("district"))
    #: the organisation that runs the outlet (the hall's operator), if any
    operator = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="operated_outlets", verbose_name=_("operated by"))
    #: a market or fair: its record (kind market) in the programme teams' activity ledger
    ledger_record = models.OneToOneField("programmes.LedgerRecord", on_delete=models.PROTECT, null=True, blank=True,
                                         limit_choices_to={"kind": "market"}, related_name="sales_outlet",
                                         verbose_name=_("activity ledger record"))
    commission_rate_pct = models.DecimalField(_("commission rate (%)"), max_digits=5, decimal_places=2, default=0)
    #: the hall's organisation staff who record sales and see the settlement
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sales_outlets",
                                   verbose_name=_("staff"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("sales outlet")
        verbose_name_plural = _("sales outlets")
        ordering = ["district", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="sales_outlet_unique_name"),
            models.CheckConstraint(condition=models.Q(commission_rate_pct__gte=0, commission_rate_pct__lte=100),
                                   name="sales_outlet_commission_rate_range"),
        ]

    def __str__(self) -> str:
        return self.name


class HallProducer(models.Model):
    """A producer admitted to a sales hall (입점 기업), with its own commission rate where it differs."""

    outlet = models.ForeignKey(SalesOutlet, on_delete=models.CASCADE, related_name="producers",
                               verbose_name=_("sales outlet"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hall_admissions",
                                     verbose_name=_("organisation"))
    admitted = models.DateField(_("admitted"))
    left = models.DateField(_("left"), null=True, blank=True)
    commission_rate_pct = models.DecimalField(_("commission rate (%)"), max_digits=5, decimal_places=2, null=True,
                                              blank=True, help_text=_("Empty: the hall's rate"))

    class Meta:
        verbose_name = _("hall producer")
        verbose_name_plural = _("hall producers")
        ordering = ["outlet", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["outlet", "organisation"], name="hall_producer_unique")]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.organisation}"


class Sale(models.Model):
    """Sales of one producer through one outlet on a day (or a month's summary), for one item and one
    buyer kind. A sale to a public department at the sales hall is also a purchase of the purchase system
    (``purchase``, created and corrected by market.services.hall), so the money is entered once."""

    outlet = models.ForeignKey(SalesOutlet, on_delete=models.PROTECT, related_name="sales",
                               verbose_name=_("sales outlet"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sales",
                                     verbose_name=_("producer"))
    sold_on = models.DateField(_("date"))
    period = models.CharField(_("period"), max_length=10, choices=SalePeriod.choices, default=SalePeriod.DAY)
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="sales",
                                verbose_name=_("product or service"))
    item = models.CharField(_("item"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.GOODS)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount_won = models.BigIntegerField(_("amount (won)"))
    buyer_kind = models.CharField(_("buyer"), max_length=20, choices=BuyerKind.choices, default=BuyerKind.CITIZEN)
    department = models.ForeignKey("procurement.Department", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="hall_sales", verbose_name=_("buying department"))
    purchase = models.OneToOneField("procurement.Purchase", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="hall_sale", verbose_name=_("purchase record"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    created = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-sold_on", "organisation_id", "pk"]
        indexes = [
            # a day's or month's sales of an outlet; the rebuild of SaleDay reads its sums from the index alone
            models.Index(fields=["outlet", "sold_on", "organisation", "buyer_kind", "amount_won"],
                         name="sale_outlet_day_idx"),
            models.Index(fields=["department", "sold_on"], name="sale_department_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_won__gt=0), name="sale_amount_positive"),
            models.CheckConstraint(condition=~models.Q(buyer_kind="department") | models.Q(department__isnull=False),
                                   name="sale_department_buyer_has_department"),
        ]

    def __str__(self) -> str:
        return f"{self.sold_on} {self.organisation_id} {self.item} {self.amount_won:,}"


class Promotion(models.Model):
    """A promotion of a sales hall (기획전, 할인 행사): a period, the producers taking part, a discount."""

    outlet = models.ForeignKey(SalesOutlet, on_delete=models.CASCADE, related_name="promotions",
                               verbose_name=_("sales outlet"))
    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    discount_pct = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2, default=0)
    producers = models.ManyToManyField(Organisation, blank=True, related_name="promotions",
                                       verbose_name=_("producers"))
    illustrative = models.BooleanField(_("illustrative data (예시 데이터)"), default=False)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["outlet", "-starts"]
        constraints = [models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")),
                                              name="promotion_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class SaleDay(models.Model):
    """Running sums of an outlet's sales per day and producer (a month's summary counts on its first day), kept
    by market.services.hall in the same transaction as every sale written, so that the monthly settlement and a
    promotion read a few thousand sums instead of every sale (the purchase system's PurchaseTotal, for sales)."""

    outlet = models.ForeignKey(SalesOutlet, on_delete=models.CASCADE, related_name="day_totals")
    day = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    n = models.IntegerField(default=0)
    gross_won = models.BigIntegerField(default=0)
    department_won = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("sales of a day")
        verbose_name_plural = _("sales of a day")
        constraints = [models.UniqueConstraint(fields=["outlet", "day", "organisation"], name="sale_day_unique")]

    def __str__(self) -> str:
        return f"{self.outlet_id} {self.day} {self.organisation_id}: {self.gross_won:,}"
