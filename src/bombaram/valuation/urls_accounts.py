"""/valuation/: the teams' social accounts (public), their indicator values, the centre's approval
queue, evidence downloads and the monetised layer (SROI)."""

from django.urls import path

from bombaram.valuation.views import accounts

urlpatterns = [
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
