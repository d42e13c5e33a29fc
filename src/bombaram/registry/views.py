"""Registry pages: directory, organisation page and edit form, file import with preview, JSON API."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bombaram.registry import queries, services
from bombaram.registry.choices import ImportStatus
from bombaram.registry.forms import DirectoryForm, ImportForm, OrganisationForm, YearlyFigureForm
from bombaram.registry.importer import ImportFileError, ImportPlan
from bombaram.registry.models import ImportBatch, Organisation
from bombaram.registry.timeline import designation_timeline_svg
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import can_edit_organisation, can_import, check

PAGE_SIZE = 25


FILTER_FIELDS = ("q", "district", "designation", "industry", "status", "sort", "mode", "area")


def _filter_from(form: DirectoryForm) -> queries.DirectoryFilter:
    data = form.cleaned_data if form.is_valid() else {}
    return queries.DirectoryFilter(**{k: data.get(k) or "" for k in FILTER_FIELDS}, as_of=data.get("as_of"))


@vary_on_headers("HX-Request")  # a partial for htmx, the page otherwise: caches keep both
def organisation_list(request):
    form = DirectoryForm(request.GET or None)
    filters = _filter_from(form)
    today = timezone.localdate()
    organisations = queries.directory(filters, today=today)
    if form.is_bound and "as_of" in form.errors:
        organisations = organisations.none()  # never the registry of another day than the one asked for
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    designations_counted = (queries.designations_counted(filters, organisations, today=today)
                            if filters.mode == "designation" else None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filters": filters,
               "designations_counted": designations_counted, "date_error": form.errors.get("as_of") if form.is_bound else None,
               "can_import": can_import(request.user),
               "crumbs": [(_("Organisation registry"), None)]}
    if request.headers.get("HX-Request"):
        return render(request, "registry/_organisation_rows.html", context)
    return render(request, "registry/organisation_list.html", context)


def organisation_detail(request, pk: int):
    try:
        org = queries.organisation_detail(pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    designations = list(org.designations.all())
    history = AuditEvent.objects.filter(object_type="registry.organisation", object_id=str(org.pk)).select_related("actor")[:30]
    return render(request, "registry/organisation_detail.html", {
        "org": org,
        "designations": designations,
        "current": [d for d in designations if d.valid_on(today)],
        "timeline_svg": designation_timeline_svg(designations, today=today),
        "counts": list(org.cooperative_counts.all()),
        "figures": list(org.yearly_figures.all()),
        "history": history,
        "can_edit": can_edit_organisation(request.user, org),
        "can_import": can_import(request.user),
        "today": today,
        "crumbs": [(_("Organisation registry"), reverse("organisation-list")), (org.name, None)],
    })


def organisation_edit(request, pk: int):
    org = get_object_or_404(Organisation.objects.select_related("district"), pk=pk)
    check(can_edit_organisation(request.user, org))
    form = OrganisationForm.for_organisation(org, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in OrganisationForm.FIELDS}
        values["confirm_numbers"] = form.cleaned_data.get("confirm_numbers")
        changed = services.update_organisation(user=request.user, organisation=org, values=values)
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect(org.get_absolute_url())
    return render(request, "registry/organisation_edit.html", {
        "org": org, "form": form,
        "crumbs": [(_("Organisation registry"), reverse("organisation-list")), (org.name, org.get_absolute_url()), (_("Edit"), None)],
    })


def yearly_figures_edit(request, pk: int):
    org = get_object_or_404(Organisation.objects.select_related("district"), pk=pk)
    check(can_edit_organisation(request.user, org))
    year = request.POST.get("year") or request.GET.get("year")
    known = org.yearly_figures.filter(year=int(year)).first() if year and year.isdigit() else None
    initial = {"year": year, **({f: getattr(known, f) for f in YearlyFigureForm.FIELDS} if known else {})}
    form = YearlyFigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = services.save_yearly_figures(user=request.user, organisation=org, year=form.cleaned_data["year"],
                                               values={f: form.cleaned_data[f] for f in YearlyFigureForm.FIELDS})
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect(f"{org.get_absolute_url()}#figures-title")
    return render(request, "registry/yearly_figures_edit.html", {
        "org": org, "form": form,
        "crumbs": [(_("Organisation registry"), reverse("organisation-list")), (org.name, org.get_absolute_url()),
                   (_("Yearly figures"), None)],
    })


def _uploads_dir() -> Path:
    path = Path(settings.HOME) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_new(request):
    check(can_import(request.user))
    form = ImportForm(request.POST or None, request.FILES or None, initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = _shown_filename(upload.name)
        token = secrets.token_urlsafe(24)
        suffix = "".join(c for c in Path(filename).suffix.lower()[:8] if c.isalnum() or c == ".")
        stored = _uploads_dir() / f"{token}{suffix}"
        with stored.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        options = {k: form.cleaned_data[k] for k in ("designation", "encoding", "sheet", "district")}
        try:
            plan = services.import_organisations(
                source=stored, filename=filename, as_of=form.cleaned_data["as_of"], dry_run=True, **options)
            status, report = ImportStatus.PREVIEWED, plan.report()
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            stored.unlink(missing_ok=True)
            return render(request, "registry/import_new.html", {"form": form, "crumbs": _import_crumbs()})
        except BaseException:
            stored.unlink(missing_ok=True)  # whatever happened, a refused upload is not kept
            raise
        if not plan.planned:  # refused at preview: no row could ever be written, so the file is not kept
            stored.unlink(missing_ok=True)
            status, stored = ImportStatus.REJECTED, None
        ImportBatch.objects.create(
            user=request.user, filename=filename, designation=options["designation"], as_of=form.cleaned_data["as_of"],
            status=status, token=token, stored_file=stored.name if stored else "", options=options, report=report)
        return redirect("import-detail", token=token)
    return render(request, "registry/import_new.html", {"form": form, "crumbs": _import_crumbs(),
                                                        "recent": ImportBatch.objects.select_related("user")[:10]})


def _shown_filename(name: str) -> str:
    """The uploaded file's name as kept and shown: no control characters, at most 200 characters."""
    name = "".join(c for c in name if c.isprintable()) or "upload"
    return name.encode("utf-8", "replace").decode("utf-8")[-200:]


