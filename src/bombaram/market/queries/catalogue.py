"""Reading the catalogue: the public search, a product's page, what a user may edit, the export's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bombaram.core.market_catalogue import CATEGORY_LABELS, yes_no
from bombaram.market.models import OrganisationStaff, Product
from bombaram.registry.models import Designation, Organisation
from bombaram.registry.queries import valid_on
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_market_records, centre_admin_districts, has_role


@dataclass(frozen=True)
class CatalogueFilter:
    q: str = ""
    category: str = ""
    district: int | None = None
    designation: int | None = None   # a DesignationType pk, held (valid) on ``today``
    in_district: bool = False


def catalogue(f: CatalogueFilter, *, today: dt.date) -> QuerySet[Product]:
    """Products on offer matching the search words (each word in the name, description or organisation's
    name) and the filters, with their organisation and its district."""
    qs = Product.objects.filter(active=True).select_related("organisation", "organisation__district")
    for word in f.q.split()[:10]:
        qs = qs.filter(Q(name__icontains=word) | Q(description__icontains=word)
                       | Q(organisation__name__icontains=word))
    if f.category:
        qs = qs.filter(category=f.category)
    if f.district is not None:
        qs = qs.filter(organisation__district_id=f.district)
    if f.designation is not None:
        qs = qs.filter(Exists(Designation.objects.filter(valid_on(today), organisation=OuterRef("organisation_id"),
                                                         type_id=f.designation)))
    if f.in_district:
        qs = qs.filter(delivers_in_district=True)
    return qs.order_by("name", "pk")


def product_detail(pk: int) -> Product:
    """A product the public may see (on offer), or 404."""
    try:
        return Product.objects.select_related("organisation", "organisation__district",
                                              "organisation__industry").get(pk=pk, active=True)
    except Product.DoesNotExist:
        raise Http404 from None


def get_product_for_user(user: Any, pk: int) -> Product:
    """A product the user may edit (withdrawn ones too), else 404 (never saying it exists)."""
    try:
        product = Product.objects.select_related("organisation", "organisation__district").get(pk=pk)
    except Product.DoesNotExist:
        raise Http404 from None
    if not can_edit_market_records(user, product.organisation):
        raise Http404
    return product


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose market records ``user`` keeps: their own (organisation staff) and, for the centre,
    every organisation of the districts its assignments cover (all of them for whole-region administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    districts = centre_admin_districts(user)
    if districts is None:
        return Organisation.objects.all()
    condition = Q(pk__in=[])
    if has_role(user, Role.ORGANISATION_STAFF):
        condition |= Q(pk__in=OrganisationStaff.objects.filter(user=user).values("organisation_id"))
    if districts:
        condition |= Q(district_id__in=districts)
    return Organisation.objects.filter(condition)


def managed_products(user: Any, *, q: str = "") -> QuerySet[Product]:
    qs = Product.objects.filter(organisation__in=editable_organisations(user)).select_related("organisation")
    for word in q.split()[:10]:
        qs = qs.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word))
    return qs.order_by("organisation__name", "name", "pk")


def export_rows(products: QuerySet[Product]) -> list[list[object]]:
    """Rows in core.market_catalogue.PRODUCT_COLUMNS order."""
    return [
        [p.pk, p.organisation_id, p.organisation.name, p.name, CATEGORY_LABELS.get(p.category, p.category),
         p.goods_code, p.unit, p.price_won, p.capacity_per_month, p.description, yes_no(p.delivers_in_district),
         yes_no(p.active)]
        for p in products.select_related("organisation").order_by("organisation__name", "name", "pk")
    ]
