"""Forms of the catalogue: the public search, a product's form (with its photo), the file import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core.market_catalogue import goods_code_problem
from bombaram.market.services.catalogue import PhotoError, resize_photo
from bombaram.procurement.choices import Category
from bombaram.registry.models import DesignationType, District


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 도시락, 청소, 목공")}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)
    designation = forms.TypedChoiceField(label=_("Designation"), required=False, coerce=int, empty_value=None)
    in_district = forms.BooleanField(label=_("Delivers within the district"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + list(Category.choices)
        self.fields["district"].choices = [("", _("All"))] + [(d.pk, d.name) for d in District.objects.order_by("order")]
        self.fields["designation"].choices = [("", _("All"))] + [(t.pk, t.name) for t in DesignationType.objects.all()]


class ProductForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    name = forms.CharField(label=_("Product or service"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    goods_code = forms.CharField(label=_("Goods classification code (조달청)"), max_length=10, required=False,
                                 help_text=_("The 8- or 10-digit 물품분류번호 of the Public Procurement Service, where known"))
    unit = forms.CharField(label=_("Unit"), max_length=40, widget=forms.TextInput(attrs={"placeholder": _("e.g. 개, 인분, 시간")}))
    price_won = forms.IntegerField(label=_("Unit price (won)"), min_value=0, max_value=10**15)
    capacity_per_month = forms.IntegerField(label=_("Capacity per month (units)"), min_value=0, max_value=2_000_000_000,
                                            required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    delivers_in_district = forms.BooleanField(label=_("Delivers within the district"), required=False, initial=True)
    photo = forms.FileField(label=_("Photo"), required=False,
                            help_text=_("JPEG, PNG, GIF or WebP up to 5 MB; it is resized to 1200 pixels."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(self, *args, organisations, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not has_photo:
            del self.fields["remove_photo"]

    def clean_goods_code(self) -> str:
        code = self.cleaned_data["goods_code"].strip().replace("-", "")
        problem = goods_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        from bombaram.market.services.catalogue import MAX_PHOTO_BYTES

        if upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(f"사진 파일이 너무 큽니다: {MAX_PHOTO_BYTES // (1024 * 1024)}MB까지 올릴 수 있습니다.")
        try:
            return resize_photo(upload.read())
        except PhotoError as error:
            raise forms.ValidationError(str(error)) from None


class FileImportForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"))
    dry_run = forms.BooleanField(label=_("Preview only (write nothing)"), required=False, initial=True)
