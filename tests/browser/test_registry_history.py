"""Counts you can trace, in Chromium: a statistics cell opens the directory that counts the same, an
organisation shows its yearly figures; at 1400 and 390 px wide no number or date of these tables wraps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

WRAPPED = """(selector) => {
  const cells = [...document.querySelectorAll(selector)];
  const wrapped = cells.filter((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size > 1;
  }).map((cell) => cell.textContent.trim());
  return {checked: cells.length, wrapped};
}"""


@pytest.fixture
def demo(transactional_db, reference):
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()


@pytest.mark.parametrize("width", [1400, 390])
def test_a_statistics_cell_opens_the_organisations_it_counts(page, shot, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/statistics/?as_of=2014-01-31")
    row = page.locator("#dt-title").locator("xpath=ancestor::section").locator("tbody tr", has_text="마포구")
    cell = row.locator("td").nth(5)  # 협동조합
    count = cell.inner_text().strip()
    profit = page.locator("table.profit-shares")
    expect(profit).to_contain_text("14.4")
    profit.scroll_into_view_if_needed()
    page.evaluate("document.fonts.ready")
    result = page.evaluate(WRAPPED, "table.profit-shares td, table.wage-support td")
    assert result["checked"] == 2 * 3 + 26 * 3 and result["wrapped"] == []  # 2012, 2013; 25 districts and 전체
    shot(page, f"statistics-figures-{width}", full_page=False)
    cell.locator("a").click()
    expect(page.locator(".result-count")).to_contain_text(f"조직 {count}곳")
    expect(page.locator(".result-count")).to_contain_text("2014-01-31 기준")
    expect(page.locator("#id_as_of")).to_have_value("2014-01-31")
    shot(page, f"registry-directory-from-statistics-{width}", full_page=False)


@pytest.mark.parametrize("width", [1400, 390])
def test_organisation_page_shows_yearly_figures_and_where_designations_came_from(page, shot, demo, width):
    from bombaram.registry.models import YearlyFigure

    figure = YearlyFigure.objects.filter(year=2013, operating_profit_won__gt=0).select_related("organisation").first()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(figure.organisation.get_absolute_url())
    table = page.locator("#figures-title").locator("xpath=ancestor::section").locator("table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text(f"{figure.revenue_won:,}")
    expect(page.locator("td.designation-source").first).to_contain_text("예시 데이터")
    table.scroll_into_view_if_needed()
    page.evaluate("document.fonts.ready")
    result = page.evaluate(WRAPPED, "section[aria-labelledby=figures-title] td.num, section[aria-labelledby=figures-title] td.nowrap")
    assert result["checked"] == 2 * 6 and result["wrapped"] == []  # numbers and dates; the source's words may wrap
    shot(page, f"registry-organisation-figures-{width}", full_page=False)
