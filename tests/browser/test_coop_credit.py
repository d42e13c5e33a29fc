"""The local-currency pilot (mutual credit) end to end, by keyboard: from the cooperative's page to the
ledger, a transfer refused over the payer's credit limit (its Korean message, nothing written), the same
form corrected and applied once, the balances still summing to zero, and the payer's statement;
screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


@pytest.fixture
def officer(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    cooperative = load_demo_cooperatives()
    user = make_user("doksan", Role.ORGANISATION_STAFF, password="demo-password-1")
    cooperative.officers.add(user)
    return cooperative


def test_credit_walkthrough(page, shot, officer):
    from bombaram.cooperatives.models import CreditAccount, CreditTransfer

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("doksan")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    expect(page.locator(".who")).to_have_text("doksan")
    page.goto(officer.get_absolute_url())
    page.get_by_role("link", name="지역화폐 시범사업").focus()
    page.keyboard.press("Enter")
    accounts = page.locator("#credit-accounts")
    # the demo: 18 → 1: 30,000; 1 → 19: 12,000; 19 → 2: 5,000 ⇒ 1: 18,000, 2: 5,000, 18: −30,000, 19: 7,000
    expect(accounts.locator("tbody tr", has_text="19. 학부모 조합원 02")).to_contain_text("7,000")
    expect(accounts.locator("tfoot")).to_contain_text("0")

    # over the limit: account 19 has a limit of 0 and a balance of 7,000, so 8,000 would take it to −1,000
    form = page.locator("#transfer")
    form.get_by_label("보내는 계정").select_option(label="19. 학부모 조합원 02")
    form.get_by_label("받는 계정").select_option(label="1. 교원 조합원 01")
    form.get_by_label("금액").fill("8000")
    form.get_by_label("메모").fill("텃밭 모종 (예시)")
    form.get_by_label("메모").press("Enter")
    expect(page.locator("#transfer .error-summary")).to_contain_text("보내는 계정의 잔액이 신용 한도 아래로 내려갑니다.")
    assert CreditTransfer.objects.filter(cooperative=officer).count() == 3
    shot(page, "coop-credit-refused-1400")

    # corrected in the same form (same key): applied once
    page.locator("#transfer").get_by_label("금액").fill("7000")
    page.locator("#transfer").get_by_label("금액").press("Enter")
    expect(page.locator(".message.success")).to_have_text("이체를 기록했습니다.")
    expect(accounts.locator("tbody tr", has_text="19. 학부모 조합원 02")).to_contain_text("0")
    expect(accounts.locator("tbody tr", has_text="1. 교원 조합원 01")).to_contain_text("25,000")
    expect(accounts.locator("tfoot td").first).to_have_text("0")
    assert sum(CreditAccount.objects.filter(member__cooperative=officer).values_list("balance", flat=True)) == 0
    shot(page, "coop-credit-ledger-1400")

    # the statement of account 19: newest first
    page.get_by_role("link", name="거래 내역 학부모 조합원 02").click()
    expect(page.locator("h1")).to_have_text("학부모 조합원 02 거래 내역")
    rows = page.locator("#credit-statement tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("교원 조합원 01")
    expect(rows.nth(0)).to_contain_text("-7,000")
    expect(rows.nth(0)).to_contain_text("텃밭 모종 (예시)")
    expect(rows.nth(1)).to_contain_text("-5,000")
    expect(rows.nth(2)).to_contain_text("+12,000")
    expect(rows.nth(2).locator("td").last).to_have_text("12,000")
    shot(page, "coop-credit-statement-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-credit-statement-390")
    assert rows.nth(0).locator("td").nth(0).evaluate(LINES) == 1          # the date and time
    assert rows.nth(0).locator("td").nth(3).evaluate(LINES) == 1          # the amount
    page.go_back()
    shot(page, "coop-credit-ledger-390")
    assert page.locator("#credit-accounts tbody tr td").first.evaluate(LINES) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
