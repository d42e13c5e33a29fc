"""/valuation/: frameworks (logic models), their versions, CSV import and export, items; Delphi study
administration and the analysis report; the teams' social accounts (public), their indicator values,
the centre's approval queue, evidence downloads and the monetised layer (SROI).

``questionnaire_urlpatterns`` is mounted at /delphi/: a panellist's questionnaire, reached by their
personal link (no account)."""

from django.urls import path

from bombaram.valuation.views import (
    accounts,
    analysis,
    frameworks,
    home,
    questionnaire,
    sources,
    studies,
)

urlpatterns = [
    path("", home.valuation_home, name="valuation-home"),
    # frameworks
    path("frameworks/", frameworks.framework_list, name="framework-list"),
    path("frameworks/new/", frameworks.framework_create, name="framework-create"),
    path("frameworks/<slug:slug>/", frameworks.framework_detail, name="framework-detail"),
    path("frameworks/<slug:slug>/import/", frameworks.framework_import, name="framework-import"),
    path("frameworks/<slug:slug>/v<int:number>/", frameworks.framework_version, name="framework-version"),
    path("frameworks/<slug:slug>/v<int:number>/indicators.csv", frameworks.framework_export, name="framework-export"),
    path("frameworks/<slug:slug>/v<int:number>/activities.csv", frameworks.framework_export_activities,
         name="framework-export-activities"),
    path("frameworks/<slug:slug>/v<int:number>/new-version/", frameworks.framework_new_version, name="framework-new-version"),
    path("frameworks/<slug:slug>/v<int:number>/items/add/", frameworks.item_add, name="framework-item-add"),
    path("frameworks/<slug:slug>/items/<int:pk>/edit/", frameworks.item_edit, name="framework-item-edit"),
    path("frameworks/<slug:slug>/items/<int:pk>/delete/", frameworks.item_delete, name="framework-item-delete"),
    path("crosswalk/", frameworks.crosswalk, name="crosswalk"),
    path("frameworks/<slug:slug>/sources/", sources.indicator_sources, name="indicator-sources"),
    path("frameworks/<slug:slug>/sources/set/", sources.indicator_source_set, name="indicator-source-set"),
    # Delphi studies
    path("studies/", studies.study_list, name="study-list"),
    path("studies/new/", studies.study_create, name="study-create"),
    path("studies/<int:pk>/", studies.study_detail, name="study-detail"),
    path("studies/<int:pk>/panellists/add/", studies.panellist_add, name="panellist-add"),
    path("studies/<int:pk>/panellists/<int:panellist_pk>/revoke/", studies.panellist_revoke, name="panellist-revoke"),
    path("studies/<int:pk>/panellists/<int:panellist_pk>/reissue/", studies.panellist_reissue, name="panellist-reissue"),
    path("studies/<int:pk>/rounds/open/", studies.round_open, name="round-open"),
    path("studies/<int:pk>/rounds/<int:round_pk>/close/", studies.round_close, name="round-close"),
    path("studies/<int:pk>/proposals/<int:proposal_pk>/decide/", studies.proposal_decide, name="proposal-decide"),
    path("studies/<int:pk>/analysis/", analysis.study_analysis, name="study-analysis"),
    path("studies/<int:pk>/analysis.xlsx", analysis.study_analysis_xlsx, name="study-analysis-xlsx"),
    path("studies/<int:pk>/adopt/", analysis.study_adopt, name="study-adopt"),
    # measurements and social accounts
    path("teams/", accounts.accounts_index, name="accounts-index"),
    path("teams/<int:team>/accounts/<int:year>/", accounts.accounts_team, name="accounts-team"),
    path("teams/<int:team>/accounts/<int:year>/accounts.xlsx", accounts.accounts_team_xlsx, name="accounts-team-xlsx"),
    path("teams/<int:team>/sroi/<int:year>/", accounts.sroi_edit, name="sroi-edit"),
    path("teams/<int:team>/sroi/<int:year>/approve/", accounts.sroi_approve, name="sroi-approve"),
    path("teams/<int:team>/measurements/<int:year>/", accounts.measurement_edit, name="measurement-edit"),
    path("measurements/review/", accounts.measurement_review, name="measurement-review"),
    path("measurements/<int:pk>/decision/", accounts.measurement_decide, name="measurement-decide"),
    path("measurements/<int:pk>/evidence/", accounts.measurement_evidence, name="measurement-evidence"),
]

questionnaire_urlpatterns = [
    path("<str:token>/", questionnaire.questionnaire_page, name="questionnaire"),
    path("<str:token>/answer/", questionnaire.questionnaire_answer, name="questionnaire-answer"),
    path("<str:token>/submit/", questionnaire.questionnaire_submit, name="questionnaire-submit"),
    path("<str:token>/propose/", questionnaire.questionnaire_propose, name="questionnaire-propose"),
]
