"""The school healthy store end to end, by keyboard where a user would: from the cooperative list to the
독산고 store, read which rule each product breaks, add a product (a duplicate first), import a file with bad
cells (nothing written, each cell named) and then a good one, open the printable report and the XLSX;
screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


@pytest.fixture
def officer(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.datagen.demo.store import load_demo_store
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    store = load_demo_store()
    user = make_user("doksan", Role.ORGANISATION_STAFF, password="demo-password-1")
    store.cooperative.officers.add(user)
    return store


def test_healthy_store_walkthrough(page, shot, officer):
    from bombaram.cooperatives.models import StoreProduct

    store = officer
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("doksan")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    expect(page.locator(".who")).to_have_text("doksan")
    page.goto("/cooperatives/")
    page.get_by_role("link", name="학교 건강매점").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("학교 건강매점")
    page.get_by_role("link", name="독산고 건강매점").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("독산고 건강매점")

    summary = page.locator("#store-summary")
    expect(summary).to_contain_text("62.5%")
    expect(summary).to_contain_text("식품 24개 중 15개")
    expect(summary).to_contain_text("친환경 품목 2개가 더 필요합니다")
    expect(summary).to_contain_text("목록 30개 중 규칙에 어긋나는 품목 13개")
    products = page.locator("#store-products")
    cola = products.locator("tr", has_text="콜라")
    expect(cola).to_contain_text("판매 제한 품목")
    expect(cola).to_contain_text("고열량·저영양 식품")
    expect(cola).to_contain_text("당류 17g 초과, 단백질 2g 미만")
    expect(products.locator("tr", has_text="우리밀 크림빵")).to_contain_text("판매가 2,000원이 시중가 1,800원보다 200원 비쌉니다.")
    expect(products.locator("tr", has_text="볼펜")).to_contain_text("적합")
    expect(page.locator(".tag.demo").first).to_have_text("예시 데이터")
    shot(page, "coop-store-1400")

    # add a product: a duplicate name first → one Korean message, nothing written
    form = page.locator("#add-product")
    form.get_by_label("품목", exact=True).fill("콜라")
    form.get_by_label("구분", exact=True).select_option("food")
    form.get_by_label("판매가(원)").fill("900")
    form.get_by_label("시중가(원)").fill("1000")
    form.get_by_label("시중가(원)").press("Enter")
    expect(page.locator("#add-product .error-summary")).to_contain_text("이 매점에 같은 이름의 품목이 이미 있습니다.")
    assert StoreProduct.objects.filter(store=store).count() == 30
    form = page.locator("#add-product")
    form.get_by_label("품목", exact=True).fill("유기농 감귤")
    form.get_by_label("식품군").select_option("other")
    form.get_by_label("친환경 식품").check()
    form.get_by_label("시중가(원)").press("Enter")
    expect(page.locator(".message.success")).to_contain_text("유기농 감귤을(를) 추가했습니다.")
    expect(summary).to_contain_text("식품 25개 중 16개")     # 16/25 = 64 %: ⌈17.5⌉ − 16 = 2 still needed

    # import a file with bad cells: nothing written, each cell named by row and column
    bad = ("품목,구분,식품군,친환경,열량(kcal),단백질(g),포화지방(g),당류(g),판매가(원),시중가(원)\n"
           "유기농 찐감자,식품,기타,예,,,,,1000,1200\n"
           "새 과자,과자,간식용,예,abc,2,1,5,900,1000\n")
    page.locator("#id_i-file").set_input_files(files=[{"name": "품목.csv", "mimeType": "text/csv",
                                                       "buffer": bad.encode("utf-8")}])
    page.get_by_role("button", name="가져오기").click()
    expect(page.locator("#import-products .error-summary")).to_contain_text("아무것도 가져오지 않았습니다: 고쳐야 할 칸이 2개 있습니다")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("구분")
    expect(errors.nth(0)).to_contain_text("'식품' 또는 '비식품'으로 적어 주세요.")
    expect(errors.nth(1)).to_contain_text("열량(kcal)")
    assert not StoreProduct.objects.filter(name="유기농 찐감자").exists()
    page.locator("#import-products").scroll_into_view_if_needed()
    shot(page, "coop-store-import-error-1400", full_page=False)
    good = bad.replace("새 과자,과자,간식용,예,abc", "새 과자,식품,간식용,예,120")
    page.locator("#id_i-file").set_input_files(files=[{"name": "품목.csv", "mimeType": "text/csv",
                                                       "buffer": good.encode("cp949")}])
    page.get_by_role("button", name="가져오기").click()
    expect(page.locator(".message.success")).to_contain_text("품목 2개를 추가하고 0개를 고쳤습니다.")
    expect(summary).to_contain_text("식품 27개 중 18개")     # 18/27 = 66.7 %: ⌈18.9⌉ − 18 = 1
    expect(summary).to_contain_text("친환경 품목 1개가 더 필요합니다")

    # the printable report and the downloads
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    assert download.value.suggested_filename.endswith("-report.xlsx")
    page.get_by_role("link", name="인쇄용 보고서").click()
    expect(page.locator("h1")).to_contain_text("판매 품목 점검 보고서")
    failing = page.locator("#report-failing")
    expect(failing.locator("th[scope=rowgroup]", has_text="컵라면 (소컵)")).to_have_count(1)
    expect(failing).to_contain_text("나트륨 600mg 초과")
    shot(page, "coop-store-report-1400")
    page.emulate_media(media="print")
    shot(page, "coop-store-report-print-1400")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-store-report-390")
    page.go_back()
    page.goto(f"/cooperatives/stores/{store.pk}/")
    shot(page, "coop-store-390")
    page.locator("#store-products").scroll_into_view_if_needed()
    shot(page, "coop-store-390-products", full_page=False)
    price = page.locator("#store-products tbody tr td:nth-child(5)").first
    assert price.evaluate(LINES) == 1
    assert page.locator("#store-summary dd span.nowrap").first.evaluate(LINES) == 1       # 62.5% etc.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
