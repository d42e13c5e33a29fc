"""The market's landing page (/market/): its four parts, a line each on what they hold, and the figures the
officer wants first."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from bombaram.market.queries.overview import market_overview
from bombaram.web.context_processors import market_navigation


def market_home(request):
    overview = market_overview(user=request.user, today=timezone.localdate())
    return render(request, "market/home.html", {"overview": overview, "parts": market_navigation(request.user)})
