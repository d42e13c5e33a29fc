"""/delphi/<token>/: a panellist's questionnaire, reached by their personal link (no account)."""

from django.urls import path

from bombaram.valuation.views import questionnaire

urlpatterns = [
    path("<str:token>/", questionnaire.questionnaire_page, name="questionnaire"),
    path("<str:token>/answer/", questionnaire.questionnaire_answer, name="questionnaire-answer"),
    path("<str:token>/submit/", questionnaire.questionnaire_submit, name="questionnaire-submit"),
    path("<str:token>/propose/", questionnaire.questionnaire_propose, name="questionnaire-propose"),
]
