from django.contrib import admin

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

    # A repair here bypasses services.purchases, so the report's sums are recomputed afterwards.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        totals.rebuild(obj.institution)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        totals.rebuild(obj.institution)

    def delete_queryset(self, request, queryset):
        institutions = {p.institution for p in queryset.select_related("institution")}
        super().delete_queryset(request, queryset)
        for institution in institutions:
            totals.rebuild(institution)


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
