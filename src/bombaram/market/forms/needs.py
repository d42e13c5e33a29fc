"""Forms of needs and match outcomes: parse and check the fields; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core import numbers
from bombaram.market.choices import MatchOutcomeKind
from bombaram.procurement.choices import Category

BUYER_LINES_MAX = 500


class _NeedDetails(forms.Form):
    """What every need says, whoever posts it."""

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

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Say what is needed."))
        return title


class NeedForm(_NeedDetails):
    """A department's need (the officer's own departments only)."""

    department = forms.ChoiceField(label=_("department"))
    field_order = ["department"]

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments}
        self.fields["department"].choices = [(str(d.pk), f"{d.institution.name} {d.name}") for d in departments]

    def clean_department(self):
        return self.departments[self.cleaned_data["department"]]


class OrganisationNeedForm(_NeedDetails):
    """An organisation's need: one of the organisations the user keeps (a forged id is not a choice)."""

    organisation = forms.ChoiceField(
        label=_("organisation"),
        error_messages={"invalid_choice": _("You can post needs only for your own organisation.")})
    field_order = ["organisation"]

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class GroupNeedForm(_NeedDetails):
    """A group purchase (공동구매): its name, the buyers' district (one the user administers) and its buyers,
    one a line as "name, quantity[, amount in won]"."""

    group_name = forms.CharField(label=_("group purchase name"), max_length=200,
                                 help_text=_("e.g. 강북구 중고등학교 교복 공동구매"))
    district = forms.ChoiceField(
        label=_("buyers' district"),
        error_messages={"invalid_choice": _("Choose a district you administer.")})
    buyers = forms.CharField(
        label=_("buyers"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One buyer a line: name, quantity, amount in won (optional), e.g. 번동중학교, 120, 18000000"))
    field_order = ["group_name", "district", "title", "category", "buyers"]

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {str(d.pk): d for d in districts}
        several_regions = len({d.region_id for d in districts}) > 1  # 중구 is in several 시도: say which
        self.fields["district"].choices = [
            (str(d.pk), f"{d.region.name_ko} {d.name_ko}" if several_regions else d.name_ko) for d in districts]
        self.fields["quantity"].help_text = _("Left empty: the sum of the buyers' quantities.")
        self.fields["budget_won"].help_text = _("Left empty: the sum of the buyers' amounts, when each is given.")

    def clean_group_name(self):
        name = self.cleaned_data["group_name"].strip()
        if not name:
            raise forms.ValidationError(_("Name the group purchase."))
        return name

    def clean_district(self):
        return self.districts[self.cleaned_data["district"]]

    def clean_buyers(self):
        """[(name, quantity, amount or None)], with the line of the first mistake in the message. Cells are
        separated by tabs (pasted from a spreadsheet) or by the first two commas (the amount may be written
        18,000,000 or 1800만원)."""
        buyers = []
        for number, line in enumerate(self.cleaned_data["buyers"].splitlines(), start=1):
            if not line.strip():
                continue
            if len(buyers) >= BUYER_LINES_MAX:
                raise forms.ValidationError(_("At most %(n)s buyers.") % {"n": BUYER_LINES_MAX})
            parts = [p.strip() for p in (line.split("\t") if "\t" in line else line.split(",", 2))]
            if len(parts) not in (2, 3) or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(line)s: write name, quantity and optionally the amount, separated by commas.")
                    % {"line": number})
            try:
                quantity = numbers.parse_integer(parts[1])
            except numbers.ParseError:
                quantity = None
            if quantity is None or quantity < 1:
                raise forms.ValidationError(_("Line %(line)s: the quantity must be a whole number of 1 or more.")
                                            % {"line": number})
            try:
                amount = numbers.parse_amount(parts[2]) if len(parts) == 3 else None
            except numbers.ParseError:
                amount = -1
            if amount is not None and amount < 0:
                raise forms.ValidationError(_("Line %(line)s: the amount must be a whole number of won.")
                                            % {"line": number})
            buyers.append((parts[0], quantity, amount))
        if not buyers:
            raise forms.ValidationError(_("List at least one buyer."))
        return buyers


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
