"""The annual performance report (Art. 7), its XLSX and OCDS forms, and the evaluation (Art. 17).

Reads the database into core.purchase's plain records; every figure is computed in core.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from bombaram.core import collector, tabular
from bombaram.core import purchase as rules
from bombaram.procurement import queries
from bombaram.procurement.choices import PlanStatus, TotalDimension
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    Purchase,
    PurchasePlan,
    PurchaseTotal,
    YearTarget,
)
from bombaram.procurement.services import totals
from bombaram.registry.models import Organisation


def report_input(institution: Institution, year: int, *, with_purchases: bool = True,
                 approved_only: bool = False, names: queries.PublishedNames | None = None) -> rules.ReportInput:
    """Everything the report needs for one institution and year, as plain data (``purchases`` empty
    unless ``with_purchases``: the OCDS package needs every purchase, the report only the sums;
    ``approved_only``: leave out plans not approved, as the OCDS package publishes plans; ``names``:
    the departments' names as published, see :func:`names_shown`)."""
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    published = names.departments if names is not None else {}
    earlier = set(PurchaseTotal.objects.filter(
        institution=institution, year__lt=year, dimension=TotalDimension.SUPPLIER_MONTH, counted_n__gt=0,
    ).values_list("key1", flat=True).distinct())
    target = YearTarget.objects.filter(institution=institution, year=year).values_list("target_won", flat=True).first()
    department_targets = {departments[d].code: t for d, t in DepartmentTarget.objects.filter(
        department__institution=institution, year=year).values_list("department_id", "target_won")}
    plans = []
    for plan in (PurchasePlan.objects.with_deadline().filter(department__institution=institution, year=year)
                 .prefetch_related("items")):
        if approved_only and plan.status != PlanStatus.APPROVED:
            continue
        submitted = plan.submitted_on
        # a plan's amounts count once the 사회적경제과 approved it: a draft or a returned plan is
        # the department's work in progress, never shown in the report (its submission date still
        # counts for "plan on time")
        planned = sum(i.planned_won for i in plan.items.all()) if plan.status == PlanStatus.APPROVED else 0
        plans.append(rules.DepartmentPlan(
            department=departments[plan.department_id].code, planned_won=planned,
            due_on=plan.due_on, submitted_on=submitted))
    purchases = _purchases(institution, year, departments) if with_purchases else []
    return rules.ReportInput(
        purchases=purchases, target_won=target, department_targets=department_targets, plans=plans,
        earlier_supplier_ids=earlier,
        department_names={d.code: published.get(d.pk, d.name) for d in departments.values()})


_COLUMNS = ('"id", {day}, "department_id", "supplier_id", "supplier_name", "item", "category", "amount_won", '
            '{counted}, "not_counted_reason", {in_district}, {indirect}, "exception_code", "exception_justification", '
            '"channel", "contract_method", "supplier_business_no", {created}')


def _purchases(institution: Institution, year: int, departments: dict[int, Department], *,
               condition: str = "") -> list[_Purchase]:
    """The year's purchases (those matching the SQL ``condition`` if given) as core records."""
    table = Purchase._meta.db_table
    # On SQLite, expressions instead of bare columns: Django registers Python converters for the
    # declared date and bool types, four calls a row that cost most of the read of many rows.
    sqlite = connection.vendor == "sqlite"
    flag = (lambda c: f'("{c}" + 0)') if sqlite else (lambda c: f'"{c}"')
    columns = _COLUMNS.format(day='CAST("purchased_on" AS TEXT)' if sqlite else '"purchased_on"',
                              counted=flag("counted"), in_district=flag("in_district"), indirect=flag("indirect"),
                              created='CAST("created" AS TEXT)' if sqlite else '"created"')
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {columns} FROM "{table}" WHERE "institution_id" = %s AND "purchased_on" >= %s '
            f'AND "purchased_on" < %s {condition}',
            [institution.pk, connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)])
        rows = cursor.fetchall()
    code_of = {pk: d.code for pk, d in departments.items()}
    parse = dt.date.fromisoformat
    unregistered = totals.UNREGISTERED  # the sums' supplier key (services.totals)
    return [
        _Purchase(str(pk), day if isinstance(day, dt.date) else parse(day), code_of[dept],
                  str(supplier) if supplier is not None else unregistered + name, name, item, category, amount, bool(counted),
                  None if counted else "not_counted", reason or None, None if in_district is None else bool(in_district),
                  bool(indirect), exc, just or "", channel, method or None, brn or None, _aware(created))
        for (pk, day, dept, supplier, name, item, category, amount, counted, reason, in_district, indirect, exc, just,
             channel, method, brn, created) in rows
    ]


