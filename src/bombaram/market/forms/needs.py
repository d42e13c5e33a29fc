"""Forms of needs and match outcomes: parse and check the fields; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.market.choices import MatchOutcomeKind
from bombaram.procurement.choices import Category

BUYER_LINES_MAX = 500


class NeedForm(forms.Form):
    """A department's need (the officer's own departments only)."""

    department = forms.ChoiceField(label=_("department"))
    title = forms.CharField(label=_("what is needed"), max_length=200,
                            help_text=_("In your own words, e.g. 사무실 청소 용역, 어르신 도시락 배달"))
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    description = forms.CharField(label=_("details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    needed_on = forms.DateField(label=_("needed on"), widget=forms.DateInput(attrs={"type": "date"}))
    quantity = forms.IntegerField(label=_("quantity"), required=False, min_value=1)
    unit = forms.CharField(label=_("unit"), required=False, max_length=40)
    quantity_per_month = forms.IntegerField(label=_("quantity per month"), required=False, min_value=1)
    budget_won = forms.IntegerField(label=_("budget (won)"), required=False, min_value=0)
    contact_name = forms.CharField(label=_("contact person"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("contact phone"), required=False, max_length=40)
    contact_email = forms.EmailField(label=_("contact email"), required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments}
        self.fields["department"].choices = [(str(d.pk), f"{d.institution.name} {d.name}") for d in departments]

    def clean_department(self):
        return self.departments[self.cleaned_data["department"]]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Say what is needed."))
        return title


class OutcomeForm(forms.Form):
    """What came of one suggested supplier."""

    supplier = forms.IntegerField(widget=forms.HiddenInput)
    product = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(label=_("outcome"), choices=MatchOutcomeKind.choices)
    recorded_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    purchase = forms.ChoiceField(label=_("purchase record"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, purchases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.purchases = {str(p.pk): p for p in purchases}
        self.fields["purchase"].choices = [("", "—")] + [
            (str(p.pk), f"{p.purchased_on:%Y-%m-%d} {p.supplier_name} · {p.item} · {p.amount_won:,}원") for p in purchases]

    def clean_purchase(self):
        value = self.cleaned_data.get("purchase")
        return self.purchases.get(value) if value else None
