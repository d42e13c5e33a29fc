"""Tests for bombaram.core.purchase (성북구 사회적경제제품 구매촉진 조례).

Every expected figure is worked out by hand in the test (the arithmetic is
written out), never produced by the code under test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from bombaram.core.identifiers import make_business_no
from bombaram.core.purchase import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    CONTRACT_METHOD_LABELS,
    DESIGNATION_LABELS,
    EXCEPTION_REASONS,
    SEONGBUK_POLICY,
    DepartmentPerformance,
    DepartmentPlan,
    Designation,
    EligibilityPolicy,
    EvaluationWeights,
    Institution,
    PurchaseRecord,
    ReportInput,
    annual_report,
    check_eligibility,
    evaluate_departments,
    ocds_release_package,
    validate_exception,
)
from bombaram.datagen.purchase_lines import bench_report


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Shadows the Django-only autouse fixture of tests/conftest.py: these tests
    run without pytest-django (``-p no:django``)."""


M = 1_000_000  # won per 백만원, to keep the hand arithmetic readable
D = date

# ---------------------------------------------------------------------------
# Codes and labels
# ---------------------------------------------------------------------------


def test_codes_have_korean_labels():
    assert DESIGNATION_LABELS == {
        "certified_se": "인증 사회적기업",
        "seoul_pre_se": "서울형 예비사회적기업",
        "regional_pre_se": "지역형(부처형) 예비사회적기업",
        "village_enterprise": "마을기업",
        "cooperative": "일반 협동조합",
        "social_cooperative": "사회적협동조합",
        "self_sufficiency": "자활기업",
        "district_designated": "구청장이 정하는 기업",
    }
    assert CHANNEL_LABELS == {
        "direct": "직접 구매",
        "sales_hall": "사회적경제제품 판매관",
        "reseller": "구매대행",
    }
    assert CATEGORY_LABELS == {"goods": "물품", "services": "용역", "construction": "공사"}
    assert CONTRACT_METHOD_LABELS["private_contract"] == "수의계약"


def test_seongbuk_policy_counts_every_type_but_general_cooperatives():
    assert set(SEONGBUK_POLICY.eligible_types) == set(DESIGNATION_LABELS) - {"cooperative"}
    assert SEONGBUK_POLICY.district_code == "11290"  # 성북구 행정표준코드
    assert SEONGBUK_POLICY.district_mode == "flag"
    assert SEONGBUK_POLICY.count_sales_hall and SEONGBUK_POLICY.count_reseller


# The report quotes Art. 10 ① (seed report, 제10조 사회적경제제품 우선구매 예외), copied here by hand.
@pytest.mark.parametrize(
    ("code", "wording"),
    [
        (
            1,
            "사회적경제제품의 이용자가 그 품질에 대하여 지속적으로 불만을 제기하고 "
            "이에 대한 합당한 이유가 있다고 판단되는 경우",
        ),
        (
            2,
            "사회적경제제품의 재고부족 등의 사유로 제품공급에 장기간 소요되어 "
            "구매 목적의 달성이 어려울 경우",
        ),
        (3, "긴급 구호물자 조달 등과 같이 긴급한 수요가 발생한 경우"),
        (
            4,
            "사회적경제제품의 가격이 해당 회계연도내의 예산으로 계획된 제품의 구입이 불가능한 경우",
        ),
        (5, "관련법령에 따라 수의계약의 방식으로 구매할 수 없는 재화나 용역인 경우"),
        (6, "그 밖에 우선구매가 적절하지 아니하다고 공공기관의 장이 합리적으로 판단한 경우"),
    ],
)
def test_exception_reasons_use_the_ordinance_wording(code, wording):
    assert EXCEPTION_REASONS[code] == wording


# ---------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------

CERTIFIED_JUNE = [Designation("certified_se", D(2014, 6, 15))]
COOP_ONLY = [Designation("cooperative", D(2013, 3, 1))]
VILLAGE_UNTIL_MARCH = [Designation("village_enterprise", D(2012, 3, 1), D(2014, 3, 1))]
COOP_THEN_CERTIFIED = [
    Designation("cooperative", D(2013, 1, 1)),
    Designation("certified_se", D(2014, 6, 15)),
]
SOCIAL_COOP_AND_SELF = [
    Designation("self_sufficiency", D(2010, 1, 1)),
    Designation("social_cooperative", D(2013, 1, 1)),
]
REQUIRE = EligibilityPolicy(district_mode="require", district_code="11290")
IGNORE = EligibilityPolicy(district_mode="ignore", district_code="11290")
NO_HALL = EligibilityPolicy(district_code="11290", count_sales_hall=False)
NO_RESELLER = EligibilityPolicy(district_code="11290", count_reseller=False)


