"""Demonstration catalogue (예시 데이터): products and services of the demonstration registry's organisations.

Every 성북 organisation of the demonstration registry, and one in six elsewhere, offers one or two
products typical of its industry (realistic Korean names, invented prices and capacities). The
organisations are illustrative, so their products are too (pages show 예시 데이터). Idempotent.
"""

from __future__ import annotations

import random

from django.db import transaction

from bombaram.market.models import Product
from bombaram.registry.models import Organisation

#: industry group code → (product, category, unit, unit price in won, capacity per month or None, description)
BY_INDUSTRY: dict[str, list[tuple[str, str, str, int, int | None, str]]] = {
    "food_beverage": [
        ("어르신 건강 도시락", "goods", "개", 6_500, 3_000, "저염식 반찬과 잡곡밥, 노인 식사 배달"),
        ("회의용 도시락", "goods", "개", 8_000, 2_000, "교육·회의 참석자 점심 도시락 단체 주문"),
        ("답례 떡 세트", "goods", "상자", 15_000, 800, "절편·인절미·송편 답례 떡"),
        ("우리밀 빵 간식", "goods", "개", 2_500, 5_000, "국산 우리밀로 구운 빵과 쿠키"),
        ("공정무역 원두 커피", "goods", "kg", 28_000, 300, "공정무역 원두 로스팅, 드립백 포장"),
        ("행사 케이터링", "services", "회", 1_500_000, 12, "기념식·개소식 출장 뷔페와 다과"),
    ],
    "farming": [
        ("친환경 쌀", "goods", "포대(20kg)", 62_000, 400, "무농약 쌀, 급식용 납품"),
        ("제철 채소 꾸러미", "goods", "상자", 25_000, 600, "지역 농가 유기농 채소 정기 배송"),
    ],
    "environment": [
        ("사무실 청소 용역", "services", "월", 2_400_000, 6, "관공서 사무실·복도·계단 정기 청소, 미화 용역"),
        ("방역 소독 서비스", "services", "회", 250_000, 40, "경로당·어린이집 방역과 해충 구제"),
        ("친환경 세제", "goods", "개", 6_000, 4_000, "식물성 주방세제와 무형광 세탁세제"),
        ("폐기물 수거와 재활용", "services", "회", 180_000, 60, "재활용품 분리수거, 폐가전 수거, 문서 파쇄"),
        ("공원 조경 관리", "services", "월", 3_000_000, 4, "수목 전정, 잔디 관리, 꽃길 화단 조성"),
    ],
    "housing_construction": [
        ("저소득층 집수리", "construction", "가구", 3_500_000, 20, "도배·장판·단열 주거 환경 개선 공사"),
        ("LED 조명 교체 공사", "construction", "건", 5_000_000, 8, "공공시설 LED 조명 교체와 전기 배선"),
        ("공공시설 리모델링", "construction", "건", 30_000_000, 2, "경로당·작은도서관 공간 개선 공사"),
    ],
    "manufacturing": [
        ("학생 교복", "goods", "벌", 220_000, 2_500, "중고등학교 동복·하복 교복 제작, 공동구매 납품"),
        ("근무복과 단체복", "goods", "벌", 45_000, 1_500, "환경미화원 작업복, 조끼, 단체 티셔츠 제작"),
        ("원목 사무 가구", "goods", "개", 350_000, 80, "사무용 책상, 회의 테이블, 도서관 서가 제작"),
        ("수제 천연 비누", "goods", "개", 4_000, 3_000, "폐식용유 재활용 천연 비누 기념품"),
    ],
    "distribution": [
        ("사무용품 일괄 납품", "goods", "건", 500_000, 50, "필기구·파일·복사용지 등 사무용품"),
        ("재생 토너 카트리지", "goods", "개", 35_000, 500, "프린터 토너 재생과 잉크 충전"),
        ("행사 기념품", "goods", "개", 8_000, 3_000, "에코백, 텀블러, 공예 기념품 판촉물"),
    ],
    "culture": [
        ("찾아가는 문화공연", "services", "회", 1_200_000, 10, "풍물·국악·어린이 연극 공연"),
        ("홍보 영상 제작", "services", "편", 4_000_000, 4, "기관 홍보 동영상 기획·촬영·편집"),
        ("홍보물 디자인과 인쇄", "goods", "건", 1_500_000, 20, "포스터·리플릿·소식지 디자인과 인쇄"),
        ("행사 기획 운영", "services", "회", 8_000_000, 4, "축제·박람회·기념식 기획과 무대 음향"),
    ],
    "education": [
        ("사회적경제 교육 프로그램", "services", "회", 600_000, 20, "공무원·주민 대상 사회적경제 교육 강의"),
        ("방과후 체험 교실", "services", "월", 2_000_000, 6, "초등학생 방과후 학습과 체험 강좌"),
        ("어르신 스마트폰 교육", "services", "회", 400_000, 15, "시니어 평생교육, 스마트폰 활용"),
    ],
    "welfare": [
        ("어르신 방문 요양", "services", "월", 1_300_000, 30, "재가 요양, 목욕 지원, 말벗"),
        ("아이 돌봄 서비스", "services", "월", 900_000, 40, "맞벌이 가정 아동 돌봄과 등하원 지원"),
        ("장애인 활동 지원", "services", "월", 1_100_000, 25, "장애인 일상생활 활동 보조"),
    ],
    "other_services": [
        ("세탁 서비스", "services", "회", 150_000, 80, "침구·커튼·근무복 세탁 수거 배달"),
        ("사무실 이사와 운송", "services", "회", 900_000, 10, "관공서 사무실 집기 이전, 소형 화물 운송"),
        ("전산 유지보수", "services", "월", 1_000_000, 10, "PC·프린터·네트워크 장애 처리, 홈페이지 운영"),
        ("시설 경비와 주차 관리", "services", "월", 2_800_000, 5, "공공시설 야간 경비, 공영주차장 관리"),
    ],
}


@transaction.atomic
def load_demo_catalogue() -> int:
    """Products for the demonstration registry's organisations; returns how many the catalogue holds."""
    rng = random.Random(13)
    orgs = (Organisation.objects.filter(illustrative=True, industry__isnull=False, status="active")
            .select_related("industry", "district").order_by("pk"))
    existing = set(Product.objects.filter(organisation__illustrative=True).values_list("organisation_id", "name"))
    new = []
    for org in orgs:
        local = org.district_id is not None and org.district.code == "11290"
        offers = BY_INDUSTRY.get(org.industry.code)
        if not offers or not (local or rng.random() < 1 / 6):
            continue
        for name, category, unit, price, capacity, description in rng.sample(offers, 1 + (rng.random() < 0.4)):
            # every draw is made whether or not the product exists, so a second run draws the same values
            price = int(round(price * rng.uniform(0.85, 1.15), -2))
            capacity = None if capacity is None else max(1, int(capacity * rng.uniform(0.5, 1.5)))
            delivers = local or rng.random() < 0.5
            if (org.pk, name) in existing:
                continue
            new.append(Product(organisation=org, name=name, category=category, unit=unit, price_won=price,
                               capacity_per_month=capacity, description=description, delivers_in_district=delivers))
    Product.objects.bulk_create(new)
    return Product.objects.filter(organisation__illustrative=True).count()
