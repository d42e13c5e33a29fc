"""Targets split between departments and notified (ordinance's 구매목표 통보), and the written parts of the
plan (Art. 6 ② 2–4) and of the annual report (Art. 7 ① 3–5)."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    Purchase,
    TargetNotice,
    YearTarget,
)
from bombaram.procurement.services.allocation import (
    AllocationError,
    acknowledge_notice,
    allocate_targets,
    allocation_difference,
    save_statement,
)
from bombaram.procurement.services.plans import (
    add_plan_item,
    approve_plan,
    create_plan,
    publish_plan,
    submit_plan,
)
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent


@pytest.fixture
def office(reference, make_user):
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    jobs = Department.objects.create(institution=institution, code="jobs", name="일자리경제과")
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    culture = Department.objects.create(institution=institution, code="culture", name="문화체육과")
    other = Institution.objects.create(code="nowon", name="노원구청", district=District.objects.get(code="11350"))
    return {
        "institution": institution, "jobs": jobs, "welfare": welfare, "culture": culture,
        "foreign": Department.objects.create(institution=other, code="x", name="노원 총무과"),
        "division": make_user("sebu", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")),
        "nowon_admin": make_user("nowon", Role.CENTRE_ADMIN, district=District.objects.get(code="11350")),
        "jobs_officer": make_user("jobs", Role.DEPARTMENT_OFFICER, department=jobs),
        "welfare_officer": make_user("welfare", Role.DEPARTMENT_OFFICER, department=welfare),
    }


def _split(office, jobs, welfare, culture):
    return {office["jobs"].pk: jobs, office["welfare"].pk: welfare, office["culture"].pk: culture}


def test_difference_by_hand():
    # 10억 + 9억 + 5억 = 24억; 24억 − 25억 = −1억
    assert allocation_difference(2_500_000_000, [1_000_000_000, 900_000_000, 500_000_000]) == -100_000_000
    assert allocation_difference(100, [60, 40]) == 0


def test_the_division_splits_the_target_and_each_department_is_notified(office):
    result = allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                              institution_target_won=2_500_000_000,
                              department_targets=_split(office, 1_000_000_000, 900_000_000, 600_000_000))
    assert result.institution_target_changed and len(result.notified) == 3
    assert YearTarget.objects.get(institution=office["institution"], year=2015).target_won == 2_500_000_000
    assert dict(DepartmentTarget.objects.values_list("department__code", "target_won")) == {
        "jobs": 1_000_000_000, "welfare": 900_000_000, "culture": 600_000_000}
    event = AuditEvent.objects.get(name="procurement.targets.allocated")
    assert event.data["institution_target"] == [None, 2_500_000_000]
    assert event.data["departments"]["일자리경제과"] == [None, 1_000_000_000]
    # the same split again changes nothing and notifies nobody
    again = allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                             institution_target_won=2_500_000_000,
                             department_targets=_split(office, 1_000_000_000, 900_000_000, 600_000_000))
    assert not again.changed and TargetNotice.objects.count() == 3
    # moving 1억 from 문화체육과 to 복지정책과 notifies those two, with what they had before
    moved = allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                             institution_target_won=2_500_000_000,
                             department_targets=_split(office, 1_000_000_000, 1_000_000_000, 500_000_000))
    assert sorted(n.department.code for n in moved.notified) == ["culture", "welfare"]
    welfare = TargetNotice.objects.filter(department=office["welfare"]).first()
    assert (welfare.previous_won, welfare.target_won) == (900_000_000, 1_000_000_000)


def test_a_split_that_does_not_add_up_is_refused_with_the_difference_and_nothing_is_written(office):
    with pytest.raises(AllocationError) as error:
        allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                         institution_target_won=2_500_000_000,
                         department_targets=_split(office, 1_000_000_000, 900_000_000, 500_000_000))
    assert str(error.value) == ("부서 목표의 합계 2,400,000,000원이 기관 목표 2,500,000,000원보다 100,000,000원 적습니다. "
                                "합계가 기관 목표와 같아야 통보할 수 있습니다.")
    with pytest.raises(AllocationError, match="50,000,000원 많습니다"):
        allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                         institution_target_won=2_500_000_000,
                         department_targets=_split(office, 1_000_000_000, 900_000_000, 650_000_000))
    with pytest.raises(AllocationError, match="0원 이상"):
        allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                         institution_target_won=100, department_targets=_split(office, 200, -100, 0))
    assert not YearTarget.objects.exists() and not DepartmentTarget.objects.exists()
    assert not TargetNotice.objects.exists() and not AuditEvent.objects.filter(name__startswith="procurement.targets").exists()


def test_only_the_institutions_division_allocates_and_forged_departments_are_refused(office):
    for user in (office["jobs_officer"], office["nowon_admin"]):
        with pytest.raises(PermissionDenied):
            allocate_targets(user=user, institution=office["institution"], year=2015, institution_target_won=100,
                             department_targets={office["jobs"].pk: 100})
    with pytest.raises(PermissionDenied):
        allocate_targets(user=office["division"], institution=office["institution"], year=2015,
                         institution_target_won=100, department_targets={office["foreign"].pk: 100})
    assert not DepartmentTarget.objects.exists()


def test_the_pages_allocate_notify_and_the_department_marks_it_seen(client, office):
    url = reverse("target-allocation", args=["seongbuk", 2015])
    client.force_login(office["division"])
    page = client.get(url).content.decode()
    assert "일자리경제과" in page and f'name="dept_{office["jobs"].pk}"' in page
    bad = client.post(url, {"institution_target": "25억", f"dept_{office['jobs'].pk}": "10억",
                            f"dept_{office['welfare'].pk}": "9억", f"dept_{office['culture'].pk}": "오억"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode() and not DepartmentTarget.objects.exists()
    short = client.post(url, {"institution_target": "25억", f"dept_{office['jobs'].pk}": "10억",
                              f"dept_{office['welfare'].pk}": "9억", f"dept_{office['culture'].pk}": "5억"})
    assert "100,000,000원 적습니다" in short.content.decode() and not DepartmentTarget.objects.exists()
    done = client.post(url, {"institution_target": "2,500,000,000", f"dept_{office['jobs'].pk}": "10억",
                             f"dept_{office['welfare'].pk}": "900,000,000", f"dept_{office['culture'].pk}": "6억"},
                       follow=True)
    assert "3개 부서에 목표를 통보했습니다" in done.content.decode()
    # the department officer sees its own notice (not another department's) on the plan list, and marks it seen
    client.force_login(office["jobs_officer"])
    plan_list = client.get(reverse("plan-list")).content.decode()
    assert "일자리경제과: 2015년 목표는 1,000,000,000원입니다" in plan_list and "복지정책과: 2015년" not in plan_list
    notice = TargetNotice.objects.get(department=office["jobs"])
    welfare_notice = TargetNotice.objects.get(department=office["welfare"])
    assert client.post(reverse("target-notice-seen", args=[welfare_notice.pk])).status_code == 403
    client.post(reverse("target-notice-seen", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.acknowledged is not None and notice.acknowledged_by == office["jobs_officer"]
    assert "2015년 목표는" not in client.get(reverse("plan-list")).content.decode()
    assert not acknowledge_notice(user=office["jobs_officer"], notice=notice)  # twice: nothing more
    # the division sees it was seen; a department officer or another district cannot open the page
    client.force_login(office["division"])
    assert "확인함" in client.get(url).content.decode()
    for user in (office["jobs_officer"], office["nowon_admin"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"institution_target": "1"}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def _approved_plan(office):
    plan = create_plan(user=office["jobs_officer"], department=office["jobs"], year=2015)
    add_plan_item(user=office["jobs_officer"], plan=plan, item="친환경 복사용지", category="goods", planned_won=12_000_000,
                  candidates=[])
    submit_plan(user=office["jobs_officer"], plan=plan)
    approve_plan(user=office["division"], plan=plan)


def test_the_published_plan_states_arrangements_terms_and_budget(client, office):
    _approved_plan(office)
    first = publish_plan(user=office["division"], institution=office["institution"], year=2015)
    assert "statement" not in first.snapshot  # nothing written: the snapshot is as before
    client.force_login(office["division"])
    url = reverse("statement-edit", args=["seongbuk", 2015, "plan"])
    assert client.post(url, {"arrangements": "사회적경제과가 분기마다 점검", "special_terms": "", "budget_won": "3천만원",
                             "budget_note": "판로지원 예산"}).status_code == 302
    assert client.post(url, {"budget_won": "많이"}).status_code == 200  # refused, said beside the field
    second = publish_plan(user=office["division"], institution=office["institution"], year=2015, reason="제6조 내용 추가")
    assert second.snapshot["statement"] == {"arrangements": "사회적경제과가 분기마다 점검", "special_terms": "",
                                            "budget_won": 30_000_000, "budget_note": "판로지원 예산"}
    client.logout()
    page = client.get(reverse("public-plan", args=["seongbuk", 2015])).content.decode()
    assert "사회적경제과가 분기마다 점검" in page and "30,000,000" in page
    # another district's administrator may not write it
    client.force_login(office["nowon_admin"])
    assert client.post(url, {"arrangements": "남의 구"}).status_code == 403


def test_the_annual_report_holds_support_education_and_improvements(client, office, tmp_path):
    Purchase.objects.create(institution=office["institution"], department=office["jobs"], purchased_on=dt.date(2015, 3, 2),
                            supplier_name="㈜행복도시락", item="복사용지", category="goods", amount_won=1_200_000, counted=True)
    changes = save_statement(user=office["division"], institution=office["institution"], year=2015, kind="report", values={
        "support_text": "판로 상담회 2회", "support_cases": 14, "support_won": 25_000_000,
        "education_text": "구매담당자 교육", "education_sessions": 3, "education_participants": 120,
        "improvements_text": "계약 특수조건 신설", "improvements_count": 1, "good_practice_text": "복지정책과 도시락 전환"})
    assert changes["support_won"] == [None, 25_000_000]
    assert save_statement(user=office["division"], institution=office["institution"], year=2015, kind="report",
                          values={"support_cases": 14}) == {}
    client.force_login(office["division"])
    report_url = reverse("purchase-report", args=["seongbuk", 2015])
    page = client.get(report_url).content.decode()
    assert "판로 상담회 2회" in page and "25,000,000" in page and "120명" in page
    data = json.loads(client.get(reverse("purchase-report-download", args=["seongbuk", 2015, "json"])).content)
    assert data["statement"]["education_participants"] == 120 and data["statement"]["support_won"] == 25_000_000
    xlsx = tmp_path / "r.xlsx"
    xlsx.write_bytes(client.get(reverse("purchase-report-download", args=["seongbuk", 2015, "xlsx"])).content)
    sheet = openpyxl.load_workbook(xlsx)["지원·교육·개선"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["3. 지원 금액 (원)"] == 25_000_000 and values["5. 수범사례"] == "복지정책과 도시락 전환"
    with pytest.raises(PermissionDenied):
        save_statement(user=office["jobs_officer"], institution=office["institution"], year=2015, kind="report",
                       values={"support_cases": 1})
