"""Targets from a file, the annual report from the database (figures by hand), OCDS, evaluation page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from bombaram.procurement import reports
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    Purchase,
    YearTarget,
)
from bombaram.procurement.services import totals
from bombaram.procurement.services.targets import TargetFileError, load_targets
from bombaram.registry.models import District
from bombaram.web.choices import Role

SCHEMA_DIR = Path(__file__).parents[1] / "core" / "data" / "ocds_1_1_5"


def test_load_targets_twice_changes_nothing_and_bad_rows_stop_the_load(reference, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("institution_code,institution_name,year,department,target_won\n"
                    "seongbuk,성북구청,2014,,\"2,500,000,000\"\nseongbuk,성북구청,2014,총무과,3억\n", encoding="utf-8")
    first = load_targets(path)
    assert (first.targets_set, first.unchanged, first.institutions, first.departments) == (2, 0, 1, 1)
    assert YearTarget.objects.get(year=2014).target_won == 2_500_000_000
    assert DepartmentTarget.objects.get(department__name="총무과").target_won == 300_000_000
    again = load_targets(path)
    assert (again.targets_set, again.unchanged) == (0, 2)
    bad = tmp_path / "bad.csv"
    bad.write_text("institution_code,year,target_won\nseongbuk,20x4,100\nseongbuk,2015,abc\n", encoding="utf-8")
    with pytest.raises(TargetFileError) as error:
        load_targets(bad)
    assert "2행 연도(year)" in str(error.value) and "3행 목표액(target_won)" in str(error.value)
    assert not YearTarget.objects.filter(year=2015).exists()


@pytest.fixture
def small_year(reference):
    institution = Institution.objects.create(code="testgu", name="시험구청", district=District.objects.get(code="11290"))
    a = Department.objects.create(institution=institution, code="a", name="가과")
    b = Department.objects.create(institution=institution, code="b", name="나과")
    YearTarget.objects.create(institution=institution, year=2014, target_won=1_000_000)
    DepartmentTarget.objects.create(department=a, year=2014, target_won=600_000)
    DepartmentTarget.objects.create(department=b, year=2014, target_won=400_000)
    rows = [  # (department, date, supplier, item, amount, counted)
        (a, dt.date(2014, 1, 10), "햇살", "도시락", 300_000, True),
        (a, dt.date(2014, 1, 20), "햇살", "도시락", 200_000, True),
        (a, dt.date(2014, 2, 5), "달빛", "청소", 100_000, True),
        (b, dt.date(2014, 2, 6), "별빛", "인쇄", 150_000, True),
        (b, dt.date(2014, 3, 1), "큰회사", "복사지", 250_000, False),
        (b, dt.date(2013, 12, 31), "햇살", "도시락", 999_000, True),  # another year: left out
    ]
    for department, day, supplier, item, amount, counted in rows:
        Purchase.objects.create(institution=institution, department=department, purchased_on=day, supplier_name=supplier,
                                item=item, category="goods", amount_won=amount, counted=counted,
                                not_counted_reason="" if counted else "사회적경제 조직 등록부에 없는 업체입니다")
    totals.rebuild(institution)  # written with the ORM here, not through services.purchases
    return institution


def test_annual_report_from_the_database_by_hand(small_year):
    report = reports.annual_report(small_year, 2014)
    # counted in 2014: 300,000 + 200,000 + 100,000 + 150,000 = 750,000; all: + 250,000 = 1,000,000
    assert (report.eligible_won, report.total_won, report.target_won) == (750_000, 1_000_000, 1_000_000)
    assert (report.not_counted_n, report.not_counted_won) == (1, 250_000)  # 큰회사's 복사지
    page = reports.annual_report(small_year, 2014, not_counted_limit=0)  # the list cut, the count and sum kept
    assert (page.not_counted, page.not_counted_n, page.not_counted_won) == ((), 1, 250_000)
    assert report.achievement_pct == pytest.approx(75.0)  # 750,000 / 1,000,000
    by_name = {d.name: d for d in report.departments}
    assert by_name["가과"].eligible_won == 600_000 and by_name["가과"].achievement_pct == pytest.approx(100.0)
    assert by_name["나과"].eligible_won == 150_000 and by_name["나과"].achievement_pct == pytest.approx(37.5)  # 150/400
    assert [(m.month, m.eligible_won) for m in report.by_month if m.total_won] == [(1, 500_000), (2, 250_000), (3, 0)]
    # supplier shares of 750,000: 햇살 500,000 (66.67 %), 달빛 100,000, 별빛 150,000
    # HHI = 66.667² + 13.333² + 20² = 4444.4 + 177.8 + 400 = 5022.2
    assert report.concentration.supplier_hhi == pytest.approx(5022.22, abs=0.01)
    # 햇살 was bought from (and counted) in 2013: two of the three suppliers are new this year
    assert report.concentration.suppliers == 3 and report.concentration.new_suppliers == 2
    assert [p.supplier_name for p in report.not_counted] == ["큰회사"]


def test_only_approved_plans_are_shown(small_year):
    """A department's draft or returned plan is its own work in progress: its amounts never reach the
    public report, its JSON or the OCDS package; an approved plan's do."""
    from django.utils import timezone

    from bombaram.procurement.choices import PlanStatus
    from bombaram.procurement.models import PlanItem, PurchasePlan

    a, b = Department.objects.get(code="a"), Department.objects.get(code="b")
    draft = PurchasePlan.objects.create(department=a, year=2014, status=PlanStatus.DRAFT)
    PlanItem.objects.create(plan=draft, item="비밀 초안", category="goods", planned_won=777_000_000)
    approved = PurchasePlan.objects.create(department=b, year=2014, status=PlanStatus.APPROVED, submitted=timezone.now())
    PlanItem.objects.create(plan=approved, item="인쇄", category="goods", planned_won=300_000)
    report = reports.annual_report(small_year, 2014)
    assert report.planned_won == 300_000
    assert {d.name: d.planned_won for d in report.departments} == {"가과": 0, "나과": 300_000}
    package = json.dumps(reports.ocds_package(small_year, 2014, base_url="https://se.example.go.kr/"), ensure_ascii=False)
    assert "777000000" not in package and "-plan-a" not in package and "-plan-b" in package
    draft.status = PlanStatus.RETURNED
    draft.save(update_fields=["status"])
    assert reports.annual_report(small_year, 2014).planned_won == 300_000


