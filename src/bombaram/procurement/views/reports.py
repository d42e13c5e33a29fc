"""The annual performance report (public, printable, XLSX, JSON, OCDS) and the evaluation (the district head's page)."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bombaram.core.purchase import EXCEPTION_REASONS, NothingToPublish
from bombaram.procurement import open_data, queries, reports
from bombaram.procurement.forms import EvaluationWeightsForm
from bombaram.procurement.models import Institution, YearTarget
from bombaram.procurement.services.evaluation import set_evaluation_weights
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_department, can_manage_purchases, check, has_role


def report_index(request):
    """What each reader needs first: the disclosures and plans (public), the yearly reports, and for
    officers their own work (plans to draft, purchases to record)."""
    years = YearTarget.objects.select_related("institution").order_by("institution__name", "-year")
    institutions = Institution.objects.order_by("name")
    staff = request.user.is_authenticated and any(
        can_manage_purchases(request.user, i) or has_role(request.user, Role.DEPARTMENT_OFFICER) for i in institutions)
    return render(request, "procurement/report_index.html", {
        "years": years, "institutions": institutions, "staff": staff,
        "manager": request.user.is_authenticated and any(can_manage_purchases(request.user, i) for i in institutions),
        "crumbs": [(_("Public purchase"), None)]})


#: years a report can be asked for; any other year in the address is "not found" (the reports build
#: dates such as 1 January of the next year, which fail beyond 9998)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _institution_and_year(code: str, year: int) -> Institution:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return get_object_or_404(Institution, code=code)


NOT_COUNTED_SHOWN = 200  # the page lists the first ones; the XLSX and JSON hold them all
TOP_SHOWN = 10  # the largest items and suppliers on the page; the exports list every one


def _open_to(request, institution: Institution, year: int) -> bool:
    """A year's report is public once the year has ended (Art. 7: the report of the year before).
    Until then it holds months not yet disclosed: only the institution's 사회적경제과 and its
    departments' officers read it."""
    if year < timezone.localdate().year:
        return True
    user = request.user
    return user.is_authenticated and (can_manage_purchases(user, institution) or any(
        can_edit_department(user, d) for d in institution.departments.all()))


def _not_yet(request, institution: Institution, year: int):
    return render(request, "procurement/report_not_yet.html", {
        "institution": institution, "year": year,
        "crumbs": [(_("Public purchase"), "/purchase/"), (f"{institution.name} {year}", None)]}, status=403)


def report_page(request, code: str, year: int):
    institution = _institution_and_year(code, year)
    if not _open_to(request, institution, year):
        return _not_yet(request, institution, year)
    report = reports.annual_report(institution, year, not_counted_limit=NOT_COUNTED_SHOWN, suppliers_shown=TOP_SHOWN)
    months = list(report.by_month)
    peak = max((m.total_won for m in months), default=0) or 1
    return render(request, "procurement/report.html", {
        "institution": institution, "year": year, "report": report, "months": months, "peak": peak,
        "departments": [(d, sum(d.exceptions.values())) for d in report.departments],
        "exception_reasons": EXCEPTION_REASONS,
        "not_counted_more": report.not_counted_n - len(report.not_counted),
        "top_items": list(report.by_item)[:TOP_SHOWN], "top_suppliers": list(report.by_supplier)[:TOP_SHOWN],
        "report_statement": reports.report_statement(institution, year),
        "can_edit_statement": can_manage_purchases(request.user, institution),
        "crumbs": [(_("Public purchase"), "/purchase/"), (f"{report.institution} {year}", None)],
    })


def report_download(request, code: str, year: int, fmt: str):
    institution = _institution_and_year(code, year)
    if not _open_to(request, institution, year):
        return _not_yet(request, institution, year)
    name = f"bombaram-purchase-{code}-{year}{'-예시데이터' if institution.illustrative else ''}"
    if fmt == "json":
        return JsonResponse(reports.report_document(institution, year), json_dumps_params={"ensure_ascii": False})
    if fmt in ("ocds", "records"):  # the release package, or its records (releases compiled per ocid)
        build = open_data.release_package if fmt == "ocds" else open_data.record_package
        try:
            package = build(institution, year, base_url=request.build_absolute_uri("/"))
        except NothingToPublish as exc:  # an OCDS package needs at least one release: no empty package
            return HttpResponseNotFound(f"{institution.name} {year}년: {exc}\n", content_type="text/plain; charset=utf-8")
        response = HttpResponse(json.dumps(package, ensure_ascii=False), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}-{fmt}.json")
        return response
    if fmt == "csv":
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"{name}.csv"
            reports.write_csv(reports.annual_report(institution, year), out)
            response = HttpResponse(out.read_bytes(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
        return response
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"{name}.xlsx"
            reports.write_xlsx(reports.annual_report(institution, year), out, illustrative=institution.illustrative,
                               statement=reports.report_statement(institution, year))
            response = HttpResponse(out.read_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
        return response
    raise Http404


def open_data_policy(request):
    """The publication policy the OCDS packages link to: what is published, when, how corrections
    appear, under which licence."""
    return render(request, "procurement/open_data_policy.html", {
        "license_url": open_data.LICENSE_URL, "ocid_prefix": open_data.OCID_PREFIX,
        "crumbs": [(_("Public purchase"), "/purchase/"), (_("Open data policy"), None)]})


def evaluation_page(request, code: str, year: int):
    """The district head's page: departments ranked by the institution's weights, which the
    사회적경제과 changes here (every change audited)."""
    institution = _institution_and_year(code, year)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(can_manage_purchases(request.user, institution))
    weights = queries.weights_of(institution)
    form = EvaluationWeightsForm(request.POST or None, initial=dataclasses.asdict(weights))
    if request.method == "POST" and form.is_valid():
        try:
            set_evaluation_weights(user=request.user, institution=institution, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The weights were saved; the ranking below uses them."))
            return redirect("purchase-evaluation", code=code, year=year)
    report, scores = reports.evaluation(institution, year)
    return render(request, "procurement/evaluation.html", {
        "institution": institution, "year": year, "report": report, "scores": scores, "weights": weights,
        "form": form,
        "crumbs": [(_("Public purchase"), "/purchase/"), (f"{institution.name} {year}", f"/purchase/report/{code}/{year}/"), (_("Evaluation"), None)],
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("", report_index, name="purchase-index"),
    path("report/<slug:code>/<int:year>/", report_page, name="purchase-report"),
    path("report/<slug:code>/<int:year>/download.<slug:fmt>", report_download, name="purchase-report-download"),
    path("evaluation/<slug:code>/<int:year>/", evaluation_page, name="purchase-evaluation"),
    path("open-data/", open_data_policy, name="open-data-policy"),
]
