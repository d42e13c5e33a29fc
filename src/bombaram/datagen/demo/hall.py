"""Demonstration data of the sales ledger (예시 데이터): the 성북 social economy sales hall and a few markets.

From the 2014 report, "성북구 공공구매제도 및 사회적경제 기업 제품판매관 운용사례" (p. 50), section
"사회적기업 제품 판매관 운영현황": about 20 organisations' products in the hall (20여개 조직 입점), a social café,
an average of about 10 million won of sales a month café included (월평균 1천만원 내외), quarterly promotions
(분기별 프로모션 기획행사), and the hall's sales counting as the district's public purchase (성북구 공공구매
카운팅 가능). The hall opened at 이마트 하월곡점 after the 2012 MOU and was renewed in July 2013.

Everything else is invented and deterministic: the producers are about 20 of the demonstration registry's 성북
organisations, the day-by-day sales of 2013–2014, the commission rate, the promotions, and a few sales to
성북구청's departments of the demonstration purchase system, recorded through market.services.hall so that
they are purchases counted for the producer. A few of the 성북 programme team's markets (activity ledger,
kind market) are sales outlets linked to their records, with their sales split among the record's
participating organisations (adding up to the record's amount: entered once).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum

from bombaram.datagen.demo.ledger import load_demo_ledger
from bombaram.market.choices import BuyerKind, OutletKind, SalePeriod
from bombaram.market.models import HallProducer, Promotion, Sale, SalesOutlet
from bombaram.market.services import hall_totals
from bombaram.market.services.hall import record_sale
from bombaram.procurement.models import Department, EligibilityPolicy
from bombaram.programmes.choices import RecordKind
from bombaram.programmes.models import LedgerRecord
from bombaram.registry.models import District, Organisation

HALL_NAME = "성북구 사회적경제 판매관"
YEARS = (2013, 2014)
PRODUCERS = 20
HALL_RATE = Decimal("15")
CAFE_ITEM = "커피·음료 (소셜카페)"
ITEMS = ["친환경 세제", "수제 쿠키", "천연 비누", "공정무역 초콜릿", "유기농 잡곡", "수제 잼", "목공 소품", "에코백",
         "도자기 컵", "천연 화장품", "전통 한과", "발효 식초", "재생 종이 노트", "손뜨개 인형", "유기농 차", "들기름",
         "수제 캔들", "떡 선물세트", "친환경 수세미"]
DEPARTMENT_ITEMS = ["도시락·다과", "회의용 다과", "행사 기념품", "친환경 세제"]
PROMOTIONS = [(3, "봄맞이 기획전"), (6, "여름 나눔 기획전"), (9, "추석 선물 기획전"), (12, "연말 나눔 기획전")]


def _eligible(orgs: list[Organisation]) -> set[int]:
    """The producers whose designation the demo institution's policy counts (held since before 2013)."""
    policy = EligibilityPolicy.objects.filter(institution__code="seongbuk").first()
    types = policy.eligible_types if policy else []
    return set(Organisation.objects.filter(
        pk__in=[o.pk for o in orgs], designations__type__code__in=types,
        designations__granted__lte=dt.date(2013, 1, 1), designations__ended__isnull=True).values_list("pk", flat=True))


