"""Registry in the back office: reference data for superusers; organisations in the administrator's
district (the in-app edit page's check), every save in the audit trail (web.admin_scopes)."""

from django.contrib import admin

from bombaram.core.names import normalise_name
from bombaram.registry.choices import Location
from bombaram.registry.models import (
    CooperativeCount,
    Designation,
    DesignationType,
    District,
    ImportBatch,
    IndustryGroup,
    Organisation,
    Region,
    YearlyFigure,
)
from bombaram.web.admin_scopes import (
    REFERENCE,
    PathScope,
    ScopedAdmin,
    ScopedTabularInline,
    UserScope,
)
from bombaram.web.permissions import can_edit_organisation, can_import


def _organisations_in(user, district) -> bool:
    """can_edit_organisation for any organisation of ``district`` (None: outside the region)."""
    return can_edit_organisation(user, Organisation(district=district))


#: an organisation is its district's: the anchors are the districts, one object is checked as the
#: in-app edit page checks it
ORGANISATION_SCOPE = PathScope("district", _organisations_in, object_check=can_edit_organisation)


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    scope = REFERENCE
    list_display = ["code", "name_ko", "name_en", "aliases"]


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    scope = REFERENCE
    list_display = ["code", "name_ko", "name_en", "region", "order"]
    list_filter = ["region"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(IndustryGroup)
class IndustryGroupAdmin(ScopedAdmin):
    scope = REFERENCE
    list_display = ["code", "name_ko", "name_en", "order"]


@admin.register(DesignationType)
class DesignationTypeAdmin(ScopedAdmin):
    scope = REFERENCE
    list_display = ["precedence", "code", "name_ko", "name_en", "report_column", "is_social_enterprise"]


class DesignationInline(ScopedTabularInline):
    model = Designation
    extra = 0
    fields = ["type", "granted", "ended", "certificate_no", "source", "last_seen", "import_batch", "source_row"]
    readonly_fields = ["import_batch", "source_row"]  # where it came from is recorded, never edited


class YearlyFigureInline(ScopedTabularInline):
    model = YearlyFigure
    extra = 0
    fields = ["year", "employees", "vulnerable_employees", "revenue_won", "operating_profit_won", "wage_support_ends",
              "import_batch", "source_row"]
    readonly_fields = ["import_batch", "source_row"]


class CooperativeCountInline(ScopedTabularInline):
    model = CooperativeCount
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    scope = ORGANISATION_SCOPE
    list_display = ["name", "district", "industry", "business_no", "status", "illustrative"]
    list_filter = ["status", "location", "industry", "illustrative"]
    search_fields = ["name", "business_no", "corporate_no"]
    autocomplete_fields = []
    inlines = [DesignationInline, CooperativeCountInline, YearlyFigureInline]
    readonly_fields = ["name_key", "created", "updated"]

    def save_model(self, request, obj, form, change):
        # as services.update_organisation: the matching key follows the name, the location the district
        obj.name_key = normalise_name(obj.name)
        if "district" in form.changed_data and "location" not in form.changed_data:
            obj.location = Location.IN_REGION if obj.district_id else Location.UNKNOWN
        super().save_model(request, obj, form, change)


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    """Read-only: imports are written by services.import_organisations (whole-region administrators)."""

    scope = UserScope(can_import)
    read_only = True
    list_display = ["created", "filename", "designation", "as_of", "status", "user"]
    list_filter = ["status", "designation"]
    readonly_fields = ["created", "user", "filename", "designation", "as_of", "status", "options", "report"]
