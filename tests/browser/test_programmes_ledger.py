"""The activity ledger in Chromium: 성북's officer records a market with three registry organisations and sends
it for approval, the centre approves it, and the city roll-up shows one more market and three more
participating enterprises — and so does 성북's social-account indicator bound to that ledger measure (one
fact, entered once). Screenshots at 1400 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used

PASSWORD = "correct-horse-battery"


@pytest.fixture
def ledger(transactional_db, reference, make_user):
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.registry.models import District, Organisation
    from bombaram.web.choices import Role

    load_demo_registry()
    load_demo_ledger()
    team = ProgrammeTeam.objects.get(district__code="11290")
    make_user("seongbuk-team", Role.TEAM_STAFF, team=team)
    make_user("centre", Role.CENTRE_ADMIN)
    district = District.objects.get(code="11290")
    orgs = [Organisation.objects.create(name=f"봄바람 시험 협동조합 {n}", name_key=f"봄바람시험협동조합{n}", district=district)
            for n in ("가", "나", "다")]
    # 성북's social accounts: one indicator whose value is the ledger's participating enterprises of the year
    from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
    from bombaram.valuation.services import sources

    framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-seongbuk", owner_team=team, owner_district=district)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-1", name="장터", parent=goal,
                                            position=2)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-1.1", name="행사 참여 조직수", unit="개",
                                 parent=activity, position=3)
    sources.bind_indicator_source(user=make_user("sb-centre", Role.CENTRE_ADMIN, district=district),
                                  framework=framework, code="1-1.1", source="ledger:participating_enterprises")
    return {"team": team, "orgs": orgs}


def _indicator(page, team_pk: int) -> int:
    """성북's 2013 social accounts: the measured value of the indicator bound to the ledger."""
    page.goto(f"/valuation/teams/{team_pk}/accounts/2013/")
    row = page.locator("tr", has=page.locator("th", has_text="행사 참여 조직수"))
    expect(row).to_contain_text("출처: 사업단 활동 대장")
    return int(row.locator("td.num").first.inner_text().replace(",", ""))


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_label("비밀번호").press("Enter")
    page.wait_for_load_state()


def _figure(page, code: str) -> int:
    page.goto("/programmes/outputs/")
    return int(page.locator(f"tr[data-measure='{code}'] td.value").inner_text().replace(",", ""))


def test_team_records_a_market_the_centre_approves_and_the_roll_up_changes(browser, live_server, ledger, shot):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    markets, enterprises = _figure(page, "markets_and_fairs_held"), _figure(page, "participating_enterprises")
    assert (markets, enterprises) == (102, 386)
    shot(page, "ledger-outputs-1400")
    indicator = _indicator(page, ledger["team"].pk)

    _login(page, "seongbuk-team")
    team = ledger["team"]
    page.goto(f"/programmes/{team.pk}/ledger/new/")
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_label("종류").select_option("market")
    page.get_by_label("일자").fill("2013-11-09")
    page.get_by_label("이름", exact=True).fill("성북 가을 나눔장터")
    page.get_by_label("장소").fill("성북천 바람마당")
    page.get_by_label("방문객").fill("850")
    page.get_by_label("금액 (원)").fill("2400000")
    search = page.get_by_label("등록부에서 조직 이름으로 찾기")
    for org in ledger["orgs"]:
        search.fill(org.name)
        button = page.locator(".org-add", has_text=org.name)
        button.click()
    participants = page.get_by_label("참여 조직")
    expect(participants).to_have_value(re.compile(r"봄바람 시험 협동조합 가 #\d+\n.*나 #\d+\n.*다 #\d+"))
    shot(page, "ledger-form-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "ledger-form-390")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("button", name="저장하고 승인 요청").click()
    expect(page.locator("#ledger-table")).to_contain_text("성북 가을 나눔장터")
    expect(page.locator("#ledger-table tr", has_text="성북 가을 나눔장터")).to_contain_text("승인 요청")
    shot(page, "ledger-list-1400")
    # not yet in the roll-up
    assert _figure(page, "markets_and_fairs_held") == markets
    context.close()

    office = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR", base_url=live_server.url)
    page = office.new_page()
    page.set_default_timeout(15000)
    _login(page, "centre")
    page.goto("/programmes/review/")
    row = page.locator("#review-table tr", has_text="성북 가을 나눔장터")
    expect(row).to_contain_text("seongbuk-team")
    shot(page, "ledger-review-1400")
    row.get_by_role("button", name="승인").click()
    expect(page.get_by_role("status")).to_contain_text("기록을 승인했습니다")

    assert _figure(page, "markets_and_fairs_held") == markets + 1
    assert _figure(page, "participating_enterprises") == enterprises + 3
    # the team's social-account indicator reads the same approved records: three more organisations in 2013
    assert _indicator(page, ledger["team"].pk) == indicator + 3
    shot(page, "ledger-accounts-after-1400")
    page.goto("/programmes/outputs/")
    expect(page.locator("#rollup-records")).to_contain_text("계산했습니다")
    shot(page, "ledger-outputs-after-1400")
    assert "Pretendard GOV" in " ".join(fonts_used(page, "#rollup-table"))
    page.set_viewport_size({"width": 390, "height": 844})
    # numbers do not wrap on a phone
    lines = page.evaluate("""() => [...document.querySelectorAll('#rollup-table td.value, #before-after td.num')]
        .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                     return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })""")
    assert lines and max(lines) == 1
    shot(page, "ledger-outputs-390")
    office.close()
