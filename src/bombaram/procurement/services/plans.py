"""Yearly purchase plans (구매계획, Seongbuk ordinance Art. 6).

A department officer drafts the department's plan for a year and submits it; the 사회적경제과
approves it or returns it with a comment; a returned plan is edited and submitted again. The
사회적경제과 then publishes the institution's approved plans for the year as a plan disclosure
(구매계획 공시), a snapshot that never changes (see ``services.disclosures``).

State rules (every write checks them on a locked, freshly read row):

    draft, returned --submit_plan--> submitted --approve_plan--> approved
                                     submitted --return_plan---> returned

Items are added and removed only while the plan is a draft or returned.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from bombaram.procurement.choices import Category, DisclosureKind, PlanStatus
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Disclosure,
    Institution,
    PlanDeadline,
    PlanItem,
    PlanStatement,
    PurchasePlan,
    YearTarget,
)
from bombaram.procurement.services.allocation import statement_dict
from bombaram.procurement.services.disclosures import SNAPSHOT_SCHEMA, publish_snapshot
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_edit_department, can_manage_purchases

EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
MAX_ITEM_LENGTH = 200


class PlanError(Exception):
    """A plan action refused by the state rules; the message (Korean) says why."""


def resolve_candidates(text: str) -> tuple[list[int], list[str]]:
    """Organisation ids from text: one supplier per line or comma, by exact name or business number.

    Returns (ids, problems); problems are Korean sentences (unknown name, several with that name).
    """
    wanted = [w.strip() for w in re.split(r"[\n,]", text or "") if w.strip()]
    ids: list[int] = []
    problems: list[str] = []
    for word in wanted:
        digits = re.sub(r"[\s-]", "", word)
        if len(digits) == 10 and digits.isdigit():
            found = list(Organisation.objects.filter(business_no=digits).values_list("pk", flat=True)[:2])
        else:
            found = list(Organisation.objects.filter(name=word).values_list("pk", flat=True)[:2])
        if not found:
            problems.append(f"등록부에 없는 업체입니다: '{word}'")
        elif len(found) > 1:
            problems.append(f"같은 이름의 업체가 여럿입니다. 사업자등록번호로 적어 주세요: '{word}'")
        elif found[0] not in ids:
            ids.append(found[0])
    return ids, problems


# ---- writes -----------------------------------------------------------------------------------

def _author(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _locked(plan: PurchasePlan) -> PurchasePlan:
    return PurchasePlan.objects.select_for_update().select_related("department__institution").get(pk=plan.pk)


@transaction.atomic
def create_plan(*, user: Any, department: Department, year: int) -> PurchasePlan:
    """Start the department's plan for ``year`` (a draft); the existing plan when there is one."""
    if not can_edit_department(user, department):
        raise PermissionDenied
    if not 2000 <= int(year) <= 2100:
        raise PlanError(f"연도가 올바르지 않습니다: {year}")
    plan, created = PurchasePlan.objects.get_or_create(department=department, year=int(year))
    if created:
        audit.record("procurement.plan.created", actor=user, obj=plan, department=department.name, year=plan.year)
    return plan


@transaction.atomic
def set_due(*, user: Any, institution: Any, year: int, due: dt.date) -> int:
    """The 사회적경제과 sets the deadline of the institution's plans for ``year`` (제출 기한), before or
    after departments start them: it is every plan's of that year (PurchasePlan.due_on). Returns the
    number of plans it applies to so far. The evaluation scores a plan submitted after its deadline
    lower (core.purchase), so the deadline it replaces is kept in the audit event."""
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    year = int(year)
    if not 2000 <= year <= 2100:
        raise PlanError(f"연도가 올바르지 않습니다: {year}")
    if not dt.date(year - 1, 1, 1) <= due <= dt.date(year, 12, 31):
        raise PlanError(f"{year}년 계획의 제출 기한은 {year - 1}년 1월 1일부터 {year}년 12월 31일 사이여야 합니다: {due}")
    Institution.objects.select_for_update().filter(pk=institution.pk).first()  # two first settings: one row
    previous = PlanDeadline.objects.filter(institution=institution, year=year).values_list("due", flat=True).first()
    PlanDeadline.objects.update_or_create(institution=institution, year=year,
                                          defaults={"due": due, "set_by": _author(user)})
    plans = PurchasePlan.objects.filter(department__institution=institution, year=year).count()
    audit.record("procurement.plan.due_set", actor=user, obj=institution, year=year, due=due.isoformat(),
                 previous=previous.isoformat() if previous else None, plans=plans)
    return plans


