"""Reading the trades: lists, the report's facts (core.market_trades), the export and the indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from bombaram.core.market_trades import TradeFact, TradeReport, aggregate
from bombaram.market.models import Trade
from bombaram.market.queries.catalogue import editable_organisations
from bombaram.registry.models import Designation, District, IndustryGroup
from bombaram.web.permissions import can_enter_trade

DIMENSIONS = ("district", "designation", "industry")
UNKNOWN = "_none"


@dataclass(frozen=True)
class ReportFilter:
    dimension: str = "district"
    period: str = "year"
    start: dt.date | None = None
    end: dt.date | None = None


def trades_in(start: dt.date | None, end: dt.date | None) -> QuerySet[Trade]:
    qs = Trade.objects.all()
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs


def _designation_on(organisation_ids: set[int], days: dict[int, list[dt.date]]) -> dict[tuple[int, dt.date], str]:
    """The highest-precedence designation type (code) each organisation held on each trade day."""
    held: dict[int, list[tuple[int, dt.date | None, dt.date | None, str]]] = {}
    ids = sorted(organisation_ids)
    for start in range(0, len(ids), 900):
        for org, precedence, granted, ended, code in Designation.objects.filter(
                organisation_id__in=ids[start:start + 900]).values_list(
                "organisation_id", "type__precedence", "granted", "ended", "type__code"):
            held.setdefault(org, []).append((precedence, granted, ended, code))
    out = {}
    for org, org_days in days.items():
        spans = sorted(held.get(org, []))
        for day in org_days:
            out[(org, day)] = next((code for _p, granted, ended, code in spans
                                    if (granted is None or granted <= day) and (ended is None or day < ended)), UNKNOWN)
    return out


def report(f: ReportFilter) -> tuple[TradeReport, dict[str, str]]:
    """The report of ``f`` and the label of every group key (Korean or English as the page's language)."""
    rows = list(trades_in(f.start, f.end).values_list(
        "date", "amount_won", "buyer_id", "seller_id", "buyer__district_id", "seller__district_id",
        "buyer__industry_id", "seller__industry_id"))
    labels: dict[str, str] = {UNKNOWN: "—"}
    if f.dimension == "designation":
        days: dict[int, list[dt.date]] = {}
        for day, _a, buyer, seller, *_rest in rows:
            days.setdefault(buyer, []).append(day)
            days.setdefault(seller, []).append(day)
        held = _designation_on(set(days), days)
        facts = [TradeFact(day, amount, held[(buyer, day)], held[(seller, day)])
                 for day, amount, buyer, seller, *_rest in rows]
        from bombaram.registry.models import DesignationType

        labels |= {t.code: str(t) for t in DesignationType.objects.all()}
        labels[UNKNOWN] = "지정 없음"
    else:
        index = (4, 5) if f.dimension == "district" else (6, 7)
        facts = [TradeFact(r[0], r[1], str(r[index[0]]) if r[index[0]] else UNKNOWN,
                           str(r[index[1]]) if r[index[1]] else UNKNOWN) for r in rows]
        model = District if f.dimension == "district" else IndustryGroup
        labels |= {str(o.pk): str(o) for o in model.objects.all()}
        labels[UNKNOWN] = "구 정보 없음" if f.dimension == "district" else "업종 정보 없음"
    result = aggregate(facts, f.period)
    order = {key: i for i, key in enumerate(labels)}
    result.groups.sort(key=lambda g: (g == UNKNOWN, order.get(g, 0)))
    return result, labels


def trade_years() -> list[int]:
    first = Trade.objects.order_by("date").values_list("date", flat=True).first()
    last = Trade.objects.order_by("-date").values_list("date", flat=True).first()
    return list(range(first.year, last.year + 1)) if first else []


def trades_for_user(user: Any) -> QuerySet[Trade]:
    """Trades the user may change: those of organisations whose market records they keep."""
    mine = editable_organisations(user)
    return Trade.objects.filter(Q(buyer__in=mine) | Q(seller__in=mine)).select_related(
        "buyer", "seller", "product").order_by("-date", "-id")


def get_trade_for_user(user: Any, pk: int) -> Trade:
    try:
        trade = Trade.objects.select_related("buyer", "seller", "product").get(pk=pk)
    except Trade.DoesNotExist:
        raise Http404 from None
    if not can_enter_trade(user, trade.buyer, trade.seller):
        raise Http404
    return trade


def export_rows(trades: QuerySet[Trade]) -> list[list[object]]:
    """Rows in core.market_catalogue.TRADE_COLUMNS order."""
    return [[t.pk, t.date, t.seller_id, t.seller.name, t.buyer_id, t.buyer.name, t.item, t.product_id, t.amount_won,
             t.note] for t in trades.select_related("buyer", "seller").order_by("date", "pk")]


def district_trades(district: District, year: int) -> tuple[int, int]:
    """(건수, 금액) of trades dated in ``year`` whose buyer or seller is in ``district``: one row per trade, so a
    trade between two organisations of the district counts once."""
    totals = Trade.objects.filter(Q(buyer__district=district) | Q(seller__district=district),
                                  date__year=year).aggregate(n=Count("pk"), won=Sum("amount_won"))
    return totals["n"], totals["won"] or 0


def trades_count(district: District, year: int) -> Decimal | None:
    """상호거래 건수 (market.indicators): None when the district has no trade in the year."""
    count, _won = district_trades(district, year)
    return Decimal(count) if count else None


def trades_won(district: District, year: int) -> Decimal | None:
    """상호거래 금액 in won (market.indicators): None when the district has no trade in the year."""
    count, won = district_trades(district, year)
    return Decimal(won) if count else None
