"""Pages of the activity ledger: a team's list, the record form, import and export, the centre's review
queue, and the city roll-up (/programmes/outputs/)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.core.programme_ledger import KIND_LABELS_KO, LedgerError, stage_label
from bombaram.programmes import ledger_io, outputs, queries, services
from bombaram.programmes.choices import RecordStatus
from bombaram.programmes.forms import (
    LedgerFilterForm,
    LedgerImportForm,
    LedgerRecordForm,
    OutputsFilterForm,
    ReturnForm,
)
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import (
    can_approve_ledger,
    can_edit_team,
    can_view_ledger_drafts,
    check,
)

MAX_UPLOAD = 30 * 1024 * 1024


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _team(pk: int):
    return get_object_or_404(queries.teams(), pk=pk)


def ledger_list(request, pk: int):
    team = _team(pk)
    form = LedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = queries.ledger_records_for_user(
        request.user, team, kind=filters.get("kind") or "", status=filters.get("status") or "",
        start=filters.get("start"), end=filters.get("end"))
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "programmes/ledger_list.html", {
        "team": team, "form": form, "page": page, "records": page.object_list,
        "editable": can_edit_team(request.user, team), "sees_drafts": can_view_ledger_drafts(request.user, team),
        "reviewer": can_approve_ledger(request.user, team), "query": _without_page(request),
        "summary": queries.team_ledger_summary(team),
    })


@require_POST
def ledger_submit(request, pk: int):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    pks = [int(v) for v in request.POST.getlist("record") if v.isdigit()]
    count = services.submit_ledger_records(user=request.user, team=team, pks=pks)
    messages.success(request, _("%(count)d records were sent for approval.") % {"count": count})
    return redirect("ledger-list", pk=team.pk)


def record_new(request, pk: int):
    team = _team(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(can_edit_team(request.user, team))
    form = LedgerRecordForm(request.POST or None, initial={"kind": request.GET.get("kind", "education")})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.create_ledger_record(user=request.user, team=team, entry=form.entry)
        except LedgerError as error:
            form.add_ledger_errors(error)
        else:
            if "submit" in request.POST:
                services.submit_ledger_records(user=request.user, team=team, pks=[record.pk])
                messages.success(request, _("The record was saved and sent for approval."))
            else:
                messages.success(request, _("The record was saved as a draft."))
            return redirect("ledger-list", pk=team.pk)
    return render(request, "programmes/ledger_form.html", {"team": team, "form": form, "record": None})


def record_detail(request, pk: int, record_pk: int):
    team = _team(pk)
    record = queries.get_ledger_record_for_user(request.user, team, record_pk)
    editable = can_edit_team(request.user, team)
    form = None
    if editable:
        entry = queries.entry_of(record)
        initial = LedgerRecordForm.initial_of(entry, organisation_name=record.organisation.name if record.organisation_id
                                              else "", revision=record.revision)
        form = LedgerRecordForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                changed = services.update_ledger_record(user=request.user, record=record, entry=form.entry,
                                                        revision=form.cleaned_data.get("revision") or 0)
            except LedgerError as error:
                form.add_ledger_errors(error)
            except services.StaleRecord:
                messages.error(request, _("Someone changed this record meanwhile: look at it again before saving."))
                return redirect("ledger-record", pk=team.pk, record_pk=record.pk)
            else:
                if "submit" in request.POST:
                    services.submit_ledger_records(user=request.user, team=team, pks=[record.pk])
                if changed:
                    messages.success(request, _("The record was saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("ledger-list", pk=team.pk)
    elif request.method == "POST":
        check(False)
    history = []
    if can_view_ledger_drafts(request.user, team):
        history = list(AuditEvent.objects.filter(object_type="programmes.ledgerrecord", object_id=str(record.pk))
                       .select_related("actor").order_by("-created")[:30])
    return render(request, "programmes/ledger_form.html", {
        "team": team, "form": form, "record": record, "history": history,
        "reviewer": can_approve_ledger(request.user, team) and record.status == RecordStatus.SUBMITTED,
        "own_entry": record.entered_by_id == request.user.pk,
        "return_form": ReturnForm(initial={"revision": record.revision}),
        "participants": list(record.participants.all()), "trainees": list(record.trainee_counts.all()),
        "kind_label": KIND_LABELS_KO.get(record.kind, record.kind), "stage": stage_label(record.kind, record.stage),
    })


def organisation_search(request, pk: int):
    """htmx: registry organisations by name, each with a button adding "name #id" to the participants."""
    team = _team(pk)
    check(can_edit_team(request.user, team))
    found = queries.organisations_by_name(request.GET.get("q", ""))
    return render(request, "programmes/_organisation_results.html", {"found": found, "q": request.GET.get("q", "")})


def ledger_export(request, pk: int, fmt: str):
    team = _team(pk)
    check(can_edit_team(request.user, team))
    if fmt not in ("xlsx", "csv"):
        return HttpResponseBadRequest()
    data = ledger_io.export_file(team, fmt)
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                    else "text/csv; charset=utf-8")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ledger-{team.district.code}-{dt.date.today():%Y%m%d}.{fmt}"'
    return response


def ledger_import(request, pk: int):
    team = _team(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check(can_edit_team(request.user, team))
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    plan = result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "파일이 너무 큽니다 (30MB까지).")
        else:
            data = upload.read()
            plan = ledger_io.plan_ledger_import(team, data, filename=upload.name)
            if plan.ok and not form.cleaned_data["dry_run"]:
                result = ledger_io.apply_ledger_import(user=request.user, plan=plan, filename=upload.name)
                messages.success(request, _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                                 % result)
                return redirect("ledger-list", pk=team.pk)
    return render(request, "programmes/ledger_import.html", {
        "team": team, "form": form, "plan": plan, "errors": plan.errors[:200] if plan else [],
    })


def review_queue(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    records = queries.review_queue(request.user)
    check(_reviews_any(request.user))
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "programmes/ledger_review.html", {"page": page, "records": page.object_list})


def _reviews_any(user) -> bool:
    return any(can_approve_ledger(user, team) for team in queries.teams())


@require_POST
def record_review(request, pk: int, record_pk: int):
    team = _team(pk)
    check(can_approve_ledger(request.user, team))
    record = queries.get_ledger_record_for_user(request.user, team, record_pk)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        return HttpResponseBadRequest()
    try:
        if request.POST.get("action") == "approve":
            services.approve_ledger_record(user=request.user, record=record, revision=revision)
            messages.success(request, _("The record was approved."))
        elif request.POST.get("action") == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, "돌려보내는 까닭을 적어 주세요.")
                return redirect("ledger-record", pk=team.pk, record_pk=record.pk)
            services.return_ledger_record(user=request.user, record=record, revision=revision,
                                          note=form.cleaned_data["note"])
            messages.success(request, _("The record was returned to the team."))
        else:
            return HttpResponseBadRequest()
    except services.SameUser:
        messages.error(request, _("You changed this record last: another administrator approves it."))
    except services.StaleRecord:
        messages.error(request, _("The record changed or was already reviewed: look at it again."))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("ledger-review")
                    else reverse("ledger-record", args=[team.pk, record.pk]))


def outputs_page(request):
    districts = [(t.district.code, t.district.name) for t in queries.teams()]
    form = OutputsFilterForm(request.GET or None, districts=districts)
    selection = outputs.selection_from(form)
    table = outputs.rollup_table(selection)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        data = outputs.table_file(table, fmt)
        content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                        else "text/csv; charset=utf-8")
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="programme-outputs.{fmt}"'
        return response
    before_after = outputs.seongdong_before_after()
    return render(request, "programmes/outputs.html", {
        "form": form, "table": table, "before_after": before_after, "teams": list(queries.teams()),
        "query": request.GET.urlencode(),
    })
