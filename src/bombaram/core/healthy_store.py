"""The school healthy store's (건강매점) product rules, as the report prints them. Pure Python (no Django).

Source: the report's 독산고 case, "독산고등학교 건강매점 유상사용 허가조건 일부 발췌", 제8조 ③ and ④
(seed text /work/shared/seed/seoul-social-economy-2014-report.txt, lines 1159–1190):

1. **Eco-friendly share** (판매 품목 가.): "매점에서 판매되는 식품의 70% 이상을 친환경 식품으로 한다."
   The report does not say whether by count or by sales; this module counts **products**:

       share = eco-friendly food products / food products on the store's list (category 식품)

   Denominator: every food product on the list, each counted once, whatever else it fails (a banned item
   still on the list is still on sale); non-food products (문구류, 생필품) are not counted. The rule holds
   when 10 × eco ≥ 7 × food (integers, no rounding). When it fails, every non-eco food product is reported
   under this rule, and ``replacements_needed`` = the fewest non-eco products that must become eco-friendly
   (or leave the list) for the rule to hold: ⌈0.7 × food⌉ − eco when replacing.
2. **Restricted items** (판매 제한 품목, 가.): 현장 조리식품, 불량식품, and the items the permit names —
   햄버거, 김밥, 떡볶이, 컵라면, 커피류, 막대사탕, 껌, 탄산음료, 복권류 (:data:`RESTRICTED`).
3. **High-calorie, low-nutrition food** (판매 제한 품목, 나.): 간식용 and 식사대용 어린이 기호식품 meeting the
   criteria of the 식품의약품안전처 notice the report cites (식약처고시 제2013-84호) may not be sold.
   The per-serving thresholds are :data:`HIGH_CALORIE_LOW_NUTRITION` (data, each with its source). A product
   is 고열량·저영양 when, per serving,

       (any nutrient above its limit  and  protein below the protein floor)  or  any nutrient above twice its limit.

   A 기호식품 without its nutrition per serving cannot be judged and is reported (``nutrition_missing``):
   the permit makes the operator judge each product (www.healthytuckshop.or.kr "에서 사업자가 판별").
4. **Price** (④): "판매가격은 시중가격(소비자 표시가격) 이하": price ≤ market price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ECO_SHARE_NUMERATOR, ECO_SHARE_DENOMINATOR = 7, 10  # 70 %

#: 판매 제한 품목: code → Korean name as the permit writes it
RESTRICTED: dict[str, str] = {
    "cooked_on_site": "현장 조리식품",
    "junk_food": "불량식품",
    "hamburger": "햄버거",
    "gimbap": "김밥",
    "tteokbokki": "떡볶이",
    "cup_noodles": "컵라면",
    "coffee": "커피류",
    "lollipop": "막대사탕",
    "chewing_gum": "껌",
    "carbonated_drink": "탄산음료",
    "lottery": "복권류",
}

NUTRIENTS = ("energy_kcal", "protein_g", "saturated_fat_g", "sugars_g", "sodium_mg")


@dataclass(frozen=True)
class Criteria:
    """One food group's 고열량·저영양 criteria (per serving, 1회 제공량당)."""

    group: str
    label: str
    limits: Mapping[str, Decimal]           # "above" means strictly greater than
    protein_floor_g: Decimal                # "below" means strictly less than
    double_limits: Mapping[str, Decimal]    # any one above → 고열량·저영양 whatever the protein
    foods: str                              # what the notice counts in the group
    source: str


NOTICE = "식약처고시 제2013-84호"  # as the report cites it
NOTICE_TITLE = "식품의약품안전처 고시 「고열량·저영양 식품 영양성분 기준」"

#: the notice's thresholds, per serving. Snack figures as the food-safety ministry publishes them
#: (250 kcal, 4 g, 17 g with protein under 2 g, or twice any of them); meal-substitute figures
#: (500 kcal, 4 g saturated fat, 600 mg sodium with protein under 9 g, or twice any of them) from the
#: same notice.
HIGH_CALORIE_LOW_NUTRITION: dict[str, Criteria] = {
    "snack": Criteria(
        group="snack", label="간식용 어린이 기호식품",
        limits={"energy_kcal": Decimal(250), "saturated_fat_g": Decimal(4), "sugars_g": Decimal(17)},
        protein_floor_g=Decimal(2),
        double_limits={"energy_kcal": Decimal(500), "saturated_fat_g": Decimal(8), "sugars_g": Decimal(34)},
        foods="과자, 캔디류, 빙과류, 빵류, 초콜릿류, 어육소시지, 음료류, 가공유류, 발효유류, 아이스크림류",
        source=NOTICE + " 간식용 기준"),
    "meal": Criteria(
        group="meal", label="식사대용 어린이 기호식품",
        limits={"energy_kcal": Decimal(500), "saturated_fat_g": Decimal(4), "sodium_mg": Decimal(600)},
        protein_floor_g=Decimal(9),
        double_limits={"energy_kcal": Decimal(1000), "saturated_fat_g": Decimal(8), "sodium_mg": Decimal(1200)},
        foods="김밥, 햄버거, 피자, 라면 등 면류, 즉석섭취식품",
        source=NOTICE + " 식사대용 기준"),
}

RULES = ("restricted_item", "high_calorie_low_nutrition", "nutrition_missing", "price_above_market", "eco_share")


