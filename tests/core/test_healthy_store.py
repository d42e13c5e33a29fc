"""core.healthy_store: each rule checked against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bombaram.core import healthy_store as hs


def snack(key=1, **nutrition):
    values = {"energy_kcal": 100, "protein_g": 3, "saturated_fat_g": 1, "sugars_g": 5, "sodium_mg": 50} | nutrition
    return hs.Product(key=key, name=f"p{key}", is_food=True, food_group="snack", eco_friendly=True,
                      nutrition=hs.Nutrition(**{k: None if v is None else Decimal(str(v)) for k, v in values.items()}),
                      price_won=1000, market_price_won=1000)


@pytest.mark.parametrize(("nutrition", "failing"), [
    ({}, False),
    ({"energy_kcal": 250, "protein_g": 1}, False),          # 250 is not above 250
    ({"energy_kcal": 251, "protein_g": 1.9}, True),         # above 250 with protein under 2
    ({"energy_kcal": 251, "protein_g": 2}, False),          # protein 2 is not under 2
    ({"saturated_fat_g": 4.1, "protein_g": 0}, True),
    ({"sugars_g": 17.1, "protein_g": 1}, True),
    ({"sugars_g": 34, "protein_g": 10}, False),             # 34 is not above twice 17
    ({"sugars_g": 34.1, "protein_g": 10}, True),            # above twice 17 whatever the protein
    ({"energy_kcal": 501, "protein_g": 20}, True),
    ({"saturated_fat_g": 8.1, "protein_g": 20}, True),
    ({"sodium_mg": 5000, "protein_g": 0}, False),           # sodium is not a snack criterion
])
def test_snack_criteria(nutrition, failing):
    judged = hs.high_calorie_low_nutrition("snack", snack(**nutrition).nutrition)
    assert judged is not None and judged[0] is failing


@pytest.mark.parametrize(("nutrition", "failing"), [
    ({"energy_kcal": 500, "protein_g": 3, "saturated_fat_g": 1, "sodium_mg": 600}, False),
    ({"energy_kcal": 620, "protein_g": 8, "saturated_fat_g": 1, "sodium_mg": 500}, True),    # 620 > 500, 8 < 9
    ({"energy_kcal": 620, "protein_g": 9, "saturated_fat_g": 1, "sodium_mg": 500}, False),
    ({"energy_kcal": 300, "protein_g": 12, "saturated_fat_g": 1, "sodium_mg": 1201}, True),  # above twice 600
    ({"energy_kcal": 290, "protein_g": 6, "saturated_fat_g": 4.5, "sodium_mg": 1200}, True),  # 4.5 > 4, 6 < 9
])
def test_meal_substitute_criteria(nutrition, failing):
    n = hs.Nutrition(**{k: Decimal(str(v)) for k, v in nutrition.items()}, sugars_g=None)
    judged = hs.high_calorie_low_nutrition("meal", n)
    assert judged is not None and judged[0] is failing


def test_thresholds_are_data_with_their_source():
    snack_criteria, meal = hs.HIGH_CALORIE_LOW_NUTRITION["snack"], hs.HIGH_CALORIE_LOW_NUTRITION["meal"]
    assert snack_criteria.limits == {"energy_kcal": 250, "saturated_fat_g": 4, "sugars_g": 17}
    assert snack_criteria.double_limits == {k: 2 * v for k, v in snack_criteria.limits.items()}
    assert meal.double_limits == {k: 2 * v for k, v in meal.limits.items()}
    assert (snack_criteria.protein_floor_g, meal.protein_floor_g) == (2, 9)
    assert all("식약처고시 제2013-84호" in c.source for c in (snack_criteria, meal))


def test_missing_nutrition_cannot_be_judged_and_is_reported():
    product = snack(protein_g=None)
    assert hs.high_calorie_low_nutrition("snack", product.nutrition) is None
    [finding] = hs.product_findings(product)
    assert finding.rule == "nutrition_missing" and finding.detail["missing"] == ["protein_g"]
    # other food (fresh fruit) and non-food need no nutrition
    fruit = hs.Product(key=2, name="사과", is_food=True, food_group="other", price_won=500, market_price_won=500)
    pen = hs.Product(key=3, name="볼펜", is_food=False, price_won=500, market_price_won=600)
    assert hs.product_findings(fruit) == [] and hs.product_findings(pen) == []


def test_restricted_item_and_price():
    cup = hs.Product(key=1, name="컵라면", is_food=True, food_group="other", restricted="cup_noodles",
                     price_won=1100, market_price_won=1000)
    rules = {f.rule: f.detail for f in hs.product_findings(cup)}
    assert rules["restricted_item"] == {"item": "컵라면"}
    assert rules["price_above_market"] == {"price": 1100, "market": 1000, "over": 100}
    at_market = hs.Product(key=2, name="노트", is_food=False, price_won=1000, market_price_won=1000)
    assert hs.product_findings(at_market) == []               # at the market price is allowed
    assert set(hs.RESTRICTED.values()) >= {"현장 조리식품", "불량식품", "햄버거", "김밥", "떡볶이", "컵라면", "커피류",
                                          "막대사탕", "껌", "탄산음료", "복권류"}


@pytest.mark.parametrize(("eco", "food", "holds", "needed"), [
    (7, 10, True, 0),       # exactly 70 %
    (6, 10, False, 1),
    (15, 24, False, 2),     # 62.5 %; ⌈0.7 × 24⌉ = ⌈16.8⌉ = 17 → 2 more
    (17, 24, True, 0),      # 70.83 %
    (16, 24, False, 1),     # 66.67 %
    (0, 0, True, 0),        # no food: nothing to count
    (2, 3, False, 1),       # 66.7 %: ⌈2.1⌉ = 3
])
def test_eco_share_by_count(eco, food, holds, needed):
    assert hs.eco_share_holds(eco, food) is holds
    assert hs.replacements_needed(eco, food) == needed


def test_store_check_counts_food_only_and_flags_non_eco_food_when_short():
    products = [snack(key=i) for i in range(1, 3)]                       # 2 eco food
    products.append(hs.Product(key=3, name="젤리", is_food=True, food_group="other", price_won=1, market_price_won=1))
    products.append(hs.Product(key=4, name="볼펜", is_food=False, price_won=1, market_price_won=1))
    report = hs.check_store(products)
    assert (report.products, report.food, report.eco_food) == (4, 3, 2)   # the pen is not in the denominator
    assert report.eco_share == Decimal(200) / Decimal(3)                  # 66.67 %
    assert not report.eco_ok and report.replacements_needed == 1          # ⌈2.1⌉ − 2
    assert [(f.product, f.rule) for f in report.findings] == [(3, "eco_share")]
    assert report.findings[0].detail == {"eco": 2, "food": 3}
    assert report.failing_products == 1
