"""/valuation/: frameworks, Delphi studies (administration and analysis), measurements and social
accounts. The panellists' questionnaire lives at /delphi/<token>/ (urls_questionnaire)."""

from django.urls import include, path

from bombaram.valuation.views import home

urlpatterns = [
    path("", home.valuation_home, name="valuation-home"),
    path("frameworks/", include("bombaram.valuation.urls_frameworks")),
    path("studies/", include("bombaram.valuation.urls_studies")),
    path("studies/", include("bombaram.valuation.urls_analysis")),
    path("", include("bombaram.valuation.urls_accounts")),
]
