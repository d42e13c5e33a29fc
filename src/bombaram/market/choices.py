from django.db import models
from django.utils.translation import gettext_lazy as _


class OutletKind(models.TextChoices):
    """The sales channels of the sales ledger (판매 경로)."""

    SALES_HALL = "sales_hall", _("Social economy sales hall (판매관)")
    MARKET = "market", _("Market or fair (장터)")
    ONLINE = "online", _("Online shop")
    DIRECT = "direct", _("Direct sale")


class BuyerKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen (개인)")
    ORGANISATION = "organisation", _("Organisation or company")
    DEPARTMENT = "department", _("Public department (공공기관 부서)")


class SalePeriod(models.TextChoices):
    DAY = "day", _("Daily")
    MONTH = "month", _("Month (summary)")
