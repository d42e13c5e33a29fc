"""Demonstration trades between organisations (예시 데이터): about 120 invented trades among the demonstration
organisations, 2012–2014, most inside 성북 and 노원 (the districts whose social accounts the demonstration
binds), the rest across Seoul. Every row is marked ``illustrative``. Idempotent: when demonstration trades
exist, nothing is written. Seeded, so two databases get the same trades.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from bombaram.market.models import Trade
from bombaram.registry.models import Organisation

TRADE_COUNT = 120
YEARS = (2012, 2013, 2014)

# items a seller of each industry group sells to another organisation: (item, lowest, highest amount in won)
ITEMS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "food_beverage": (("행사 도시락 80인분", 560_000, 960_000), ("회의 다과 세트", 120_000, 300_000),
                      ("공정무역 원두 납품", 180_000, 450_000), ("반찬 정기 배달", 250_000, 700_000)),
    "farming": (("친환경 쌀 20kg", 160_000, 480_000), ("제철 채소 꾸러미", 90_000, 260_000),
                ("도시농업 텃밭 상자", 200_000, 520_000)),
    "manufacturing": (("재생지 홍보 인쇄물", 300_000, 1_400_000), ("목공 책상·의자", 800_000, 3_600_000),
                      ("에코백 제작", 350_000, 1_200_000), ("천연 비누 선물 세트", 150_000, 600_000)),
    "environment": (("사무실 재활용 수거", 100_000, 300_000), ("건물 방역·청소", 250_000, 900_000),
                    ("폐현수막 업사이클 가방", 200_000, 650_000)),
    "housing_construction": (("사무실 집수리", 900_000, 4_800_000), ("에너지 효율 개선 공사", 1_500_000, 6_500_000)),
    "education": (("직원 교육 강사료", 300_000, 900_000), ("협동조합 설립 교육", 400_000, 1_200_000)),
    "culture": (("행사 공연", 500_000, 2_000_000), ("홍보 영상 제작", 800_000, 3_000_000),
                ("사진 촬영", 200_000, 700_000)),
    "welfare": (("돌봄 인력 파견", 600_000, 2_400_000), ("어르신 도시락 배달 대행", 300_000, 900_000)),
    "distribution": (("사회적경제 상품 판매 대행", 400_000, 1_800_000), ("물품 배송 대행", 150_000, 500_000)),
    "other_services": (("회계·세무 대행", 200_000, 600_000), ("홈페이지 관리", 300_000, 1_000_000),
                       ("행사 기획·운영", 600_000, 2_500_000)),
}
FALLBACK_ITEMS = ITEMS["other_services"]


@transaction.atomic
def load_demo_trades() -> int:
    """Write the demonstration trades unless there are some already; returns how many exist."""
    existing = Trade.objects.filter(illustrative=True).count()
    if existing:
        return existing
    organisations = list(Organisation.objects.filter(illustrative=True, district__isnull=False).select_related(
        "district", "industry").order_by("pk"))
    if len(organisations) < 2:
        return 0
    rng = random.Random(13)
    local = [o for o in organisations if o.district.name_ko in ("성북구", "노원구")]
    by_district: dict[int, list[Organisation]] = {}
    for organisation in local:
        by_district.setdefault(organisation.district_id, []).append(organisation)
    pools = [group for group in by_district.values() if len(group) >= 2]
    trades = []
    while len(trades) < TRADE_COUNT:
        if pools and rng.random() < 0.7:
            seller, buyer = rng.sample(rng.choice(pools), 2)
        elif local and rng.random() < 0.5:
            seller, buyer = rng.choice(local), rng.choice(organisations)
        else:
            seller, buyer = rng.sample(organisations, 2)
        if seller.pk == buyer.pk:
            continue
        year = rng.choice(YEARS)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        founded = max(seller.founded or dt.date(2000, 1, 1), buyer.founded or dt.date(2000, 1, 1))
        if day < founded:
            continue
        item, low, high = rng.choice(ITEMS.get(seller.industry.code if seller.industry else "", FALLBACK_ITEMS))
        amount = round(rng.randint(low, high), -4)
        trades.append(Trade(seller=seller, buyer=buyer, item=item, amount_won=amount, date=day,
                            note="예시 데이터", illustrative=True))
    Trade.objects.bulk_create(trades)
    return len(trades)
