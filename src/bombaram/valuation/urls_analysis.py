"""/valuation/studies/<pk>/analysis/: a Delphi study's analysis report, its XLSX, and the adoption of
the selected indicators as the framework's next version."""

from django.urls import path

from bombaram.valuation.views import analysis

urlpatterns = [
    path("<int:pk>/analysis/", analysis.study_analysis, name="study-analysis"),
    path("<int:pk>/analysis.xlsx", analysis.study_analysis_xlsx, name="study-analysis-xlsx"),
    path("<int:pk>/adopt/", analysis.study_adopt, name="study-adopt"),
]
