# ---------------------------------------------------------------- the sales hall (mkthall)
from django.contrib import admin

from bombaram.market.models import HallProducer, Promotion, SalesOutlet
from bombaram.web.admin_scopes import PathScope, ScopedAdmin, ScopedTabularInline
from bombaram.web.choices import Role
from bombaram.web.permissions import has_role


def _runs_district(user, district) -> bool:
    """A sales outlet (its producers, commission, promotions) is its district's administrators'; its sales
    change only through the sales ledger's pages (market.services.hall)."""
    return has_role(user, Role.CENTRE_ADMIN, district=district)


OUTLET_SCOPE = PathScope("district", _runs_district,
                         choices_checks={"district": _runs_district})


class HallProducerInline(ScopedTabularInline):
    model = HallProducer
    extra = 0
    raw_id_fields = ["organisation"]


class PromotionInline(ScopedTabularInline):
    model = Promotion
    extra = 0
    filter_horizontal = ["producers"]


@admin.register(SalesOutlet)
class SalesOutletAdmin(ScopedAdmin):
    scope = OUTLET_SCOPE
    list_display = ["name", "kind", "district", "commission_rate_pct", "illustrative"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["operator", "ledger_record"]
    filter_horizontal = ["staff"]
    inlines = [HallProducerInline, PromotionInline]
