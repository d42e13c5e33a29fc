"""Reads of the registry's reference tables."""

from __future__ import annotations

from django.db.models import QuerySet

from bombaram.registry.models import District


def districts_in_report_order(region_code: str = "11") -> QuerySet[District]:
    """The region's districts in 가나다 order, as the report lists them."""
    return District.objects.filter(region__code=region_code).select_related("region").order_by("order")
