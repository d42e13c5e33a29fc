from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.procurement.models import Institution

#: the file types the purchase import reads (core.tabular)
PURCHASE_FILE_TYPES = (".csv", ".xlsx", ".json")


class PurchaseImportForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    file = forms.FileField(label=_("Purchase file"),
                           help_text=_("CSV (UTF-8 or CP949) or XLSX, one purchase per row. Every row is checked "
                                       "first: if any row is refused, nothing is written."))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(
            pk__in=[i.pk for i in institutions]).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(PURCHASE_FILE_TYPES):
            raise forms.ValidationError(_("Upload a CSV, XLSX or JSON file."))
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
