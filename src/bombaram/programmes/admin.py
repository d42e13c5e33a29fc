from django.contrib import admin

from bombaram.programmes.models import ProgrammeTeam


@admin.register(ProgrammeTeam)
class ProgrammeTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "cohort", "started", "phone"]
    list_filter = ["cohort"]
    search_fields = ["name", "district__name_ko"]
