"""Programme teams in Chromium: the centre records a contract and its evaluation, a fourth contract is refused
with the sunset rule quoted, and the team dashboard at desktop and phone width."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from bombaram.core.programme_contracts import RULE_KO

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


@pytest.fixture
def teams(transactional_db, reference, make_user):
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.programmes.services import (
        add_consortium_member,
        add_team_staff,
        create_contract,
        record_evaluation,
    )
    from bombaram.registry.models import Organisation
    from bombaram.web.choices import Role

    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    centre = make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1", district=team.district)
    load_demo_registry()
    first = create_contract(user=centre, team=team, start=dt.date(2012, 7, 1), end=dt.date(2013, 6, 30),
                            amount_won=200_000_000, evaluation_date=dt.date(2013, 6, 14),
                            targets={"education_trainees": 300, "markets_and_fairs_held": 6, "education_hours": 80})
    record_evaluation(user=centre, contract=first, result="passed")
    second = create_contract(user=centre, team=team, start=dt.date(2013, 7, 1), end=dt.date(2014, 6, 30),
                             amount_won=205_000_000, evaluation_date=dt.date(2014, 6, 13),
                             targets={"education_trainees": 360, "markets_and_fairs_held": 8, "education_hours": 100,
                                      "cooperation_network_organisations": 40})
    record_evaluation(user=centre, contract=second, result="passed")
    organisations = list(Organisation.objects.filter(district=team.district).order_by("pk")[:4])
    for position, organisation in enumerate(organisations):
        add_consortium_member(user=centre, team=team, organisation=organisation, role="lead" if position == 0 else "member")
    add_consortium_member(user=centre, team=team, pending_name="(가칭) 정릉마을 돌봄협동조합 준비모임")
    add_team_staff(user=centre, team=team, name="김하늘", role="사업단장", phone="02-922-0000", email="head@example.org")
    add_team_staff(user=centre, team=team, name="이보람", role="코디네이터", phone="02-922-0001")
    return team


def test_centre_records_contract_and_evaluation_and_fourth_is_refused(page, teams, shot):
    from bombaram.programmes.models import Contract

    team = teams
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("centre")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()

    page.goto(f"/programmes/{team.pk}/contracts/")
    form = page.locator("form.contract-form")
    form.get_by_label("협약 시작일").fill("2014-07-01")
    form.get_by_label("협약 종료일").fill("2015-06-30")
    form.get_by_label("금액 (원)").fill("1억 9,500만원")
    form.get_by_label("평가일").fill("2015-06-12")
    form.get_by_label("교육 수강생 (명)").fill("420")
    form.get_by_role("button", name="협약 기록").click()
    expect(page.locator(".messages")).to_contain_text("협약을 기록했습니다.")
    third = Contract.objects.get(team=team, number=3)
    assert third.amount_won == 195_000_000 and third.start == dt.date(2014, 7, 1)
    assert {t.measure: int(t.target) for t in third.targets.all()} == {"education_trainees": 420}

    section = page.locator("#contract-3")
    section.get_by_label("평가 결과").select_option("passed")
    section.get_by_label("평가일").fill("2015-06-12")
    section.get_by_label("협약 조건").fill("3년차 평가 통과: 자립 계획 제출")
    section.get_by_role("button", name="평가 결과 저장").click()
    expect(page.locator("#contract-3 .evaluation-result")).to_have_text("통과")
    third.refresh_from_db()
    assert third.evaluation_result == "passed" and third.conditions == "3년차 평가 통과: 자립 계획 제출"

    form = page.locator("form.contract-form")
    form.get_by_label("협약 시작일").fill("2015-07-01")
    form.get_by_label("협약 종료일").fill("2016-06-30")
    form.get_by_label("금액 (원)").fill("200,000,000")
    form.get_by_role("button", name="협약 기록").click()
    error = page.locator(".contract-form .error-summary")
    expect(error).to_contain_text("네 번째 협약은 맺을 수 없습니다")
    expect(error).to_contain_text(RULE_KO)
    assert Contract.objects.filter(team=team).count() == 3
    page.set_viewport_size(DESKTOP)
    error.scroll_into_view_if_needed()
    shot(page, "programmes-fourth-contract-refused", full_page=False)

    # the dashboard while the second year runs, at desktop and phone width
    page.goto(f"/programmes/{team.pk}/?date=2014-05-20")
    expect(page.locator(".team-status")).to_contain_text("3년 중 2년차")
    expect(page.locator(".team-status .sunset-steps")).to_contain_text("2년차: 통과")
    expect(page.locator(".team-targets")).to_contain_text("활동 대장 기록이 아직 없습니다")
    expect(page.locator(".targets-table tbody tr")).to_have_count(4)
    expect(page.locator("body")).to_contain_text("(가칭) 정릉마을 돌봄협동조합 준비모임")
    shot(page, "programmes-team-dashboard-1400")
    page.set_viewport_size(PHONE)
    shot(page, "programmes-team-dashboard-390")
    # numbers and dates do not wrap: the period figure is one line high
    period = page.locator(".status-figures .period .figure-value")
    box = period.bounding_box()
    assert box is not None and box["height"] < 40
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size(DESKTOP)
    page.goto("/programmes/?date=2014-05-20")
    expect(page.locator("table.side-by-side tbody tr")).to_have_count(13)
    shot(page, "programmes-city-1400")
    page.goto(f"/programmes/{team.pk}/print/?date=2014-05-20")
    expect(page.locator(".appendix")).to_contain_text("부록 지역특화사업단")
    page.emulate_media(media="print")
    shot(page, "programmes-team-appendix-print")
