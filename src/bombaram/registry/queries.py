"""Reads of the registry's reference tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from bombaram.core import ecosystem as eco
from bombaram.core.names import normalise_name
from bombaram.registry.models import (
    Designation,
    DesignationType,
    District,
    Organisation,
    YearlyFigure,
)


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


#: designation filters that stand for a column of the statistics rather than one type
DESIGNATION_GROUPS: dict[str, tuple[str, ...] | None] = {
    "social_enterprise": eco.SOCIAL_ENTERPRISE,   # 사회적기업 계: 인증 + 서울형 + 지역형
    "cooperatives": eco.COOPERATIVE_TYPES,        # the report's 협동조합 column: 일반 + 사회적협동조합
    "any": None,                                  # 전체: any designation
}
#: counting modes of the directory: "" lists holders of the designation (each organisation once);
#: "organisation" those whose highest-precedence designation it is (the statistics' 중복 제외);
#: "designation" holders too, counting each designation held (the statistics' 지정 기준)
MODES = ("", "organisation", "designation")


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    district: str = ""
    designation: str = ""
    industry: str = ""
    status: str = ""
    sort: str = "name"
    as_of: dt.date | None = None   # the registry as it stood on that date; None: as it is today
    mode: str = ""
    area: str = ""                 # a statistics row outside the region's districts (경기도, or eco.OUTSIDE)


def valid_on(day: dt.date) -> Q:
    """Designations valid on ``day``: granted on or before it, not yet ended (the end day excluded)."""
    return (Q(granted__isnull=True) | Q(granted__lte=day)) & (Q(ended__isnull=True) | Q(ended__gt=day))


def existing_on(day: dt.date, prefix: str = "") -> Q:
    """Organisations that existed on ``day``: founded on or before it (or no date) and not closed by then
    (closed on ``day`` or earlier: gone). The statistics read the registry with the same rule."""
    return (Q(**{f"{prefix}founded__isnull": True}) | Q(**{f"{prefix}founded__lte": day})) & (
        Q(**{f"{prefix}closed__isnull": True}) | Q(**{f"{prefix}closed__gt": day}))


def _type_ids(designation: str) -> list[int] | None:
    """Type ids a designation filter stands for; None for any designation."""
    codes = DESIGNATION_GROUPS.get(designation, (designation,))
    if codes is None:
        return None
    # by type id, not a join on the code: SQLite then looks each organisation up by (organisation, type)
    return list(DesignationType.objects.filter(code__in=codes).values_list("pk", flat=True))


def _filter_designation(qs: QuerySet[Organisation], designation: str, mode: str, day: dt.date) -> QuerySet[Organisation]:
    type_ids = _type_ids(designation)
    valid = Designation.objects.filter(valid_on(day), organisation=OuterRef("pk"))
    if mode == "organisation" and type_ids is not None:
        # counted under its highest-precedence designation valid on the day (core.ecosystem.snapshot)
        top = valid.order_by("type__precedence").values("type_id")[:1]
        return qs.alias(top_type=Subquery(top)).filter(top_type__in=type_ids)
    return qs.filter(Exists(valid if type_ids is None else valid.filter(type_id__in=type_ids)))


def directory(f: DirectoryFilter, *, today: dt.date) -> QuerySet[Organisation]:
    """Organisations matching the directory's search and filters, with their designations valid on the
    filter's date (today unless ``as_of``); with ``as_of``, only organisations that existed then."""
    day = f.as_of or today
    qs = Organisation.objects.select_related("district", "industry")
    if f.as_of is not None:
        qs = qs.filter(existing_on(f.as_of))
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
    if f.area:
        # the statistics' rows outside the districts: by the area written, or none (eco.OUTSIDE)
        qs = qs.filter(district__isnull=True, outside_area="" if f.area == eco.OUTSIDE else f.area)
    if f.industry == "none":
        qs = qs.filter(industry__isnull=True)
    elif f.industry == "any":
        qs = qs.filter(industry__isnull=False)
    elif f.industry:
        qs = qs.filter(industry__code=f.industry)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.designation:
        qs = _filter_designation(qs, f.designation, f.mode, day)
    current_designations = Designation.objects.filter(valid_on(day)).select_related("type").order_by("type__precedence")
    return qs.order_by(*SORTS.get(f.sort, SORTS["name"])).prefetch_related(
        Prefetch("designations", queryset=current_designations, to_attr="current_designations")
    )


def designations_counted(f: DirectoryFilter, organisations: QuerySet[Organisation], *, today: dt.date) -> int:
    """How many designations the statistics count for these organisations in the "designation" mode:
    each type of the filter an organisation holds on the date, once (as core.ecosystem counts them)."""
    day = f.as_of or today
    valid = Designation.objects.filter(valid_on(day), organisation=OuterRef("pk"))
    type_ids = _type_ids(f.designation) if f.designation else None
    if type_ids is not None:
        valid = valid.filter(type_id__in=type_ids)
    # driven from the organisations (as the page's count is), one index look-up each: a plan that
    # starts from the designations and re-runs the directory's filters per row can take minutes
    held = valid.order_by().values("organisation_id").annotate(n=Count("type_id", distinct=True)).values("n")
    total = organisations.order_by().annotate(held=Coalesce(Subquery(held), 0)).aggregate(total=Sum("held"))["total"]
    return total or 0


def organisation_detail(pk: int) -> Organisation:
    return (
        Organisation.objects.select_related("district", "industry")
        .prefetch_related(
            Prefetch("designations", queryset=Designation.objects.select_related("type", "import_batch")
                     .order_by("granted", "type__precedence")),
            "cooperative_counts",
            Prefetch("yearly_figures", queryset=YearlyFigure.objects.select_related("import_batch").order_by("year")),
        )
        .get(pk=pk)
    )
