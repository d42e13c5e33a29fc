from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.cooperatives.choices import MemberKind, MemberType, ShareEventKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, **DATE)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    member_type = forms.ChoiceField(label=_("Person or organisation"), choices=MemberType.choices, initial=MemberType.PERSON)
    kind = forms.ChoiceField(label=_("Member kind"), choices=MemberKind.choices)
    day = forms.DateField(label=_("Date joined"), **DATE)
    shares = forms.IntegerField(label=_("Shares subscribed (구좌)"), min_value=1, max_value=1_000_000)
    amount_won = forms.IntegerField(label=_("Amount paid (won)"), min_value=0, max_value=10**12, initial=0)


EVENT_CHOICES = [(k, label) for k, label in ShareEventKind.choices if k != ShareEventKind.JOIN]


class ShareEventForm(forms.Form):
    """Plain form: choices of members are the cooperative's own."""

    kind = forms.ChoiceField(label=_("Kind of record"), choices=EVENT_CHOICES)
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    day = forms.DateField(label=_("Date"), **DATE)
    shares = forms.IntegerField(label=_("Shares (구좌)"), min_value=0, max_value=1_000_000, initial=0, required=False)
    amount_won = forms.IntegerField(label=_("Amount (won)"), min_value=0, max_value=10**12, initial=0, required=False)
    counterparty = forms.ModelChoiceField(label=_("To member (transfers)"), queryset=None, required=False)

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        members = cooperative.members.order_by("number")
        self.fields["member"].queryset = members
        self.fields["counterparty"].queryset = members

    def clean(self):
        data = super().clean()
        data["shares"] = data.get("shares") or 0
        data["amount_won"] = data.get("amount_won") or 0
        if data.get("kind") == ShareEventKind.TRANSFER and not data.get("counterparty"):
            self.add_error("counterparty", _("Choose the member who receives the shares."))
        return data


class SendCountsForm(forms.Form):
    as_of = forms.DateField(label=_("Count date"), **DATE)


class OpenAccountForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    credit_limit = forms.IntegerField(label=_("Credit limit"), min_value=0, max_value=10**12)

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = cooperative.members.filter(credit_account__isnull=True).order_by("number")


class CreditTransferForm(forms.Form):
    """The hidden key is made when the form is shown: submitting the same form twice applies it once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    payer = forms.ModelChoiceField(label=_("From account"), queryset=None)
    payee = forms.ModelChoiceField(label=_("To account"), queryset=None)
    amount = forms.IntegerField(label=_("Amount"), min_value=1, max_value=10**12)
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = accounts
        self.fields["payee"].queryset = accounts


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(label=_("Question"), max_length=300)
    held_on = forms.DateField(label=_("Date"), **DATE)
    choices = forms.CharField(label=_("Choices (one a line)"), widget=forms.Textarea(attrs={"rows": 3}))
    open_by_link = forms.BooleanField(label=_("Open for answers by link"), required=False)

    def clean_choices(self):
        from django.core.exceptions import ValidationError

        from bombaram.cooperatives.surveys import choice_lines

        try:
            return choice_lines(self.cleaned_data["choices"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error


class PaperAnswersForm(forms.Form):
    """One number field per choice: how many returned paper forms chose it."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        for choice in survey.choices.order_by("order", "id"):
            self.fields[f"choice_{choice.pk}"] = forms.IntegerField(label=choice.label, min_value=0, max_value=100_000,
                                                                    initial=0, required=False)

    def counts(self) -> dict[int, int]:
        return {int(name.removeprefix("choice_")): value or 0 for name, value in self.cleaned_data.items()}


class LinkAnswerForm(forms.Form):
    choice = forms.ModelChoiceField(label=_("Your answer"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].queryset = survey.choices.order_by("order", "id")
        self.fields["choice"].label = survey.question
