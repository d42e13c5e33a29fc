"""The hub centre end to end, by keyboard where a user would: from the cooperatives page to 은평 허브, the
occupancy as of a date, an overlapping tenancy refused (its Korean message, nothing written) and a free
desk let, the occupancy rising, a shared room double-booked then booked, a joint project with its tenants;
screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


@pytest.fixture
def operator(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.datagen.demo.hub import load_demo_hub
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    hub = load_demo_hub()
    user = make_user("eunpyeong-hub", Role.ORGANISATION_STAFF, password="demo-password-1")
    hub.operators.add(user)
    return hub


def test_hub_walkthrough(page, shot, operator):
    from bombaram.cooperatives.models import HubTenancy, RoomBooking

    hub = operator
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("eunpyeong-hub")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    page.goto("/cooperatives/")
    page.get_by_role("link", name="허브센터").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="은평 사회적경제 허브센터").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("은평 사회적경제 허브센터")
    expect(page.locator(".tag.demo").first).to_have_text("예시 데이터")

    page.get_by_label("기준일", exact=True).fill("2014-03-10")
    page.get_by_label("기준일", exact=True).press("Enter")
    occupancy = page.locator("#hub-occupancy")
    expect(occupancy.locator("tbody tr").nth(1)).to_contain_text("75.0%")      # desks: 6 of 8
    expect(occupancy.locator("tfoot")).to_contain_text("87.5%")               # 14 of 16
    expect(page.locator("#hub-tenant-summary")).to_contain_text("1,900,000원")
    expect(page.locator("#hub-tenant-summary dd").first).to_have_text("6곳")      # incubated teams
    expect(page.locator("#hub-projects")).to_contain_text("지역화폐 시범사업")
    shot(page, "coop-hub-1400")

    # desk 1 is let until 2014-12-31: a tenancy from 2014-12-01 overlaps
    form = page.locator("#let-space")
    form.get_by_label("공간", exact=True).select_option(label="공동사무실 1")
    form.get_by_label("입주 조직", exact=True).select_option(label="청년 창업팀 B (예시)")
    form.get_by_label("시작일").fill("2014-12-01")
    form.get_by_label("월 사용료(원)").fill("50000")
    form.get_by_label("월 사용료(원)").press("Enter")
    expect(page.locator("#let-space .error-summary")).to_contain_text(
        "이 공간은 그 기간 중 일부에 이미 입주 계약이 있습니다. (입주 2014-02-01 – 2014-12-31)")
    assert HubTenancy.objects.filter(space__hub=hub).count() == 14
    page.locator("#let-space").scroll_into_view_if_needed()
    shot(page, "coop-hub-refused-1400", full_page=False)
    form = page.locator("#let-space")
    form.get_by_label("공간", exact=True).select_option(label="공동사무실 7")
    form.get_by_label("시작일").fill("2014-03-01")
    form.get_by_label("월 사용료(원)").press("Enter")
    expect(page.locator(".message.success")).to_have_text("입주 계약을 기록했습니다.")
    expect(occupancy.locator("tfoot")).to_contain_text("93.8%")               # 15 of 16 = 93.75 %
    expect(page.locator("#hub-tenant-summary")).to_contain_text("1,950,000원")

    # a joint project with two tenants
    project = page.locator("#add-project")
    project.get_by_label("사업", exact=True).fill("공동 구매 (예시)")
    project.get_by_label("청년 창업팀 A (예시)").check()
    project.get_by_label("은평사회적경제특화사업단").check()
    project.get_by_role("button", name="추가").click()
    expect(page.locator("#hub-projects tr", has_text="공동 구매 (예시)")).to_contain_text("은평사회적경제특화사업단")

    # the shared rooms: 교육장 is booked 13:00–16:00 on 2014-03-10
    page.get_by_role("link", name="공용 회의실 예약").first.click()
    page.get_by_label("날짜", exact=True).fill("2014-03-10")
    page.get_by_label("날짜", exact=True).press("Enter")
    expect(page.locator("#hub-bookings tbody tr")).to_have_count(3)
    book = page.locator("#book-room")
    book.get_by_label("회의실").select_option(label="교육장")
    book.get_by_label("예약한 조직").select_option(label="풀뿌리 NPO 1 (예시)")
    book.get_by_label("일자").fill("2014-03-10")
    book.get_by_label("시작 시각").fill("15:00")
    book.get_by_label("종료 시각").fill("17:00")
    book.get_by_label("용도").fill("마을 기록 워크숍")
    book.get_by_label("용도").press("Enter")
    expect(page.locator("#book-room .error-summary")).to_contain_text("그 시간 중 일부에 이 회의실은 이미 예약되어 있습니다.")
    assert RoomBooking.objects.filter(space__hub=hub).count() == 3
    page.locator("#book-room").get_by_label("시작 시각").fill("16:00")
    page.locator("#book-room").get_by_label("용도").press("Enter")
    expect(page.locator(".message.success")).to_have_text("회의실을 예약했습니다.")
    expect(page.locator("#hub-bookings tbody tr")).to_have_count(4)
    expect(page.locator("#hub-bookings tbody tr").last).to_contain_text("마을 기록 워크숍")
    shot(page, "coop-hub-bookings-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-hub-bookings-390")
    assert page.locator("#hub-bookings tbody tr td").nth(1).evaluate(LINES) == 1       # 2014-03-10 10:00

    page.goto(f"{hub.get_absolute_url()}?as_of=2014-03-10")
    shot(page, "coop-hub-390")
    page.locator("#hub-occupancy").scroll_into_view_if_needed()
    shot(page, "coop-hub-390-occupancy", full_page=False)
    assert page.locator("#hub-occupancy tfoot td").last.evaluate(LINES) == 1
    assert page.locator("#hub-tenancies tbody tr td:nth-child(3)").first.evaluate(LINES) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