@pytest.mark.parametrize(
    ("policy", "designations", "day", "district", "channel", "expected"),
    [
        # certified 2014-06-15: before → not designated on that date; on/after → counted
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 5, 20), "11290", "direct",
         (False, "not_designated_on_date", None, True, False)),
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 6, 15), "11290", "direct",
         (True, None, "certified_se", True, False)),
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "direct",
         (True, None, "certified_se", True, False)),
        # a general cooperative only: the type does not count
        (SEONGBUK_POLICY, COOP_ONLY, D(2014, 7, 1), "11290", "direct",
         (False, "designation_type_not_eligible", None, True, False)),
        # ended is exclusive: valid on 2014-02-28, no longer on 2014-03-01
        (SEONGBUK_POLICY, VILLAGE_UNTIL_MARCH, D(2014, 2, 28), "11290", "direct",
         (True, None, "village_enterprise", True, False)),
        (SEONGBUK_POLICY, VILLAGE_UNTIL_MARCH, D(2014, 3, 1), "11290", "direct",
         (False, "designation_ended", None, True, False)),
        # nothing at all
        (SEONGBUK_POLICY, [], D(2014, 7, 1), "11290", "direct",
         (False, "no_designation", None, True, False)),
        # a cooperative certified later: the timing is the reason, not the type
        (SEONGBUK_POLICY, COOP_THEN_CERTIFIED, D(2014, 5, 20), "11290", "direct",
         (False, "not_designated_on_date", None, True, False)),
        (SEONGBUK_POLICY, COOP_THEN_CERTIFIED, D(2014, 7, 1), "11290", "direct",
         (True, None, "certified_se", True, False)),
        # two eligible designations: precedence of the policy (social coop before 자활)
        (SEONGBUK_POLICY, SOCIAL_COOP_AND_SELF, D(2014, 7, 1), "11290", "direct",
         (True, None, "social_cooperative", True, False)),
        # plain tuples (type, granted, ended) are accepted
        (SEONGBUK_POLICY, [("self_sufficiency", D(2010, 1, 1), None)], D(2014, 7, 1), "11290",
         "direct", (True, None, "self_sufficiency", True, False)),
        # 관내기업 flag: outside, unknown, HQ outside but production site inside
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), "11110", "direct",
         (True, None, "certified_se", False, False)),
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), None, "direct",
         (True, None, "certified_se", None, False)),
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), {"11110", "11290"}, "direct",
         (True, None, "certified_se", True, False)),
        # require: only 관내기업 count
        (REQUIRE, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "direct",
         (True, None, "certified_se", True, False)),
        (REQUIRE, CERTIFIED_JUNE, D(2014, 7, 1), "11110", "direct",
         (False, "outside_district", "certified_se", False, False)),
        (REQUIRE, CERTIFIED_JUNE, D(2014, 7, 1), None, "direct",
         (False, "district_unknown", "certified_se", None, False)),
        # ignore: not computed
        (IGNORE, CERTIFIED_JUNE, D(2014, 7, 1), "11110", "direct",
         (True, None, "certified_se", None, False)),
        # 판매관: counted by default, not indirect; a policy may refuse it
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "sales_hall",
         (True, None, "certified_se", True, False)),
        (NO_HALL, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "sales_hall",
         (False, "sales_hall_not_counted", "certified_se", True, False)),
        # 구매대행: counted but indirect by default; a policy may refuse it
        (SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "reseller",
         (True, None, "certified_se", True, True)),
        (NO_RESELLER, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "reseller",
         (False, "reseller_not_counted", "certified_se", True, True)),
    ],
)  # fmt: skip
def test_check_eligibility(policy, designations, day, district, channel, expected):
    result = check_eligibility(policy, designations, day, district, channel)
    counted, reason_code, designation, in_district, indirect = expected
    assert result.counted is counted
    assert result.reason_code == reason_code
    assert result.designation == designation
    assert result.in_district is in_district
    assert result.indirect is indirect
    assert (result.reason is None) is counted


@pytest.mark.parametrize(
    ("designations", "day", "words"),
    [
        (CERTIFIED_JUNE, D(2014, 5, 20), ["2014-05-20", "인증 사회적기업", "지정일 2014-06-15"]),
        (COOP_ONLY, D(2014, 7, 1), ["일반 협동조합", "인정 대상 유형이 아닙니다"]),
        (VILLAGE_UNTIL_MARCH, D(2014, 3, 1), ["마을기업", "종료일 2014-03-01"]),
        ([], D(2014, 7, 1), ["지정 이력이 없습니다"]),
    ],
)
def test_not_counted_reasons_are_korean_sentences(designations, day, words):
    reason = check_eligibility(SEONGBUK_POLICY, designations, day, "11290").reason
    for word in words:
        assert word in reason


@pytest.mark.parametrize(
    "make",
    [
        lambda: check_eligibility(SEONGBUK_POLICY, CERTIFIED_JUNE, D(2014, 7, 1), "11290", "mail"),
        lambda: Designation("worker_coop", D(2014, 1, 1)),
        lambda: Designation("certified_se", D(2014, 1, 1), D(2013, 1, 1)),
        lambda: EligibilityPolicy(district_mode="require"),
        lambda: EligibilityPolicy(district_mode="sometimes", district_code="11290"),
        lambda: EligibilityPolicy(eligible_types=("certified_se", "worker_coop")),
    ],
)
def test_bad_eligibility_input_raises(make):
    with pytest.raises(ValueError):
        make()


