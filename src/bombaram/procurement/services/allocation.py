"""The 사회적경제과 splits the institution's yearly target into department targets and notifies them
(구매목표 통보, the first step of the ordinance's process); departments acknowledge what they were told.
Also the texts of the plan (Art. 6 ② 2–4) and of the report (Art. 7 ① 3–5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from bombaram.core.numbers import format_thousands
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    PlanStatement,
    ReportStatement,
    TargetNotice,
    YearTarget,
)
from bombaram.procurement.services.purchases import AMOUNT_TOO_LARGE, MAX_AMOUNT_WON
from bombaram.web import audit
from bombaram.web.permissions import can_edit_department, can_manage_purchases


class AllocationError(Exception):
    """The allocation cannot be saved; the message (Korean) says why. Nothing was written."""


@dataclass
class Allocation:
    institution_target_changed: bool = False
    notified: list[TargetNotice] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.institution_target_changed or bool(self.notified)


def _won(n: int) -> str:
    return f"{format_thousands(n)}원"


def allocation_difference(institution_target_won: int, department_targets_won: list[int]) -> int:
    """Σ department targets − the institution's target: 0 when the split adds up exactly."""
    return sum(department_targets_won) - institution_target_won


@transaction.atomic
def allocate_targets(*, user: Any, institution: Institution, year: int, institution_target_won: int,
                     department_targets: dict[int, int | None]) -> Allocation:
    """Set the institution's target for ``year`` and split it into department targets, which must add
    up to it exactly; every department whose target is new or changed gets a notice (TargetNotice).

    ``department_targets`` maps a department id of the institution to its target (None or 0: none).
    All or nothing; an unchanged allocation writes nothing.
    """
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    if not 2000 <= int(year) <= 2100:
        raise AllocationError("연도는 2000년부터 2100년까지입니다.")
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    foreign = [pk for pk in department_targets if pk not in departments]
    if foreign:
        raise PermissionDenied  # a forged department id (another institution's, or none)
    amounts = {pk: int(v or 0) for pk, v in department_targets.items()}
    for pk, amount in [(None, institution_target_won), *amounts.items()]:
        name = "기관 목표" if pk is None else departments[pk].name
        if amount < 0:
            raise AllocationError(f"{name}: 0원 이상이어야 합니다.")
        if amount > MAX_AMOUNT_WON:
            raise AllocationError(f"{name}: {AMOUNT_TOO_LARGE}")
    if institution_target_won <= 0:
        raise AllocationError("기관의 연간 구매목표를 먼저 적어 주십시오.")
    difference = allocation_difference(institution_target_won, list(amounts.values()))
    if difference:
        more_or_less = "많습니다" if difference > 0 else "적습니다"
        raise AllocationError(
            f"부서 목표의 합계 {_won(sum(amounts.values()))}이 기관 목표 {_won(institution_target_won)}보다 "
            f"{_won(abs(difference))} {more_or_less}. 합계가 기관 목표와 같아야 통보할 수 있습니다."
        )
    Institution.objects.select_for_update().filter(pk=institution.pk).first()  # one allocation at a time
    result = Allocation()
    year_target = YearTarget.objects.filter(institution=institution, year=year).first()
    before_total = year_target.target_won if year_target else None
    if year_target is None:
        YearTarget.objects.create(institution=institution, year=year, target_won=institution_target_won)
        result.institution_target_changed = True
    elif year_target.target_won != institution_target_won:
        year_target.target_won = institution_target_won
        year_target.save(update_fields=["target_won"])
        result.institution_target_changed = True
    existing = {t.department_id: t for t in DepartmentTarget.objects.filter(department__institution=institution, year=year)}
    changes = {}
    now = timezone.now()
    for pk, amount in sorted(amounts.items()):
        target = existing.get(pk)
        before = target.target_won if target else None
        if before == amount or (before is None and amount == 0):
            continue
        if target is None:
            DepartmentTarget.objects.create(department_id=pk, year=year, target_won=amount)
        else:
            target.target_won = amount
            target.save(update_fields=["target_won"])
        result.notified.append(TargetNotice.objects.create(
            department=departments[pk], year=year, target_won=amount, previous_won=before, notified=now,
            notified_by=user if getattr(user, "is_authenticated", False) else None))
        changes[departments[pk].name] = [before, amount]
    if result.changed:
        audit.record("procurement.targets.allocated", actor=user, obj=institution, year=int(year),
                     institution_target=[before_total, institution_target_won], departments=changes)
    return result


def pending_notices(user: Any) -> list[TargetNotice]:
    """The notices of the departments this user edits that nobody there has acknowledged yet."""
    notices = (TargetNotice.objects.filter(acknowledged__isnull=True)
               .select_related("department__institution", "notified_by").order_by("-notified"))
    return [n for n in notices if can_edit_department(user, n.department)]


@transaction.atomic
def acknowledge_notice(*, user: Any, notice: TargetNotice) -> bool:
    """The department confirms it has seen its target. Returns False when it already had."""
    if not can_edit_department(user, notice.department):
        raise PermissionDenied
    notice = TargetNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.acknowledged is not None:
        return False
    notice.acknowledged = timezone.now()
    notice.acknowledged_by = user
    notice.save(update_fields=["acknowledged", "acknowledged_by"])
    audit.record("procurement.targets.acknowledged", actor=user, obj=notice, department=notice.department.name,
                 year=notice.year, target_won=notice.target_won)
    return True


PLAN_STATEMENT_FIELDS = ("arrangements", "special_terms", "budget_won", "budget_note")
REPORT_STATEMENT_FIELDS = (
    "support_text", "support_cases", "support_won", "education_text", "education_sessions",
    "education_participants", "improvements_text", "improvements_count", "good_practice_text",
)


@transaction.atomic
def save_statement(*, user: Any, institution: Institution, year: int, kind: str, values: dict[str, Any]):
    """Save the plan's (kind="plan", Art. 6 ② 2–4) or the report's (kind="report", Art. 7 ① 3–5) texts
    and figures for the year. Returns {field: [before, after]} of what changed (empty: nothing saved)."""
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    model, fields = {"plan": (PlanStatement, PLAN_STATEMENT_FIELDS),
                     "report": (ReportStatement, REPORT_STATEMENT_FIELDS)}[kind]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name in ("budget_won", "support_won"):
        if values.get(name) is not None and not 0 <= values[name] <= MAX_AMOUNT_WON:
            raise AllocationError(AMOUNT_TOO_LARGE)
    statement, _created = model.objects.select_for_update().get_or_create(institution=institution, year=year)
    changes = audit.save_changes(statement, values)
    if changes:
        statement.updated_by = user
        statement.save(update_fields=["updated_by", "updated"])
        audit.record(f"procurement.{kind}_statement.saved", actor=user, obj=statement, year=int(year),
                     changes={k: [str(a) if a is not None else None, str(b) if b is not None else None]
                              for k, (a, b) in changes.items()})
    return changes


def statement_dict(statement: PlanStatement | ReportStatement | None, kind: str) -> dict[str, Any] | None:
    """The statement as plain data (for snapshots, JSON and XLSX); None when nothing was entered."""
    if statement is None:
        return None
    fields = PLAN_STATEMENT_FIELDS if kind == "plan" else REPORT_STATEMENT_FIELDS
    data = {name: getattr(statement, name) for name in fields}
    if not any(v not in (None, "") for v in data.values()):
        return None
    return data
