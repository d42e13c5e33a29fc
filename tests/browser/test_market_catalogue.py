"""The catalogue and the trades in Chromium: an organisation's staff adds a product with a photo, the public
finds it by a Korean word and opens it (the photo is served and resized), the staff enters a trade with
another organisation and the public report shows it. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used
from tests.market.catalogue_world import build, png

PASSWORD = "correct-horse-battery"


@pytest.fixture
def market(transactional_db, reference, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build(make_user)
    photo = tmp_path / "dosirak.png"
    photo.write_bytes(png(2000, 1500, (230, 150, 60)))
    world.photo = photo
    return world


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_label("비밀번호").press("Enter")
    page.wait_for_load_state()


def _no_wrap(page, selector: str) -> None:
    """Every matching cell holds its text on one line."""
    wrapped = page.eval_on_selector_all(selector, """cells => cells.filter(c => {
        const r = document.createRange(); r.selectNodeContents(c);
        return r.getClientRects().length > 1; }).map(c => c.textContent)""")
    assert wrapped == []


def test_staff_adds_a_product_the_public_finds_and_a_trade_shows_in_the_report(browser, live_server, market, shot):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, "dosirak-staff")
    page.goto("/market/catalogue/ours/")
    page.get_by_role("link", name="상품 추가").click()
    page.get_by_label("상품·서비스", exact=True).fill("친환경 유기농 도시락")
    page.get_by_label("구분").select_option("goods")
    page.get_by_label("물품분류번호 (조달청)").fill("50192101")
    page.get_by_label("단위").fill("개")
    page.get_by_label("단가 (원)").fill("8500")
    page.get_by_label("월 공급 가능량").fill("3000")
    page.get_by_label("설명").fill("성북 지역 농가의 쌀과 제철 채소로 만든 도시락입니다.")
    page.get_by_label("사진", exact=True).set_input_files(str(market.photo))
    shot(page, "market-product-form-1400")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("친환경 유기농 도시락")
    context.close()

    public = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = public.new_page()
    page.set_default_timeout(15000)
    page.goto("/market/catalogue/")
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_label("검색", exact=True).fill("도시락")
    card = page.locator(".product-card", has_text="친환경 유기농 도시락")
    expect(card).to_be_visible()
    expect(page.locator(".product-card")).to_have_count(1)
    expect(card).to_contain_text("8,500원 / 개")
    expect(card).to_contain_text("행복도시락")
    image = card.locator("img")
    expect(image).to_be_visible()
    # 2000×1500 resized to fit 1200; read once the picture has loaded (visible comes before loaded)
    width = image.evaluate("img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise(done => "
                           "img.addEventListener('load', () => done(img.naturalWidth), {once: true}))")
    assert width == 1200
    shot(page, "market-catalogue-1400")
    assert "Pretendard GOV" in " ".join(fonts_used(page, ".product-card h2"))
    _no_wrap(page, ".product-card .price")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_wrap(page, ".product-card .price")
    shot(page, "market-catalogue-390")
    page.set_viewport_size({"width": 1400, "height": 900})
    card.get_by_role("link", name="친환경 유기농 도시락").click()
    expect(page.locator(".product-page")).to_contain_text("50192101")
    page.get_by_role("link", name="행복도시락").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("행복도시락")
    public.close()

    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, "dosirak-staff")
    page.goto("/market/trades/ours/")
    page.get_by_label("우리 조직은").select_option("buyer")
    page.get_by_label("상대 조직의 등록부 번호").fill(str(market.mokgong.pk))
    page.get_by_label("품목").fill("원목 배식대 제작")
    page.get_by_label("금액 (원)").fill("1850000")
    page.get_by_label("일자").fill("2014-05-20")
    page.get_by_role("button", name="거래 기록").click()
    expect(page.get_by_role("status")).to_contain_text("거래를 기록했습니다")
    expect(page.locator("table.data")).to_contain_text("원목 배식대 제작")
    shot(page, "market-our-trades-1400")
    page.goto("/market/trades/?dimension=district&period=quarter")
    row = page.locator("table.trade-report tbody tr", has_text="성북구")
    expect(row).to_contain_text("1,850,000")
    expect(page.locator("table.trade-report tfoot")).to_contain_text("1,850,000")
    expect(page.locator("table.trade-report thead")).to_contain_text("2014년 2분기")
    shot(page, "market-trades-report-1400")
    _no_wrap(page, "table.trade-report td.num")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_wrap(page, "table.trade-report td.num")
    shot(page, "market-trades-report-390")
    context.close()
