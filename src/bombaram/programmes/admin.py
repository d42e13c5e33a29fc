"""Programme teams in the back office: a team is its district's administrators' (and its own staff's,
web.permissions.can_edit_team); every save in the audit trail (web.admin_scopes).

Contracts, consortia, staff and ledger records are not registered here: they change only through the
team pages, where the sunset rule, the review of records, the permissions and the audit trail apply."""

from django.contrib import admin

from bombaram.programmes.models import ProgrammeTeam
from bombaram.web.admin_scopes import PathScope, ScopedAdmin
from bombaram.web.permissions import can_edit_team

#: a team's district may only be changed to one the user administers
TEAM_SCOPE = PathScope("", can_edit_team, related=("district",), choices_checks={
    "district": lambda user, district: can_edit_team(user, ProgrammeTeam(district=district))})


@admin.register(ProgrammeTeam)
class ProgrammeTeamAdmin(ScopedAdmin):
    scope = TEAM_SCOPE
    list_display = ["name", "district", "cohort", "started", "phone"]
    list_filter = ["cohort"]
    search_fields = ["name", "district__name_ko"]
