"""Healthy store pages: the stores a user runs, a store's products with the rules each breaks, the
printable report and its CSV/XLSX, a product's edit page, the product import."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bombaram.cooperatives import store as store_services
from bombaram.cooperatives.store_forms import ProductForm, ProductImportForm
from bombaram.core import healthy_store as hs
from bombaram.core import tabular

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
REPORT_COLUMNS = ["품목", "구분", "식품군", "친환경", "판매가(원)", "시중가(원)", "위반 규칙", "내용"]


@login_required
def store_list(request):
    return render(request, "cooperatives/store/store_list.html", {"stores": store_services.stores_for_user(request.user)})


def _summary(report: hs.StoreReport) -> dict:
    return {"report": report, "eco_share": report.eco_share, "criteria": hs.HIGH_CALORIE_LOW_NUTRITION.values(),
            "restricted": hs.RESTRICTED.values(), "notice": hs.NOTICE, "notice_title": hs.NOTICE_TITLE}


@login_required
def store_detail(request, pk: int):
    store = store_services.get_store_for_user(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    product_form = ProductForm(request.POST if action == "add" else None, prefix="p")
    import_form = ProductImportForm(request.POST if action == "import" else None,
                                    request.FILES if action == "import" else None, prefix="i")
    import_errors = []
    if action == "add" and product_form.is_valid():
        try:
            product = store_services.add_product(user=request.user, store=store, **product_form.cleaned_data)
            messages.success(request, _("%(name)s was added.") % {"name": product.name})
            return redirect(store.get_absolute_url() + "#products")
        except ValidationError as error:
            product_form.add_error(None, error.messages[0])
    elif action == "import" and import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        try:
            result = store_services.import_products(user=request.user, store=store, data=upload.read(),
                                                    filename=upload.name)
        except ValidationError as error:
            import_form.add_error(None, error.messages[0])
        else:
            if result.errors:
                import_errors = result.errors
                import_form.add_error(None, _("Nothing was imported: %(n)s cells need correcting (listed below).")
                                      % {"n": f"{len(result.errors):,}"})
            else:
                messages.success(request, _("%(created)s products added and %(updated)s updated.")
                                 % {"created": f"{result.created:,}", "updated": f"{result.updated:,}"})
                return redirect(store.get_absolute_url() + "#products")
    elif action not in (None, "add", "import"):
        raise Http404
    report, rows = store_services.store_report(store)
    return render(request, "cooperatives/store/store_detail.html", {
        "store": store, "rows": rows, "product_form": product_form, "import_form": import_form,
        "import_errors": import_errors, "open_form": action, **_summary(report)}, status=400 if action else 200)


@login_required
def store_report(request, pk: int):
    store = store_services.get_store_for_user(request.user, pk)
    report, rows = store_services.store_report(store)
    return render(request, "cooperatives/store/store_report.html", {
        "store": store, "rows": [r for r in rows if r.findings], "today": timezone.localdate(), "rules_open": True,
        **_summary(report)})


def report_rows(rows) -> list[list[object]]:
    labels = store_services.rule_labels()
    out = []
    for row in rows:
        p = row.product
        base = [p.name, p.get_category_display(), p.get_food_group_display() if p.food_group else "",
                "예" if p.eco_friendly else "아니오", p.price_won, p.market_price_won]
        if not row.findings:
            out.append([*base, "", "적합"])
        for finding, message in zip(row.findings, row.messages, strict=True):
            out.append([*base, labels[finding.rule], message])
    return out


def report_notes(store, report: hs.StoreReport) -> list[str]:
    share = "—" if report.eco_share is None else f"{report.eco_share:.1f}%"
    notes = [f"{store.name} 판매 품목 점검 ({timezone.localdate().isoformat()})",
             f"친환경 식품 비율: 식품 {report.food}개 중 친환경 {report.eco_food}개 = {share} (기준 70% 이상, 품목 수 기준)"]
    if store.cooperative.organisation.illustrative or "예시" in store.note:
        notes.append("예시 데이터: 품목과 영양성분은 지어낸 것입니다")
    return notes


@login_required
def store_report_download(request, pk: int, fmt: str):
    store = store_services.get_store_for_user(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    report, rows = store_services.store_report(store)
    data = report_rows(rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for note in report_notes(store, report):
            writer.writerow(tabular.csv_safe_row([note]))
        writer.writerow(tabular.csv_safe_row(REPORT_COLUMNS))
        writer.writerows(tabular.csv_safe_row([tabular.cell_text(v) for v in row]) for row in data)
        body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.xlsx"
            tabular.write_xlsx(path, {"판매 품목 점검": (REPORT_COLUMNS, data)},
                               number_formats={"판매가(원)": "#,##0", "시중가(원)": "#,##0"},
                               notes=report_notes(store, report))
            body = path.read_bytes()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="healthy-store-{store.pk}-report.{fmt}"'
    return response


@login_required
def product_edit(request, pk: int, product_pk: int):
    store = store_services.get_store_for_user(request.user, pk)
    product = get_object_or_404(store.products, pk=product_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        store_services.remove_product(user=request.user, product=product)
        messages.success(request, _("%(name)s was removed from the list.") % {"name": product.name})
        return redirect(store.get_absolute_url() + "#products")
    initial = {f: getattr(product, f) for f in store_services.PRODUCT_FIELDS}
    form = ProductForm(request.POST or None, initial=initial, prefix="p")
    if request.method == "POST" and form.is_valid():
        try:
            store_services.update_product(user=request.user, product=product, **form.cleaned_data)
            messages.success(request, _("%(name)s was saved.") % {"name": product.name})
            return redirect(store.get_absolute_url() + "#products")
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    findings = hs.product_findings(store_services.core_product(product))
    return render(request, "cooperatives/store/product_edit.html", {
        "store": store, "product": product, "form": form,
        "messages_now": [store_services.finding_text(f) for f in findings]},
        status=400 if request.method == "POST" else 200)
