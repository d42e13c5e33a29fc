"""Demonstration data of the public purchase system (예시 데이터): 성북구 2011–2014.

The yearly targets are the report's (6억, 10억, 20억, 25억; reference/seoul2014/
seongbuk_purchase_targets.csv). Departments are realistic; purchases are invented, deterministic,
bought from the demonstration registry so that each year's counted amount lands near its target,
with some purchases that do not count (general cooperatives, suppliers not in the registry), a few
through the sales hall or a purchasing agent, and exceptions with their Art. 10 reasons.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from bombaram.core.purchase import EXCEPTION_REASONS, ContractMethod
from bombaram.procurement.choices import DepartmentKind
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    EligibilityPolicy,
    Institution,
    Purchase,
    YearTarget,
)
from bombaram.procurement.services import totals
from bombaram.procurement.services.eligibility import (
    check,
    designated_by_head,
    designation_history,
    policy_for,
)
from bombaram.registry.models import District, Organisation
from bombaram.registry.reference_data import read_rows

DEPARTMENTS = [
    ("planning", "기획예산과", DepartmentKind.HEADQUARTERS), ("general", "총무과", DepartmentKind.HEADQUARTERS),
    ("social-economy", "사회적경제과", DepartmentKind.HEADQUARTERS), ("welfare", "복지정책과", DepartmentKind.HEADQUARTERS),
    ("education", "교육지원과", DepartmentKind.HEADQUARTERS), ("culture", "문화체육과", DepartmentKind.HEADQUARTERS),
    ("cleaning", "청소행정과", DepartmentKind.HEADQUARTERS), ("parks", "공원녹지과", DepartmentKind.HEADQUARTERS),
    ("health", "보건소 건강증진과", DepartmentKind.HEALTH_CENTRE), ("seongbuk-dong", "성북동 주민센터", DepartmentKind.COMMUNITY_CENTRE),
    ("jongam-dong", "종암동 주민센터", DepartmentKind.COMMUNITY_CENTRE), ("council", "구의회 사무국", DepartmentKind.COUNCIL),
    ("corporation", "성북구도시관리공단", DepartmentKind.PUBLIC_CORPORATION),
]
#: share of the institution's target notified to each department (sums to 1)
TARGET_SHARES = [0.08, 0.12, 0.10, 0.14, 0.09, 0.09, 0.10, 0.07, 0.07, 0.03, 0.03, 0.03, 0.05]
ITEMS = [("도시락·다과", "goods"), ("행사 운영", "services"), ("청소 용역", "services"), ("친환경 세제", "goods"),
         ("사무용품", "goods"), ("교육 프로그램", "services"), ("홍보물 인쇄", "goods"), ("공연 기획", "services"),
         ("집수리", "construction"), ("화분·조경", "goods"), ("돌봄 서비스", "services"), ("커피·음료", "goods")]

#: contract methods of the invented purchases, stored as codes (core.purchase.ContractMethod) like every
#: other purchase: the OCDS procurementMethod is read from the code
DEMO_METHODS = [ContractMethod.PRIVATE_CONTRACT, ContractMethod.RESTRICTED_COMPETITION, ContractMethod.OPEN_COMPETITION]


@transaction.atomic
def load_demo_procurement() -> int:
    """Create 성북구청's demonstration system unless it exists; returns the number of purchases."""
    institution = Institution.objects.filter(code="seongbuk").first()
    if institution is not None:
        return institution.purchases.count()
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"), illustrative=True)
    EligibilityPolicy.objects.create(
        institution=institution,
        eligible_types=["certified_se", "seoul_pre_se", "regional_pre_se", "social_cooperative", "self_sufficiency",
                        "village_enterprise", "district_designated"])
    departments = [Department.objects.create(institution=institution, code=c, name=n, kind=k) for c, n, k in DEPARTMENTS]
    targets = {int(r["year"]): int(r["target_won"]) for r in read_rows("seoul2014", "seongbuk_purchase_targets.csv")}
    for year, target in targets.items():
        YearTarget.objects.create(institution=institution, year=year, target_won=target,
                                  source="2014년 성과보고서, 성북구 공공구매 목표액")
        for department, share in zip(departments, TARGET_SHARES, strict=True):
            DepartmentTarget.objects.create(department=department, year=year, target_won=round(target * share, -6))

    rng = random.Random(2014)
    policy = policy_for(institution)
    head = designated_by_head(institution)
    orgs = list(Organisation.objects.filter(illustrative=True).select_related("district").order_by("pk"))
    history = designation_history(o.pk for o in orgs)
    local = [o for o in orgs if o.district_id == institution.district_id]
    purchases = []
    for year, target in targets.items():
        spent, tries = 0, 0
        goal = target * rng.uniform(0.92, 1.08)
        while spent < goal and tries < 6000:
            tries += 1
            department = rng.choices(departments, weights=TARGET_SHARES)[0]
            item, category = rng.choice(ITEMS)
            day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            supplier = rng.choice(local if rng.random() < 0.55 else orgs)
            channel = "sales_hall" if rng.random() < 0.08 else "reseller" if rng.random() < 0.06 else "direct"
            amount = rng.choice([300_000, 500_000, 1_200_000, 2_500_000, 4_800_000, 9_000_000, 15_000_000])
            if rng.random() < 0.07:  # bought elsewhere, with an Art. 10 reason
                code = rng.choice(list(EXCEPTION_REASONS))
                purchases.append(Purchase(
                    institution=institution, department=department, purchased_on=day, supplier=None,
                    supplier_name=rng.choice(["(주)한빛상사", "대한종합물산", "서울사무기기"]), item=item, category=category,
                    amount_won=amount, contract_method=ContractMethod.PRIVATE_CONTRACT, channel="direct", exception_code=code,
                    exception_justification=f"{EXCEPTION_REASONS[code]}: 담당 부서가 사유서를 첨부함 (예시)",
                    counted=False, not_counted_reason="사회적경제 조직 등록부에 없는 업체입니다"))
                continue
            result = check(institution, policy, supplier, history.get(supplier.pk, []), day, channel, head)
            purchases.append(Purchase(
                institution=institution, department=department, purchased_on=day, supplier=supplier,
                supplier_name=supplier.name, supplier_business_no=supplier.business_no, item=item, category=category,
                amount_won=amount, contract_method=rng.choice(DEMO_METHODS), channel=channel,
                counted=result.counted, not_counted_reason=result.reason or "", in_district=result.in_district,
                indirect=result.indirect))
            if result.counted:
                spent += amount
    Purchase.objects.bulk_create(purchases, batch_size=500)
    totals.rebuild(institution)
    return len(purchases)


