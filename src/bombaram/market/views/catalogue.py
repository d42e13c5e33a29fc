"""Pages of the catalogue: the public search and product page, the photo, and the keepers' pages (add, edit,
withdraw, export, import)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bombaram.market.forms.catalogue import CatalogueSearchForm, FileImportForm, ProductForm
from bombaram.market.models import Product
from bombaram.market.queries import catalogue as queries
from bombaram.market.services import catalogue as services
from bombaram.market.services import catalogue_io
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_market_records, check, has_role

PAGE_SIZE = 24


def _filters(form: CatalogueSearchForm) -> queries.CatalogueFilter:
    if not form.is_valid():
        return queries.CatalogueFilter()
    data = form.cleaned_data
    return queries.CatalogueFilter(q=data["q"], category=data["category"], district=data["district"],
                                   designation=data["designation"], in_district=data["in_district"])


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@vary_on_headers("HX-Request")
def catalogue(request):
    form = CatalogueSearchForm(request.GET or None)
    products = queries.catalogue(_filters(form), today=timezone.localdate())
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _query(request),
               "can_keep": queries.editable_organisations(request.user).exists(),
               "crumbs": [(_("Catalogue"), None)]}
    if request.headers.get("HX-Request"):
        return render(request, "market/catalogue/_results.html", context)
    return render(request, "market/catalogue/catalogue.html", context)


def catalogue_download(request, fmt: str):
    """The public catalogue (products on offer) as filtered, in the import's format."""
    check_format(fmt)
    form = CatalogueSearchForm(request.GET or None)
    products = queries.catalogue(_filters(form), today=timezone.localdate())
    return _file_response(catalogue_io.export_file(products, fmt), "catalogue", fmt)


def check_format(fmt: str) -> None:
    if fmt not in ("xlsx", "csv"):
        raise Http404


def _file_response(data: bytes, stem: str, fmt: str) -> HttpResponse:
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                    else "text/csv; charset=utf-8")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


def product_detail(request, pk: int):
    product = queries.product_detail(pk)
    return render(request, "market/catalogue/product_detail.html", {
        "product": product, "can_edit": can_edit_market_records(request.user, product.organisation),
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (product.name, None)]})


def product_photo(request, pk: int):
    """The product's resized photo, served by the application (works under ``bombaram serve``). A withdrawn
    product's photo is for its keepers only."""
    product = Product.objects.select_related("organisation").filter(pk=pk).first()
    if product is None or not product.photo:
        raise Http404
    if not product.active and not can_edit_market_records(request.user, product.organisation):
        raise Http404
    path = services.photo_path(product.photo)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if product.active else "private, no-store"
    return response


def _login(request):
    return redirect_to_login(request.get_full_path())


def manage(request):
    """The keeper's list: products of the organisations whose records the user keeps, withdrawn ones too."""
    if not request.user.is_authenticated:
        return _login(request)
    organisations = queries.editable_organisations(request.user)
    check(organisations.exists())
    q = request.GET.get("q", "")[:100]
    products = queries.managed_products(request.user, q=q)
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    return render(request, "market/catalogue/manage.html", {
        "page": page, "q": q, "query": _query(request), "can_name_staff": has_role(request.user, Role.CENTRE_ADMIN),
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (_("Our products"), None)]})


def manage_download(request, fmt: str):
    check_format(fmt)
    if not request.user.is_authenticated:
        return _login(request)
    check(queries.editable_organisations(request.user).exists())
    return _file_response(catalogue_io.export_file(queries.managed_products(request.user), fmt), "our-products", fmt)


def product_new(request):
    if not request.user.is_authenticated:
        return _login(request)
    organisations = queries.editable_organisations(request.user).order_by("name")
    check(organisations.exists())
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    else:
        only = list(organisations.values_list("pk", flat=True)[:2])
        if len(only) == 1:  # an organisation's own staff: their organisation
            initial["organisation"] = only[0]
    form = ProductForm(request.POST or None, request.FILES or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Product.objects.filter(organisation=data["organisation"], name=data["name"]).exists():
            form.add_error("name", "이 조직에 같은 이름의 상품이 이미 있습니다.")
        else:
            product = services.create_product(user=request.user, organisation=data["organisation"], values=data,
                                              photo=data["photo"])
            messages.success(request, _("The product was added to the catalogue."))
            return redirect("market-product", pk=product.pk)
    return render(request, "market/catalogue/product_form.html", {
        "form": form, "product": None,
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (_("Our products"), reverse("market-manage")), (_("Add a product"), None)]})


def product_edit(request, pk: int):
    if not request.user.is_authenticated:
        return _login(request)
    product = queries.get_product_for_user(request.user, pk)
    organisations = queries.editable_organisations(request.user).filter(pk=product.organisation_id)
    initial = {name: getattr(product, name) for name in services.PRODUCT_FIELDS} | {"organisation": product.organisation_id}
    form = ProductForm(request.POST or None, request.FILES or None, organisations=organisations, initial=initial,
                       has_photo=bool(product.photo))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Product.objects.filter(organisation=product.organisation, name=data["name"]).exclude(pk=product.pk).exists():
            form.add_error("name", "이 조직에 같은 이름의 상품이 이미 있습니다.")
        else:
            services.update_product(user=request.user, product=product, values=data, photo=data["photo"],
                                    remove_photo=data.get("remove_photo", False))
            messages.success(request, _("The product was saved."))
            return redirect("market-manage")
    return render(request, "market/catalogue/product_form.html", {
        "form": form, "product": product,
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (_("Our products"), reverse("market-manage")), (product.name, None)]})


@require_POST
def product_withdraw(request, pk: int):
    product = queries.get_product_for_user(request.user, pk)
    if request.POST.get("action") == "offer":
        services.offer_product_again(user=request.user, product=product)
        messages.success(request, _("The product is in the catalogue again."))
    else:
        services.withdraw_product(user=request.user, product=product)
        messages.success(request, _("The product was withdrawn from the catalogue."))
    return redirect("market-manage")


def catalogue_import(request):
    if not request.user.is_authenticated:
        return _login(request)
    check(queries.editable_organisations(request.user).exists())
    form = FileImportForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > catalogue_io.MAX_UPLOAD:
            form.add_error("file", "파일이 너무 큽니다 (30MB까지).")
        else:
            plan = catalogue_io.plan_catalogue_import(request.user, upload.read(), filename=upload.name)
            if plan.ok and not form.cleaned_data["dry_run"]:
                result = catalogue_io.apply_catalogue_import(user=request.user, plan=plan, filename=upload.name)
                messages.success(request, _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                                 % result)
                return redirect("market-manage")
    return render(request, "market/catalogue/import.html", {
        "form": form, "plan": plan, "errors": plan.errors[:200] if plan else [],
        "crumbs": [(_("Catalogue"), reverse("market-catalogue")), (_("Our products"), reverse("market-manage")), (_("Import"), None)]})
