"""A Delphi study's analysis report (page, printable, and XLSX) and the adoption of its selected
indicators as the framework's next version.

The report is read by the study's administrators and the framework's editors
(``services.analysis.can_view_analysis``); adopting needs ``can_manage_study``. Panellists appear
nowhere: the report holds figures and counts only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.valuation.forms import AdoptForm
from bombaram.valuation.models import DelphiStudy, FrameworkVersion
from bombaram.valuation.services import analysis
from bombaram.valuation.services import frameworks as framework_service
from bombaram.web.permissions import can_manage_study, check

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _study(request, pk: int) -> DelphiStudy:
    study = get_object_or_404(DelphiStudy.objects.select_related(
        "version__framework__owner_team__district", "version__framework__owner_district", "local_group"), pk=pk)
    check(analysis.can_view_analysis(request.user, study))
    return study


def _adopted(study: DelphiStudy) -> FrameworkVersion | None:
    return study.version.framework.versions.filter(derived_from_study=study).order_by("number").first()


def study_analysis(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    study = _study(request, pk)
    report = analysis.study_report(study)
    manager = can_manage_study(request.user, study)
    adopted = _adopted(study)
    crumbs = [(_("Social value"), reverse("valuation-home"))]
    if manager:
        crumbs += [(_("Delphi studies"), reverse("study-list")), (study.title, reverse("study-detail", args=[pk]))]
    else:
        crumbs.append((study.title, None))
    crumbs.append((_("Analysis"), None))
    return render(request, "valuation/analysis.html", {
        "study": study, "report": report, "show_printed": report.has_printed and request.GET.get("printed") == "1",
        "can_adopt": manager and report.last_round_closed and adopted is None and bool(report.indicators),
        "manager": manager, "adopted": adopted, "new_indicators": framework_service.study_new_indicators(study),
        "crumbs": crumbs})


def study_analysis_xlsx(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    study = _study(request, pk)
    report = analysis.study_report(study)
    name = f"bombaram-delphi-{study.pk}{'-예시데이터' if study.illustrative else ''}.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "analysis.xlsx"
        analysis.write_xlsx(report, out)
        response = HttpResponse(out.read_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
def study_adopt(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("study-analysis", args=[pk]))
    study = _study(request, pk)
    check(can_manage_study(request.user, study))
    report = analysis.study_report(study)
    form = AdoptForm(request.POST, codes=[item.code for item in report.indicators])
    back = reverse("study-analysis", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Choose indicators from the list."))
        return redirect(f"{back}#adopt")
    try:
        version = framework_service.adopt_selection(user=request.user, study=study,
                                                    keep_codes=set(form.cleaned_data["keep"]))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect(f"{back}#adopt")
    messages.success(request, _("The selected indicators are now version %(number)s of the framework.")
                     % {"number": version.number})
    return redirect("framework-version", slug=version.framework.slug, number=version.number)