# ---------------------------------------------------------------------------
# Exceptions (Art. 10)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "justification", "expected_fragments"),
    [
        (1, "이용자 불만이 1년간 이어져 품질검사에서 불량이 확인됨", []),
        ("3", "태풍 피해 구호물자가 당일 필요했음", []),
        (None, "태풍 피해 구호물자가 당일 필요했음", ["선택하십시오"]),
        ("", "태풍 피해 구호물자가 당일 필요했음", ["선택하십시오"]),
        (7, "태풍 피해 구호물자가 당일 필요했음", ["알 수 없는 예외 사유 코드"]),
        (True, "태풍 피해 구호물자가 당일 필요했음", ["알 수 없는 예외 사유 코드"]),
        (2, "", ["서면으로 기록하십시오"]),
        (2, "   ", ["서면으로 기록하십시오"]),
        (2, None, ["서면으로 기록하십시오"]),
        (2, "재고 없음", ["구체적으로"]),  # 5 characters < 10
        (None, None, ["선택하십시오", "서면으로 기록하십시오"]),
    ],
)
def test_validate_exception(code, justification, expected_fragments):
    errors = validate_exception(code, justification)
    assert len(errors) == len(expected_fragments)
    for error, fragment in zip(errors, expected_fragments, strict=True):
        assert fragment in error


def test_validate_exception_min_length_is_configurable():
    assert validate_exception(2, "재고 없음", min_length=5) == []  # "재고 없음" is 5 characters


# ---------------------------------------------------------------------------
# Annual report: a small year, every figure by hand
# ---------------------------------------------------------------------------

SUPPLIERS = {
    # id: (name, designations, district, 사업자등록번호)
    "S1": ("햇살사회적협동조합", [Designation("social_cooperative", D(2013, 1, 1))], "11290",
           "124-81-00998"),
    "S2": ("정릉마을기업", [Designation("village_enterprise", D(2012, 5, 1))], "11290", None),
    "S3": ("나눔사회적기업", [Designation("certified_se", D(2011, 1, 1))], "11110",
           make_business_no("101860000")),
    "S4": ("장위자활", [Designation("self_sufficiency", D(2010, 1, 1))], "11290", None),
    "S5": ("길음협동조합", [Designation("cooperative", D(2013, 3, 1))], "11290", None),
    "S6": ("새싹예비사회적기업", [Designation("seoul_pre_se", D(2014, 6, 15))], "11290", None),
}  # fmt: skip

JUSTIFIED = "사회적경제기업 제품의 재고가 없어 납품까지 석 달이 걸림"

# id, date, department, supplier, item, category, amount, channel, exception code, justification
PURCHASES = [
    ("P01", D(2014, 1, 15), "jobs", "S1", "복사용지", "goods", 4_000_000, "direct", None, ""),
    ("P02", D(2014, 2, 10), "jobs", "S2", "도시락", "goods", 1_000_000, "direct", None, ""),
    ("P03", D(2014, 3, 5), "jobs", "S3", "청소용역", "services", 5_000_000, "direct", None, ""),
    ("P04", D(2014, 3, 20), "admin", "S1", "복사용지", "goods", 2_000_000, "direct", None, ""),
    ("P05", D(2014, 4, 12), "admin", "S4", "도시락", "goods", 3_000_000, "reseller", None, ""),
    ("P06", D(2014, 5, 2), "admin", "S5", "사무용가구", "goods", 3_000_000, "direct", 2, JUSTIFIED),
    ("P07", D(2014, 6, 3), "health", "S2", "도시락", "goods", 2_500_000, "direct", None, ""),
    ("P08", D(2014, 7, 1), "health", "S6", "현수막", "goods", 1_200_000, "direct", None, ""),
    ("P09", D(2014, 5, 20), "health", "S6", "현수막", "goods", 800_000, "direct", 6, ""),
    ("P10", D(2014, 9, 9), "jobs", "S3", "청소용역", "services", 6_000_000, "direct", None, ""),
    ("P11", D(2014, 11, 11), "admin", "S2", "도시락", "goods", 500_000, "direct", None, ""),
    ("P12", D(2014, 12, 1), "jobs", "S1", "인테리어공사", "construction", 7_000_000, "direct",
     None, ""),
]  # fmt: skip


def _record(row) -> PurchaseRecord:
    pid, day, dept, sid, item, category, amount, channel, code, why = row
    name, designations, district, brn = SUPPLIERS[sid]
    outcome = check_eligibility(SEONGBUK_POLICY, designations, day, district, channel)
    return PurchaseRecord(
        id=pid,
        purchased_on=day,
        department=dept,
        supplier_id=sid,
        supplier_name=name,
        item=item,
        category=category,
        amount_won=amount,
        counted=outcome.counted,
        reason_code=outcome.reason_code,
        reason=outcome.reason,
        in_district=outcome.in_district,
        indirect=outcome.indirect,
        exception_code=code,
        exception_justification=why,
        channel=channel,
        method="private_contract",
        supplier_brn=brn,
    )


INSTITUTION = Institution(id="sb", name="성북구청", brn=make_business_no("209830000"))


def _small_year() -> ReportInput:
    return ReportInput(
        purchases=[_record(row) for row in PURCHASES],
        target_won=60 * M,
        department_targets={"jobs": 30 * M, "admin": 20 * M, "health": 10 * M},
        plans=[
            DepartmentPlan("jobs", 30 * M, due_on=D(2014, 1, 31), submitted_on=D(2014, 1, 20)),
            DepartmentPlan("admin", 15 * M, due_on=D(2014, 1, 31), submitted_on=D(2014, 2, 5)),
        ],
        earlier_supplier_ids=frozenset({"S1", "S3", "S5"}),
        department_names={"jobs": "일자리경제과", "admin": "총무과", "health": "보건소"},
    )


