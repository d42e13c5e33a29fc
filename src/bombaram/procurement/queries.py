"""Reads of the purchase pages, with the permission checks of the user who reads.

Plans a user may see, and the getter that refuses another department's plan; the departments whose
purchases a user records and the list of their purchases; the published disclosures (the public
pages read stored snapshots only, never the purchases) and the institutions a user manages.
The annual report's reads are in ``procurement.reports``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.db.models.fields.json import KT
from django.http import Http404

from bombaram.core import purchase as rules
from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import (
    Department,
    Disclosure,
    EvaluationSetting,
    Institution,
    PlanDeadline,
    PlanItem,
    Purchase,
    PurchaseMonth,
    PurchasePlan,
)
from bombaram.procurement.services.plans import EDITABLE
from bombaram.web.permissions import can_edit_department, can_manage_purchases

# ---- plans --------------------------------------------------------------------------------------

def visible_plans(user: Any) -> list[PurchasePlan]:
    """Plans ``user`` may see: their departments' (officers) or their institutions' (사회적경제과).

    Each plan carries ``item_count`` and ``planned_won``; one query, permissions checked in memory.
    """
    plans = (PurchasePlan.objects.with_deadline().select_related("department__institution__district")
             .annotate(item_count=Count("items"), planned_won=Sum("items__planned_won"))
             .order_by("-year", "department__institution__name", "department__kind", "department__name"))
    return [p for p in plans if can_edit_department(user, p.department)]


def get_plan_for_user(user: Any, pk: int, *, write: bool = False) -> PurchasePlan:
    """The plan ``pk`` if ``user`` may see it (write=True: edit it); Http404 or PermissionDenied otherwise.

    Another department's plan is refused with 403: plan numbers are not secret, their content is.
    """
    plan = (PurchasePlan.objects.select_related("department__institution__district").filter(pk=pk).first())
    if plan is None:
        raise Http404
    if not can_edit_department(user, plan.department):
        raise PermissionDenied
    if write and plan.status not in EDITABLE:
        raise PermissionDenied
    return plan


def plan_deadlines(institutions: Iterable[Institution]) -> dict[tuple[int, int], PlanDeadline]:
    """The plan deadlines the 사회적경제과 set for these institutions, by (institution id, year)."""
    return {(d.institution_id, d.year): d for d in PlanDeadline.objects.filter(
        institution_id__in=[i.pk for i in institutions])}


def plan_items(plan: PurchasePlan) -> list[PlanItem]:
    return list(plan.items.prefetch_related("candidates"))


# ---- departments and their purchases ------------------------------------------------------------

def editable_departments(user: Any) -> list[Department]:
    """Departments whose plans and purchases ``user`` may keep (web.permissions.can_edit_department)."""
    departments = Department.objects.select_related("institution__district").order_by("institution__name", "name")
    return [d for d in departments if can_edit_department(user, d)]


def purchases_of(departments: Iterable[Department], *, month: tuple[int, int] | None = None, text: str = ""):
    """Purchases of the given departments, newest first, with what the list shows; only those of
    ``month`` (year, month) and with ``text`` in the supplier's name or the item, if given."""
    purchases = Purchase.objects.filter(department__in=[d.pk for d in departments])
    if month is not None:
        year, number = month
        purchases = purchases.filter(purchased_on__gte=dt.date(year, number, 1),
                                     purchased_on__lt=dt.date(year + number // 12, number % 12 + 1, 1))
    if text.strip():
        purchases = purchases.filter(Q(supplier_name__icontains=text.strip()) | Q(item__icontains=text.strip()))
    return purchases.select_related("department", "supplier", "hall_sale").order_by("-purchased_on", "-id")


def get_purchase_for_edit(user: Any, pk: int) -> Purchase:
    """The purchase ``pk`` if ``user`` may correct it (an officer of its department, or the
    사회적경제과); Http404 when there is none (e.g. withdrawn), PermissionDenied otherwise."""
    purchase = Purchase.objects.select_related("department__institution__district", "supplier").filter(pk=pk).first()
    if purchase is None:
        raise Http404
    if not can_edit_department(user, purchase.department):
        raise PermissionDenied
    return purchase


def latest_monthly(institution_id: int, day) -> Disclosure | None:
    """The latest published version of the month of ``day``, without its snapshot, or None."""
    return (Disclosure.objects.filter(institution_id=institution_id, kind=DisclosureKind.MONTHLY, year=day.year,
                                      month=day.month).defer("snapshot").order_by("-version").first())


# ---- disclosures and the institutions a user manages -------------------------------------------

@dataclass(frozen=True)
class Published:
    """One published version to show, and every version of the same disclosure (newest first)."""

    disclosure: Disclosure
    versions: list[dict]

    @property
    def latest(self) -> bool:
        return self.disclosure.version == self.versions[0]["version"]


def version_asked(raw: str) -> int | None:
    """The ``?version=`` of a public page: a version number (ASCII digits), or None for the latest;
    anything else (²,  -1, 10**100) shows the latest too."""
    return int(raw) if re.fullmatch(r"[0-9]{1,6}", raw or "") else None


def published(institution: Institution, kind: str, year: int, month: int | None, version: int | None = None) -> Published:
    """The requested (default: latest) version with the version history; Http404 when none is published.

    Two queries: the history without snapshots, then the one snapshot shown.
    """
    history = list(Disclosure.objects.filter(institution=institution, kind=kind, year=year, month=month)
                   .order_by("-version").values("pk", "version", "published", "reason"))
    if not history:
        raise Http404
    wanted = history[0] if version is None else next((h for h in history if h["version"] == version), None)
    if wanted is None:
        raise Http404
    return Published(Disclosure.objects.get(pk=wanted["pk"]), history)


@dataclass(frozen=True)
class PublishedNames:
    """The names a year's disclosures were published with (Disclosure.names), by id."""

    institution: str
    departments: dict[int, str]
    suppliers: dict[int, str]


def names_as_published(institution: Institution, year: int) -> PublishedNames | None:
    """The names of the year's published disclosures (plan and months; a later publication's names
    over an earlier one's), or None when nothing of the year is published. One query."""
    rows = list(Disclosure.objects.filter(institution=institution, year=year).exclude(names={})
                .order_by("published", "pk").values_list("names", flat=True))
    if not rows:
        return None
    departments: dict[int, str] = {}
    suppliers: dict[int, str] = {}
    for names in rows:
        departments.update((int(pk), name) for pk, name in names.get("departments", {}).items())
        suppliers.update((int(pk), name) for pk, name in names.get("suppliers", {}).items())
    return PublishedNames(rows[-1].get("institution") or institution.name, departments, suppliers)


def monthly_index(institution: Institution) -> list[dict]:
    """The institution's published months, newest first, with the latest version's totals (one query)."""
    rows = (Disclosure.objects.filter(institution=institution, kind=DisclosureKind.MONTHLY)
            .order_by("-year", "-month", "-version")
            .values("year", "month", "version", "published", total_won=KT("snapshot__totals__total_won"),
                    counted_won=KT("snapshot__totals__counted_won"),
                    counted_share_pct=KT("snapshot__totals__counted_share_pct"), count=KT("snapshot__totals__count")))
    months: dict[tuple[int, int], dict] = {}
    for row in rows:
        months.setdefault((row["year"], row["month"]), row)
    return list(months.values())


def plan_index(institution: Institution) -> list[dict]:
    """The institution's published plans: latest version per year, newest year first."""
    rows = (Disclosure.objects.filter(institution=institution, kind=DisclosureKind.PLAN)
            .order_by("-year", "-version").values("year", "version", "published",
                                                  planned_won=KT("snapshot__planned_won")))
    years: dict[int, dict] = {}
    for row in rows:
        years.setdefault(row["year"], row)
    return list(years.values())


def recent_for_manager(user: Any, limit: int = 30) -> list[Disclosure]:
    """The latest publications of the institutions ``user`` manages (the 사회적경제과 page)."""
    managed = [i.pk for i in managed_institutions(user)]
    return list(Disclosure.objects.filter(institution_id__in=managed).select_related("institution", "published_by")
                .defer("snapshot").order_by(F("published").desc())[:limit])


@dataclass(frozen=True)
class ChangedMonth:
    """A published month whose purchases changed after its latest version was published."""

    institution: Institution
    year: int
    month: int
    version: int
    published: Any
    changed: Any


def months_changed_since_publication(institutions: Iterable[Institution]) -> list[ChangedMonth]:
    """Published months of these institutions that need a correction (정정 공시), oldest first
    (two queries: the months' change times and the latest versions, both small)."""
    by_pk = {i.pk: i for i in institutions}
    changed = {(m.institution_id, m.year, m.month): m.changed
               for m in PurchaseMonth.objects.filter(institution_id__in=by_pk)
               if m.checked is None or m.changed > m.checked}
    latest: dict[tuple[int, int, int], tuple[int, Any]] = {}
    for pk, year, month, version, published in (
            Disclosure.objects.filter(institution_id__in=by_pk, kind=DisclosureKind.MONTHLY)
            .order_by("version").values_list("institution_id", "year", "month", "version", "published")):
        latest[(pk, year, month)] = (version, published)
    return [ChangedMonth(by_pk[key[0]], key[1], key[2], version, published, changed[key])
            for key, (version, published) in sorted(latest.items())
            if key in changed and changed[key] > published]


def managed_institutions(user: Any) -> list[Institution]:
    """Institutions whose purchases ``user`` manages (can_manage_purchases)."""
    return [i for i in Institution.objects.select_related("district") if can_manage_purchases(user, i)]


# ---- evaluation weights -------------------------------------------------------------------------

WEIGHT_FIELDS = ("achievement", "plan_on_time", "justified_exceptions", "supplier_breadth")


def weights_of(institution: Institution) -> rules.EvaluationWeights:
    """The institution's weights, or core's defaults when it has set none."""
    setting = EvaluationSetting.objects.filter(institution=institution).first()
    if setting is None:
        return rules.EvaluationWeights()
    return rules.EvaluationWeights(**{name: float(getattr(setting, name)) for name in WEIGHT_FIELDS},
                                   plan_late_cutoff_days=setting.plan_late_cutoff_days)
