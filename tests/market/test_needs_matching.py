"""Needs (수요), the ranked suppliers with their reasons, the outcomes, who sees what, and 매칭 건수.

Suppliers are tests/procurement/conftest.py's: ㈜행복도시락 (성북, certified from 2014-06-15), 두레협동조합
(성북, general cooperative: never eligible in 성북), 늘봄사회적협동조합 (성북, social cooperative from
2013-01-10), 마포마을부엌 (마포, village enterprise from 2012-05-01).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from bombaram.market.models import MatchOutcome, Need, NeedBuyer, Product
from bombaram.market.queries import needs as queries
from bombaram.market.services import needs as services
from bombaram.procurement.models import PlanItem, Purchase, PurchasePlan
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.procurement.conftest import seongbuk  # noqa: F401  (the fixture)

D = dt.date


@pytest.fixture
def market(seongbuk, make_user):  # noqa: F811
    s = seongbuk
    s.products = {
        "haengbok": Product.objects.create(organisation=s.haengbok, name="어르신 도시락", category="goods", unit="개",
                                           price_won=6000, capacity_per_month=3000, description="노인 식사 배달"),
        "dureh": Product.objects.create(organisation=s.dureh, name="한식 도시락", category="goods", unit="개",
                                        price_won=7000, capacity_per_month=3000, description="단체 도시락 배달"),
        "neulbom": Product.objects.create(organisation=s.neulbom, name="사무실 청소 용역", category="services",
                                          unit="월", price_won=2_000_000, capacity_per_month=4,
                                          description="관공서 미화, 계단과 복도 청소"),
        "mapo": Product.objects.create(organisation=s.mapo, name="도시락 배달", category="goods", unit="개",
                                       price_won=6500, capacity_per_month=100, description="어르신 식사"),
        "soap": Product.objects.create(organisation=s.mapo, name="천연 비누", category="goods", unit="개",
                                       price_won=3000, description="폐식용유 재활용"),
    }
    s.officer = make_user("sb-welfare", Role.DEPARTMENT_OFFICER, department=s.welfare)
    s.other_officer = make_user("sb-culture", Role.DEPARTMENT_OFFICER, department=s.culture)
    s.centre = make_user("sb-centre", Role.CENTRE_ADMIN, district=s.institution.district)
    return s


JULY = D(2014, 7, 1)


def post(market, title="어르신 도시락 배달", on=JULY, **extra):
    values = dict(user=market.officer, poster="department", department=market.welfare, title=title, category="goods",
                  needed_on=on, contact_name="김담당", contact_phone="02-920-0000")
    values.update(extra)
    return services.post_need(**values)


def test_suggestions_are_ranked_with_their_reasons(market):
    need = post(market, quantity_per_month=200)
    found = queries.suggestions_for(need)
    names = [(s.product.organisation.name, s.product.name) for s in found]
    # 행복 and 마포 share 어르신·도시락·배달(+노인·식사); 두레 shares 도시락·배달; 비누 and 청소 share nothing.
    # 행복: 관내, eligible on 2014-07-01 (certified 06-15), capacity 3000 ≥ 200 → every bonus
    assert names[0] == ("㈜행복도시락", "어르신 도시락")
    assert {n for n, _p in names} == {"㈜행복도시락", "마포마을부엌", "두레협동조합"}
    best = found[0].match
    assert best.eligible and best.in_district and best.capacity_enough
    assert "관내" in best.reasons and "2014-07-01에 지정 유효(인증 사회적기업)" in best.reasons
    assert {"어르신", "도시락", "배달"} <= set(best.matched)
    mapo = next(s.match for s in found if s.product.organisation.name == "마포마을부엌")
    assert mapo.in_district is False and "관외" in mapo.reasons and mapo.capacity_enough is False  # 100 < 200
    dureh = next(s.match for s in found if s.product.organisation.name == "두레협동조합")
    assert not dureh.eligible and "일반 협동조합" in dureh.reasons[3] and "인정 대상 유형이 아닙니다" in dureh.reasons[3]


def test_designation_is_judged_on_the_needs_date(market):
    before = post(market, on=D(2014, 5, 1))  # 행복 certified only from 2014-06-15
    match = next(s.match for s in queries.suggestions_for(before) if s.product.organisation == market.haengbok)
    assert not match.eligible and "지정 전" in match.reasons[3]
    after = post(market, on=D(2014, 6, 15), title="어르신 도시락 배달 (6월)")
    match = next(s.match for s in queries.suggestions_for(after) if s.product.organisation == market.haengbok)
    assert match.eligible


def test_need_from_a_plan_item_and_a_group_purchase(market):
    plan = PurchasePlan.objects.create(department=market.welfare, year=2014)
    item = PlanItem.objects.create(plan=plan, item="청소 용역", category="services", planned_won=24_000_000)
    need = services.post_need_from_plan_item(user=market.officer, item=item)
    assert (need.title, need.category, need.budget_won, need.needed_on, need.plan_item) == (
        "청소 용역", "services", 24_000_000, D(2014, 7, 1), item)
    assert services.post_need_from_plan_item(user=market.officer, item=item) == need  # one need per item
    assert [s.product.name for s in queries.suggestions_for(need)] == ["사무실 청소 용역"]
    with pytest.raises(PermissionDenied):
        item2 = PlanItem.objects.create(plan=plan, item="도시락", category="goods", planned_won=1_000_000)
        services.post_need_from_plan_item(user=market.other_officer, item=item2)

    # 강북's school uniforms (report: 5,500 students, 22억원): the centre posts it for the district's schools
    gangbuk = District.objects.get(code="11305")
    buyers = [("강북중학교", 1_500, 600_000_000), ("삼각산고등학교", 2_000, 800_000_000), ("영훈고등학교", 2_000, 800_000_000)]
    with pytest.raises(PermissionDenied):  # 성북's centre does not post for 강북
        services.post_need(user=market.centre, poster="group", district=gangbuk, title="교복 공동구매",
                           category="goods", needed_on=D(2014, 2, 1), group_name="강북구 교복 공동구매", buyers=buyers)
    city = market.centre.__class__.objects.create_user("city", password="x")
    from bombaram.web.services import assign_role
    assign_role(user=city, role=Role.CENTRE_ADMIN)
    group = services.post_need(user=city, poster="group", district=gangbuk, title="교복 공동구매", category="goods",
                               needed_on=D(2014, 2, 1), group_name="강북구 교복 공동구매", buyers=buyers)
    # 1,500 + 2,000 + 2,000 = 5,500 students; 6억 + 8억 + 8억 = 22억원
    assert (group.quantity, group.budget_won) == (5_500, 2_200_000_000)
    assert NeedBuyer.objects.filter(need=group).count() == 3


def test_bad_input_gets_one_korean_message_and_writes_nothing(market):
    with pytest.raises(services.NeedError, match="필요한 물품이나 서비스"):
        post(market, title="   ")
    with pytest.raises(services.NeedError, match="알 수 없는 구분"):
        post(market, category="food")
    with pytest.raises(services.NeedError, match="구매자 2번째 줄"):
        services.post_need(user=market.centre, poster="group", district=market.institution.district, title="교복",
                           category="goods", needed_on=D(2014, 2, 1), group_name="공동구매",
                           buyers=[("가학교", 10, None), ("나학교", 0, None)])
    with pytest.raises(PermissionDenied):
        post(market, user=market.other_officer)  # another department's officer
    assert Need.objects.count() == 0 and NeedBuyer.objects.count() == 0


def test_outcomes_and_the_purchase_link(market):
    need = post(market)
    services.record_outcome(user=market.officer, need=need, supplier=market.haengbok, outcome="contracted",
                            recorded_on=D(2014, 7, 3), product=market.products["haengbok"])
    bought = Purchase.objects.create(institution=market.institution, department=market.welfare, purchased_on=D(2014, 7, 10),
                                     supplier=market.haengbok, supplier_name="㈜행복도시락", item="도시락",
                                     category="goods", amount_won=1_200_000, counted=True)
    elsewhere = Purchase.objects.create(institution=market.institution, department=market.culture,
                                        purchased_on=D(2014, 7, 10), supplier=market.haengbok,
                                        supplier_name="㈜행복도시락", item="도시락", category="goods",
                                        amount_won=500_000, counted=True)
    with pytest.raises(services.NeedError, match="수요를 올린 부서의 구매 건만"):
        services.record_outcome(user=market.officer, need=need, supplier=market.haengbok, outcome="purchase_record",
                                recorded_on=D(2014, 7, 10), purchase=elsewhere)
    with pytest.raises(services.NeedError, match="공급자가 이 공급자가 아닙니다"):
        services.record_outcome(user=market.officer, need=need, supplier=market.mapo, outcome="purchase_record",
                                recorded_on=D(2014, 7, 10), purchase=bought)
    with pytest.raises(PermissionDenied):
        services.record_outcome(user=market.other_officer, need=need, supplier=market.haengbok,
                                outcome="contacted", recorded_on=D(2014, 7, 1))
    services.record_outcome(user=market.officer, need=need, supplier=market.haengbok, outcome="purchase_record",
                            recorded_on=D(2014, 7, 10), purchase=bought)
    with pytest.raises(services.NeedError, match="이미 기록"):
        services.record_outcome(user=market.officer, need=need, supplier=market.haengbok, outcome="contracted",
                                recorded_on=D(2014, 7, 4))
    assert list(need.outcomes.values_list("outcome", "purchase_id")) == [("contracted", None),
                                                                         ("purchase_record", bought.pk)]
    assert AuditEvent.objects.filter(name="market.need.outcome_recorded").count() == 2
    assert queries.matches_count(market.institution.district, 2014) == 1


def test_who_sees_what(market):
    need = post(market, contact_email="welfare@sb.go.kr")
    public = Client().get(f"/market/needs/{need.pk}/").content.decode()
    assert "어르신 도시락 배달" in public and "02-920-0000" not in public and "김담당" not in public
    assert "결과 기록" not in public
    officer = Client()
    officer.force_login(market.officer)
    page = officer.get(f"/market/needs/{need.pk}/").content.decode()
    assert "02-920-0000" in page and "결과 기록" in page and "㈜행복도시락" in page
    other = Client()
    other.force_login(market.other_officer)
    assert "02-920-0000" not in other.get(f"/market/needs/{need.pk}/").content.decode()
    response = other.post(f"/market/needs/{need.pk}/outcome/", {"supplier": market.haengbok.pk, "outcome": "contacted",
                                                                "recorded_on": "2014-07-02"})
    assert response.status_code == 404 and not MatchOutcome.objects.exists()
    services.close_need(user=market.officer, need=need)
    assert Client().get(f"/market/needs/{need.pk}/").status_code == 404
    assert "어르신 도시락 배달" not in Client().get("/market/needs/").content.decode()
    assert "어르신 도시락 배달" in officer.get("/market/needs/").content.decode()
    assert other.get(f"/market/needs/{need.pk}/").status_code == 404


def test_posting_through_the_form(market):
    officer = Client()
    officer.force_login(market.officer)
    bad = officer.post("/market/needs/new/", {"department": market.welfare.pk, "title": "", "category": "goods",
                                              "needed_on": "2014-07-01"})
    assert bad.status_code == 200 and "필수 항목" in bad.content.decode() and not Need.objects.exists()
    forged = officer.post("/market/needs/new/", {"department": market.culture.pk, "title": "청소", "category": "services",
                                                 "needed_on": "2014-07-01"})
    assert forged.status_code == 200 and not Need.objects.exists()  # not one of the officer's departments
    ok = officer.post("/market/needs/new/", {"department": market.welfare.pk, "title": "사무실청소 맡길 곳",
                                             "category": "services", "needed_on": "2014-07-01"})
    need = Need.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/market/needs/{need.pk}/"
    assert need.department == market.welfare and need.district == market.institution.district
    assert Client().get("/market/needs/new/").status_code == 302  # login first


def test_gap_view_and_its_exports(market):
    met = post(market)  # 행복도시락 meets it
    unmet = post(market, title="드론 항공 촬영", category="services")  # nobody offers it
    Purchase.objects.create(institution=market.institution, department=market.welfare, purchased_on=D(2014, 3, 1),
                            supplier=market.dureh, supplier_name="두레협동조합", item="도시락", category="goods",
                            amount_won=300_000)
    page = Client().get("/market/gaps/?year=2014").content.decode()
    assert "드론 항공 촬영" in page and f"/market/needs/{met.pk}/" not in page
    assert "어떤 제품과도 일치하는 낱말이 없음" in page
    # idle supply: 두레 sold to a department, no supplier matched yet → 행복, 늘봄, 마포 (도시락 배달, 천연 비누)
    unmet_list, idle = queries.gaps(year=2014)
    assert [u.need for u in unmet_list] == [unmet]
    assert {p.name for p in idle} == {"어르신 도시락", "사무실 청소 용역", "도시락 배달", "천연 비누"}
    services.record_outcome(user=market.officer, need=met, supplier=market.mapo, outcome="contacted",
                            recorded_on=D(2014, 7, 2))
    _unmet, idle = queries.gaps(year=2014)
    assert {p.name for p in idle} == {"어르신 도시락", "사무실 청소 용역"}
    csv_text = Client().get("/market/gaps/export.csv?year=2014").content.decode("utf-8-sig")
    assert "드론 항공 촬영" in csv_text and "사무실 청소 용역" in csv_text
    xlsx = Client().get("/market/gaps/export.xlsx?year=2014")
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "드론 항공 촬영" in cells and "사무실 청소 용역" in cells
    assert Client().get("/market/gaps/export.pdf?year=2014").status_code == 404


def test_need_list_runs_the_same_queries_whatever_the_rows(market):
    officer = Client()
    officer.force_login(market.officer)
    for n in range(2):
        post(market, title=f"도시락 {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert officer.get("/market/needs/").status_code == 200
    for n in range(2, 12):
        post(market, title=f"도시락 {n}")
    with CaptureQueriesContext(connection) as many:
        page = officer.get("/market/needs/").content.decode()
    assert "도시락 11" in page and len(many) == len(few)
