"""Pages of the trades between organisations: the public report (상호거래 건수·금액) and its download, and the
parties' pages (enter a trade, their trades, export, import)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.core.market_trades import period_label_ko
from bombaram.market.forms.catalogue import FileImportForm
from bombaram.market.forms.trades import TradeForm, TradeReportForm
from bombaram.market.queries import trades as queries
from bombaram.market.queries.catalogue import editable_organisations
from bombaram.market.services import trades as services
from bombaram.market.services import trades_io
from bombaram.market.services.catalogue_io import MAX_UPLOAD, write_table
from bombaram.market.views.catalogue import _file_response, _query, check_format
from bombaram.web.permissions import check

_DIMENSION_LABELS = {"district": "구", "designation": "조직 유형", "industry": "업종"}


def _report_filter(form: TradeReportForm) -> queries.ReportFilter:
    if not form.is_valid():
        return queries.ReportFilter()
    data = form.cleaned_data
    return queries.ReportFilter(dimension=data["dimension"] or "district", period=data["period"] or "year",
                                start=data["start"], end=data["end"])


def _report_table(f: queries.ReportFilter) -> tuple[list[str], list[list[object]], object]:
    """The report as the page shows it: header and rows (group, then 건수 and 금액 per period, then the total),
    the last row the totals (each trade once)."""
    result, labels = queries.report(f)
    header = [_DIMENSION_LABELS[f.dimension]]
    for key in result.periods:
        header += [f"{period_label_ko(key)} 건수", f"{period_label_ko(key)} 금액(원)"]
    header += ["합계 건수", "합계 금액(원)"]
    rows: list[list[object]] = []
    for group in result.groups:
        row: list[object] = [labels.get(group, group)]
        for key in result.periods:
            cell = result.cell(group, key)
            row += [cell.count, cell.amount_won]
        total = result.group_totals[group]
        rows.append(row + [total.count, total.amount_won])
    totals: list[object] = ["전체 (거래마다 한 번)"]
    for key in result.periods:
        totals += [result.period_totals[key].count, result.period_totals[key].amount_won]
    rows.append(totals + [result.total.count, result.total.amount_won])
    return header, rows, result


def report(request):
    form = TradeReportForm(request.GET or None)
    f = _report_filter(form)
    _header, rows, result = _report_table(f)
    return render(request, "market/trades/report.html", {
        "form": form, "filters": f, "result": result, "rows": rows[:-1], "totals": rows[-1],
        "periods": [(key, period_label_ko(key)) for key in result.periods],
        "dimension_label": _DIMENSION_LABELS[f.dimension], "query": request.GET.urlencode(),
        "illustrative": queries.trades_in(f.start, f.end).filter(illustrative=True).exists(),
        "can_enter": editable_organisations(request.user).exists(),
        "crumbs": [(_("Trades between organisations"), None)]})


def report_download(request, fmt: str):
    """Exactly the table the report shows (the same filter), as XLSX or CSV."""
    check_format(fmt)
    form = TradeReportForm(request.GET or None)
    f = _report_filter(form)
    header, rows, _result = _report_table(f)
    columns = tuple((str(i), label) for i, label in enumerate(header))
    money = tuple(label for label in header if label.endswith("금액(원)"))
    data = write_table(fmt, "상호거래", columns, rows,
                       illustrative=queries.trades_in(f.start, f.end).filter(illustrative=True).exists(), money=money)
    return _file_response(data, "trades-report", fmt)


def _login(request):
    return redirect_to_login(request.get_full_path())


def our_trades(request):
    if not request.user.is_authenticated:
        return _login(request)
    organisations = editable_organisations(request.user)
    check(organisations.exists())
    form = TradeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_trade(user=request.user, buyer=data["buyer"], seller=data["seller"], item=data["item"],
                                  amount_won=data["amount_won"], date=data["date"], product=data["product_obj"],
                                  note=data["note"])
        except services.TradeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The trade was recorded."))
            return redirect("market-our-trades")
    page = Paginator(queries.trades_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "market/trades/our_trades.html", {
        "form": form, "page": page, "query": _query(request),
        "crumbs": [(_("Trades between organisations"), reverse("market-trades")), (_("Our trades"), None)]})


@require_POST
def trade_delete(request, pk: int):
    trade = queries.get_trade_for_user(request.user, pk)
    services.delete_trade(user=request.user, trade=trade)
    messages.success(request, _("The trade was deleted."))
    return redirect("market-our-trades")


def our_trades_download(request, fmt: str):
    check_format(fmt)
    if not request.user.is_authenticated:
        return _login(request)
    check(editable_organisations(request.user).exists())
    return _file_response(trades_io.export_file(queries.trades_for_user(request.user), fmt), "our-trades", fmt)


def trades_import(request):
    if not request.user.is_authenticated:
        return _login(request)
    check(editable_organisations(request.user).exists())
    form = FileImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", "파일이 너무 큽니다 (30MB까지).")
        else:
            plan = trades_io.plan_trade_import(request.user, upload.read(), filename=upload.name)
            if plan.ok and not form.cleaned_data["dry_run"]:
                result = trades_io.apply_trade_import(user=request.user, plan=plan, filename=upload.name)
                messages.success(request, _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                                 % result)
                return redirect("market-our-trades")
    return render(request, "market/trades/import.html", {
        "form": form, "plan": plan, "errors": plan.errors[:200] if plan else [],
        "crumbs": [(_("Trades between organisations"), reverse("market-trades")),
                   (_("Our trades"), reverse("market-our-trades")), (_("Import"), None)]})
