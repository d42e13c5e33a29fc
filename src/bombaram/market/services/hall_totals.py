"""The running sums of the sales ledger (SaleDay): per outlet, day and producer, the number of sales, their
amount and the part sold to public departments. Kept in the same transaction as every sale written
(market.services.hall), like the purchase system's PurchaseTotal; ``rebuild`` recomputes an outlet's sums
from its sales (after a bulk load: the demo, the benchmark)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from bombaram.market.choices import BuyerKind
from bombaram.market.models import Sale, SaleDay

_UPSERT = (
    "INSERT INTO market_saleday (outlet_id, day, organisation_id, n, gross_won, department_won) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (outlet_id, day, organisation_id) DO UPDATE SET "
    "n = market_saleday.n + excluded.n, gross_won = market_saleday.gross_won + excluded.gross_won, "
    "department_won = market_saleday.department_won + excluded.department_won"
)


def _change(sales: Iterable[Sale], sign: int) -> None:
    sums: dict[tuple, list[int]] = {}
    for sale in sales:
        entry = sums.setdefault((sale.outlet_id, sale.sold_on, sale.organisation_id), [0, 0, 0])
        entry[0] += sign
        entry[1] += sign * sale.amount_won
        entry[2] += sign * (sale.amount_won if sale.buyer_kind == BuyerKind.DEPARTMENT else 0)
    if not sums:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT, [(o, d.isoformat(), org, n, won, dep) for (o, d, org), (n, won, dep) in sums.items()])
    if sign < 0:  # a day a correction or deletion emptied
        for outlet, day, organisation in sums:
            SaleDay.objects.filter(outlet_id=outlet, day=day, organisation_id=organisation, n__lte=0).delete()


def add_sales(sales: Iterable[Sale]) -> None:
    _change(sales, 1)


def remove_sales(sales: Iterable[Sale]) -> None:
    _change(sales, -1)


@transaction.atomic
def rebuild(outlet_id: int) -> int:
    """Recompute the outlet's sums from its sales (one GROUP BY); returns the number of sums."""
    SaleDay.objects.filter(outlet_id=outlet_id).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO market_saleday (outlet_id, day, organisation_id, n, gross_won, department_won) "
            "SELECT outlet_id, sold_on, organisation_id, COUNT(*), SUM(amount_won), "
            "SUM(CASE WHEN buyer_kind = %s THEN amount_won ELSE 0 END) FROM market_sale WHERE outlet_id = %s "
            "GROUP BY outlet_id, sold_on, organisation_id", [str(BuyerKind.DEPARTMENT), outlet_id])
    return SaleDay.objects.filter(outlet_id=outlet_id).count()
