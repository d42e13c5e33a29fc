"""Choices of the purchase models. Where core.purchase defines the values (category, channel), the
choices take them from there and add only the translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bombaram.core import purchase as rules


class DepartmentKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Department of the district office (구 본청 부서)")
    HEALTH_CENTRE = "health_centre", _("Health centre (보건소)")
    COMMUNITY_CENTRE = "community_centre", _("Community centre (동 주민센터)")
    COUNCIL = "council", _("Council secretariat (구의회 사무국)")
    PUBLIC_CORPORATION = "public_corporation", _("Facilities corporation (시설관리공단)")


class Category(models.TextChoices):
    GOODS = rules.Category.GOODS.value, _("Goods (물품)")
    SERVICES = rules.Category.SERVICES.value, _("Services (용역)")
    CONSTRUCTION = rules.Category.CONSTRUCTION.value, _("Construction (공사)")


class Channel(models.TextChoices):
    DIRECT = rules.Channel.DIRECT.value, _("Direct")
    SALES_HALL = rules.Channel.SALES_HALL.value, _("Social economy sales hall (판매관)")
    RESELLER = rules.Channel.RESELLER.value, _("Reseller or purchasing agent (구매대행)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class DistrictMode(models.TextChoices):
    FLAG = "flag", _("Flag in-district suppliers")
    REQUIRE = "require", _("Count only in-district suppliers")
    IGNORE = "ignore", _("Ignore location")


class DisclosureKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly purchases (월별 구매실적 공시)")
    PLAN = "plan", _("Purchase plan (구매계획 공시)")


class TotalDimension(models.TextChoices):
    """The groupings of ``PurchaseTotal`` (core.purchase.ReportTallies)."""

    SUPPLIER_MONTH = "supplier_month", _("Supplier by month")
    ITEM_MONTH = "item_month", _("Item by month")
    DEPARTMENT_SUPPLIER = "department_supplier", _("Supplier by department")
    FLAGS = "flags", _("Category and flags by month")
