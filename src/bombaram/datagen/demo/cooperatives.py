"""Demonstration share register (예시 데이터): 독산고건강매점협동조합 (금천구), from the report's case.

The report gives the founding assembly (2013-08-30, 20 members) and the membership later
(조합원 구성): 교원 17명 40구좌 200만원, 학부모 15명 45구좌 230만원. The share price (5만원) follows
from the teachers' row (200만원 ÷ 40구좌). Members' names, the split of shares between them and the
dates of the later joins are invented. The parents' 45 shares at 5만원 make 225만원, not the printed
230만원 (46 shares would): the register keeps 45 shares fully paid and the note says so.
Idempotent: nothing is written when the cooperative is already there.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bombaram.cooperatives.choices import MemberKind, MemberType, ShareEventKind
from bombaram.cooperatives.models import Cooperative, Member, ShareEvent
from bombaram.cooperatives.services import write_registry_counts
from bombaram.core.names import normalise_name
from bombaram.registry.models import District, Organisation

NAME = "독산고건강매점협동조합"
SHARE_PRICE = 50_000
FOUNDED = dt.date(2013, 8, 30)
LATER = dt.date(2013, 12, 26)
COUNTED_ON = dt.date(2014, 1, 31)
NOTE = ("보고서(조합원 구성): 교원 17명 40구좌 200만원, 학부모 15명 45구좌 230만원. 1구좌 5만원(교원 200만원 ÷ 40구좌)으로 "
        "학부모 45구좌는 225만원이어서 보고서의 230만원과 5만원(1구좌) 차이가 납니다. 이 명부는 45구좌 전액 납입(225만원)으로 "
        "두었습니다. 창립총회(2013-08-30) 조합원 20명은 보고서대로이고, 조합원 이름·구좌 배분·이후 가입일은 지어낸 예시 데이터입니다.")


def doksan_members() -> list[tuple[str, str, int, dt.date]]:
    """(name, kind, shares, joined): 11 teachers with 2 shares and 6 with 3 (17 members, 40 shares);
    15 parents with 3 shares (45 shares). 10 teachers and 10 parents at the founding assembly."""
    rows = []
    for i in range(17):
        rows.append((f"교원 조합원 {i + 1:02d}", MemberKind.TEACHER, 2 if i < 11 else 3, FOUNDED if i < 10 else LATER))
    for i in range(15):
        rows.append((f"학부모 조합원 {i + 1:02d}", MemberKind.PARENT, 3, FOUNDED if i < 10 else LATER))
    return rows


@transaction.atomic
def load_demo_cooperatives() -> Cooperative:
    existing = Cooperative.objects.filter(organisation__name=NAME).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.filter(name=NAME).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=NAME, name_key=normalise_name(NAME), legal_form="협동조합", district=District.objects.get(name_ko="금천구"),
            location="in_region", founded=FOUNDED)
    cooperative = Cooperative.objects.create(organisation=organisation, share_price_won=SHARE_PRICE, note=NOTE)
    for number, (name, kind, shares, joined) in enumerate(doksan_members(), start=1):
        member = Member.objects.create(cooperative=cooperative, number=number, name=name, kind=kind, member_type=MemberType.PERSON)
        ShareEvent.objects.create(cooperative=cooperative, member=member, day=joined, kind=ShareEventKind.JOIN,
                                  shares=shares, amount_won=shares * SHARE_PRICE, note="예시 데이터")
    # the registry's figures come from the register (as send_counts_to_registry writes them)
    write_registry_counts(cooperative=cooperative, as_of=COUNTED_ON)
    load_demo_credit(cooperative)
    load_demo_survey(cooperative)
    return cooperative


SURVEY_TITLE = "학교매점 운영을 위한 협동조합 설립 의견조사"
SURVEY_NOTE = ("보고서: 2013년 7월 18일 가정통신문을 전 학년에 배부, 278부 수합 결과 64.75% 찬성. 보고서는 찬성 수를 적지 않았습니다. "
               "278부 중 64.75%로 적히는 찬성 수는 180부 하나뿐이어서(179부는 64.39%, 181부는 65.11%) 찬성 180부, 반대 98부로 입력했습니다.")


def load_demo_survey(cooperative: Cooperative) -> None:
    """The 독산고 parent survey from the report (idempotent by title)."""
    import secrets

    from bombaram.cooperatives.choices import ResponseSource
    from bombaram.cooperatives.models import Survey, SurveyAnswer, SurveyChoice

    if Survey.objects.filter(cooperative=cooperative, title=SURVEY_TITLE).exists():
        return
    survey = Survey.objects.create(cooperative=cooperative, title=SURVEY_TITLE, held_on=dt.date(2013, 7, 18),
                                   question="협동조합 설립을 통한 학교매점 운영에 찬성하십니까?", note=SURVEY_NOTE,
                                   token=secrets.token_urlsafe(24))
    for order, (label, count) in enumerate([("찬성", 180), ("반대", 98)]):
        choice = SurveyChoice.objects.create(survey=survey, label=label, order=order)
        SurveyAnswer.objects.bulk_create([SurveyAnswer(survey=survey, choice=choice, source=ResponseSource.PAPER)
                                          for _ in range(count)])


#: the local-currency pilot's demonstration (invented): four accounts, three transfers
DEMO_LIMITS = {1: 100_000, 2: 100_000, 18: 50_000, 19: 0}
DEMO_TRANSFERS = [("demo-1", 18, 1, 30_000, "매점 물품 (예시)"), ("demo-2", 1, 19, 12_000, "텃밭 채소 (예시)"),
                  ("demo-3", 19, 2, 5_000, "교육 자료 (예시)")]


def load_demo_credit(cooperative: Cooperative) -> None:
    """Accounts and transfers written directly (as the ledger service does); idempotent by key."""
    from django.db.models import F

    from bombaram.cooperatives.models import CreditAccount, CreditEntry, CreditTransfer

    accounts = {}
    for number, limit in DEMO_LIMITS.items():
        member = Member.objects.get(cooperative=cooperative, number=number)
        accounts[number], _created = CreditAccount.objects.get_or_create(member=member, defaults={"credit_limit": limit})
    for key, payer, payee, amount, memo in DEMO_TRANSFERS:
        if CreditTransfer.objects.filter(cooperative=cooperative, idempotency_key=key).exists():
            continue
        transfer = CreditTransfer.objects.create(cooperative=cooperative, idempotency_key=key, payer=accounts[payer],
                                                 payee=accounts[payee], amount=amount, memo=memo)
        for number, signed in ((payer, -amount), (payee, amount)):
            CreditAccount.objects.filter(pk=accounts[number].pk).update(balance=F("balance") + signed)
            after = CreditAccount.objects.values_list("balance", flat=True).get(pk=accounts[number].pk)
            CreditEntry.objects.create(transfer=transfer, account=accounts[number], amount=signed, balance_after=after)
