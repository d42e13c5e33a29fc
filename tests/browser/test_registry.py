"""Upload → preview → confirm in a real browser, then find the organisation in the directory."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used
from tests.registry.files import BN_A, BN_B, cp949_csv


@pytest.fixture
def admin(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    return make_user("centre", Role.CENTRE_ADMIN, password="demo-password-1")


def login(page, username="centre", password="demo-password-1"):
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator(".who")).to_have_text(username)


def test_upload_preview_confirm_and_find_in_directory(page, shot, admin, tmp_path):
    bad_check = BN_B[:-1] + str((int(BN_B[-1]) + 1) % 10)
    path = cp949_csv(tmp_path / "서울형예비사회적기업_2014.csv",
                     ["번호", "기업명", "사업자등록번호", "소재지", "업종", "지정일", "지정번호"],
                     [["1", "㈜마을밥상", BN_A, "서울특별시 성북구 종암로 25", "식음료", "2013.12.8", "서울형-2013-101"],
                      ["2", "늘푸른돌봄", bad_check, "서울 노원구 상계로 1", "복지", "2013-06-01", "서울형-2013-055"],
                      ["3", "", "", "서울 중구 세종대로 110", "교육", "2013-02-30", ""]])
    login(page)
    page.goto("/organisations/")
    page.get_by_role("link", name="목록 가져오기").click()
    page.get_by_label("목록 파일 (CSV, XLSX 또는 JSON)").set_input_files(str(path))
    page.get_by_label("이 목록의 지정 유형").select_option("seoul_pre_se")
    page.get_by_label("목록 기준일").fill("2014-01-31")
    page.get_by_role("button", name="파일 검사").click()
    expect(page.locator("h1")).to_have_text("서울형예비사회적기업_2014.csv")
    expect(page.locator("table.errors")).to_contain_text("기업명이 비어 있습니다")
    expect(page.locator("body")).to_contain_text("검증 숫자가 맞지 않습니다")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "table.errors tbody td:last-child")) == {"Pretendard GOV"}
    shot(page, "registry-import-preview")
    page.get_by_label("아래 경고 1건을 확인했습니다.").check()
    page.get_by_role("button", name="올바른 행만 반영").click()
    expect(page.locator(".message.success")).to_have_text("등록부에 반영했습니다.")
    shot(page, "registry-import-written")

    page.goto("/organisations/")
    page.get_by_label("이름 또는 번호로 검색").fill("밥상")
    expect(page.locator("#results")).to_contain_text("㈜마을밥상")
    expect(page.locator("#results")).not_to_contain_text("늘푸른돌봄")
    assert "q=" in page.url  # htmx pushes the search into the address
    shot(page, "registry-directory")
    page.get_by_role("link", name="㈜마을밥상").click()
    expect(page.locator("h1")).to_contain_text("㈜마을밥상")
    expect(page.locator("figure.timeline svg rect")).to_have_count(1)
    shot(page, "registry-organisation")
