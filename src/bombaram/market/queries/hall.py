"""Reading the sales ledger: the outlets a user runs, a day's or month's sales, the hall's monthly
settlement per producer (core.market_hall) and its promotions, and the indicator 판매관 매출액."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.http import Http404

from bombaram.core import market_hall
from bombaram.market.choices import OutletKind
from bombaram.market.models import HallProducer, Promotion, Sale, SaleDay, SalesOutlet
from bombaram.registry.models import Organisation
from bombaram.web.choices import Role
from bombaram.web.permissions import can_run_outlet, check, has_role


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """[first day, first day of the next month)."""
    return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)


def outlets_for_user(user: Any) -> list[SalesOutlet]:
    """The outlets whose ledger the user may open: those it runs, and the halls where its department bought."""
    outlets = SalesOutlet.objects.select_related("district", "operator", "ledger_record").order_by("district", "name")
    return [o for o in outlets if can_run_outlet(user, o) or _officer_departments(user, o)]


def _officer_departments(user: Any, outlet: SalesOutlet) -> list[int]:
    """The departments whose officer ``user`` is, if the outlet is a hall (where departments buy)."""
    if outlet.kind != OutletKind.SALES_HALL or not has_role(user, Role.DEPARTMENT_OFFICER):
        return []
    return [a.department_id for a in user.role_assignments.all()
            if a.role == Role.DEPARTMENT_OFFICER and a.department_id is not None]


def get_outlet_for_user(user: Any, pk: int, *, run: bool = False) -> SalesOutlet:
    """The outlet if the user may see its ledger (``run``: its settlement and import, the staff and centre
    only). Http404 when there is none, PermissionDenied otherwise."""
    outlet = SalesOutlet.objects.select_related("district", "operator", "ledger_record").filter(pk=pk).first()
    if outlet is None:
        raise Http404
    check(can_run_outlet(user, outlet) or (not run and bool(_officer_departments(user, outlet))))
    return outlet


def get_sale_for_user(user: Any, pk: int) -> Sale:
    """A sale the user may correct: the outlet's staff and the centre, or the officer of the buying department."""
    from bombaram.web.permissions import can_record_sale

    sale = (Sale.objects.select_related("outlet__district", "organisation", "department__institution", "purchase",
                                        "product").filter(pk=pk).first())
    if sale is None:
        raise Http404
    check(can_record_sale(user, sale.outlet, sale.department))
    return sale


def sales_for_user(user: Any, outlet: SalesOutlet, start: dt.date, end: dt.date):
    """The outlet's sales dated in [start, end): all of them for the staff and the centre, a department
    officer only its own department's (never another department's)."""
    sales = Sale.objects.filter(outlet=outlet, sold_on__gte=start, sold_on__lt=end)
    if not can_run_outlet(user, outlet):
        sales = sales.filter(department_id__in=_officer_departments(user, outlet))
    return sales.select_related("organisation", "department__institution", "purchase", "product").order_by(
        "sold_on", "organisation__name", "item", "pk")


def producers_on(outlet: SalesOutlet, day: dt.date) -> list[Organisation]:
    """The producers admitted to the outlet on ``day`` (for the entry form)."""
    ids = HallProducer.objects.filter(outlet=outlet, admitted__lte=day).filter(
        Q(left__isnull=True) | Q(left__gte=day)).values("organisation_id")
    if outlet.kind != OutletKind.SALES_HALL:
        return list(Organisation.objects.filter(district=outlet.district).order_by("name")[:500])
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class ProducerLine:
    organisation: Organisation
    line: market_hall.SettlementLine
    #: of the gross, the sales to public departments (each also a purchase of the purchase system)
    department_won: int


@dataclass(frozen=True)
class PromotionSales:
    promotion: Promotion
    start: dt.date
    end: dt.date
    sales: int
    gross_won: int


@dataclass(frozen=True)
class HallSettlement:
    outlet: SalesOutlet
    year: int
    month: int
    lines: list[ProducerLine]
    total: market_hall.Settlement
    department_won: int
    promotions: list[PromotionSales]
    illustrative: bool


