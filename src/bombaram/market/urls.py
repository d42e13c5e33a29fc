from django.urls import path  # noqa: F401  (each part of the market adds its block of paths below)

urlpatterns: list = []

# --- needs and matching (mktmatch) ---
from bombaram.market.views import needs as need_views  # noqa: E402

urlpatterns += [
    path("needs/", need_views.need_list, name="need-list"),
    path("needs/new/", need_views.need_new, name="need-new"),
    path("needs/new/organisation/", need_views.need_new_organisation, name="need-new-organisation"),
    path("needs/new/group/", need_views.need_new_group, name="need-new-group"),
    path("needs/from-plan-item/<int:item>/", need_views.need_from_plan_item, name="need-from-plan-item"),
    path("needs/<int:pk>/", need_views.need_detail, name="need-detail"),
    path("needs/<int:pk>/outcome/", need_views.need_outcome, name="need-outcome"),
    path("gaps/", need_views.gap_view, name="market-gaps"),
    path("gaps/export.<str:fmt>", need_views.gap_export, name="market-gaps-export"),
]

# ---------------------------------------------------------------- catalogue and trades (mktcat)
from bombaram.market.views import catalogue as catalogue_views  # noqa: E402
from bombaram.market.views import trades as trade_views  # noqa: E402

urlpatterns += [
    path("catalogue/", catalogue_views.catalogue, name="market-catalogue"),
    path("catalogue/download.<str:fmt>", catalogue_views.catalogue_download, name="market-catalogue-download"),
    path("catalogue/<int:pk>/", catalogue_views.product_detail, name="market-product"),
    path("catalogue/<int:pk>/photo.jpg", catalogue_views.product_photo, name="market-product-photo"),
    path("catalogue/ours/", catalogue_views.manage, name="market-manage"),
    path("catalogue/ours/download.<str:fmt>", catalogue_views.manage_download, name="market-manage-download"),
    path("catalogue/ours/import/", catalogue_views.catalogue_import, name="market-catalogue-import"),
    path("catalogue/new/", catalogue_views.product_new, name="market-product-new"),
    path("catalogue/<int:pk>/edit/", catalogue_views.product_edit, name="market-product-edit"),
    path("catalogue/<int:pk>/withdraw/", catalogue_views.product_withdraw, name="market-product-withdraw"),
    path("trades/", trade_views.report, name="market-trades"),
    path("trades/download.<str:fmt>", trade_views.report_download, name="market-trades-download"),
    path("trades/ours/", trade_views.our_trades, name="market-our-trades"),
    path("trades/ours/download.<str:fmt>", trade_views.our_trades_download, name="market-our-trades-download"),
    path("trades/ours/import/", trade_views.trades_import, name="market-trades-import"),
    path("trades/<int:pk>/delete/", trade_views.trade_delete, name="market-trade-delete"),
]

from bombaram.market.views import staff as staff_views  # noqa: E402

urlpatterns += [
    path("catalogue/staff/", staff_views.staff_list, name="market-staff"),
    path("catalogue/staff/<int:pk>/remove/", staff_views.staff_remove, name="market-staff-remove"),
]

# the sales ledger and the sales hall (mkthall)
from bombaram.market.views import hall as hall_views  # noqa: E402

urlpatterns += hall_views.urlpatterns

# the market's landing page: the four parts above as one entry of the site navigation
from bombaram.market.views import home as home_views  # noqa: E402

urlpatterns += [
    path("", home_views.market_home, name="market-home"),
]
