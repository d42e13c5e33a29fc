"""The annual performance report (Art. 7), its XLSX and OCDS forms, and the evaluation (Art. 17).

Reads the database into core.purchase's plain records; every figure is computed in core.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from bombaram.core import purchase as rules
from bombaram.core import tabular
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    Purchase,
    PurchasePlan,
    YearTarget,
)


def report_input(institution: Institution, year: int) -> rules.ReportInput:
    """Everything the report needs for one institution and year, as plain data."""
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    table = Purchase._meta.db_table
    with connection.cursor() as cursor:
        # On SQLite, expressions instead of bare columns: Django registers Python converters for the
        # declared date and bool types, four calls a row that cost most of the read on a million rows.
        sqlite = connection.vendor == "sqlite"
        day_col = 'CAST("purchased_on" AS TEXT)' if sqlite else '"purchased_on"'
        flag = (lambda c: f'("{c}" + 0)') if sqlite else (lambda c: f'"{c}"')
        cursor.execute(
            f'SELECT "id", {day_col}, "department_id", "supplier_id", "supplier_name", "item", "category", '
            f'"amount_won", {flag("counted")}, "not_counted_reason", {flag("in_district")}, {flag("indirect")}, '
            f'"exception_code", "exception_justification", "channel", "contract_method", "supplier_business_no" '
            f'FROM "{table}" WHERE "institution_id" = %s AND "purchased_on" >= %s AND "purchased_on" < %s',
            [institution.pk, connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)])
        rows = cursor.fetchall()
        cursor.execute(
            f'SELECT DISTINCT COALESCE(CAST("supplier_id" AS TEXT), "supplier_name") FROM "{table}" '
            'WHERE "institution_id" = %s AND "purchased_on" < %s AND "counted"', [institution.pk, connection.ops.adapt_datefield_value(start)])
        earlier = {r[0] for r in cursor.fetchall()}
    code_of = {pk: d.code for pk, d in departments.items()}
    parse = dt.date.fromisoformat
    records = [
        _Purchase(str(pk), day if isinstance(day, dt.date) else parse(day), code_of[dept],
                  str(supplier) if supplier is not None else name, name, item, category, amount, bool(counted),
                  None if counted else "not_counted", reason or None, None if in_district is None else bool(in_district),
                  bool(indirect), exc, just or "", channel, method or None, brn or None)
        for (pk, day, dept, supplier, name, item, category, amount, counted, reason, in_district, indirect, exc, just,
             channel, method, brn) in rows
    ]
    target = YearTarget.objects.filter(institution=institution, year=year).values_list("target_won", flat=True).first()
    department_targets = {departments[d].code: t for d, t in DepartmentTarget.objects.filter(
        department__institution=institution, year=year).values_list("department_id", "target_won")}
    plans = []
    for plan in PurchasePlan.objects.filter(department__institution=institution, year=year).prefetch_related("items"):
        submitted = timezone.localtime(plan.submitted).date() if plan.submitted else None
        plans.append(rules.DepartmentPlan(
            department=departments[plan.department_id].code, planned_won=sum(i.planned_won for i in plan.items.all()),
            due_on=plan.due or dt.date(year - 1, 12, 31), submitted_on=submitted))
    return rules.ReportInput(
        purchases=records, target_won=target, department_targets=department_targets, plans=plans,
        earlier_supplier_ids=earlier, department_names={d.code: d.name for d in departments.values()})


class _Purchase(NamedTuple):
    """A purchase as the report reads it: the fields of core's PurchaseRecord, without its per-record
    validation (the database already holds validated rows). Building a million of these takes a
    fraction of the time of a million validated dataclasses; the few not-counted purchases the
    report lists are turned into real PurchaseRecords afterwards."""

    id: str
    purchased_on: dt.date
    department: str
    supplier_id: str
    supplier_name: str
    item: str
    category: str
    amount_won: int
    counted: bool
    reason_code: str | None
    reason: str | None
    in_district: bool | None
    indirect: bool
    exception_code: int | None
    exception_justification: str
    channel: str
    method: str | None
    supplier_brn: str | None


def core_institution(institution: Institution) -> rules.Institution:
    return rules.Institution(id=institution.code, name=institution.name)


def annual_report(institution: Institution, year: int) -> rules.PerformanceReport:
    report = rules.annual_report(report_input(institution, year), core_institution(institution), year)
    return dataclasses.replace(report, not_counted=tuple(_record(p) for p in report.not_counted))


def _record(purchase) -> rules.PurchaseRecord:
    return purchase if isinstance(purchase, rules.PurchaseRecord) else rules.PurchaseRecord(**purchase._asdict())


def evaluation(institution: Institution, year: int) -> tuple[rules.PerformanceReport, tuple[rules.DepartmentEvaluation, ...]]:
    report = annual_report(institution, year)
    return report, rules.evaluate_departments(report.departments)


def ocds_package(institution: Institution, year: int, *, base_url: str) -> dict:
    data = report_input(institution, year)
    data = dataclasses.replace(data, purchases=[_record(p) for p in data.purchases])
    return rules.ocds_release_package(
        data, core_institution(institution), year, timezone.now(),
        uri_prefix=f"{base_url.rstrip('/')}/purchase/report/{institution.code}/{year}/", ocid_prefix="ocds-bmbram-")


def write_xlsx(report: rules.PerformanceReport, path: Path, *, illustrative: bool) -> None:
    """The report as a workbook: summary, departments, months, items, suppliers, exceptions, not counted."""
    notes = [f"{report.institution} {report.year}년 사회적경제제품 구매실적 (조례 제7조)"]
    if illustrative:
        notes.append("예시 데이터: 구매 내역은 지어낸 것이며 목표액은 2014년 보고서의 성북구 목표입니다")
    summary = [["구매목표액 (원)", report.target_won], ["구매계획액 (원)", report.planned_won],
               ["사회적경제제품 구매액 (원)", report.eligible_won], ["총 구매액 (원)", report.total_won],
               ["목표 달성률 (%)", report.achievement_pct], ["직접 구매 비율 (%)", report.direct_share_pct],
               ["관내기업 비율 (%)", report.in_district_share_pct],
               ["상위 10개 품목 비중 (%)", report.concentration.top10_items_share_pct],
               ["공급업체 HHI", report.concentration.supplier_hhi], ["품목 HHI", report.concentration.item_hhi],
               ["공급업체 수", report.concentration.suppliers], ["올해 새 공급업체 수", report.concentration.new_suppliers]]
    departments = [[d.name, d.target_won, d.planned_won, d.eligible_won, d.total_won, d.achievement_pct,
                    sum(d.exceptions.values()), d.suppliers] for d in report.departments]
    months = [[m.month, m.eligible_won, m.total_won] for m in report.by_month]
    items = [[r.label or r.key, r.eligible_won, r.total_won] for r in report.by_item]
    suppliers = [[r.label or r.key, r.eligible_won, r.total_won] for r in report.by_supplier]
    exceptions = [[e.code, e.label, e.count, e.amount_won] for e in report.exceptions]
    not_counted = [[p.purchased_on, p.supplier_name, p.item, p.amount_won, p.reason or ""] for p in report.not_counted]
    tabular.write_xlsx(path, {
        "요약": (["항목", "값"], summary),
        "부서별": (["부서", "목표액 (원)", "계획액 (원)", "사회적경제제품 구매액 (원)", "총 구매액 (원)", "달성률 (%)", "예외 (건)", "공급업체 (곳)"], departments),
        "월별": (["월", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], months),
        "품목별": (["품목", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], items),
        "공급업체별": (["공급업체", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], suppliers),
        "예외사유별": (["사유 코드", "사유", "건수", "금액 (원)"], exceptions),
        "불인정": (["구매일자", "업체", "품목", "금액 (원)", "사유"], not_counted),
    }, notes=notes)