@pytest.fixture(scope="module")
def report():
    return annual_report(_small_year(), INSTITUTION, 2014)


def test_small_year_records_follow_the_eligibility_rules():
    records = {r.id: r for r in _small_year().purchases}
    assert [r.id for r in records.values() if not r.counted] == ["P06", "P09"]
    assert records["P06"].reason_code == "designation_type_not_eligible"  # 일반 협동조합
    assert records["P09"].reason_code == "not_designated_on_date"  # S6 only from 2014-06-15
    assert records["P08"].counted  # S6 after its designation
    assert [r.id for r in records.values() if r.indirect] == ["P05"]
    assert [r.id for r in records.values() if r.in_district is False] == ["P03", "P10"]


def test_report_institution_totals(report):
    # counted: 4 + 1 + 5 + 2 + 3 + 2.5 + 1.2 + 6 + 0.5 + 7 = 32.2 (백만원)
    eligible = (4 + 1 + 5 + 2 + 3 + 7 + 6 + 0.5) * M + 2_500_000 + 1_200_000
    assert eligible == 32_200_000
    total = eligible + 3_000_000 + 800_000  # P06 and P09 not counted
    assert total == 36_000_000
    assert report.institution == "성북구청"
    assert report.institution_id == "sb"
    assert report.year == 2014
    assert report.target_won == 60_000_000
    assert report.planned_won == 30_000_000 + 15_000_000
    assert report.eligible_won == 32_200_000
    assert report.total_won == 36_000_000
    assert report.achievement_pct == pytest.approx(32.2 / 60 * 100)  # 53.67 %
    assert report.plan_achievement_pct == pytest.approx(32.2 / 45 * 100)  # 71.56 %
    assert report.counted_share_pct == pytest.approx(32.2 / 36 * 100)  # 89.44 %
    assert report.indirect_won == 3_000_000  # P05 through 구매대행
    assert report.direct_eligible_won == 32_200_000 - 3_000_000
    assert report.direct_share_pct == pytest.approx(29.2 / 36 * 100)  # 81.11 %
    # 관내: everything counted but S3's P03 (5) and P10 (6): 32.2 − 11 = 21.2
    assert report.in_district_won == 21_200_000
    assert report.in_district_share_pct == pytest.approx(21.2 / 32.2 * 100)  # 65.84 %


def test_report_departments(report):
    no_exceptions = dict.fromkeys(range(1, 7), 0)
    rows = {d.department: d for d in report.departments}
    # ordered by name: 보건소 < 일자리경제과 < 총무과
    assert [d.name for d in report.departments] == ["보건소", "일자리경제과", "총무과"]

    jobs = rows["jobs"]  # P01 4 + P02 1 + P03 5 + P10 6 + P12 7 = 23
    assert (jobs.target_won, jobs.planned_won) == (30 * M, 30 * M)
    assert (jobs.eligible_won, jobs.total_won) == (23 * M, 23 * M)
    assert jobs.achievement_pct == pytest.approx(23 / 30 * 100)
    assert jobs.plan_achievement_pct == pytest.approx(23 / 30 * 100)
    assert (jobs.plan_due_on, jobs.plan_submitted_on) == (D(2014, 1, 31), D(2014, 1, 20))
    assert jobs.plan_days_late == 0
    assert jobs.exceptions == no_exceptions
    assert jobs.exceptions_justified == 0
    assert jobs.suppliers == 3  # S1, S2, S3

    admin = rows["admin"]  # counted P04 2 + P05 3 + P11 0.5 = 5.5; P06 3 not counted
    assert (admin.target_won, admin.planned_won) == (20 * M, 15 * M)
    assert (admin.eligible_won, admin.total_won) == (5_500_000, 8_500_000)
    assert admin.achievement_pct == pytest.approx(5.5 / 20 * 100)  # 27.5 %
    assert admin.plan_achievement_pct == pytest.approx(5.5 / 15 * 100)  # 36.67 %
    assert admin.plan_days_late == (D(2014, 2, 5) - D(2014, 1, 31)).days == 5
    assert admin.exceptions == {**no_exceptions, 2: 1}
    assert admin.exceptions_justified == 1
    assert admin.suppliers == 3  # S1, S4, S2

    health = rows["health"]  # counted P07 2.5 + P08 1.2 = 3.7; P09 0.8 not counted
    assert (health.target_won, health.planned_won) == (10 * M, 0)
    assert (health.eligible_won, health.total_won) == (3_700_000, 4_500_000)
    assert health.achievement_pct == pytest.approx(3.7 / 10 * 100)  # 37 %
    assert health.plan_achievement_pct is None  # no plan
    assert (health.plan_due_on, health.plan_submitted_on, health.plan_days_late) == (None,) * 3
    assert health.exceptions == {**no_exceptions, 6: 1}
    assert health.exceptions_justified == 0  # no written justification
    assert health.suppliers == 2  # S2, S6

    assert sum(d.eligible_won for d in report.departments) == report.eligible_won


