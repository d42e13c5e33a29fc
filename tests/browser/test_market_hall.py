"""The sales hall in Chromium: the hall's operator enters a day's sales, one of them to a department; the month's
settlement shows it; the institution's purchase report shows the purchase counted for the producer. Screenshots
at 1400 and 390 px."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect


@pytest.fixture
def world(transactional_db, reference, make_user):
    from bombaram.market.models import HallProducer, SalesOutlet
    from bombaram.procurement.models import Department, Institution, YearTarget
    from bombaram.registry.models import District
    from bombaram.web.choices import Role
    from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK, make_org

    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk)
    YearTarget.objects.create(institution=institution, year=2014, target_won=25_000_000)
    Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    haengbok = make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", dt.date(2014, 6, 15), None))
    dureh = make_org("두레협동조합", BN_DUREH, "11290", ("cooperative", dt.date(2013, 3, 1), None))
    hall = SalesOutlet.objects.create(name="성북구 사회적경제 판매관", kind="sales_hall", district=seongbuk,
                                      commission_rate_pct=Decimal("15"))
    for org in (haengbok, dureh):
        HallProducer.objects.create(outlet=hall, organisation=org, admitted=dt.date(2013, 1, 1))
    operator = make_user("hall-operator", Role.ORGANISATION_STAFF, password="demo-password-1")
    hall.staff.add(operator)
    return hall


def enter(page, producer: str, item: str, amount: str, department: str = ""):
    page.get_by_label("생산자").select_option(label=producer)
    page.get_by_label("품목", exact=True).fill(item)
    page.get_by_label("금액 (원)").fill(amount)
    if department:
        page.get_by_label("구매자").select_option(value="department")
        page.get_by_label("구매 부서").select_option(label=department)
    page.get_by_role("button", name="저장", exact=True).click()


def test_the_operator_enters_a_day_and_the_department_purchase_counts_for_the_producer(page, shot, world):
    from bombaram.market.models import Sale

    page.goto(f"/accounts/login/?next=/market/hall/{world.pk}/%3Fday%3D2014-07-01")
    page.get_by_label("아이디").fill("hall-operator")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("h1")).to_contain_text("성북구 사회적경제 판매관")
    enter(page, "두레협동조합", "수제 쿠키", "36,000")
    expect(page.locator(".messages")).to_contain_text("저장했습니다")
    enter(page, "㈜행복도시락", "행사 도시락", "240,000", department="성북구청 · 복지정책과")
    expect(page.locator(".messages")).to_contain_text("복지정책과의 구매실적으로도 기록했습니다")
    rows = page.locator("#sales tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#sales tfoot")).to_contain_text("276,000")
    sale = Sale.objects.get(item="행사 도시락")
    assert sale.purchase.counted and sale.purchase.supplier_id == sale.organisation_id

    page.evaluate("document.fonts.ready")
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "market-hall-day-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-hall-day-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("link", name="월 정산").click()
    settlement = page.locator("#settlement")
    expect(settlement.locator("tr", has_text="㈜행복도시락")).to_contain_text("240,000")
    expect(settlement.locator("tr", has_text="㈜행복도시락")).to_contain_text("36,000")  # 15 % commission
    expect(settlement.locator("tr", has_text="㈜행복도시락")).to_contain_text("204,000")
    expect(settlement.locator("tfoot")).to_contain_text("276,000")
    shot(page, "market-hall-settlement-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-hall-settlement-390")

    # the institution's purchase report (2014 has ended: public) counts the purchase for the producer
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/purchase/report/seongbuk/2014/")
    expect(page.locator("body")).to_contain_text("㈜행복도시락")
    supplier_row = page.locator("tr", has_text="㈜행복도시락").first
    expect(supplier_row).to_contain_text("240,000")
    expect(page.locator("body")).not_to_contain_text("성북구 사회적경제 판매관")  # never the hall as supplier
    shot(page, "market-hall-purchase-report-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-hall-purchase-report-390")
