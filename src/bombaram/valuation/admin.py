"""Social value measurement in the back office: read-only, within the user's scope. Frameworks,
Delphi studies, panels, measurements and SROI settings are written by the application's services
(frozen versions, rounds, separation of duties, the audit trail), never here."""

from django.contrib import admin
from django.db import models

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
from bombaram.web.admin_scopes import PathScope, ScopedAdmin, ScopedTabularInline
from bombaram.web.permissions import can_edit_framework, can_enter_measurements, can_manage_study

FRAMEWORK_RELATED = ("owner_team__district", "owner_district")


class ReadOnlyAdmin(ScopedAdmin):
    read_only = True


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    scope = PathScope("", can_edit_framework, related=FRAMEWORK_RELATED)
    list_display = ["name", "slug", "owner_team", "owner_district", "illustrative"]


class FrameworkItemInline(ScopedTabularInline):
    model = FrameworkItem
    fields = ["level", "code", "name", "unit", "result_kind", "direction"]
    extra = 0


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    scope = PathScope("framework", can_edit_framework, related=FRAMEWORK_RELATED)
    list_display = ["framework", "number", "frozen", "created"]
    inlines = [FrameworkItemInline]


class PanelGroupInline(ScopedTabularInline):
    model = PanelGroup
    extra = 0


class RoundInline(ScopedTabularInline):
    model = DelphiRound
    fields = ["number", "status", "closes"]
    extra = 0


STUDY_RELATED = ("version__framework__owner_team__district", "version__framework__owner_district")


@admin.register(DelphiStudy)
class DelphiStudyAdmin(ReadOnlyAdmin):
    scope = PathScope("", can_manage_study, related=STUDY_RELATED)
    list_display = ["title", "version", "quartile_method", "created"]
    inlines = [PanelGroupInline, RoundInline]


@admin.register(Panellist)
class PanellistAdmin(ReadOnlyAdmin):
    """Names and e-mail addresses for sending the links; tokens are never shown (only their hash is stored)."""

    scope = PathScope("study", can_manage_study, related=STUDY_RELATED)
    list_display = ["label", "name", "group", "study", "revoked"]
    exclude = ["token_hash"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    scope = PathScope("team", can_enter_measurements, related=("district",))
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, as the forms
    list_display = ["team", "year", "code", "value", "target", "status"]
    list_filter = ["status", "year"]


class SroiOutcomeInline(ScopedTabularInline):
    model = SroiOutcome
    extra = 0


@admin.register(SroiSetting)
class SroiSettingAdmin(ReadOnlyAdmin):
    scope = PathScope("team", can_enter_measurements, related=("district",))
    list_display = ["team", "year", "discount_rate", "investment_won"]
    inlines = [SroiOutcomeInline]
