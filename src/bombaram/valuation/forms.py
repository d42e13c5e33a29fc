"""Forms of the valuation pages: frameworks (create, import, items) and the analysis report's
adoption; Delphi study administration and the panellists' questionnaire; the team's yearly values
(one row per indicator), the centre's decision, and the monetised layer (SROI) with its assumptions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bombaram.core.delphi import DecisionRules
from bombaram.core.numbers import ParseError, parse_amount
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.choices import CriticalMethod, Direction, Level, QuartileMethod, ResultKind
from bombaram.valuation.models import FrameworkVersion, PanelGroup
from bombaram.valuation.services import measurement as service
from bombaram.valuation.services.frameworks import EDITABLE_FIELDS

# Frameworks ------------------------------------------------------------------------------------


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name (for addresses)"), max_length=60,
                           help_text=_("Latin letters, digits and hyphens, e.g. seongbuk-2015."))
    owner_team = forms.ModelChoiceField(label=_("Owning team"), queryset=ProgrammeTeam.objects.none(), required=False)
    owner_district = forms.ModelChoiceField(label=_("Owning district"), queryset=District.objects.none(),
                                            required=False,
                                            help_text=_("Leave both empty for a framework of the whole region."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, teams: list = (), districts: list = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["owner_team"].queryset = ProgrammeTeam.objects.filter(pk__in=[t.pk for t in teams]).select_related(
            "district")
        self.fields["owner_district"].queryset = District.objects.filter(pk__in=[d.pk for d in districts])


class ImportForm(forms.Form):
    indicators = forms.FileField(label=_("Indicators file (CSV)"),
                                 help_text=_("One row per indicator, in the layout of the report's frameworks "
                                             "(goal_no, goal, activity_no, activity, subactivity_no, subactivity, "
                                             "indicator, …). UTF-8 or CP949 (Excel)."))
    activities = forms.FileField(label=_("Activities file (CSV, optional)"), required=False,
                                 help_text=_("One row per rated activity: adds activities without indicators and "
                                             "the activities' printed figures."))
    note = forms.CharField(label=_("What changed"), required=False, max_length=500)

    def _read(self, name: str) -> bytes | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload.read()

    def clean_indicators(self) -> bytes | None:
        return self._read("indicators")

    def clean_activities(self) -> bytes | None:
        return self._read("activities")


class ItemForm(forms.Form):
    """An item's fields; only those of its level are kept (``EDITABLE_FIELDS``)."""

    name = forms.CharField(label=_("Name"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False, help_text=_("e.g. 명, 건, %, 원"))
    result_kind = forms.ChoiceField(label=_("Output or outcome"), required=False,
                                    choices=[("", _("Not stated"))] + list(ResultKind.choices))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.INCREASE)
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    added_in_round2 = forms.BooleanField(label=_("Added in round 2 (신규)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    crosswalk = forms.CharField(
        label=_("Shared indicators (crosswalk)"), required=False, max_length=1000,
        help_text=_("Optional. As in the CSV file: scheme:code, optionally ~relation (exact, close, broader, "
                    "narrower, related), separated by ';', e.g. iris:PI4060~close; svi:ecosystem. "
                    "See the list of shared indicators."))

    def __init__(self, *args: Any, level: str, **kwargs: Any) -> None:
        initial = kwargs.get("initial") or {}
        if isinstance(initial.get("crosswalk"), list):
            kwargs["initial"] = {**initial, "crosswalk": "; ".join(initial["crosswalk"])}
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in EDITABLE_FIELDS[level]:
                del self.fields[name]
        self.level = level


class LevelForm(forms.Form):
    """What to add where (the query string of the add page)."""

    level = forms.ChoiceField(choices=Level.choices)
    parent = forms.IntegerField(required=False)


class AdoptForm(forms.Form):
    keep = forms.MultipleChoiceField(label=_("Indicators to keep"), required=False,
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(code, code) for code in codes]


# Delphi studies and the questionnaire ------------------------------------------------------------


DEFAULT_RULES = DecisionRules()


class StudyForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Framework version"), queryset=FrameworkVersion.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction for panellists"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown at the top of every panellist's questionnaire: purpose, how long it takes, who to ask."))
    groups = forms.CharField(
        label=_("Panel groups"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. 시 단위 전문가 and 자치구 현장. Each group's figures are shown beside the whole panel's."))
    local_group = forms.CharField(
        label=_("Group shown as 지역 in the report"), max_length=100, required=False,
        help_text=_("Optional: the name of one of the groups above."))
    quartile_method = forms.ChoiceField(label=_("Quartile method"), choices=QuartileMethod.choices,
                                        initial=QuartileMethod.WEIBULL)
    critical_method = forms.ChoiceField(label=_("CVR critical value"), choices=CriticalMethod.choices,
                                        initial=CriticalMethod.EXACT)
    require_cvr_pass = forms.BooleanField(label=_("Keep an indicator only if its CVR test is passed"), required=False,
                                          initial=DEFAULT_RULES.require_cvr_pass)
    consensus_min = forms.FloatField(label=_("Minimum consensus (합의도)"), min_value=0, max_value=1,
                                     initial=DEFAULT_RULES.consensus_min)
    convergence_max = forms.FloatField(label=_("Maximum convergence (수렴도)"), min_value=0, max_value=6,
                                       initial=DEFAULT_RULES.convergence_max)
    cv_max = forms.FloatField(label=_("Maximum coefficient of variation (CV)"), min_value=0, max_value=10,
                              initial=DEFAULT_RULES.cv_max)

    def __init__(self, *args: Any, versions: list[FrameworkVersion] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = FrameworkVersion.objects.select_related("framework").filter(
            pk__in=[v.pk for v in versions]).order_by("framework__name", "-number")

    def clean_groups(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["groups"].splitlines() if line.strip()]

    def rules(self) -> dict:
        data = self.cleaned_data
        return {**DEFAULT_RULES.to_dict(), "require_cvr_pass": bool(data["require_cvr_pass"]),
                "consensus_min": data["consensus_min"], "convergence_max": data["convergence_max"],
                "cv_max": data["cv_max"]}


class PanellistForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=PanelGroup.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("Seen by administrators only; reports show the pseudonym (P01, P02 …)."))
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, study: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PanelGroup.objects.filter(study=study)


class RoundOpenForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    closes = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Answers are accepted until this moment (Seoul time)."))


class ProposalForm(forms.Form):
    parent_code = forms.ChoiceField(label=_("Under which activity"))
    name = forms.CharField(label=_("Proposed indicator"), max_length=300)
    rationale = forms.CharField(label=_("Why (optional)"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, activities: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["parent_code"].choices = [(a.code, f"{a.code} {a.name}") for a in activities]


ANSWER_FIELD = re.compile(r"^(score|suitable|comment)-(\d{1,18})$")  # an item id; longer is no id (and int() refuses 4,300+ digits)


def answers_from_post(data: Any) -> list[dict[str, Any]]:
    """The answer fields of a questionnaire POST (``score-<item id>``, ``suitable-<item id>``,
    ``comment-<item id>``), one dict per question in the order met: ``{"item_id", field: value}``.
    Values stay text; the service validates them."""
    rows: dict[int, dict[str, Any]] = {}
    for key in data:
        match = ANSWER_FIELD.match(key)
        if match is None:
            continue
        name, item_id = match.group(1), int(match.group(2))
        rows.setdefault(item_id, {"item_id": item_id})[name] = data.get(key)
    return list(rows.values())


# Measurements and social accounts ---------------------------------------------------------------


PERCENT_FIELDS = ("deadweight", "attribution", "displacement", "drop_off")


def plain(number: Decimal | None) -> str:
    """45.0000 → "45", 12.5000 → "12.5" (as the user would type it)."""
    if number is None:
        return ""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


class MeasurementForm(forms.Form):
    """One row per indicator the team may still change (draft, returned or not yet entered): value,
    target, evidence file or link, note. Locked rows (submitted, approved) have no fields."""

    def __init__(self, *args: Any, indicators: list[Any], measurements: dict[str, Any],
                 sourced: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.measurements = measurements
        #: bound indicators' values from their source (services.sources): shown read-only, never typed
        self.sourced = sourced or {}
        self.row_errors: dict[str, list[str]] = {}
        for item in indicators:
            m = measurements.get(item.code)
            if m is not None and m.status not in service.EDITABLE:
                continue
            unit = f" ({item.unit})" if item.unit else ""
            pk = item.pk
            if item.code not in self.sourced:
                self.fields[f"value_{pk}"] = forms.CharField(
                    label=_("Measured value") + unit, required=False, max_length=40,
                    initial=plain(m.value) if m else "", widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"target_{pk}"] = forms.CharField(
                label=_("Target value") + unit, required=False, max_length=40,
                initial=plain(m.target) if m else "", widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"evidence_{pk}"] = forms.FileField(
                label=_("Evidence file"), required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(service.EVIDENCE_TYPES)}))
            self.fields[f"url_{pk}"] = forms.URLField(
                label=_("Evidence link"), required=False, max_length=200, assume_scheme="https",
                initial=m.evidence_url if m else "")
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=2000, initial=m.note if m else "",
                widget=forms.Textarea(attrs={"rows": 2}))

    def editable(self, item: Any) -> bool:
        return f"target_{item.pk}" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for item in self.indicators:
            if not self.editable(item):
                continue
            for name, label in (("value", "실적"), ("target", "목표")):
                key = f"{name}_{item.pk}"
                if key not in self.fields:
                    continue
                if key in data:
                    try:
                        data[key] = service.parse_number(data[key], label=label)
                    except ValidationError as exc:
                        self.add_error(key, exc)
            upload = data.get(f"evidence_{item.pk}")
            if upload:
                try:
                    service.check_evidence(upload)
                except ValidationError as exc:
                    self.add_error(f"evidence_{item.pk}", exc)
        return data

    def rows(self) -> list[dict[str, Any]]:
        """The cleaned rows for services.measurement.save_measurements."""
        out = []
        for item in self.indicators:
            if not self.editable(item):
                continue
            pk = item.pk
            out.append({"item": item, "value": self.cleaned_data.get(f"value_{pk}"),
                        "target": self.cleaned_data.get(f"target_{pk}"),
                        "evidence_url": self.cleaned_data.get(f"url_{pk}") or "",
                        "note": self.cleaned_data.get(f"note_{pk}") or "",
                        "evidence": self.cleaned_data.get(f"evidence_{pk}") or None})
        return out

    def layout(self) -> list[dict[str, Any]]:
        """Rows grouped by goal, then activity (› sub-activity) for the page:
        [{"goal": item, "activities": [{"name": str, "rows": [...]}]}]."""
        groups: list[dict[str, Any]] = []
        for item in self.indicators:
            ancestors = getattr(item, "ancestors", [])
            goal = ancestors[0] if ancestors else None
            activity = " › ".join(f"{a.code} {a.name}" for a in ancestors[1:])
            if not groups or groups[-1]["goal"] != goal:
                groups.append({"goal": goal, "activities": []})
            activities = groups[-1]["activities"]
            if not activities or activities[-1]["name"] != activity:
                activities.append({"name": activity, "rows": []})
            m = self.measurements.get(item.code)
            row: dict[str, Any] = {"item": item, "measurement": m, "editable": self.editable(item),
                                   "errors": self.row_errors.get(item.code, []), "source": self.sourced.get(item.code)}
            if row["editable"]:
                pk = item.pk
                row["fields"] = [self[f"{n}_{pk}"] for n in ("value", "target", "evidence", "url", "note")
                                 if f"{n}_{pk}" in self.fields]
                for bound in row["fields"]:
                    if bound.errors:
                        bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"
                row["has_errors"] = bool(row["errors"]) or any(bound.errors for bound in row["fields"])
            activities[-1]["rows"].append(row)
        return groups

    def rows_in_layout(self, layout: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [row for group in layout for activity in group["activities"] for row in activity["rows"]]


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Required when returning a value: say what to change."))


def _percent(value: str, label: str) -> Decimal:
    number = service.parse_number(value, label=label, places=2)
    if number is None:
        return Decimal(0)
    if not 0 <= number <= 100:
        raise ValidationError(_("Enter a percentage between 0 and 100."))
    return number


class SroiSettingForm(forms.Form):
    discount_rate = forms.CharField(label=_("Discount rate (%)"), max_length=10, initial="3.5",
                                    help_text=_("The HM Treasury Green Book's rate (3.5 per cent) unless you have a reason for another."))
    investment_won = forms.CharField(label=_("Investment (won)"), max_length=40,
                                     help_text=_("The value of all inputs, in-kind ones included, e.g. 200,000,000 or 2억원"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_discount_rate(self) -> Decimal:
        return _percent(self.cleaned_data["discount_rate"], "할인율") / 100

    def clean_investment_won(self) -> int:
        try:
            amount = parse_amount(self.cleaned_data["investment_won"])
        except (ParseError, ValueError) as exc:
            raise ValidationError(str(exc)) from exc
        if amount is None or amount <= 0:
            raise ValidationError(_("Enter an amount of at least 1 won."))
        return amount


class SroiOutcomeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Outcome"), max_length=300)
    stakeholder = forms.CharField(label=_("Stakeholder"), max_length=200, required=False)
    indicator_code = forms.ChoiceField(label=_("Indicator"), required=False, choices=())
    quantity = forms.CharField(label=_("Quantity"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    proxy_value_won = forms.CharField(label=_("Financial proxy (won per unit)"), max_length=40,
                                      widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    proxy_source = forms.CharField(label=_("Source of the proxy"), max_length=300, required=False)
    deadweight = forms.CharField(label=_("Deadweight (%)"), max_length=10, required=False, initial="0")
    attribution = forms.CharField(label=_("Attribution (%)"), max_length=10, required=False, initial="0")
    displacement = forms.CharField(label=_("Displacement (%)"), max_length=10, required=False, initial="0")
    drop_off = forms.CharField(label=_("Drop-off (%)"), max_length=10, required=False, initial="0")
    duration_years = forms.IntegerField(label=_("Duration (years)"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args: Any, indicator_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [("", "—"), *indicator_choices]
        for name in PERCENT_FIELDS + ("quantity", "proxy_value_won"):
            self.fields[name].widget.attrs.setdefault("inputmode", "decimal")

    def clean_quantity(self) -> Decimal:
        return service.parse_number(self.cleaned_data["quantity"], label="성과 수량")

    def clean_proxy_value_won(self) -> Decimal:
        return service.parse_number(self.cleaned_data["proxy_value_won"], label="재무적 대리지표", places=2)

    def _clean_percent(self, name: str) -> Decimal:
        return _percent(self.cleaned_data[name], str(self.fields[name].label)) / 100

    def clean_deadweight(self) -> Decimal:
        return self._clean_percent("deadweight")

    def clean_attribution(self) -> Decimal:
        return self._clean_percent("attribution")

    def clean_displacement(self) -> Decimal:
        return self._clean_percent("displacement")

    def clean_drop_off(self) -> Decimal:
        return self._clean_percent("drop_off")


SroiOutcomeFormSet = forms.formset_factory(SroiOutcomeForm, extra=2, can_delete=True, max_num=50, validate_max=True)


def outcome_initial(outcome: Any) -> dict[str, Any]:
    """An SroiOutcome as the form's initial data (fractions shown as percentages)."""
    data = {name: getattr(outcome, name) for name in ("code", "name", "stakeholder", "indicator_code", "proxy_source",
                                                       "duration_years")}
    data["quantity"] = plain(outcome.quantity)
    data["proxy_value_won"] = plain(outcome.proxy_value_won)
    for name in PERCENT_FIELDS:
        data[name] = plain(getattr(outcome, name) * 100)
    return data
