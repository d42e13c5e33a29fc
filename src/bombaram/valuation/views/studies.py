"""Delphi study administration: the studies list, a new study, and a study's page where the officer
follows the rounds, manages the panel and its links, and decides on proposed indicators.

Administrators only (``web.permissions.can_manage_study``); anonymous users are sent to log in.
A new or reissued link is shown once, in the response to the POST that made it: only its hash is
stored, so it cannot be shown again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.valuation.choices import RoundStatus
from bombaram.valuation.forms import PanellistForm, RoundOpenForm, StudyForm
from bombaram.valuation.models import DelphiRound, Panellist, Proposal
from bombaram.valuation.services import delphi
from bombaram.web.choices import Role
from bombaram.web.permissions import check, has_role


def _login_required(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _crumbs(*extra):
    return [(_("Social value"), reverse("valuation-home")), (_("Delphi studies"), reverse("study-list")), *extra]


def _error(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def study_list(request):
    if (login := _login_required(request)) is not None:
        return login
    check(has_role(request.user, Role.CENTRE_ADMIN))
    return render(request, "valuation/study_list.html", {
        "studies": delphi.managed_studies(request.user),
        "can_create": bool(delphi.manageable_versions(request.user)),
        "crumbs": _crumbs()[:-1] + [(_("Delphi studies"), None)],
    })


def study_create(request):
    if (login := _login_required(request)) is not None:
        return login
    versions = delphi.manageable_versions(request.user)
    check(bool(versions))
    form = StudyForm(request.POST or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = delphi.create_study(
                user=request.user, version=data["version"], title=data["title"], groups=data["groups"],
                introduction=data["introduction"], quartile_method=data["quartile_method"],
                critical_method=data["critical_method"], rules=form.rules(), local_group=data["local_group"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The study was created. Add the panellists, then open round 1."))
            return redirect("study-detail", pk=study.pk)
    return render(request, "valuation/study_form.html", {
        "form": form, "crumbs": _crumbs((_("New study"), None))})


def _analysis_url(study) -> str | None:
    """The analysis report (another page of the app); None until it exists."""
    try:
        return reverse("study-analysis", args=[study.pk])
    except NoReverseMatch:
        return None


def _detail(request, study, *, panellist_form=None, new_link=None, status=200):
    """The study page; ``new_link`` = (panellist, absolute URL) right after a link was made."""
    progress = delphi.round_progress(study)
    rounds = [p.round for p in progress]
    running = next((r for r in rounds if r.status == RoundStatus.OPEN), None)
    next_number = delphi.next_round_number(study)
    can_open = delphi.can_open_next_round(study)
    panellists = list(Panellist.objects.filter(study=study).select_related("group").order_by("label"))
    response = render(request, "valuation/study_detail.html", {
        "study": study, "progress": progress, "running": running,
        "panellists": panellists, "groups": list(study.groups.all()),
        "panellist_form": panellist_form or PanellistForm(study=study),
        "open_form": RoundOpenForm(initial={"number": next_number}) if can_open else None,
        "next_number": next_number,
        "pending": delphi.pending_proposals(study), "decided": delphi.decided_proposals(study),
        "new_link": new_link, "analysis_url": _analysis_url(study), "now": timezone.now(),
        "crumbs": _crumbs((study.title, None)),
    }, status=status)
    if new_link is not None:
        add_never_cache_headers(response)  # the link is in this page only: keep it out of caches
    return response


def study_detail(request, pk: int):
    if (login := _login_required(request)) is not None:
        return login
    return _detail(request, delphi.get_study_for_user(request.user, pk))


def _link(request, token: str) -> str:
    return request.build_absolute_uri(reverse("questionnaire", args=[token]))


@require_POST
def panellist_add(request, pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study = delphi.get_study_for_user(request.user, pk)
    form = PanellistForm(request.POST, study=study)
    if not form.is_valid():
        return _detail(request, study, panellist_form=form, status=400)
    try:
        panellist, token = delphi.add_panellist(user=request.user, study=study, group=form.cleaned_data["group"],
                                                name=form.cleaned_data["name"], email=form.cleaned_data["email"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, study, panellist_form=form, status=400)
    return _detail(request, study, new_link=(panellist, _link(request, token)))


def _panellist(request, pk: int, panellist_pk: int):
    study = delphi.get_study_for_user(request.user, pk)
    return study, get_object_or_404(Panellist, pk=panellist_pk, study=study)


@require_POST
def panellist_reissue(request, pk: int, panellist_pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study, panellist = _panellist(request, pk, panellist_pk)
    token = delphi.reissue_link(user=request.user, panellist=panellist)
    return _detail(request, study, new_link=(panellist, _link(request, token)))


@require_POST
def panellist_revoke(request, pk: int, panellist_pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study, panellist = _panellist(request, pk, panellist_pk)
    try:
        delphi.revoke_link(user=request.user, panellist=panellist)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The link of %(label)s no longer works. Saved answers are kept.")
                         % {"label": panellist.label})
    return redirect("study-detail", pk=study.pk)


@require_POST
def round_open(request, pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study = delphi.get_study_for_user(request.user, pk)
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the deadline of the round as a date and time."))
        return redirect("study-detail", pk=study.pk)
    try:
        round_ = delphi.open_round(user=request.user, study=study, number=form.cleaned_data["number"],
                                   closes=form.cleaned_data["closes"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Round %(number)s is open: %(items)s questions.")
                         % {"number": round_.number, "items": round_.items.count()})
    return redirect("study-detail", pk=study.pk)


@require_POST
def round_close(request, pk: int, round_pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study = delphi.get_study_for_user(request.user, pk)
    round_ = get_object_or_404(DelphiRound, pk=round_pk, study=study)
    try:
        delphi.close_round(user=request.user, round=round_)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Round %(number)s is closed.") % {"number": round_.number})
    return redirect("study-detail", pk=study.pk)


@require_POST
def proposal_decide(request, pk: int, proposal_pk: int):
    if (login := _login_required(request)) is not None:
        return login
    study = delphi.get_study_for_user(request.user, pk)
    proposal = get_object_or_404(Proposal, pk=proposal_pk, round__study=study)
    action = request.POST.get("action")
    if action not in ("accept", "reject"):
        messages.error(request, _("Choose whether to accept the proposal or not."))
        return redirect("study-detail", pk=study.pk)
    try:
        delphi.decide_proposal(user=request.user, proposal=proposal, accept=action == "accept")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Accepted: it enters the next round marked 신규.") if action == "accept"
                         else _("The proposal was not taken up."))
    return redirect("study-detail", pk=study.pk)
