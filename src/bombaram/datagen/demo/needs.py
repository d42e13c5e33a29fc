"""Demonstration needs (예시 데이터): the 2014 purchase plans' items of 성북구청's departments as needs, the
강북 school uniforms group purchase, and outcomes for some of them. Idempotent.

The group purchase takes the report's figures: 강북 organised the group purchase of school uniforms for
5,500 students, 22억원 (2014년 성과보고서, 강북구 지역특화사업); the schools and their split are invented.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from bombaram.market.choices import MatchOutcomeKind
from bombaram.market.models import MatchOutcome, Need
from bombaram.market.queries.needs import suggestions_for
from bombaram.market.services.needs import post_need, post_need_from_plan_item, record_outcome
from bombaram.procurement.models import PlanItem, Purchase
from bombaram.registry.models import District

#: 강북's uniforms: 5,500 students and 22억원 in all (the report); the split by school is invented
UNIFORM_BUYERS = [("강북 ○○중학교 (예시)", 1_200, 480_000_000), ("강북 △△중학교 (예시)", 1_100, 440_000_000),
                  ("강북 □□고등학교 (예시)", 1_000, 400_000_000), ("강북 ◇◇고등학교 (예시)", 1_100, 440_000_000),
                  ("강북 ☆☆고등학교 (예시)", 1_100, 440_000_000)]


@transaction.atomic
def load_demo_needs() -> dict[str, int]:
    """Needs from the demo plans' items, the group purchase and some outcomes; returns the counts."""
    centre = get_user_model().objects.filter(username="centre").first()
    if centre is None:
        return {"needs": 0, "outcomes": 0}
    items = list(PlanItem.objects.filter(plan__department__institution__code="seongbuk", plan__year=2014)
                 .select_related("plan__department__institution__district").order_by("pk"))
    fresh = not Need.objects.filter(illustrative=True).exists()
    needs = []
    for i, item in enumerate(items):
        day = dt.date(2014, 3 + i % 9, 1 + (i * 7) % 27)
        needs.append(post_need_from_plan_item(user=centre, item=item, needed_on=day, illustrative=True,
                                              contact_name="구매 담당 (예시)", contact_phone="02-2241-0000"))
    gangbuk = District.objects.filter(code="11305").first()
    if gangbuk is not None and not Need.objects.filter(group_name="강북구 교복 공동구매 (예시)").exists():
        post_need(user=centre, poster="group", district=gangbuk, title="중고등학교 교복 공동구매", category="goods",
                  needed_on=dt.date(2014, 2, 1), group_name="강북구 교복 공동구매 (예시)", unit="벌",
                  description="신입생 동복·하복, 학교별 디자인 (보고서: 5,500명, 22억원)", buyers=UNIFORM_BUYERS,
                  contact_name="강북 사업단 (예시)", illustrative=True)
    if fresh:  # outcomes once: for every third need, what came of its best suppliers
        for n, need in enumerate(needs[::3]):
            found = [s for s in suggestions_for(need, top=3) if s.match.eligible]
            if not found:
                continue
            supplier = found[0].product.organisation
            record_outcome(user=centre, need=need, supplier=supplier, product=found[0].product,
                           outcome=MatchOutcomeKind.CONTACTED, recorded_on=need.needed_on)
            if n % 2 == 0:
                continue
            record_outcome(user=centre, need=need, supplier=supplier, product=found[0].product,
                           outcome=MatchOutcomeKind.CONTRACTED, recorded_on=need.needed_on + dt.timedelta(days=7))
            purchase = (Purchase.objects.filter(department=need.department, supplier=supplier,
                                                purchased_on__gte=need.needed_on).order_by("purchased_on").first())
            if purchase is not None:
                record_outcome(user=centre, need=need, supplier=supplier, outcome=MatchOutcomeKind.PURCHASE_RECORD,
                               recorded_on=purchase.purchased_on, purchase=purchase)
    return {"needs": Need.objects.filter(illustrative=True).count(),
            "outcomes": MatchOutcome.objects.filter(need__illustrative=True).count()}
