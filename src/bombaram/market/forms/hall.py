"""Forms of the sales ledger: a sale (record and correct), deleting one, importing a file, choosing a month.

Plain Forms: validating one never writes; market.services.hall decides and writes."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bombaram.market.choices import BuyerKind, SalePeriod
from bombaram.market.models import Product
from bombaram.procurement.choices import Category
from bombaram.procurement.models import Department
from bombaram.procurement.services import corrections
from bombaram.procurement.services import purchases as purchase_services
from bombaram.registry.models import Organisation


class SaleForm(forms.Form):
    sold_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=SalePeriod.choices, initial=SalePeriod.DAY)
    organisation = forms.ModelChoiceField(label=gettext_lazy("Producer"), queryset=Organisation.objects.none())
    item = forms.CharField(label=gettext_lazy("Item"), max_length=200, required=False,
                           help_text=gettext_lazy("Empty: the name of the product chosen below"))
    product = forms.ModelChoiceField(label=gettext_lazy("Product (catalogue)"), queryset=Product.objects.none(),
                                     required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices, initial=Category.GOODS)
    quantity = forms.IntegerField(label=gettext_lazy("Quantity sold"), min_value=0, required=False)
    amount_won = forms.CharField(label=gettext_lazy("Amount (won)"), max_length=40,
                                 help_text=gettext_lazy("In won, e.g. 1,200,000 or 120만원"))
    buyer_kind = forms.ChoiceField(label=gettext_lazy("Buyer"), choices=BuyerKind.choices, initial=BuyerKind.CITIZEN)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Buying department"), queryset=Department.objects.none(), required=False,
        help_text=gettext_lazy("A sale to a public department at the sales hall is also recorded as that "
                               "department's purchase, counted for the producer."))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, producers=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        # any producer or department is accepted here, so that a forged choice reaches the service's checks
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.fields["organisation"].widget.choices = [("", "---------")] + [(o.pk, o.name) for o in producers]
        self.fields["product"].queryset = Product.objects.all()
        self.fields["product"].widget.choices = [("", "---------")] + [
            (p.pk, f"{p.organisation.name} · {p.name}") for p in
            Product.objects.filter(organisation__in=[o.pk for o in producers], active=True).select_related("organisation")]
        self.fields["department"].queryset = Department.objects.select_related("institution")
        self.fields["department"].widget.choices = [("", "---------")] + [
            (d.pk, f"{d.institution.name} · {d.name}") for d in departments]

    def clean_amount_won(self) -> int:
        try:
            return purchase_services.parse_amount(self.cleaned_data["amount_won"])
        except purchase_services.InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

    @classmethod
    def initial_of(cls, sale) -> dict:
        return {"sold_on": sale.sold_on, "period": sale.period, "organisation": sale.organisation_id,
                "item": sale.item, "product": sale.product_id, "category": sale.category, "quantity": sale.quantity,
                "amount_won": f"{sale.amount_won:,}", "buyer_kind": sale.buyer_kind,
                "department": sale.department_id, "note": sale.note, "revision": sale.revision}


class SaleCorrectionForm(SaleForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), max_length=corrections.MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Kept in the audit trail with the values before and after."))


class SaleDeleteForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why the sale is deleted"), max_length=corrections.MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SalesImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Sales file (CSV or XLSX)"),
                           help_text=gettext_lazy("The columns of the download: 일자, 구분, 생산자, 사업자등록번호, 품목, "
                                                  "분류, 수량, 금액(원), 구매자, 구매기관, 구매부서, 비고"))
    preview = forms.BooleanField(label=gettext_lazy("Preview only (write nothing)"), required=False, initial=True)


def parse_month(text: str, default: dt.date) -> tuple[tuple[int, int], str]:
    """(year, month) from "2014-07" (the default's month when empty), and a Korean error ("" when none)."""
    text = (text or "").strip()
    if not text:
        return (default.year, default.month), ""
    match = re.fullmatch(r"(\d{4})[-./]\s*(\d{1,2})", text)
    if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
        return (default.year, default.month), _("Write the month as year-month, e.g. 2014-07.")
    return (int(match[1]), int(match[2])), ""


def parse_day(text: str, default: dt.date) -> tuple[dt.date, str]:
    text = (text or "").strip()
    if not text:
        return default, ""
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        return default, _("Write the date as year-month-day, e.g. 2014-07-01.")
