"""Forms of the trades between organisations: one trade, and the report's choices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.core.market_trades import Period
from bombaram.market.models import Product
from bombaram.registry.models import Organisation


class TradeForm(forms.Form):
    """A trade entered by one party (or the centre for it): which of the user's organisations, whether it
    sold or bought, and the other party by its registry number."""

    mine = forms.TypedChoiceField(label=_("Your organisation"), coerce=int)
    role = forms.ChoiceField(label=_("Your organisation was"), initial="seller", choices=[
        ("seller", _("the seller (provider)")), ("buyer", _("the buyer (receiver)"))])
    other = forms.IntegerField(label=_("The other organisation's registry number"), min_value=1, max_value=2**31 - 1,
                               help_text=_("The number on the organisation's registry page (#123)"))
    item = forms.CharField(label=_("Item"), max_length=200)
    product = forms.IntegerField(label=_("Catalogue product number (optional)"), min_value=1, max_value=2**63 - 1,
                                 required=False)
    amount_won = forms.IntegerField(label=_("Amount (won)"), min_value=0, max_value=10**15)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mine"].choices = [(o.pk, f"{o.name} (#{o.pk})") for o in organisations.order_by("name")[:3000]]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        mine = Organisation.objects.filter(pk=data["mine"]).first()
        other = Organisation.objects.filter(pk=data["other"]).first()
        if other is None:
            self.add_error("other", f"등록부에 없는 조직 번호입니다: #{data['other']}")
            return data
        if mine is None or mine.pk == other.pk:
            self.add_error("other", "판매 조직과 구매 조직이 같습니다.")
            return data
        seller, buyer = (mine, other) if data["role"] == "seller" else (other, mine)
        data["seller"], data["buyer"], data["product_obj"] = seller, buyer, None
        if data.get("product"):
            data["product_obj"] = Product.objects.filter(pk=data["product"], organisation=seller).first()
            if data["product_obj"] is None:
                self.add_error("product", f"판매 조직({seller.name})의 상품 가운데 상품번호 {data['product']}가 없습니다.")
        return data


class TradeReportForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Group by"), choices=[
        ("district", _("District")), ("designation", _("Organisation type (designation)")),
        ("industry", _("Industry"))], required=False)
    period = forms.ChoiceField(label=_("Period"), choices=[
        (Period.YEAR.value, _("Year")), (Period.QUARTER.value, _("Quarter")), (Period.MONTH.value, _("Month"))],
        required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "끝 날짜가 시작 날짜보다 앞섭니다.")
        return data
