"""The statistics page and the printable report in Chromium, with screenshots."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used


@pytest.fixture
def demo(transactional_db, reference):
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()


def test_statistics_page_map_measure_and_tables(page, shot, demo):
    page.goto("/statistics/?as_of=2014-01-31")
    expect(page.locator("h1")).to_have_text("생태계 현황")
    expect(page.locator(".notice.demo")).to_contain_text("예시 데이터")
    expect(page.locator("#dt-title")).to_be_visible()
    expect(page.locator("table.data").first).to_contain_text("1871")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "#stat-map svg text")) == {"Pretendard GOV"}
    shot(page, "statistics-ko")
    page.locator("#ind-title").scroll_into_view_if_needed()
    expect(page.get_by_role("cell", name="교육 서비스업")).to_be_visible()
    shot(page, "statistics-industries", full_page=False)
    page.get_by_label("지표").select_option("lq:culture")
    expect(page.locator("#stat-map figcaption")).to_contain_text("입지계수: 문화")
    expect(page.locator("#stat-map svg title").first).to_contain_text("입지계수: 문화")
    shot(page, "statistics-map-lq-culture", full_page=False)


def test_printable_report(page, shot, demo):
    page.goto("/statistics/report/?as_of=2014-01-31")
    expect(page.locator("h1")).to_contain_text("총괄발표")
    expect(page.locator(".observations li").first).to_have_text("사회적기업: 마포 > 종로 > 영등포")
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready")
    expect(page.locator(".gnb")).to_be_hidden()
    shot(page, "statistics-report-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
