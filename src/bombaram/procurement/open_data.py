"""Open data of the purchase system: OCDS release and record packages, and the tables of the published
plan and monthly disclosures as CSV and XLSX.

Releases are built by core.purchase.ocds from the purchases as they stand and the versions corrections
replaced (PurchaseRevision), so a release once issued never changes. A disclosure's OCDS holds the
releases issued by the time it was published, of the purchases (or approved plans) it shows.
Addresses in the packages start from settings.BOMBARAM_PUBLIC_URL (the address the request came to
when it is not set).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from bombaram.core import purchase as rules
from bombaram.core import tabular
from bombaram.core.purchase import ocds
from bombaram.procurement import reports
from bombaram.procurement.choices import Category, DisclosureKind, PlanStatus
from bombaram.procurement.models import (
    Department,
    Disclosure,
    Institution,
    Purchase,
    PurchasePlan,
    PurchaseRevision,
)
from bombaram.procurement.services import totals

#: the ocid prefix of bombaram's packages ("ocds-" + six characters)
OCID_PREFIX = "ocds-bmbram-"
#: the licence of the published data (Open Definition conformant; compatible with 공공누리 제1유형)
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


class NoPublicAddress(Exception):
    """Neither BOMBARAM_PUBLIC_URL nor a request gives the address the package's links start from."""


def public_base(base_url: str | None = None) -> str:
    """settings.BOMBARAM_PUBLIC_URL, else ``base_url`` (the request's own address), without a final /."""
    base = settings.BOMBARAM_PUBLIC_URL or base_url
    if not base:
        raise NoPublicAddress("OCDS 파일의 주소를 만들 공개 주소가 없습니다: BOMBARAM_PUBLIC_URL=https://… 를 설정해 주세요")
    return base.rstrip("/")


def address(base: str, name: str, *args: Any, query: str = "") -> str:
    """The public (Korean, the default language) address of the page ``name``."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{base}{reverse(name, args=args)}{query}"


def _links(base: str) -> dict[str, str]:
    return {"license_url": LICENSE_URL, "publication_policy_url": address(base, "open-data-policy")}


# ---- reading purchases and their history ------------------------------------------------------


def _record(number: int, values: dict[str, Any], code_of: dict[int, str], recorded: dt.datetime | None) -> rules.PurchaseRecord:
    """A kept version (PurchaseRevision.values: corrections.FIELDS) as core's record."""
    supplier = values["supplier_id"]
    name = values["supplier_name"]
    counted = bool(values["counted"])
    return rules.PurchaseRecord(
        id=str(number), purchased_on=dt.date.fromisoformat(values["purchased_on"]),
        department=code_of[values["department_id"]],
        supplier_id=str(supplier) if supplier is not None else totals.UNREGISTERED + name, supplier_name=name,
        item=values["item"], category=values["category"], amount_won=int(values["amount_won"]), counted=counted,
        reason_code=None if counted else "not_counted", reason=values.get("not_counted_reason") or None,
        in_district=values.get("in_district"), indirect=bool(values.get("indirect")),
        exception_code=values.get("exception_code"), exception_justification=values.get("exception_justification") or "",
        channel=values.get("channel") or rules.Channel.DIRECT, method=values.get("contract_method") or None,
        supplier_brn=values.get("supplier_business_no") or None, recorded_at=recorded)


def histories(institution: Institution, year: int, *, month: int | None = None) -> tuple[list, dict[str, ocds.PurchaseHistory]]:
    """The year's purchases as they stand (only ``month``'s if given), and the histories of those
    that were corrected or withdrawn (every purchase that had a version in ``year``, with all its
    versions)."""
    departments = {d.pk: d for d in Department.objects.filter(institution=institution)}
    code_of = {pk: d.code for pk, d in departments.items()}
    condition = ""
    if month is not None:  # ISO dates as literals: compared as text on SQLite, cast to date on PostgreSQL
        first, after = dt.date(year, month, 1), dt.date(year + (month == 12), month % 12 + 1, 1)
        condition = f'AND "purchased_on" >= \'{first.isoformat()}\' AND "purchased_on" < \'{after.isoformat()}\''
    current = reports._purchases(institution, year, departments, condition=condition)
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    corrected_now = Purchase.objects.filter(institution=institution, purchased_on__gte=start, purchased_on__lt=end,
                                            revision__gt=1).values("pk")
    numbers = set(PurchaseRevision.objects.filter(institution=institution).filter(
        Q(year=year) | Q(purchase_number__in=corrected_now)).values_list("purchase_number", flat=True))
    if not numbers:
        return current, {}
    kept: dict[int, list[PurchaseRevision]] = {}
    for revision in PurchaseRevision.objects.filter(institution=institution, purchase_number__in=numbers).order_by(
            "purchase_number", "revision"):
        kept.setdefault(revision.purchase_number, []).append(revision)
    by_id = {p.id: p for p in current}
    # corrected purchases read above are as they stand; the others (now in another month or year) here
    elsewhere = {str(r["id"]): r for r in Purchase.objects.filter(
        pk__in=numbers - {int(pk) for pk in by_id}).values("id", "created", *_FIELDS)}
    result: dict[str, ocds.PurchaseHistory] = {}
    for number, revisions in kept.items():
        versions = [_record(number, r.values, code_of, r.recorded) for r in revisions]
        amendments = [ocds.Amendment(at=r.ended, reason=r.reason, withdrawn=r.withdrawn) for r in revisions]
        if not revisions[-1].withdrawn:
            now = by_id.get(str(number))
            if now is None:
                row = elsewhere.get(str(number))
                if row is None:  # not found: the history cannot be told, leave it out rather than guess
                    continue
                now = _record(number, {**row, "purchased_on": row["purchased_on"].isoformat()}, code_of, row["created"])
            versions.append(now)
        result[str(number)] = ocds.PurchaseHistory(versions=tuple(versions), amendments=tuple(amendments))
    return current, result


