"""Market building (시장조성): what organisations offer. Sales, trades and needs build on the catalogue."""

from __future__ import annotations

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
