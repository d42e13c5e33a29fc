from django.urls import path

from bombaram.programmes import views

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("teams.xlsx", views.team_list_xlsx, name="team-list-xlsx"),
    path("contracts/due/", views.contracts_due, name="contracts-due"),
    path("<int:pk>/", views.team_detail, name="team-detail"),
    path("<int:pk>/print/", views.team_print, name="team-print"),
    path("<int:pk>/manage/", views.team_manage, name="team-manage"),
    path("<int:pk>/consortium/add/", views.member_add, name="member-add"),
    path("<int:pk>/consortium/<int:member>/link/", views.member_link, name="member-link"),
    path("<int:pk>/consortium/<int:member>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/staff/add/", views.staff_add, name="staff-add"),
    path("<int:pk>/staff/<int:staff>/remove/", views.staff_remove, name="staff-remove"),
    path("<int:pk>/contracts/", views.team_contracts, name="team-contracts"),
    path("<int:pk>/contracts/add/", views.contract_add, name="contract-add"),
    path("<int:pk>/contracts/<int:contract>/evaluation/", views.contract_evaluate, name="contract-evaluate"),
]
