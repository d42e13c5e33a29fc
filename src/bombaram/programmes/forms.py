from django import forms
from django.utils.translation import gettext_lazy as _

from bombaram.programmes.models import ProgrammeTeam

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
