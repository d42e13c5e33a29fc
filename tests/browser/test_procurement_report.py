"""The annual purchase report and the record form in Chromium, with screenshots."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used


@pytest.fixture
def demo(transactional_db, reference, make_user):
    from bombaram.datagen.demo.procurement import load_demo_procurement
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.procurement.models import Department
    from bombaram.web.choices import Role

    load_demo_registry()
    load_demo_procurement()
    make_user("officer", Role.DEPARTMENT_OFFICER, password="demo-password-1",
              department=Department.objects.get(institution__code="seongbuk", code="general"))


def test_annual_report_page(page, shot, demo):
    page.goto("/purchase/")
    page.get_by_role("link", name="2014년 구매실적 보고서").click()
    expect(page.locator("h1")).to_contain_text("성북구청")
    expect(page.locator(".notice.demo")).to_contain_text("예시 데이터")
    expect(page.locator(".figures")).to_contain_text("25억원")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "h1")) == {"Pretendard GOV"}
    shot(page, "procurement-report")


def test_officer_records_a_purchase_for_their_own_department(page, shot, demo):
    """The officer sees only their own department, fills the form and the purchase is recorded as counted."""
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("officer")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_role("button", name="로그인").click()
    page.goto("/purchase/purchases/new/")
    options = page.locator("select[name=department] option").all_inner_texts()
    assert [o for o in options if o.strip() and not o.startswith("-")] == ["총무과"]
    page.evaluate("document.fonts.ready")
    shot(page, "procurement-purchase-form")

    # a certified social enterprise of 성북 that held its designation on the purchase date
    import datetime as dt

    from django.db.models import Q

    from bombaram.procurement.models import Purchase
    from bombaram.registry.models import Organisation

    day = dt.date(2014, 7, 1)
    supplier = (Organisation.objects.filter(district__code="11290", designations__type__code="certified_se",
                                            designations__granted__lte=day)
                .filter(Q(designations__ended__isnull=True) | Q(designations__ended__gt=day)).order_by("pk").first())
    before = Purchase.objects.count()
    page.get_by_label("구매일자").fill(day.isoformat())
    page.get_by_label("공급업체").fill(supplier.name)
    page.get_by_label("품목").fill("행사 도시락")
    page.get_by_label("금액 (원)").fill("120만원")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages")).to_contain_text("등록했습니다. 사회적경제제품 구매로 인정됩니다.")
    assert Purchase.objects.count() == before + 1
    recorded = Purchase.objects.latest("pk")
    assert (recorded.supplier_id, recorded.amount_won, recorded.counted, recorded.department.code) == (
        supplier.pk, 1_200_000, True, "general")


def test_district_head_page_with_the_weights(page, shot, demo, make_user):
    from bombaram.registry.models import District
    from bombaram.web.choices import Role

    make_user("head", Role.CENTRE_ADMIN, password="demo-password-1", district=District.objects.get(code="11290"))
    page.goto("/accounts/login/?next=/purchase/evaluation/seongbuk/2014/")
    page.get_by_label("아이디").fill("head")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.keyboard.press("Enter")
    expect(page.locator(".lead")).to_contain_text("달성률 50, 계획 기한 준수 20, 타당한 예외 15, 공급업체 다양성 15")
    page.get_by_text("가중치 바꾸기").click()
    page.get_by_label("달성률").fill("40")
    page.get_by_label("공급업체 다양성").fill("25")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages")).to_contain_text("가중치를 저장했습니다")
    expect(page.locator(".lead")).to_contain_text("달성률 40, 계획 기한 준수 20, 타당한 예외 15, 공급업체 다양성 25")
    page.evaluate("document.fonts.ready")
    shot(page, "procurement-evaluation", full_page=False)


def test_officer_corrects_a_published_purchase_and_the_division_publishes_the_correction(page, shot, demo, make_user):
    """The officer corrects an amount from the list (the month was published: the page says so); the
    사회적경제과 finds the month under 공시 뒤에 바뀐 달 and publishes a correction as version 2."""
    from bombaram.datagen.demo.procurement import publish_demo_disclosures
    from bombaram.procurement.models import Disclosure, Purchase
    from bombaram.registry.models import District
    from bombaram.web.choices import Role

    division = make_user("division", Role.CENTRE_ADMIN, password="demo-password-1",
                         district=District.objects.get(code="11290"))
    publish_demo_disclosures(division)  # 2014's twelve months, as the demonstration has them
    newest = Purchase.objects.filter(department__code="general", institution__code="seongbuk").order_by(
        "-purchased_on", "-id").first()
    year, month = newest.purchased_on.year, newest.purchased_on.month
    page.goto("/accounts/login/?next=/purchase/purchases/")
    page.get_by_label("아이디").fill("officer")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.keyboard.press("Enter")
    page.get_by_label("월", exact=True).fill(f"{year}-{month:02d}")  # find it as an officer would
    page.get_by_label("업체명 또는 품목").fill(newest.supplier_name)
    page.get_by_label("업체명 또는 품목").press("Enter")
    expected = Purchase.objects.filter(department=newest.department, purchased_on__year=year, purchased_on__month=month,
                                       supplier_name__icontains=newest.supplier_name).count()
    expect(page.locator(".result-count")).to_have_text(f"구매실적 {expected:,}건")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(newest.supplier_name)
    assert all(newest.supplier_name in text for text in rows.all_inner_texts())
    page.evaluate("document.fonts.ready")
    shot(page, "procurement-purchase-list-filtered", full_page=False)
    rows.first.get_by_role("link", name="정정").click()
    expect(page.locator("h1")).to_have_text("구매실적 정정")
    expect(page.locator("p.notice")).to_contain_text(f"{year}년 {month}월은 이미 공시했습니다")
    amount = page.get_by_label("금액 (원)")
    expect(amount).to_have_value(f"{newest.amount_won:,}")
    amount.fill(f"{newest.amount_won + 10_000:,}")
    page.get_by_label("정정 사유", exact=True).fill("영수증 금액과 달라 고칩니다.")
    page.evaluate("document.fonts.ready")
    shot(page, "procurement-purchase-correct")
    page.get_by_role("button", name="정정 저장").click()
    expect(page.locator(".messages")).to_contain_text("정정했습니다.")
    expect(page.locator(".messages")).to_contain_text(f"{year}년 {month}월은 이미 공시했습니다")
    expect(page.locator("tbody tr").first).to_contain_text("정정됨")
    assert Purchase.objects.get(pk=newest.pk).amount_won == newest.amount_won + 10_000

    page.get_by_role("button", name="로그아웃").click()
    page.goto("/accounts/login/?next=/purchase/disclosures/")
    page.get_by_label("아이디").fill("division")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.keyboard.press("Enter")
    changed = page.locator("section", has=page.get_by_role("heading", name="공시 뒤에 바뀐 달"))
    expect(changed.locator("tbody tr")).to_have_count(1)
    shot(page, "procurement-disclosure-changed")
    changed.get_by_role("link", name="정정 공시").click()
    expect(page.get_by_label("월", exact=True)).to_have_value(str(month))
    page.get_by_label("정정 사유").fill("총무과 구매 금액 정정")
    page.get_by_role("button", name="공시하기").click()
    expect(page.locator(".messages")).to_contain_text("제2판")
    assert Disclosure.objects.filter(institution__code="seongbuk", year=year, month=month).count() == 2
    page.goto("/purchase/disclosures/")
    expect(page.get_by_role("heading", name="공시 뒤에 바뀐 달")).to_have_count(0)
