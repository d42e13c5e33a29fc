"""A survey end to end: the 독산고 officer opens the surveys from the cooperative's page, reads the report's
parent survey (278 answers, 64.75 % in favour), makes a new questionnaire open by link, enters 277 paper forms
(a form with no count first: one Korean message), and one parent answers by the link without an account, which
brings the new survey to the same 278 answers and 64.75 %. Screenshots at 1400 and 390 px."""

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


def test_survey_walkthrough(page, browser, live_server, shot, officer):
    from bombaram.cooperatives.models import SurveyAnswer

    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("doksan")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    page.goto(f"/cooperatives/{officer.pk}/")
    page.get_by_role("link", name="의견조사", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("의견조사")

    # the report's survey, as the demo loads it
    page.locator("#survey-list a").first.click()
    results = page.locator("#survey-results")
    expect(results.locator("caption")).to_have_text("결과 (응답 278부)")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("180")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("64.75")
    expect(results.locator("tbody tr").nth(1)).to_contain_text("35.25")
    page.go_back()

    page.locator("#id_s-title").fill("2014 건강매점 운영 의견조사")
    page.locator("#id_s-question").fill("건강매점 운영 시간 연장에 찬성하십니까?")
    page.locator("#id_s-held_on").fill("2014-04-10")
    page.locator("#id_s-choices").fill("찬성\n반대")
    page.locator("#id_s-open_by_link").check()
    page.get_by_role("button", name="만들기").click()
    expect(page.locator(".message.success")).to_have_text("의견조사를 만들었습니다.")

    page.locator("#paper").get_by_role("button", name="입력").click()
    expect(page.locator("#paper .error-summary")).to_contain_text("보기마다 고른 조사서 수를 입력해 주세요 (모두 합해 1부 이상).")
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "coop-surveys-error-1400")
    page.locator("#paper").get_by_label("찬성").fill("179")
    page.locator("#paper").get_by_label("반대").fill("98")
    page.locator("#paper").get_by_label("반대").press("Enter")
    expect(page.locator(".message.success")).to_have_text("종이 조사서 277부를 입력했습니다.")
    link = page.locator("a[href*='/cooperatives/survey/']").get_attribute("href")

    # a parent answers by the link, without an account
    parent = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    answer = parent.new_page()
    answer.goto(link)
    expect(answer.locator("h1")).to_have_text("2014 건강매점 운영 의견조사")
    answer.get_by_label("찬성").check()
    shot(answer, "coop-surveys-answer-390")
    answer.get_by_role("button", name="보내기").click()
    expect(answer.locator(".message.success")).to_have_text("감사합니다. 응답을 기록했습니다.")
    answer.goto(link)  # a second visit in the same session does not answer twice
    expect(answer.locator(".message.success")).to_be_visible()
    parent.close()

    page.reload()
    expect(results.locator("caption")).to_have_text("결과 (응답 278부)")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("180")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("64.75")  # 180 / 278 = 0.647482 → 64.75
    expect(results.locator("tbody tr").nth(1)).to_contain_text("35.25")  # 98 / 278 = 0.352518 → 35.25
    assert SurveyAnswer.objects.filter(survey__title="2014 건강매점 운영 의견조사", source="link").count() == 1
    shot(page, "coop-surveys-results-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-surveys-results-390")
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    assert results.locator("tbody tr td").nth(1).evaluate(lines) == 1