_FIELDS = ("department_id", "purchased_on", "supplier_id", "supplier_name", "supplier_business_no", "item", "category",
           "amount_won", "contract_method", "channel", "exception_code", "exception_justification", "counted",
           "not_counted_reason", "in_district", "indirect")


# ---- packages ---------------------------------------------------------------------------------


def release_package(institution: Institution, year: int, *, base_url: str | None = None,
                    published_at: dt.datetime | None = None, today: dt.date | None = None) -> dict:
    """The year's release package: the approved plans' planning releases, and every release issued
    for the year's purchases (as recorded, corrections, withdrawals). Names as in
    ``reports.names_shown``: a closed year keeps the names it was published with."""
    base = public_base(base_url)
    names = reports.names_shown(institution, year, today)
    data = reports.report_input(institution, year, with_purchases=False, approved_only=True, names=names)
    current, kept = histories(institution, year)
    data = rules.ReportInput(purchases=current, plans=data.plans, department_names=data.department_names)
    return ocds.ocds_release_package(
        data, reports.core_institution(institution, names), year, published_at or timezone.now(),
        address(base, "purchase-report-download", institution.code, year, "ocds"),
        ocid_prefix=OCID_PREFIX, histories=kept, **_links(base))


def record_package(institution: Institution, year: int, *, base_url: str | None = None) -> dict:
    """The year's record package: per ocid its releases and the compiled release."""
    base = public_base(base_url)
    releases = release_package(institution, year, base_url=base)
    return ocds.ocds_record_package(
        releases, uri=address(base, "purchase-report-download", institution.code, year, "records"),
        release_package_uri=releases["uri"])


def disclosure_package(disclosure: Disclosure, *, base_url: str | None = None) -> dict:
    """The releases of what ``disclosure`` shows, as they had been issued when it was published: for a
    month, the purchases of the month then recorded and not withdrawn (each with its releases up to
    then); for the plan, the planning releases of the plans approved by then."""
    base = public_base(base_url)
    institution, year, at = disclosure.institution, disclosure.year, disclosure.published
    query = f"?version={disclosure.version}"
    data = reports.report_input(institution, year, with_purchases=False, approved_only=True)
    if disclosure.kind == DisclosureKind.PLAN:
        approved = {d for d, decided in PurchasePlan.objects.filter(
            department__institution=institution, year=year, status=PlanStatus.APPROVED, decided__lte=at,
        ).values_list("department__code", "decided")}
        plans = [p for p in data.plans if p.department in approved]
        uri = address(base, "public-plan-download", institution.code, year, "ocds", query=query)
        return ocds.ocds_release_package(
            rules.ReportInput(purchases=[], plans=plans, department_names=data.department_names),
            reports.core_institution(institution), year, at, uri, ocid_prefix=OCID_PREFIX, **_links(base))
    current, kept = histories(institution, year, month=disclosure.month)
    shown: dict[str, ocds.PurchaseHistory] = {}
    for p in current:
        kept.setdefault(p.id, ocds.PurchaseHistory(versions=(p,)))
    for number, history in kept.items():
        then = ocds.history_as_of(history, at)
        if then is not None and not then.withdrawn and (
                then.current.purchased_on.year, then.current.purchased_on.month) == (year, disclosure.month):
            shown[number] = then
    uri = address(base, "public-disclosure-download", institution.code, year, disclosure.month, "ocds", query=query)
    return ocds.ocds_release_package(
        rules.ReportInput(purchases=[], department_names=data.department_names),
        reports.core_institution(institution), year, at, uri, ocid_prefix=OCID_PREFIX, histories=shown,
        plans=False, **_links(base))


# ---- the disclosures' tables as CSV and XLSX ----------------------------------------------------