@transaction.atomic
def add_plan_item(*, user: Any, plan: PurchasePlan, item: str, category: str, planned_won: int,
                  candidates: Iterable[Any] = ()) -> PlanItem:
    """Add one planned item; ``candidates`` are Organisation objects or ids from the registry."""
    plan = _locked(plan)
    if not can_edit_department(user, plan.department):
        raise PermissionDenied
    _require_editable(plan)
    item = (item or "").strip()
    if not item:
        raise PlanError("품목을 적어 주세요.")
    if len(item) > MAX_ITEM_LENGTH:
        raise PlanError(f"품목은 {MAX_ITEM_LENGTH}자 이내로 적어 주세요.")
    if category not in Category.values:
        raise PlanError(f"알 수 없는 구분입니다: '{category}' (물품, 용역, 공사 중 하나)")
    if isinstance(planned_won, bool) or not isinstance(planned_won, int) or planned_won <= 0:
        raise PlanError("계획 금액은 1원 이상의 원 단위 정수여야 합니다.")
    ids = [getattr(c, "pk", c) for c in candidates]
    known = set(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(known) != len(set(ids)):
        raise PlanError("후보 업체 가운데 등록부에 없는 업체가 있습니다.")
    row = PlanItem.objects.create(plan=plan, item=item, category=category, planned_won=planned_won)
    row.candidates.set(known)
    audit.record("procurement.plan.item_added", actor=user, obj=plan, item=item, category=category,
                 planned_won=planned_won, candidates=sorted(known))
    return row


@transaction.atomic
def remove_plan_item(*, user: Any, item: PlanItem) -> None:
    """Remove a planned item from a draft or returned plan."""
    plan = _locked(item.plan)
    if not can_edit_department(user, plan.department):
        raise PermissionDenied
    _require_editable(plan)
    audit.record("procurement.plan.item_removed", actor=user, obj=plan, item=item.item, planned_won=item.planned_won)
    PlanItem.objects.filter(pk=item.pk, plan=plan).delete()


@transaction.atomic
def submit_plan(*, user: Any, plan: PurchasePlan) -> PurchasePlan:
    """Send a draft or returned plan with at least one item to the 사회적경제과."""
    plan = _locked(plan)
    if not can_edit_department(user, plan.department):
        raise PermissionDenied
    if plan.status not in EDITABLE:
        raise PlanError(f"이미 {_status_ko(plan.status)} 계획은 제출할 수 없습니다.")
    totals = plan.items.aggregate(n=Count("id"), won=Sum("planned_won"))
    if not totals["n"]:
        raise PlanError("품목이 없는 계획은 제출할 수 없습니다. 품목을 먼저 추가해 주세요.")
    plan.status = PlanStatus.SUBMITTED
    plan.submitted = timezone.now()
    plan.save(update_fields=["status", "submitted"])
    audit.record("procurement.plan.submitted", actor=user, obj=plan, department=plan.department.name,
                 year=plan.year, items=totals["n"], planned_won=totals["won"])
    return plan


@transaction.atomic
def approve_plan(*, user: Any, plan: PurchasePlan, comment: str = "") -> PurchasePlan:
    """The 사회적경제과 approves a submitted plan."""
    return _decide(user=user, plan=plan, status=PlanStatus.APPROVED, comment=comment)


@transaction.atomic
def return_plan(*, user: Any, plan: PurchasePlan, comment: str) -> PurchasePlan:
    """The 사회적경제과 returns a submitted plan for changes; the comment (required) says what to change."""
    return _decide(user=user, plan=plan, status=PlanStatus.RETURNED, comment=comment)


def _decide(*, user: Any, plan: PurchasePlan, status: str, comment: str) -> PurchasePlan:
    plan = _locked(plan)
    if not can_manage_purchases(user, plan.department.institution):
        raise PermissionDenied
    if plan.status != PlanStatus.SUBMITTED:
        raise PlanError(f"제출된 계획만 승인하거나 돌려보낼 수 있습니다(지금: {_status_ko(plan.status)}).")
    if status == PlanStatus.RETURNED and not (comment or "").strip():
        raise PlanError("돌려보내는 이유를 의견란에 적어 주세요.")
    plan.status = status
    plan.decided = timezone.now()
    plan.comment = (comment or "").strip()
    plan.save(update_fields=["status", "decided", "comment"])
    name = "procurement.plan.approved" if status == PlanStatus.APPROVED else "procurement.plan.returned"
    audit.record(name, actor=user, obj=plan, department=plan.department.name, year=plan.year, comment=plan.comment)
    return plan


@transaction.atomic
def publish_plan(*, user: Any, institution: Institution, year: int, reason: str = "") -> Disclosure:
    """Publish the institution's approved plans for ``year`` as a plan disclosure (Art. 6).

    Needs at least one approved plan. Publishing again is a correction (reason required, content
    changed), exactly as for the monthly disclosure.
    """
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    snapshot = plan_snapshot(institution, int(year))
    if not snapshot["departments"]:
        raise PlanError(f"{year}년에 승인된 부서 구매계획이 없어 공시할 수 없습니다.")
    disclosure = publish_snapshot(user=user, institution=institution, kind=DisclosureKind.PLAN, year=int(year),
                                  month=None, snapshot=snapshot, reason=reason)
    audit.record("procurement.plan.published", actor=user, obj=disclosure, institution=institution.code,
                 year=disclosure.year, version=disclosure.version, reason=disclosure.reason,
                 departments=len(snapshot["departments"]), planned_won=snapshot["planned_won"])
    return disclosure


def plan_snapshot(institution: Institution, year: int) -> dict:
    """Art. 6 contents of the institution's approved plans for ``year``.

    Per department: its target (DepartmentTarget), items with category, planned amount and candidate
    suppliers, planned_won = Σ items. Institution: target (YearTarget), planned_won = Σ departments,
    by_category = Σ items per category (goods, services, construction), candidate suppliers' names.
    Departments with a target or a plan but no approved plan are listed as not yet approved.
    """
    target = YearTarget.objects.filter(institution=institution, year=year).first()
    targets = dict(DepartmentTarget.objects.filter(department__institution=institution, year=year)
                   .values_list("department_id", "target_won"))
    plans = {p.department_id: p for p in PurchasePlan.objects.filter(department__institution=institution, year=year)
             .prefetch_related("items__candidates")}
    departments = []
    pending = []
    by_category = dict.fromkeys(Category.values, 0)
    suppliers: dict[int, str] = {}
    for department in Department.objects.filter(institution=institution):
        plan = plans.get(department.pk)
        if plan is None or plan.status != PlanStatus.APPROVED:
            if plan is not None or department.pk in targets:
                pending.append({"department": department.name, "status": plan.status if plan else "",
                                "target_won": targets.get(department.pk)})
            continue
        items = []
        for row in plan.items.all():
            candidates = sorted(({"id": o.pk, "name": o.name} for o in row.candidates.all()), key=lambda c: c["name"])
            suppliers.update((c["id"], c["name"]) for c in candidates)
            items.append({"item": row.item, "category": row.category, "planned_won": row.planned_won,
                          "candidates": candidates})
            by_category[row.category] += row.planned_won
        departments.append({
            "department": department.name, "kind": department.kind, "target_won": targets.get(department.pk),
            "approved": timezone.localtime(plan.decided).date().isoformat() if plan.decided else None,
            "planned_won": sum(i["planned_won"] for i in items), "items": items,
        })
    snapshot = {
        "schema": SNAPSHOT_SCHEMA,
        "institution": {"code": institution.code, "name": institution.name, "illustrative": institution.illustrative},
        "year": year,
        "target_won": target.target_won if target else None,
        "target_rate_pct": str(target.target_rate_pct) if target and target.target_rate_pct is not None else None,
        "planned_won": sum(d["planned_won"] for d in departments),
        "by_category": [{"category": code, "planned_won": amount} for code, amount in by_category.items()],
        "departments": departments,
        "not_approved": pending,
        "suppliers": sorted(({"id": pk, "name": name} for pk, name in suppliers.items()), key=lambda s: s["name"]),
    }
    # Art. 6 ② 2–4 as the 사회적경제과 wrote them; left out when nothing was written, so a plan published
    # before these texts existed compares equal to its snapshot
    statement = statement_dict(PlanStatement.objects.filter(institution=institution, year=year).first(), "plan")
    if statement is not None:
        snapshot["statement"] = statement
    return snapshot


def _require_editable(plan: PurchasePlan) -> None:
    if plan.status not in EDITABLE:
        raise PlanError(f"{_status_ko(plan.status)} 계획은 고칠 수 없습니다. 초안이거나 돌려받은 계획만 고칠 수 있습니다.")


def _status_ko(status: str) -> str:
    return {PlanStatus.DRAFT: "초안인", PlanStatus.SUBMITTED: "제출된", PlanStatus.RETURNED: "돌려받은",
            PlanStatus.APPROVED: "승인된"}.get(status, status)
