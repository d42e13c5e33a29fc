"""Needs (수요): the list, posting a need, the ranked suppliers with their reasons, the outcomes; the gap
view. Permissions are the services' (a forged POST for another department is refused there)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.core import tabular
from bombaram.market.forms.needs import GroupNeedForm, NeedForm, OrganisationNeedForm, OutcomeForm
from bombaram.market.models import Product
from bombaram.market.queries import needs as queries
from bombaram.market.services import needs as services
from bombaram.procurement.models import PlanItem
from bombaram.procurement.queries import editable_departments
from bombaram.registry.models import Organisation
from bombaram.web.permissions import can_edit_need, can_view_need_contacts, check


def _crumbs(*extra):
    return [(_("Needs and matching"), reverse("need-list")), *extra]


def need_list(request):
    needs = list(queries.needs_for_user(request.user)[:300])
    authenticated = request.user.is_authenticated
    departments = editable_departments(request.user) if authenticated else []
    return render(request, "market/needs/need_list.html", {
        "needs": needs, "can_post": bool(departments),
        "can_post_organisation": authenticated and queries.own_organisations(request.user).exists(),
        "can_post_group": authenticated and bool(queries.group_need_districts(request.user)),
        "illustrative": any(n.illustrative for n in needs), "crumbs": _crumbs()})


def _post(request, form, poster: str):
    """The posting step the three need forms share: the service posts (and checks the scope again); its
    refusal is shown on the form; a posted need opens with its ranked suppliers. None: show the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        need = services.post_need(user=request.user, poster=poster, **form.cleaned_data)
    except services.NeedError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, _("The need is posted. The suppliers below are ranked for it."))
    return redirect("need-detail", need.pk)


def need_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = editable_departments(request.user)
    check(bool(departments))
    initial = {"needed_on": timezone.localdate()}
    if len(departments) == 1:
        initial["department"] = departments[0].pk
    form = NeedForm(request.POST or None, departments=departments, initial=initial)
    if (posted := _post(request, form, "department")) is not None:
        return posted
    items = (PlanItem.objects.filter(plan__department__in=departments).select_related("plan__department")
             .order_by("-plan__year", "plan__department__name", "pk")[:60])
    return render(request, "market/needs/need_form.html", {
        "form": form, "plan_items": items, "crumbs": _crumbs((_("Post a need"), ""))})


def need_new_organisation(request):
    """An organisation's need, posted by its own market staff (the organisations it keeps are the only
    choices; the service checks again)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisations = list(queries.own_organisations(request.user))
    check(bool(organisations))
    initial = {"needed_on": timezone.localdate()}
    if len(organisations) == 1:
        initial["organisation"] = organisations[0].pk
    form = OrganisationNeedForm(request.POST or None, organisations=organisations, initial=initial)
    if (posted := _post(request, form, "organisation")) is not None:
        return posted
    return render(request, "market/needs/need_form.html", {
        "form": form, "heading": _("Post our organisation's need"),
        "lead": _("Say what your organisation needs to buy from other social economy organisations. Suppliers "
                  "are ranked as for a department's need, in your organisation's district first."),
        "crumbs": _crumbs((_("Post our organisation's need"), ""))})


def need_new_group(request):
    """A group purchase's need (공동구매), posted by the centre for a district it administers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    districts = queries.group_need_districts(request.user)
    check(bool(districts))
    form = GroupNeedForm(request.POST or None, districts=districts, initial={"needed_on": timezone.localdate()})
    if (posted := _post(request, form, "group")) is not None:
        return posted
    return render(request, "market/needs/need_form.html", {
        "form": form, "heading": _("Post a group purchase"),
        "lead": _("Many buyers of one district (schools, parents, residents) buying the same thing together. "
                  "List the buyers with their quantities; the need's quantity is their sum."),
        "crumbs": _crumbs((_("Post a group purchase"), ""))})


@require_POST
def need_from_plan_item(request, item: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("need-new"))
    plan_item = get_object_or_404(PlanItem.objects.select_related("plan__department__institution__district"), pk=item)
    try:
        need = services.post_need_from_plan_item(user=request.user, item=plan_item)
    except services.NeedError as exc:
        messages.error(request, str(exc))
        return redirect("need-new")
    return redirect("need-detail", need.pk)


def need_detail(request, pk: int):
    need = queries.get_need_for_user(request.user, pk)
    editable = can_edit_need(request.user, need)
    suggestions = queries.suggestions_for(need)
    purchases = list(queries.linkable_purchases(need, {s.product.organisation_id for s in suggestions})) if editable else []
    forms = {}
    if editable:
        for s in suggestions:
            supplier_purchases = [p for p in purchases if p.supplier_id == s.product.organisation_id]
            forms[s.product.pk] = OutcomeForm(
                purchases=supplier_purchases, auto_id=f"id_%s_{s.product.pk}",
                initial={"supplier": s.product.organisation_id, "product": s.product.pk,
                         "recorded_on": timezone.localdate()})
    rows = [(s, forms.get(s.product.pk)) for s in suggestions]
    return render(request, "market/needs/need_detail.html", {
        "need": need, "rows": rows, "editable": editable, "show_contacts": can_view_need_contacts(request.user, need),
        "outcomes": list(queries.outcomes_of(need)), "buyers": list(need.buyers.all()),
        "crumbs": _crumbs((need.title, ""))})


