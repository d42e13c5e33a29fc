from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md "Who uses it" that log in (panellists use personal links instead)."""

    CENTRE_ADMIN = "centre_admin", _("Centre or district administrator (사회적경제과)")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    TEAM_STAFF = "team_staff", _("Programme team staff")
    ORGANISATION_STAFF = "organisation_staff", _("Organisation staff")
