"""Programme team pages: the city's side-by-side page (and its XLSX), each team's dashboard and printable
appendix page, the team's consortium and staff, its contracts, and the centre's quarter view."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.core import tabular
from bombaram.core.programme_contracts import RULE_KO, parse_quarter, quarter_of
from bombaram.programmes import dashboards, queries, services
from bombaram.programmes.choices import Cohort
from bombaram.programmes.forms import (
    CONTACT_FIELDS,
    ConsortiumMemberForm,
    ContractForm,
    EvaluationForm,
    LinkMemberForm,
    StaffForm,
    TeamContactsForm,
)
from bombaram.programmes.models import ConsortiumMember, Contract, TeamStaff
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import can_edit_team, can_manage_contracts, check, has_role
from bombaram.web.views import team_map_svg


def _as_of(request) -> tuple[dt.date, str]:
    """The date the page is read on: ?date=YYYY-MM-DD, else today. A bad date gives today and a message."""
    raw = (request.GET.get("date") or "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw), ""
        except ValueError:
            return timezone.localdate(), f"날짜는 2013-09-30처럼 적어 주세요: '{raw[:40]}'. 오늘 기준으로 보여 드립니다."
    return timezone.localdate(), ""


def _team(pk: int):
    return get_object_or_404(queries.teams(), pk=pk)


def _crumbs(team=None, *extra):
    crumbs = [(_("Programme teams"), reverse("team-list"))]
    if team is not None:
        crumbs.append((team.name, reverse("team-detail", args=[team.pk])))
    return crumbs + list(extra)


# ---- the city page ------------------------------------------------------------------------------------------


def team_list(request):
    as_of, date_error = _as_of(request)
    rows = dashboards.city_rows(as_of)
    teams = [row.team for row in rows]
    return render(request, "programmes/team_list.html", {
        "rows": rows, "teams": teams, "as_of": as_of, "date_error": date_error,
        "headline_labels": dashboards.headline_labels(),
        "has_ledger": any(row.headline is not None for row in rows),
        "cohorts": [(c, [t for t in teams if t.cohort == c]) for c in Cohort],
        "is_centre": has_role(request.user, Role.CENTRE_ADMIN), "rule": RULE_KO,
        "map_svg": team_map_svg(request),
    })


STATE_LABELS = {"running": "협약 중", "between": "연장 협약 대기", "ended": "사업 종료", "not_started": "협약 전",
                "none": "협약 없음"}


def team_list_xlsx(request):
    """The side-by-side table as a workbook (one row per team)."""
    as_of, _error = _as_of(request)
    rows = dashboards.city_rows(as_of)
    labels = dashboards.headline_labels()
    illustrative = any(c.illustrative for row in rows for c in row.standing.contracts)
    columns = ["차수", "자치구", "사업단", "사업 시작", "협약 상태", "협약 연차", "협약 기간 시작", "협약 기간 끝",
               "협약 금액 (원)", "다음 평가일", "이번 분기 할 일", "컨소시엄 기관 수",
               *[f"{label} (활동 대장)" for _code, label in labels]]
    table = []
    for row in rows:
        s, contract = row.standing, row.standing.contract
        table.append([row.team.cohort, row.team.district.name_ko, row.team.name, row.team.started,
                      STATE_LABELS[s.state], f"{s.status.year}/3" if s.status.year else "",
                      contract.start if contract else None, contract.end if contract else None,
                      contract.amount_won if contract else None, s.status.next_evaluation,
                      ", ".join(s.action_labels), row.consortium_size,
                      *(row.headline or [None] * len(labels))])
    notes = [f"지역특화사업단 현황 ({as_of:%Y-%m-%d} 기준)", RULE_KO]
    if illustrative:
        notes.append("예시 데이터: 협약과 컨소시엄은 설명을 위해 지어낸 값입니다")
    name = f"bombaram-programme-teams-{as_of:%Y%m%d}{'-예시데이터' if illustrative else ''}.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "teams.xlsx"
        tabular.write_xlsx(out, {"지역특화사업단": (columns, table)}, notes=notes,
                           number_formats={"협약 금액 (원)": "#,##0"})
        response = HttpResponse(out.read_bytes(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def contracts_due(request):
    """The centre's view: teams due for evaluation, extension or end in a quarter (?quarter=2013Q3)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(has_role(request.user, Role.CENTRE_ADMIN))
    raw = (request.GET.get("quarter") or "").strip()
    error = ""
    quarter = quarter_of(timezone.localdate())
    if raw:
        try:
            quarter = parse_quarter(raw)
        except ValueError as exc:
            error = str(exc)
    rows = [s for s in dashboards.due_in_quarter(quarter) if can_manage_contracts(request.user, s.team)]
    return render(request, "programmes/contracts_due.html", {
        "quarter": quarter, "rows": rows, "error": error, "rule": RULE_KO,
        "previous": quarter.shifted(-1), "next": quarter.shifted(1),
        "crumbs": _crumbs(None, (_("Contracts due this quarter"), None))})


