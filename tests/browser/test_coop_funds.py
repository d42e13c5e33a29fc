"""A local fund end to end: 노원's fund (예시 데이터) shows the 600만원 raised through the programme ledger; an
administrator records a contribution (a bad amount first), a grant the fund cannot pay (refused in Korean),
a grant it can, a loan and a repayment, and reads the balance as of two dates. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture
def nowon_fund(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.datagen.demo.founding import load_demo_founding
    from bombaram.datagen.demo.funds import load_demo_funds
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.registry.models import District
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_registry()
    load_demo_ledger()
    load_demo_founding()
    nowon, _seongdong = load_demo_funds()
    make_user("nowon", Role.CENTRE_ADMIN, password="demo-password-1", district=District.objects.get(name_ko="노원구"))
    return nowon


def _submit(page, action: str, values: dict[str, str]):
    for field, value in values.items():
        locator = page.locator(f"#id_{action}-{field}")
        if locator.evaluate("el => el.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)
    page.locator(f"#id_{action}-{list(values)[-1]}").press("Enter")


def test_fund_walkthrough(page, shot, nowon_fund):
    from bombaram.cooperatives.models import FundUse
    from bombaram.registry.models import Organisation

    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("nowon")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    page.goto("/cooperatives/")
    page.locator("#coop-sections").get_by_role("link", name="지역기금").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#fund-list")).to_contain_text("노원 사회적경제 지역기금")
    expect(page.locator("#fund-list")).not_to_contain_text("성동")
    page.get_by_role("link", name="노원 사회적경제 지역기금").click()
    expect(page.locator("#from-ledger")).to_have_text("6,000,000원")
    page.locator("#id_as_of").fill("2014-12-31")
    page.locator("#id_as_of").press("Enter")
    # 6,000,000 raised − 1,000,000 demo grant = 5,000,000
    expect(page.locator("#balance-won")).to_have_text("5,000,000")

    _submit(page, "contribution", {"kind": "paid", "day": "2014-02-01", "contributor": "노원 주민 모임",
                                   "contributor_kind": "resident", "amount_won": "0"})
    expect(page.locator("#form-contribution .field-error")).to_be_visible()
    _submit(page, "contribution", {"amount_won": "1500000"})
    expect(page.locator(".message.success")).to_have_text("약정·납입을 기록했습니다.")
    expect(page.locator("#balance-won")).to_have_text("6,500,000")

    organisation = Organisation.objects.filter(district__name_ko="노원구").order_by("name").first()
    _submit(page, "use", {"kind": "grant", "day": "2014-03-01", "organisation": str(organisation.pk),
                          "amount_won": "7000000", "purpose": "너무 큰 지원"})
    expect(page.locator("#form-use .error-summary")).to_contain_text("2014-03-01: 그날 기금 잔액이 모자랍니다.")
    assert FundUse.objects.filter(fund=nowon_fund).count() == 1
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "coop-funds-error-1400")
    _submit(page, "use", {"kind": "loan", "amount_won": "2000000", "purpose": "운영자금 융자"})
    expect(page.locator(".message.success")).to_have_text("지원·융자를 기록했습니다.")
    loan = FundUse.objects.get(fund=nowon_fund, kind="loan")
    _submit(page, "repayment", {"loan": str(loan.pk), "day": "2014-09-01", "amount_won": "800000"})
    expect(page.locator(".message.success")).to_have_text("상환을 기록했습니다.")
    # by hand: 6,000,000 + 1,500,000 − 1,000,000 − 2,000,000 + 800,000 = 5,300,000; 1,200,000 still owed
    expect(page.locator("#balance-won")).to_have_text("5,300,000")
    expect(page.locator("#fund-balance tfoot")).to_contain_text("1,200,000")
    by_kind = page.locator("#fund-by-kind tbody tr")
    expect(by_kind.nth(0)).to_contain_text("4,500,000")  # residents: 3,000,000 from the ledger + 1,500,000
    expect(by_kind.nth(2)).to_contain_text("2,000,000")  # the institution's pledge (not in the balance)
    shot(page, "coop-funds-1400")

    page.locator("#id_as_of").fill("2014-06-30")
    page.locator("#id_as_of").press("Enter")
    expect(page.locator("#balance-won")).to_have_text("4,500,000")  # before the repayment
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-funds-390")
    page.locator("#fund-balance").scroll_into_view_if_needed()
    shot(page, "coop-funds-390-balance", full_page=False)
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    assert page.locator("#balance-won").evaluate(lines) == 1
    assert page.locator("#uses tbody tr td:nth-child(1)").first.evaluate(lines) == 1
    assert page.locator("#uses tbody tr td:nth-child(4)").first.evaluate(lines) == 1
