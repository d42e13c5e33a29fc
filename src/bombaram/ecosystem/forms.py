from django import forms
from django.utils.translation import gettext_lazy as _

MODES = [("organisation", _("By organisation (duplicates removed, as the report counts)")),
         ("designation", _("By designation (an organisation counts under each)"))]


class StatisticsForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Counting"), choices=MODES, required=False)
    measure = forms.CharField(label=_("Map measure"), required=False, max_length=60)  # unknown ones: the total

    #: the fields that decide which figures a table holds (a download or the printed report refuses
    #: to give other figures than the ones asked for)
    FIGURE_FIELDS = ("as_of", "mode")


class NationalStatisticsForm(forms.Form):
    """The country view: a date, a way of counting and, to see one 시도 by 시군구, the 시도."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Counting"), choices=MODES, required=False)
    sido = forms.CharField(label=_("Province"), required=False, max_length=20)
