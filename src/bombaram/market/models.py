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
