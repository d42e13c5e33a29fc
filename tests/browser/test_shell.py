"""The home page, language switch and login in a real Chromium, with screenshots."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used


@pytest.fixture
def demo_user(transactional_db, reference, make_user):
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.web.choices import Role

    return make_user("seongbuk-team", Role.TEAM_STAFF, password="demo-password-1",
                     team=ProgrammeTeam.objects.get(district__code="11290"))


def test_home_page_in_korean_draws_hangul_with_the_served_font(page, shot, demo_user):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("서울의 사회적경제 지역생태계")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Pretendard GOV" in family for family in loaded)
    # every glyph of the heading, a map label and the figures was drawn with Pretendard GOV: no boxes
    for selector in ["h1", "figure.map svg text", ".figures li"]:
        used = fonts_used(page, selector)
        assert set(used) == {"Pretendard GOV"}, (selector, used)
    assert page.locator("figure.map svg path").count() == 25
    shot(page, "home-ko")


def test_skip_link_is_the_first_stop_of_the_keyboard(page, demo_user):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_language_switch_to_english_and_back(page, shot, demo_user):
    page.goto("/programmes/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/programmes/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Programme teams (지역특화사업단)")
    page.goto("/en/")
    expect(page.locator("h1")).to_have_text("Seoul's social economy ecosystem")
    page.evaluate("document.fonts.ready")
    shot(page, "home-en")
    page.get_by_role("button", name="한국어").click()
    page.wait_for_url(lambda url: "/en/" not in url)
    expect(page.locator("h1")).to_have_text("서울의 사회적경제 지역생태계")


def test_login_edit_own_team_and_logout(page, shot, demo_user):
    page.goto("/")
    page.get_by_role("link", name="로그인").click()
    expect(page.locator("h1")).to_have_text("로그인")
    page.evaluate("document.fonts.ready")
    shot(page, "login-ko")
    page.get_by_label("아이디").fill("seongbuk-team")
    page.get_by_label("비밀번호").fill("wrong")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".error-summary")).to_contain_text("올바른")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".who")).to_have_text("seongbuk-team")
    page.goto("/programmes/")
    page.get_by_role("link", name="성북구사회적경제지원단").click()
    page.get_by_label("전화").fill("02-6223-6299")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".message.success")).to_have_text("연락처를 저장했습니다.")
    expect(page.locator("table.data")).to_contain_text("전화: 02-6223-6230 → 02-6223-6299")
    shot(page, "team-edited-ko")
    page.get_by_role("button", name="로그아웃").click()
    expect(page.get_by_role("link", name="로그인")).to_be_visible()


def test_phone_width_layout(browser, live_server, shot, demo_user):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, is_mobile=True)
    page = context.new_page()
    page.goto("/")
    page.evaluate("document.fonts.ready")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows sideways
    shot(page, "home-phone")
    context.close()
