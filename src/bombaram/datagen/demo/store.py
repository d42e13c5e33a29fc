"""Demonstration healthy store (예시 데이터): 독산고 건강매점, run by 독산고건강매점협동조합.

The rules are the report's (독산고등학교 건강매점 유상사용 허가조건 제8조, seed text lines 1159–1190; see
core.healthy_store). The 30 products, their nutrition and prices are invented so that each rule has
products breaking it: 24 food products of which 15 eco-friendly (62.5 %, below 70 %: 2 more needed), four
restricted items (컵라면, 탄산음료, 막대사탕, 현장 조리 떡볶이) and one non-food (복권류), five high-calorie
low-nutrition products, two food products without nutrition, four prices above the market price.
Idempotent: nothing is written when the store is already there.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from bombaram.cooperatives.models import HealthyStore, StoreProduct
from bombaram.datagen.demo.cooperatives import load_demo_cooperatives

STORE_NAME = "독산고 건강매점"
NOTE = ("예시 데이터: 판매 규칙은 보고서(독산고등학교 건강매점 유상사용 허가조건 제8조)대로이고, 품목·영양성분·가격은 "
        "규칙마다 어긋나는 품목이 있도록 지어낸 것입니다.")

F, N = "food", "non_food"
S, M, OT = "snack", "meal", "other"
#: (name, category, group, restricted, eco, certification, serving, (kcal, protein, sat. fat, sugars, sodium), price, market)
PRODUCTS = [
    ("우리밀 쌀과자", F, S, "", True, "무농약", "30g", (140, 2.5, 0.8, 6, 120), 800, 1000),
    ("유기농 현미 뻥튀기", F, S, "", True, "유기농", "25g", (95, 2.1, 0.1, 1, 40), 700, 800),
    ("유기농 우유", F, OT, "", True, "유기농", "200ml", (130, 6.4, 4.3, 9.5, 100), 900, 1000),
    ("무농약 사과즙", F, S, "", True, "무농약", "100ml", (50, 0.2, 0, 11, 5), 800, 900),
    ("우리밀 단팥빵", F, S, "", True, "우리밀", "80g", (230, 6, 1.5, 14, 150), 1200, 1300),
    ("친환경 바나나", F, OT, "", True, "무농약", "1개", None, 500, 600),
    ("유기농 방울토마토 컵", F, OT, "", True, "유기농", "1컵", None, 1000, 1200),
    ("우리밀 통밀 크래커", F, S, "", True, "우리밀", "30g", (130, 3, 0.7, 3, 180), 700, 800),
    ("유기농 요구르트", F, S, "", True, "유기농", "150ml", (120, 4.5, 1.6, 12, 60), 1000, 1100),
    ("국산 고구마 말랭이", F, S, "", True, "국산 농산물", "40g", (120, 1.2, 0.1, 10, 10), 1000, 1200),
    ("유기농 현미 주먹밥", F, M, "", True, "유기농", "150g", (280, 6, 0.5, 1, 480), 1500, 1800),
    ("무농약 배즙", F, S, "", True, "무농약", "110ml", (55, 0.1, 0, 13, 5), 900, 1000),
    ("유기농 초코칩 쿠키", F, S, "", True, "유기농", "40g", (270, 1.8, 5, 18, 110), 1500, 1600),
    ("우리밀 크림빵", F, S, "", True, "우리밀", "110g", (520, 7, 9, 20, 300), 2000, 1800),
    ("친환경 견과 한줌", F, S, "", True, "무농약", "25g", (150, 4.5, 1.5, 2, 0), 1200, 1300),
    ("컵라면 (소컵)", F, M, "cup_noodles", False, "", "65g", (290, 6, 4.5, 3, 1200), 1000, 1100),
    ("콜라", F, S, "carbonated_drink", False, "", "250ml", (108, 0, 0, 27, 10), 1000, 1000),
    ("막대사탕", F, S, "lollipop", False, "", "10g", (40, 0, 0, 9, 0), 300, 300),
    ("매점 조리 떡볶이", F, M, "cooked_on_site", False, "", "1컵", None, 2000, 2500),
    ("초콜릿 바", F, S, "", False, "", "45g", (240, 2.5, 7, 22, 40), 1200, 1200),
    ("감자칩", F, S, "", False, "", "60g", (330, 3, 3.5, 1, 350), 1500, 1400),
    ("과일 젤리", F, S, "", False, "", "50g", (160, 0.5, 0, 28, 20), 800, 900),
    ("즉석 볶음밥", F, M, "", False, "", "250g", (620, 8, 5, 4, 1100), 3000, 3200),
    ("오렌지 주스", F, S, "", False, "", "190ml", None, 1000, 1200),
    ("볼펜", N, "", "", False, "", "", None, 500, 600),
    ("노트", N, "", "", False, "", "", None, 1000, 1000),
    ("형광펜", N, "", "", False, "", "", None, 800, 900),
    ("화장지", N, "", "", False, "", "", None, 500, 500),
    ("여행용 치약", N, "", "", False, "", "", None, 1500, 1400),
    ("즉석 복권 카드", N, "", "lottery", False, "", "", None, 1000, 1000),
]
NUTRIENTS = ("energy_kcal", "protein_g", "saturated_fat_g", "sugars_g", "sodium_mg")


@transaction.atomic
def load_demo_store() -> HealthyStore:
    cooperative = load_demo_cooperatives()
    store = HealthyStore.objects.filter(cooperative=cooperative, name=STORE_NAME).first()
    if store is not None:
        return store
    store = HealthyStore.objects.create(cooperative=cooperative, name=STORE_NAME, school="독산고등학교", note=NOTE)
    for name, category, group, restricted, eco, cert, serving, nutrition, price, market in PRODUCTS:
        values = dict(zip(NUTRIENTS, (Decimal(str(v)) for v in nutrition), strict=True)) if nutrition else {}
        StoreProduct.objects.create(store=store, name=name, category=category, food_group=group, restricted=restricted,
                                    eco_friendly=eco, eco_certification=cert, serving=serving, price_won=price,
                                    market_price_won=market, **values)
    return store
