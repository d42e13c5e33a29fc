"""Pages of the sales ledger and the sales hall: a day's sales with the entry form, correcting and deleting
a sale, the monthly settlement (page, CSV, XLSX) and each producer's printable statement, the sales file
(download and import). Thin: parse, call one query or service, render."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bombaram.core import tabular
from bombaram.market.forms.hall import (
    SaleCorrectionForm,
    SaleDeleteForm,
    SaleForm,
    SalesImportForm,
    parse_day,
    parse_month,
)
from bombaram.market.queries import hall as queries
from bombaram.market.services import hall as service
from bombaram.procurement.models import Department
from bombaram.procurement.services import corrections
from bombaram.registry.models import Organisation
from bombaram.web.permissions import can_run_outlet

SETTLEMENT_COLUMNS = ["생산자", "매출 건수", "매출액(원)", "수수료율(%)", "수수료(원)", "지급액(원)", "그중 공공기관 매출(원)"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _login(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _departments(user, outlet) -> list[Department]:
    """The departments the form offers: the district's institutions' for the hall's staff and the centre, a
    department officer its own."""
    found = Department.objects.select_related("institution").order_by("institution__name", "name")
    if can_run_outlet(user, outlet):
        return list(found.filter(institution__district=outlet.district))
    return list(found.filter(pk__in=[a.department_id for a in user.role_assignments.all() if a.department_id]))


def _sale_values(data: dict) -> dict:
    return {name: data.get(name) for name in ("organisation", "sold_on", "period", "item", "product", "category",
                                              "quantity", "amount_won", "buyer_kind", "department", "note")} | {
        "item": data.get("item") or "", "note": data.get("note") or ""}


def outlet_list(request):
    if (response := _login(request)) is not None:
        return response
    return render(request, "market/hall/outlet_list.html", {"outlets": queries.outlets_for_user(request.user)})


def sales_day(request, pk: int):
    """A day's sales of the outlet and the form to add one (a department officer: its own department's)."""
    if (response := _login(request)) is not None:
        return response
    outlet = queries.get_outlet_for_user(request.user, pk)
    today = timezone.localdate()
    day, day_error = parse_day(request.GET.get("day") or request.POST.get("sold_on") or "", today)
    producers = queries.producers_on(outlet, day)
    departments = _departments(request.user, outlet)
    form = SaleForm(request.POST or None, producers=producers, departments=departments,
                    initial={"sold_on": day})
    if request.method == "POST" and form.is_valid():
        try:
            sale = service.record_sale(user=request.user, outlet=outlet, **_sale_values(form.cleaned_data))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if sale.purchase_id is not None:
                messages.success(request, _("Saved. It is also recorded as the purchase of %(department)s, "
                                            "counted for %(producer)s: %(counted)s.") % {
                    "department": sale.department.name, "producer": sale.organisation.name,
                    "counted": _("Counted") if sale.purchase.counted else sale.purchase.not_counted_reason})
            else:
                messages.success(request, _("Saved."))
            return redirect(f"{reverse('hall-sales', args=[outlet.pk])}?{urlencode({'day': sale.sold_on.isoformat()})}")
    sales = list(queries.sales_for_user(request.user, outlet, day, day + dt.timedelta(days=1)))
    return render(request, "market/hall/sales_day.html", {
        "outlet": outlet, "day": day, "day_error": day_error, "form": form, "sales": sales,
        "total": sum(s.amount_won for s in sales), "runs": can_run_outlet(request.user, outlet),
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "illustrative": outlet.illustrative or any(s.illustrative for s in sales),
    })


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def sale_edit(request, pk: int):
    """Correct a sale (and so its purchase); the form to delete it below."""
    if (response := _login(request)) is not None:
        return response
    sale = queries.get_sale_for_user(request.user, pk)
    outlet = sale.outlet
    producers = queries.producers_on(outlet, sale.sold_on)
    if sale.organisation not in producers:
        producers.append(sale.organisation)
    form = SaleCorrectionForm(request.POST or None, producers=producers,
                              departments=_departments(request.user, outlet), initial=SaleForm.initial_of(sale))
    back = f"{reverse('hall-sales', args=[outlet.pk])}?{urlencode({'day': sale.sold_on.isoformat()})}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = service.correct_sale(user=request.user, sale=sale, revision=data["revision"],
                                           reason=data["reason"], **_sale_values(data))
        except ValidationError as exc:
            _add_errors(form, exc)
        except service.StaleSale as exc:
            messages.error(request, str(exc))
            return redirect("hall-sale-edit", pk)
        except corrections.NothingChanged as exc:
            messages.info(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, _("Corrected."))
            if outcome.published_months:
                months = ", ".join(f"{y}-{m:02d}" for y, m in outcome.published_months)
                messages.warning(request, _("The purchase's month %(months)s was already published: the social "
                                            "economy division publishes a correction.") % {"months": months})
            return redirect(f"{reverse('hall-sales', args=[outlet.pk])}?{urlencode({'day': outcome.sale.sold_on.isoformat()})}")
    return render(request, "market/hall/sale_form.html", {
        "outlet": outlet, "sale": sale, "form": form, "back": back, "delete_form": SaleDeleteForm(auto_id="delete_%s"),
    })


def sale_delete(request, pk: int):
    if (response := _login(request)) is not None:
        return response
    sale = queries.get_sale_for_user(request.user, pk)
    form = SaleDeleteForm(request.POST or None, auto_id="delete_%s")
    back = f"{reverse('hall-sales', args=[sale.outlet_id])}?{urlencode({'day': sale.sold_on.isoformat()})}"
    if request.method == "POST" and form.is_valid():
        try:
            service.delete_sale(user=request.user, sale=sale, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("hall-sale-edit", pk)
        messages.success(request, _("The sale was deleted."))
        return redirect(back)
    return redirect("hall-sale-edit", pk)


def _file(name: str, columns, rows, *, fmt: str, notes: list[str]) -> HttpResponse:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out.{fmt}"
        if fmt == "xlsx":
            tabular.write_xlsx(out, {"정산" if "settlement" in name else "매출": (columns, rows)}, notes=notes,
                               number_formats={c: "#,##0" for c in columns if "(원)" in c})
            response = HttpResponse(out.read_bytes(), content_type=XLSX)
        else:
            tabular.write_csv_for_excel(out, columns, rows)
            response = HttpResponse(out.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response


def settlement(request, pk: int):
    """The month's settlement per producer (?month=2014-07; &format=csv|xlsx for the files)."""
    if (response := _login(request)) is not None:
        return response
    outlet = queries.get_outlet_for_user(request.user, pk, run=True)
    (year, month), month_error = parse_month(request.GET.get("month", ""), timezone.localdate())
    result = queries.hall_settlement(outlet, year, month)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = [[p.organisation.name, p.line.sales, p.line.gross_won, f"{p.line.rate_pct:.2f}", p.line.commission_won,
                 p.line.net_won, p.department_won] for p in result.lines]
        rows.append(["합계", result.total.sales, result.total.gross_won, "", result.total.commission_won,
                     result.total.net_won, result.department_won])
        notes = [f"{outlet.name} {year}년 {month}월 정산", "수수료 = 매출액 × 수수료율 (원 미만 절사), 지급액 = 매출액 − 수수료"]
        if result.illustrative:
            notes.append("예시 데이터: 설명을 위해 지어낸 값입니다")
        return _file(f"hall-settlement-{year}-{month:02d}", SETTLEMENT_COLUMNS, rows, fmt=fmt, notes=notes)
    return render(request, "market/hall/settlement.html", {
        "outlet": outlet, "s": result, "month_text": f"{year}-{month:02d}", "month_error": month_error,
    })