MONTH_COLUMNS = ["구매일자", "부서", "공급업체", "품목", "구분", "금액 (원)", "실적 인정", "불인정 사유", "관내기업", "구매대행"]
MONTH_DEPARTMENT_COLUMNS = ["부서", "건수", "총 구매액 (원)", "인정 구매액 (원)", "인정 비율 (%)"]
PLAN_COLUMNS = ["부서", "품목", "구분", "계획액 (원)", "후보 공급업체"]
PLAN_DEPARTMENT_COLUMNS = ["부서", "부서 목표액 (원)", "계획액 (원)", "품목 수", "승인일"]


def _category(code: str) -> str:
    return rules.CATEGORY_LABELS.get(code, dict(Category.choices).get(code, code))


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "" if value is None else yes if value else no


def month_tables(snapshot: dict) -> dict[str, tuple[list[str], list[list]]]:
    """The monthly disclosure's tables as the page shows them: purchases, by department with the
    total row, and the month's totals."""
    totals_ = snapshot["totals"]
    purchases = [[p["date"], p["department"], p["supplier"], p["item"], _category(p["category"]), p["amount_won"],
                  "인정" if p["counted"] else "불인정", "" if p["counted"] else p.get("not_counted_reason", ""),
                  _yes_no(p.get("in_district"), "관내", "관외"), "구매대행" if p.get("indirect") else ""]
                 for p in snapshot["purchases"]]
    departments = [[d["department"], d["count"], d["total_won"], d["counted_won"], d["counted_share_pct"]]
                   for d in snapshot["by_department"]]
    departments.append(["전체", totals_["count"], totals_["total_won"], totals_["counted_won"],
                        totals_["counted_share_pct"]])
    summary = [["구매 건수", totals_["count"]], ["인정 건수", totals_["counted_count"]],
               ["총 구매액 (원)", totals_["total_won"]], ["인정 구매액 (원)", totals_["counted_won"]],
               ["인정 비율 (%)", totals_["counted_share_pct"]]]
    return {"구매 내역": (MONTH_COLUMNS, purchases), "부서별": (MONTH_DEPARTMENT_COLUMNS, departments),
            "요약": (["항목", "값"], summary)}


def plan_tables(snapshot: dict) -> dict[str, tuple[list[str], list[list]]]:
    """The published plan's tables as the page shows them: items by department, departments with
    the total row, and the plan's totals."""
    items = [[d["department"], i["item"], _category(i["category"]), i["planned_won"],
              ", ".join(c["name"] for c in i["candidates"])]
             for d in snapshot["departments"] for i in d["items"]]
    departments = [[d["department"], d["target_won"], d["planned_won"], len(d["items"]), d["approved"] or ""]
                   for d in snapshot["departments"]]
    departments.append(["전체", None, snapshot["planned_won"], sum(len(d["items"]) for d in snapshot["departments"]), ""])
    summary = [["연간 구매목표액 (원)", snapshot["target_won"]], ["계획액 합계 (원)", snapshot["planned_won"]],
               *[[f"{_category(c['category'])} 계획액 (원)", c["planned_won"]] for c in snapshot["by_category"]]]
    return {"품목별 계획": (PLAN_COLUMNS, items), "부서별": (PLAN_DEPARTMENT_COLUMNS, departments),
            "요약": (["항목", "값"], summary)}


def tables_of(disclosure: Disclosure) -> dict[str, tuple[list[str], list[list]]]:
    snapshot = disclosure.snapshot
    return plan_tables(snapshot) if disclosure.kind == DisclosureKind.PLAN else month_tables(snapshot)


def notes_of(disclosure: Disclosure) -> list[str]:
    snapshot = disclosure.snapshot
    name = snapshot["institution"]["name"]
    if disclosure.kind == DisclosureKind.PLAN:
        title = f"{name} {disclosure.year}년 사회적경제제품 구매계획 공시 (조례 제6조), 제{disclosure.version}판"
    else:
        title = f"{name} {disclosure.year}년 {disclosure.month}월 사회적경제제품 구매실적 공시, 제{disclosure.version}판"
    notes = [f"{title} ({timezone.localtime(disclosure.published):%Y-%m-%d %H:%M} 공시)"]
    if snapshot["institution"].get("illustrative"):
        notes.append("예시 데이터: 지어낸 내용입니다")
    return notes


def csv_bytes(disclosure: Disclosure) -> bytes:
    """The page's main table (the purchases of the month, or the plan's items) as CSV for Excel."""
    columns, rows = next(iter(tables_of(disclosure).values()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.csv"
        tabular.write_csv_for_excel(path, columns, rows)
        return path.read_bytes()


def xlsx_bytes(disclosure: Disclosure) -> bytes:
    """Every table of the page, one sheet each."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "disclosure.xlsx"
        tabular.write_xlsx(path, tables_of(disclosure), notes=notes_of(disclosure))
        return path.read_bytes()
