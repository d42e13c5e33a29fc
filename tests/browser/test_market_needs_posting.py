"""An organisation's staff post its need in a real browser, through 시장 → 수요·매칭; the form refuses an empty
title in Korean; the need's page ranks suppliers. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"


@pytest.fixture
def world(transactional_db, reference, make_user):
    from bombaram.market.models import Product
    from tests.market.catalogue_world import build

    w = build(make_user)
    Product.objects.create(organisation=w.clean, name="사무실 청소 용역", category="services", unit="월",
                           price_won=2_000_000, capacity_per_month=4, description="사무실과 계단 청소")
    from bombaram.core.market_match import tokenise

    tokenise("예열")  # Kiwi's model loads once per process (seconds on a busy machine): before the pages time out
    return w


def test_staff_post_their_organisations_need(page, shot, world):
    from bombaram.market.models import Need

    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("dosirak-staff")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_label("비밀번호").press("Enter")
    page.wait_for_load_state()
    page.locator("nav.gnb").get_by_role("link", name="시장").click()
    page.locator("nav.subnav").get_by_role("link", name="수요·매칭").click()
    page.get_by_role("link", name="우리 조직의 수요 등록").click()
    expect(page.locator("h1")).to_have_text("우리 조직의 수요 등록")
    organisation = page.get_by_label("조직", exact=True)
    expect(organisation.locator("option")).to_have_text(["행복도시락"])  # its own organisation only
    page.get_by_label("필요일").fill("2014-09-01")
    page.get_by_role("button", name="수요 등록하기").click()
    expect(page.locator(".field-title .field-error")).to_contain_text("필수 항목")
    assert not Need.objects.exists()
    page.get_by_label("필요한 물품·서비스").fill("주방 청소 용역")
    page.get_by_label("구분").select_option("services")
    page.get_by_label("월 수량", exact=True).fill("1")
    page.get_by_label("담당자", exact=True).fill("김도시")
    page.evaluate("document.fonts.ready")
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"market-need-organisation-form-{width}")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("button", name="수요 등록하기").click()
    expect(page.locator("h1")).to_have_text("주방 청소 용역")
    need = Need.objects.get()
    assert (need.poster, need.organisation.name, need.district.code, need.needed_on) == (
        "organisation", "행복도시락", "11290", dt.date(2014, 9, 1))
    expect(page.locator("li.suggestion").first).to_contain_text("사무실 청소 용역")
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"market-need-organisation-posted-{width}")
