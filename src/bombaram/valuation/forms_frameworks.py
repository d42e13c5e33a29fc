"""Forms of the framework pages (create, import, items) and of the analysis report's adoption."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.choices import Direction, Level, ResultKind
from bombaram.valuation.services.frameworks import EDITABLE_FIELDS

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

    def __init__(self, *args: Any, level: str, **kwargs: Any) -> None:
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
