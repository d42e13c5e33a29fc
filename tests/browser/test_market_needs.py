"""Needs in a real browser: a department officer posts a need, sees the ranked suppliers with their reasons,
records "contracted" and then links the department's purchase; the gap view. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"


@pytest.fixture
def market(transactional_db, reference, make_user):
    from bombaram.core.names import normalise_name
    from bombaram.market.models import Product
    from bombaram.procurement.models import Department, Institution, Purchase
    from bombaram.registry.models import Designation, DesignationType, District, Organisation
    from bombaram.web.choices import Role

    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk, illustrative=True)
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")

    def org(name, district, kind, granted):
        o = Organisation.objects.create(name=name, name_key=normalise_name(name), district=District.objects.get(code=district),
                                        illustrative=True)
        Designation.objects.create(organisation=o, type=DesignationType.objects.get(code=kind), granted=granted)
        return o

    haengbok = org("㈜행복도시락", "11290", "certified_se", dt.date(2012, 3, 1))
    mapo = org("마포마을부엌", "11440", "village_enterprise", dt.date(2012, 5, 1))
    dureh = org("두레협동조합", "11290", "cooperative", dt.date(2013, 3, 1))
    Product.objects.create(organisation=haengbok, name="어르신 도시락", category="goods", unit="개", price_won=6000,
                           capacity_per_month=3000, description="저염식 반찬, 노인 식사 배달")
    Product.objects.create(organisation=mapo, name="도시락 배달", category="goods", unit="개", price_won=6500,
                           capacity_per_month=100, description="어르신 식사")
    Product.objects.create(organisation=dureh, name="한식 도시락", category="goods", unit="개", price_won=7000,
                           description="단체 도시락")
    Product.objects.create(organisation=dureh, name="천연 비누", category="goods", unit="개", price_won=3000)
    Purchase.objects.create(institution=institution, department=welfare, purchased_on=dt.date(2014, 7, 10),
                            supplier=haengbok, supplier_name="㈜행복도시락", item="어르신 도시락", category="goods",
                            amount_won=1_200_000, counted=True, in_district=True)
    make_user("sb-welfare", Role.DEPARTMENT_OFFICER, department=welfare)
    from bombaram.core.market_match import tokenise

    tokenise("예열")  # Kiwi's model loads once per process (seconds on a busy machine): before the pages time out
    return institution


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_label("비밀번호").press("Enter")
    page.wait_for_load_state()


def test_officer_posts_a_need_and_records_the_contract_and_purchase(page, shot, market):
    from bombaram.market.models import MatchOutcome, Need
    from bombaram.market.queries.needs import matches_count

    page.set_viewport_size({"width": 1400, "height": 900})
    _login(page, "sb-welfare")
    page.goto("/market/needs/")
    page.get_by_role("link", name="수요 등록", exact=True).click()
    # the form refuses an empty title with one Korean message
    page.get_by_label("필요일").fill("2014-07-01")
    page.get_by_role("button", name="수요 등록하기").click()
    expect(page.locator(".field-title .field-error")).to_contain_text("필수 항목")
    page.get_by_label("필요한 물품·서비스").fill("어르신 도시락을 배달해 주실 곳")
    page.get_by_label("구분").select_option("goods")
    page.get_by_label("월 수량", exact=True).fill("200")
    page.get_by_label("담당자", exact=True).fill("김복지")
    page.get_by_role("button", name="수요 등록하기").click()
    expect(page.locator("h1")).to_have_text("어르신 도시락을 배달해 주실 곳")
    suggestions = page.locator("li.suggestion")
    # 행복: 관내, certified, enough capacity → first; 마포 관외 and short of capacity; 두레 never eligible; 비누 absent
    expect(suggestions).to_have_count(3)
    first = suggestions.first
    expect(first.locator("h3")).to_contain_text("㈜행복도시락")
    expect(first.locator(".reasons")).to_contain_text("일치한 낱말: 어르신, 도시락, 배달")
    expect(first.locator(".reasons")).to_contain_text("관내")
    expect(first.locator(".reasons")).to_contain_text("2014-07-01에 지정 유효(인증 사회적기업)")
    expect(first.locator(".reasons")).to_contain_text("월 공급능력 충분")
    expect(page.locator("li.suggestion", has_text="마포마을부엌").locator(".reasons")).to_contain_text("관외")
    expect(page.locator("li.suggestion", has_text="두레협동조합")).to_contain_text("필요일에 구매실적 불인정")
    shot(page, "market-need-suggestions-1400")

    first.get_by_label("성과").select_option("contracted")
    first.get_by_label("날짜").fill("2014-07-03")
    first.get_by_role("button", name="결과 기록").click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text("결과를 기록했습니다")
    first = page.locator("li.suggestion").first
    expect(first).to_contain_text("계약함 2014-07-03")
    first.get_by_label("성과").select_option("purchase_record")
    first.get_by_label("날짜").fill("2014-07-10")
    first.get_by_label("구매 실적").select_option(label="2014-07-10 ㈜행복도시락 · 어르신 도시락 · 1,200,000원")
    first.get_by_role("button", name="결과 기록").click()
    expect(page.locator("section", has_text="매칭 결과").locator("table")).to_contain_text("1,200,000")
    need = Need.objects.get()
    assert list(MatchOutcome.objects.filter(need=need).values_list("outcome", flat=True)) == [
        "contracted", "purchase_record"]
    assert matches_count(market.district, 2014) == 1
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-need-suggestions-390")
    lines = page.locator("section", has_text="매칭 결과").locator("td.date").first.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }")
    assert lines == 1  # 2014-07-03 on one line

    # the gap view: a need nobody offers is listed, the soap nobody buys is offered supply
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/market/needs/new/")
    page.get_by_label("필요한 물품·서비스").fill("드론 항공 촬영")
    page.get_by_label("구분").select_option("services")
    page.get_by_label("필요일").fill("2014-08-01")
    page.get_by_role("button", name="수요 등록하기").click()
    expect(page.locator("li.suggestion")).to_have_count(0)
    page.goto("/market/gaps/?year=2014")
    expect(page.locator("#unmet-title")).to_contain_text("(1)")
    expect(page.locator("main")).to_contain_text("드론 항공 촬영")
    expect(page.locator("main")).to_contain_text("어떤 제품과도 일치하는 낱말이 없음")
    expect(page.locator("section", has_text="어느 부서도 사지 않는 공급")).to_contain_text("천연 비누")
    expect(page.locator(".notice.demo")).to_contain_text("예시 데이터")
    shot(page, "market-gaps-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "market-gaps-390")
