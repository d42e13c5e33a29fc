"""The sales hall's monthly settlement per producer (판매관 월 정산).

A producer admitted to the hall is paid what its goods sold for in the month, less the hall's commission
(판매 수수료). For each producer:

    gross      = Σ amount of its sales in the month (day rows and month summaries alike)
    commission = ⌊gross × rate / 100⌋      (원 미만 절사: the fraction of a won stays with the producer)
    net        = gross − commission        (지급액)

``rate`` is the producer's own rate where the hall agreed one, otherwise the hall's. The sums of the hall
are the sums of the lines (the commission of the hall is the sum of the producers' truncated commissions,
never a commission worked on the hall's total, so the statement of each producer adds up to the hall's).

Source of the hall (about 20 organisations, about 10 million won a month with the café, quarterly
promotions): 2014 report, "성북구 공공구매제도 및 사회적경제 기업 제품판매관 운용사례" (p. 50),
"사회적기업 제품 판매관 운영현황". The commission rate is the hall's own rule, held as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal


@dataclass(frozen=True)
class SettlementLine:
    producer: int
    sales: int
    gross_won: int
    rate_pct: Decimal
    commission_won: int
    net_won: int


@dataclass(frozen=True)
class Settlement:
    lines: list[SettlementLine]

    @property
    def gross_won(self) -> int:
        return sum(line.gross_won for line in self.lines)

    @property
    def commission_won(self) -> int:
        return sum(line.commission_won for line in self.lines)

    @property
    def net_won(self) -> int:
        return sum(line.net_won for line in self.lines)

    @property
    def sales(self) -> int:
        return sum(line.sales for line in self.lines)


def commission(gross_won: int, rate_pct: Decimal) -> int:
    """⌊gross × rate / 100⌋ in whole won (truncated, as a settlement statement writes it)."""
    if gross_won < 0:
        raise ValueError("gross must not be negative")
    if not Decimal(0) <= rate_pct <= Decimal(100):
        raise ValueError("rate must be between 0 and 100 %")
    return int((Decimal(gross_won) * rate_pct / Decimal(100)).to_integral_value(rounding=ROUND_FLOOR))


def settle(totals: Iterable[tuple[int, int, int]], *, hall_rate_pct: Decimal,
           producer_rates: Mapping[int, Decimal | None] | None = None) -> Settlement:
    """The settlement from ``totals``: (producer, number of sales, gross won) per producer (a producer
    listed twice is added up). ``producer_rates`` holds a producer's own rate (None: the hall's).
    Lines in producer order."""
    gross: dict[int, list[int]] = {}
    for producer, n, won in totals:
        entry = gross.setdefault(producer, [0, 0])
        entry[0] += n
        entry[1] += won
    rates = producer_rates or {}
    lines = []
    for producer in sorted(gross):
        n, won = gross[producer]
        rate = rates.get(producer)
        rate = hall_rate_pct if rate is None else rate
        cut = commission(won, rate)
        lines.append(SettlementLine(producer, n, won, rate, cut, won - cut))
    return Settlement(lines)
