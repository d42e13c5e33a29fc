"""구매목표 통보: the 사회적경제과 splits the institution's target between its departments (the sum is
checked against it) and the departments are notified; and the texts of the plan (Art. 6 ② 2–4) and of
the report (Art. 7 ① 3–5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.procurement.forms import PlanStatementForm, ReportStatementForm, TargetAllocationForm
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    PlanStatement,
    ReportStatement,
    TargetNotice,
    YearTarget,
)
from bombaram.procurement.services import allocation
from bombaram.web.permissions import can_manage_purchases, check


def _managed_institution(request, code: str, year: int) -> Institution:
    institution = get_object_or_404(Institution.objects.select_related("district"), code=code)
    if not 2000 <= year <= 2100:
        raise Http404
    check(can_manage_purchases(request.user, institution))
    return institution


def _crumbs(institution: Institution, year: int, title: str):
    return [(_("Public purchase"), reverse("purchase-index")), (_("Purchase plans"), reverse("plan-list")),
            (f"{institution.name} {year}", None), (title, None)]


def target_allocation(request, code: str, year: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    institution = _managed_institution(request, code, year)
    departments = list(Department.objects.filter(institution=institution).order_by("name"))
    year_target = YearTarget.objects.filter(institution=institution, year=year).first()
    current = dict(DepartmentTarget.objects.filter(department__institution=institution, year=year)
                   .values_list("department_id", "target_won"))
    initial = {"institution_target": f"{year_target.target_won:,}" if year_target else ""}
    initial.update({f"dept_{pk}": f"{amount:,}" for pk, amount in current.items()})
    form = TargetAllocationForm(request.POST or None, departments=departments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = allocation.allocate_targets(
                user=request.user, institution=institution, year=year,
                institution_target_won=form.cleaned_data["institution_target"],
                department_targets=form.department_targets())
        except allocation.AllocationError as exc:
            form.add_error(None, str(exc))
        else:
            if result.notified:
                messages.success(request, _("Saved. %(n)s departments were notified of their target.")
                                 % {"n": len(result.notified)})
            elif result.changed:
                messages.success(request, _("The institution's target was saved."))
            else:
                messages.info(request, _("Nothing was changed, so nobody was notified."))
            return redirect("target-allocation", code=code, year=year)
    latest: dict[int, TargetNotice] = {}
    for notice in TargetNotice.objects.filter(department__institution=institution, year=year).order_by("notified", "pk"):
        latest[notice.department_id] = notice
    rows = [{"department": d, "field": form[f"dept_{d.pk}"], "current": current.get(d.pk), "notice": latest.get(d.pk)}
            for d in departments]
    return render(request, "procurement/target_allocation.html", {
        "institution": institution, "year": year, "form": form, "rows": rows,
        "year_target": year_target, "allocated": sum(current.values()),
        "crumbs": _crumbs(institution, year, _("Department targets")),
    })


@require_POST
def target_notice_acknowledge(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("plan-list"))
    notice = get_object_or_404(TargetNotice.objects.select_related("department__institution"), pk=pk)
    if allocation.acknowledge_notice(user=request.user, notice=notice):
        messages.success(request, _("Marked as seen."))
    return redirect("plan-list")


STATEMENTS = {
    "plan": (PlanStatement, PlanStatementForm, allocation.PLAN_STATEMENT_FIELDS),
    "report": (ReportStatement, ReportStatementForm, allocation.REPORT_STATEMENT_FIELDS),
}


def statement_edit(request, code: str, year: int, kind: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if kind not in STATEMENTS:
        raise Http404
    institution = _managed_institution(request, code, year)
    model, form_class, fields = STATEMENTS[kind]
    statement = model.objects.filter(institution=institution, year=year).first()
    initial = {}
    if statement is not None:
        initial = {name: getattr(statement, name) for name in fields}
        for name in ("budget_won", "support_won"):
            if initial.get(name) is not None:
                initial[name] = f"{initial[name]:,}"
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changes = allocation.save_statement(user=request.user, institution=institution, year=year, kind=kind,
                                                values={name: form.cleaned_data[name] for name in fields})
        except allocation.AllocationError as exc:
            form.add_error(None, str(exc))
        else:
            if changes:
                messages.success(request, _("Saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            if kind == "report":
                return redirect("purchase-report", code=code, year=year)
            return redirect("plan-list")
    title = _("What the plan says (Art. 6 ②)") if kind == "plan" else _("Support, education and improvements (Art. 7 ①)")
    return render(request, "procurement/statement_form.html", {
        "institution": institution, "year": year, "kind": kind, "form": form, "title": title, "statement": statement,
        "crumbs": _crumbs(institution, year, title),
    })


urlpatterns = [
    path("targets/<slug:code>/<int:year>/", target_allocation, name="target-allocation"),
    path("targets/notices/<int:pk>/seen/", target_notice_acknowledge, name="target-notice-seen"),
    path("statements/<slug:code>/<int:year>/<slug:kind>/", statement_edit, name="statement-edit"),
]
