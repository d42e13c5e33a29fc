from django.contrib import admin

from bombaram.programmes.models import (
    ConsortiumMember,
    Contract,
    ContractTarget,
    ProgrammeTeam,
    TeamStaff,
)


@admin.register(ProgrammeTeam)
class ProgrammeTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "cohort", "started", "phone"]
    list_filter = ["cohort"]
    search_fields = ["name", "district__name_ko"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Contracts, consortia and staff change through the team pages only, where the sunset rule, the
    permissions and the audit trail apply: the back office shows them read-only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ContractTargetInline(admin.TabularInline):
    model = ContractTarget
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["team", "number", "start", "end", "amount_won", "evaluation_date", "evaluation_result", "illustrative"]
    list_filter = ["number", "evaluation_result", "illustrative"]
    search_fields = ["team__name"]
    inlines = [ContractTargetInline]


@admin.register(ConsortiumMember)
class ConsortiumMemberAdmin(ReadOnlyAdmin):
    list_display = ["team", "role", "organisation", "pending_name", "linked"]
    list_filter = ["role"]
    search_fields = ["team__name", "organisation__name", "pending_name"]


@admin.register(TeamStaff)
class TeamStaffAdmin(ReadOnlyAdmin):
    list_display = ["team", "name", "role", "phone", "email", "user"]
    search_fields = ["team__name", "name"]
