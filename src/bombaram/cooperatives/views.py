"""Share register pages: list, register as of a date (with its forms), certificate, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.cooperatives import exports, queries, services
from bombaram.cooperatives.forms import AsOfForm, MemberForm, SendCountsForm, ShareEventForm

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _as_of(request):
    form = AsOfForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, (form.cleaned_data.get("as_of") if form.is_bound else None) or timezone.localdate()


@login_required
def cooperative_list(request):
    return render(request, "cooperatives/cooperative_list.html",
                  {"cooperatives": queries.cooperatives_for_user(request.user)})


@login_required
def cooperative_detail(request, pk: int):
    cooperative = queries.get_cooperative_for_user(request.user, pk)
    as_of_form, as_of = _as_of(request)
    if as_of is None:
        as_of = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    member_form = MemberForm(request.POST if action == "member" else None, prefix="m")
    event_form = ShareEventForm(request.POST if action == "event" else None, cooperative=cooperative, prefix="e")
    counts_form = SendCountsForm(request.POST if action == "counts" else None, prefix="c", initial={"as_of": as_of})
    forms_by_action = {"member": member_form, "event": event_form, "counts": counts_form}
    if action in forms_by_action:
        form = forms_by_action[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "member":
                    member = services.add_member(user=request.user, cooperative=cooperative, **data)
                    messages.success(request, _("%(name)s joined as member no. %(number)s.") % {"name": member.name, "number": member.number})
                elif action == "event":
                    services.record_share_event(user=request.user, cooperative=cooperative, **data)
                    messages.success(request, _("The event was recorded."))
                else:
                    count = services.send_counts_to_registry(user=request.user, cooperative=cooperative, **data)
                    messages.success(request, _("The registry now shows %(members)s members and %(capital)s won of paid-in capital on %(date)s.")
                                     % {"members": f"{count.members:,}", "capital": f"{count.capital_won:,}", "date": data["as_of"].isoformat()})
                return redirect(f"{cooperative.get_absolute_url()}?as_of={as_of.isoformat()}")
            except ValidationError as error:
                form.add_error(None, error.messages[0])
    elif request.method == "POST":
        return HttpResponseBadRequest(_("Unknown action.") + "\n", content_type="text/plain; charset=utf-8")
    register, members = queries.register(cooperative, as_of)
    return render(request, "cooperatives/cooperative_detail.html", {
        "cooperative": cooperative, "as_of": as_of, "as_of_form": as_of_form, "register": register,
        "rows": [(members[h.member], h) for h in register.holdings],
        "kind_rows": [(queries.kind_label(k.kind), k) for k in register.by_kind],
        "events": queries.events(cooperative, until=as_of)[:50],
        "member_form": member_form, "event_form": event_form, "counts_form": counts_form,
        "open_form": action,
    }, status=400 if action else 200)


@login_required
def member_certificate(request, pk: int, number: int):
    cooperative = queries.get_cooperative_for_user(request.user, pk)
    member = get_object_or_404(cooperative.members, number=number)
    _form, as_of = _as_of(request)
    if as_of is None:
        return HttpResponseBadRequest(_("Enter a valid date.") + "\n", content_type="text/plain; charset=utf-8")
    register, _members = queries.register(cooperative, as_of)
    holding = next((h for h in register.holdings if h.member == member.pk), None)
    if holding is None or not holding.active:
        raise Http404(_("This person was not a member on that date."))
    return render(request, "cooperatives/certificate.html", {
        "cooperative": cooperative, "member": member, "holding": holding, "as_of": as_of,
        "kind": queries.kind_label(member.kind)})


@login_required
def register_download(request, pk: int, fmt: str):
    cooperative = queries.get_cooperative_for_user(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    _form, as_of = _as_of(request)
    if as_of is None:
        return HttpResponseBadRequest(_("Enter a valid date.") + "\n", content_type="text/plain; charset=utf-8")
    register, members = queries.register(cooperative, as_of)
    writer = exports.register_csv if fmt == "csv" else exports.register_xlsx
    response = HttpResponse(writer(cooperative, register, members), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="share-register-{cooperative.pk}-{as_of.isoformat()}.{fmt}"'
    return response


@login_required
def credit_ledger(request, pk: int):
    import uuid

    from bombaram.cooperatives import ledger
    from bombaram.cooperatives.forms import CreditTransferForm, OpenAccountForm
    from bombaram.cooperatives.models import CreditAccount

    cooperative = queries.get_cooperative_for_user(request.user, pk)
    accounts_qs = CreditAccount.objects.filter(member__cooperative=cooperative).select_related("member").order_by("member__number")
    action = request.POST.get("action") if request.method == "POST" else None
    open_form = OpenAccountForm(request.POST if action == "open" else None, cooperative=cooperative, prefix="o")
    transfer_form = CreditTransferForm(request.POST if action == "transfer" else None, accounts=accounts_qs, prefix="t",
                                       initial={"idempotency_key": uuid.uuid4().hex})
    if action in {"open", "transfer"}:
        form = open_form if action == "open" else transfer_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "open":
                    ledger.open_credit_account(user=request.user, **data)
                    messages.success(request, _("The account was opened."))
                else:
                    _transfer, applied = ledger.transfer_credit(user=request.user, cooperative=cooperative, **data)
                    messages.success(request, _("The transfer was recorded.") if applied
                                     else _("This transfer had already been recorded; it was not applied again."))
                return redirect("credit-ledger", pk=cooperative.pk)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
    elif request.method == "POST":
        return HttpResponseBadRequest(_("Unknown action.") + "\n", content_type="text/plain; charset=utf-8")
    accounts = queries.credit_accounts(cooperative)
    return render(request, "cooperatives/credit_ledger.html", {
        "cooperative": cooperative, "accounts": accounts, "total": sum(a.balance for a in accounts),
        "open_form": open_form, "transfer_form": transfer_form}, status=400 if action else 200)


@login_required
def credit_statement(request, pk: int, account_pk: int):
    from bombaram.cooperatives.models import CreditAccount

    cooperative = queries.get_cooperative_for_user(request.user, pk)
    account = get_object_or_404(CreditAccount.objects.select_related("member"), pk=account_pk, member__cooperative=cooperative)
    rows = []
    for entry in queries.statement(account):
        other = entry.transfer.payee if entry.amount < 0 else entry.transfer.payer
        rows.append((entry, other.member))
    return render(request, "cooperatives/credit_statement.html",
                  {"cooperative": cooperative, "account": account, "rows": rows})


@login_required
def survey_list(request, pk: int):
    from bombaram.cooperatives import surveys
    from bombaram.cooperatives.forms import SurveyForm

    cooperative = queries.get_cooperative_for_user(request.user, pk)
    form = SurveyForm(request.POST or None, prefix="s")
    if request.method == "POST" and form.is_valid():
        survey = surveys.create_survey(user=request.user, cooperative=cooperative, **form.cleaned_data)
        messages.success(request, _("The survey was created."))
        return redirect("survey-detail", pk=cooperative.pk, survey_pk=survey.pk)
    return render(request, "cooperatives/survey_list.html", {
        "cooperative": cooperative, "surveys": cooperative.surveys.all(), "form": form},
        status=400 if request.method == "POST" else 200)


@login_required
def survey_detail(request, pk: int, survey_pk: int):
    from bombaram.cooperatives import surveys
    from bombaram.cooperatives.forms import PaperAnswersForm

    cooperative = queries.get_cooperative_for_user(request.user, pk)
    survey = get_object_or_404(cooperative.surveys, pk=survey_pk)
    form = PaperAnswersForm(request.POST or None, survey=survey, prefix="p")
    if request.method == "POST" and form.is_valid():
        try:
            entered = surveys.enter_paper_answers(user=request.user, survey=survey, counts=form.counts())
            messages.success(request, _("%(n)s paper answers were entered.") % {"n": f"{entered:,}"})
            return redirect("survey-detail", pk=cooperative.pk, survey_pk=survey.pk)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    n, rows = queries.survey_results(survey)
    return render(request, "cooperatives/survey_detail.html", {
        "cooperative": cooperative, "survey": survey, "n": n, "rows": rows, "form": form,
        "link": request.build_absolute_uri(f"/cooperatives/survey/{survey.token}/")},
        status=400 if request.method == "POST" else 200)


def survey_answer(request, token: str):
    """The public answer page of a survey open by link (no account)."""
    from bombaram.cooperatives import surveys
    from bombaram.cooperatives.forms import LinkAnswerForm
    from bombaram.cooperatives.models import Survey

    survey = get_object_or_404(Survey.objects.select_related("cooperative__organisation"), token=token, open_by_link=True)
    done = request.session.get(f"survey-{survey.pk}")
    form = LinkAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and not done and form.is_valid():
        surveys.answer_by_link(survey=survey, choice=form.cleaned_data["choice"])
        request.session[f"survey-{survey.pk}"] = True
        return redirect("survey-answer", token=token)
    return render(request, "cooperatives/survey_answer.html", {"survey": survey, "form": form, "done": done},
                  status=400 if request.method == "POST" and not done else 200)