@dataclass(frozen=True)
class Nutrition:
    """Per serving (1회 제공량당). A missing nutrient is None."""

    energy_kcal: Decimal | None = None
    protein_g: Decimal | None = None
    saturated_fat_g: Decimal | None = None
    sugars_g: Decimal | None = None
    sodium_mg: Decimal | None = None

    def get(self, nutrient: str) -> Decimal | None:
        value = getattr(self, nutrient)
        return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Product:
    key: int
    name: str
    is_food: bool
    food_group: str = "other"         # "snack", "meal" (어린이 기호식품) or "other"
    eco_friendly: bool = False
    restricted: str = ""              # a key of RESTRICTED, or ""
    nutrition: Nutrition = field(default_factory=Nutrition)
    price_won: int = 0
    market_price_won: int = 0


@dataclass(frozen=True)
class Finding:
    """One rule one product breaks; ``detail`` holds the figures for the message."""

    product: int
    rule: str
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StoreReport:
    products: int
    food: int                 # the eco share's denominator
    eco_food: int             # its numerator
    eco_ok: bool
    replacements_needed: int
    findings: tuple[Finding, ...]

    @property
    def eco_share(self) -> Decimal | None:
        """eco_food / food as a percentage (exact decimal, two places for display is the caller's)."""
        return None if self.food == 0 else Decimal(self.eco_food * 100) / Decimal(self.food)

    def by_product(self) -> dict[int, list[Finding]]:
        out: dict[int, list[Finding]] = {}
        for finding in self.findings:
            out.setdefault(finding.product, []).append(finding)
        return out

    @property
    def failing_products(self) -> int:
        return len({f.product for f in self.findings})


def high_calorie_low_nutrition(group: str, nutrition: Nutrition) -> tuple[bool, list[str]] | None:
    """(is 고열량·저영양, the nutrients over a limit) for a 기호식품 group; None when a needed nutrient is missing
    (or the group has no criteria). ``nutrients over`` names each nutrient above its limit, with "×2" when above
    twice the limit, and "protein" when protein is below the floor."""
    criteria = HIGH_CALORIE_LOW_NUTRITION.get(group)
    if criteria is None:
        return None
    needed = [*criteria.limits, "protein_g"]
    if any(nutrition.get(n) is None for n in needed):
        return None
    over = [n for n, limit in criteria.limits.items() if nutrition.get(n) > limit]
    over_double = [n for n, limit in criteria.double_limits.items() if nutrition.get(n) > limit]
    low_protein = nutrition.get("protein_g") < criteria.protein_floor_g
    failing = bool(over_double) or (bool(over) and low_protein)
    reasons = [f"{n}×2" if n in over_double else n for n in over]
    if low_protein and over:
        reasons.append("protein_g")
    return failing, reasons


def missing_nutrients(group: str, nutrition: Nutrition) -> list[str]:
    criteria = HIGH_CALORIE_LOW_NUTRITION.get(group)
    if criteria is None:
        return []
    return [n for n in NUTRIENTS if (n in criteria.limits or n == "protein_g") and nutrition.get(n) is None]


def product_findings(product: Product) -> list[Finding]:
    """The rules one product breaks on its own (the eco share is the store's; see :func:`check_store`)."""
    found: list[Finding] = []
    if product.restricted:
        found.append(Finding(product.key, "restricted_item",
                             {"item": RESTRICTED.get(product.restricted, product.restricted)}))
    if product.is_food and product.food_group in HIGH_CALORIE_LOW_NUTRITION:
        judged = high_calorie_low_nutrition(product.food_group, product.nutrition)
        if judged is None:
            found.append(Finding(product.key, "nutrition_missing",
                                 {"missing": missing_nutrients(product.food_group, product.nutrition)}))
        elif judged[0]:
            criteria = HIGH_CALORIE_LOW_NUTRITION[product.food_group]
            found.append(Finding(product.key, "high_calorie_low_nutrition",
                                 {"group": criteria.label, "reasons": judged[1], "source": criteria.source}))
    if product.price_won > product.market_price_won:
        found.append(Finding(product.key, "price_above_market",
                             {"price": product.price_won, "market": product.market_price_won,
                              "over": product.price_won - product.market_price_won}))
    return found


def eco_share_holds(eco_food: int, food: int) -> bool:
    """10 × eco ≥ 7 × food (a list with no food product holds trivially)."""
    return ECO_SHARE_DENOMINATOR * eco_food >= ECO_SHARE_NUMERATOR * food


def replacements_needed(eco_food: int, food: int) -> int:
    """Fewest non-eco food products to turn eco-friendly so that the share reaches 70 %: ⌈0.7·food⌉ − eco."""
    needed = -(-ECO_SHARE_NUMERATOR * food // ECO_SHARE_DENOMINATOR)
    return max(0, needed - eco_food)


def check_store(products: Iterable[Product]) -> StoreReport:
    """Check a store's product list against every rule; findings in product order, rules in RULES order."""
    items: Sequence[Product] = list(products)
    food = [p for p in items if p.is_food]
    eco = sum(1 for p in food if p.eco_friendly)
    eco_ok = eco_share_holds(eco, len(food))
    findings: list[Finding] = []
    for product in items:
        found = product_findings(product)
        if not eco_ok and product.is_food and not product.eco_friendly:
            found.append(Finding(product.key, "eco_share", {"eco": eco, "food": len(food)}))
        findings.extend(sorted(found, key=lambda f: RULES.index(f.rule)))
    return StoreReport(products=len(items), food=len(food), eco_food=eco, eco_ok=eco_ok,
                       replacements_needed=replacements_needed(eco, len(food)), findings=tuple(findings))
