"""The citizens' procurement pages in a real browser: the published plan and a monthly disclosure."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import fonts_used


@pytest.fixture
def published(transactional_db, reference, make_user):
    """성북 (illustrative): an approved and published 2015 plan, March 2015 published and corrected once."""
    from bombaram.procurement.models import (
        Department,
        DepartmentTarget,
        Institution,
        Purchase,
        YearTarget,
    )
    from bombaram.procurement.services import plans
    from bombaram.procurement.services.disclosures import publish_month
    from bombaram.registry.models import District, Organisation
    from bombaram.web.choices import Role

    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk, illustrative=True)
    jobs = Department.objects.create(institution=institution, code="jobs", name="일자리경제과")
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    YearTarget.objects.create(institution=institution, year=2015, target_won=2_500_000_000)
    DepartmentTarget.objects.create(department=jobs, year=2015, target_won=300_000_000)
    DepartmentTarget.objects.create(department=welfare, year=2015, target_won=200_000_000)
    sunny = Organisation.objects.create(name="㈜행복도시락", name_key="행복도시락", district=seongbuk, illustrative=True)
    spring = Organisation.objects.create(name="늘봄사회적협동조합", name_key="늘봄사회적협동조합", illustrative=True)
    division = make_user("sebu", Role.CENTRE_ADMIN, district=seongbuk)
    for department, items in [
        (jobs, [("친환경 복사용지", "goods", 12_000_000, [sunny]), ("행사 도시락", "services", 3_500_000, [sunny, spring])]),
        (welfare, [("경로당 보수", "construction", 40_000_000, []), ("돌봄 물품", "goods", 8_000_000, [spring])]),
    ]:
        officer = make_user(f"officer-{department.code}", Role.DEPARTMENT_OFFICER, department=department)
        plan = plans.create_plan(user=officer, department=department, year=2015)
        for item, category, amount, candidates in items:
            plans.add_plan_item(user=officer, plan=plan, item=item, category=category, planned_won=amount,
                                candidates=candidates)
        plans.submit_plan(user=officer, plan=plan)
        plans.approve_plan(user=division, plan=plan)
    plans.publish_plan(user=division, institution=institution, year=2015)

    rows = [
        (jobs, 2, "㈜행복도시락", "친환경 복사용지", "goods", 1_200_000, True, True, False, ""),
        (welfare, 9, "늘봄사회적협동조합", "돌봄 물품", "goods", 640_000, True, False, True, ""),
        (jobs, 15, "㈜행복도시락", "행사 도시락", "services", 800_000, True, True, False, ""),
        (welfare, 23, "큰회사", "사무용 의자", "goods", 2_000_000, False, None, False, "사회적경제 조직 등록부에 없는 업체입니다"),
    ]
    for department, day, supplier, item, category, amount, counted, in_district, indirect, why in rows:
        Purchase.objects.create(institution=institution, department=department, purchased_on=dt.date(2015, 3, day),
                                supplier_name=supplier, item=item, category=category, amount_won=amount,
                                counted=counted, not_counted_reason=why, in_district=in_district, indirect=indirect)
    publish_month(user=division, institution=institution, year=2015, month=3)
    Purchase.objects.filter(item="사무용 의자").update(amount_won=1_000_000)
    publish_month(user=division, institution=institution, year=2015, month=3, reason="사무용 의자 금액 입력 오류 정정")
    return institution


def test_public_plan_and_monthly_disclosure(page, shot, published):
    page.goto("/purchase/public/plans/seongbuk/2015/")
    expect(page.locator("h1")).to_contain_text("성북구청")
    expect(page.locator(".notice.demo")).to_contain_text("예시 데이터")
    # 12,000,000 + 3,500,000 + 40,000,000 + 8,000,000 = 63,500,000
    expect(page.locator(".figures")).to_contain_text("63,500,000")
    expect(page.locator("main")).to_contain_text("경로당 보수")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "h1")) == {"Pretendard GOV"}
    shot(page, "procurement-plan")

    page.goto("/purchase/public/disclosures/seongbuk/2015/3/")
    # 1,200,000 + 640,000 + 800,000 + 1,000,000 = 3,640,000; counted 2,640,000 → 72.5 %
    expect(page.locator(".figures")).to_contain_text("3,640,000")
    expect(page.locator(".figures")).to_contain_text("2,640,000")
    expect(page.locator(".figures")).to_contain_text("72.5")
    expect(page.locator("#versions-title")).to_be_visible()
    expect(page.locator("main")).to_contain_text("사무용 의자 금액 입력 오류 정정")
    page.evaluate("document.fonts.ready")
    assert set(fonts_used(page, "table.data tbody td")) == {"Pretendard GOV"}
    shot(page, "procurement-disclosure")

    page.locator("a[href='?version=1']").click()
    expect(page.locator(".figures")).to_contain_text("4,640,000")
    expect(page.locator(".notice.demo").last).to_be_visible()



def test_division_sets_the_plans_deadline_on_the_plan_list(page, shot, published):
    """The 사회적경제과 sees each year's plans with their deadline and sets it; plans submitted after it
    are marked late."""
    from bombaram.procurement.models import PurchasePlan

    page.goto("/accounts/login/?next=/purchase/plans/")
    page.get_by_label("아이디").fill("sebu")
    page.get_by_label("비밀번호").fill("correct-horse-battery")
    page.keyboard.press("Enter")
    year_2015 = page.get_by_role("region", name="성북구청 · 2015년 구매계획")
    due = year_2015.get_by_label("계획 제출 기한")
    expect(due).to_have_value("2014-12-31")  # none set: the end of the year before
    expect(year_2015.locator("tbody")).to_contain_text("늦게 제출")  # submitted today, long after
    due.fill("2015-01-30")
    year_2015.get_by_role("button", name="기한 저장").click()
    expect(page.locator(".messages")).to_contain_text("2015년 구매계획의 제출 기한을 정했습니다: 2015-01-30 (지금까지 시작한 계획 2건에 적용)")
    expect(year_2015.get_by_label("계획 제출 기한")).to_have_value("2015-01-30")
    assert {p.due_on.isoformat() for p in PurchasePlan.objects.all()} == {"2015-01-30"}

    # next year's deadline, before any department has started a plan: the year appears with it
    panel = page.get_by_role("region", name="연도별 계획 제출 기한 정하기")
    panel.get_by_label("회계연도").fill("2016")
    panel.get_by_label("계획 제출 기한").fill("2016-01-29")
    panel.get_by_role("button", name="기한 저장").click()
    year_2016 = page.get_by_role("region", name="성북구청 · 2016년 구매계획")
    expect(year_2016.get_by_label("계획 제출 기한")).to_have_value("2016-01-29")
    expect(year_2016).to_contain_text("아직 이 연도의 계획을 시작한 부서가 없습니다")
    page.evaluate("document.fonts.ready")
    shot(page, "procurement-plan-list")
