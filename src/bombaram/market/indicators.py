"""The social accounts' indicators that the market records hold (one fact, entered once).

Each measure reads its value for a district and a calendar year from the records of the market app (the sales
hall's sales, the trades between organisations, the demand–supply matches) and is offered to the centre as a
source an indicator can be bound to (valuation.services.sources, kind ``market``). ``read`` is the dotted path
of a function ``(district, year) -> Decimal | None``: None when the district has no such record in the year
(the accounts then say so rather than show a zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class MarketMeasure:
    code: str
    label_ko: str
    unit_ko: str
    read: str

    def reading(self, district: Any, year: int) -> Decimal | None:
        value = import_string(self.read)(district, year)
        return None if value is None else Decimal(value)


# One line per measure; each reads from the module of the records it counts.
MEASURES: dict[str, MarketMeasure] = {m.code: m for m in (
    MarketMeasure("matches_count", "수요-공급 매칭 건수", "건", "bombaram.market.queries.needs.matches_count"),
    MarketMeasure("trades_count", "상호거래 건수", "건", "bombaram.market.queries.trades.trades_count"),
    MarketMeasure("trades_won", "상호거래 금액", "원", "bombaram.market.queries.trades.trades_won"),
    MarketMeasure("hall_sales_won", "판매관 매출액", "원", "bombaram.market.queries.hall.hall_sales_won"),
)}
