from django.contrib import admin

from bombaram.valuation.models import (
    DelphiRound,
    DelphiStudy,
    Framework,
    FrameworkItem,
    FrameworkVersion,
    Measurement,
    PanelGroup,
    Panellist,
    SroiOutcome,
    SroiSetting,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "owner_team", "owner_district", "illustrative"]


class FrameworkItemInline(admin.TabularInline):
    model = FrameworkItem
    fields = ["level", "code", "name", "unit", "result_kind", "direction"]
    extra = 0


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "frozen", "created"]
    inlines = [FrameworkItemInline]


class PanelGroupInline(admin.TabularInline):
    model = PanelGroup
    extra = 0


class RoundInline(admin.TabularInline):
    model = DelphiRound
    fields = ["number", "status", "closes"]
    extra = 0


@admin.register(DelphiStudy)
class DelphiStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "quartile_method", "created"]
    inlines = [PanelGroupInline, RoundInline]


@admin.register(Panellist)
class PanellistAdmin(admin.ModelAdmin):
    """Names and e-mail addresses for sending the links; tokens are never shown (only their hash is stored)."""

    list_display = ["label", "name", "group", "study", "revoked"]
    exclude = ["token_hash"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "code", "value", "target", "status"]
    list_filter = ["status", "year"]


class SroiOutcomeInline(admin.TabularInline):
    model = SroiOutcome
    extra = 0


@admin.register(SroiSetting)
class SroiSettingAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "discount_rate", "investment_won"]
    inlines = [SroiOutcomeInline]
