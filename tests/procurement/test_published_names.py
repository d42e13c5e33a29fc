"""A published disclosure shows the names it was published with (issue 12, point 1): renaming the
institution, a department or a supplier later (in the back office or anywhere) changes neither the
public page, nor the annual report of the closed year, nor its OCDS."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from bombaram.core.names import normalise_name
from bombaram.procurement import reports
from bombaram.procurement.models import Department, Disclosure, Institution, YearTarget
from bombaram.procurement.services.disclosures import publish_month
from bombaram.procurement.services.plans import (
    add_plan_item,
    approve_plan,
    create_plan,
    publish_plan,
    submit_plan,
)
from bombaram.procurement.services.purchases import record_purchase
from bombaram.registry.models import Designation, DesignationType, District, Organisation
from bombaram.web.choices import Role

OLD = {"institution": "성북구청", "department": "일자리경제과", "supplier": "㈜행복도시락"}
NEW = {"institution": "성북구 새이름청", "department": "새이름경제과", "supplier": "㈜새이름도시락"}


@pytest.fixture
def published(reference, make_user):
    """성북구청 buys from a registered supplier in March and April 2015; March is published, April not."""
    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name=OLD["institution"], district=seongbuk)
    jobs = Department.objects.create(institution=institution, code="jobs", name=OLD["department"])
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    YearTarget.objects.create(institution=institution, year=2015, target_won=10_000_000)
    supplier = Organisation.objects.create(name=OLD["supplier"], name_key=normalise_name(OLD["supplier"]),
                                           business_no="2018100017", district=seongbuk)
    Designation.objects.create(organisation=supplier, type=DesignationType.objects.get(code="certified_se"),
                               granted=dt.date(2014, 1, 1))
    division = make_user("sebu", Role.CENTRE_ADMIN, district=seongbuk)
    record_purchase(user=division, department=jobs, purchased_on=dt.date(2015, 3, 2), supplier_name=OLD["supplier"],
                    supplier_business_no="2018100017", item="도시락", category="goods", amount_won=1_200_000)
    record_purchase(user=division, department=welfare, purchased_on=dt.date(2015, 4, 2), supplier_name="큰회사",
                    item="의자", category="goods", amount_won=500_000)
    march = publish_month(user=division, institution=institution, year=2015, month=3, today=dt.date(2015, 5, 1))
    return institution, jobs, welfare, supplier, march


def _rename(institution, department, supplier, welfare):
    institution.name = NEW["institution"]
    institution.save(update_fields=["name"])
    department.name = NEW["department"]
    department.save(update_fields=["name"])
    welfare.name = "새복지과"
    welfare.save(update_fields=["name"])
    supplier.name = NEW["supplier"]
    supplier.save(update_fields=["name"])


def test_the_disclosure_keeps_the_names_it_was_published_with(published):
    institution, jobs, _welfare, supplier, march = published
    assert march.names == {"institution": OLD["institution"], "departments": {str(jobs.pk): OLD["department"]},
                           "suppliers": {str(supplier.pk): OLD["supplier"]}}


def test_the_public_page_shows_the_published_names_after_a_rename(client, published):
    institution, jobs, welfare, supplier, _march = published
    _rename(institution, jobs, supplier, welfare)
    page = client.get(reverse("public-disclosure", args=["seongbuk", 2015, 3])).content.decode()
    for name in OLD.values():
        assert name in page
    for name in NEW.values():
        assert name not in page


def test_the_closed_years_report_shows_the_published_names(client, published):
    institution, jobs, welfare, supplier, _march = published
    _rename(institution, jobs, supplier, welfare)
    report = reports.annual_report(institution, 2015, today=dt.date(2016, 1, 1))
    assert report.institution == OLD["institution"]
    departments = {d.name for d in report.departments}
    # 일자리경제과 as published in March; 복지정책과 bought only in April, not published: today's name
    assert OLD["department"] in departments and "새복지과" in departments and NEW["department"] not in departments
    assert [r.label for r in report.by_supplier if r.eligible_won] == [OLD["supplier"]]
    page = client.get(reverse("purchase-report", args=["seongbuk", 2015])).content.decode()
    for name in OLD.values():
        assert name in page
    for name in NEW.values():
        assert name not in page


def test_a_running_years_report_shows_todays_names(published):
    institution, jobs, welfare, supplier, _march = published
    _rename(institution, jobs, supplier, welfare)
    report = reports.annual_report(institution, 2015, today=dt.date(2015, 6, 1))
    assert report.institution == NEW["institution"]
    assert NEW["department"] in {d.name for d in report.departments}
    assert [r.label for r in report.by_supplier if r.eligible_won] == [NEW["supplier"]]


def test_the_closed_years_ocds_shows_the_published_names(client, published):
    institution, jobs, welfare, supplier, _march = published
    _rename(institution, jobs, supplier, welfare)
    package = json.loads(client.get(reverse("purchase-report-download", args=["seongbuk", 2015, "ocds"])).content)
    assert package["publisher"]["name"] == OLD["institution"]
    # a release is dated when it was issued: the March purchase is the one whose award is of 2015-03-02
    march = next(r for r in package["releases"]
                 if any(str(a.get("date", "")).startswith("2015-03-02") for a in r.get("awards", [])))
    names = {p["name"] for p in march["parties"]}
    assert names == {OLD["institution"], f"{OLD['institution']} {OLD['department']}", OLD["supplier"]}
    assert NEW["institution"] not in json.dumps(package, ensure_ascii=False)


def test_the_plan_disclosure_keeps_its_names(client, published, make_user):
    institution, jobs, welfare, supplier, _march = published
    division = make_user("sebu2", Role.CENTRE_ADMIN, district=institution.district)
    officer = make_user("jobs", Role.DEPARTMENT_OFFICER, department=jobs)
    plan = create_plan(user=officer, department=jobs, year=2016)
    add_plan_item(user=officer, plan=plan, item="도시락", category="goods", planned_won=3_000_000,
                  candidates=[supplier])
    submit_plan(user=officer, plan=plan)
    approve_plan(user=division, plan=plan)
    disclosure = publish_plan(user=division, institution=institution, year=2016)
    assert disclosure.names["institution"] == OLD["institution"]
    assert disclosure.names["departments"] == {str(jobs.pk): OLD["department"]}
    _rename(institution, jobs, supplier, welfare)
    page = client.get(reverse("public-plan", args=["seongbuk", 2016])).content.decode()
    for name in OLD.values():
        assert name in page
    assert NEW["institution"] not in page and NEW["department"] not in page
    assert Disclosure.objects.filter(institution=institution).count() == 2