def month_totals(outlet: SalesOutlet, start: dt.date, end: dt.date) -> list[tuple[int, int, int, int]]:
    """(producer, sales, gross won, of which to departments) per producer, from the running sums per day
    (SaleDay: at most days × producers rows, whatever the number of sales)."""
    rows = (SaleDay.objects.filter(outlet=outlet, day__gte=start, day__lt=end).values("organisation_id").order_by()
            .annotate(n=Sum("n"), won=Sum("gross_won"), department=Sum("department_won")))
    return [(r["organisation_id"], int(r["n"]), int(r["won"]), int(r["department"])) for r in rows]


def hall_settlement(outlet: SalesOutlet, year: int, month: int, *, organisation_id: int | None = None) -> HallSettlement:
    """The month's settlement per producer (every producer admitted in the month, with or without sales),
    worked by core.market_hall.settle, and the promotions of the month with their sales."""
    start, end = month_bounds(year, month)
    totals = month_totals(outlet, start, end)
    admitted = {p.organisation_id: p for p in HallProducer.objects.filter(outlet=outlet, admitted__lt=end).filter(
        Q(left__isnull=True) | Q(left__gte=start))}
    if organisation_id is not None:
        totals = [t for t in totals if t[0] == organisation_id]
        admitted = {k: v for k, v in admitted.items() if k == organisation_id}
    rates: dict[int, Decimal | None] = {pk: p.commission_rate_pct for pk, p in admitted.items()}
    seen = {t[0] for t in totals}
    rows = [(pk, n, won) for pk, n, won, _d in totals] + [(pk, 0, 0) for pk in admitted if pk not in seen]
    result = market_hall.settle(rows, hall_rate_pct=outlet.commission_rate_pct, producer_rates=rates)
    department = {pk: d for pk, _n, _w, d in totals}
    names = Organisation.objects.in_bulk([line.producer for line in result.lines])
    lines = sorted((ProducerLine(names[line.producer], line, department.get(line.producer, 0))
                    for line in result.lines), key=lambda p: p.organisation.name)
    return HallSettlement(outlet, year, month, lines, result, sum(department.values()),
                          promotions_of(outlet, start, end) if organisation_id is None else [], outlet.illustrative)


def promotions_of(outlet: SalesOutlet, start: dt.date, end: dt.date) -> list[PromotionSales]:
    """The promotions running in [start, end), each with the sales of its producers within both."""
    out = []
    for promotion in Promotion.objects.filter(outlet=outlet, starts__lt=end, ends__gte=start).prefetch_related(
            "producers"):
        first, last = max(promotion.starts, start), min(promotion.ends, end - dt.timedelta(days=1))
        found = SaleDay.objects.filter(outlet=outlet, day__gte=first, day__lte=last,
                                       organisation__in=[p.pk for p in promotion.producers.all()]).aggregate(
            n=Sum("n"), won=Sum("gross_won"))
        out.append(PromotionSales(promotion, first, last, int(found["n"] or 0), int(found["won"] or 0)))
    return out


def producer_sales(outlet: SalesOutlet, organisation: Organisation, year: int, month: int):
    start, end = month_bounds(year, month)
    return (Sale.objects.filter(outlet=outlet, organisation=organisation, sold_on__gte=start, sold_on__lt=end)
            .select_related("department__institution", "purchase").order_by("sold_on", "item", "pk"))


def hall_sales_won(district: Any, year: int) -> int | None:
    """판매관 매출액: the sales of the district's sales halls dated in ``year`` (won); None when the district
    has no hall sale in the year (the accounts then say so rather than show 0). Sales to public departments
    are included: they are the hall's sales too (and, separately, public purchases)."""
    found = SaleDay.objects.filter(outlet__district=district, outlet__kind=OutletKind.SALES_HALL,
                                   day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31)).aggregate(
        n=Sum("n"), won=Sum("gross_won"))
    return None if not found["n"] else int(found["won"])
