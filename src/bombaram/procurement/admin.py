from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Disclosure,
    EligibilityPolicy,
    Institution,
    PlanItem,
    Purchase,
    PurchasePlan,
    YearTarget,
)
from bombaram.procurement.services import totals


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class YearTargetInline(admin.TabularInline):
    model = YearTarget
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "illustrative"]
    inlines = [YearTargetInline, DepartmentInline]


@admin.register(EligibilityPolicy)
class EligibilityPolicyAdmin(admin.ModelAdmin):
    """The ordinance's eligibility rule, edited by the 사회적경제과 (types as designation codes)."""

    list_display = ["institution", "district_mode", "sales_hall_counts", "reseller_counts"]
    filter_horizontal = ["designated"]


@admin.register(DepartmentTarget)
class DepartmentTargetAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "target_won"]
    list_filter = ["year", "department__institution"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(PurchasePlan)
class PurchasePlanAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "status", "submitted", "decided"]
    list_filter = ["year", "status"]
    inlines = [PlanItemInline]


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    list_display = ["purchased_on", "department", "supplier_name", "item", "amount_won", "counted"]
    list_filter = ["counted", "channel", "category", "institution"]
    search_fields = ["supplier_name", "item"]
    date_hierarchy = "purchased_on"

    # A repair here bypasses services.purchases (the eligibility is not decided again): the report's
    # sums are kept in step, and the month is marked changed for the 사회적경제과, as a correction does.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                totals.remove_purchases([obj.pk])
                obj.revision += 1
                obj.corrected = timezone.now()
            super().save_model(request, obj, form, change)
            totals.add_purchases([obj.pk])

    def delete_model(self, request, obj):
        with transaction.atomic():
            totals.remove_purchases([obj.pk])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            totals.remove_purchases(list(queryset.values_list("pk", flat=True)))
            super().delete_queryset(request, queryset)


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Read-only: published disclosures are never changed (corrections are new versions)."""

    list_display = ["institution", "kind", "year", "month", "version", "published"]
    list_filter = ["kind", "institution"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
