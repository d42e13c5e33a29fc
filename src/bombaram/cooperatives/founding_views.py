"""Founding (설립 준비) and local fund (지역기금) pages: thin views over founding.py, funds.py and
founding_queries.py. A page's forms post an ``action``; a refused write shows the service's one message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.cooperatives import founding as founding_services
from bombaram.cooperatives import founding_forms as f
from bombaram.cooperatives import founding_queries as queries
from bombaram.cooperatives import funds as fund_services
from bombaram.cooperatives.forms import AsOfForm
from bombaram.cooperatives.models import FundUse
from bombaram.core.tabular import csv_safe_row
from bombaram.registry.models import District, Organisation
from bombaram.web.choices import Role
from bombaram.web.permissions import has_role


def _districts(user):
    return District.objects.filter(pk__in=[d.pk for d in District.objects.all()
                                           if has_role(user, Role.CENTRE_ADMIN, district=d)]).order_by("code")


def _dispatch(request, forms_by_action: dict, handlers: dict):
    """Run the posted action's service; returns (response or None, action)."""
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in forms_by_action:
        return HttpResponseBadRequest(_("Unknown action.") + "\n", content_type="text/plain; charset=utf-8"), action
    if action:
        form = forms_by_action[action]
        if form.is_valid():
            try:
                message = handlers[action](form.cleaned_data)
                messages.success(request, message)
                return redirect(request.get_full_path()), action
            except ValidationError as error:
                form.add_error(None, error.messages[0])
    return None, action


