"""Measurement and social accounts pages: the teams' accounts (public), the team's yearly values,
the centre's approval queue, evidence downloads and the monetised layer (SROI)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation import queries
from bombaram.valuation.choices import MeasurementStatus
from bombaram.valuation.forms import (
    DecisionForm,
    MeasurementForm,
    SroiOutcomeFormSet,
    SroiSettingForm,
    outcome_initial,
    plain,
)
from bombaram.valuation.models import Measurement
from bombaram.valuation.services import measurement as service
from bombaram.valuation.services import sources
from bombaram.web.choices import Role
from bombaram.web.permissions import (
    can_approve_measurements,
    can_enter_measurements,
    can_view_accounts_drafts,
    check,
    has_role,
)


def _crumbs(*extra):
    return [(_("Social value"), reverse("valuation-home")), (_("Social accounts"), reverse("accounts-index")), *extra]


def _team(pk: int) -> ProgrammeTeam:
    return get_object_or_404(ProgrammeTeam.objects.select_related("district"), pk=pk)


def _year(year: int) -> int:
    if not service.YEAR_MIN <= year <= service.YEAR_MAX:
        raise Http404
    return year


def _login_required(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


# ---- the public accounts ----------------------------------------------------------------------------------


def accounts_index(request):
    """Teams with a framework and the years of their approved accounts; for staff, where to enter values."""
    teams = list(ProgrammeTeam.objects.filter(frameworks__versions__isnull=False).distinct()
                 .select_related("district").order_by("cohort", "district__order"))
    years: dict[int, list[int]] = {}
    for team_id, year in (Measurement.objects.filter(status=MeasurementStatus.APPROVED)
                          .values_list("team_id", "year").distinct().order_by("team_id", "-year")):
        years.setdefault(team_id, []).append(year)
    this_year = timezone.localdate().year
    rows = [{"team": t, "years": years.get(t.pk, []),
             "can_enter": can_enter_measurements(request.user, t)} for t in teams]
    return render(request, "valuation/accounts_index.html", {
        "rows": rows, "this_year": this_year, "last_year": this_year - 1,
        "reviewer": has_role(request.user, Role.CENTRE_ADMIN),
        "crumbs": _crumbs()[:-1] + [(_("Social accounts"), None)]})


def _scenario_label(scenario: service.Scenario) -> str:
    if scenario.base:
        if scenario.field == "base":
            return _("As assumed")
        return _("Discount rate %(rate)s %% (as assumed)") % {"rate": plain(scenario.value * 100)}
    if scenario.field == "discount_rate":
        return _("Discount rate %(rate)s %%") % {"rate": plain(scenario.value * 100)}
    names = {"deadweight": _("Deadweight"), "attribution": _("Attribution"), "displacement": _("Displacement"),
             "drop_off": _("Drop-off")}
    points = plain(abs(scenario.shift) * 100)
    if scenario.shift > 0:
        return _("%(assumption)s %(points)s percentage points higher on every outcome") % {
            "assumption": names[scenario.field], "points": points}
    return _("%(assumption)s %(points)s percentage points lower on every outcome") % {
        "assumption": names[scenario.field], "points": points}


def _accounts(request, team: int, year: int):
    """The team, the year, whether the user sees drafts, the accounts (404 without a framework) and
    the SROI setting shown to this user."""
    team = _team(team)
    year = _year(year)
    staff = can_view_accounts_drafts(request.user, team)
    accounts = service.social_accounts(team, year, include_drafts=staff)
    if accounts.framework is None:
        raise Http404
    return team, year, staff, accounts, service.sroi_setting(team, year, include_drafts=staff)


def accounts_team(request, team: int, year: int):
    """사회적 회계 보고서: the headline, goals → activities → indicators, and the optional SROI layer."""
    team, year, staff, accounts, setting = _accounts(request, team, year)
    years = sorted(set(service.account_years(team, include_drafts=staff)) | {year}, reverse=True)
    result = service.sroi_of(setting) if setting is not None else None
    indicator_codes = {o.code: o.indicator_code for o in setting.outcomes.all()} if setting else {}
    scenarios = [(_scenario_label(s), s) for s in service.sroi_sensitivity(result)] if result else []
    sroi_rows = [{"outcome": row.outcome, "impacts": row.impacts,
                  "indicator_code": indicator_codes.get(row.outcome.code, ""),
                  **{f"{name}_pct": plain(getattr(row.outcome, name) * 100)
                     for name in ("deadweight", "attribution", "displacement", "drop_off")}}
                 for row in result.rows] if result else []
    return render(request, "valuation/accounts_team.html", {
        "team": team, "year": year, "accounts": accounts, "years": years, "staff": staff,
        "can_enter": can_enter_measurements(request.user, team),
        "can_approve": can_approve_measurements(request.user, team),
        "sroi_own": setting is not None and service.is_own_entry(request.user, setting),
        "sroi": result, "setting": setting, "scenarios": scenarios, "sroi_rows": sroi_rows,
        "discount_pct": plain(result.discount_rate * 100) if result else None,
        "sroi_years": list(range(1, result.years + 1)) if result else [],
        "illustrative": accounts.illustrative or bool(setting and setting.illustrative),
        "crumbs": _crumbs((f"{team.name} {year}", None))})


def accounts_team_xlsx(request, team: int, year: int):
    team, year, _staff, accounts, setting = _accounts(request, team, year)
    illustrative = accounts.illustrative or bool(setting and setting.illustrative)
    name = f"bombaram-social-accounts-{team.pk}-{year}{'-예시데이터' if illustrative else ''}.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "accounts.xlsx"
        service.write_accounts_xlsx(accounts, service.sroi_of(setting) if setting else None, out,
                                    illustrative=illustrative)
        response = HttpResponse(out.read_bytes(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# ---- the team's values --------------------------------------------------------------------------------------


def measurement_edit(request, team: int, year: int):
    """One form with a row per indicator of the team's current framework version; save as draft, or save
    and ask the centre for approval. Nothing is saved from a request with a bad row."""
    if (login := _login_required(request)) is not None:
        return login
    team = _team(team)
    year = _year(year)
    check(can_enter_measurements(request.user, team))
    framework = service.team_framework(team)
    version = queries.current_version(framework) if framework else None
    indicators = service.indicators_of(version) if version else []
    measurements = service.team_measurements(team, year)
    sourced = sources.sourced_values(team, framework, year, public=False)
    form = MeasurementForm(request.POST or None, request.FILES or None, indicators=indicators,
                           measurements=measurements, sourced=sourced)
    if request.method == "POST":
        if form.is_valid():
            written: list = []
            try:
                written = service.save_measurements(user=request.user, team=team, year=year, rows=form.rows())
                submitted = 0
                if request.POST.get("action") == "submit":
                    submitted = service.submit_measurements(user=request.user, team=team, year=year)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    form.row_errors = {code: [m for e in errs for m in e.messages] for code, errs in exc.error_dict.items()}
                    messages.error(request, _("Nothing was saved. Please correct the rows marked below."))
                else:
                    messages.error(request, " ".join(exc.messages))
                    if written:
                        messages.success(request, _("The values were saved as a draft."))
                    return redirect("measurement-edit", team=team.pk, year=year)
            else:
                if submitted:
                    messages.success(request, _("%(n)s values were sent to the centre for approval.") % {"n": submitted})
                else:
                    messages.success(request, _("The values were saved as a draft."))
                return redirect("measurement-edit", team=team.pk, year=year)
        else:
            messages.error(request, _("Nothing was saved. Please correct the rows marked below."))
    previous = service.previous_values(team, year, [i.code for i in indicators])
    layout = form.layout()
    rows = form.rows_in_layout(layout)
    for row in rows:
        row["previous"] = previous.get(row["item"].code)
    counts = {s: sum(1 for m in measurements.values() if m.status == s) for s in MeasurementStatus.values}
    decidable = [r for r in rows if r["measurement"] and r["measurement"].status in ("submitted", "approved")]
    return render(request, "valuation/measurement_edit.html", {
        "team": team, "year": year, "framework": framework, "version": version, "form": form, "layout": layout,
        "counts": counts, "can_approve": can_approve_measurements(request.user, team),
        "decision_form": DecisionForm(), "next": request.get_full_path(), "decidable": decidable,
        "own_entries": service.own_entries(request.user, (r["measurement"] for r in decidable)),
        "editable": any(form.editable(i) for i in indicators),
        "crumbs": _crumbs((f"{team.name} {year}", reverse("accounts-team", args=[team.pk, year])),
                          (_("Indicator values"), None))})


# ---- the centre ---------------------------------------------------------------------------------------------


def measurement_review(request):
    """The centre's queue: submitted values of the teams in its districts, to approve or return."""
    if (login := _login_required(request)) is not None:
        return login
    check(has_role(request.user, Role.CENTRE_ADMIN))
    lines = service.review_lines(request.user)
    return render(request, "valuation/measurement_review.html", {
        "lines": lines, "decision_form": DecisionForm(), "next": request.get_full_path(),
        "own_entries": service.own_entries(request.user, (line.measurement for line in lines)),
        "sroi_waiting": service.sroi_waiting(request.user),
        "crumbs": _crumbs((_("Values waiting for approval"), None))})


