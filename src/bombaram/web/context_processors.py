"""Navigation shown on every page: only the parts that exist, and only to those who may use them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bombaram.web.admin_scopes import may_enter


def navigation(request):
    items = [
        {"label": _("Home"), "url": reverse("home"), "key": "home"},
        {"label": _("Ecosystem statistics"), "url": reverse("statistics"), "key": "statistics"},
        {"label": _("Organisation registry"), "url": reverse("organisation-list"), "key": "registry"},
        {"label": _("Public purchase"), "url": reverse("purchase-index"), "key": "procurement"},
        {"label": _("Programme teams"), "url": reverse("team-list"), "key": "programmes"},
        {"label": _("Social value"), "url": reverse("valuation-home"), "key": "valuation"},
        # the market's four parts are one entry; each market page shows them as a sub-navigation (market_nav)
        {"label": _("Market"), "url": reverse("market-home"), "key": "market"},
    ]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:  # registers are private: the list shows the user's own
        items.append({"label": _("Cooperatives"), "url": reverse("cooperative-list"), "key": "cooperatives"})
    if user is not None and user.is_authenticated and may_enter(user):  # the back office's own rule
        items.append({"label": _("Back office"), "url": reverse("admin:index"), "key": "admin"})
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else ""
    section = {"home": "home", "team-list": "programmes", "team-detail": "programmes"}.get(current or "", "")
    if current and (current.startswith("statistics") or current == "lq-comparison"):
        section = "statistics"
    if current and (current.startswith(("purchase-", "plan-", "public-")) or current == "purchase"):
        section = "procurement"
    if current and (current.startswith("organisation-") or current.startswith("import-")):
        section = "registry"
    if match is not None and "valuation" in (match.app_names or []) + [match.namespace or ""] or (
            current and current.startswith(("valuation-", "framework-", "study-", "round-", "panellist-", "proposal-",
                                             "questionnaire", "accounts-", "measurement-", "sroi-"))):
        section = "valuation"
    if current and current.startswith(("cooperative-", "member-certificate", "register-download", "credit-", "survey-",
                                                "store-", "product-edit", "hub-")):
        section = "cooperatives"
    market_part = _market_part(match)
    if market_part is not None:
        section = "market"
    for item in items:
        item["current"] = item["key"] == section
    current_language = (get_language() or settings.LANGUAGE_CODE)[:2]
    path = request.get_full_path()
    switch = [
        {"code": code, "label": "한국어" if code == "ko" else "English", "next": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
        if code != current_language
    ]
    return {"nav_items": items, "language_switch": switch,
            "market_nav": market_navigation(user, market_part) if market_part is not None else None}


#: the market's parts by the module of their views (a market page is one whose view lives in bombaram.market)
_MARKET_PARTS = {"catalogue": "catalogue", "staff": "catalogue", "trades": "trades", "needs": "needs", "hall": "hall"}


def _market_part(match) -> str | None:
    """"" for the market's landing page, the part's key for its other pages, None outside the market."""
    module = getattr(getattr(match, "func", None), "__module__", "") or ""
    if not module.startswith("bombaram.market.views"):
        return None
    return _MARKET_PARTS.get(module.rsplit(".", 1)[-1], "")


def market_navigation(user, current: str = "") -> list[dict]:
    """The market's four parts, as the landing page links them and every market page's sub-navigation shows
    them; the sales hall only to those logged in (its ledger is its staff's and the buying departments')."""
    parts = [
        {"key": "catalogue", "label": _("Catalogue"), "url": reverse("market-catalogue"),
         "about": _("Products and services of social economy organisations, searchable by district and designation")},
        {"key": "trades", "label": _("Trades"), "url": reverse("market-trades"),
         "about": _("Trades between social economy organisations: number and amount by district, designation and industry")},
        {"key": "needs", "label": _("Needs and matching"), "url": reverse("need-list"),
         "about": _("What departments, organisations and group buyers need, matched to suppliers")},
    ]
    if user is not None and user.is_authenticated:
        parts.append({"key": "hall", "label": _("Sales hall"), "url": reverse("hall-outlets"),
                      "about": _("The sales hall's ledger: daily sales, monthly settlement per producer")})
    for part in parts:
        part["current"] = part["key"] == current
    return parts
