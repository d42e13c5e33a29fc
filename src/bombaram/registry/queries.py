"""Reads of the registry's reference tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from bombaram.core.names import normalise_name
from bombaram.registry.models import Designation, DesignationType, District, Organisation


def districts_in_report_order(region_code: str = "11") -> QuerySet[District]:
    """The region's districts in 가나다 order, as the report lists them."""
    return District.objects.filter(region__code=region_code).select_related("region").order_by("order")


SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "district": ("district__order", "name"),
    "founded": ("founded", "name"),
    "-founded": ("-founded", "name"),
    "-updated": ("-updated", "-pk"),
}


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    district: str = ""
    designation: str = ""
    industry: str = ""
    status: str = ""
    sort: str = "name"


def valid_on(day: dt.date) -> Q:
    """Designations valid on ``day``: granted on or before it, not yet ended (the end day excluded)."""
    return (Q(granted__isnull=True) | Q(granted__lte=day)) & (Q(ended__isnull=True) | Q(ended__gt=day))


def directory(f: DirectoryFilter, *, today: dt.date) -> QuerySet[Organisation]:
    """Organisations matching the directory's search and filters, with their current designations."""
    qs = Organisation.objects.select_related("district", "industry")
    if f.q:
        digits = "".join(ch for ch in f.q if ch.isdigit())
        cond = Q(name__icontains=f.q)
        key = normalise_name(f.q)
        if key and key != f.q.strip().casefold():
            # "㈜마을 밥상" finds 마을밥상협동조합: compare without legal forms and spaces
            cond |= Q(name_key__contains=key)
        if len(digits) >= 3 and len(digits) == len(f.q.replace("-", "").strip()):
            cond |= Q(business_no__startswith=digits) | Q(corporate_no__startswith=digits)
        qs = qs.filter(cond)
    if f.district == "outside":
        qs = qs.filter(location="outside")
    elif f.district:
        qs = qs.filter(district__code=f.district)
    if f.industry:
        qs = qs.filter(industry__code=f.industry)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.designation:
        # by type id, not a join on the code: SQLite then looks each organisation up by (organisation, type)
        type_id = DesignationType.objects.filter(code=f.designation).values_list("pk", flat=True).first()
        current = Designation.objects.filter(valid_on(today), organisation=OuterRef("pk"), type_id=type_id)
        qs = qs.filter(Exists(current))
    current_designations = Designation.objects.filter(valid_on(today)).select_related("type").order_by("type__precedence")
    return qs.order_by(*SORTS.get(f.sort, SORTS["name"])).prefetch_related(
        Prefetch("designations", queryset=current_designations, to_attr="current_designations")
    )


def organisation_detail(pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("district", "industry")
        .prefetch_related(
            Prefetch("designations", queryset=Designation.objects.select_related("type").order_by("granted", "type__precedence")),
            "cooperative_counts",
        )
        .get(pk=pk)
    )
