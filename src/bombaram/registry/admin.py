from django.contrib import admin

from bombaram.registry.models import DesignationType, District, IndustryGroup, Region


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
