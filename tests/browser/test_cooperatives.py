"""The share register end to end, by keyboard where a user would: open the 독산고 register, read it
as of a date, admit a member (a bad entry first), record a transfer, print a certificate, update the
registry's figures; screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture
def officer(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    cooperative = load_demo_cooperatives()
    user = make_user("doksan", Role.ORGANISATION_STAFF, password="demo-password-1")
    cooperative.officers.add(user)
    return cooperative


def test_share_register_walkthrough(page, shot, officer):
    from bombaram.registry.models import CooperativeCount

    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("doksan")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    expect(page.locator(".who")).to_have_text("doksan")
    page.goto("/cooperatives/")
    page.get_by_role("link", name="독산고건강매점협동조합").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("독산고건강매점협동조합")

    page.get_by_label("기준일", exact=True).first.fill("2014-01-31")
    page.get_by_label("기준일", exact=True).first.press("Enter")
    totals = page.locator("#register-totals")
    expect(totals.locator("tbody tr").nth(0)).to_contain_text("교원")
    expect(totals.locator("tbody tr").nth(0)).to_contain_text("2,000,000")
    expect(totals.locator("tbody tr").nth(1)).to_contain_text("2,250,000")
    expect(totals.locator("tfoot")).to_contain_text("4,250,000")
    expect(page.locator(".note")).to_contain_text("230만원")
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "cooperatives-register-1400")

    # a bad entry: overpaid join → one Korean message, nothing written
    page.get_by_label("이름", exact=True).fill("학생 조합원 01")
    page.get_by_label("조합원 구분", exact=True).select_option("student")
    page.get_by_label("가입일").fill("2014-03-02")
    page.get_by_label("약정 구좌").fill("1")
    page.get_by_label("납입 금액(원)").fill("60000")
    page.get_by_label("납입 금액(원)").press("Enter")
    expect(page.locator("#add-member .error-summary")).to_contain_text("납입 출자금이 약정 구좌 × 1구좌 금액을 넘게 됩니다.")
    shot(page, "cooperatives-register-error-1400")
    page.get_by_label("납입 금액(원)").fill("50000")
    page.get_by_label("납입 금액(원)").press("Enter")
    expect(page.locator(".message.success")).to_contain_text("조합원 33번으로 가입했습니다")

    # a transfer between two teachers
    page.get_by_label("기록 종류").select_option("transfer")
    page.get_by_label("조합원", exact=True).select_option(label="1. 교원 조합원 01")
    page.get_by_label("일자", exact=True).fill("2014-03-05")
    page.get_by_label("구좌", exact=True).fill("1")
    page.get_by_label("금액 (원)", exact=True).fill("50000")
    page.get_by_label("받는 조합원(양도)").select_option(label="2. 교원 조합원 02")
    page.get_by_role("button", name="기록", exact=True).click()
    expect(page.locator(".message.success")).to_have_text("기록했습니다.")

    page.get_by_label("기준일", exact=True).first.fill("2014-03-31")
    page.get_by_label("기준일", exact=True).first.press("Enter")
    expect(totals.locator("tfoot")).to_contain_text("4,300,000")
    members = page.locator("#register-members tbody tr")
    expect(members.nth(0)).to_contain_text("50,000")
    expect(members.nth(1)).to_contain_text("150,000")

    # registry figures written from the register
    page.locator("#id_c-as_of").fill("2014-03-31")
    page.get_by_role("button", name="등록부에 반영").click()
    expect(page.locator(".message.success")).to_contain_text("조합원 33명, 출자금 4,300,000원")
    count = CooperativeCount.objects.get(organisation=officer.organisation, counted_on="2014-03-31")
    assert (count.members, count.capital_won) == (33, 4_300_000)

    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "cooperatives-register-390")
    page.locator("#register-totals").scroll_into_view_if_needed()
    shot(page, "cooperatives-register-390-totals", full_page=False)
    page.locator("#register-members").scroll_into_view_if_needed()
    shot(page, "cooperatives-register-390-members", full_page=False)
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    assert page.locator("#register-totals tfoot td").last.evaluate(lines) == 1      # 4,300,000 on one line
    assert page.locator("#register-members tbody tr td:nth-child(4)").first.evaluate(lines) == 1  # the date too
    assert page.locator("#register-members tbody tr td:nth-child(2)").first.evaluate(lines) == 1  # the name too
    assert page.locator("#register-members tbody tr td:nth-child(1)").nth(20).evaluate(lines) == 1  # member no. 21
    first_text_lines = lines.replace("selectNodeContents(el)", "selectNodeContents(el.firstChild)")
    assert page.locator("#register-members tbody tr td:nth-child(7) a").first.evaluate(first_text_lines) == 1  # the link

    page.get_by_role("link", name="증명서 교원 조합원 02").click()
    expect(page.locator("h1")).to_have_text("조합원 증명서")
    expect(page.locator(".certificate")).to_contain_text("150,000")
    shot(page, "cooperatives-certificate-390")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.emulate_media(media="print")
    shot(page, "cooperatives-certificate-print-1400")