def test_report_by_item_category_supplier(report):
    items = [(r.key, r.eligible_won, r.total_won) for r in report.by_item]
    assert items == [
        ("청소용역", 5 * M + 6 * M, 11 * M),
        # tie at 7: 도시락 (1 + 3 + 2.5 + 0.5) before 인테리어공사 (7) in 가나다 order
        ("도시락", 7 * M, 7 * M),
        ("인테리어공사", 7 * M, 7 * M),
        ("복사용지", 4 * M + 2 * M, 6 * M),
        ("현수막", 1_200_000, 1_200_000 + 800_000),
        ("사무용가구", 0, 3 * M),
    ]
    assert report.by_item[0].share_pct == pytest.approx(11 / 32.2 * 100)
    assert report.by_item[-1].share_pct == 0

    categories = [(r.key, r.label, r.eligible_won, r.total_won) for r in report.by_category]
    assert categories == [
        # goods: 4 + 1 + 2 + 3 + 2.5 + 1.2 + 0.5 = 14.2 counted, + 3 + 0.8 = 18 in all
        ("goods", "물품", 14_200_000, 18 * M),
        ("services", "용역", 11 * M, 11 * M),
        ("construction", "공사", 7 * M, 7 * M),
    ]
    assert report.by_category[0].share_pct == pytest.approx(14.2 / 32.2 * 100)

    suppliers = [(r.key, r.label, r.eligible_won, r.total_won, r.new) for r in report.by_supplier]
    assert suppliers == [
        ("S1", "햇살사회적협동조합", (4 + 2 + 7) * M, 13 * M, False),
        ("S3", "나눔사회적기업", (5 + 6) * M, 11 * M, False),
        ("S2", "정릉마을기업", 1 * M + 2_500_000 + 500_000, 4 * M, True),
        ("S4", "장위자활", 3 * M, 3 * M, True),
        ("S6", "새싹예비사회적기업", 1_200_000, 2 * M, True),
        ("S5", "길음협동조합", 0, 3 * M, False),
    ]


def test_report_exceptions_and_not_counted(report):
    summary = {e.code: (e.label, e.count, e.justified, e.amount_won) for e in report.exceptions}
    assert summary == {
        1: ("품질 불만", 0, 0, 0),
        2: ("재고 부족", 1, 1, 3 * M),
        3: ("긴급 수요", 0, 0, 0),
        4: ("예산 초과 가격", 0, 0, 0),
        5: ("수의계약 불가", 0, 0, 0),
        6: ("기관장의 합리적 판단", 1, 0, 800_000),
    }
    assert [(p.id, p.reason_code) for p in report.not_counted] == [
        ("P06", "designation_type_not_eligible"),
        ("P09", "not_designated_on_date"),
    ]


def test_report_by_month(report):
    # month: (eligible, total, supplier HHI, item HHI, top-10 share, suppliers, new suppliers)
    single = (10_000.0, 10_000.0, 100.0, 1)  # one supplier, one item: 100² = 10,000
    hhi_march = 10_000 * (5**2 + 2**2) / 7**2  # S3 5 and S1 2 of 7 (items alike) = 5918.37
    expected = {
        1: (4 * M, 4 * M, *single, 0),  # S1 bought before
        2: (1 * M, 1 * M, *single, 1),  # S2 first seen
        3: (7 * M, 7 * M, hhi_march, hhi_march, 100.0, 2, 0),
        4: (3 * M, 3 * M, *single, 1),  # S4 first seen
        5: (0, 3 * M + 800_000, None, None, None, 0, 0),  # only P06 and P09, not counted
        6: (2_500_000, 2_500_000, *single, 0),
        7: (1_200_000, 1_200_000, *single, 1),  # S6: first counted purchase
        8: (0, 0, None, None, None, 0, 0),
        9: (6 * M, 6 * M, *single, 0),
        10: (0, 0, None, None, None, 0, 0),
        11: (500_000, 500_000, *single, 0),
        12: (7 * M, 7 * M, *single, 0),
    }
    assert [row.month for row in report.by_month] == list(range(1, 13))
    for row in report.by_month:
        eligible, total, s_hhi, i_hhi, top10, suppliers, new = expected[row.month]
        assert (row.eligible_won, row.total_won) == (eligible, total), row.month
        assert row.supplier_hhi == pytest.approx(s_hhi), row.month
        assert row.item_hhi == pytest.approx(i_hhi), row.month
        assert row.top10_items_share_pct == pytest.approx(top10), row.month
        assert (row.suppliers, row.new_suppliers) == (suppliers, new), row.month
    assert sum(r.eligible_won for r in report.by_month) == 32_200_000
    assert sum(r.total_won for r in report.by_month) == 36_000_000


def test_report_year_concentration(report):
    c = report.concentration
    # suppliers 13, 11, 4, 3, 1.2 of 32.2: HHI = 10,000 × Σx² / (Σx)² = 3051.97
    assert c.supplier_hhi == pytest.approx(
        10_000 * (13**2 + 11**2 + 4**2 + 3**2 + 1.2**2) / 32.2**2
    )
    # items 11, 7, 7, 6, 1.2 of 32.2 = 2473.29
    assert c.item_hhi == pytest.approx(10_000 * (11**2 + 7**2 + 7**2 + 6**2 + 1.2**2) / 32.2**2)
    assert c.top10_items_share_pct == pytest.approx(100.0)  # five items only
    assert c.suppliers == 5  # S1, S2, S3, S4, S6 (S5 never counted)
    assert c.new_suppliers == 3  # S2, S4, S6; S1 and S3 were bought from before
    assert c.new_suppliers == sum(r.new_suppliers for r in report.by_month)  # 1 + 1 + 1


