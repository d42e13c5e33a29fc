from django.urls import path

from bombaram.ecosystem import views

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("report/", views.report, name="statistics-report"),
    path("lq-comparison/", views.lq_comparison, name="lq-comparison"),
    path("download/<slug:table>.<slug:fmt>", views.download, name="statistics-download"),
    path("national/", views.national, name="statistics-national"),
]