@login_required
def founding_list(request):
    districts = _districts(request.user)
    form = f.StartFoundingForm(request.POST or None, districts=districts, prefix="f")
    if request.method == "POST" and form.is_valid():
        try:
            founding = founding_services.start_founding(user=request.user, **form.cleaned_data)
            messages.success(request, _("The founding was opened."))
            return redirect(founding.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    return render(request, "cooperatives/founding/founding_list.html", {
        "foundings": queries.foundings_for_user(request.user), "form": form if districts.exists() else None},
        status=400 if request.method == "POST" else 200)


@login_required
def founding_detail(request, pk: int):
    founding = queries.get_founding_for_user(request.user, pk)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None

    def bound(name, form_class, **kwargs):
        return form_class(post if action == name else None, request.FILES if action == name else None,
                          prefix=name, **kwargs)

    forms_by_action = {
        "founder": bound("founder", f.FounderForm),
        "meeting": bound("meeting", f.FoundersMeetingForm),
        "consent": bound("consent", f.ConsentingMemberForm),
        "assembly": bound("assembly", f.AssemblyForm),
        "resolution": bound("resolution", f.ResolutionForm),
        "document": bound("document", f.DocumentForm),
        "filing": bound("filing", f.FilingForm),
        "founded": bound("founded", f.FoundedForm),
    }
    s, u = founding_services, request.user
    handlers = {
        "founder": lambda d: (s.add_founder(user=u, founding=founding, **d), _("The founder was added."))[1],
        "meeting": lambda d: _("Founders' meeting no. %(n)s was recorded.")
        % {"n": s.record_founders_meeting(user=u, founding=founding, **d).number},
        "consent": lambda d: _("Consenting member no. %(n)s was added.")
        % {"n": s.add_consenting_member(user=u, founding=founding, **d).number},
        "assembly": lambda d: (s.hold_assembly(user=u, founding=founding, **d), _("The founding assembly was recorded."))[1],
        "resolution": lambda d: _("The resolution was carried.") if s.record_resolution(user=u, founding=founding, **d).carried
        else _("The resolution was not carried."),
        "document": lambda d: (s.upload_document(user=u, founding=founding, **d), _("The document was uploaded."))[1],
        "filing": lambda d: (s.file_founding(user=u, founding=founding, **d), _("The filing was recorded."))[1],
        "founded": lambda d: _("%(name)s is founded: it is in the registry and its share register is open.")
        % {"name": s.complete_founding(user=u, founding=founding, **d).organisation.name},
    }
    response, action = _dispatch(request, forms_by_action, handlers)
    if response is not None:
        return response
    pledged = queries.pledges(founding)
    at_assembly = queries.pledges(founding, until=founding.assembly_on) if founding.assembly_on else None
    assembly_vote = None
    if founding.assembly_on:
        from bombaram.core.founding import decide

        assembly_vote = decide(consenting=founding.assembly_consenting, present=founding.assembly_present, votes_for=0)
    return render(request, "cooperatives/founding/founding_detail.html", {
        "founding": founding, "forms": forms_by_action, "open_form": action, "pledged": pledged,
        "at_assembly": at_assembly, "assembly_vote": assembly_vote,
        "by_kind": [(dict(f.MemberKind.choices).get(k, k), n, sh) for k, n, sh in queries.pledges_by_kind(founding)],
        "founders": list(founding.founders.all()), "meetings": list(founding.meetings.all()),
        "consenting": list(founding.consenting_members.order_by("-number")[:20]),
        "resolutions": queries.resolutions(founding) if founding.assembly_on else [],
        "documents": queries.current_documents(founding),
        "missing": founding_services.missing_for_filing(founding),
        "may_found": has_role(request.user, Role.CENTRE_ADMIN, district=founding.district),
    }, status=400 if action else 200)


@login_required
def founding_document(request, pk: int, document_pk: int):
    founding = queries.get_founding_for_user(request.user, pk)
    document = get_object_or_404(founding.documents, pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


@login_required
def consenting_csv(request, pk: int):
    import csv
    import io

    founding = queries.get_founding_for_user(request.user, pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_safe_row(["번호", "이름", "구분", "조합원 구분", "출자 구좌", "출자금(원)", "설립동의일"]))
    kinds, types = dict(f.MemberKind.choices), dict(f.MemberType.choices)
    for c in founding.consenting_members.order_by("number"):
        writer.writerow(csv_safe_row([c.number, c.name, str(types.get(c.member_type, "")), str(kinds.get(c.kind, "")),
                                      c.shares, c.shares * founding.share_price_won, c.consented_on.isoformat()]))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consenting-members-{founding.pk}.csv"'
    return response


@login_required
def fund_list(request):
    from bombaram.programmes.models import ProgrammeTeam

    districts = _districts(request.user)
    form = f.OpenFundForm(request.POST or None, districts=districts, prefix="f",
                          teams=ProgrammeTeam.objects.filter(district__in=districts).order_by("district__code"))
    if request.method == "POST" and form.is_valid():
        try:
            fund = fund_services.open_local_fund(user=request.user, **form.cleaned_data)
            messages.success(request, _("The fund was opened."))
            return redirect(fund.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    return render(request, "cooperatives/funds/fund_list.html", {
        "funds": queries.funds_for_user(request.user), "form": form if districts.exists() else None},
        status=400 if request.method == "POST" else 200)


@login_required
def fund_detail(request, pk: int):
    fund = queries.get_fund_for_user(request.user, pk)
    as_of_form = AsOfForm(request.GET or None)
    as_of = (as_of_form.cleaned_data.get("as_of") if as_of_form.is_bound and as_of_form.is_valid() else None) \
        or timezone.localdate()
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    loans = FundUse.objects.filter(fund=fund, kind="loan").select_related("organisation").order_by("day", "id")
    forms_by_action = {
        "contribution": f.ContributionForm(post if action == "contribution" else None, prefix="contribution"),
        "ledger": f.LinkLedgerForm(post if action == "ledger" else None, prefix="ledger",
                                   records=fund_services.unlinked_ledger_records(fund)),
        "use": f.FundUseForm(post if action == "use" else None, prefix="use",
                             organisations=Organisation.objects.filter(district=fund.district).order_by("name")),
        "repayment": f.RepaymentForm(post if action == "repayment" else None, prefix="repayment", loans=loans),
    }
    s, u = fund_services, request.user
    handlers = {
        "contribution": lambda d: (s.record_contribution(user=u, fund=fund, **d), _("The contribution was recorded."))[1],
        "ledger": lambda d: (s.link_ledger_record(user=u, fund=fund, **d), _("The ledger record was linked."))[1],
        "use": lambda d: (s.record_fund_use(user=u, fund=fund, **d), _("The grant or loan was recorded."))[1],
        "repayment": lambda d: (s.record_repayment(user=u, **d), _("The repayment was recorded."))[1],
    }
    response, action = _dispatch(request, forms_by_action, handlers)
    if response is not None:
        return response
    return render(request, "cooperatives/funds/fund_detail.html", {
        "fund": fund, "as_of": as_of, "as_of_form": as_of_form, "balance": queries.fund_balance(fund, as_of),
        "by_kind": queries.contributions_by_kind(fund, as_of), "from_ledger": queries.raised_through_ledger(fund),
        "contributions": queries.contributions(fund, as_of), "uses": queries.uses(fund, as_of),
        "repayments": queries.repayments(fund, as_of), "forms": forms_by_action, "open_form": action,
    }, status=400 if action else 200)


@login_required
def fund_csv(request, pk: int):
    """The fund's movements up to a date, with the balance after each (core.local_funds order)."""
    import csv
    import io

    from bombaram.core import local_funds as core

    fund = queries.get_fund_for_user(request.user, pk)
    as_of_form = AsOfForm(request.GET or None)
    if as_of_form.is_bound and not as_of_form.is_valid():
        return HttpResponseBadRequest(_("Enter a valid date.") + "\n", content_type="text/plain; charset=utf-8")
    as_of = (as_of_form.cleaned_data.get("as_of") if as_of_form.is_bound else None) or timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_safe_row(["일자", "구분", "기여자·조직", "금액(원)", "잔액(원)", "출처"]))
    labels = {core.CONTRIBUTION: "납입", core.GRANT: "지원", core.LOAN: "융자", core.REPAYMENT: "상환"}
    rows = []
    for c in queries.contributions(fund, as_of):
        if c.kind == "paid" and (c.ledger_record_id is None or c.ledger_record.status == "approved"):
            rows.append((c.day, core.CONTRIBUTION, c.pk, c.contributor, c.amount,
                         f"활동 대장 {c.ledger_record.ref}" if c.ledger_record_id else "직접 입력"))
    for u, _repaid in queries.uses(fund, as_of):
        rows.append((u.day, core.GRANT if u.kind == "grant" else core.LOAN, u.pk, u.organisation.name, u.amount_won, ""))
    for r in queries.repayments(fund, as_of):
        rows.append((r.day, core.REPAYMENT, r.pk, r.loan.organisation.name, r.amount_won, ""))
    balance = 0
    for day, kind, _pk, who, amount, source in sorted(rows, key=lambda r: (r[0], core.DAY_ORDER[r[1]], r[2])):
        balance += core.SIGN[kind] * amount
        writer.writerow(csv_safe_row([day.isoformat(), labels[kind], who, amount, balance, source]))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="local-fund-{fund.pk}-{as_of.isoformat()}.csv"'
    return response
