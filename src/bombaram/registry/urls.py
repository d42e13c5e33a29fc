from django.urls import path

from bombaram.registry import views

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("<int:pk>/figures/", views.yearly_figures_edit, name="yearly-figures-edit"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<str:token>/", views.import_detail, name="import-detail"),
    path("imports/<str:token>/confirm/", views.import_confirm, name="import-confirm"),
]

api_urlpatterns = [
    path("organisations/", views.api_organisation_list, name="api-organisation-list"),
    path("organisations/<int:pk>/", views.api_organisation_detail, name="api-organisation-detail"),
]
