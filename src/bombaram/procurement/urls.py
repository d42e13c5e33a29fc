from bombaram.procurement.views import disclosures, plans, purchases, reports, targets

urlpatterns = [*reports.urlpatterns, *plans.urlpatterns, *purchases.urlpatterns, *disclosures.urlpatterns,
               *targets.urlpatterns]
