"""The pages of the background jobs: start one, follow its progress (htmx polls a partial), and
download its result. Any server of the site answers for any job: the state is in the database."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.jobs import queries, services
from bombaram.jobs.choices import JobKind
from bombaram.jobs.forms import PurchaseImportForm, YearForm
from bombaram.jobs.models import JobFile
from bombaram.procurement.models import Institution
from bombaram.web.permissions import can_import_purchases, can_report_region, check

#: seconds between two polls of a running job's progress
POLL_SECONDS = 1

@login_required
def job_list(request):
    return render(request, "jobs/job_list.html", {
        "jobs": queries.recent_jobs(request.user), "can_report_region": can_report_region(request.user),
        "crumbs": [(_("Background jobs"), None)]})


@login_required
def job_detail(request, pk: int):
    job = queries.get_job_for_user(request.user, pk)
    context = {"job": job, "poll": POLL_SECONDS}
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", context)
    return render(request, "jobs/job_detail.html", {
        **context, "crumbs": [(_("Background jobs"), "/jobs/"), (str(job), None)]})


@login_required
def job_download(request, pk: int):
    job = queries.get_job_for_user(request.user, pk)
    if not job.result_name:
        raise Http404
    response = StreamingHttpResponse(services.read_file(job, JobFile.Role.RESULT), content_type=job.result_type)
    response["Content-Disposition"] = content_disposition_header(True, job.result_name)
    return response


def _importable(user) -> list[Institution]:
    return [i for i in Institution.objects.select_related("district").prefetch_related("departments")
            if can_import_purchases(user, i)]


@login_required
def purchase_import(request):
    institutions = _importable(request.user)
    check(bool(institutions))
    form = PurchaseImportForm(request.POST or None, request.FILES or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        institution, upload = form.cleaned_data["institution"], form.cleaned_data["file"]
        job = services.start_job(kind=JobKind.PURCHASE_IMPORT, user=request.user, upload=upload.chunks(),
                                 params={"institution": institution.code, "institution_name": institution.name,
                                         "filename": upload.name})
        return redirect("job-detail", pk=job.pk)
    return render(request, "jobs/purchase_import.html", {
        "form": form, "crumbs": [(_("Public purchase"), "/purchase/"), (_("Import a purchase file"), None)]},
        status=400 if form.errors else 200)


@require_POST
@login_required
def ocds_package(request, code: str, year: int):
    """The year's OCDS package built by the worker (the report page's button); the same rule of
    who may read the year as the direct download."""
    from bombaram.procurement.views.reports import _institution_and_year, _open_to

    institution = _institution_and_year(code, year)
    check(_open_to(request, institution, year))
    job = services.start_job(kind=JobKind.OCDS_PACKAGE, user=request.user, params={
        "institution": institution.code, "institution_name": institution.name, "year": year,
        "base_url": request.build_absolute_uri("/")})
    return redirect("job-detail", pk=job.pk)


@require_POST
@login_required
def purchase_reports(request):
    check(can_report_region(request.user))
    form = YearForm(request.POST)
    if not form.is_valid():
        return redirect("job-list")
    job = services.start_job(kind=JobKind.PURCHASE_REPORTS, user=request.user,
                             params={"year": form.cleaned_data["year"]})
    return redirect("job-detail", pk=job.pk)


urlpatterns = [
    path("", job_list, name="job-list"),
    path("<int:pk>/", job_detail, name="job-detail"),
    path("<int:pk>/download", job_download, name="job-download"),
    path("purchase-import/", purchase_import, name="job-purchase-import"),
    path("ocds/<slug:code>/<int:year>/", ocds_package, name="job-ocds-package"),
    path("purchase-reports/", purchase_reports, name="job-purchase-reports"),
]
