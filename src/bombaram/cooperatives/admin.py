"""The cooperatives' registers in the back office: shown to the administrators whose scope covers the
cooperative's (or founding's, or fund's) district, never changed here. Share events, credit transfers,
survey answers, founding steps and fund movements change only through their pages, where the register's
rules, the permissions (a cooperative's officers, its district's administrators) and the audit trail apply.
(Every model registered in the back office must use web.admin_scopes.ScopedAdmin; see
tests/web/test_admin_scopes.py.)"""

from django.contrib import admin

from bombaram.cooperatives.models import Cooperative, Founding, LocalFund, Survey
from bombaram.web.admin_scopes import PathScope, ScopedAdmin
from bombaram.web.permissions import administers_district


@admin.register(Cooperative)
class CooperativeAdmin(ScopedAdmin):
    scope = PathScope("organisation__district", administers_district)
    read_only = True
    list_display = ["organisation", "share_price_won"]
    search_fields = ["organisation__name"]


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    scope = PathScope("cooperative__organisation__district", administers_district)
    read_only = True
    list_display = ["title", "cooperative", "held_on", "open_by_link"]
    exclude = ["token"]


@admin.register(Founding)
class FoundingAdmin(ScopedAdmin):
    scope = PathScope("district", administers_district)
    read_only = True
    list_display = ["name", "district", "stage", "assembly_on", "founded_on"]
    list_filter = ["stage"]


@admin.register(LocalFund)
class LocalFundAdmin(ScopedAdmin):
    scope = PathScope("district", administers_district)
    read_only = True
    list_display = ["name", "district", "team", "opened_on"]
