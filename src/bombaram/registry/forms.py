from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core import identifiers, numbers
from bombaram.registry.choices import OrganisationStatus
from bombaram.registry.models import DesignationType, District, IndustryGroup

ENCODINGS = [("auto", _("Detect automatically")), ("utf-8", "UTF-8"), ("cp949", "CP949 (EUC-KR)")]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search by name or number"), required=False, max_length=100)
    district = forms.ChoiceField(label=_("District"), required=False)
    designation = forms.ChoiceField(label=_("Designation"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(OrganisationStatus.choices))
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("name", _("Name (가나다)")), ("-name", _("Name, reversed")), ("district", _("District")),
        ("-founded", _("Newest founded")), ("founded", _("Oldest founded")), ("-updated", _("Recently updated")),
    ])

    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2014-01-31.")})
    mode = forms.ChoiceField(label=_("Counting"), required=False, choices=[
        ("", _("Holds the designation")),
        ("organisation", _("By organisation (highest designation, as the statistics count)")),
        ("designation", _("By designation (each designation held counts)")),
    ])
    area = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All"))] + [(d.code, d.name) for d in District.objects.order_by("order")] + [("outside", _("Outside the region"))]
        self.fields["designation"].choices = [("", _("All"))] + [(t.code, t.name) for t in DesignationType.objects.all()] + [
            ("social_enterprise", _("Social enterprises (certified, Seoul and regional pre-)")),
            ("cooperatives", _("Cooperatives (general and social)")),
            ("any", _("Any designation")),
        ]
        self.fields["industry"].choices = [("", _("All"))] + [(g.code, g.name) for g in IndustryGroup.objects.all()] + [
            ("any", _("Any industry group")), ("none", _("No industry group"))]


def district_choices() -> list:
    """Every 시군구 of today's gazetteer (core.regions), grouped by 시도 as <optgroup>s: the same codes the
    CLI's ``import --district`` takes, whatever districts the registry holds so far."""
    from bombaram.core.regions import load_gazetteer

    gazetteer = load_gazetteer()
    groups = [(sido.name_ko, [(u.code, u.name_ko) for u in sorted(gazetteer.sigungus(sido=sido.code),
                                                                    key=lambda u: u.name_ko)])
              for sido in gazetteer.sidos()]
    return [("", _("None: find the district in each address"))] + [g for g in groups if g[1]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("List file (CSV, XLSX or JSON)"))
    designation = forms.ChoiceField(label=_("Designation of this list"))
    as_of = forms.DateField(label=_("Date of the list"), widget=forms.DateInput(attrs={"type": "date"}))
    encoding = forms.ChoiceField(label=_("Encoding (CSV)"), choices=ENCODINGS, initial="auto")
    sheet = forms.CharField(label=_("Sheet name (XLSX, optional)"), required=False, max_length=100)
    district = forms.ChoiceField(
        label=_("District of this list (optional)"), required=False,
        help_text=_("For a list that is one district's own: rows that give only the road (반촌로 27-20) are placed "
                    "in this district. Leave it empty to find each row's district from its address."),
        error_messages={"invalid_choice": _("Unknown district code: %(value)s. Choose the district from the list.")})

    MAX_BYTES = 50 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designation"].choices = [(t.code, t.name) for t in DesignationType.objects.all()]
        self.fields["district"].choices = district_choices()

    def clean_district(self):
        return self.cleaned_data.get("district") or None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class OrganisationForm(forms.Form):
    """Edit form. Plain Form: validating it never changes the organisation before the service does."""

    name = forms.CharField(label=_("Name"), max_length=200)
    business_no = forms.CharField(label=_("Business registration number"), required=False, max_length=20)
    corporate_no = forms.CharField(label=_("Corporate registration number"), required=False, max_length=20)
    confirm_numbers = forms.BooleanField(
        label=_("I have checked the numbers: keep them although the check digit does not match"), required=False)
    legal_form = forms.CharField(label=_("Legal form"), required=False, max_length=60)
    representative = forms.CharField(label=_("Representative"), required=False, max_length=100)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("order"), required=False,
                                      empty_label=_("Outside the region or unknown"))
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    industry = forms.ModelChoiceField(label=_("Industry"), queryset=IndustryGroup.objects.all(), required=False)
    ksic = forms.RegexField(label=_("KSIC code"), required=False, regex=r"^[A-U]?\d{0,5}$", max_length=6)
    founded = forms.DateField(label=_("Founded"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closed = forms.DateField(label=_("Closed"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=OrganisationStatus.choices)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)

    FIELDS = ["name", "business_no", "corporate_no", "legal_form", "representative", "district", "address",
              "industry", "ksic", "founded", "closed", "status", "phone", "website", "email"]

    @classmethod
    def for_organisation(cls, org, data=None):
        initial = {f: getattr(org, f) for f in cls.FIELDS}
        return cls(data, initial=initial)

    def clean(self):
        data = super().clean()
        failing = []
        for field, normalise, label in (("business_no", identifiers.normalise_business_no, _("business registration number")),
                                        ("corporate_no", identifiers.normalise_corporate_no, _("corporate registration number"))):
            raw = data.get(field) or ""
            if not raw:
                data[field] = ""
                continue
            try:
                result = normalise(raw)
            except ValueError as exc:
                self.add_error(field, str(exc))
                continue
            data[field] = result.digits if result else ""
            if result and result.check_ok is False:
                failing.append(str(label))
        if failing and not data.get("confirm_numbers"):
            self.add_error("confirm_numbers", _("The check digit of the %(numbers)s does not match. If the number is right, tick this box.") % {"numbers": ", ".join(failing)})
        founded, closed = data.get("founded"), data.get("closed")
        if founded and closed and closed < founded:
            self.add_error("closed", _("The closing date is before the founding date."))
        return data


class AmountField(forms.CharField):
    """An amount of money as people write it: "1억 868만원", "108,680,000", a loss as "-5,000" or "△5,000"."""

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        super().__init__(**kwargs)  # no max_length: its validator would measure the parsed number
        self.widget.attrs["maxlength"] = "40"

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(_("Write the amount in at most 40 characters."))
        try:
            amount = numbers.parse_amount(text, "원")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if amount is not None and amount < 0 and not self.allow_negative:
            raise forms.ValidationError(_("This amount cannot be negative."))
        return amount

    def prepare_value(self, value):
        return f"{value:,}" if isinstance(value, int) else value


class YearlyFigureForm(forms.Form):
    """One year's figures of an organisation, entered by its district's administrator."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0)
    vulnerable_employees = forms.IntegerField(label=_("Of them, from vulnerable groups (취약계층)"), required=False, min_value=0)
    revenue_won = AmountField(label=_("Revenue (won)"), required=False)
    operating_profit_won = AmountField(label=_("Operating profit (won; a loss with a minus sign)"), required=False, allow_negative=True)
    wage_support_ends = forms.DateField(label=_("Public wage support ends"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))

    FIELDS = ["employees", "vulnerable_employees", "revenue_won", "operating_profit_won", "wage_support_ends"]

    def clean(self):
        data = super().clean()
        employees, vulnerable = data.get("employees"), data.get("vulnerable_employees")
        if employees is not None and vulnerable is not None and vulnerable > employees:
            self.add_error("vulnerable_employees", _("More employees from vulnerable groups than employees."))
        return data