def test_top10_items_share_with_eleven_items():
    # items i01..i11 worth 1..11 (백만원): top ten = 66 − 1 = 65 of 66
    records = [
        PurchaseRecord(
            f"p{k}", D(2014, 4, 1), "jobs", f"s{k}", f"공급자{k}", f"i{k:02d}", "goods", k * M, True
        )  # fmt: skip
        for k in range(1, 12)
    ]
    report = annual_report(ReportInput(purchases=records), INSTITUTION, 2014)
    assert sum(range(1, 12)) == 66
    assert report.concentration.top10_items_share_pct == pytest.approx(65 / 66 * 100)  # 98.48
    assert report.by_month[3].top10_items_share_pct == pytest.approx(65 / 66 * 100)
    # eleven suppliers, all new, all in April
    assert report.concentration.suppliers == report.by_month[3].new_suppliers == 11
    assert report.achievement_pct is None  # no target
    assert report.departments[0].achievement_pct is None


def test_report_json_shape(report):
    data = report.as_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    for key in ("institution", "year", "target_won", "eligible_won", "total_won",
                "achievement_pct", "departments", "by_month", "concentration", "not_counted"):  # fmt: skip
        assert key in data
    department = data["departments"][1]
    assert department["name"] == "일자리경제과"
    assert {"name", "target_won", "eligible_won", "achievement_pct", "exceptions"} <= set(
        department
    )
    assert data["departments"][0]["exceptions"]["6"] == 1
    assert data["by_month"][0] == {
        "month": 1, "eligible_won": 4 * M, "total_won": 4 * M, "supplier_hhi": 10_000.0,
        "item_hhi": 10_000.0, "top10_items_share_pct": 100.0, "suppliers": 1, "new_suppliers": 0,
    }  # fmt: skip
    assert set(data["concentration"]) == {
        "supplier_hhi", "item_hhi", "top10_items_share_pct", "suppliers", "new_suppliers",
    }  # fmt: skip
    assert data["not_counted"][0]["id"] == "P06"
    assert data["not_counted"][0]["purchased_on"] == "2014-05-02"


def test_report_empty_year():
    report = annual_report(ReportInput(purchases=[], target_won=100), INSTITUTION, 2014)
    assert (report.eligible_won, report.total_won, report.achievement_pct) == (0, 0, 0.0)
    assert report.counted_share_pct is None
    assert report.concentration.supplier_hhi is None
    assert report.concentration.suppliers == 0
    assert len(report.by_month) == 12


def test_report_rejects_a_purchase_of_another_year():
    records = [_record(PURCHASES[0])]
    records.append(replace(records[0], id="P99", purchased_on=D(2015, 1, 2)))
    with pytest.raises(ValueError, match="P99"):
        annual_report(ReportInput(purchases=records), INSTITUTION, 2014)


def test_bench_report_small_run():
    result = bench_report(n=2_000, repeats=1)
    assert result["purchases"] == 2_000
    assert result["report_s"] > 0
    assert 0 < result["not_counted"] < 2_000


# ---------------------------------------------------------------------------
# Evaluation (Art. 17)
# ---------------------------------------------------------------------------


def test_evaluation_of_the_small_year(report):
    scores = {e.department: e for e in evaluate_departments(report.departments)}
    # weights 50 / 20 / 15 / 15; best breadth = 3 suppliers
    jobs = scores["jobs"]  # 23/30 achieved, plan on time, no exceptions, 3 suppliers
    assert jobs.achievement_score == pytest.approx(23 / 30 * 100)
    assert (jobs.plan_score, jobs.exceptions_score, jobs.breadth_score) == (100, 100, 100)
    assert jobs.total_score == pytest.approx(
        (50 * 23 / 30 * 100 + 20 * 100 + 15 * 100 + 15 * 100) / 100
    )
    admin = scores["admin"]  # 5.5/20, 5 days late of 10 → 50, 1 of 1 justified, 3 suppliers
    assert admin.achievement_score == pytest.approx(27.5)
    assert admin.plan_score == pytest.approx(100 * (1 - 5 / 10))
    assert (admin.exceptions_score, admin.breadth_score) == (100, 100)
    assert admin.total_score == pytest.approx((50 * 27.5 + 20 * 50 + 15 * 100 + 15 * 100) / 100)
    health = scores["health"]  # 3.7/10, no plan, 0 of 1 justified, 2 of 3 suppliers
    assert health.achievement_score == pytest.approx(37.0)
    assert (health.plan_score, health.exceptions_score) == (0, 0)
    assert health.breadth_score == pytest.approx(2 / 3 * 100)
    assert health.total_score == pytest.approx((50 * 37 + 20 * 0 + 15 * 0 + 15 * 200 / 3) / 100)
    assert (jobs.rank, admin.rank, health.rank) == (1, 2, 3)  # 88.33 > 53.75 > 28.5


