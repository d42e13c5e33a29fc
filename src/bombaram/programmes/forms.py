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


# ------------------------------------------------------------------ the activity ledger


def _stage_choices():
    from bombaram.core.programme_ledger import GROWTH_STAGES, INCUBATION_STAGES

    return [("", "—"), (_("Incubation (idea teams)"), list(INCUBATION_STAGES)),
            (_("Growth stage (consulting)"), list(GROWTH_STAGES))]


class LedgerRecordForm(forms.Form):
    """One ledger record. Which fields a kind uses is core.programme_ledger.KINDS; clean() checks the record
    with core's validate_entry and puts each Korean message beside its field."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Name"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=_stage_choices, required=False)
    hours = forms.DecimalField(label=_("Hours"), required=False, max_digits=7, decimal_places=1, min_value=0)
    trainees_youth = forms.IntegerField(label=_("Trainees: youth (청소년)"), required=False, min_value=0)
    trainees_young_adult = forms.IntegerField(label=_("Trainees: young adults (청년)"), required=False, min_value=0)
    trainees_adult = forms.IntegerField(label=_("Trainees: adults (성인)"), required=False, min_value=0)
    trainees_entrepreneur = forms.IntegerField(label=_("Trainees: social entrepreneurs (사회적기업가)"), required=False,
                                               min_value=0)
    trainees_resident = forms.IntegerField(label=_("Trainees: residents (주민)"), required=False, min_value=0)
    persons = forms.IntegerField(label=_("Persons"), required=False, min_value=0)
    visitors = forms.IntegerField(label=_("Visitors"), required=False, min_value=0)
    amount_won = forms.IntegerField(label=_("Amount (won)"), required=False, min_value=0)
    proposals = forms.IntegerField(label=_("Proposals"), required=False, min_value=0)
    given_by_district = forms.TypedChoiceField(
        label=_("Given by the district"), required=False, empty_value=None,
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: {"yes": True, "no": False}.get(v))
    organisation = forms.CharField(label=_("Linked registry organisation"), required=False, max_length=220,
                                   help_text=_("Written as the search gives it: name #number."))
    participants = forms.CharField(
        label=_("Participating organisations"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line. Registry organisations as the search gives them (name #number); a name alone "
                    "is an organisation not in the registry."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from bombaram.programmes.choices import RecordKind

        self.fields["kind"].choices = RecordKind.choices
        self.entry = None

    def clean(self):
        from bombaram.core.programme_ledger import (
            TRAINEE_GROUP_CODES,
            LedgerEntry,
            LedgerError,
            Participant,
            parse_organisation,
            validate_entry,
        )

        data = super().clean()
        if self.errors:
            return data
        organisation_id = None
        if data.get("organisation"):
            _name, organisation_id = parse_organisation(data["organisation"])
            if organisation_id is None:
                self.add_error("organisation", "등록부에서 찾아 '이름 #번호'로 적어 주세요.")
                return data
        participants = [Participant(*parse_organisation(line))
                        for line in (data.get("participants") or "").splitlines() if line.strip()]
        entry = LedgerEntry(
            kind=data["kind"], date=data["date"], title=data["title"], place=data.get("place") or "",
            stage=data.get("stage") or "", hours=data.get("hours"), persons=data.get("persons"),
            visitors=data.get("visitors"), amount_won=data.get("amount_won"), proposals=data.get("proposals"),
            given_by_district=data.get("given_by_district"), organisation_id=organisation_id,
            trainees={code: data[f"trainees_{code}"] for code in TRAINEE_GROUP_CODES
                      if data.get(f"trainees_{code}") is not None},
            participants=participants, note=data.get("note") or "",
        )
        if entry.kind == "education" and data.get("persons") is not None:
            self.add_error("persons", "교육은 인원 대신 대상별 교육생 수를 적습니다.")
            return data
        try:
            validate_entry(entry)
        except LedgerError as error:
            self.add_ledger_errors(error)
            return data
        self.entry = entry
        return data

    def add_ledger_errors(self, error) -> None:
        for name, message in error.errors.items():
            field = "trainees_youth" if name == "trainees" else name
            self.add_error(field if field in self.fields else None, message)

    @classmethod
    def initial_of(cls, entry, *, organisation_name: str = "", revision: int = 0) -> dict:
        from bombaram.core.programme_ledger import format_organisation

        initial = {
            "kind": str(entry.kind), "date": entry.date, "title": entry.title, "place": entry.place,
            "stage": entry.stage, "hours": entry.hours, "persons": None if entry.kind == "education" else entry.persons,
            "visitors": entry.visitors, "amount_won": entry.amount_won, "proposals": entry.proposals,
            "given_by_district": "" if entry.given_by_district is None else ("yes" if entry.given_by_district else "no"),
            "organisation": format_organisation(organisation_name, entry.organisation_id) if entry.organisation_id else "",
            "participants": "\n".join(format_organisation(p.name, p.organisation_id) for p in entry.participants),
            "note": entry.note, "revision": revision,
        }
        for code, persons in entry.trainees.items():
            initial[f"trainees_{code}"] = persons
        return initial


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from bombaram.programmes.choices import RecordKind, RecordStatus

        self.fields["kind"].choices = [("", _("All kinds")), *RecordKind.choices]
        self.fields["status"].choices = [("", _("All statuses")), *RecordStatus.choices]


class OutputsFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    cohort = forms.TypedChoiceField(label=_("Cohort"), required=False, coerce=int, empty_value=None)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, districts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from bombaram.programmes.choices import Cohort

        self.fields["cohort"].choices = [("", _("All cohorts")), *Cohort.choices]
        self.fields["district"].choices = [("", _("All districts")), *districts]


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("Ledger file (XLSX or CSV, in the export's format)"))
    dry_run = forms.BooleanField(label=_("Preview only (write nothing)"), required=False, initial=True)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    revision = forms.IntegerField(widget=forms.HiddenInput)
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
