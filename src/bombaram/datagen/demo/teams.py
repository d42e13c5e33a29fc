"""Demonstration data of the programme teams (예시 데이터), loaded by ``bombaram demo``. Idempotent.

For each of the 13 teams: its yearly contracts as its cohort implies (1차 from 2012-07, 2차 from 2012-11,
3차 from 2013-06; one-year contracts of about 2억원, the first evaluated and extended, the running one
waiting for its evaluation), targets by ledger measure, a consortium of organisations of the demonstration
registry in its district (a lead and members; 성북 also has one not yet registered), and two staff members.
Amounts, targets, names and people are invented and marked illustrative.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from bombaram.programmes.choices import EvaluationResult, MemberRole
from bombaram.programmes.models import (
    ConsortiumMember,
    Contract,
    ContractTarget,
    ProgrammeTeam,
    TeamStaff,
)
from bombaram.registry.models import Organisation

#: cohort → (first contract's start, its evaluation date, the passed years before the running one)
COHORT_CONTRACTS = {
    1: [(dt.date(2012, 7, 1), dt.date(2013, 6, 14), EvaluationResult.PASSED),
        (dt.date(2013, 7, 1), dt.date(2014, 6, 13), EvaluationResult.PENDING)],
    2: [(dt.date(2012, 11, 1), dt.date(2013, 10, 11), EvaluationResult.PASSED),
        (dt.date(2013, 11, 1), dt.date(2014, 10, 10), EvaluationResult.PENDING)],
    3: [(dt.date(2013, 6, 1), dt.date(2014, 5, 16), EvaluationResult.PENDING)],
}
AMOUNTS = [200_000_000, 195_000_000, 205_000_000, 190_000_000, 210_000_000]
#: measure code → (first-year target, growth in the next year)
TARGETS = {"education_hours": (80, 20), "education_trainees": (300, 60), "markets_and_fairs_held": (6, 2),
           "steering_committee_meetings": (6, 0), "cooperation_network_organisations": (30, 10)}
STAFF = [("사업단장", "김{}"), ("코디네이터", "이{}")]
GIVEN_NAMES = ["하늘", "보람", "지원", "민준", "서연", "도윤", "예린", "현우", "수아", "지호", "나래", "한결", "가람",
               "다온", "이든", "해솔", "윤슬", "라온", "새봄", "단비", "누리", "초롱", "아라", "마루", "솔", "별"]
PENDING = ("(가칭) 정릉마을 돌봄협동조합 준비모임", "")


def _end(start: dt.date) -> dt.date:
    return start.replace(year=start.year + 1) - dt.timedelta(days=1)


@transaction.atomic
def load_demo_programmes() -> dict[str, int]:
    """Create the teams' illustrative contracts, consortia and staff unless they exist."""
    if Contract.objects.filter(illustrative=True).exists():
        return {"contracts": Contract.objects.count(), "members": ConsortiumMember.objects.count(),
                "staff": TeamStaff.objects.count()}
    rng = random.Random(2014)
    user_model = get_user_model()
    seongbuk_user = user_model.objects.filter(username="seongbuk-team").first()
    contracts = members = staff = 0
    names = iter(GIVEN_NAMES)
    for index, team in enumerate(ProgrammeTeam.objects.select_related("district").order_by("cohort", "district__order")):
        for number, (start, evaluation_date, result) in enumerate(COHORT_CONTRACTS[team.cohort], start=1):
            contract = Contract.objects.create(
                team=team, number=number, start=start, end=_end(start), amount_won=AMOUNTS[(index + number) % len(AMOUNTS)],
                evaluation_date=evaluation_date, evaluation_result=result, illustrative=True,
                conditions="예시 데이터: 2차년도에는 지역 협력네트워크 확대에 집중" if result == EvaluationResult.PASSED else "")
            ContractTarget.objects.bulk_create([
                ContractTarget(contract=contract, measure=code, target=Decimal(first + growth * (number - 1)))
                for code, (first, growth) in TARGETS.items()])
            contracts += 1
        organisations = list(Organisation.objects.filter(district=team.district, illustrative=True).order_by("pk")[:40])
        chosen = rng.sample(organisations, min(len(organisations), rng.randint(4, 6)))
        for position, organisation in enumerate(chosen):
            ConsortiumMember.objects.create(team=team, organisation=organisation, illustrative=True,
                                            role=MemberRole.LEAD if position == 0 else MemberRole.MEMBER)
            members += 1
        if team.district.code == "11290":
            ConsortiumMember.objects.create(team=team, pending_name=PENDING[0], pending_business_no=PENDING[1],
                                            role=MemberRole.MEMBER, illustrative=True)
            members += 1
        for role, pattern in STAFF:
            TeamStaff.objects.create(team=team, name=pattern.format(next(names)), role=role, phone=team.phone,
                                     email=team.email if role == "사업단장" else "", illustrative=True,
                                     user=seongbuk_user if team.district.code == "11290" and role == "코디네이터" else None)
            staff += 1
    return {"contracts": contracts, "members": members, "staff": staff}
