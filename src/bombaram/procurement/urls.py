from bombaram.procurement.views import disclosures, plans, purchases, reports

urlpatterns = [*reports.urlpatterns, *plans.urlpatterns, *purchases.urlpatterns, *disclosures.urlpatterns]
