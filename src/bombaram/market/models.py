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
