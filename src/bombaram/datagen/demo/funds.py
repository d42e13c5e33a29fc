"""Demonstration local funds (예시 데이터): 노원 and 성동, from the report's 자본조성 row.

The report's results table (/work/shared/seed/seoul-social-economy-2014-report.txt, line 458: "사회적경제 지역
기금 조성 및 추진 · 기초기금모금진행중 (노원 600만원, 성동 2,000만원)") gives the money raised. That money is in the
programme ledger already (programmes.demo: two approved 'fund' records per district, the roll-up's
``local_fund_raised``); the funds LINK those records, so 600만원 and 2,000만원 are entered once. Invented here: which
kind of contributor each drive counts as, a pledge, the grant, the loan and the repayment.
Idempotent: nothing is written when the funds are already there. Needs the demo ledger (and, for 성동's loan,
the demo founding) first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bombaram.cooperatives.choices import ContributionKind, ContributorKind, FundUseKind
from bombaram.cooperatives.funds import link_record, unlinked_ledger_records
from bombaram.cooperatives.models import FundContribution, FundRepayment, FundUse, LocalFund
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import Organisation

NOTE = ("보고서(사업 성과 요약, 자본조성): 기초기금 모금 진행 중 (노원 600만원, 성동 2,000만원). 모금액은 사업단 활동 대장의 "
        "기록을 그대로 읽습니다. 기여자 구분, 약정, 지원·융자·상환은 지어낸 예시 데이터입니다.")
KINDS = [ContributorKind.RESIDENT, ContributorKind.ORGANISATION]


@transaction.atomic
def load_demo_funds() -> list[LocalFund]:
    funds = []
    for district in ("노원구", "성동구"):
        team = ProgrammeTeam.objects.select_related("district").get(district__name_ko=district)
        name = f"{district[:-1]} 사회적경제 지역기금"
        fund = LocalFund.objects.filter(name=name).first()
        if fund is None:
            fund = LocalFund.objects.create(name=name, district=team.district, team=team, opened_on=dt.date(2013, 3, 1),
                                            note=NOTE, illustrative=True)
            for i, record in enumerate(unlinked_ledger_records(fund)):
                link_record(actor=None, fund=fund, record=record, contributor=f"{record.title} (예시)",
                            contributor_kind=KINDS[i % 2])
            FundContribution.objects.create(fund=fund, kind=ContributionKind.PLEDGE, day=dt.date(2013, 11, 1),
                                            contributor=f"{district} 지역 기관 (예시)",
                                            contributor_kind=ContributorKind.INSTITUTION, amount_won=2_000_000)
            _uses(fund, district)
        funds.append(fund)
    return funds


def _uses(fund: LocalFund, district: str) -> None:
    """노원: a 100만원 grant; 성동: a 500만원 loan to the founded dental cooperative, 50만원 repaid."""
    if district == "노원구":
        organisation = Organisation.objects.filter(district=fund.district).order_by("name", "pk").first()
        if organisation is not None:
            FundUse.objects.create(fund=fund, kind=FundUseKind.GRANT, day=dt.date(2013, 12, 10), organisation=organisation,
                                   amount_won=1_000_000, purpose="사업 개발비 지원 (예시)")
        return
    organisation = Organisation.objects.filter(name="건강한 의료복지 사회적협동조합").first()
    if organisation is None:
        return
    loan = FundUse.objects.create(fund=fund, kind=FundUseKind.LOAN, day=dt.date(2014, 3, 20), organisation=organisation,
                                  amount_won=5_000_000, purpose="치과병원 개원 준비 (예시)")
    FundRepayment.objects.create(loan=loan, day=dt.date(2014, 6, 30), amount_won=500_000)