def _dept(key, *, target=100, eligible=100, late=0, exceptions=0, justified=0, suppliers=4):
    return DepartmentPerformance(
        department=key, name=key, target_won=target, planned_won=0, eligible_won=eligible,
        total_won=eligible, achievement_pct=None, plan_achievement_pct=None,
        plan_due_on=None, plan_submitted_on=None, plan_days_late=late,
        exceptions={1: exceptions}, exceptions_justified=justified, suppliers=suppliers,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("department", "weights", "expected"),
    [
        # achievement capped at 100 %: 150 of 100 → 100; everything else full → 100
        (_dept("a", eligible=150), EvaluationWeights(), (100, 100, 100, 100, 100)),
        # no target: achievement not applicable, its weight left out:
        # (20 × 100 + 15 × 100 + 15 × 50) / (20 + 15 + 15) = 4250 / 50 = 85
        (_dept("a", target=None, suppliers=2), EvaluationWeights(), (None, 100, 100, 50, 85)),
        # late 3 days of a 10-day cutoff → 70; 1 of 2 exceptions justified → 50
        # (50 × 50 + 20 × 70 + 15 × 50 + 15 × 100) / 100 = 61.5
        (_dept("a", eligible=50, late=3, exceptions=2, justified=1), EvaluationWeights(),
         (50, 70, 50, 100, 61.5)),
        # late past the cutoff → 0; late with cutoff 0 → 0
        (_dept("a", late=12), EvaluationWeights(), (100, 0, 100, 100, 80)),
        (_dept("a", late=1), EvaluationWeights(plan_late_cutoff_days=0), (100, 0, 100, 100, 80)),
        # not submitted → 0
        (_dept("a", late=None), EvaluationWeights(), (100, 0, 100, 100, 80)),
        # other weights: (10 × 50 + 0 × 100 + 0 × 100 + 30 × 100) / 40 = 87.5
        (_dept("a", eligible=50), EvaluationWeights(10, 0, 0, 30), (50, 100, 100, 100, 87.5)),
    ],
)  # fmt: skip
def test_evaluation_components(department, weights, expected):
    best = _dept("best", suppliers=4)  # breadth is relative to the best department: 4
    evaluation = {e.department: e for e in evaluate_departments([department, best], weights)}["a"]
    achievement, plan, exceptions, breadth, total = expected
    assert evaluation.achievement_score == (
        None if achievement is None else pytest.approx(achievement)
    )
    assert evaluation.plan_score == pytest.approx(plan)
    assert evaluation.exceptions_score == pytest.approx(exceptions)
    assert evaluation.breadth_score == pytest.approx(breadth)
    assert evaluation.total_score == pytest.approx(total)


def test_evaluation_ties_share_a_rank():
    rows = [
        _dept("c", eligible=10),  # (50 × 10 + 5000) / 100 = 55
        _dept("b", eligible=60),  # (50 × 60 + 5000) / 100 = 80
        _dept("a", eligible=60),  # 80, tie with b
    ]
    evaluations = evaluate_departments(rows)
    assert [(e.department, e.rank) for e in evaluations] == [("a", 1), ("b", 1), ("c", 3)]
    assert [e.total_score for e in evaluations] == pytest.approx([80, 80, 55])


def test_evaluation_weights_default_to_100_and_reject_negative():
    w = EvaluationWeights()
    assert w.achievement + w.plan_on_time + w.justified_exceptions + w.supplier_breadth == 100
    with pytest.raises(ValueError):
        EvaluationWeights(achievement=-1)
    with pytest.raises(ValueError):
        EvaluationWeights(0, 0, 0, 0)


# ---------------------------------------------------------------------------
# OCDS 1.1 release package, validated against the official schema (offline copy)
# ---------------------------------------------------------------------------

SCHEMA_DIR = Path(__file__).parent / "data" / "ocds_1_1_5"
PUBLISHED = datetime(2015, 1, 15, 10, 0, tzinfo=timezone(timedelta(hours=9)))


@pytest.fixture(scope="module")
def ocds_validator():
    package_schema = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text("utf-8"))
    release_schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text("utf-8"))
    registry = Registry().with_resource(
        release_schema["id"], Resource.from_contents(release_schema, default_specification=DRAFT4)
    )
    return Draft4Validator(package_schema, registry=registry)


@pytest.fixture(scope="module")
def package():
    return ocds_release_package(
        _small_year(), INSTITUTION, 2014, PUBLISHED, "https://se.example.go.kr/ocds/sb/2014.json",
        ocid_prefix="ocds-213czf-",
    )  # fmt: skip


def test_ocds_package_is_valid_against_the_release_package_schema(ocds_validator, package):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in ocds_validator.iter_errors(package)]
    assert errors == []
    json.dumps(package)  # serialisable as it is


def test_ocds_validator_is_not_a_rubber_stamp(ocds_validator, package):
    broken = json.loads(json.dumps(package))
    broken["releases"][0]["initiationType"] = "auction"
    broken["releases"][3]["awards"][0]["value"]["currency"] = "WON"
    del broken["publisher"]
    messages = [e.message for e in ocds_validator.iter_errors(broken)]
    assert len(messages) == 3