@transaction.atomic
def publish_demo_disclosures(user) -> int:
    """2014's department plans (submitted and approved), the published plan and the twelve months'
    disclosures, written through the same services the officers use. Idempotent."""
    from bombaram.procurement.models import Disclosure, PurchasePlan
    from bombaram.procurement.services import disclosures, plans

    institution = Institution.objects.filter(code="seongbuk").first()
    if institution is None or Disclosure.objects.filter(institution=institution).exists():
        return Disclosure.objects.filter(institution=institution).count() if institution else 0
    rng = random.Random(6)
    orgs = list(Organisation.objects.filter(illustrative=True, district__code="11290").order_by("pk")[:40])
    for department in institution.departments.order_by("pk"):
        plan = plans.create_plan(user=user, department=department, year=2014)
        target = department.targets.get(year=2014).target_won
        for item, category in rng.sample(ITEMS, 3):
            plans.add_plan_item(user=user, plan=plan, item=item, category=category,
                                planned_won=int(round(target / 3 * rng.uniform(0.9, 1.2), -5)),
                                candidates=[o.pk for o in rng.sample(orgs, 2)])
        plans.submit_plan(user=user, plan=plan)
        plans.approve_plan(user=user, plan=plan)
    PurchasePlan.objects.filter(department__institution=institution, year=2014).update(
        submitted=dt.datetime(2013, 12, 20, 10, tzinfo=dt.UTC), decided=dt.datetime(2014, 1, 6, 10, tzinfo=dt.UTC))
    plans.publish_plan(user=user, institution=institution, year=2014)
    for month in range(1, 13):
        disclosures.publish_month(user=user, institution=institution, year=2014, month=month)
    return Disclosure.objects.filter(institution=institution).count()
