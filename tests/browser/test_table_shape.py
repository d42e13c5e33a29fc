"""Every page with a table keeps its shape at 1400 and 390 px (the demonstration data, as `make run`
shows them): numbers, dates and short codes never wrap, a wide table scrolls inside its own box
(keyboard-focusable, with a name), the page itself never scrolls sideways, and on a phone the purchase
list is read as rows with the column's label before each value. Screenshots of every page go to
test-artifacts/screenshots/tables-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

WIDTHS = (1400, 390)

#: What the JavaScript below measures on a page. A cell must stay on one line when it is marked
#: numeric or date (class num/date/nowrap), or when its text is a number, an amount, a date, a
#: percentage or a short code (one word of at most six characters: 물품, 정정, 인정, 2014-12-24).
MEASURE = r"""
() => {
  const SHORT = /^[^\s·]{1,6}$/;  // 커피·음료 may break after its middle dot, as Korean text does
  const NUMERIC = /^[-+−]?[\d.,]+\s?(%|원|명|곳|건|개|억원|만원|점)?$|^\d{4}-\d{2}(-\d{2})?$|^\d{4}\.\s?\d{1,2}(\.\s?\d{1,2})?\.?$/;
  const lineCount = (cell) => {
    const tops = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.textContent.trim()) continue;
      if (walker.currentNode.parentElement.closest(".visually-hidden")) continue;  // read, not drawn
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) tops.push(r.top);
    }
    if (!tops.length) return 0;
    tops.sort((a, b) => a - b);
    const half = parseFloat(getComputedStyle(cell).fontSize) / 2;
    let lines = 1;
    for (let i = 1; i < tops.length; i++) if (tops[i] - tops[i - 1] > half) lines++;
    return lines;
  };
  const nameOf = (el) => {
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label").trim();
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return ids.map(id => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
  };
  const drawn = (el) => {  // not inside a visually hidden box (a phone's card list hides its column heads)
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      const r = n.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false;
    }
    return true;
  };
  const wrapped = [], unboxed = [];
  const tables = [...document.querySelectorAll("main table")];
  for (const table of tables) {
    if (!table.getClientRects().length) continue;  // not shown (a closed <details>)
    const box = table.closest(".table-wrap");
    if (!box || box.getAttribute("tabindex") !== "0" || !nameOf(box)) {
      unboxed.push((table.querySelector("th") || table).textContent.trim().slice(0, 40));
    }
    for (const cell of table.querySelectorAll("td, th")) {
      const shown = cell.cloneNode(true);
      shown.querySelectorAll(".visually-hidden").forEach(n => n.remove());
      const text = shown.textContent.replace(/\s+/g, " ").trim();
      if (!text || !drawn(cell)) continue;
      const marked = cell.matches(".num, .date, .nowrap") && !cell.closest("thead");  // a head may wrap at a space
      if (!(marked || NUMERIC.test(text) || SHORT.test(text))) continue;
      const n = lineCount(cell), breaks = cell.querySelectorAll("br").length;  // a <br> is a line on purpose
      if (n > 1 + breaks) wrapped.push(`${text} (${n} lines)`);
    }
  }
  return {
    tables: tables.length, wrapped, unboxed,
    pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
  };
}
"""


@pytest.fixture
def demo(transactional_db, tmp_path):
    from bombaram.web.demo import load_demo
    from bombaram.web.services import read_demo_accounts

    load_demo(tmp_path)
    return {username: password for username, password, _ in read_demo_accounts(tmp_path)}


def _pages() -> dict[str, list[tuple[str, str]]]:
    """(screenshot name, path) of every page with a table, by the demo account that opens it."""
    from bombaram.procurement.models import Disclosure, PurchasePlan
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.registry.models import Organisation
    from bombaram.valuation.models import DelphiStudy

    coop = Organisation.objects.filter(cooperative_counts__isnull=False).order_by("pk").first()
    team = ProgrammeTeam.objects.get(district__code="11290")
    plan = PurchasePlan.objects.filter(department__institution__code="seongbuk").order_by("-year", "pk").first()
    month = Disclosure.objects.filter(institution__code="seongbuk", month__isnull=False).order_by("-year", "-month").first()
    study = DelphiStudy.objects.get(version__framework__slug="seongbuk")
    from bombaram.cooperatives.models import Cooperative
    return {
        "": [
            ("statistics", "/statistics/"),
            ("statistics-report", "/statistics/report/"),
            ("lq-comparison", "/statistics/lq-comparison/"),
            ("registry", "/organisations/"),
            ("organisation", f"/organisations/{coop.pk}/"),
            ("programmes", "/programmes/"),
            ("purchase-index", "/purchase/"),
            ("purchase-report", "/purchase/report/seongbuk/2014/"),
            ("public-plan", "/purchase/public/plans/seongbuk/2014/"),
            ("public-disclosures", "/purchase/public/disclosures/seongbuk/"),
            ("public-disclosure-month", f"/purchase/public/disclosures/seongbuk/{month.year}/{month.month}/"),
            ("valuation", "/valuation/"),
            ("frameworks", "/valuation/frameworks/"),
            ("framework", "/valuation/frameworks/seongbuk/"),
            ("accounts-index", "/valuation/teams/"),
            ("accounts-team", f"/valuation/teams/{team.pk}/accounts/2014/"),
            ("programme-outputs", "/programmes/outputs/"),
            ("team-dashboard", f"/programmes/{team.pk}/"),
            ("team-appendix", f"/programmes/{team.pk}/print/"),
            ("crosswalk", "/valuation/crosswalk/"),
        ],
        "centre": [
            ("target-allocation", "/purchase/targets/seongbuk/2014/"),
            ("team-ledger", f"/programmes/{team.pk}/ledger/"),
            ("cooperative", f"/cooperatives/{Cooperative.objects.first().pk}/?as_of=2014-01-31"),
            ("evaluation", "/purchase/evaluation/seongbuk/2014/"),
            ("plan-list", "/purchase/plans/?year=2014"),
            ("plan-detail", f"/purchase/plans/{plan.pk}/"),
            ("disclosure-manage", "/purchase/disclosures/"),
            ("studies", "/valuation/studies/"),
            ("study", f"/valuation/studies/{study.pk}/"),
            ("analysis", f"/valuation/studies/{study.pk}/analysis/"),
            ("measurement-review", "/valuation/measurements/review/"),
        ],
        "seongbuk-general": [
            ("purchase-list", "/purchase/purchases/"),
        ],
    }


def test_every_table_holds_its_shape_at_desktop_and_phone_width(browser, live_server, shot, demo):
    problems = []
    for account, pages in _pages().items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR",
                                          base_url=live_server.url)
            page = context.new_page()
            page.set_default_timeout(20000)
            if account:
                page.goto("/accounts/login/")
                page.get_by_label("아이디").fill(account)
                page.get_by_label("비밀번호").fill(demo[account])
                page.get_by_role("button", name="로그인").click()
                expect(page.locator(".utility")).to_contain_text("로그아웃")
            for name, path in pages:
                response = page.goto(path)
                assert response.status == 200, (path, response.status)
                page.evaluate("document.fonts.ready")
                found = page.evaluate(MEASURE)
                assert found["tables"] > 0, f"{path}: no table"
                if found["wrapped"]:
                    problems.append(f"{path} @{width}: wraps {found['wrapped'][:8]}")
                if found["unboxed"]:
                    problems.append(f"{path} @{width}: table outside a focusable, named scroll box {found['unboxed'][:4]}")
                if found["pageWidth"] > found["viewport"]:
                    problems.append(f"{path} @{width}: page {found['pageWidth']} px wide in a {found['viewport']} px window")
                shot(page, f"tables-{name}-{width}")
            context.close()
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_purchase_list_is_read_as_labelled_rows(browser, live_server, shot, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("seongbuk-general")
    page.get_by_label("비밀번호").fill(demo["seongbuk-general"])
    page.get_by_role("button", name="로그인").click()
    page.goto("/purchase/purchases/")
    page.evaluate("document.fonts.ready")
    shape = page.evaluate("""() => {
      const table = document.querySelector("main table");
      const row = table.querySelector("tbody tr");
      const cells = [...row.querySelectorAll("td:not(.row-action)")].filter(c => c.getClientRects().length);
      const box = table.closest(".table-wrap");
      return {
        head: getComputedStyle(table.querySelector("thead")).position,
        row: getComputedStyle(row).display,
        labels: cells.map(c => [c.dataset.label || "", getComputedStyle(c, "::before").content]),
        tableWidth: table.getBoundingClientRect().width, boxWidth: box.clientWidth,
        boxScrolls: box.scrollWidth > box.clientWidth,
        rowHeight: row.getBoundingClientRect().height,
      };
    }""")
    assert shape["head"] == "absolute"  # the column heads are read by screen readers, not drawn
    assert shape["row"] == "block"      # one purchase, one card
    assert shape["labels"] and all(label and content == f'"{label}"' for label, content in shape["labels"])
    assert [label for label, _ in shape["labels"]][:2] == ["구매일자", "부서"]
    assert shape["tableWidth"] <= shape["boxWidth"] and not shape["boxScrolls"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "tables-purchase-list-phone-cards", full_page=False)
    # at desktop width it is a table again
    page.set_viewport_size({"width": 1400, "height": 900})
    assert page.evaluate("getComputedStyle(document.querySelector('main tbody tr')).display") == "table-row"
    context.close()