@transaction.atomic
def load_demo_hall() -> dict[str, int]:
    """Create the demonstration hall unless it exists; returns {"producers", "sales", "purchases", "markets",
    "won_per_month"} (the hall's average sales a month over the demo years)."""
    seongbuk = District.objects.get(code="11290")
    hall = SalesOutlet.objects.filter(district=seongbuk, name=HALL_NAME).first()
    if hall is None:
        hall = _load(seongbuk)
    return {"producers": hall.producers.count(), "sales": hall.sales.count(),
            "purchases": hall.sales.filter(purchase__isnull=False).count(),
            "markets": SalesOutlet.objects.filter(district=seongbuk, kind=OutletKind.MARKET, illustrative=True).count(),
            "won_per_month": (hall.sales.aggregate(s=Sum("amount_won"))["s"] or 0) // (12 * len(YEARS))}


def _load(seongbuk: District) -> SalesOutlet:
    rng = random.Random(50)  # the report's page
    candidates = list(Organisation.objects.filter(illustrative=True, district=seongbuk).exclude(business_no="")
                      .order_by("pk"))
    if len(candidates) < PRODUCERS:
        raise RuntimeError("the demonstration registry has too few 성북 organisations for the hall")
    producers = rng.sample(candidates, PRODUCERS)
    eligible = _eligible(producers)
    hall = SalesOutlet.objects.create(name=HALL_NAME, kind=OutletKind.SALES_HALL, district=seongbuk,
                                      commission_rate_pct=HALL_RATE, illustrative=True)
    cafe = producers[0]
    for i, org in enumerate(producers):
        HallProducer.objects.create(outlet=hall, organisation=org,
                                    admitted=dt.date(2013, 7, 1) if i >= 16 else dt.date(2013, 1, 1),  # the renewal
                                    commission_rate_pct=Decimal("10") if org is cafe or i % 7 == 3 else None)
    items = {org.pk: ITEMS[i % len(ITEMS)] for i, org in enumerate(producers[1:])}
    sales: list[Sale] = []
    for year in YEARS:
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            days = ((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - first).days
            for day in range(1, days + 1):  # the café sells every day
                sales.append(Sale(outlet=hall, organisation=cafe, sold_on=first.replace(day=day), item=CAFE_ITEM,
                                  quantity=rng.randint(25, 45), amount_won=rng.randint(1100, 1900) * 100,
                                  illustrative=True))
            for i, org in enumerate(producers[1:], start=1):
                if i >= 16 and first < dt.date(2013, 7, 1):
                    continue
                for day in sorted(rng.sample(range(1, days + 1), 5)):
                    sales.append(Sale(outlet=hall, organisation=org, sold_on=first.replace(day=day),
                                      item=items[org.pk], quantity=rng.randint(2, 12),
                                      amount_won=rng.randint(300, 850) * 100, illustrative=True,
                                      buyer_kind=BuyerKind.ORGANISATION if rng.random() < 0.1 else BuyerKind.CITIZEN))
        for month, name in PROMOTIONS:
            promotion = Promotion.objects.create(outlet=hall, name=f"{year} {name}", starts=dt.date(year, month, 10),
                                                 ends=dt.date(year, month, 23), discount_pct=Decimal("10"),
                                                 illustrative=True)
            promotion.producers.set(rng.sample(producers[1:16], 6))
    Sale.objects.bulk_create(sales, batch_size=500)
    hall_totals.rebuild(hall.pk)
    _department_sales(hall, producers, eligible, rng)
    _markets(seongbuk, rng)
    return hall


def _department_sales(hall: SalesOutlet, producers: list[Organisation], eligible: set[int], rng: random.Random) -> None:
    """Two sales a month to 성북구청's departments, through the service: each is a purchase of the department."""
    departments = list(Department.objects.filter(institution__code="seongbuk").select_related("institution")
                       .order_by("pk"))
    centre = get_user_model().objects.filter(is_superuser=False, username="centre").first()
    if not departments or centre is None:
        return
    sellers = [o for o in producers[1:16] if o.pk in eligible] or producers[1:16]
    for year in YEARS:
        for month in range(1, 13):
            for day in sorted(rng.sample(range(2, 28), 2)):
                record_sale(user=centre, outlet=hall, organisation=rng.choice(sellers), sold_on=dt.date(year, month, day),
                            item=rng.choice(DEPARTMENT_ITEMS), amount_won=rng.randint(15, 60) * 10_000,
                            buyer_kind=BuyerKind.DEPARTMENT, department=rng.choice(departments),
                            note="예시 데이터", illustrative=True)


def _markets(seongbuk: District, rng: random.Random) -> None:
    """The 성북 team's first markets as outlets linked to their ledger records, their sales split among the
    record's participating organisations (the record's amount, not typed again)."""
    load_demo_ledger()
    records = (LedgerRecord.objects.filter(team__district=seongbuk, kind=RecordKind.MARKET, illustrative=True)
               .order_by("date", "pk").prefetch_related("participants")[:3])
    for record in records:
        outlet = SalesOutlet.objects.create(name=f"{record.title} ({record.date:%Y-%m-%d})", kind=OutletKind.MARKET,
                                            district=seongbuk, ledger_record=record, illustrative=True)
        sellers = [p.organisation for p in record.participants.all() if p.organisation_id is not None]
        if not sellers or not record.amount_won:
            continue
        shares = [rng.randint(2, 6) for _ in sellers]
        amounts = [record.amount_won * s // sum(shares) for s in shares]
        amounts[0] += record.amount_won - sum(amounts)
        Sale.objects.bulk_create(
            Sale(outlet=outlet, organisation=org, sold_on=record.date, period=SalePeriod.DAY, item="장터 판매",
                 amount_won=won, illustrative=True)
            for org, won in zip(sellers, amounts, strict=True) if won > 0)
        hall_totals.rebuild(outlet.pk)
