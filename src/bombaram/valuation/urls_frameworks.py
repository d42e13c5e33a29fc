"""/valuation/frameworks/: frameworks (logic models), their versions, CSV import and export, items."""

from django.urls import path

from bombaram.valuation.views import frameworks

urlpatterns = [
    path("", frameworks.framework_list, name="framework-list"),
    path("new/", frameworks.framework_create, name="framework-create"),
    path("<slug:slug>/", frameworks.framework_detail, name="framework-detail"),
    path("<slug:slug>/import/", frameworks.framework_import, name="framework-import"),
    path("<slug:slug>/v<int:number>/", frameworks.framework_version, name="framework-version"),
    path("<slug:slug>/v<int:number>/indicators.csv", frameworks.framework_export, name="framework-export"),
    path("<slug:slug>/v<int:number>/activities.csv", frameworks.framework_export_activities,
         name="framework-export-activities"),
    path("<slug:slug>/v<int:number>/new-version/", frameworks.framework_new_version, name="framework-new-version"),
    path("<slug:slug>/v<int:number>/items/add/", frameworks.item_add, name="framework-item-add"),
    path("<slug:slug>/items/<int:pk>/edit/", frameworks.item_edit, name="framework-item-edit"),
    path("<slug:slug>/items/<int:pk>/delete/", frameworks.item_delete, name="framework-item-delete"),
]
