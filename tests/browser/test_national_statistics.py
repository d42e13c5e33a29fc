"""The country page (/statistics/national/) at 1400 and 390 px: every 시도, one 시도 by 시군구; numbers never
wrap, the wide table scrolls in its own named box, the page never scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.test_table_shape import MEASURE


@pytest.fixture
def country(transactional_db):
    from bombaram.datagen.national_registry import load_national_registry

    load_national_registry(seed=1, organisations=3000)


@pytest.mark.parametrize("width", [1400, 390])
def test_country_and_province_tables_hold_their_shape(browser, live_server, shot, country, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20000)
    day = dt.date(2025, 12, 31).isoformat()
    for name, path in (("country", f"/statistics/national/?as_of={day}"),
                       ("chungnam", f"/statistics/national/?as_of={day}&sido=44")):
        response = page.goto(path)
        assert response.status == 200
        page.evaluate("document.fonts.ready")
        found = page.evaluate(MEASURE)
        assert found["tables"] == 1
        assert found["wrapped"] == [] and found["unboxed"] == []
        assert found["pageWidth"] <= found["viewport"]
        rows = page.locator("main table tbody tr")
        assert rows.count() == (17 + 1 if name == "country" else 15 + 1)  # areas and the total row
        shot(page, f"national-{name}-{width}")
    page.goto(f"/statistics/national/?as_of={day}")
    page.get_by_role("link", name="충청남도").click()
    assert page.locator("h1").inner_text() == "충청남도 시군구별 현황"
    context.close()
