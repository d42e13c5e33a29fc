import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bombaram.cooperatives.choices import SpaceKind, TenantKind
from bombaram.registry.models import Organisation

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, **DATE)


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, **DATE)


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Space"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of space"), choices=SpaceKind.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=1)
    monthly_fee_won = forms.IntegerField(label=_("Standard monthly fee (won)"), min_value=0, max_value=100_000_000, initial=0)


class TenantForm(forms.Form):
    name = forms.CharField(label=_("Tenant"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of tenant"), choices=TenantKind.choices)
    organisation = forms.ModelChoiceField(label=_("Registry organisation (if registered)"), required=False,
                                          queryset=Organisation.objects.none())

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name")
        if hub.district_id is not None:  # the hub's district's organisations (a list of thousands otherwise)
            organisations = organisations.filter(district=hub.district)
        self.fields["organisation"].queryset = organisations


class TenancyForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Space"), queryset=None)
    tenant = forms.ModelChoiceField(label=_("Tenant"), queryset=None)
    start = forms.DateField(label=_("From"), **DATE)
    end = forms.DateField(label=_("Until (empty: open)"), required=False, **DATE)
    monthly_fee_won = forms.IntegerField(label=_("Monthly fee (won)"), min_value=0, max_value=100_000_000)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = hub.spaces.exclude(kind=SpaceKind.SHARED_ROOM).order_by("kind", "name")
        self.fields["tenant"].queryset = hub.tenants.order_by("name")


class BookingForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Room"), queryset=None)
    tenant = forms.ModelChoiceField(label=_("Booked by"), queryset=None)
    day = forms.DateField(label=_("Date"), **DATE)
    starts = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = hub.spaces.filter(kind=SpaceKind.SHARED_ROOM).order_by("name")
        self.fields["tenant"].queryset = hub.tenants.order_by("name")

    def slot(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        starts = timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["starts"]))
        ends = timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["ends"]))
        return starts, ends


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tenants = forms.ModelMultipleChoiceField(label=_("Tenants taking part"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenants"].queryset = hub.tenants.order_by("name")
