from django.db import models
from django.utils.translation import gettext_lazy as _


# --- needs and matching (mktmatch) ---
class NeedPoster(models.TextChoices):
    DEPARTMENT = "department", _("Public department")
    ORGANISATION = "organisation", _("Organisation")
    GROUP = "group", _("Group purchase (many buyers)")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MatchOutcomeKind(models.TextChoices):
    CONTACTED = "contacted", _("Contacted")
    QUOTED = "quoted", _("Quoted")
    CONTRACTED = "contracted", _("Contracted")
    PURCHASE_RECORD = "purchase_record", _("Purchase recorded")
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
