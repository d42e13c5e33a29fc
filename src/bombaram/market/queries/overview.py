"""The market's landing page: the four figures an officer wants first, each read through the part's own
queries, and only what the user may see (the sales hall's ledger is its staff's and the centre's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from bombaram.market.choices import NeedStatus, OutletKind
from bombaram.market.models import SaleDay, SalesOutlet
from bombaram.market.queries import catalogue, hall, needs, trades
from bombaram.web.choices import Role
from bombaram.web.permissions import centre_admin_districts, has_role


@dataclass(frozen=True)
class MarketOverview:
    today: dt.date
    products: int                 # products on offer in the public catalogue
    hall_sales_won: int | None    # this month's sales of the sales halls the user runs; None: none the user runs
    hall_sales: int | None        # number of sales behind hall_sales_won
    trades: int                   # trades between organisations dated this year
    trades_won: int
    open_needs: int               # open needs the user can see (the public: every open need)


def market_overview(*, user: Any, today: dt.date) -> MarketOverview:
    """Products on offer; this month's (1st to ``today``'s month end) sales of the halls ``user`` runs;
    trades dated in ``today``'s year; open needs visible to ``user``."""
    products = catalogue.catalogue(catalogue.CatalogueFilter(), today=today).count()
    halls = list(halls_run_by(user).values_list("pk", flat=True))
    hall_n = hall_won = None
    if halls:
        start, end = hall.month_bounds(today.year, today.month)
        found = SaleDay.objects.filter(outlet_id__in=halls, day__gte=start, day__lt=end).aggregate(
            n=Sum("n"), won=Sum("gross_won"))
        hall_n, hall_won = int(found["n"] or 0), int(found["won"] or 0)
    year = trades.trades_in(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)).aggregate(
        n=Count("pk"), won=Sum("amount_won"))
    open_needs = needs.needs_for_user(user).filter(status=NeedStatus.OPEN).count()
    return MarketOverview(today, products, hall_won, hall_n, year["n"], int(year["won"] or 0), open_needs)


def halls_run_by(user: Any) -> QuerySet[SalesOutlet]:
    """The sales halls whose ledger ``user`` runs, in one query: web.permissions.can_run_outlet (the hall's own
    staff, or an administrator whose scope covers its district) without asking it outlet by outlet."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return SalesOutlet.objects.none()
    halls = SalesOutlet.objects.filter(kind=OutletKind.SALES_HALL)
    districts = centre_admin_districts(user)
    if districts is None:
        return halls
    condition = Q(district_id__in=districts)
    if has_role(user, Role.ORGANISATION_STAFF):
        condition |= Q(pk__in=SalesOutlet.staff.through.objects.filter(user=user).values("salesoutlet_id"))
    return halls.filter(condition)