def statement(request, pk: int, organisation: int):
    """One producer's printable statement of the month: its sales day by day, the commission, the payment."""
    if (response := _login(request)) is not None:
        return response
    outlet = queries.get_outlet_for_user(request.user, pk, run=True)
    producer = get_object_or_404(Organisation, pk=organisation)
    (year, month), _error = parse_month(request.GET.get("month", ""), timezone.localdate())
    result = queries.hall_settlement(outlet, year, month, organisation_id=producer.pk)
    line = result.lines[0] if result.lines else None
    return render(request, "market/hall/statement.html", {
        "outlet": outlet, "producer": producer, "line": line, "year": year, "month": month,
        "sales": queries.producer_sales(outlet, producer, year, month), "illustrative": result.illustrative,
    })


def sales_file(request, pk: int, fmt: str):
    """The month's sales as the file the import reads (?month=2014-07)."""
    if (response := _login(request)) is not None:
        return response
    if fmt not in ("csv", "xlsx"):
        raise Http404
    outlet = queries.get_outlet_for_user(request.user, pk)
    (year, month), _error = parse_month(request.GET.get("month", ""), timezone.localdate())
    sales = queries.sales_for_user(request.user, outlet, *queries.month_bounds(year, month))
    columns, rows = service.export_rows(sales)
    notes = [f"{outlet.name} {year}년 {month}월 매출"] + (["예시 데이터"] if outlet.illustrative else [])
    return _file(f"hall-sales-{year}-{month:02d}", columns, rows, fmt=fmt, notes=notes)


def sales_import(request, pk: int):
    """Import a sales file: a preview first, then all rows or none."""
    if (response := _login(request)) is not None:
        return response
    outlet = queries.get_outlet_for_user(request.user, pk, run=True)
    form = SalesImportForm(request.POST or None, request.FILES or None)
    plan, file_error = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = service.import_sales(user=request.user, outlet=outlet, source=upload.read(), filename=upload.name,
                                        dry_run=form.cleaned_data["preview"])
        except tabular.TableError as exc:
            file_error = str(exc)
        else:
            if plan.written:
                messages.success(request, _("Imported: %(n)s new sales.") % {"n": f"{len(plan.created):,}"})
    return render(request, "market/hall/sales_import.html", {
        "outlet": outlet, "form": form, "plan": plan, "file_error": file_error,
        "errors": [f"{e.row}행 '{e.column}' 열: {e.error}" for e in (plan.errors if plan else [])],
    })


urlpatterns = [
    path("hall/", outlet_list, name="hall-outlets"),
    path("hall/<int:pk>/", sales_day, name="hall-sales"),
    path("hall/<int:pk>/settlement/", settlement, name="hall-settlement"),
    path("hall/<int:pk>/settlement/<int:organisation>/", statement, name="hall-statement"),
    path("hall/<int:pk>/import/", sales_import, name="hall-import"),
    path("hall/<int:pk>/sales.<str:fmt>", sales_file, name="hall-sales-file"),
    path("hall/sales/<int:pk>/", sale_edit, name="hall-sale-edit"),
    path("hall/sales/<int:pk>/delete/", sale_delete, name="hall-sale-delete"),
]
