"""The trades as a file and back (상호거래 내보내기·가져오기), in one layout (core.market_catalogue.TRADE_COLUMNS).

As the catalogue's import: plan (every row checked: organisations and products looked up, the user's right to
enter each trade checked), then all or nothing in one transaction. A row with a 거래번호 changes that trade;
a row without one records a new trade. Trades not in the file are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from bombaram.core.market_catalogue import (
    TRADE_ALIASES,
    TRADE_COLUMNS,
    TRADE_LABELS,
    TRADE_REQUIRED,
    TradeRow,
    parse_trade_cells,
)
from bombaram.market.models import Product, Trade
from bombaram.market.queries.catalogue import editable_organisations
from bombaram.market.queries.trades import export_rows
from bombaram.market.services.catalogue_io import RowError, read_market_file, write_table
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.field_limits import column_problem
from bombaram.web.permissions import can_enter_trade, check

_FIELDS = ("date", "seller_id", "buyer_id", "item", "product_id", "amount_won", "note")


@dataclass
class TradePlan:
    creates: list[TradeRow] = field(default_factory=list)
    updates: list[tuple[Trade, TradeRow]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


def export_file(trades: QuerySet[Trade], fmt: str) -> bytes:
    return write_table(fmt, "상호거래", TRADE_COLUMNS, export_rows(trades),
                       illustrative=trades.filter(illustrative=True).exists(), money=(TRADE_LABELS["amount_won"],))


def plan_trade_import(user: Any, data: bytes, *, filename: str) -> TradePlan:
    """Read and check every row; nothing is written."""
    plan = TradePlan()
    table, label, plan.file_error = read_market_file(data, filename=filename, aliases=TRADE_ALIASES,
                                                     required=TRADE_REQUIRED, labels=TRADE_LABELS)
    if plan.file_error:
        return plan

    parsed: list[tuple[int, TradeRow]] = []
    for number, cells in table.rows:
        row, errors = parse_trade_cells(cells)
        for column, message in errors.items():
            plan.errors.append(RowError(number, label(column), message))
        if row is None:
            continue
        problems = [(c, column_problem(Trade, c, getattr(row, c))) for c in ("item", "note", "amount_won")]
        problems = [(c, p) for c, p in problems if p]
        for column, problem in problems:
            plan.errors.append(RowError(number, label(column), problem))
        if not problems:
            parsed.append((number, row))
    wanted = {r.seller_id for _n, r in parsed} | {r.buyer_id for _n, r in parsed}
    known = set(Organisation.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    allowed = set(editable_organisations(user).filter(pk__in=wanted).values_list("pk", flat=True))
    product_seller = dict(Product.objects.filter(pk__in={r.product_id for _n, r in parsed if r.product_id}).values_list(
        "pk", "organisation_id"))
    trades = Trade.objects.in_bulk({r.id for _n, r in parsed if r.id is not None})
    seen: dict[int, int] = {}
    for number, row in parsed:
        bad = False
        for column in ("seller_id", "buyer_id"):
            if getattr(row, column) not in known:
                plan.errors.append(RowError(number, label(column), f"등록부에 없는 조직 번호입니다: #{getattr(row, column)}"))
                bad = True
        if bad:
            continue
        if row.seller_id not in allowed and row.buyer_id not in allowed:
            plan.errors.append(RowError(number, label("seller_id"),
                                        "판매 조직이나 구매 조직의 거래만 입력할 수 있습니다 (권한이 없습니다)."))
            continue
        if row.product_id is not None and product_seller.get(row.product_id) != row.seller_id:
            plan.errors.append(RowError(number, label("product_id"),
                                        f"판매 조직의 상품 가운데 상품번호 {row.product_id}가 없습니다."))
            continue
        if row.id is None:
            plan.creates.append(row)
            continue
        if row.id in seen:
            plan.errors.append(RowError(number, label("id"), f"{seen[row.id]}행과 거래번호가 같습니다: {row.id}"))
            continue
        seen[row.id] = number
        trade = trades.get(row.id)
        if trade is None or (trade.seller_id not in allowed and trade.buyer_id not in allowed):
            plan.errors.append(RowError(number, label("id"),
                                        f"고칠 수 있는 거래 가운데 거래번호 {row.id}가 없습니다 (새 거래는 거래번호를 비워 두세요)."))
            continue
        if all(getattr(trade, k) == getattr(row, k) for k in _FIELDS):
            plan.unchanged += 1
        else:
            plan.updates.append((trade, row))
    plan.errors.sort(key=lambda e: e.row)
    return plan


def apply_trade_import(*, user: Any, plan: TradePlan, filename: str = "") -> dict[str, int]:
    """Write a plan without errors in one transaction; returns counts. Refuses a plan with errors."""
    if not plan.ok:
        raise ValueError("오류가 있는 파일은 가져오지 않습니다.")
    rows = plan.creates + [r for _t, r in plan.updates]
    organisations = Organisation.objects.in_bulk({r.seller_id for r in rows} | {r.buyer_id for r in rows}
                                                 | {t.seller_id for t, _r in plan.updates}
                                                 | {t.buyer_id for t, _r in plan.updates})
    for row in rows:
        check(can_enter_trade(user, organisations[row.buyer_id], organisations[row.seller_id]))
    with transaction.atomic():
        created = Trade.objects.bulk_create([
            Trade(entered_by=user, **{k: getattr(row, k) for k in _FIELDS}) for row in plan.creates], batch_size=500)
        changed = []
        for trade, row in plan.updates:
            for name in _FIELDS:
                setattr(trade, name, getattr(row, name))
            trade.entered_by = user
            changed.append(trade)
        Trade.objects.bulk_update(changed, ["date", "seller", "buyer", "item", "product", "amount_won", "note",
                                            "entered_by"], batch_size=500)
        audit.record("market.trades.imported", actor=user, filename=filename, created=len(created),
                     updated=len(changed), unchanged=plan.unchanged, updated_ids=[t.pk for t in changed])
    return {"created": len(created), "updated": len(changed), "unchanged": plan.unchanged}
