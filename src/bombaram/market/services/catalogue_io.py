"""The catalogue as a file and back (상품 목록 내보내기·가져오기), in one layout (core.market_catalogue).

Importing plans first — every row read and checked, organisations and products looked up, the user's right to
each row's organisation checked — and writes only a plan without errors, in one transaction: all or nothing,
like the programme ledger's import. A row with a 상품번호 changes that product; a row without one adds a
product. Products not in the file are left as they are; photos are not in the file and stay.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from bombaram.core import tabular
from bombaram.core.market_catalogue import (
    PRODUCT_ALIASES,
    PRODUCT_COLUMNS,
    PRODUCT_LABELS,
    PRODUCT_REQUIRED,
    ProductRow,
    parse_product_cells,
    unknown_columns,
)
from bombaram.market.models import Product
from bombaram.market.queries.catalogue import editable_organisations, export_rows
from bombaram.market.services.catalogue import PRODUCT_FIELDS
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.field_limits import column_problem
from bombaram.web.permissions import can_edit_market_records, check

MAX_ROWS = 50_000
MAX_UPLOAD = 30 * 1024 * 1024


@dataclass
class RowError:
    row: int
    column: str  # the header as in the file ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"{self.row}행" + (f" '{self.column}' 열" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportPlan:
    creates: list[ProductRow] = field(default_factory=list)
    updates: list[tuple[Product, ProductRow]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


def write_table(fmt: str, sheet: str, columns: tuple[tuple[str, str], ...], rows: list[list[object]], *,
                illustrative: bool = False, money: tuple[str, ...] = ()) -> bytes:
    """XLSX or CSV (UTF-8 with BOM) bytes of ``rows`` under the Korean headers of ``columns``."""
    headers = [label for _code, label in columns]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table.{fmt}"
        if fmt == "xlsx":
            tabular.write_xlsx(path, {sheet: (headers, rows)}, notes=["예시 데이터 (지어낸 기록)"] if illustrative else [],
                               number_formats={label: "#,##0" for label in money})
        else:
            tabular.write_csv_for_excel(path, headers, rows)
        return path.read_bytes()


def export_file(products: QuerySet[Product], fmt: str) -> bytes:
    return write_table(fmt, "상품 목록", PRODUCT_COLUMNS, export_rows(products),
                       illustrative=products.filter(illustrative=True).exists(), money=(PRODUCT_LABELS["price_won"],))


def _values(row: ProductRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in (*PRODUCT_FIELDS, "active")}


def read_market_file(data: bytes, *, filename: str, aliases: dict, required: Any,
                     labels: dict[str, str]) -> tuple[Any, Any, str]:
    """The file step every market import shares: the table, a function naming a column as the file's own
    header does (for row and column errors), and the file's one error ("" when it can be read)."""
    try:
        table = tabular.read_table(data, filename=filename, aliases=aliases, required=required)
    except tabular.TableError as error:
        return None, None, str(error)
    if len(table.rows) > MAX_ROWS:
        return None, None, f"한 번에 {MAX_ROWS:,}행까지 가져올 수 있습니다 (이 파일은 {len(table.rows):,}행)."
    unknown = unknown_columns(table.columns, table.source_headers, labels)
    if unknown:
        return None, None, unknown
    header = {code: table.source_header(code) for code in table.columns if code in labels}

    def label(column: str) -> str:
        return header.get(column, labels.get(column, column))

    return table, label, ""