def _named_district(code: str | None) -> str:
    """The officer's district of a one-district list, as "충청남도 당진시" (empty when none was named)."""
    from bombaram.core.regions import load_gazetteer

    unit = load_gazetteer().sigungu(code) if code else None
    if unit is None:
        return ""
    sido = load_gazetteer().sido(unit.sido_code)
    return f"{sido.name_ko} {unit.name_ko}" if sido is not None else unit.name_ko


def _import_crumbs(extra=None):
    crumbs = [(_("Organisation registry"), reverse("organisation-list")), (_("Import a list"), reverse("import-new"))]
    return crumbs + ([(extra, None)] if extra else [])


def import_detail(request, token: str):
    check(can_import(request.user))
    batch = get_object_or_404(ImportBatch, token=token)
    report = batch.report
    rejected_rows = sorted({e["row"] for e in report.get("rejected", [])})
    return render(request, "registry/import_detail.html", {
        "batch": batch, "report": report, "rejected_rows": rejected_rows,
        "named_district": _named_district((batch.options or {}).get("district")),
        "problems": bool(report.get("rejected") or report.get("ambiguous")),
        "crumbs": _import_crumbs(batch.filename),
    })


@require_POST
def import_confirm(request, token: str):
    check(can_import(request.user))
    batch = get_object_or_404(ImportBatch, token=token)
    if batch.status == ImportStatus.WRITTEN:
        messages.warning(request, _("This file was already written to the registry; nothing was written twice."))
        return redirect("import-detail", token=token)
    if batch.report.get("warnings") and not request.POST.get("warnings_checked"):
        messages.error(request, _("Please confirm that you have checked the warnings."))
        return redirect("import-detail", token=token)
    if not batch.stored_file or not (_uploads_dir() / batch.stored_file).is_file():
        messages.error(request, _("No row of this file can be written; the file was not kept. Correct it and upload it again."))
        return redirect("import-detail", token=token)
    skip_invalid = request.POST.get("skip_invalid") == "1"
    plan: ImportPlan = services.import_organisations(
        source=_uploads_dir() / batch.stored_file, filename=batch.filename, as_of=batch.as_of,
        skip_invalid=skip_invalid, user=request.user, batch=batch, **batch.options)
    batch.report = plan.report()
    batch.status = ImportStatus.WRITTEN if plan.written else ImportStatus.REJECTED if plan.has_problems else ImportStatus.PREVIEWED
    batch.save(update_fields=["report", "status"])
    if plan.written:
        messages.success(request, _("Written to the registry."))
    else:
        messages.error(request, _("Nothing was written: some rows were rejected. Correct the file or write only the valid rows."))
    return redirect("import-detail", token=token)


