"""The Content-Security-Policy in a real browser: htmx and the page scripts work under it and the
browser reports no violation."""

import pytest
from playwright.sync_api import expect


@pytest.fixture
def demo(transactional_db, reference):
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()


def _violations(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation',"
                         " e => console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return found


def test_htmx_and_the_page_scripts_run_under_the_policy(browser, live_server, demo, shot):
    for width, height, name in ((1400, 900, "csp-statistics-1400"), (390, 844, "csp-statistics-390")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        violations = _violations(page)
        response = page.goto("/statistics/?as_of=2014-01-31")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("h1")).to_have_text("생태계 현황")
        # an htmx request: the map is swapped for the chosen measure
        page.get_by_label("지표").select_option("lq:culture")
        expect(page.locator("#stat-map figcaption")).to_contain_text("입지계수: 문화")
        page.evaluate("document.fonts.ready")
        shot(page, name, full_page=False)
        # the print button (formerly onclick="window.print()") works from bombaram.js
        page.goto("/statistics/report/?as_of=2014-01-31")
        page.evaluate("window.print = () => { window.printed = true; }")
        page.get_by_role("button", name="인쇄").click()
        assert page.evaluate("window.printed === true")
        assert violations == []
        context.close()
