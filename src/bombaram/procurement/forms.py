"""Forms of the purchase pages: plans (start, items, decision, publication), purchases (the record
form, with the Art. 10 exception reasons) and the monthly disclosure's publication.

Plain Forms: validating one never writes; the services decide and write.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bombaram.core import numbers
from bombaram.core.purchase import ContractMethod
from bombaram.procurement.choices import Category, Channel
from bombaram.procurement.models import Department, Institution
from bombaram.procurement.services import corrections, plans
from bombaram.procurement.services import purchases as services

# ---- plans --------------------------------------------------------------------------------------


class PlanStartForm(forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=Department.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Fiscal year"), min_value=2000, max_value=2100)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.select_related("institution").filter(
            pk__in=[d.pk for d in departments])
        self.fields["department"].label_from_instance = lambda d: f"{d.institution.name} · {d.name}"


class PlanItemForm(forms.Form):
    item = forms.CharField(label=gettext_lazy("Item"), max_length=plans.MAX_ITEM_LENGTH)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices)
    planned_won = forms.CharField(
        label=gettext_lazy("Planned amount (won)"), max_length=40,
        help_text=gettext_lazy("In won, e.g. 12,000,000 or 1,200만원"))
    candidates = forms.CharField(
        label=gettext_lazy("Candidate suppliers"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: the name as in the organisation registry, or the business registration number"))

    def clean_planned_won(self) -> int:
        try:
            amount = numbers.parse_amount(self.cleaned_data["planned_won"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if amount is None or amount <= 0:
            raise forms.ValidationError(_("Enter an amount of at least 1 won."))
        if amount > services.MAX_AMOUNT_WON:
            raise forms.ValidationError(services.AMOUNT_TOO_LARGE)
        return amount

    def clean_candidates(self) -> list[int]:
        ids, problems = plans.resolve_candidates(self.cleaned_data["candidates"])
        if problems:
            raise forms.ValidationError(problems)
        return ids


class DecisionForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=gettext_lazy("Required when returning the plan: say what to change."))


class PublishPlanForm(forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("Institution"), queryset=Institution.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Fiscal year"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Required when the plan of this year was published before."))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(pk__in=[i.pk for i in institutions])


class PlanDeadlineForm(forms.Form):
    """The deadline of an institution's plans for a year (also one no department has started yet);
    each year on the plan list posts the same fields."""

    institution = forms.ModelChoiceField(label=gettext_lazy("Institution"), queryset=Institution.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Fiscal year"), min_value=2000, max_value=2100)
    due = forms.DateField(label=gettext_lazy("Plans due by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(pk__in=[i.pk for i in institutions])


# ---- purchases ----------------------------------------------------------------------------------

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

    def clean_purchased_on(self):
        try:
            return services.check_purchase_date(self.cleaned_data["purchased_on"])
        except services.InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

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


class PurchaseFilterForm(forms.Form):
    """The purchase list's filters (GET): department, month, and words of the supplier or item."""

    department = forms.TypedChoiceField(label=gettext_lazy("Department"), required=False, coerce=int, empty_value=None)
    # a text field, not type="month": a browser would silently drop what it cannot show (2014.05)
    month = forms.CharField(label=gettext_lazy("Month"), required=False, max_length=10,
                            widget=forms.TextInput(attrs={"placeholder": "2014-07", "inputmode": "numeric",
                                                          "size": 8}))
    q = forms.CharField(label=gettext_lazy("Supplier or item"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        several = len({d.institution_id for d in departments}) > 1
        self.fields["department"].choices = [("", _("All"))] + [
            (d.pk, f"{d.institution.name} · {d.name}" if several else d.name) for d in departments]

    def clean_month(self) -> tuple[int, int] | None:
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})[-./]\s*(\d{1,2})", text)
        if not match or not 2000 <= int(match[1]) <= 2100 or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Write the month as year-month, e.g. 2014-07."))
        return int(match[1]), int(match[2])


