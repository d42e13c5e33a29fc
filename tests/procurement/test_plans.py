"""Purchase plans: the state machine, who may see and change what, the audit trail, the published plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bombaram.procurement import queries
from bombaram.procurement.choices import PlanStatus
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Disclosure,
    Institution,
    PlanDeadline,
    PlanItem,
    PurchasePlan,
    YearTarget,
)
from bombaram.procurement.services.disclosures import DisclosureError
from bombaram.procurement.services.plans import (
    PlanError,
    add_plan_item,
    approve_plan,
    create_plan,
    publish_plan,
    remove_plan_item,
    return_plan,
    set_due,
    submit_plan,
)
from bombaram.registry.models import District, Organisation
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

BN_SUNNY = "1248100998"


@pytest.fixture
def seongbuk(reference):
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    jobs = Department.objects.create(institution=institution, code="jobs", name="일자리경제과")
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    Department.objects.create(institution=institution, code="culture", name="문화체육과")
    YearTarget.objects.create(institution=institution, year=2015, target_won=2_500_000_000)
    DepartmentTarget.objects.create(department=jobs, year=2015, target_won=300_000_000)
    DepartmentTarget.objects.create(department=welfare, year=2015, target_won=200_000_000)
    DepartmentTarget.objects.create(department=Department.objects.get(code="culture"), year=2015, target_won=100_000_000)
    Organisation.objects.create(name="㈜행복도시락", name_key="행복도시락", business_no=BN_SUNNY)
    Organisation.objects.create(name="늘봄사회적협동조합", name_key="늘봄사회적협동조합")
    return institution


@pytest.fixture
def people(seongbuk, make_user):
    return {
        "jobs": make_user("jobs", Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="jobs")),
        "welfare": make_user("welfare", Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="welfare")),
        "division": make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")),
        "mapo": make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")),
    }


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _plan(code: str, user, items) -> PurchasePlan:
    plan = create_plan(user=user, department=Department.objects.get(code=code), year=2015)
    for item, category, amount, candidates in items:
        add_plan_item(user=user, plan=plan, item=item, category=category, planned_won=amount,
                      candidates=[_org(n) for n in candidates])
    return plan


JOBS_ITEMS = [("친환경 복사용지", "goods", 12_000_000, ["㈜행복도시락"]),
              ("행사 도시락", "services", 3_500_000, ["㈜행복도시락", "늘봄사회적협동조합"])]
WELFARE_ITEMS = [("경로당 보수", "construction", 40_000_000, [])]


def _state(plan) -> str:
    return PurchasePlan.objects.get(pk=plan.pk).status


def test_plan_goes_from_draft_to_submitted_returned_and_approved(people):
    officer, division = people["jobs"], people["division"]
    plan = _plan("jobs", officer, JOBS_ITEMS[:1])
    assert _state(plan) == PlanStatus.DRAFT
    submit_plan(user=officer, plan=plan)
    assert _state(plan) == PlanStatus.SUBMITTED
    with pytest.raises(PlanError, match="제출된 계획은 고칠 수 없습니다"):
        add_plan_item(user=officer, plan=plan, item="추가", category="goods", planned_won=1)
    with pytest.raises(PlanError, match="이미 제출된"):
        submit_plan(user=officer, plan=plan)
    with pytest.raises(PlanError, match="이유"):
        return_plan(user=division, plan=plan, comment="  ")
    return_plan(user=division, plan=plan, comment="행사 도시락도 넣어 주세요")
    assert _state(plan) == PlanStatus.RETURNED
    assert PurchasePlan.objects.get(pk=plan.pk).comment == "행사 도시락도 넣어 주세요"
    add_plan_item(user=officer, plan=plan, item="행사 도시락", category="services", planned_won=3_500_000)
    submit_plan(user=officer, plan=plan)
    approve_plan(user=division, plan=plan, comment="")
    stored = PurchasePlan.objects.get(pk=plan.pk)
    assert stored.status == PlanStatus.APPROVED and stored.decided is not None and stored.submitted is not None
    item = stored.items.first()
    with pytest.raises(PlanError, match="승인된 계획은 고칠 수 없습니다"):
        remove_plan_item(user=officer, item=item)
    with pytest.raises(PlanError, match="제출된 계획만"):
        return_plan(user=division, plan=plan, comment="다시")
    names = list(AuditEvent.objects.filter(object_type="procurement.purchaseplan", object_id=str(plan.pk))
                 .order_by("id").values_list("name", flat=True))
    assert [n for n in names if not n.startswith("procurement.plan.item")] == [
        "procurement.plan.created", "procurement.plan.submitted", "procurement.plan.returned",
        "procurement.plan.submitted", "procurement.plan.approved"]
    submitted = AuditEvent.objects.filter(name="procurement.plan.submitted").order_by("id").last()
    assert submitted.actor == officer and submitted.data["planned_won"] == 15_500_000  # 12,000,000 + 3,500,000


def test_an_empty_plan_cannot_be_submitted(people):
    plan = create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2015)
    with pytest.raises(PlanError, match="품목이 없는 계획은 제출할 수 없습니다"):
        submit_plan(user=people["jobs"], plan=plan)
    assert _state(plan) == PlanStatus.DRAFT


def test_only_submitted_plans_are_approved(people):
    plan = _plan("jobs", people["jobs"], JOBS_ITEMS)
    with pytest.raises(PlanError, match="제출된 계획만"):
        approve_plan(user=people["division"], plan=plan)
    assert _state(plan) == PlanStatus.DRAFT


def test_items_are_checked(people):
    plan = create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2015)
    with pytest.raises(PlanError, match="품목을 적어"):
        add_plan_item(user=people["jobs"], plan=plan, item=" ", category="goods", planned_won=1)
    with pytest.raises(PlanError, match="알 수 없는 구분"):
        add_plan_item(user=people["jobs"], plan=plan, item="종이", category="food", planned_won=1)
    with pytest.raises(PlanError, match="1원 이상"):
        add_plan_item(user=people["jobs"], plan=plan, item="종이", category="goods", planned_won=0)
    with pytest.raises(PlanError, match="등록부에 없는"):
        add_plan_item(user=people["jobs"], plan=plan, item="종이", category="goods", planned_won=1, candidates=[999_999])
    assert not PlanItem.objects.exists()


def test_creating_a_plan_twice_gives_the_same_plan(people):
    jobs = Department.objects.get(code="jobs")
    first = create_plan(user=people["jobs"], department=jobs, year=2015)
    assert create_plan(user=people["jobs"], department=jobs, year=2015) == first
    assert AuditEvent.objects.filter(name="procurement.plan.created").count() == 1


def test_an_officer_cannot_see_or_change_another_departments_plan(client, people):
    welfare_plan = _plan("welfare", people["welfare"], WELFARE_ITEMS)
    jobs_plan = _plan("jobs", people["jobs"], JOBS_ITEMS)
    officer = people["jobs"]
    with pytest.raises(PermissionDenied):
        create_plan(user=officer, department=Department.objects.get(code="welfare"), year=2016)
    with pytest.raises(PermissionDenied):
        add_plan_item(user=officer, plan=welfare_plan, item="몰래", category="goods", planned_won=1)
    with pytest.raises(PermissionDenied):
        submit_plan(user=officer, plan=welfare_plan)
    with pytest.raises(PermissionDenied):
        queries.get_plan_for_user(officer, welfare_plan.pk)
    assert queries.visible_plans(officer) == [jobs_plan]

    client.force_login(officer)
    detail = reverse("plan-detail", args=[welfare_plan.pk])
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"item": "몰래", "category": "goods", "planned_won": "1"}).status_code == 403
    assert client.post(reverse("plan-submit", args=[welfare_plan.pk])).status_code == 403
    item = welfare_plan.items.get()
    assert client.post(reverse("plan-item-remove", args=[welfare_plan.pk, item.pk])).status_code == 403
    html = client.get(reverse("plan-list")).content.decode()
    assert "일자리경제과" in html and "복지정책과" not in html.split("<main")[1].split('id="start-title"')[0]
    assert welfare_plan.items.count() == 1 and _state(welfare_plan) == PlanStatus.DRAFT


def test_only_the_social_economy_division_approves_or_returns(client, people):
    plan = _plan("jobs", people["jobs"], JOBS_ITEMS)
    submit_plan(user=people["jobs"], plan=plan)
    for user in (people["jobs"], people["welfare"], people["mapo"]):
        with pytest.raises(PermissionDenied):
            approve_plan(user=user, plan=plan)
        with pytest.raises(PermissionDenied):
            return_plan(user=user, plan=plan, comment="안 됩니다")
    client.force_login(people["jobs"])
    assert client.post(reverse("plan-decide", args=[plan.pk]), {"action": "approve"}).status_code == 403
    assert "plan-decide" not in client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert _state(plan) == PlanStatus.SUBMITTED

    client.force_login(people["division"])
    response = client.post(reverse("plan-decide", args=[plan.pk]), {"action": "return", "comment": "금액을 다시 보아 주세요"})
    assert response.status_code == 302 and _state(plan) == PlanStatus.RETURNED
    event = AuditEvent.objects.get(name="procurement.plan.returned")
    assert event.actor == people["division"] and event.data["comment"] == "금액을 다시 보아 주세요"


def test_the_officer_works_through_the_pages(client, people):
    client.force_login(people["jobs"])
    response = client.post(reverse("plan-list"), {"department": Department.objects.get(code="jobs").pk, "year": 2015})
    plan = PurchasePlan.objects.get()
    assert response["Location"] == reverse("plan-detail", args=[plan.pk])
    detail = reverse("plan-detail", args=[plan.pk])
    html = client.get(detail).content.decode()
    assert 'name="item"' in html and reverse("plan-submit", args=[plan.pk]) not in html  # nothing to submit yet
    client.post(detail, {"item": "친환경 복사용지", "category": "goods", "planned_won": "1,200만원",
                         "candidates": f"㈜행복도시락\n{BN_SUNNY[:3]}-{BN_SUNNY[3:5]}-{BN_SUNNY[5:]}\n늘봄사회적협동조합"})
    item = PlanItem.objects.get()
    assert item.planned_won == 12_000_000
    assert sorted(item.candidates.values_list("name", flat=True)) == ["㈜행복도시락", "늘봄사회적협동조합"]
    bad = client.post(detail, {"item": "도시락", "category": "services", "planned_won": "3,500,000",
                               "candidates": "없는업체"}, follow=True)
    assert "등록부에 없는 업체입니다: &#x27;없는업체&#x27;" in bad.content.decode() and PlanItem.objects.count() == 1
    client.post(reverse("plan-submit", args=[plan.pk]))
    assert _state(plan) == PlanStatus.SUBMITTED
    html = client.get(detail).content.decode()
    assert 'name="item"' not in html and "12,000,000" in html


def test_plan_list_lists_what_each_user_may_see(client, people, django_assert_max_num_queries):
    _plan("jobs", people["jobs"], JOBS_ITEMS)
    _plan("welfare", people["welfare"], WELFARE_ITEMS)
    client.force_login(people["division"])
    client.get(reverse("plan-list"))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("plan-list")).content.decode()
    assert "일자리경제과" in html and "복지정책과" in html and "15,500,000" in html and "40,000,000" in html
    client.force_login(people["mapo"])
    assert client.get(reverse("plan-list")).status_code == 403
    client.logout()
    assert client.get(reverse("plan-list")).status_code == 302


def _approved_jobs_and_welfare(people, *, welfare=True):
    jobs = _plan("jobs", people["jobs"], JOBS_ITEMS)
    submit_plan(user=people["jobs"], plan=jobs)
    approve_plan(user=people["division"], plan=jobs)
    plan = _plan("welfare", people["welfare"], WELFARE_ITEMS)
    submit_plan(user=people["welfare"], plan=plan)
    if welfare:
        approve_plan(user=people["division"], plan=plan)
    return jobs, plan


def test_published_plan_holds_the_article_6_contents(people, seongbuk):
    _approved_jobs_and_welfare(people)
    disclosure = publish_plan(user=people["division"], institution=seongbuk, year=2015)
    snap = disclosure.snapshot
    assert (disclosure.kind, disclosure.year, disclosure.month, disclosure.version) == ("plan", 2015, None, 1)
    assert snap["target_won"] == 2_500_000_000
    # 12,000,000 + 3,500,000 + 40,000,000 = 55,500,000
    assert snap["planned_won"] == 55_500_000
    assert snap["by_category"] == [{"category": "goods", "planned_won": 12_000_000},
                                   {"category": "services", "planned_won": 3_500_000},
                                   {"category": "construction", "planned_won": 40_000_000}]
    departments = {d["department"]: d for d in snap["departments"]}
    assert departments["일자리경제과"]["target_won"] == 300_000_000
    assert departments["일자리경제과"]["planned_won"] == 15_500_000
    assert departments["복지정책과"]["planned_won"] == 40_000_000
    lunch = departments["일자리경제과"]["items"][1]
    assert lunch["item"] == "행사 도시락" and [c["name"] for c in lunch["candidates"]] == ["㈜행복도시락", "늘봄사회적협동조합"]
    assert [s["name"] for s in snap["suppliers"]] == ["㈜행복도시락", "늘봄사회적협동조합"]
    assert snap["not_approved"] == [{"department": "문화체육과", "status": "", "target_won": 100_000_000}]
    event = AuditEvent.objects.get(name="procurement.plan.published")
    assert event.actor == people["division"] and event.data["planned_won"] == 55_500_000


def test_publishing_needs_an_approved_plan_and_the_division(people, seongbuk):
    _plan("jobs", people["jobs"], JOBS_ITEMS)
    with pytest.raises(PlanError, match="승인된 부서 구매계획이 없어"):
        publish_plan(user=people["division"], institution=seongbuk, year=2015)
    for user in (people["jobs"], people["mapo"]):
        with pytest.raises(PermissionDenied):
            publish_plan(user=user, institution=seongbuk, year=2015)
    assert not Disclosure.objects.exists()


def test_public_plan_page_shows_published_versions_only(client, people, seongbuk, django_assert_max_num_queries):
    url = reverse("public-plan", args=["seongbuk", 2015])
    _, welfare = _approved_jobs_and_welfare(people, welfare=False)
    assert client.get(url).status_code == 404  # approved but not published: nothing public
    publish_plan(user=people["division"], institution=seongbuk, year=2015)
    with django_assert_max_num_queries(4):  # institution, version history, one snapshot (+ session)
        html = client.get(url).content.decode()
    assert "친환경 복사용지" in html and "12,000,000" in html and "15,500,000" in html and "2,500,000,000" in html
    assert "경로당 보수" not in html  # submitted, not approved

    approve_plan(user=people["division"], plan=welfare)
    with pytest.raises(DisclosureError, match="정정 사유"):
        publish_plan(user=people["division"], institution=seongbuk, year=2015)
    second = publish_plan(user=people["division"], institution=seongbuk, year=2015, reason="복지정책과 계획 승인 반영")
    assert second.version == 2
    html = client.get(url).content.decode()
    assert "경로당 보수" in html and "55,500,000" in html and "복지정책과 계획 승인 반영" in html and '?version=1"' in html
    old = client.get(url, {"version": 1}).content.decode()
    assert "경로당 보수" not in old and "15,500,000" in old
    assert client.get(reverse("public-plan", args=["seongbuk", 2016])).status_code == 404


def test_publishing_through_the_page_twice_makes_one_version(client, people, seongbuk):
    _approved_jobs_and_welfare(people)
    client.force_login(people["division"])
    form = {"institution": seongbuk.pk, "year": 2015}
    first = client.post(reverse("plan-publish"), form)
    assert first["Location"] == reverse("public-plan", args=["seongbuk", 2015])
    client.post(reverse("plan-publish"), form)
    client.post(reverse("plan-publish"), {**form, "reason": "같은 내용"})
    assert Disclosure.objects.count() == 1
    client.force_login(people["jobs"])
    assert client.post(reverse("plan-publish"), form).status_code == 403


def test_illustrative_plan_is_marked(client, people, seongbuk):
    Institution.objects.filter(pk=seongbuk.pk).update(illustrative=True)
    seongbuk.refresh_from_db()
    _approved_jobs_and_welfare(people)
    publish_plan(user=people["division"], institution=seongbuk, year=2015)
    assert "예시 데이터" in client.get(reverse("public-plan", args=["seongbuk", 2015])).content.decode()


# ---- the deadline of the plans (제출 기한) -------------------------------------------------------


def _due(plan) -> dt.date:
    return PurchasePlan.objects.get(pk=plan.pk).due_on


def test_the_division_sets_the_deadline_and_later_plans_take_it(people, seongbuk, django_assert_num_queries):
    jobs = create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2015)
    assert _due(jobs) == dt.date(2014, 12, 31)  # nothing set: the end of the year before
    assert set_due(user=people["division"], institution=seongbuk, year=2015, due=dt.date(2015, 1, 31)) == 1
    assert _due(jobs) == dt.date(2015, 1, 31)
    first = AuditEvent.objects.get(name="procurement.plan.due_set")
    assert first.data == {"year": 2015, "due": "2015-01-31", "previous": None, "plans": 1}
    welfare = create_plan(user=people["welfare"], department=Department.objects.get(code="welfare"), year=2015)
    assert _due(welfare) == dt.date(2015, 1, 31)  # started afterwards: the same deadline
    assert set_due(user=people["division"], institution=seongbuk, year=2015, due=dt.date(2015, 2, 6)) == 2
    event = AuditEvent.objects.filter(name="procurement.plan.due_set").latest("pk")
    assert event.data == {"year": 2015, "due": "2015-02-06", "previous": "2015-01-31", "plans": 2}
    with django_assert_num_queries(1):  # a list reads every plan's deadline in its one query
        assert {p.due_on for p in PurchasePlan.objects.with_deadline()} == {dt.date(2015, 2, 6)}

    with pytest.raises(PermissionDenied):  # a department, or another district's division
        set_due(user=people["jobs"], institution=seongbuk, year=2015, due=dt.date(2015, 2, 1))
    with pytest.raises(PermissionDenied):
        set_due(user=people["mapo"], institution=seongbuk, year=2015, due=dt.date(2015, 2, 1))
    with pytest.raises(PlanError, match="2014년 1월 1일부터 2015년 12월 31일"):  # a day after the year
        set_due(user=people["division"], institution=seongbuk, year=2015, due=dt.date(2016, 1, 1))
    assert {_due(jobs), _due(welfare)} == {dt.date(2015, 2, 6)}
    # a year no department has started yet: the deadline waits for its plans
    assert set_due(user=people["division"], institution=seongbuk, year=2016, due=dt.date(2016, 1, 29)) == 0
    later = create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2016)
    assert _due(later) == dt.date(2016, 1, 29)
    assert PlanDeadline.objects.get(institution=seongbuk, year=2016).set_by == people["division"]


def test_the_plan_list_sets_the_deadline_and_marks_late_plans(client, people, seongbuk):
    plan = _plan("jobs", people["jobs"], JOBS_ITEMS)
    submit_plan(user=people["jobs"], plan=plan)
    PurchasePlan.objects.filter(pk=plan.pk).update(submitted=dt.datetime(2015, 2, 10, 3, tzinfo=dt.UTC))
    client.force_login(people["division"])
    page = client.get(reverse("plan-list")).content.decode()
    assert 'name="due" required value="2014-12-31"' in page and "늦게 제출" in page  # the default: late
    response = client.post(reverse("plan-due"), {"institution": seongbuk.pk, "year": 2015, "due": "2015-02-28"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'value="2015-02-28"' in page and "늦게 제출" not in page
    response = client.post(reverse("plan-due"), {"institution": seongbuk.pk, "year": 2015, "due": "2015-02-30"})
    assert _due(plan) == dt.date(2015, 2, 28)  # a date that does not exist changes nothing
    assert any("날짜" in str(m) for m in client.get(response["Location"]).context["messages"])

    client.force_login(people["jobs"])  # a department sees the deadline, cannot change it
    page = client.get(reverse("plan-list")).content.decode()
    assert "2015-02-28" in page and reverse("plan-due") not in page
    assert client.post(reverse("plan-due"), {"institution": seongbuk.pk, "year": 2015,
                                             "due": "2015-03-31"}).status_code == 403
    client.force_login(people["mapo"])  # another district's division: the institution is not theirs
    assert client.post(reverse("plan-due"), {"institution": seongbuk.pk, "year": 2015,
                                             "due": "2015-03-31"}).status_code == 403
    assert _due(plan) == dt.date(2015, 2, 28)


def test_each_year_of_the_plan_list_has_its_own_deadline_field(client, people, seongbuk):
    create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2015)
    create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2016)
    set_due(user=people["division"], institution=seongbuk, year=2016, due=dt.date(2016, 1, 15))
    client.force_login(people["division"])
    page = client.get(reverse("plan-list")).content.decode()
    ids = re.findall(r'id="(due-[^"]*)"', page)
    assert ids == [f"due-{seongbuk.pk}-2016", f"due-{seongbuk.pk}-2016-help",
                   f"due-{seongbuk.pk}-2015", f"due-{seongbuk.pk}-2015-help"]
    assert f'for="due-{seongbuk.pk}-2016"' in page and 'value="2016-01-15"' in page and 'value="2014-12-31"' in page


def test_publishing_the_plan_takes_a_post_only(client, people):
    client.force_login(people["division"])
    assert client.get(reverse("plan-publish")).status_code == 405
    assert client.get(reverse("plan-due")).status_code == 405


def test_a_deadline_set_before_any_plan_shows_its_year_to_the_departments(client, people, seongbuk):
    client.force_login(people["division"])
    response = client.post(reverse("plan-due"), {"institution": seongbuk.pk, "year": 2017, "due": "2017-01-20"})
    assert response.status_code == 302 and PlanDeadline.objects.get(year=2017).due == dt.date(2017, 1, 20)
    page = client.get(reverse("plan-list")).content.decode()
    assert f'id="group-{seongbuk.pk}-2017"' in page and "아직 이 연도의 계획을 시작한 부서가 없습니다" in page
    assert 'id="deadline_year"' in page and page.count('id="id_year"') <= 1  # the two forms' fields keep apart
    client.force_login(people["jobs"])
    page = client.get(reverse("plan-list")).content.decode()
    assert f'id="group-{seongbuk.pk}-2017"' in page and "2017-01-20" in page
    assert reverse("plan-due") not in page  # seen, not set


def test_a_missing_institution_is_said_and_a_forged_one_refused(client, people, seongbuk, make_user):
    region = make_user("region", Role.CENTRE_ADMIN)  # whole region: several institutions, none chosen
    client.force_login(region)
    response = client.post(reverse("plan-due"), {"institution": "", "year": 2016, "due": "2016-01-29"})
    assert response.status_code == 302
    assert any("기관: " in str(m) for m in client.get(response["Location"]).context["messages"])
    client.force_login(people["division"])
    other = Institution.objects.create(code="mapo", name="마포구청", district=District.objects.get(code="11440"))
    assert client.post(reverse("plan-due"), {"institution": other.pk, "year": 2016,
                                             "due": "2016-01-29"}).status_code == 403
    assert not PlanDeadline.objects.exists()


def test_an_officer_is_told_about_their_own_plan_not_everyones(client, people, seongbuk):
    set_due(user=people["division"], institution=seongbuk, year=2016, due=dt.date(2016, 1, 29))
    create_plan(user=people["jobs"], department=Department.objects.get(code="jobs"), year=2016)
    client.force_login(people["welfare"])
    page = client.get(reverse("plan-list")).content.decode()
    assert "아직 이 연도의 계획을 시작하지 않았습니다" in page and "시작한 부서가 없습니다" not in page


def test_the_back_office_shows_plans_but_never_changes_them(client, people, django_user_model):
    """A plan's state changes only through services.plans (state rules, audit trail)."""
    plan = _plan("jobs", people["jobs"], JOBS_ITEMS)
    client.force_login(django_user_model.objects.create_superuser("root", password="correct-horse-battery"))
    change = reverse("admin:procurement_purchaseplan_change", args=[plan.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"status": "approved", "department": plan.department_id, "year": 2015})
    assert client.get(reverse("admin:procurement_purchaseplan_add")).status_code == 403
    assert PurchasePlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