@require_POST
def sroi_approve(request, team: int, year: int):
    """The centre approves a team's SROI assumptions for the year (then the public sees them)."""
    team = _team(team)
    check(can_approve_measurements(request.user, team))  # first: nobody else learns whether a draft exists
    setting = service.sroi_setting(team, _year(year))
    if setting is None:
        raise Http404
    try:
        service.approve_sroi(user=request.user, setting=setting)
        messages.success(request, _("The SROI assumptions were approved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("accounts-team", args=[team.pk, setting.year]) + "#sroi")


@require_POST
def measurement_decide(request, pk: int):
    """Approve a submitted value, or return a submitted or approved one with a comment (the centre only).
    Approving one's own entry is refused by the service with a message, like any other refusal."""
    measurement = get_object_or_404(Measurement.objects.select_related("team__district"), pk=pk)
    check(can_approve_measurements(request.user, measurement.team))
    form = DecisionForm(request.POST)
    form.is_valid()
    action = request.POST.get("action")
    try:
        if action == "approve":
            service.approve_measurement(user=request.user, measurement=measurement)
            messages.success(request, _("%(code)s: the value was approved.") % {"code": measurement.code})
        elif action == "return":
            service.return_measurement(user=request.user, measurement=measurement,
                                       comment=form.cleaned_data.get("comment", ""))
            messages.success(request, _("%(code)s: the value was returned to the team.") % {"code": measurement.code})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("measurement-review")
    return redirect(target)


def measurement_evidence(request, pk: int):
    """The evidence file of a value: to anyone once approved, before that to the team and the centre only.
    Served by the application (never from a public media URL), always as a download."""
    measurement = get_object_or_404(Measurement.objects.select_related("team__district"), pk=pk)
    if not measurement.evidence:
        raise Http404
    if measurement.status != MeasurementStatus.APPROVED and not can_view_accounts_drafts(request.user, measurement.team):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    try:
        handle = measurement.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(measurement.evidence.name).name
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type=service.evidence_content_type(name))


# ---- the monetised layer ------------------------------------------------------------------------------------


def sroi_edit(request, team: int, year: int):
    """The team's SROI assumptions for a year: discount rate, investment and the outcomes."""
    if (login := _login_required(request)) is not None:
        return login
    team = _team(team)
    year = _year(year)
    check(can_enter_measurements(request.user, team))
    framework = service.team_framework(team)
    version = queries.current_version(framework) if framework else None
    choices = [(i.code, f"{i.code} {i.name}") for i in (service.indicators_of(version) if version else [])]
    setting = service.sroi_setting(team, year)
    initial = {"discount_rate": plain(setting.discount_rate * 100), "investment_won": setting.investment_won,
               "note": setting.note} if setting else None
    outcomes = [outcome_initial(o) for o in setting.outcomes.all()] if setting else []
    form = SroiSettingForm(request.POST or None, initial=initial)
    formset = SroiOutcomeFormSet(request.POST or None, initial=outcomes, prefix="outcome",
                                 form_kwargs={"indicator_choices": choices})
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            # every outcome the form holds, changed or not (save_sroi replaces them all); an empty
            # extra row has no cleaned data and is left out
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                service.save_sroi(user=request.user, team=team, year=year,
                                  discount_rate=form.cleaned_data["discount_rate"],
                                  investment_won=form.cleaned_data["investment_won"], outcomes=rows,
                                  note=form.cleaned_data["note"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The SROI assumptions were saved."))
                return redirect(reverse("accounts-team", args=[team.pk, year]) + "#sroi")
        messages.error(request, _("Nothing was saved. Please correct the fields marked below."))
    return render(request, "valuation/sroi_edit.html", {
        "team": team, "year": year, "form": form, "formset": formset, "setting": setting,
        "crumbs": _crumbs((f"{team.name} {year}", reverse("accounts-team", args=[team.pk, year])),
                          (_("SROI assumptions"), None))})
