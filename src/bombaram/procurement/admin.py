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


class ReadOnly:
    """Shown, never changed here: the application's services write these (with their rules and the
    audit trail)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class PlanItemInline(ReadOnly, admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(PurchasePlan)
class PurchasePlanAdmin(ReadOnlyAdmin):
    """Read-only: plans are drafted, submitted, approved or returned in the application (services.plans,
    with the state rules and the audit trail)."""

    list_display = ["department", "year", "status", "submitted", "decided"]
    list_filter = ["year", "status"]
    inlines = [PlanItemInline]


@admin.register(Purchase)
class PurchaseAdmin(ReadOnlyAdmin):
    """Read-only: purchases are recorded, corrected and withdrawn in the application
    (services.purchases and services.corrections), which decide the eligibility, keep the report's
    sums and the months changed since publication in step, and write the audit trail."""

    list_display = ["purchased_on", "department", "supplier_name", "item", "amount_won", "counted"]
    list_filter = ["counted", "channel", "category", "institution"]
    search_fields = ["supplier_name", "item"]
    date_hierarchy = "purchased_on"


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    """Read-only: published disclosures are never changed (corrections are new versions)."""

    list_display = ["institution", "kind", "year", "month", "version", "published"]
    list_filter = ["kind", "institution"]
