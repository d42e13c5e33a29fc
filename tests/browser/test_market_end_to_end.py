"""Issue 13 end to end in Chromium: a department posts a need, sees the ranked suppliers with their reasons and
records a contract; the producer's sale to that department at the sales hall becomes the department's purchase;
the department links it to the need; the purchase report counts it for the producer (not the hall), and the
social accounts read 판매관 매출액 and 매칭 건수 from these records — each fact entered once, counted once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"


@pytest.fixture
def world(transactional_db, reference, make_user):
    from bombaram.core.market_match import tokenise
    from bombaram.market.models import HallProducer, Product, SalesOutlet
    from bombaram.procurement.models import Department, Institution, YearTarget
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.registry.models import District
    from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
    from bombaram.valuation.services import sources
    from bombaram.web.choices import Role
    from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK, make_org

    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk)
    YearTarget.objects.create(institution=institution, year=2014, target_won=25_000_000)
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    haengbok = make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", dt.date(2012, 3, 1), None))
    dureh = make_org("두레협동조합", BN_DUREH, "11290", ("cooperative", dt.date(2013, 3, 1), None))
    Product.objects.create(organisation=haengbok, name="어르신 도시락", category="goods", unit="개", price_won=6000,
                           capacity_per_month=3000, description="저염식 반찬, 노인 식사 배달")
    Product.objects.create(organisation=dureh, name="천연 비누", category="goods", unit="개", price_won=3000)
    hall = SalesOutlet.objects.create(name="성북구 사회적경제 판매관", kind="sales_hall", district=seongbuk,
                                      commission_rate_pct=Decimal("15"))
    for org in (haengbok, dureh):
        HallProducer.objects.create(outlet=hall, organisation=org, admitted=dt.date(2013, 1, 1))
    hall.staff.add(make_user("hall-operator", Role.ORGANISATION_STAFF))
    make_user("sb-welfare", Role.DEPARTMENT_OFFICER, department=welfare)
    centre = make_user("sb-centre", Role.CENTRE_ADMIN, district=seongbuk)

    team = ProgrammeTeam.objects.get(district=seongbuk)
    framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-seongbuk-market", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-3", name="판로 개척",
                                            parent=goal, position=2)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-3.1", name="판매관 매출액", unit="원",
                                 parent=activity, position=3)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-3.2", name="수요-공급 매칭 건수",
                                 unit="건", parent=activity, position=4)
    sources.bind_indicator_source(user=centre, framework=framework, code="1-3.1", source="market:hall_sales_won")
    sources.bind_indicator_source(user=centre, framework=framework, code="1-3.2", source="market:matches_count")
    tokenise("예열")  # Kiwi's model loads once per process: before the pages' timeouts start
    return {"hall": hall, "team": team, "haengbok": haengbok}


def _login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_label("비밀번호").press("Enter")
    page.wait_for_load_state()


def test_need_to_contract_to_hall_purchase_to_report_and_accounts(page, shot, world):
    from bombaram.market.models import MatchOutcome, Need, Sale
    from bombaram.procurement.models import Purchase

    page.set_viewport_size({"width": 1400, "height": 900})
    # 1. the department posts its need and sees the ranked suppliers with reasons
    _login(page, "sb-welfare")
    page.goto("/market/needs/new/")
    page.get_by_label("필요한 물품·서비스").fill("어르신 도시락 배달")
    page.get_by_label("구분").select_option("goods")
    page.get_by_label("필요일").fill("2014-07-01")
    page.get_by_label("월 수량", exact=True).fill("200")
    page.get_by_role("button", name="수요 등록하기").click()
    first = page.locator("li.suggestion").first
    expect(first.locator("h3")).to_contain_text("㈜행복도시락")
    expect(first.locator(".reasons")).to_contain_text("관내")
    expect(first.locator(".reasons")).to_contain_text("월 공급능력 충분")
    need_url = page.url
    first.get_by_label("성과").select_option("contracted")
    first.get_by_label("날짜").fill("2014-07-03")
    first.get_by_role("button", name="결과 기록").click()
    expect(page.locator("li.suggestion").first).to_contain_text("계약함 2014-07-03")
    shot(page, "market-e2e-need-1400")

    # 2. at the hall, the producer's sale to the department is entered once: it becomes the purchase
    _login(page, "hall-operator")
    page.goto(f"/market/hall/{world['hall'].pk}/?day=2014-07-10")
    page.get_by_label("생산자").select_option(label="㈜행복도시락")
    page.get_by_label("품목", exact=True).fill("어르신 도시락")
    page.get_by_label("금액 (원)").fill("1,200,000")
    page.get_by_label("구매자").select_option(value="department")
    page.get_by_label("구매 부서").select_option(label="성북구청 · 복지정책과")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("복지정책과의 구매실적으로도 기록했습니다")
    sale = Sale.objects.get(item="어르신 도시락")
    assert sale.purchase.supplier_id == world["haengbok"].pk and sale.purchase.counted

    # 3. the department links that purchase to its need (not typed again)
    _login(page, "sb-welfare")
    page.goto(need_url)
    first = page.locator("li.suggestion").first
    first.get_by_label("성과").select_option("purchase_record")
    first.get_by_label("날짜").fill("2014-07-10")
    first.get_by_label("구매 실적").select_option(label="2014-07-10 ㈜행복도시락 · 어르신 도시락 · 1,200,000원")
    first.get_by_role("button", name="결과 기록").click()
    expect(page.locator("section", has_text="매칭 결과").locator("table")).to_contain_text("1,200,000")
    need = Need.objects.get()
    linked = MatchOutcome.objects.get(need=need, outcome="purchase_record")
    assert linked.purchase_id == sale.purchase_id
    assert Purchase.objects.count() == 1  # the money exists once in the purchase system

    # 4. the purchase report counts it for the producer, never for the hall
    page.goto("/purchase/report/seongbuk/2014/")
    row = page.locator("tr", has_text="㈜행복도시락").first
    expect(row).to_contain_text("1,200,000")
    expect(page.locator("body")).not_to_contain_text("성북구 사회적경제 판매관")
    shot(page, "market-e2e-purchase-report-1400")

    # 5. the social accounts read both indicators from these records, each shown once
    page.goto(f"/valuation/teams/{world['team'].pk}/accounts/2014/")
    main = page.locator("main")
    expect(main).to_contain_text("시장조성 기록")
    html = main.inner_html()
    assert html.count("1,200,000") == 1
    expect(main).to_contain_text("수요-공급 매칭 건수")
    from bombaram.valuation.models import Framework
    from bombaram.valuation.services.sources import sourced_values

    values = sourced_values(world["team"], Framework.objects.get(slug="t-seongbuk-market"), 2014, public=True)
    assert values["1-3.1"].value == Decimal(1_200_000) and values["1-3.2"].value == Decimal(1)
    shot(page, "market-e2e-accounts-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-e2e-accounts-390")
