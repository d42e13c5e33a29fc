"""Forms of the Delphi study pages (administration) and the panellists' questionnaire."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core.delphi import DecisionRules
from bombaram.valuation.choices import CriticalMethod, QuartileMethod
from bombaram.valuation.models import FrameworkVersion, PanelGroup

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


ANSWER_FIELD = re.compile(r"^(score|suitable|comment)-(\d+)$")


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
