from django.urls import path

from bombaram.programmes import ledger_views, views

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

# the activity ledger (활동 대장) and the city roll-up
urlpatterns += [
    path("<int:pk>/ledger/", ledger_views.ledger_list, name="ledger-list"),
    path("<int:pk>/ledger/new/", ledger_views.record_new, name="ledger-new"),
    path("<int:pk>/ledger/submit/", ledger_views.ledger_submit, name="ledger-submit"),
    path("<int:pk>/ledger/<int:record_pk>/", ledger_views.record_detail, name="ledger-record"),
    path("<int:pk>/ledger/<int:record_pk>/review/", ledger_views.record_review, name="ledger-record-review"),
    path("<int:pk>/ledger/organisations/", ledger_views.organisation_search, name="ledger-organisations"),
    path("<int:pk>/ledger/export.<str:fmt>", ledger_views.ledger_export, name="ledger-export"),
    path("<int:pk>/ledger/import/", ledger_views.ledger_import, name="ledger-import"),
    path("review/", ledger_views.review_queue, name="ledger-review"),
    path("outputs/", ledger_views.outputs_page, name="programme-outputs"),
]