@require_POST
def need_outcome(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("need-detail", args=[pk]))
    need = queries.get_need_for_user(request.user, pk, write=True)
    supplier = get_object_or_404(Organisation, pk=request.POST.get("supplier") or 0)
    form = OutcomeForm(request.POST, purchases=list(queries.linkable_purchases(need, {supplier.pk})))
    if not form.is_valid():
        messages.error(request, _("The outcome was not recorded: %(errors)s")
                       % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)})
        return redirect("need-detail", need.pk)
    product = Product.objects.filter(pk=form.cleaned_data["product"] or 0).first()
    try:
        services.record_outcome(user=request.user, need=need, supplier=supplier, product=product,
                                outcome=form.cleaned_data["outcome"], recorded_on=form.cleaned_data["recorded_on"],
                                purchase=form.cleaned_data["purchase"], note=form.cleaned_data["note"])
    except services.NeedError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The outcome is recorded."))
    return redirect("need-detail", need.pk)


def _gap_year(request) -> tuple[int, list[int]]:
    years = queries.gap_years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    return year, years


def gap_view(request):
    year, years = _gap_year(request)
    unmet, idle = queries.gaps(year=year)
    illustrative = any(u.need.illustrative for u in unmet) or any(p.organisation.illustrative for p in idle)
    return render(request, "market/needs/gaps.html", {
        "year": year, "years": years, "unmet": unmet, "idle": idle, "illustrative": illustrative,
        "crumbs": _crumbs((_("Gaps between needs and supply"), ""))})


GAP_COLUMNS_NEEDS = ["수요 번호", "수요", "구분", "자치구", "부서·조직", "필요일", "월 수량", "가장 가까운 제품", "공급자",
                     "일치 점수", "충족하지 못하는 이유"]
GAP_COLUMNS_SUPPLY = ["제품 번호", "제품·서비스", "구분", "공급자", "자치구", "단가 (원)", "월 공급능력"]


def gap_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year, _years = _gap_year(request)
    unmet, idle = queries.gaps(year=year)
    need_rows = [[u.need.pk, u.need.title, u.need.get_category_display(), u.need.district.name_ko,
                  u.need.department.name if u.need.department_id else (u.need.group_name or str(u.need.organisation or "")),
                  u.need.needed_on, u.need.quantity_per_month,
                  u.best.offer.name if u.best else "", _supplier_name(u.best) if u.best else "",
                  u.best.text if u.best else None, u.why] for u in unmet]
    supply_rows = [[p.pk, p.name, p.get_category_display(), p.organisation.name,
                    p.organisation.district.name_ko if p.organisation.district_id else "", p.price_won,
                    p.capacity_per_month] for p in idle]
    illustrative = any(u.need.illustrative for u in unmet) or any(p.organisation.illustrative for p in idle)
    stem = f"bombaram-market-gaps-{year}{'-예시데이터' if illustrative else ''}"
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "xlsx":
            out = Path(tmp) / "gaps.xlsx"
            notes = [f"{year}년 수요·공급 공백", "충족 기준: 그날 구매실적 인정 대상, 월 공급능력 충분, 일치 점수 0.4 이상"]
            if illustrative:
                notes.append("예시 데이터")
            tabular.write_xlsx(out, {"충족되지 않은 수요": (GAP_COLUMNS_NEEDS, need_rows),
                                     "구매되지 않는 공급": (GAP_COLUMNS_SUPPLY, supply_rows)}, notes=notes)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            out = Path(tmp) / "gaps.csv"
            rows = [["충족되지 않은 수요", *r] for r in need_rows] + [["구매되지 않는 공급", *r] for r in supply_rows]
            width = max(len(GAP_COLUMNS_NEEDS), len(GAP_COLUMNS_SUPPLY))
            columns = ["구분"] + [f"{a} / {b}" if b else a for a, b in zip(
                GAP_COLUMNS_NEEDS, GAP_COLUMNS_SUPPLY + [""] * (width - len(GAP_COLUMNS_SUPPLY)), strict=True)]
            tabular.write_csv_for_excel(out, columns, [r + [None] * (len(columns) - len(r)) for r in rows])
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(out.read_bytes(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response


def _supplier_name(suggestion) -> str:
    return Organisation.objects.filter(pk=suggestion.offer.supplier).values_list("name", flat=True).first() or ""
