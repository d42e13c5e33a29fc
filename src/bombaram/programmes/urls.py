from django.urls import path

from bombaram.programmes import ledger_views, views

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("<int:pk>/", views.team_detail, name="team-detail"),
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
