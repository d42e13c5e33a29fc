"""The catalogue's and the trades' files (상품 목록, 상호거래 대장): columns and the reading of one row.

Export and import share one layout (the export is the import's template): XLSX, or CSV in UTF-8 with BOM.
``parse_product_cells`` and ``parse_trade_cells`` turn one row's cells into plain values and a
{column: Korean message} of what is wrong; the importer (market.services.*_io) looks organisations and
products up and writes all or nothing. Also the rule of the 조달청 물품분류번호 (8 or 10 digits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bombaram.core import dates, numbers

#: category codes (procurement's Category) and their Korean names in files
CATEGORY_LABELS = {"goods": "물품", "services": "용역", "construction": "공사"}
_CATEGORY_BY_LABEL = {label: code for code, label in CATEGORY_LABELS.items()} | {c: c for c in CATEGORY_LABELS}

PRODUCT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "상품번호"),
    ("organisation_id", "조직번호"),
    ("organisation", "조직명"),
    ("name", "상품·서비스명"),
    ("category", "분류"),
    ("goods_code", "물품분류번호"),
    ("unit", "단위"),
    ("price_won", "단가(원)"),
    ("capacity_per_month", "월 공급 가능량"),
    ("description", "설명"),
    ("delivers_in_district", "관내 배송"),
    ("active", "판매 중"),
)
PRODUCT_LABELS = dict(PRODUCT_COLUMNS)
# "단가(원)" is read by core.tabular as the header "단가" with the unit 원
PRODUCT_ALIASES: dict[str, tuple[str, ...]] = {code: (label,) for code, label in PRODUCT_COLUMNS} | {
    "price_won": ("단가(원)", "단가"),
}
PRODUCT_REQUIRED = ("organisation_id", "name", "category", "unit", "price_won")

TRADE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "거래번호"),
    ("date", "거래일"),
    ("seller_id", "판매 조직번호"),
    ("seller", "판매 조직명"),
    ("buyer_id", "구매 조직번호"),
    ("buyer", "구매 조직명"),
    ("item", "품목"),
    ("product_id", "상품번호"),
    ("amount_won", "금액(원)"),
    ("note", "비고"),
)
TRADE_LABELS = dict(TRADE_COLUMNS)
TRADE_ALIASES: dict[str, tuple[str, ...]] = {code: (label,) for code, label in TRADE_COLUMNS} | {
    "amount_won": ("금액(원)", "금액"),
}
TRADE_REQUIRED = ("date", "seller_id", "buyer_id", "item", "amount_won")

_YES = {"예", "y", "yes", "o", "true", "1", "●"}
_NO = {"아니오", "아니요", "n", "no", "x", "false", "0", ""}


def goods_code_problem(code: str) -> str | None:
    """None when ``code`` is empty or a 조달청 물품분류번호 (8 digits: 분류번호; 10 digits: with the 세부품명
    suffix); else the Korean message."""
    if code == "" or (code.isascii() and code.isdigit() and len(code) in (8, 10)):
        return None
    return f"물품분류번호는 숫자 8자리 또는 10자리입니다: '{code}'"


def yes_no(value: bool) -> str:
    return "예" if value else "아니오"


def _parse_yes_no(text: str, default: bool) -> bool:
    key = text.strip().lower()
    if key == "":
        return default
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"'예' 또는 '아니오'로 적어 주세요: '{text}'")


MAX_ID = 2**63 - 1
MAX_DESCRIPTION = 5000  # as the product form


def _parse_id(text: str) -> int | None:
    value = numbers.parse_integer(text.removeprefix("#"))
    if value is not None and not 0 < value <= MAX_ID:
        raise numbers.ParseError(f"번호는 1부터 {MAX_ID:,}까지입니다: '{text}'")
    return value


def unknown_columns(columns: tuple[str, ...], source_headers: tuple[str, ...], labels: dict[str, str]) -> str | None:
    """The file error for headers that are not columns of the layout (a typo, or a BOM written twice, would
    otherwise drop a column's values silently); None when every header is known."""
    unknown = [header for code, header in zip(columns, source_headers, strict=True) if code not in labels]
    if not unknown:
        return None
    return (f"이 파일 형식에 없는 열이 있습니다: {', '.join(repr(h) for h in unknown[:5])}. "
            f"내려받은 파일의 열 이름을 그대로 써 주세요 ({', '.join(labels.values())}).")


@dataclass
class ProductRow:
    id: int | None
    organisation_id: int
    name: str
    category: str
    goods_code: str
    unit: str
    price_won: int
    capacity_per_month: int | None
    description: str
    delivers_in_district: bool
    active: bool


@dataclass
class TradeRow:
    id: int | None
    date: dt.date
    seller_id: int
    buyer_id: int
    item: str
    product_id: int | None
    amount_won: int
    note: str


def parse_product_cells(cells: dict[str, str]) -> tuple[ProductRow | None, dict[str, str]]:
    """One catalogue row → (ProductRow, {}) or (None, {column: message})."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for column, reader in (("id", _parse_id), ("organisation_id", _parse_id),
                           ("price_won", numbers.parse_amount), ("capacity_per_month", numbers.parse_integer)):
        try:
            values[column] = reader(cells.get(column, ""))
        except numbers.ParseError as error:
            errors[column] = str(error)
    if "organisation_id" not in errors and values.get("organisation_id") is None:
        errors["organisation_id"] = "조직번호가 비어 있습니다."
    if "price_won" not in errors:
        if values.get("price_won") is None:
            errors["price_won"] = "단가가 비어 있습니다."
        elif values["price_won"] < 0:
            errors["price_won"] = "단가는 0원 이상입니다."
    capacity = values.get("capacity_per_month")
    if "capacity_per_month" not in errors and capacity is not None and capacity < 0:
        errors["capacity_per_month"] = "월 공급 가능량은 0 이상입니다."
    name = cells.get("name", "").strip()
    if not name:
        errors["name"] = "상품·서비스명이 비어 있습니다."
    unit = cells.get("unit", "").strip()
    if not unit:
        errors["unit"] = "단위가 비어 있습니다."
    category = _CATEGORY_BY_LABEL.get(cells.get("category", "").strip().lower())
    if category is None:
        errors["category"] = f"분류는 물품, 용역, 공사 가운데 하나입니다: '{cells.get('category', '')}'"
    goods_code = cells.get("goods_code", "").strip().replace("-", "")
    problem = goods_code_problem(goods_code)
    if problem:
        errors["goods_code"] = problem
    description = cells.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = f"설명은 {MAX_DESCRIPTION:,}자까지 적을 수 있습니다 ({len(description):,}자)"
    flags = {}
    for column, default in (("delivers_in_district", True), ("active", True)):
        try:
            flags[column] = _parse_yes_no(cells.get(column, ""), default)
        except ValueError as error:
            errors[column] = str(error)
    if errors:
        return None, errors
    return ProductRow(
        id=values["id"], organisation_id=values["organisation_id"], name=name, category=category,
        goods_code=goods_code, unit=unit, price_won=values["price_won"], capacity_per_month=capacity,
        description=description, **flags,
    ), {}


def parse_trade_cells(cells: dict[str, str]) -> tuple[TradeRow | None, dict[str, str]]:
    """One trade row → (TradeRow, {}) or (None, {column: message})."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for column, reader in (("id", _parse_id), ("seller_id", _parse_id), ("buyer_id", _parse_id),
                           ("product_id", _parse_id), ("amount_won", numbers.parse_amount)):
        try:
            values[column] = reader(cells.get(column, ""))
        except numbers.ParseError as error:
            errors[column] = str(error)
    for column, label in (("seller_id", "판매 조직번호"), ("buyer_id", "구매 조직번호"), ("amount_won", "금액")):
        if column not in errors and values.get(column) is None:
            errors[column] = f"{label}이 비어 있습니다."
    if "amount_won" not in errors and values["amount_won"] < 0:
        errors["amount_won"] = "금액은 0원 이상입니다."
    if not errors.get("seller_id") and not errors.get("buyer_id") and values["seller_id"] == values["buyer_id"]:
        errors["buyer_id"] = "판매 조직과 구매 조직이 같습니다."
    try:
        parsed = dates.parse_date(cells.get("date", ""))
    except dates.ParseError as error:
        errors["date"] = str(error)
    else:
        if parsed is None:
            errors["date"] = "거래일이 비어 있습니다."
        elif parsed.precision is not dates.DatePrecision.DAY:
            errors["date"] = f"거래일은 연·월·일까지 적어 주세요: '{cells.get('date', '')}'"
        else:
            values["date"] = parsed.value
    item = cells.get("item", "").strip()
    if not item:
        errors["item"] = "품목이 비어 있습니다."
    if errors:
        return None, errors
    return TradeRow(id=values["id"], date=values["date"], seller_id=values["seller_id"], buyer_id=values["buyer_id"],
                    item=item, product_id=values["product_id"], amount_won=values["amount_won"],
                    note=cells.get("note", "").strip()), {}
