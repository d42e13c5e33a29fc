from django.contrib import admin

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


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "aliases"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "region", "order"]
    list_filter = ["region"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(IndustryGroup)
class IndustryGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]


@admin.register(DesignationType)
class DesignationTypeAdmin(admin.ModelAdmin):
    list_display = ["precedence", "code", "name_ko", "name_en", "report_column", "is_social_enterprise"]




class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    fields = ["type", "granted", "ended", "certificate_no", "source", "last_seen", "import_batch", "source_row"]
    readonly_fields = ["import_batch", "source_row"]  # where it came from is recorded, never edited


class YearlyFigureInline(admin.TabularInline):
    model = YearlyFigure
    extra = 0
    fields = ["year", "employees", "vulnerable_employees", "revenue_won", "operating_profit_won", "wage_support_ends",
              "import_batch", "source_row"]
    readonly_fields = ["import_batch", "source_row"]


class CooperativeCountInline(admin.TabularInline):
    model = CooperativeCount
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "industry", "business_no", "status", "illustrative"]
    list_filter = ["status", "location", "industry", "illustrative"]
    search_fields = ["name", "business_no", "corporate_no"]
    autocomplete_fields = []
    inlines = [DesignationInline, CooperativeCountInline, YearlyFigureInline]
    readonly_fields = ["name_key", "created", "updated"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created", "filename", "designation", "as_of", "status", "user"]
    list_filter = ["status", "designation"]
    readonly_fields = ["created", "user", "filename", "designation", "as_of", "status", "options", "report"]