def _aware(value: dt.datetime | str | None) -> dt.datetime | None:
    """A stored date-time as an aware one (SQLite gives the UTC text)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _not_counted(institution: Institution, year: int, departments: dict[int, Department], *,
                 limit: int | None) -> list[rules.NotCounted]:
    """The year's purchases that did not count, by date (the first ``limit`` if given), through
    their partial index and with only the columns the report lists."""
    day = 'CAST("purchased_on" AS TEXT)' if connection.vendor == "sqlite" else '"purchased_on"'
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "id", {day}, "department_id", "supplier_id", "supplier_name", "item", "category", "amount_won", '
            f'"not_counted_reason" FROM "{Purchase._meta.db_table}" WHERE "institution_id" = %s '
            f'AND "purchased_on" >= %s AND "purchased_on" < %s AND NOT "counted"'
            + (f' ORDER BY "purchased_on", "id" LIMIT {int(limit)}' if limit is not None else ""),
            [institution.pk, connection.ops.adapt_datefield_value(start), connection.ops.adapt_datefield_value(end)])
        rows = cursor.fetchall()
    code_of = {pk: d.code for pk, d in departments.items()}
    parse = dt.date.fromisoformat
    unregistered = totals.UNREGISTERED  # the sums' supplier key (services.totals)
    entry = rules.NotCounted
    return [entry(str(pk), day if isinstance(day, dt.date) else parse(day), code_of[dept],
                  str(supplier) if supplier is not None else unregistered + name, name, item, category, amount, "not_counted",
                  reason or None)
            for pk, day, dept, supplier, name, item, category, amount, reason in rows]


@collector.paused()  # hundreds of thousands of sums and listed purchases, no cycles among them
def report_tallies(institution: Institution, year: int, *, not_counted_limit: int | None = None,
                   names: queries.PublishedNames | None = None) -> rules.ReportTallies:
    """The year's sums from PurchaseTotal, plus the purchases the report lists one by one (not
    counted — the first ``not_counted_limit`` if given —, and Art. 10 exceptions) read through their
    partial indexes. Every row of the sums: the report itself reads :func:`grouped_tallies`; these
    are for checking it and for whoever needs the months of every supplier."""
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    code_of = {str(pk): d.code for pk, d in departments.items()}
    rows: dict[str, list[tuple]] = {str(d): [] for d in TotalDimension}
    with connection.cursor() as cursor:  # tens of thousands of rows: a plain cursor, no model instances
        cursor.execute(f'SELECT "dimension", "month", "key1", "key2", "eligible_won", "total_won", "counted_n", "n" '
                       f'FROM "{PurchaseTotal._meta.db_table}" WHERE "institution_id" = %s AND "year" = %s',
                       [institution.pk, year])
        for dimension, month, key1, key2, eligible, total, counted_n, n in cursor.fetchall():
            rows[dimension].append((month, key1, key2, eligible, total, n if dimension == TotalDimension.FLAGS else counted_n))
    flags = _flags([(month, category, packed, total, n) for month, category, packed, _e, total, n in rows[TotalDimension.FLAGS]])
    not_counted = _not_counted(institution, year, departments, limit=not_counted_limit)
    exceptions = [rules.ExceptionEntry(p.department, p.exception_code, p.exception_justification, p.amount_won)
                  for p in _purchases(institution, year, departments, condition='AND "exception_code" IS NOT NULL')]
    supplier_month = [(m, k1, e, t, c) for m, k1, _k2, e, t, c in rows[TotalDimension.SUPPLIER_MONTH]]
    return rules.ReportTallies(
        supplier_month=supplier_month,
        item_month=[(m, k1, e, t) for m, k1, _k2, e, t, _c in rows[TotalDimension.ITEM_MONTH]],
        department_supplier=[(code_of[k1], k2, e, t, c) for _m, k1, k2, e, t, c in rows[TotalDimension.DEPARTMENT_SUPPLIER]],
        flags=flags, exceptions=exceptions, not_counted=not_counted,
        supplier_names=_supplier_names(institution, year, {k for _m, k, *_ in supplier_month}, names))


#: an amount x split in three 21-bit parts, x = a·2⁴² + b·2²¹ + c with a = x >> 42 (the sign, for a refund),
#: b = (x >> 21) & M, c = x & M (M = 2²¹ − 1): x² = a²·2⁸⁴ + ab·2⁶⁴ + ac·2⁴³ + b²·2⁴² + bc·2²² + c². Every
#: product of two parts is below 2⁴² for any 64-bit x, so each of the six sums stays inside 64 bits for up
#: to 2²¹ rows, and both engines square the amounts exactly (SQLite has no wider integer; a product past
#: 64 bits would turn into a float there and into an error on PostgreSQL)
_PART_BITS = 21
_PARTS = ((0, 0, 84), (0, 1, 64), (0, 2, 43), (1, 1, 42), (1, 2, 22), (2, 2, 0))  # (part, part, shift of its sum)


def _square_parts(column: str) -> str:
    """The six partial sums of Σ column² (:func:`_square_sum` adds them up); ``column`` a 64-bit integer."""
    mask = (1 << _PART_BITS) - 1
    part = (f"({column} >> {2 * _PART_BITS})", f"(({column} >> {_PART_BITS}) & {mask})", f"({column} & {mask})")
    return ", ".join(f"SUM({part[i]} * {part[j]})" for i, j, _shift in _PARTS)


_SQUARE_PARTS = _square_parts('"eligible_won"')
_E = '"e"'  # a supplier's eligible won of the year, in :func:`_suppliers`' grouping


def _square_sum(*sums: int) -> int:
    """Σx² from the six partial sums of :func:`_square_parts` (None, a sum over no rows, is 0)."""
    return sum(int(value or 0) << shift for value, (_i, _j, shift) in zip(sums, _PARTS, strict=True))


@collector.paused()
def grouped_tallies(institution: Institution, year: int, *, not_counted_limit: int | None = None,
                    names: queries.PublishedNames | None = None,
                    suppliers_shown: int | None = None) -> rules.GroupedTallies:
    """The year's sums grouped by the database (core.purchase.GroupedTallies): per supplier and per
    item the year, per month the concentration inputs, per department its figures — a few thousand
    rows instead of every (supplier, month) and (department, supplier) sum —, plus the flags and the
    purchases the report lists one by one (as :func:`report_tallies`). Equals
    ``core.purchase.group_tallies(report_tallies(…))`` (tests/procurement/test_grouped_report.py).

    PurchaseTotal holds one row per (dimension, month, key1, key2), so a count of rows with
    counted_n > 0 counts distinct suppliers, and Σ of squared rows is Σ of squared sums."""
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    code_of = {str(pk): d.code for pk, d in departments.items()}
    table = PurchaseTotal._meta.db_table
    where = 'WHERE "institution_id" = %s AND "year" = %s AND "dimension" = %s'
    counted = 'SUM(CASE WHEN "counted_n" > 0 THEN 1 ELSE 0 END)'
    with connection.cursor() as cursor:
        suppliers, summary = _suppliers(cursor, institution, year, suppliers_shown)
        cursor.execute(f'SELECT "key1", SUM("eligible_won"), SUM("total_won") FROM "{table}" {where} GROUP BY "key1"',
                       [institution.pk, year, TotalDimension.ITEM_MONTH])
        items = [rules.ItemTally(key, int(e), int(t)) for key, e, t in cursor.fetchall()]
        cursor.execute(f'SELECT "month", SUM("eligible_won"), {counted}, {_SQUARE_PARTS} FROM "{table}" {where} '
                       f'GROUP BY "month"', [institution.pk, year, TotalDimension.SUPPLIER_MONTH])
        by_supplier = {m: (int(e), int(n), _square_sum(*parts)) for m, e, n, *parts in cursor.fetchall()}
        cursor.execute(  # the ten largest items of each month through a window over the month's rows
            f'SELECT "month", SUM("eligible_won"), {_SQUARE_PARTS}, SUM(CASE WHEN "rank" <= 10 THEN "eligible_won" '
            f'ELSE 0 END) FROM (SELECT "month", "eligible_won", ROW_NUMBER() OVER (PARTITION BY "month" '
            f'ORDER BY "eligible_won" DESC) AS "rank" FROM "{table}" {where}) AS "ranked" GROUP BY "month"',
            [institution.pk, year, TotalDimension.ITEM_MONTH])
        by_item = {m: (int(e), _square_sum(*parts), int(top)) for m, e, *parts, top in cursor.fetchall()}
        cursor.execute(f'SELECT "key1", SUM("eligible_won"), SUM("total_won"), {counted} FROM "{table}" {where} '
                       f'GROUP BY "key1"', [institution.pk, year, TotalDimension.DEPARTMENT_SUPPLIER])
        department_rows = [rules.DepartmentTally(code_of[key], int(e), int(t), int(n)) for key, e, t, n in cursor.fetchall()]
        cursor.execute(f'SELECT "month", "key1", "key2", "total_won", "n" FROM "{table}" {where}',
                       [institution.pk, year, TotalDimension.FLAGS])
        flag_rows = cursor.fetchall()
    months = [rules.MonthTally(m, *by_supplier.get(m, (0, 0, 0)), *by_item.get(m, (0, 0, 0)))
              for m in sorted({*by_supplier, *by_item})]
    not_counted = _not_counted(institution, year, departments, limit=not_counted_limit)
    exceptions = [rules.ExceptionEntry(p.department, p.exception_code, p.exception_justification, p.amount_won)
                  for p in _purchases(institution, year, departments, condition='AND "exception_code" IS NOT NULL')]
    return rules.GroupedTallies(
        suppliers=suppliers, items=items, months=months, departments=department_rows, flags=_flags(flag_rows),
        exceptions=exceptions, not_counted=not_counted,
        supplier_names=_supplier_names(institution, year, {s.key for s in suppliers}, names), supplier_summary=summary)


def _suppliers(cursor, institution: Institution, year: int,
               shown: int | None) -> tuple[list[rules.SupplierTally], rules.SupplierSummary | None]:
    """The year's suppliers (:attr:`core.purchase.GroupedTallies.suppliers`): every one when ``shown``
    is None; else the ``shown`` largest by eligible then total won, and the summary of all of them
    — a page shows ten of the 38,000 suppliers of the country's largest institution, and building
    38,000 rows to show ten was most of its time. Ties with the last one shown list every supplier
    (then the name decides, which the database does not know)."""
    table = PurchaseTotal._meta.db_table
    where = 'WHERE "institution_id" = %s AND "year" = %s AND "dimension" = %s'
    params = [institution.pk, year, TotalDimension.SUPPLIER_MONTH]
    per_supplier = (f'SELECT "key1", CAST(SUM("eligible_won") AS BIGINT) AS "e", CAST(SUM("total_won") AS BIGINT) AS "t", '
                    f'MIN(CASE WHEN "counted_n" > 0 THEN "month" END) AS "first" FROM "{table}" {where} GROUP BY "key1"')
    if shown is not None:
        # one grouping serves both (a common table used twice is computed once, on either engine):
        # the largest, and per first counted month the suppliers, of them new (no counted purchase
        # in an earlier year), Σ and the six parts of Σ² of their eligible won
        cursor.execute(
            f'WITH "s" AS ({per_supplier}) '
            f'SELECT * FROM (SELECT 0, "key1", "e", "t", "first", 0, 0, {", ".join(["0"] * len(_PARTS))} FROM "s" '
            f'ORDER BY "e" DESC, "t" DESC LIMIT %s) AS "largest" UNION ALL '
            f'SELECT 1, NULL, SUM("e"), 0, "first", COUNT(*), SUM(CASE WHEN "key1" IN (SELECT "key1" FROM "{table}" '
            f'WHERE "institution_id" = %s AND "year" < %s AND "dimension" = %s AND "counted_n" > 0) THEN 0 ELSE 1 END), '
            f'{_square_parts(_E)} FROM "s" GROUP BY "first"', [*params, shown + 1, *params])
        largest, counted, eligible, square, new_by_month = [], 0, 0, 0, [0] * 12
        for kind, key, e, t, first, n, new, *parts in cursor.fetchall():
            if kind == 0:
                largest.append(rules.SupplierTally(key, int(e), int(t), first))
                continue
            eligible += int(e)
            square += _square_sum(*parts)
            if first is not None:
                counted += int(n)
                new_by_month[first - 1] += int(new)
        largest.sort(key=lambda s: (-s.eligible_won, -s.total_won))
        if len(largest) <= shown:  # every supplier is among them
            return largest, None
        if not shown or largest[shown - 1][1:3] != largest[shown][1:3]:
            return largest[:shown], rules.SupplierSummary(counted, eligible, square, tuple(new_by_month))
    cursor.execute(per_supplier, params)
    return [rules.SupplierTally(key, int(e), int(t), first) for key, e, t, first in cursor.fetchall()], None


def _flags(rows: list[tuple]) -> list[tuple]:
    """The flags dimension's rows (month, category, "counted,indirect,in_district", total, n) as core reads them."""
    flag = {"1": True, "0": False, "-1": None}
    flags = []
    for month, category, packed, total, n in rows:
        counted, indirect, in_district = packed.split(",")
        flags.append((month, category, bool(flag[counted]), bool(flag[indirect]), flag[in_district], total, n))
    return flags


