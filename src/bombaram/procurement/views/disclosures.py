"""Monthly disclosures (월별 구매실적 공시): the 사회적경제과's publishing page and the citizens' pages.

The public pages read stored snapshots only (never the purchases), so they stay fast and show
exactly what was published.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bombaram.procurement import open_data, queries
from bombaram.procurement.choices import Category, DisclosureKind
from bombaram.procurement.forms import PublishMonthForm
from bombaram.procurement.models import Institution
from bombaram.procurement.services import disclosures
from bombaram.web.permissions import check


def disclosure_manage(request):
    """The 사회적경제과 publishes a month (or a correction) and sees the latest publications."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    managed = queries.managed_institutions(request.user)
    check(bool(managed))
    today = timezone.localdate()
    last_month = (today.year - (today.month == 1), (today.month - 2) % 12 + 1)
    initial = {"institution": managed[0] if len(managed) == 1 else None, "year": last_month[0], "month": last_month[1]}
    asked = PublishMonthForm(request.GET, institutions=managed)  # a "publish a correction" link fills the form
    if request.method == "GET" and {"institution", "year", "month"} <= set(request.GET) and asked.is_valid():
        initial = {name: asked.cleaned_data[name] for name in ("institution", "year", "month")}
    form = PublishMonthForm(request.POST or None, institutions=managed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution = data["institution"]
        target = reverse("public-disclosure", args=[institution.code, data["year"], data["month"]])
        try:
            disclosure = disclosures.publish_month(user=request.user, institution=institution, year=data["year"],
                                                   month=data["month"], reason=data["reason"])
        except disclosures.DisclosureUnchanged as exc:
            messages.warning(request, str(exc))
            return redirect(target)
        except disclosures.DisclosureError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Published as version %(version)s.") % {"version": disclosure.version})
            return redirect(target)
    return render(request, "procurement/disclosure_manage.html", {
        "form": form, "recent": queries.recent_for_manager(request.user), "managed": managed,
        "changed": queries.months_changed_since_publication(managed),
        "crumbs": [(_("Public purchase"), reverse("purchase-index")), (_("Publish disclosures"), None)],
    })


def public_disclosure_index(request, institution_code: str):
    """The institution's published months and plans."""
    institution = get_object_or_404(Institution, code=institution_code)
    return render(request, "procurement/disclosure_index.html", {
        "institution": institution,
        "months": queries.monthly_index(institution),
        "plans": queries.plan_index(institution),
        "crumbs": [(_("Public purchase"), reverse("purchase-index")), (institution.name, None)],
    })


def public_disclosure(request, institution_code: str, year: int, month: int):
    """One month as published: the latest version, or ?version=N, with every version listed; every
    name (institution, departments, suppliers) as the snapshot stores it, never today's."""
    institution = get_object_or_404(Institution, code=institution_code)
    raw = request.GET.get("version", "")
    shown = queries.published(institution, DisclosureKind.MONTHLY, year, month, queries.version_asked(raw))
    snapshot = shown.disclosure.snapshot
    labels = dict(Category.choices)
    rows = [{**p, "category_label": labels.get(p["category"], p["category"])} for p in snapshot["purchases"]]
    return render(request, "procurement/disclosure_public.html", {
        "institution": institution, "year": year, "month": month, "shown": shown, "snapshot": snapshot, "rows": rows,
        "crumbs": [(_("Public purchase"), reverse("purchase-index")),
                   (snapshot["institution"]["name"], reverse("public-disclosure-index", args=[institution.code])),
                   (_("%(year)s/%(month)s monthly disclosure") % {"year": year, "month": month}, None)],
    })


DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "ocds": "application/json; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download_published(request, institution: Institution, kind: str, year: int, month: int | None, fmt: str):
    """What a published page shows (the latest version, or ?version=N), as CSV (its main table, UTF-8
    with BOM for Excel), XLSX (every table) or OCDS (the releases it shows, as issued when published)."""
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    disclosure = queries.published(institution, kind, year, month, queries.version_asked(request.GET.get("version", ""))).disclosure
    if fmt == "ocds":
        package = open_data.disclosure_package(disclosure, base_url=request.build_absolute_uri("/"))
        content = json.dumps(package, ensure_ascii=False).encode("utf-8")
        suffix = "-ocds.json"
    else:
        content = open_data.csv_bytes(disclosure) if fmt == "csv" else open_data.xlsx_bytes(disclosure)
        suffix = f".{fmt}"
    what = "plan" if kind == DisclosureKind.PLAN else f"{month:02d}"
    name = (f"bombaram-disclosure-{institution.code}-{year}-{what}-v{disclosure.version}"
            f"{'-예시데이터' if institution.illustrative else ''}{suffix}")
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def public_disclosure_download(request, institution_code: str, year: int, month: int, fmt: str):
    institution = get_object_or_404(Institution, code=institution_code)
    return download_published(request, institution, DisclosureKind.MONTHLY, year, month, fmt)


urlpatterns = [
    path("disclosures/", disclosure_manage, name="disclosure-manage"),
    path("public/disclosures/<slug:institution_code>/", public_disclosure_index, name="public-disclosure-index"),
    path("public/disclosures/<slug:institution_code>/<int:year>/<int:month>/", public_disclosure,
         name="public-disclosure"),
    path("public/disclosures/<slug:institution_code>/<int:year>/<int:month>/download.<slug:fmt>",
         public_disclosure_download, name="public-disclosure-download"),
]
