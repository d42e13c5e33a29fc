from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core.numbers import ParseError, parse_amount
from bombaram.core.programme_measures import MEASURES
from bombaram.programmes.choices import EvaluationResult, MemberRole
from bombaram.programmes.dashboards import UNIT_KO
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import Organisation

CONTACT_FIELDS = ["phone", "email", "website", "address"]


class TeamContactsForm(forms.Form):
    """A plain form (not a ModelForm) so that validating it never changes the team before the service does."""

    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)

    @classmethod
    def for_team(cls, team: ProgrammeTeam, data=None) -> "TeamContactsForm":
        return cls(data, initial={field: getattr(team, field) for field in CONTACT_FIELDS})


# ---- consortium, staff, contracts ------------------------------------------------------------------------


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        district = obj.district.name_ko if obj.district_id else ""
        return f"{obj.name} ({district})" if district else obj.name


def _organisations(team: ProgrammeTeam):
    """Registry organisations offered for the team's consortium: those of its district first, by name."""
    return Organisation.objects.filter(district=team.district).select_related("district").order_by("name")


class ConsortiumMemberForm(forms.Form):
    """A registry organisation, or (not yet registered) a name and an optional business number."""

    organisation = OrganisationChoiceField(label=_("Registry organisation"), queryset=Organisation.objects.none(),
                                           required=False, empty_label=_("— not yet registered —"))
    pending_name = forms.CharField(label=_("Name of an organisation not yet registered"), max_length=200,
                                   required=False)
    pending_business_no = forms.CharField(label=_("Its business number (optional)"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role in the consortium"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, team: ProgrammeTeam, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(team)

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("organisation") is None and not (data.get("pending_name") or "").strip():
            raise forms.ValidationError("등록부의 조직을 고르거나, 아직 등록되지 않은 조직의 이름을 적어 주세요.")
        return data


class LinkMemberForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Registry organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, team: ProgrammeTeam, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(team)


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class WonField(forms.CharField):
    """An amount in won as people write it ("200,000,000", "2억", "1억 868만원")."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in ("", None):
            return None
        if len(value) > 40:
            raise forms.ValidationError("금액이 너무 깁니다.")
        try:
            amount = parse_amount(value)
        except ParseError:
            raise forms.ValidationError(f"금액을 원 단위로 적어 주세요 (예: 200,000,000 또는 2억). 입력한 값: '{value}'") from None
        if amount is None or amount < 0:
            raise forms.ValidationError("금액은 0원 이상이어야 합니다.")
        return amount


class ContractForm(forms.Form):
    """A new yearly contract (the centre), with a target per ledger measure (all optional)."""

    start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_won = WonField(label=_("Amount (won)"), widget=forms.TextInput(attrs={"maxlength": 40, "inputmode": "numeric"}))
    evaluation_date = forms.DateField(label=_("Evaluation date"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    conditions = forms.CharField(label=_("Conditions"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for measure in MEASURES:
            self.fields[f"target_{measure.code}"] = forms.CharField(
                label=f"{measure.label_ko} ({UNIT_KO.get(measure.unit, measure.unit)})", required=False, max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def target_fields(self):
        return [self[f"target_{m.code}"] for m in MEASURES]

    def main_fields(self):
        return [self[name] for name in ("start", "end", "amount_won", "evaluation_date", "conditions")]

    def targets(self) -> dict[str, str]:
        return {m.code: self.cleaned_data.get(f"target_{m.code}") or "" for m in MEASURES
                if (self.cleaned_data.get(f"target_{m.code}") or "").strip()}


class EvaluationForm(forms.Form):
    result = forms.ChoiceField(label=_("Evaluation result"),
                               choices=[(EvaluationResult.PASSED, EvaluationResult.PASSED.label),
                                        (EvaluationResult.FAILED, EvaluationResult.FAILED.label)])
    evaluation_date = forms.DateField(label=_("Evaluation date"), widget=forms.DateInput(attrs={"type": "date"}))
    conditions = forms.CharField(label=_("Conditions"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
