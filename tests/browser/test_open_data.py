"""Open data where people look: the monthly disclosure's download links give the files a person
saves, and the publication policy the OCDS files link to reads on a desk and on a phone."""

import csv
import io
import json

import pytest
from playwright.sync_api import expect


@pytest.fixture
def published(transactional_db, reference, make_user):
    import datetime as dt

    from bombaram.procurement.models import Department, Institution
    from bombaram.procurement.services.disclosures import publish_month
    from bombaram.procurement.services.plans import (
        add_plan_item,
        approve_plan,
        create_plan,
        publish_plan,
        submit_plan,
    )
    from bombaram.procurement.services.purchases import record_purchase
    from bombaram.registry.models import District
    from bombaram.web.choices import Role
    from tests.procurement.conftest import make_org

    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    make_org("늘봄사회적협동조합", "2038200031", "11290", ("social_cooperative", dt.date(2013, 1, 10), None))
    officer = make_user("officer", Role.DEPARTMENT_OFFICER, department=welfare)
    division = make_user("division", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    for day, amount in ((3, 12_400_000), (21, 9_000_000)):
        record_purchase(user=officer, department=welfare, purchased_on=dt.date(2014, 7, day),
                        supplier_name="늘봄사회적협동조합", item="청소 용역", category="services", amount_won=amount,
                        contract_method="private_contract")
    publish_month(user=division, institution=institution, year=2014, month=7, today=dt.date(2015, 1, 20))
    plan = create_plan(user=officer, department=welfare, year=2015)
    add_plan_item(user=officer, plan=plan, item="도시락", category="goods", planned_won=3_000_000)
    submit_plan(user=officer, plan=plan)
    approve_plan(user=division, plan=plan)
    publish_plan(user=division, institution=institution, year=2015)


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).first.click()
    return open(info.value.path(), "rb").read()


def test_the_monthly_disclosure_downloads_what_it_shows(page, shot, published):
    page.goto("/purchase/public/disclosures/seongbuk/2014/7/")
    expect(page.locator(".downloads")).to_contain_text("CSV")
    data = _download(page, "CSV")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r[5] for r in rows[1:]] == ["12400000", "9000000"]
    package = json.loads(_download(page, "OCDS"))
    assert sorted(r["awards"][0]["value"]["amount"] for r in package["releases"]) == [9_000_000, 12_400_000]
    assert _download(page, "XLSX").startswith(b"PK")  # a workbook (zip)
    shot(page, "open-data-monthly-disclosure")


@pytest.mark.parametrize("width", [1400, 390])
def test_the_publication_policy_reads_on_desk_and_phone(browser, live_server, published, shot, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR", base_url=live_server.url,
                                  is_mobile=width < 500)
    page = context.new_page()
    try:
        page.goto("/purchase/public/plans/seongbuk/2015/")
        package = json.loads(_download(page, "OCDS"))
        policy = package["publicationPolicy"]
        assert policy.endswith("/purchase/open-data/")
        page.goto(policy)
        expect(page.locator("h1")).to_have_text("공공구매 공개 데이터 정책")
        expect(page.locator("#corrections")).to_contain_text("cancelled")
        page.evaluate("document.fonts.ready")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width  # nothing runs off sideways
        shot(page, f"open-data-policy-{width}")
    finally:
        context.close()
