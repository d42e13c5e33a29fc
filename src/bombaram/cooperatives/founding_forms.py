"""Forms of the founding and local-fund pages (plain forms; the services check and write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.cooperatives.choices import (
    ContributionKind,
    ContributorKind,
    FoundingDocumentKind,
    FoundingForm,
    FundUseKind,
    MemberKind,
    MemberType,
    ResolutionSubject,
)
from bombaram.cooperatives.forms import DATE

WON = {"min_value": 1, "max_value": 10**12}


class StartFoundingForm(forms.Form):
    name = forms.CharField(label=_("Name of the cooperative"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=FoundingForm.choices)
    district = forms.ModelChoiceField(label=_("District"), queryset=None)
    share_price_won = forms.IntegerField(label=_("Share price (won)"), min_value=1, max_value=10**9)
    started_on = forms.DateField(label=_("Preparation started"), **DATE)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class FounderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)


class FoundersMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), **DATE)
    present = forms.IntegerField(label=_("Founders present"), min_value=0, max_value=100_000)
    agenda = forms.CharField(label=_("Agenda"), max_length=300)


class ConsentingMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    member_type = forms.ChoiceField(label=_("Person or organisation"), choices=MemberType.choices)
    kind = forms.ChoiceField(label=_("Member kind"), choices=MemberKind.choices, initial=MemberKind.RESIDENT)
    shares = forms.IntegerField(label=_("Shares pledged (구좌)"), min_value=1, max_value=1_000_000)
    consented_on = forms.DateField(label=_("Consent handed in"), **DATE)


class AssemblyForm(forms.Form):
    assembly_on = forms.DateField(label=_("Date of the founding assembly"), **DATE)
    present = forms.IntegerField(label=_("Consenting members present"), min_value=0, max_value=10_000_000)


class ResolutionForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"), choices=ResolutionSubject.choices)
    title = forms.CharField(label=_("Resolution"), max_length=300)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=10_000_000)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=10_000_000, initial=0)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=FoundingDocumentKind.choices)
    upload = forms.FileField(label=_("File (PDF, HWP, HWPX, DOCX, XLSX; up to 10 MB)"),
                             widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.xlsx"}))


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Date filed"), **DATE)


class FoundedForm(forms.Form):
    founded_on = forms.DateField(label=_("Date authorised or report accepted (설립인가/신고)"), **DATE)


class OpenFundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    district = forms.ModelChoiceField(label=_("District"), queryset=None)
    team = forms.ModelChoiceField(label=_("Programme team"), queryset=None, required=False)
    opened_on = forms.DateField(label=_("Opened"), **DATE)

    def __init__(self, *args, districts, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["team"].queryset = teams


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContributionKind.choices, initial=ContributionKind.PAID)
    day = forms.DateField(label=_("Date"), **DATE)
    contributor = forms.CharField(label=_("Contributor"), max_length=200)
    contributor_kind = forms.ChoiceField(label=_("Contributor kind"), choices=ContributorKind.choices)
    amount_won = forms.IntegerField(label=_("Amount (won)"), **WON)


class LinkLedgerForm(forms.Form):
    record = forms.ModelChoiceField(label=_("Approved fund record of the programme ledger"), queryset=None)
    contributor = forms.CharField(label=_("Contributor"), max_length=200, required=False)
    contributor_kind = forms.ChoiceField(label=_("Contributor kind"), choices=ContributorKind.choices)

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = records
        self.fields["record"].label_from_instance = lambda r: f"{r.date:%Y-%m-%d} {r.title} ({r.amount_won:,}원)"


class FundUseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundUseKind.choices)
    day = forms.DateField(label=_("Date"), **DATE)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    amount_won = forms.IntegerField(label=_("Amount (won)"), **WON)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RepaymentForm(forms.Form):
    loan = forms.ModelChoiceField(label=_("Loan"), queryset=None)
    day = forms.DateField(label=_("Date"), **DATE)
    amount_won = forms.IntegerField(label=_("Amount (won)"), **WON)

    def __init__(self, *args, loans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = loans
        self.fields["loan"].label_from_instance = lambda u: f"{u.day:%Y-%m-%d} {u.organisation.name} ({u.amount_won:,}원)"
