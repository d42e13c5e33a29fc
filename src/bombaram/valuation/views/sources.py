"""The centre binds a framework's indicators to the system that already holds their value (one fact,
entered once): the programme teams' activity ledger or the purchase system."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.valuation import queries
from bombaram.valuation.models import Framework
from bombaram.valuation.services import measurement, sources
from bombaram.web.permissions import can_bind_indicator_sources, check


def _framework(slug: str) -> Framework:
    return get_object_or_404(Framework.objects.select_related("owner_team__district", "owner_district"), slug=slug)


def indicator_sources(request, slug: str):
    """Every indicator of the framework's current version with its source (or none: typed by the team)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    framework = _framework(slug)
    check(can_bind_indicator_sources(request.user, framework))
    version = queries.current_version(framework)
    bound = sources.bindings(framework)
    rows = [{"item": item, "current": f"{bound[item.code].kind}:{bound[item.code].measure}" if item.code in bound else ""}
            for item in (measurement.indicators_of(version) if version else [])]
    return render(request, "valuation/indicator_sources.html", {
        "framework": framework, "version": version, "rows": rows, "choices": sources.choices(),
        "crumbs": [(_("Social value"), reverse("valuation-home")), (_("Frameworks"), reverse("framework-list")),
                   (framework.name, reverse("framework-detail", args=[framework.slug])),
                   (_("Indicator sources"), None)]})


@require_POST
def indicator_source_set(request, slug: str):
    framework = _framework(slug)
    check(can_bind_indicator_sources(request.user, framework))
    code = request.POST.get("code", "")
    try:
        sources.bind_indicator_source(user=request.user, framework=framework, code=code,
                                      source=request.POST.get("source", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(code)s: the source was saved.") % {"code": code})
    return redirect("indicator-sources", slug=framework.slug)
