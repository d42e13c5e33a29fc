from django.urls import path  # noqa: F401  (each part of the market adds its block of paths below)

urlpatterns: list = []

# --- needs and matching (mktmatch) ---
from bombaram.market.views import needs as need_views  # noqa: E402

urlpatterns += [
    path("needs/", need_views.need_list, name="need-list"),
    path("needs/new/", need_views.need_new, name="need-new"),
    path("needs/from-plan-item/<int:item>/", need_views.need_from_plan_item, name="need-from-plan-item"),
    path("needs/<int:pk>/", need_views.need_detail, name="need-detail"),
    path("needs/<int:pk>/outcome/", need_views.need_outcome, name="need-outcome"),
    path("gaps/", need_views.gap_view, name="market-gaps"),
    path("gaps/export.<str:fmt>", need_views.gap_export, name="market-gaps-export"),
]
