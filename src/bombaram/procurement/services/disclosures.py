"""Disclosures (공시): published snapshots that never change.

The monthly disclosure (월별 구매실적 공시) freezes one month's purchases of an institution with its
totals; the plan disclosure (구매계획 공시, Art. 6) is built in ``services.plans``. Both are stored
through :func:`publish_snapshot`: the first publication is version 1, a correction is version + 1
with a required reason, and publishing content identical to the latest version is refused, so a
form submitted twice never makes a second version. The public pages read the stored snapshot only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import Department, Disclosure, Institution, Purchase, PurchaseMonth
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_manage_purchases

#: bump when the snapshot layout changes; templates read old layouts by this number
SNAPSHOT_SCHEMA = 1


class DisclosureError(Exception):
    """Publication refused; the message (Korean) says why."""


class DisclosureUnchanged(DisclosureError):
    """The content equals the latest published version: nothing new to publish (e.g. a double click)."""


# ---- writes -----------------------------------------------------------------------------------

@transaction.atomic
def publish_snapshot(*, user: Any, institution: Institution, kind: str, year: int, month: int | None,
                     snapshot: dict, reason: str = "") -> Disclosure:
    """Store ``snapshot`` as the next version of (institution, kind, year, month).

    Version 1 needs no reason. Once a version exists, a new one is a correction: it needs a reason
    and content that differs from the latest version. Publishers of one institution are serialised
    by a row lock on the institution (the unique constraint cannot guard ``month IS NULL``).
    """
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    content = json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))
    reason = (reason or "").strip()
    latest = (Disclosure.objects.filter(institution=institution, kind=kind, year=year, month=month)
              .order_by("-version").only("pk", "version", "snapshot").first())
    if latest is not None:
        if not reason:
            raise DisclosureError(
                f"이미 공시했습니다(제{latest.version}판). 공시한 내용은 바꿀 수 없으니, 정정하려면 정정 사유를 적어 "
                "새 판으로 공시해 주세요.")
        if latest.snapshot == content:
            raise DisclosureUnchanged(
                f"공시한 내용(제{latest.version}판)과 달라진 것이 없어 새 판을 만들지 않았습니다.")
    version = latest.version + 1 if latest is not None else 1
    try:
        with transaction.atomic():
            return Disclosure.objects.create(
                institution=institution, kind=kind, year=year, month=month, version=version,
                published_by=user if getattr(user, "is_authenticated", False) else None,
                reason=reason if version > 1 else "", snapshot=content,
                names=names_as_published(institution, kind, year, month, content))
    except IntegrityError as exc:  # another publisher stored this version a moment ago
        raise DisclosureUnchanged(f"방금 다른 요청이 제{version}판을 공시했습니다. 공시된 내용을 확인해 주세요.") from exc


def names_as_published(institution: Institution, kind: str, year: int, month: int | None, snapshot: dict) -> dict:
    """The names a disclosure is published with, by id (``Disclosure.names``): the institution's,
    the departments' and the registered suppliers' it shows (a month: those of its purchases; a plan:
    the departments with a plan or a target of the year and the candidate suppliers)."""
    departments = Department.objects.filter(institution=institution)
    if kind == DisclosureKind.MONTHLY:
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 12), month % 12 + 1, 1)
        purchases = Purchase.objects.filter(institution=institution, purchased_on__gte=start, purchased_on__lt=end)
        departments = departments.filter(pk__in=purchases.values("department_id"))
        suppliers = dict(Organisation.objects.filter(pk__in=purchases.filter(supplier__isnull=False)
                                                     .values("supplier_id")).values_list("pk", "name"))
    else:
        departments = departments.filter(Q(plans__year=year) | Q(targets__year=year)).distinct()
        suppliers = {s["id"]: s["name"] for s in snapshot.get("suppliers", [])}
    return {
        "institution": snapshot.get("institution", {}).get("name", institution.name),
        "departments": {str(pk): name for pk, name in departments.values_list("pk", "name")},
        "suppliers": {str(pk): name for pk, name in suppliers.items()},
    }


def publish_month(*, user: Any, institution: Institution, year: int, month: int, reason: str = "",
                  today: dt.date | None = None) -> Disclosure:
    """Publish the monthly disclosure of ``institution`` for ``year``-``month`` (the 사회적경제과 only).

    Only a month that has ended by ``today`` (default: timezone.localdate()) can be published.
    Republishing a month is a correction: it needs ``reason`` and different content (see
    :func:`publish_snapshot`). Audit event ``procurement.disclosure.published``. When there is
    nothing new to publish (DisclosureUnchanged), the month is marked as checked, so it leaves the
    list of months changed since publication.
    """
    try:
        return _publish_month(user=user, institution=institution, year=year, month=month, reason=reason, today=today)
    except DisclosureUnchanged:
        PurchaseMonth.objects.filter(institution=institution, year=int(year), month=int(month)).update(
            checked=timezone.now())
        raise


@transaction.atomic
def _publish_month(*, user: Any, institution: Institution, year: int, month: int, reason: str,
                   today: dt.date | None) -> Disclosure:
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    if not 2000 <= int(year) <= 2100:
        raise DisclosureError(f"연도가 올바르지 않습니다: {year}")
    if not 1 <= int(month) <= 12:
        raise DisclosureError(f"월은 1에서 12 사이여야 합니다: {month}")
    today = today or timezone.localdate()
    if (int(year), int(month)) >= (today.year, today.month):
        raise DisclosureError(f"아직 끝나지 않은 달은 공시할 수 없습니다: {int(year)}년 {int(month)}월 "
                              "(달이 끝난 뒤에 공시해 주세요)")
    snapshot = month_snapshot(institution, int(year), int(month))
    disclosure = publish_snapshot(user=user, institution=institution, kind=DisclosureKind.MONTHLY,
                                  year=int(year), month=int(month), snapshot=snapshot, reason=reason)
    audit.record("procurement.disclosure.published", actor=user, obj=disclosure, kind=DisclosureKind.MONTHLY.value,
                 institution=institution.code, year=disclosure.year, month=disclosure.month,
                 version=disclosure.version, reason=disclosure.reason,
                 purchases=snapshot["totals"]["count"], total_won=snapshot["totals"]["total_won"])
    return disclosure


def month_snapshot(institution: Institution, year: int, month: int) -> dict:
    """The month's purchases as published: rows by date, then totals.

    total_won = Σ amount; counted_won = Σ amount of counted purchases;
    counted_share_pct = counted_won / total_won × 100, rounded to 2 decimals (None when nothing was
    bought); the same per department, in the institution's department order.
    """
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    rows = (Purchase.objects.filter(institution=institution, purchased_on__gte=start, purchased_on__lt=end)
            .order_by("purchased_on", "id")
            .values_list("purchased_on", "department_id", "supplier_name", "item", "category", "amount_won",
                         "counted", "not_counted_reason", "in_district", "indirect"))
    departments = {pk: (position, name) for position, (pk, name) in enumerate(
        Department.objects.filter(institution=institution).values_list("pk", "name"))}
    purchases = []
    per_department: dict[int, list[int]] = {}
    for day, department_id, supplier, item, category, amount, counted, why_not, in_district, indirect in rows:
        purchases.append({
            "date": day.isoformat(), "department": departments[department_id][1], "supplier": supplier,
            "item": item, "category": category, "amount_won": amount, "counted": counted,
            "not_counted_reason": "" if counted else why_not, "in_district": in_district, "indirect": indirect,
        })
        sums = per_department.setdefault(department_id, [0, 0, 0])
        sums[0] += 1
        sums[1] += amount
        sums[2] += amount if counted else 0
    total = sum(p["amount_won"] for p in purchases)
    counted_total = sum(p["amount_won"] for p in purchases if p["counted"])
    by_department = [
        {"department": departments[pk][1], "count": count, "total_won": dept_total, "counted_won": dept_counted,
         "counted_share_pct": _share(dept_counted, dept_total)}
        for pk, (count, dept_total, dept_counted) in sorted(per_department.items(), key=lambda kv: departments[kv[0]][0])
    ]
    return {
        "schema": SNAPSHOT_SCHEMA,
        "institution": {"code": institution.code, "name": institution.name, "illustrative": institution.illustrative},
        "year": year, "month": month,
        "totals": {
            "count": len(purchases),
            "counted_count": sum(1 for p in purchases if p["counted"]),
            "total_won": total,
            "counted_won": counted_total,
            "counted_share_pct": _share(counted_total, total),
            "in_district_counted_won": sum(p["amount_won"] for p in purchases if p["counted"] and p["in_district"]),
            "indirect_won": sum(p["amount_won"] for p in purchases if p["indirect"]),
        },
        "by_department": by_department,
        "purchases": purchases,
    }


def _share(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 2) if whole else None
