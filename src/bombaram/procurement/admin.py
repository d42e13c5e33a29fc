"""Public purchase in the back office: institutions, their departments and targets for the 사회적경제과
whose scope covers the institution (web.permissions.can_manage_purchases), every save in the audit
trail; plans, purchases and disclosures read-only (the application's services write them)."""

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
from bombaram.web.admin_scopes import PathScope, ScopedAdmin, ScopedTabularInline
from bombaram.web.permissions import can_edit_department, can_manage_purchases

#: an institution may only be moved to a district the user administers
INSTITUTION_SCOPE = PathScope("", can_manage_purchases, related=("district",), choices_checks={
    "district": lambda user, district: can_manage_purchases(user, Institution(district=district))})


class DepartmentInline(ScopedTabularInline):
    model = Department
    extra = 0


class YearTargetInline(ScopedTabularInline):
    model = YearTarget
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(ScopedAdmin):
    scope = INSTITUTION_SCOPE
    list_display = ["code", "name", "district", "illustrative"]
    inlines = [YearTargetInline, DepartmentInline]


@admin.register(EligibilityPolicy)
class EligibilityPolicyAdmin(ScopedAdmin):
    """The ordinance's eligibility rule, edited by the 사회적경제과 (types as designation codes)."""

    scope = PathScope("institution", can_manage_purchases, related=("district",))
    list_display = ["institution", "district_mode", "sales_hall_counts", "reseller_counts"]
    filter_horizontal = ["designated"]


@admin.register(DepartmentTarget)
class DepartmentTargetAdmin(ScopedAdmin):
    scope = PathScope("department__institution", can_manage_purchases, related=("district",))
    list_display = ["department", "year", "target_won"]
    list_filter = ["year", "department__institution"]


class PlanItemInline(ScopedTabularInline):
    model = PlanItem
    extra = 0


@admin.register(PurchasePlan)
class PurchasePlanAdmin(ScopedAdmin):
    """Read-only: plans are drafted, submitted, approved or returned in the application (services.plans,
    with the state rules and the audit trail)."""

    scope = PathScope("department", can_edit_department, related=("institution__district",))
    read_only = True
    list_display = ["department", "year", "status", "submitted", "decided"]
    list_filter = ["year", "status"]
    inlines = [PlanItemInline]


@admin.register(Purchase)
class PurchaseAdmin(ScopedAdmin):
    """Read-only: purchases are recorded, corrected and withdrawn in the application
    (services.purchases and services.corrections), which decide the eligibility, keep the report's
    sums and the months changed since publication in step, and write the audit trail."""

    scope = PathScope("department", can_edit_department, related=("institution__district",))
    read_only = True
    list_display = ["purchased_on", "department", "supplier_name", "item", "amount_won", "counted"]
    list_filter = ["counted", "channel", "category", "institution"]
    search_fields = ["supplier_name", "item"]
    date_hierarchy = "purchased_on"


@admin.register(Disclosure)
class DisclosureAdmin(ScopedAdmin):
    """Read-only: published disclosures are never changed (corrections are new versions)."""

    scope = PathScope("institution", can_manage_purchases, related=("district",))
    read_only = True
    list_display = ["institution", "kind", "year", "month", "version", "published"]
    list_filter = ["kind", "institution"]
