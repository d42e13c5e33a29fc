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
