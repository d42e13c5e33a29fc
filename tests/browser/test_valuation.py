"""Social value measurement in Chromium: two panellists answer round 1 on their links, the
administrator closes it and opens round 2, a panellist sees the feedback and answers; the analysis
report and a team's social accounts. Screenshots at desktop and phone width."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used

FRAMEWORK_CSV = """goal_no,goal,activity_no,activity,subactivity_no,subactivity,indicator
1,사회적 경제 시장을 조성한다.,1-1,사회적경제조직간 상호거래 확대,,,상호거래 건수와 거래 금액
1,사회적 경제 시장을 조성한다.,1-1,사회적경제조직간 상호거래 확대,,,수요와 공급 매칭 건수
2,사회적 경제 주체 역량을 강화한다.,2-1,종사자 교육,,,교육 수료율
"""
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def study(transactional_db, reference, make_user):
    from bombaram.core.frameworks import read_framework_csv
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.valuation.models import Framework
    from bombaram.valuation.services import answers, delphi, frameworks
    from bombaram.web.choices import Role

    team = ProgrammeTeam.objects.get(district__code="11290")
    admin = make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1", district=team.district)
    framework = Framework.objects.create(name="성북 시험 틀", slug="seongbuk-test", owner_team=team,
                                         owner_district=team.district)
    core_framework, _printed = read_framework_csv(FRAMEWORK_CSV, name="성북")
    version = frameworks.version_from_core(framework=framework, core_framework=core_framework)
    study = delphi.create_study(user=admin, version=version, title="성북 평가지표 델파이", groups=["시 단위 전문가", "성북 현장"],
                                local_group="성북 현장")
    groups = {g.name: g for g in study.groups.all()}
    _a, token_a = delphi.add_panellist(user=admin, study=study, group=groups["성북 현장"], name="김하나")
    _b, token_b = delphi.add_panellist(user=admin, study=study, group=groups["시 단위 전문가"], name="이두리")
    round1 = delphi.open_round(user=admin, study=study, number=1, closes=timezone.now() + dt.timedelta(days=7))
    # two more 성북 panellists answer on paper, entered for them: feedback needs 3 answers or more
    items = {i.name: i.pk for i in round1.items.all()}
    for name, own in (("박셋", ROUND1_C), ("최넷", ROUND1_D)):
        _p, token = delphi.add_panellist(user=admin, study=study, group=groups["성북 현장"], name=name)
        problems = answers.save_answers(token=token, answers=[
            {"item_id": items[question], "score": score, **({"suitable": suitable} if suitable is not None else {})}
            for question, (suitable, score) in own.items()])
        assert problems == []
        answers.submit_response(token=token, round=round1)
    return {"study": study, "a": token_a, "b": token_b}


def _answer(page, answers: dict[str, tuple[bool | None, int]]) -> None:
    """Answer each question (by its visible name) in the browser: yes/no for indicators, then the score."""
    for name, (suitable, score) in answers.items():
        item = page.locator(".q-item", has_text=name).first
        if suitable is not None:
            item.get_by_role("radio", name="적합", exact=True).check() if suitable else \
                item.get_by_role("radio", name="부적합", exact=True).check()
        item.locator(f"input[name^='score-'][value='{score}']").check()
        expect(item.locator("[id^='status-']").first).to_contain_text("저장됨")


ROUND1_A = {"사회적경제조직간 상호거래 확대": (None, 6), "종사자 교육": (None, 5), "상호거래 건수와 거래 금액": (True, 7),
            "수요와 공급 매칭 건수": (True, 4), "교육 수료율": (False, 3)}
ROUND1_C = {"사회적경제조직간 상호거래 확대": (None, 5), "종사자 교육": (None, 6), "상호거래 건수와 거래 금액": (True, 6),
            "수요와 공급 매칭 건수": (True, 5), "교육 수료율": (True, 5)}
ROUND1_D = {"사회적경제조직간 상호거래 확대": (None, 7), "종사자 교육": (None, 4), "상호거래 건수와 거래 금액": (False, 3),
            "수요와 공급 매칭 건수": (False, 3), "교육 수료율": (True, 6)}
ROUND1_B = {"사회적경제조직간 상호거래 확대": (None, 4), "종사자 교육": (None, 7), "상호거래 건수와 거래 금액": (True, 5),
            "수요와 공급 매칭 건수": (False, 2), "교육 수료율": (True, 6)}


def test_two_panellists_answer_round_one_and_one_sees_the_feedback_in_round_two(browser, live_server, study, shot):
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = desktop.new_page()
    page.goto(f"/delphi/{study['a']}/")
    expect(page.locator("h1")).to_contain_text("성북 평가지표 델파이")
    _answer(page, ROUND1_A)
    page.reload()  # answers were saved as the panellist went
    item = page.locator(".q-item", has_text="교육 수료율").first
    expect(item.get_by_role("radio", name="부적합", exact=True)).to_be_checked()
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "h1")) == {"Pretendard GOV"}
    shot(page, "delphi-questionnaire-round1-desktop")
    page.get_by_role("button", name="응답 제출").click()
    expect(page.locator("body")).to_contain_text("1차 응답을 받았습니다")

    phone = browser.new_context(viewport=PHONE, locale="ko-KR", base_url=live_server.url, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    mobile.goto(f"/delphi/{study['b']}/")
    _answer(mobile, ROUND1_B)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    mobile.evaluate("document.fonts.ready")
    shot(mobile, "delphi-questionnaire-round1-phone")
    mobile.get_by_role("button", name="응답 제출").click()
    expect(mobile.locator("body")).to_contain_text("1차 응답을 받았습니다")
    assert mobile.get_by_role("button", name="응답 제출").count() == 0  # a submitted questionnaire offers no second submit

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR", base_url=live_server.url)
    office = admin.new_page()
    office.goto("/accounts/login/")
    office.get_by_label("아이디").fill("centre")
    office.get_by_label("비밀번호").fill("demo-password-1")
    office.get_by_role("button", name="로그인").click()
    office.goto(f"/valuation/studies/{study['study'].pk}/")
    office.get_by_role("button", name="1차 조사 마감").click()
    deadline = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    office.locator("input[name=closes]").fill(deadline)
    office.get_by_role("button", name="2차 조사 열기").click()
    expect(office.locator("body")).to_contain_text("2차")
    shot(office, "delphi-study-admin")

    # Round 2 on the phone: the whole panel's and the group's round-1 figures, and the own answer.
    mobile.goto(f"/delphi/{study['a']}/")
    item = mobile.locator(".q-item", has_text="사회적경제조직간 상호거래 확대").first
    feedback = item.locator(".q-feedback")
    # 전체: A 6, B 4, C 5, D 7 → mean 5.50, median 5.50; 성북 현장 (A, C, D): 6, 5, 7 → mean 6.00; own answer 6
    expect(feedback.locator("tr", has_text="전체")).to_contain_text("5.50")
    expect(feedback.locator("tr", has_text="성북 현장")).to_contain_text("6.00")
    expect(feedback).to_contain_text("나의 1차 응답")
    indicator = mobile.locator(".q-item", has_text="수요와 공급 매칭 건수").first
    # suitable: A yes, B no, C yes, D no → 2/4 = 0.50 for the whole panel
    expect(indicator.locator(".q-feedback tr", has_text="전체")).to_contain_text("0.50")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.evaluate("document.fonts.ready")
    shot(mobile, "delphi-questionnaire-round2-phone")
    item.evaluate("node => node.scrollIntoView()")
    shot(mobile, "delphi-questionnaire-round2-phone-item", full_page=False)  # what a thumb sees
    _answer(mobile, {"사회적경제조직간 상호거래 확대": (None, 5), "종사자 교육": (None, 6), "상호거래 건수와 거래 금액": (True, 6),
                     "수요와 공급 매칭 건수": (True, 4), "교육 수료율": (True, 4)})
    mobile.get_by_role("button", name="응답 제출").click()
    expect(mobile.locator("body")).to_contain_text("2차 응답을 받았습니다")

    # The analysis report: round-1 figures worked out above, and no panellist's name.
    office.goto(f"/valuation/studies/{study['study'].pk}/analysis/")
    expect(office.locator("body")).to_contain_text("사분위수")
    for name in ("김하나", "이두리", "박셋", "최넷"):
        assert name not in office.content()
    office.evaluate("document.fonts.ready")
    shot(office, "delphi-analysis-small")
    for context in (desktop, phone, admin):
        context.close()


@pytest.fixture
def demo(transactional_db, reference, make_user):
    from bombaram.datagen.demo.valuation import load_demo_valuation
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.web.choices import Role

    load_demo_valuation()
    make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1")
    return ProgrammeTeam.objects.get(district__code="11290")


def test_demo_analysis_report_and_social_accounts(page, shot, demo):
    from bombaram.valuation.models import DelphiStudy

    study = DelphiStudy.objects.get(version__framework__slug="seongbuk")
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("centre")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    page.goto("/valuation/")  # what the centre sees first: the measurements waiting, the studies
    expect(page.locator("body")).to_contain_text("승인을 기다리는 측정값 6건")  # 3 of 성북 2014, 3 of 노원 2014
    expect(page.locator("body")).to_contain_text("성북 평가지표 델파이 조사 (예시)")
    shot(page, "valuation-home")
    page.goto(f"/valuation/studies/{study.pk}/analysis/?printed=1")
    expect(page.locator("body")).to_contain_text("예시 데이터")
    # 성북 1-1 사회적 경제조직간 상호거래 확대: the report prints 6.11 (1차 전체) and 6.31 (2차 전체)
    row = page.locator("tr", has_text="사회적 경제조직간 상호거래 확대").first
    expect(row).to_contain_text("6.11")
    expect(row).to_contain_text("6.31")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "h1")) == {"Pretendard GOV"}
    shot(page, "delphi-analysis-report")
    shot(page, "delphi-analysis-report-top", full_page=False)

    page.goto(f"/valuation/teams/{demo.pk}/accounts/2014/")
    expect(page.locator("h1")).to_contain_text(demo.name)
    expect(page.locator("body")).to_contain_text("예시 데이터")
    expect(page.locator("body")).to_contain_text("SROI")
    page.evaluate("document.fonts.ready")
    shot(page, "social-accounts-seongbuk-2014")
    shot(page, "social-accounts-seongbuk-2014-top", full_page=False)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, "social-accounts-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/valuation/frameworks/seongbuk/")
    expect(page.locator("body")).to_contain_text("사회적 경제 시장을 조성한다")
    shot(page, "framework-seongbuk", full_page=False)
    page.goto(f"/valuation/teams/{demo.pk}/measurements/2014/")
    expect(page.locator("body")).to_contain_text("승인")
    shot(page, "measurement-entry-seongbuk-2014", full_page=False)


@pytest.fixture
def editable_framework(transactional_db, reference, make_user):
    from bombaram.core.frameworks import read_framework_csv
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.valuation.models import Framework
    from bombaram.valuation.services import frameworks
    from bombaram.web.choices import Role

    team = ProgrammeTeam.objects.get(district__code="11290")
    make_user("team", Role.TEAM_STAFF, password="demo-password-1", team=team)
    framework = Framework.objects.create(name="성북 시험 틀", slug="seongbuk-test", owner_team=team,
                                         owner_district=team.district)
    core_framework, _printed = read_framework_csv(FRAMEWORK_CSV, name="성북")
    return frameworks.version_from_core(framework=framework, core_framework=core_framework)


def test_team_edits_and_adds_indicators_in_place_with_the_keyboard(page, shot, editable_framework):
    """The team's officer edits an indicator where it stands and adds one, using only the keyboard:
    the form opens in the row with the focus in it, Enter saves, the focus comes back to the item;
    Cancel puts the item back; another open editor keeps what is typed in it."""
    from bombaram.valuation.models import FrameworkItem

    def name_of(code: str) -> str:
        return FrameworkItem.objects.get(version=editable_framework, code=code).name

    page.goto("/accounts/login/?next=/valuation/frameworks/seongbuk-test/")
    page.get_by_label("아이디").fill("team")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("성북 시험 틀")
    page.wait_for_load_state("load")  # htmx (a deferred script) has taken the links over
    status = page.locator("#fw-status")

    row = page.locator("tr", has_text="수요와 공급 매칭 건수")
    row.get_by_role("link", name="수정").focus()
    page.keyboard.press("Enter")
    name = page.get_by_role("textbox", name="이름")
    expect(name).to_be_focused()  # the editor took the row's place and has the focus
    expect(name).to_have_value("수요와 공급 매칭 건수")
    assert page.url.endswith("/valuation/frameworks/seongbuk-test/")  # no page change
    shot(page, "framework-inline-edit", full_page=False)

    name.fill("")  # a mistake first: the error shows in place, with the focus on the field, nothing saved
    page.keyboard.press("Enter")
    expect(page.locator(".fw-editing .field-name .field-error")).to_be_visible()
    expect(page.get_by_role("textbox", name="이름")).to_be_focused()
    assert name_of("1-1.2") == "수요와 공급 매칭 건수"
    page.keyboard.type("상호 수요·공급 매칭 건수")
    page.get_by_role("textbox", name="단위").fill("건")
    page.get_by_role("textbox", name="단위").press("Enter")
    expect(status).to_have_text("1-1.2 항목을 저장했습니다.")
    edited = page.locator("tr", has_text="상호 수요·공급 매칭 건수")
    expect(edited.locator("td").nth(2)).to_have_text("건")
    expect(edited.get_by_role("link", name="수정")).to_be_focused()
    assert name_of("1-1.2") == "상호 수요·공급 매칭 건수"

    page.get_by_role("link", name="2-1 아래에 평가지표 추가").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".fw-inline-title")).to_contain_text("평가지표 추가 2-1.2")
    expect(page.get_by_role("textbox", name="이름")).to_be_focused()
    page.keyboard.type("교육 만족도")
    page.keyboard.press("Enter")
    expect(status).to_have_text("2-1.2 교육 만족도 항목을 추가했습니다.")
    expect(page.locator("tr", has_text="교육 만족도").get_by_role("link", name="수정")).to_be_focused()
    expect(page.locator("#fw-versions td.num")).to_have_text("4")  # the versions table counts it too
    shot(page, "framework-inline-saved", full_page=False)

    # Cancel puts back the row as it was, and the focus on its edit link
    page.locator("tr", has_text="교육 수료율").get_by_role("link", name="수정").click()
    page.get_by_role("textbox", name="이름").fill("버릴 이름")
    page.get_by_role("link", name="취소").click()
    expect(page.locator(".fw-editing")).to_have_count(0)
    kept = page.locator("tr", has_text="교육 수료율")
    expect(kept.locator("td").nth(1)).to_have_text("교육 수료율")
    expect(kept.get_by_role("link", name="수정")).to_be_focused()
    assert name_of("2-1.1") == "교육 수료율"

    # Two editors: saving one edit leaves the other open with its text
    page.locator("tr", has_text="교육 수료율").get_by_role("link", name="수정").click()
    page.locator(".fw-editing").get_by_role("textbox", name="이름").fill("교육 수료율 (%)")
    page.locator("tr", has_text="교육 만족도").get_by_role("link", name="수정").click()
    expect(page.locator(".fw-editing")).to_have_count(2)
    second = page.locator(".fw-editing").nth(1)
    second.get_by_role("textbox", name="단위").fill("점")
    second.get_by_role("button", name="저장").click()
    expect(status).to_have_text("2-1.2 항목을 저장했습니다.")
    expect(page.locator(".fw-editing")).to_have_count(1)
    expect(page.locator(".fw-editing").get_by_role("textbox", name="이름")).to_have_value("교육 수료율 (%)")
    # adding redraws the tree: the page asks first, and "no" keeps everything as it is
    page.get_by_role("link", name="목적 추가").click()
    page.locator("#add-under-root").get_by_role("textbox", name="이름").fill("새 목적")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("#add-under-root").get_by_role("button", name="저장").click()
    expect(page.locator(".fw-editing")).to_have_count(2)
    assert asked and "저장되지 않았습니다" in asked[0]
    assert not FrameworkItem.objects.filter(version=editable_framework, name="새 목적").exists()
    page.locator(".fw-editing").first.get_by_role("button", name="저장").click()  # save the first one after all
    expect(status).to_have_text("2-1.1 항목을 저장했습니다.")
    page.locator("#add-under-root").get_by_role("button", name="저장").click()  # nothing else open: no question
    expect(status).to_have_text("3 새 목적 항목을 추가했습니다.")
    assert name_of("2-1.1") == "교육 수료율 (%)" and name_of("3") == "새 목적"

    # on a phone the editor fits the screen
    page.set_viewport_size(PHONE)
    page.locator("tr", has_text="교육 수료율").get_by_role("link", name="수정").click()
    expect(page.get_by_role("textbox", name="이름")).to_be_focused()
    box = page.locator(".fw-editing").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, "framework-inline-edit-phone", full_page=False)


def test_inline_editor_when_the_session_has_ended_or_the_request_is_refused(page, editable_framework):
    """Signed out (the session ran out) while an editor is open: saving goes to the login page as a
    whole page, not a login form inside the tree. A refused request (here the CSRF cookie is gone)
    says so in the editor and keeps what was typed. Nothing is written either way."""
    from bombaram.valuation.models import FrameworkItem

    def sign_in_and_edit(name: str) -> None:
        page.get_by_label("아이디").fill("team")
        page.get_by_label("비밀번호").fill("demo-password-1")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_contain_text("성북 시험 틀")
        page.wait_for_load_state("load")  # htmx (a deferred script) has taken the links over
        page.locator("tr", has_text="교육 수료율").get_by_role("link", name="수정").click()
        expect(page.locator(".fw-editing")).to_have_count(1)  # in place, not the editing page
        page.get_by_role("textbox", name="이름").fill(name)

    page.goto("/accounts/login/?next=/valuation/frameworks/seongbuk-test/")
    sign_in_and_edit("로그아웃 뒤의 이름")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/accounts/login/?next=/valuation/frameworks/seongbuk-test/")
    expect(page.get_by_label("아이디")).to_be_visible()
    expect(page.locator(".fw-tree")).to_have_count(0)

    sign_in_and_edit("거절될 이름")
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="저장").click()
    alert = page.locator(".fw-editing .fw-request-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("저장하지 못했습니다")
    expect(page.get_by_role("textbox", name="이름")).to_have_value("거절될 이름")
    assert FrameworkItem.objects.get(version=editable_framework, code="2-1.1").name == "교육 수료율"