# ---- the team dashboard ---------------------------------------------------------------------------------------


def team_detail(request, pk: int):
    team = _team(pk)
    editable = can_edit_team(request.user, team)
    form = None
    if editable:
        form = TeamContactsForm.for_team(team, request.POST or None)
        if request.method == "POST" and form.is_valid():
            changed = services.update_team_contacts(
                user=request.user, team=team, **{k: form.cleaned_data[k] for k in CONTACT_FIELDS}
            )
            if changed:
                messages.success(request, _("The contact details were saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(team.get_absolute_url())
    elif request.method == "POST":
        check(False)
    as_of, date_error = _as_of(request)
    dashboard = dashboards.team_dashboard(team, as_of)
    history = []
    if editable:
        labels = {name: field.label for name, field in TeamContactsForm.base_fields.items()}
        events = AuditEvent.objects.filter(
            object_type="programmes.programmeteam", object_id=str(team.pk)
        ).select_related("actor")[:20]
        history = [
            (event, [(labels.get(k, k), v["from"], v["to"]) for k, v in event.data.get("changes", {}).items()])
            for event in events
        ]
    return render(request, "programmes/team_detail.html", {
        "team": team, "form": form, "history": history, "d": dashboard, "ledger": dashboard.ledger,
        "targets": dashboard.targets, "as_of": as_of, "date_error": date_error, "editable": editable,
        "can_contract": can_manage_contracts(request.user, team), "rule": RULE_KO,
        "accounts_year": dashboard.accounts_years[0] if dashboard.accounts_years else as_of.year,
    })


def team_print(request, pk: int):
    """The team's page laid out like the report's appendix (부록), for printing."""
    team = _team(pk)
    as_of, _error = _as_of(request)
    dashboard = dashboards.team_dashboard(team, as_of)
    return render(request, "programmes/team_print.html", {
        "team": team, "d": dashboard, "ledger": dashboard.ledger, "targets": dashboard.targets, "as_of": as_of,
    })


# ---- consortium and staff ---------------------------------------------------------------------------------------


def _owned(model, pk: int, team, select=("team__district",)):
    """An object of ``team`` by pk: 404 when it does not exist, 403 when it belongs to another team (a forged
    id), whoever asks."""
    obj = get_object_or_404(model.objects.select_related(*select), pk=pk)
    if obj.team_id != team.pk:
        raise PermissionDenied
    return obj


def team_manage(request, pk: int, *, member_form=None, staff_form=None, status=200):
    """The team's consortium and staff, with the forms to change them (its staff and the centre)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    team = _team(pk)
    check(can_edit_team(request.user, team))
    consortium = list(ConsortiumMember.objects.filter(team=team).select_related("organisation__district")
                      .order_by("role", "pk"))
    return render(request, "programmes/team_manage.html", {
        "team": team, "consortium": consortium,
        "staff": list(TeamStaff.objects.filter(team=team).order_by("pk")),
        "member_form": member_form or ConsortiumMemberForm(team=team),
        "link_form": LinkMemberForm(team=team), "staff_form": staff_form or StaffForm(),
        "crumbs": _crumbs(team, (_("Consortium and staff"), None))}, status=status)


@require_POST
def member_add(request, pk: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    form = ConsortiumMemberForm(request.POST, team=team)
    if form.is_valid():
        try:
            services.add_consortium_member(
                user=request.user, team=team, role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"], pending_name=form.cleaned_data["pending_name"],
                pending_business_no=form.cleaned_data["pending_business_no"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The organisation was added to the consortium."))
            return redirect("team-manage", pk=team.pk)
    return team_manage(request, pk, member_form=form, status=400)


@require_POST
def member_link(request, pk: int, member: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    member = _owned(ConsortiumMember, member, team)
    form = LinkMemberForm(request.POST, team=team)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("team-manage", pk=team.pk)
    try:
        services.link_consortium_member(user=request.user, member=member, organisation=form.cleaned_data["organisation"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The organisation was linked to the registry."))
    return redirect("team-manage", pk=team.pk)


@require_POST
def member_remove(request, pk: int, member: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    member = _owned(ConsortiumMember, member, team)
    services.remove_consortium_member(user=request.user, member=member)
    messages.success(request, _("The organisation was removed from the consortium."))
    return redirect("team-manage", pk=team.pk)


@require_POST
def staff_add(request, pk: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    form = StaffForm(request.POST)
    if form.is_valid():
        try:
            services.add_team_staff(user=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The staff member was added."))
            return redirect("team-manage", pk=team.pk)
    return team_manage(request, pk, staff_form=form, status=400)


@require_POST
def staff_remove(request, pk: int, staff: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    staff = _owned(TeamStaff, staff, team)
    services.remove_team_staff(user=request.user, staff=staff)
    messages.success(request, _("The staff member was removed."))
    return redirect("team-manage", pk=team.pk)


# ---- contracts ---------------------------------------------------------------------------------------------------


def team_contracts(request, pk: int, *, contract_form=None, evaluation_forms=None, status=200):
    """The team's contracts with their targets and evaluations; the centre records new ones and evaluations.
    The team's staff read them."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    team = _team(pk)
    manager = can_manage_contracts(request.user, team)
    check(manager or can_edit_team(request.user, team))
    contracts = list(Contract.objects.filter(team=team).prefetch_related("targets").order_by("start"))
    team_standing = dashboards.standing(team, contracts, timezone.localdate())
    evaluation_forms = evaluation_forms or {}
    rows = [{"contract": c, "targets": dashboards.target_rows(c, None),
             "form": evaluation_forms.get(c.pk) or EvaluationForm(auto_id=f"eval{c.pk}_%s", initial={
                 "result": c.evaluation_result or "passed", "evaluation_date": c.evaluation_date,
                 "conditions": c.conditions})} for c in contracts]
    return render(request, "programmes/team_contracts.html", {
        "team": team, "rows": rows, "standing": team_standing, "manager": manager, "rule": RULE_KO,
        "contract_form": contract_form or ContractForm(auto_id="new_%s"), "crumbs": _crumbs(team, (_("Contracts"), None))},
        status=status)


@require_POST
def contract_add(request, pk: int):
    team = _team(pk)
    check(can_manage_contracts(request.user, team))
    form = ContractForm(request.POST, auto_id="new_%s")
    if form.is_valid():
        try:
            services.create_contract(
                user=request.user, team=team, start=form.cleaned_data["start"], end=form.cleaned_data["end"],
                amount_won=form.cleaned_data["amount_won"], evaluation_date=form.cleaned_data["evaluation_date"],
                conditions=form.cleaned_data["conditions"], targets=form.targets())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contract was recorded."))
            return redirect("team-contracts", pk=team.pk)
    return team_contracts(request, pk, contract_form=form, status=400)


@require_POST
def contract_evaluate(request, pk: int, contract: int):
    team = _team(pk)
    check(can_manage_contracts(request.user, team))
    contract = _owned(Contract, contract, team)
    form = EvaluationForm(request.POST, auto_id=f"eval{contract.pk}_%s")
    if form.is_valid():
        try:
            services.record_evaluation(user=request.user, contract=contract, result=form.cleaned_data["result"],
                                       evaluation_date=form.cleaned_data["evaluation_date"],
                                       conditions=form.cleaned_data["conditions"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect("team-contracts", pk=team.pk)
    return team_contracts(request, pk, evaluation_forms={contract.pk: form}, status=400)
