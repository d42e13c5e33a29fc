"""The school healthy store (건강매점): reads, writes and the product import. Rules in core.healthy_store.

Every write checks web.permissions.can_operate_store and records an audit event; an import with any bad
row writes nothing and names every bad cell by row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import FoodGroup, ProductCategory, RestrictedItem
from bombaram.cooperatives.models import HealthyStore, StoreProduct
from bombaram.core import healthy_store as hs
from bombaram.core import tabular
from bombaram.core.numbers import ParseError, parse_decimal, parse_integer
from bombaram.core.registry_import import RowError
from bombaram.web import audit
from bombaram.web.permissions import can_operate_store, check

NUTRIENT_FIELDS = ("energy_kcal", "protein_g", "saturated_fat_g", "sugars_g", "sodium_mg")
PRODUCT_FIELDS = ("name", "category", "food_group", "restricted", "eco_friendly", "eco_certification", "serving",
                  *NUTRIENT_FIELDS, "price_won", "market_price_won")
MAX_IMPORT_ROWS = 2000


# ---------------------------------------------------------------- reads


def stores_for_user(user) -> list[HealthyStore]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = HealthyStore.objects.select_related("cooperative__organisation__district").order_by("name")
    return [s for s in rows if can_operate_store(user, s)]


def get_store_for_user(user, pk: int) -> HealthyStore:
    store = get_object_or_404(HealthyStore.objects.select_related("cooperative__organisation__district"), pk=pk)
    check(can_operate_store(user, store))
    return store


def core_product(p: StoreProduct) -> hs.Product:
    return hs.Product(
        key=p.pk, name=p.name, is_food=p.category == ProductCategory.FOOD,
        food_group=p.food_group or FoodGroup.OTHER, eco_friendly=p.eco_friendly, restricted=p.restricted,
        nutrition=hs.Nutrition(**{n: getattr(p, n) for n in NUTRIENT_FIELDS}),
        price_won=p.price_won, market_price_won=p.market_price_won)


@dataclass
class ReportRow:
    product: StoreProduct
    findings: list[hs.Finding]
    messages: list[str]

    @property
    def items(self) -> list[tuple[str, str]]:
        """(rule's label, message) per broken rule."""
        labels = rule_labels()
        return [(labels[f.rule], m) for f, m in zip(self.findings, self.messages, strict=True)]


def store_report(store: HealthyStore) -> tuple[hs.StoreReport, list[ReportRow]]:
    """The store's check (core.healthy_store.check_store) and one row per product with its broken rules in words."""
    products = list(store.products.order_by("name"))
    report = hs.check_store(core_product(p) for p in products)
    found = report.by_product()
    return report, [ReportRow(p, found.get(p.pk, []), [finding_text(f) for f in found.get(p.pk, [])]) for p in products]


NUTRIENT_LABELS = {
    "energy_kcal": ("열량", "kcal"), "protein_g": ("단백질", "g"), "saturated_fat_g": ("포화지방", "g"),
    "sugars_g": ("당류", "g"), "sodium_mg": ("나트륨", "mg"),
}


def rule_labels() -> dict[str, str]:
    return {
        "restricted_item": _("Restricted item"),
        "high_calorie_low_nutrition": _("High-calorie, low-nutrition food"),
        "nutrition_missing": _("Nutrition not entered"),
        "price_above_market": _("Price above market price"),
        "eco_share": _("Eco-friendly share below 70 %"),
    }


def _nutrient_reason(group: str, reason: str) -> str:
    criteria = hs.HIGH_CALORIE_LOW_NUTRITION[group]
    if reason == "protein_g":
        return _("protein under %(floor)s g") % {"floor": criteria.protein_floor_g}
    nutrient, doubled = reason.removesuffix("×2"), reason.endswith("×2")
    label, unit = NUTRIENT_LABELS[nutrient]
    limit = (criteria.double_limits if doubled else criteria.limits)[nutrient]
    return _("%(nutrient)s over %(limit)s %(unit)s") % {"nutrient": label, "limit": f"{limit:,}", "unit": unit}


def finding_text(finding: hs.Finding) -> str:
    d = finding.detail
    if finding.rule == "restricted_item":
        return _("%(item)s is on the permit's list of restricted items.") % {"item": d["item"]}
    if finding.rule == "high_calorie_low_nutrition":
        group = next(k for k, c in hs.HIGH_CALORIE_LOW_NUTRITION.items() if c.label == d["group"])
        reasons = ", ".join(_nutrient_reason(group, r) for r in d["reasons"])
        return _("High-calorie, low-nutrition %(group)s per serving (%(reasons)s; %(source)s).") % {
            "group": d["group"], "reasons": reasons, "source": d["source"]}
    if finding.rule == "nutrition_missing":
        names = ", ".join(NUTRIENT_LABELS[n][0] for n in d["missing"])
        return _("Nutrition per serving is needed to judge this product: %(names)s.") % {"names": names}
    if finding.rule == "price_above_market":
        return _("Price %(price)s won is %(over)s won above the market price %(market)s won.") % {
            "price": f"{d['price']:,}", "over": f"{d['over']:,}", "market": f"{d['market']:,}"}
    if finding.rule == "eco_share":
        return _("Not eco-friendly, while only %(eco)s of %(food)s food products are (70 %% needed).") % {
            "eco": d["eco"], "food": d["food"]}
    raise KeyError(finding.rule)


# ---------------------------------------------------------------- writes


def _clean_fields(data: dict) -> dict:
    values = {k: data.get(k) for k in PRODUCT_FIELDS}
    values["name"] = (values["name"] or "").strip()
    if not values["name"]:
        raise ValidationError(_("Enter the product's name."))
    for key in ("food_group", "restricted", "eco_certification", "serving"):
        values[key] = values[key] or ""
    values["eco_friendly"] = bool(values["eco_friendly"])
    if values["category"] == ProductCategory.NON_FOOD:
        values["food_group"] = ""
        values["eco_friendly"] = False
    elif not values["food_group"]:
        values["food_group"] = FoodGroup.OTHER
    return values


@transaction.atomic
def add_product(*, user, store: HealthyStore, **data) -> StoreProduct:
    check(can_operate_store(user, store))
    values = _clean_fields(data)
    if store.products.filter(name=values["name"]).exists():
        raise ValidationError(_("The store already has a product of that name."))
    product = StoreProduct.objects.create(store=store, **values)
    audit.record("cooperatives.store.product_added", actor=user, obj=product, store=store.pk, product_name=product.name)
    return product


@transaction.atomic
def update_product(*, user, product: StoreProduct, **data) -> StoreProduct:
    check(can_operate_store(user, product.store))
    values = _clean_fields(data)
    if product.store.products.filter(name=values["name"]).exclude(pk=product.pk).exists():
        raise ValidationError(_("The store already has a product of that name."))
    changes = audit.save_changes(product, values)
    audit.record("cooperatives.store.product_changed", actor=user, obj=product,
                 changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return product


@transaction.atomic
def remove_product(*, user, product: StoreProduct) -> None:
    check(can_operate_store(user, product.store))
    audit.record("cooperatives.store.product_removed", actor=user, obj=product, product_name=product.name)
    product.delete()


# ---------------------------------------------------------------- import

IMPORT_ALIASES: dict[str, list[str]] = {
    "name": ["품목", "품목명", "상품명", "제품명"],
    "category": ["구분", "식품 구분"],
    "food_group": ["식품군", "기호식품 구분"],
    "restricted": ["판매 제한", "판매제한 품목"],
    "eco_friendly": ["친환경", "친환경 여부"],
    "eco_certification": ["친환경 인증", "인증"],
    "serving": ["1회 제공량"],
    "energy_kcal": ["열량", "열량(kcal)"],
    "protein_g": ["단백질", "단백질(g)"],
    "saturated_fat_g": ["포화지방", "포화지방(g)"],
    "sugars_g": ["당류", "당류(g)"],
    "sodium_mg": ["나트륨", "나트륨(mg)"],
    "price_won": ["판매가", "판매 가격"],
    "market_price_won": ["시중가", "시중 가격", "소비자 표시가격"],
}
REQUIRED = ("name", "category", "price_won", "market_price_won")
YES = {"예", "o", "y", "yes", "true", "1", "친환경", "ㅇ", "○"}
NO = {"", "아니오", "아니요", "x", "n", "no", "false", "0", "-", "×"}


def _lookup(labels: dict[str, str], text: str) -> str | None:
    """A choice from its code, its full label or the Korean word in its label's brackets."""
    wanted = text.strip().replace(" ", "").casefold()
    for code, label in labels.items():
        korean = label[label.find("(") + 1:label.rfind(")")] if "(" in label else label
        if wanted in {code.casefold(), label.replace(" ", "").casefold(), korean.replace(" ", "").casefold()}:
            return code
    return None


CATEGORY_WORDS = {"식품": ProductCategory.FOOD, "비식품": ProductCategory.NON_FOOD, "문구류": ProductCategory.NON_FOOD,
                  "생필품": ProductCategory.NON_FOOD, "food": ProductCategory.FOOD, "non_food": ProductCategory.NON_FOOD}
GROUP_WORDS = {"간식용": FoodGroup.SNACK, "간식": FoodGroup.SNACK, "식사대용": FoodGroup.MEAL, "기타": FoodGroup.OTHER,
               "": ""}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def _parse_row(number: int, row: dict[str, str], label) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, object] = {"name": row.get("name", "").strip()}

    def bad(column: str, message: str) -> None:
        errors.append(RowError(number, label(column), row.get(column, ""), message))

    if not values["name"]:
        bad("name", _("Enter the product's name."))
    elif len(values["name"]) > 200:
        bad("name", _("At most 200 characters."))
    category = CATEGORY_WORDS.get(row.get("category", "").replace(" ", ""))
    if category is None:
        bad("category", _("Write 식품 or 비식품."))
    values["category"] = category
    group = GROUP_WORDS.get(row.get("food_group", "").replace(" ", ""))
    if group is None:
        bad("food_group", _("Write 간식용, 식사대용 or 기타 (or leave it empty)."))
    values["food_group"] = group or ""
    restricted_text = row.get("restricted", "").strip()
    restricted = "" if restricted_text in NO else _lookup(dict(RestrictedItem.choices), restricted_text)
    if restricted is None:
        bad("restricted", _("Not one of the permit's restricted items (현장 조리식품, 불량식품, 햄버거 …)."))
    values["restricted"] = restricted or ""
    eco = row.get("eco_friendly", "").strip().casefold()
    if eco not in YES | NO:
        bad("eco_friendly", _("Write 예 or 아니오."))
    values["eco_friendly"] = eco in YES
    values["eco_certification"] = row.get("eco_certification", "").strip()[:100]
    values["serving"] = row.get("serving", "").strip()[:50]
    for nutrient in NUTRIENT_FIELDS:
        try:
            number_value = parse_decimal(row.get(nutrient, ""))
        except ParseError as error:
            bad(nutrient, str(error))
            continue
        if number_value is not None and (number_value < 0 or number_value >= Decimal(100_000)):
            bad(nutrient, _("Enter a number from 0 to 99,999."))
            continue
        values[nutrient] = None if number_value is None else number_value.quantize(Decimal("0.1"))
    for money in ("price_won", "market_price_won"):
        try:
            amount = parse_integer(row.get(money, "").removesuffix("원"))
        except ParseError as error:
            bad(money, str(error))
            continue
        if amount is None or amount < 0 or amount > 10_000_000:
            bad(money, _("Enter an amount in won from 0 to 10,000,000."))
            continue
        values[money] = amount
    return values, errors


@transaction.atomic
def import_products(*, user, store: HealthyStore, data: bytes, filename: str) -> ImportResult:
    """Add or update (by name) the products of a CSV or XLSX file; with any bad row, nothing is written
    and ``errors`` names each bad cell (row as the spreadsheet shows it, column as the file heads it)."""
    check(can_operate_store(user, store))
    try:
        table = tabular.read_table(data, filename=filename, aliases=IMPORT_ALIASES, required=REQUIRED)
    except tabular.TableError as error:
        raise ValidationError(str(error)) from error
    if len(table.rows) > MAX_IMPORT_ROWS:
        raise ValidationError(_("A file may hold at most %(n)s products.") % {"n": f"{MAX_IMPORT_ROWS:,}"})

    def label(column: str) -> str:
        try:
            return table.source_header(column)
        except KeyError:
            return IMPORT_ALIASES[column][0]

    result = ImportResult()
    parsed = []
    seen: dict[str, int] = {}
    for number, row in table.rows:
        values, errors = _parse_row(number, row, label)
        if values["name"] in seen:
            errors.append(RowError(number, label("name"), str(values["name"]),
                                   _("Also in row %(row)s.") % {"row": seen[values["name"]]}))
        seen.setdefault(str(values["name"]), number)
        result.errors.extend(errors)
        parsed.append(values)
    if result.errors or not parsed:
        if not parsed:
            raise ValidationError(_("The file has no product rows."))
        return result
    existing = {p.name: p for p in store.products.all()}
    for values in parsed:
        values = _clean_fields(values)
        product = existing.get(values["name"])
        if product is None:
            StoreProduct.objects.create(store=store, **values)
            result.created += 1
        else:
            audit.save_changes(product, values)
            result.updated += 1
    audit.record("cooperatives.store.products_imported", actor=user, obj=store, filename=filename[:200],
                 created=result.created, updated=result.updated)
    return result
