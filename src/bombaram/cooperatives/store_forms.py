from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.cooperatives.choices import FoodGroup, ProductCategory, RestrictedItem

NUTRIENT = {"required": False, "min_value": 0, "max_value": 99_999, "decimal_places": 1, "max_digits": 7}


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ProductCategory.choices)
    food_group = forms.ChoiceField(label=_("Food group"), choices=[("", "—"), *FoodGroup.choices], required=False)
    restricted = forms.ChoiceField(label=_("Restricted item"), choices=[("", _("None")), *RestrictedItem.choices],
                                   required=False)
    eco_friendly = forms.BooleanField(label=_("Eco-friendly food"), required=False)
    eco_certification = forms.CharField(label=_("Eco-friendly certification"), max_length=100, required=False)
    serving = forms.CharField(label=_("Serving (1회 제공량)"), max_length=50, required=False)
    energy_kcal = forms.DecimalField(label=_("Energy (kcal)"), **NUTRIENT)
    protein_g = forms.DecimalField(label=_("Protein (g)"), **NUTRIENT)
    saturated_fat_g = forms.DecimalField(label=_("Saturated fat (g)"), **NUTRIENT)
    sugars_g = forms.DecimalField(label=_("Sugars (g)"), **NUTRIENT)
    sodium_mg = forms.DecimalField(label=_("Sodium (mg)"), **NUTRIENT)
    price_won = forms.IntegerField(label=_("Price (won)"), min_value=0, max_value=10_000_000)
    market_price_won = forms.IntegerField(label=_("Market price (won)"), min_value=0, max_value=10_000_000)


class ProductImportForm(forms.Form):
    file = forms.FileField(label=_("Product list (CSV or XLSX)"),
                           help_text=_("Columns: 품목, 구분, 식품군, 판매 제한, 친환경, 친환경 인증, 1회 제공량, 열량, 단백질, "
                                       "포화지방, 당류, 나트륨, 판매가, 시중가. A product already on the list (same name) is updated."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