def _supplier_names(institution: Institution, year: int, keys: set[str],
                    published: queries.PublishedNames | None = None) -> dict[str, str]:
    """Registered suppliers by their registry name (as published, when ``published`` has it), others by
    the name written on the purchase."""
    ids = [int(k) for k in keys if not k.startswith(totals.UNREGISTERED)]
    if len(ids) > _EVERY_NAME_ABOVE:
        # tens of thousands of suppliers: every organisation's name from the (name, id) index costs less
        # than as many look-ups by id (or one IN with as many parameters) — 30 ms against 170 ms on SQLite
        # for the largest generated institution's 38,000 suppliers of the country's 47,000 organisations
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "id", "name" FROM "{Organisation._meta.db_table}"')
            names = {str(pk): name for pk, name in cursor.fetchall()}
    else:
        names = {str(pk): name for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")} if ids else {}
    if published is not None:
        names.update((str(pk), name) for pk, name in published.suppliers.items() if str(pk) in names)
    return {k: names.get(k, k.removeprefix(totals.UNREGISTERED)) for k in keys}


#: past this many registered suppliers, their names are read with every other organisation's
_EVERY_NAME_ABOVE = 2_000


class _Purchase(NamedTuple):
    """A purchase as read for the OCDS package and the Art. 10 exceptions: the fields of core's
    PurchaseRecord (same names, same order, so core reads either), without its per-record validation
    (the database holds validated rows): a million of these take a fraction of the time of a million
    validated dataclasses. The report itself reads the running sums instead."""

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
    recorded_at: dt.datetime | None


def core_institution(institution: Institution, names: queries.PublishedNames | None = None) -> rules.Institution:
    return rules.Institution(id=institution.code, name=names.institution if names is not None else institution.name)


def names_shown(institution: Institution, year: int, today: dt.date | None = None) -> queries.PublishedNames | None:
    """The names a report of ``year`` shows instead of today's: once the year has ended (by ``today``,
    default timezone.localdate()), the names its disclosures were published with — the institution's,
    and the departments' and registered suppliers' the published plan and months show (the latest
    publication's) —, so that a rename after publication never changes a closed year. Departments and
    suppliers of months not published, and a running year, show today's names."""
    today = today or timezone.localdate()
    return queries.names_as_published(institution, year) if year < today.year else None


def annual_report(institution: Institution, year: int, *, not_counted_limit: int | None = None,
                  suppliers_shown: int | None = None, today: dt.date | None = None) -> rules.PerformanceReport:
    """The Art. 7 report. ``not_counted_limit``: list only the first not-counted purchases (the page
    shows 200; the count and sum of all of them are in the report either way); ``suppliers_shown``:
    list only the largest suppliers in ``by_supplier`` (the page shows ten; every other figure still
    counts all of them). Names: see :func:`names_shown`."""
    names = names_shown(institution, year, today)
    return rules.report_from_grouped(grouped_tallies(institution, year, not_counted_limit=not_counted_limit, names=names,
                                                     suppliers_shown=suppliers_shown),
                                     report_input(institution, year, with_purchases=False, names=names),
                                     core_institution(institution, names), year)


def evaluation(institution: Institution, year: int) -> tuple[rules.PerformanceReport, tuple[rules.DepartmentEvaluation, ...]]:
    """The year's report and the departments' evaluation with the institution's own weights."""
    report = annual_report(institution, year)
    return report, rules.evaluate_departments(report.departments, queries.weights_of(institution))


def ocds_package(institution: Institution, year: int, *, base_url: str | None = None) -> dict:
    """The year's OCDS release package (procurement.open_data)."""
    from bombaram.procurement import open_data

    return open_data.release_package(institution, year, base_url=base_url)


DEPARTMENT_COLUMNS = ["부서", "목표액 (원)", "계획액 (원)", "사회적경제제품 구매액 (원)", "총 구매액 (원)", "달성률 (%)",
                      "예외 (건)", "공급업체 (곳)"]


def department_rows(report: rules.PerformanceReport) -> list[list]:
    """The report's 부서별 table (the page's first table, the XLSX's sheet, the CSV)."""
    return [[d.name, d.target_won, d.planned_won, d.eligible_won, d.total_won, d.achievement_pct,
             sum(d.exceptions.values()), d.suppliers] for d in report.departments]


def write_csv(report: rules.PerformanceReport, path: Path) -> None:
    """The 부서별 table as CSV for Excel (UTF-8 with BOM)."""
    tabular.write_csv_for_excel(path, DEPARTMENT_COLUMNS, department_rows(report))


def report_statement(institution: Institution, year: int) -> dict | None:
    """Art. 7 ① 3–5 as the 사회적경제과 wrote them (None when nothing was written)."""
    from bombaram.procurement.models import ReportStatement
    from bombaram.procurement.services.allocation import statement_dict

    return statement_dict(ReportStatement.objects.filter(institution=institution, year=year).first(), "report")


def report_document(institution: Institution, year: int) -> dict:
    """The JSON of the Art. 7 report: the purchase figures (items 1–2) and the written items 3–5."""
    return {**annual_report(institution, year).as_dict(), "statement": report_statement(institution, year)}


STATEMENT_ROWS = [  # (field, label in the workbook)
    ("support_text", "3. 생산·유통·판매사업자 지원 실적"), ("support_cases", "3. 지원 건수"), ("support_won", "3. 지원 금액 (원)"),
    ("education_text", "4. 구매촉진 교육·홍보 실적"), ("education_sessions", "4. 교육·홍보 횟수"),
    ("education_participants", "4. 교육·홍보 참여 인원"),
    ("improvements_text", "5. 제도·시책 개선 실적"), ("improvements_count", "5. 개선 건수"), ("good_practice_text", "5. 수범사례"),
]


def write_xlsx(report: rules.PerformanceReport, path: Path, *, illustrative: bool, statement: dict | None = None) -> None:
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
    departments = department_rows(report)
    months = [[m.month, m.eligible_won, m.total_won] for m in report.by_month]
    items = [[r.label or r.key, r.eligible_won, r.total_won] for r in report.by_item]
    suppliers = [[r.label or r.key, r.eligible_won, r.total_won] for r in report.by_supplier]
    exceptions = [[e.code, e.label, e.count, e.amount_won] for e in report.exceptions]
    not_counted = [[p.purchased_on, p.supplier_name, p.item, p.amount_won, p.reason or ""] for p in report.not_counted]
    tabular.write_xlsx(path, {
        "요약": (["항목", "값"], summary),
        "부서별": (DEPARTMENT_COLUMNS, departments),
        "월별": (["월", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], months),
        "품목별": (["품목", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], items),
        "공급업체별": (["공급업체", "사회적경제제품 구매액 (원)", "총 구매액 (원)"], suppliers),
        "예외사유별": (["사유 코드", "사유", "건수", "금액 (원)"], exceptions),
        "불인정": (["구매일자", "업체", "품목", "금액 (원)", "사유"], not_counted),
        "지원·교육·개선": (["항목 (조례 제7조 제1항)", "내용"],
                      [[label, (statement or {}).get(name)] for name, label in STATEMENT_ROWS]),
    }, notes=notes)