# ---- JSON API (read-only, public) -------------------------------------------------------------

def _org_json(org: Organisation, designations, request) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "business_no": org.business_no or None,
        "corporate_no": org.corporate_no or None,
        "legal_form": org.legal_form or None,
        "district": {"code": org.district.code, "name_ko": org.district.name_ko, "name_en": org.district.name_en} if org.district else None,
        "location": org.location,
        "outside_area": org.outside_area or None,
        "address": org.address or None,
        "industry": org.industry.code if org.industry else None,
        "ksic": org.ksic or None,
        "founded": org.founded.isoformat() if org.founded else None,
        "closed": org.closed.isoformat() if org.closed else None,
        "status": org.status,
        "illustrative": org.illustrative,
        "designations": [
            {"type": d.type.code, "granted": d.granted.isoformat() if d.granted else None,
             "ended": d.ended.isoformat() if d.ended else None, "certificate_no": d.certificate_no or None,
             "last_seen": d.last_seen.isoformat() if d.last_seen else None}
            for d in designations
        ],
        "url": request.build_absolute_uri(org.get_absolute_url()),
    }


def api_organisation_list(request):
    form = DirectoryForm(request.GET or None)
    if request.GET and not form.is_valid():
        return JsonResponse({"error": "invalid parameters", "fields": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
    filters = _filter_from(form)
    try:
        size = min(max(int(request.GET.get("page_size", 50)), 1), 500)
    except ValueError:
        return JsonResponse({"error": "page_size must be a whole number"}, status=400)
    today = timezone.localdate()
    organisations = queries.directory(filters, today=today)
    page = Paginator(organisations, size).get_page(request.GET.get("page"))
    data = {
        "as_of": (filters.as_of or today).isoformat(),
        "count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
        "results": [_org_json(o, o.current_designations, request) for o in page],
    }
    if filters.mode == "designation":
        data["designations_counted"] = queries.designations_counted(filters, organisations, today=today)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def api_organisation_detail(request, pk: int):
    try:
        org = queries.organisation_detail(pk)
    except Organisation.DoesNotExist:
        return JsonResponse({"error": "not found"}, status=404)
    data = _org_json(org, org.designations.all(), request)
    data["cooperative_counts"] = [{"counted_on": c.counted_on.isoformat(), "members": c.members, "capital_won": c.capital_won}
                                  for c in org.cooperative_counts.all()]
    data["yearly_figures"] = [{"year": f.year, "employees": f.employees, "vulnerable_employees": f.vulnerable_employees,
                               "revenue_won": f.revenue_won, "operating_profit_won": f.operating_profit_won,
                               "wage_support_ends": f.wage_support_ends.isoformat() if f.wage_support_ends else None}
                              for f in org.yearly_figures.all()]
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
