from django.urls import path  # noqa: F401  (each part of the market adds its block of paths below)

urlpatterns: list = []

# the sales ledger and the sales hall (mkthall)
from bombaram.market.views import hall as hall_views  # noqa: E402

urlpatterns += hall_views.urlpatterns
