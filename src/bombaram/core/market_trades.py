"""Trades between social economy organisations (상호거래): counts and amounts by group and period.

A trade is a ValueFlows ``EconomicEvent`` (action ``transfer``): the seller provides, the buyer receives, on
one day, for an amount in won. The report groups trades by a property of the two parties (their district,
their designation type on the trade's date, their industry group) and by period (month, quarter, year).

Counting rule (the same as the social accounts' 상호거래 건수·금액, market.indicators): a trade belongs to a
group when its buyer OR its seller is in the group, and it is counted ONCE in that group even when both
parties are (a trade inside one district counts once for that district). A trade between parties of two
different groups therefore appears in both groups' rows, so the rows of a dimension may add up to more than
the total; the total (and every period's total) counts each trade once. Amounts are summed in whole won.

Pure Python: the caller gives each trade's day, amount and the group keys of its two parties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_key(day: dt.date, period: Period | str) -> str:
    """The period ``day`` falls in, as a sortable key: "2014-03" (month), "2014-Q1" (quarter), "2014" (year)."""
    period = Period(period)
    if period is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if period is Period.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_label_ko(key: str) -> str:
    """"2014-03" → "2014년 3월", "2014-Q1" → "2014년 1분기", "2014" → "2014년"."""
    if "-Q" in key:
        year, quarter = key.split("-Q")
        return f"{int(year)}년 {int(quarter)}분기"
    if "-" in key:
        year, month = key.split("-")
        return f"{int(year)}년 {int(month)}월"
    return f"{int(key)}년"


@dataclass(frozen=True, slots=True)
class TradeFact:
    """One trade as the report needs it: its day, amount, and the group keys of buyer and seller
    (None when a party has no value for the dimension: the caller maps that to its own "unknown" key)."""

    day: dt.date
    amount_won: int
    buyer_group: str
    seller_group: str


@dataclass(frozen=True, slots=True)
class Cell:
    count: int = 0
    amount_won: int = 0

    def add(self, amount_won: int) -> Cell:
        return Cell(self.count + 1, self.amount_won + amount_won)


@dataclass
class TradeReport:
    """``cells[group][period]``, ``group_totals[group]`` (a trade once per group), ``period_totals[period]``
    and ``total`` (each trade once). ``periods`` and ``groups`` sorted by key."""

    periods: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    group_totals: dict[str, Cell] = field(default_factory=dict)
    period_totals: dict[str, Cell] = field(default_factory=dict)
    total: Cell = Cell()

    def cell(self, group: str, period: str) -> Cell:
        return self.cells.get(group, {}).get(period, Cell())


def aggregate(trades: Iterable[TradeFact], period: Period | str) -> TradeReport:
    """Count and sum ``trades`` per group (buyer's or seller's, once per trade) and per period.

    For each trade t with groups G(t) = {buyer_group, seller_group} and period p(t):
    cells[g][p] = (#{t : g ∈ G(t), p(t) = p}, Σ amount), group_totals[g] over all periods,
    period_totals[p] = (#{t : p(t) = p}, Σ amount), total = (#trades, Σ amount).
    """
    period = Period(period)
    report = TradeReport()
    cells: dict[str, dict[str, Cell]] = {}
    group_totals: dict[str, Cell] = {}
    period_totals: dict[str, Cell] = {}
    total = Cell()
    for trade in trades:
        key = period_key(trade.day, period)
        total = total.add(trade.amount_won)
        period_totals[key] = period_totals.get(key, Cell()).add(trade.amount_won)
        for group in {trade.buyer_group, trade.seller_group}:
            row = cells.setdefault(group, {})
            row[key] = row.get(key, Cell()).add(trade.amount_won)
            group_totals[group] = group_totals.get(group, Cell()).add(trade.amount_won)
    report.periods = sorted(period_totals)
    report.groups = sorted(cells)
    report.cells = cells
    report.group_totals = group_totals
    report.period_totals = period_totals
    report.total = total
    return report


def district_year_totals(trades: Iterable[tuple[dt.date, int, object, object]], district: object,
                         year: int) -> Cell:
    """상호거래 건수·금액 of one district in one calendar year: trades (day, amount, buyer's district,
    seller's district) whose buyer or seller is in ``district``, dated in ``year``; each trade once."""
    out = Cell()
    for day, amount, buyer_district, seller_district in trades:
        if day.year == year and district in (buyer_district, seller_district):
            out = out.add(amount)
    return out
