"""The market as one section of the site in a real browser: one entry 시장 in the navigation (at most two rows
on a phone), the landing page with its figures, the four parts' sub-navigation. Screenshots at 1400 and 390 px
of the home page and the market's landing page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
ROWS = "els => new Set(els.map(e => Math.round(e.getBoundingClientRect().top))).size"


@pytest.fixture
def admin(transactional_db, reference, make_user):
    from bombaram.web.choices import Role

    user = make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1")
    user.is_staff = True  # the back office entry too: the longest navigation there is
    user.save(update_fields=["is_staff"])
    # a sales hall with two sales this month (240,000 + 60,000 won): the landing page shows the hall's figure
    import datetime as dt

    from django.utils import timezone

    from bombaram.market.models import HallProducer, SalesOutlet
    from bombaram.market.services.hall import record_sale
    from bombaram.registry.models import District
    from tests.procurement.conftest import BN_HAENGBOK, make_org

    seongbuk = District.objects.get(code="11290")
    producer = make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", dt.date(2014, 6, 15), None))
    hall = SalesOutlet.objects.create(name="성북구 사회적경제 판매관", kind="sales_hall", district=seongbuk)
    HallProducer.objects.create(outlet=hall, organisation=producer, admitted=dt.date(2014, 1, 1))
    today = timezone.localdate()
    for item, won in (("도시락", 240_000), ("반찬", 60_000)):
        record_sale(user=user, outlet=hall, organisation=producer, sold_on=today.replace(day=1), item=item,
                    amount_won=won)
    return user


def test_navigation_has_one_market_entry_and_takes_two_rows_at_most_on_a_phone(page, shot, admin):
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("centre")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    page.goto("/")
    page.evaluate("document.fonts.ready")
    nav = page.locator("nav.gnb")
    expect(nav.get_by_role("link")).to_have_text(
        ["홈", "생태계 현황", "조직 등록부", "공공구매", "지역특화사업단", "사회적 가치", "시장", "협동조합", "관리"])
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        rows = page.eval_on_selector_all("nav.gnb li", ROWS)
        assert rows <= (1 if width == 1400 else 2), rows
        links = nav.get_by_role("link")
        assert all(links.nth(i).evaluate(LINES) == 1 for i in range(links.count()))  # no entry broken in two
        shot(page, f"market-nav-home-{width}")

    page.set_viewport_size({"width": 1400, "height": 900})
    nav.get_by_role("link", name="시장").click()
    expect(page.locator("h1")).to_have_text("시장")
    expect(nav.locator("[aria-current=page]")).to_have_text("시장")
    subnav = page.locator("nav.subnav")
    expect(subnav.get_by_role("link")).to_have_text(["상품 목록", "상호거래", "수요·매칭", "판매관"])
    from django.utils import timezone

    today = timezone.localdate()  # the site's date (Asia/Seoul), not the browser's
    expect(page.locator(".market-figures .figure-label")).to_have_text(
        ["판매 중인 상품", f"판매관 {today.month}월 매출 (원)", f"{today.year}년 상호거래", "진행 중인 수요"])
    expect(page.locator(".market-figures .figure-value").nth(1)).to_have_text("300,000")  # 240,000 + 60,000
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.eval_on_selector_all("nav.gnb li", ROWS) <= 2
        values = page.locator(".figure-value")
        assert all(values.nth(i).evaluate(LINES) == 1 for i in range(values.count()))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"market-landing-{width}")

    # each part is one keyboard step from the landing page, and marks itself in the sub-navigation
    page.set_viewport_size({"width": 1400, "height": 900})
    subnav.get_by_role("link", name="상호거래").focus()
    page.keyboard.press("Enter")
    expect(subnav.locator("[aria-current=page]")).to_have_text("상호거래")
    expect(nav.locator("[aria-current=page]")).to_have_text("시장")
    page.locator(".market-parts, nav.subnav").first.get_by_role("link", name="수요·매칭").click()
    expect(page.locator("h1")).to_have_text("수요·매칭")
    expect(subnav.locator("[aria-current=page]")).to_have_text("수요·매칭")
