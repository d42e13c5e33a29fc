from django.urls import path

from bombaram.cooperatives import views

urlpatterns = [
    path("", views.cooperative_list, name="cooperative-list"),
    path("<int:pk>/", views.cooperative_detail, name="cooperative-detail"),
    path("<int:pk>/members/<int:number>/certificate/", views.member_certificate, name="member-certificate"),
    path("<int:pk>/register.<str:fmt>", views.register_download, name="register-download"),
]

urlpatterns += [
    path("<int:pk>/credit/", views.credit_ledger, name="credit-ledger"),
    path("<int:pk>/credit/<int:account_pk>/", views.credit_statement, name="credit-statement"),
]

urlpatterns += [
    path("<int:pk>/surveys/", views.survey_list, name="survey-list"),
    path("<int:pk>/surveys/<int:survey_pk>/", views.survey_detail, name="survey-detail"),
    path("survey/<str:token>/", views.survey_answer, name="survey-answer"),
]

from bombaram.cooperatives import hub_views, store_views  # noqa: E402  (the healthy store's and hub's block)

urlpatterns += [
    path("stores/", store_views.store_list, name="store-list"),
    path("stores/<int:pk>/", store_views.store_detail, name="store-detail"),
    path("stores/<int:pk>/report/", store_views.store_report, name="store-report"),
    path("stores/<int:pk>/report.<str:fmt>", store_views.store_report_download, name="store-report-download"),
    path("stores/<int:pk>/products/<int:product_pk>/", store_views.product_edit, name="product-edit"),
    path("hubs/", hub_views.hub_list, name="hub-list"),
    path("hubs/<int:pk>/", hub_views.hub_detail, name="hub-detail"),
    path("hubs/<int:pk>/bookings/", hub_views.hub_bookings, name="hub-bookings"),
]

from bombaram.cooperatives import founding_views  # noqa: E402  (this part's block)

urlpatterns += [
    path("foundings/", founding_views.founding_list, name="founding-list"),
    path("foundings/<int:pk>/", founding_views.founding_detail, name="founding-detail"),
    path("foundings/<int:pk>/documents/<int:document_pk>/", founding_views.founding_document, name="founding-document"),
    path("foundings/<int:pk>/consenting.csv", founding_views.consenting_csv, name="founding-consenting-csv"),
    path("funds/", founding_views.fund_list, name="fund-list"),
    path("funds/<int:pk>/", founding_views.fund_detail, name="fund-detail"),
    path("funds/<int:pk>/movements.csv", founding_views.fund_csv, name="fund-csv"),
]