def test_ocds_output_validates_against_the_official_schema(small_year):
    package = reports.ocds_package(small_year, 2014, base_url="https://se.example.go.kr/")
    release_schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text("utf-8"))
    registry = Registry().with_resource(release_schema["id"], Resource.from_contents(release_schema, default_specification=DRAFT4))
    validator = Draft4Validator(json.loads((SCHEMA_DIR / "release-package-schema.json").read_text("utf-8")), registry=registry)
    assert [e.message for e in validator.iter_errors(package)] == []
    assert all(r["ocid"].startswith("ocds-bmbram-") for r in package["releases"])


def test_report_pages_downloads_and_the_evaluation_is_for_the_department_of_social_economy(client, small_year, make_user):
    html = client.get("/purchase/report/testgu/2014/").content.decode()
    assert "75만원" in html and "75.0" in html
    data = client.get("/purchase/report/testgu/2014/download.json").json()
    assert {k: data[k] for k in ("institution", "year", "target_won", "eligible_won", "total_won")} == {
        "institution": "시험구청", "year": 2014, "target_won": 1_000_000, "eligible_won": 750_000, "total_won": 1_000_000}
    assert {"departments", "by_month", "concentration", "not_counted"} <= set(data)
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(client.get("/purchase/report/testgu/2014/download.xlsx").content))
    summary = {r[0]: r[1] for r in book["요약"].iter_rows(values_only=True) if r and r[0]}
    assert (summary["사회적경제제품 구매액 (원)"], summary["총 구매액 (원)"], summary["목표 달성률 (%)"]) == (750_000, 1_000_000, 75.0)
    not_counted = [r for r in book["불인정"].iter_rows(values_only=True) if r and r[1] == "큰회사"]
    assert len(not_counted) == 1 and not_counted[0][3] == 250_000
    assert client.get("/purchase/evaluation/testgu/2014/").status_code == 302  # to the login
    officer = make_user("officer", Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="a"))
    client.force_login(officer)
    assert client.get("/purchase/evaluation/testgu/2014/").status_code == 403
    client.force_login(make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    page = client.get("/purchase/evaluation/testgu/2014/").content.decode()
    assert "가과" in page and "나과" in page


def test_demo_targets_are_the_reports(reference, tmp_path):
    from bombaram.datagen.demo.procurement import load_demo_procurement
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()
    count = load_demo_procurement()
    assert count > 1000 and load_demo_procurement() == count  # idempotent
    targets = dict(YearTarget.objects.filter(institution__code="seongbuk").values_list("year", "target_won"))
    assert targets == {2011: 600_000_000, 2012: 1_000_000_000, 2013: 2_000_000_000, 2014: 2_500_000_000}
    report = reports.annual_report(Institution.objects.get(code="seongbuk"), 2014)
    assert 90 <= report.achievement_pct <= 110
    assert not Purchase.objects.filter(institution__code="seongbuk", counted=True, supplier__isnull=True).exists()


def test_the_current_years_report_is_for_the_institution_until_the_year_ends(client, small_year, make_user):
    """This year's report holds months not yet disclosed: the public reads it once the year is over."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    Purchase.objects.create(institution=small_year, department=Department.objects.get(code="a"),
                            purchased_on=timezone.localdate().replace(day=1), supplier_name="햇살", item="도시락",
                            category="goods", amount_won=123_000, counted=True)
    totals.rebuild(small_year)
    page = client.get(f"/purchase/report/testgu/{this_year}/")
    html = page.content.decode()
    assert page.status_code == 403 and "연도가 끝난 뒤" in html and "123,000" not in html and "12만" not in html
    assert client.get(f"/purchase/report/testgu/{this_year}/download.json").status_code == 403
    assert client.get("/purchase/report/testgu/2014/").status_code == 200  # an ended year is public
    for who in (make_user("officer", Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="b")),
                make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))):
        client.force_login(who)
        assert client.get(f"/purchase/report/testgu/{this_year}/download.json").json()["total_won"] == 123_000
    client.force_login(make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")))
    assert client.get(f"/purchase/report/testgu/{this_year}/").status_code == 403


def test_the_light_purchase_rows_have_cores_fields_in_cores_order():
    """reports._Purchase stands in for core's PurchaseRecord (a million of them are built for OCDS):
    a field added to core must be added there too."""
    import dataclasses

    from bombaram.core.purchase import PurchaseRecord
    from bombaram.procurement.reports import _Purchase

    assert _Purchase._fields == tuple(f.name for f in dataclasses.fields(PurchaseRecord))