class PurchaseCorrectionForm(PurchaseForm):
    """The record form filled with the stored purchase, plus the reason and the revision shown."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), max_length=corrections.MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Kept in the audit trail with the values before and after."))

    @classmethod
    def initial_of(cls, purchase) -> dict:
        initial = {name: getattr(purchase, name) for name in (
            "purchased_on", "supplier_name", "supplier_business_no", "item", "category", "contract_method",
            "channel", "exception_code", "exception_justification", "note", "revision")}
        return {**initial, "department": purchase.department_id, "amount_won": f"{purchase.amount_won:,}"}


class PurchaseWithdrawForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=gettext_lazy("Why the purchase is withdrawn"), max_length=corrections.MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("For example: recorded twice, or not bought after all. "
                                                    "Kept in the audit trail with every value of the purchase."))


# ---- disclosures --------------------------------------------------------------------------------


class PublishMonthForm(forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("Institution"), queryset=Institution.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=int, choices=[(m, m) for m in range(1, 13)])
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Required when the month was published before: "
                                                    "the correction becomes a new version and the earlier ones stay public."))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(pk__in=[i.pk for i in institutions])


# ---- evaluation -------------------------------------------------------------------------------


class EvaluationWeightsForm(forms.Form):
    """The weights of the department evaluation; services.evaluation checks them again with core."""

    achievement = forms.DecimalField(label=gettext_lazy("Achievement"), min_value=0, max_value=1000, decimal_places=1)
    plan_on_time = forms.DecimalField(label=gettext_lazy("Plan on time"), min_value=0, max_value=1000, decimal_places=1)
    justified_exceptions = forms.DecimalField(label=gettext_lazy("Justified exceptions"), min_value=0, max_value=1000,
                                              decimal_places=1)
    supplier_breadth = forms.DecimalField(label=gettext_lazy("Breadth of suppliers"), min_value=0, max_value=1000,
                                          decimal_places=1)
    plan_late_cutoff_days = forms.IntegerField(
        label=gettext_lazy("Days late at which the plan scores 0"), min_value=0, max_value=366,
        help_text=gettext_lazy("A plan submitted late loses points in proportion; 0 makes any delay score 0."))



# ---- targets (구매목표 통보) and the texts of Art. 6 and Art. 7 -------------------------------------


def _clean_won(value: str, *, required: bool) -> int | None:
    """An amount written as on paper (12,000,000 / 1,200만원 / 12억); blank is None unless required."""
    if not (value or "").strip():
        if required:
            raise forms.ValidationError(_("Enter an amount in won."))
        return None
    try:
        amount = numbers.parse_amount(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc
    if amount is None or amount < 0:
        raise forms.ValidationError(_("Enter an amount of 0 won or more."))
    if amount > services.MAX_AMOUNT_WON:
        raise forms.ValidationError(services.AMOUNT_TOO_LARGE)
    return amount


class TargetAllocationForm(forms.Form):
    """The institution's yearly target and one field per department (``dept_<id>``)."""

    institution_target = forms.CharField(
        label=gettext_lazy("Institution's target (won)"), max_length=40,
        help_text=gettext_lazy("In won, e.g. 2,500,000,000 or 25억"))

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = list(departments)
        for department in self.departments:
            self.fields[f"dept_{department.pk}"] = forms.CharField(
                label=department.name, max_length=40, required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))

    def clean_institution_target(self) -> int:
        return _clean_won(self.cleaned_data["institution_target"], required=True)

    def clean(self):
        cleaned = super().clean()
        for department in self.departments:
            name = f"dept_{department.pk}"
            if name in cleaned:
                try:
                    cleaned[name] = _clean_won(cleaned[name], required=False)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def department_targets(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(f"dept_{d.pk}") for d in self.departments}


class PlanStatementForm(forms.Form):
    """Art. 6 ② 2–4: what the plan says besides its items."""

    arrangements = forms.CharField(
        label=gettext_lazy("Delivery arrangements (추진체계)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Who promotes the purchases and how: the division, the departments, the sales hall, reporting."))
    special_terms = forms.CharField(
        label=gettext_lazy("Special contract terms, evaluation and improvements"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}))
    budget_won = forms.CharField(label=gettext_lazy("Budget for carrying out the plan (won)"), required=False, max_length=40)
    budget_note = forms.CharField(label=gettext_lazy("About the budget"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def clean_budget_won(self) -> int | None:
        return _clean_won(self.cleaned_data["budget_won"], required=False)


class ReportStatementForm(forms.Form):
    """Art. 7 ① 3–5: support to producers, education and promotion, improvements and good practice."""

    support_text = forms.CharField(label=gettext_lazy("Support to producers, distributors and sellers"), required=False,
                                   max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    support_cases = forms.IntegerField(label=gettext_lazy("Support: cases"), required=False, min_value=0, max_value=10**9)
    support_won = forms.CharField(label=gettext_lazy("Support: amount (won)"), required=False, max_length=40)
    education_text = forms.CharField(label=gettext_lazy("Education and promotion"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    education_sessions = forms.IntegerField(label=gettext_lazy("Education and promotion: sessions"), required=False,
                                            min_value=0, max_value=10**9)
    education_participants = forms.IntegerField(label=gettext_lazy("Education and promotion: participants"),
                                                required=False, min_value=0, max_value=10**9)
    improvements_text = forms.CharField(label=gettext_lazy("Improvements of rules and policies"), required=False,
                                        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    improvements_count = forms.IntegerField(label=gettext_lazy("Improvements: number"), required=False,
                                            min_value=0, max_value=10**9)
    good_practice_text = forms.CharField(label=gettext_lazy("Good practice"), required=False, max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 3}))

    def clean_support_won(self) -> int | None:
        return _clean_won(self.cleaned_data["support_won"], required=False)
