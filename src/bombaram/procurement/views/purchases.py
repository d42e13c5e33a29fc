"""Purchases (구매실적): the record form for department officers and the list of recorded purchases.

The form lives here with the page that uses it (procurement has no forms module of its own yet).
Permissions are the service's: a forged POST for another department reaches ``record_purchase``,
which refuses it (403) before anything is written.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bombaram.core.purchase import ContractMethod
from bombaram.procurement.choices import Category, Channel
from bombaram.procurement.models import Department
from bombaram.procurement.services import purchases as services
from bombaram.web.permissions import check

PAGE_SIZE = 50

CONTRACT_METHOD_CHOICES = [
    ("", gettext_lazy("Not given")),
    (ContractMethod.OPEN_COMPETITION.value, gettext_lazy("Open competitive tender")),
    (ContractMethod.RESTRICTED_COMPETITION.value, gettext_lazy("Restricted competitive tender")),
    (ContractMethod.NOMINATED_COMPETITION.value, gettext_lazy("Nominated competitive tender")),
    (ContractMethod.PRIVATE_CONTRACT.value, gettext_lazy("Private contract")),
]

#: Art. 10 ① 1-6 of the Seongbuk ordinance, shortened for the form (core.purchase.EXCEPTION_REASONS)
EXCEPTION_CHOICES = [
    ("", gettext_lazy("No exception")),
    (1, gettext_lazy("1. Users keep complaining about the quality, with good reason")),
    (2, gettext_lazy("2. Supply would take too long, e.g. out of stock")),
    (3, gettext_lazy("3. Urgent need, e.g. emergency relief supplies")),
    (4, gettext_lazy("4. The price is beyond this fiscal year's budget")),
    (5, gettext_lazy("5. The law does not allow buying these goods or services by private contract")),
    (6, gettext_lazy("6. The head of the institution reasonably judged priority purchase unsuitable")),
]


class PurchaseForm(forms.Form):
    """Plain Form: validating it never writes; ``record_purchase`` decides and writes."""

    purchased_on = forms.DateField(label=gettext_lazy("Purchase date"), widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=Department.objects.none())
    supplier_name = forms.CharField(
        label=gettext_lazy("Supplier"), max_length=services.MAX_NAME,
        help_text=gettext_lazy("The name as in the organisation registry. For a sales hall purchase, the producer."))
    supplier_business_no = forms.CharField(
        label=gettext_lazy("Business registration number"), required=False, max_length=20,
        help_text=gettext_lazy("Finds the supplier in the registry even when the name is written differently."))
    item = forms.CharField(label=gettext_lazy("Item"), max_length=services.MAX_ITEM)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices)
    amount_won = forms.CharField(label=gettext_lazy("Amount (won)"), max_length=40,
                                 help_text=gettext_lazy("In won, e.g. 1,200,000 or 120만원"))
    contract_method = forms.ChoiceField(label=gettext_lazy("Contract method"), choices=CONTRACT_METHOD_CHOICES,
                                        required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Purchase channel"), choices=Channel.choices, initial=Channel.DIRECT)
    exception_code = forms.TypedChoiceField(
        label=gettext_lazy("Exception to priority purchase (Art. 10)"), choices=EXCEPTION_CHOICES, coerce=int,
        empty_value=None, required=False,
        help_text=gettext_lazy("Only when you bought elsewhere instead of from a social economy enterprise."))
    exception_justification = forms.CharField(
        label=gettext_lazy("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required with an exception: say why, in at least one full sentence."))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=services.MAX_NOTE)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        # Any department is accepted here, so that a forged choice reaches the service's permission
        # check (403); the list offers only the user's own departments.
        field.queryset = Department.objects.select_related("institution")
        several = len({d.institution_id for d in departments}) > 1
        field.widget.choices = [("", "---------")] + [
            (d.pk, f"{d.institution.name} · {d.name}" if several else d.name) for d in departments]

    def clean_amount_won(self) -> int:
        try:
            return services.parse_amount(self.cleaned_data["amount_won"])
        except services.InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if "exception_code" in data and "exception_justification" in data:
            for name, errors in services.exception_errors(data["exception_code"], data["exception_justification"]).items():
                for error in errors:
                    self.add_error(name, error)
        return data


def _crumbs(*extra):
    return [(_("Public purchase"), reverse("purchase-index")), *extra]


def purchase_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = services.editable_departments(request.user)
    check(bool(departments))
    initial = {"purchased_on": timezone.localdate(), "channel": Channel.DIRECT}
    if len(departments) == 1:
        initial["department"] = departments[0].pk
    form = PurchaseForm(request.POST or None, departments=departments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            purchase = services.record_purchase(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if purchase.counted:
                messages.success(request, _("Recorded. The purchase counts as a social economy purchase."))
            else:
                messages.success(request, _("Recorded. It does not count as a social economy purchase: %(reason)s")
                                 % {"reason": purchase.not_counted_reason})
            return redirect("purchase-list")
    return render(request, "procurement/purchase_form.html", {
        "form": form,
        "crumbs": _crumbs((_("Purchases"), reverse("purchase-list")), (_("Record a purchase"), None)),
    })


def purchase_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    departments = services.editable_departments(request.user)
    check(bool(departments))
    chosen = [d for d in departments if str(d.pk) == request.GET.get("department")]
    page = Paginator(services.purchases_of(chosen or departments), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "procurement/purchase_list.html", {
        "page": page, "departments": departments, "chosen": chosen[0] if chosen else None,
        "several_institutions": len({d.institution_id for d in departments}) > 1,
        "query": query.urlencode(),
        "crumbs": _crumbs((_("Purchases"), None)),
    })


urlpatterns = [
    path("purchases/", purchase_list, name="purchase-list"),
    path("purchases/new/", purchase_new, name="purchase-new"),
]