def test_ocds_package_content(package):
    assert package["version"] == "1.1"
    assert package["uri"] == "https://se.example.go.kr/ocds/sb/2014.json"
    assert package["publishedDate"] == "2015-01-15T10:00:00+09:00"
    institution_brn = make_business_no("209830000")
    assert package["publisher"] == {"name": "성북구청", "scheme": "KR-BRN", "uid": institution_brn}
    releases = package["releases"]
    assert len(releases) == 2 + 12  # two submitted plans (보건소 has none), twelve purchases
    assert len({r["id"] for r in releases}) == len(releases)
    for release in releases:
        assert release["ocid"].startswith("ocds-213czf-sb-")
        assert release["initiationType"] == "tender"
        assert release["buyer"] == {"id": f"KR-BRN-{institution_brn}", "name": "성북구청"}
        datetime.fromisoformat(release["date"])  # a real date-time

    planning = [r for r in releases if r["tag"] == ["planning"]]
    assert [r["ocid"] for r in planning] == [
        "ocds-213czf-sb-2014-plan-admin",
        "ocds-213czf-sb-2014-plan-jobs",
    ]
    assert planning[1]["planning"]["budget"]["amount"] == {"amount": 30 * M, "currency": "KRW"}
    assert planning[0]["date"] == "2014-02-05T00:00:00+09:00"  # submitted 5 February

    purchases = [r for r in releases if r["tag"] == ["award", "contract"]]
    assert [r["ocid"][-3:] for r in purchases] == [
        "P01", "P02", "P03", "P04", "P05", "P06", "P09", "P07", "P08", "P10", "P11", "P12",
    ]  # by date  # fmt: skip
    first = purchases[0]  # P01, 햇살사회적협동조합 with 사업자등록번호 124-81-00998
    supplier = next(p for p in first["parties"] if p["roles"] == ["supplier"])
    assert supplier == {
        "id": "KR-BRN-1248100998",
        "name": "햇살사회적협동조합",
        "roles": ["supplier"],
        "identifier": {"scheme": "KR-BRN", "id": "1248100998", "legalName": "햇살사회적협동조합"},
    }
    assert first["awards"][0]["value"] == {"amount": 4 * M, "currency": "KRW"}
    assert first["awards"][0]["suppliers"] == [
        {"id": "KR-BRN-1248100998", "name": "햇살사회적협동조합"}
    ]
    assert first["contracts"][0]["awardID"] == first["awards"][0]["id"]
    assert first["contracts"][0]["dateSigned"] == "2014-01-15T00:00:00+09:00"
    assert first["tender"]["mainProcurementCategory"] == "goods"
    assert first["tender"]["procurementMethod"] == "direct"  # 수의계약
    department = next(p for p in first["parties"] if p["roles"] == ["procuringEntity"])
    assert department["name"] == "성북구청 일자리경제과"
    p12 = purchases[-1]
    assert p12["tender"]["mainProcurementCategory"] == "works"  # 공사
    p02 = purchases[1]  # no 사업자등록번호: a local id, no identifier
    assert p02["awards"][0]["suppliers"] == [{"id": "sb-supplier-S2", "name": "정릉마을기업"}]
    p06 = purchases[5]
    assert "불인정" in p06["awards"][0]["description"]
    assert "제2호" in p06["awards"][0]["description"]


@pytest.mark.parametrize("prefix", ["ocds-213czf", "ocds-213czf-"])
def test_ocds_prefix_hyphen_is_optional(prefix):
    package = ocds_release_package(
        _small_year(), INSTITUTION, 2014, PUBLISHED, "https://x.example", ocid_prefix=prefix
    )
    assert package["releases"][0]["ocid"].startswith("ocds-213czf-sb-")


@pytest.mark.parametrize(
    ("prefix", "published_at"),
    [
        ("ocds-xx", PUBLISHED),  # too short
        ("oc-213czf", PUBLISHED),  # not ocds-
        ("ocds-213czf", datetime(2015, 1, 15, 10, 0)),  # naive date-time
    ],
)
def test_ocds_bad_arguments_raise(prefix, published_at):
    with pytest.raises(ValueError):
        ocds_release_package(
            _small_year(), INSTITUTION, 2014, published_at, "https://x.example", ocid_prefix=prefix
        )


def test_ocds_a_masked_supplier_number_gives_the_local_party_id(ocds_validator):
    """A purchase may carry a masked business number (124-81-***98): it identifies nobody, so the
    supplier gets the institution's local party id instead of a KR-BRN one (before: an error, a 500)."""
    import dataclasses

    year = _small_year()
    masked = dataclasses.replace(year.purchases[0], supplier_brn="12481***98")
    package = ocds_release_package(dataclasses.replace(year, purchases=[masked, *year.purchases[1:]]), INSTITUTION,
                                   2014, PUBLISHED, "https://se.example.go.kr/ocds/", ocid_prefix="ocds-213czf-")
    assert list(ocds_validator.iter_errors(package)) == []
    parties = [party for release in package["releases"] for party in release.get("parties", [])]
    local = f"sb-supplier-{masked.supplier_id}"
    assert any(party["id"] == local and "identifier" not in party for party in parties)
    assert not any("***" in json.dumps(party) and party.get("identifier") for party in parties)
