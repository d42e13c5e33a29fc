"""The registry's upload names the district of a one-district list in a real browser: a road-only row of a
당진시 list is placed in 당진시 through preview and confirm. Screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


@pytest.fixture
def admin(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    return make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1")


def test_a_road_only_list_is_placed_in_the_district_the_officer_names(page, shot, admin, tmp_path):
    from bombaram.registry.models import Organisation

    path = tmp_path / "당진시_사회적기업_2024.csv"
    path.write_text("기업명,소재지,업종,인증일\n반촌나눔,반촌로 27-20,일반제조,2019.03.02\n", encoding="utf-8")
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("centre")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    page.goto("/organisations/")
    page.get_by_role("link", name="목록 가져오기").click()
    page.get_by_label("목록 파일 (CSV, XLSX 또는 JSON)").set_input_files(str(path))
    page.get_by_label("이 목록의 지정 유형").select_option("certified_se")
    page.get_by_label("목록 기준일").fill("2024-06-30")
    district = page.get_by_label("이 목록의 시군구 (선택)")
    # a plain <select> grouped by 시도: the keyboard and every browser can use it without JavaScript
    assert district.evaluate("el => el.tagName") == "SELECT"
    assert district.locator("optgroup[label='충청남도'] option[value='44270']").inner_text() == "당진시"
    district.focus()
    district.select_option("44270")
    expect(district).to_have_value("44270")
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the long select fits
        shot(page, f"registry-import-district-form-{width}")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("button", name="파일 검사").click()
    expect(page.locator("h1")).to_have_text("당진시_사회적기업_2024.csv")
    expect(page.locator(".status-line")).to_contain_text("이 목록의 시군구: 충청남도 당진시")
    expect(page.locator("table.errors")).to_have_count(0)
    page.evaluate("document.fonts.ready")
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        values = page.locator(".figure-value")
        assert all(values.nth(i).evaluate(LINES) == 1 for i in range(values.count()))  # no figure wraps
        shot(page, f"registry-import-district-preview-{width}")
    page.get_by_role("button", name="등록부에 반영").click()
    expect(page.locator(".message.success")).to_have_text("등록부에 반영했습니다.")
    placed = Organisation.objects.select_related("district").get(name="반촌나눔")
    assert (placed.district.code, placed.district.name_ko, placed.address) == ("44270", "당진시", "반촌로 27-20")