def plan_catalogue_import(user: Any, data: bytes, *, filename: str) -> ImportPlan:
    """Read and check every row; nothing is written."""
    plan = ImportPlan()
    table, label, plan.file_error = read_market_file(data, filename=filename, aliases=PRODUCT_ALIASES,
                                                     required=PRODUCT_REQUIRED, labels=PRODUCT_LABELS)
    if plan.file_error:
        return plan

    parsed: list[tuple[int, ProductRow]] = []
    for number, cells in table.rows:
        row, errors = parse_product_cells(cells)
        for column, message in errors.items():
            plan.errors.append(RowError(number, label(column), message))
        if row is None:
            continue
        problems = [(c, column_problem(Product, c, getattr(row, c)))
                    for c in ("name", "unit", "goods_code", "price_won", "capacity_per_month")]
        problems = [(c, p) for c, p in problems if p]
        for column, problem in problems:
            plan.errors.append(RowError(number, label(column), problem))
        if not problems:
            parsed.append((number, row))
    allowed = set(editable_organisations(user).filter(
        pk__in={r.organisation_id for _n, r in parsed}).values_list("pk", flat=True))
    known = set(Organisation.objects.filter(pk__in={r.organisation_id for _n, r in parsed}).values_list("pk", flat=True))
    products = Product.objects.in_bulk({r.id for _n, r in parsed if r.id is not None})
    taken = {(o, n): pk for pk, o, n in Product.objects.filter(
        organisation_id__in=allowed).values_list("pk", "organisation_id", "name")}
    seen: dict[tuple[int, str], int] = {}
    for number, row in parsed:
        if row.organisation_id not in known:
            plan.errors.append(RowError(number, label("organisation_id"), f"등록부에 없는 조직 번호입니다: #{row.organisation_id}"))
            continue
        if row.organisation_id not in allowed:
            plan.errors.append(RowError(number, label("organisation_id"),
                                        f"이 조직(#{row.organisation_id})의 상품을 고칠 권한이 없습니다."))
            continue
        key = (row.organisation_id, row.name)
        if key in seen:
            plan.errors.append(RowError(number, label("name"), f"{seen[key]}행과 조직·상품명이 같습니다: {row.name}"))
            continue
        seen[key] = number
        if row.id is None:
            if key in taken:
                plan.errors.append(RowError(number, label("name"),
                                            f"이 조직에 같은 이름의 상품이 있습니다 (상품번호 {taken[key]}): {row.name}"))
                continue
            plan.creates.append(row)
            continue
        product = products.get(row.id)
        if product is None or product.organisation_id != row.organisation_id:
            plan.errors.append(RowError(number, label("id"),
                                        f"이 조직의 상품 가운데 상품번호 {row.id}가 없습니다 (새 상품은 상품번호를 비워 두세요)."))
            continue
        if taken.get(key, product.pk) != product.pk:
            plan.errors.append(RowError(number, label("name"),
                                        f"이 조직에 같은 이름의 상품이 있습니다 (상품번호 {taken[key]}): {row.name}"))
            continue
        if all(getattr(product, k) == v for k, v in _values(row).items()):
            plan.unchanged += 1
        else:
            plan.updates.append((product, row))
    plan.errors.sort(key=lambda e: e.row)
    return plan


def apply_catalogue_import(*, user: Any, plan: ImportPlan, filename: str = "") -> dict[str, int]:
    """Write a plan without errors in one transaction; returns counts. Refuses a plan with errors."""
    if not plan.ok:
        raise ValueError("오류가 있는 파일은 가져오지 않습니다.")
    organisations = Organisation.objects.in_bulk({r.organisation_id for r in plan.creates}
                                                 | {p.organisation_id for p, _r in plan.updates})
    for organisation in organisations.values():
        check(can_edit_market_records(user, organisation))
    with transaction.atomic():
        created = Product.objects.bulk_create([
            Product(organisation_id=row.organisation_id, **_values(row)) for row in plan.creates], batch_size=500)
        changed = []
        for product, row in plan.updates:
            for name, value in _values(row).items():
                setattr(product, name, value)
            changed.append(product)
        Product.objects.bulk_update(changed, [*PRODUCT_FIELDS, "active"], batch_size=500)
        audit.record("market.catalogue.imported", actor=user, filename=filename, created=len(created),
                     updated=len(changed), unchanged=plan.unchanged, updated_ids=[p.pk for p in changed])
    return {"created": len(created), "updated": len(changed), "unchanged": plan.unchanged}
