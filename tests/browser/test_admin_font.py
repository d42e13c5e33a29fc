"""The back office (Django admin) draws Korean with the font the site serves, as the public pages do:
a machine without a Korean system font would otherwise show empty boxes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used

FONT_FILE = "/static/vendor/fonts/PretendardGOV-Regular.woff2"


@pytest.fixture
def superuser(transactional_db, reference):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.org", "demo-password-1")


def _font_loaded(page) -> None:
    page.evaluate("document.fonts.ready")
    family = page.evaluate("getComputedStyle(document.querySelector('#site-name a')).fontFamily")
    assert family.startswith('"Pretendard GOV"')
    assert page.evaluate("document.fonts.check('16px \"Pretendard GOV\"', '관리')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Pretendard GOV')"
                           ".map(f => f.status)")
    assert "loaded" in loaded
    requested = page.evaluate("performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    assert FONT_FILE in requested
    # what Chromium really drew the Korean header with: the served font, no system fallback
    assert set(fonts_used(page, "#site-name a")) == {"Pretendard GOV"}


def test_admin_login_and_index_draw_korean_with_the_served_font(browser, live_server, shot, superuser):
    for width in (1400, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR",
                                      base_url=live_server.url)
        page = context.new_page()
        page.goto("/admin/login/")
        expect(page.locator("#site-name")).to_contain_text("봄바람")
        _font_loaded(page)
        if width == 1400:  # the phone's login page is a small plain picture
            shot(page, "admin-login-1400")
        page.locator("#id_username").fill("root")
        page.locator("#id_password").fill("demo-password-1")
        page.locator("input[type=submit]").click()
        expect(page.locator("#site-name")).to_contain_text("봄바람")
        expect(page.locator("#content h1")).to_be_visible()
        _font_loaded(page)
        shot(page, f"admin-index-{width}")
        context.close()
