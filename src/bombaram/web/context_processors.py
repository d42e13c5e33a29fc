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
        {"label": _("Catalogue"), "url": reverse("market-catalogue"), "key": "market-catalogue"},
        {"label": _("Trades"), "url": reverse("market-trades"), "key": "market-trades"},
    ]
    items.append({"label": _("Needs and matching"), "url": reverse("need-list"), "key": "market-needs"})
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:  # registers are private: the list shows the user's own
        items.append({"label": _("Cooperatives"), "url": reverse("cooperative-list"), "key": "cooperatives"})
    if user is not None and user.is_authenticated:  # the sales ledger is its staff's and the buying departments'
        items.append({"label": _("Sales hall"), "url": reverse("hall-outlets"), "key": "hall"})
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
    if current and (current.startswith("need-") or current.startswith("market-gaps")):
        section = "market-needs"
    if current and current.startswith(("market-catalogue", "market-product", "market-manage")):
        section = "market-catalogue"
    if current and current.startswith(("market-trade", "market-our-trades")):
        section = "market-trades"
    if current and current.startswith("hall-"):
        section = "hall"
    for item in items:
        item["current"] = item["key"] == section
    current_language = (get_language() or settings.LANGUAGE_CODE)[:2]
    path = request.get_full_path()
    switch = [
        {"code": code, "label": "한국어" if code == "ko" else "English", "next": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
        if code != current_language
    ]
    return {"nav_items": items, "language_switch": switch}
