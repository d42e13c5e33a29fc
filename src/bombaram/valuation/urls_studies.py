"""/valuation/studies/: Delphi study administration (the analysis report is in urls_analysis)."""

from django.urls import path

from bombaram.valuation.views import studies

urlpatterns = [
    path("", studies.study_list, name="study-list"),
    path("new/", studies.study_create, name="study-create"),
    path("<int:pk>/", studies.study_detail, name="study-detail"),
    path("<int:pk>/panellists/add/", studies.panellist_add, name="panellist-add"),
    path("<int:pk>/panellists/<int:panellist_pk>/revoke/", studies.panellist_revoke, name="panellist-revoke"),
    path("<int:pk>/panellists/<int:panellist_pk>/reissue/", studies.panellist_reissue, name="panellist-reissue"),
    path("<int:pk>/rounds/open/", studies.round_open, name="round-open"),
    path("<int:pk>/rounds/<int:round_pk>/close/", studies.round_close, name="round-close"),
    path("<int:pk>/proposals/<int:proposal_pk>/decide/", studies.proposal_decide, name="proposal-decide"),
]
