"""Surveys: the 독산고 parent survey reproduces; paper entry and answers by link; refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.cooperatives import queries, surveys
from bombaram.cooperatives.models import Survey, SurveyAnswer
from bombaram.web.choices import Role


def test_doksan_parent_survey_reproduces_278_answers_and_64_75_pct(doksan):
    survey = Survey.objects.get(cooperative=doksan, title__contains="의견조사")
    n, rows = queries.survey_results(survey)
    assert n == 278
    assert [(r.choice, r.count, f"{r.share_pct:.2f}") for r in rows] == [("찬성", 180, "64.75"), ("반대", 98, "35.25")]
    assert "180부 하나뿐" in survey.note                                # the inferred count is said, not hidden


def test_paper_entry_link_answers_and_results_page(client, doksan, officer):
    survey = surveys.create_survey(user=officer, cooperative=doksan, title="학생 조합원 가입 의견", question="학생에게 조합원 자격을 줄까요?",
                                   held_on=dt.date(2014, 3, 2), choices=["예", "아니오", "모르겠다"], open_by_link=True)
    yes, no, unsure = survey.choices.order_by("order")
    assert surveys.enter_paper_answers(user=officer, survey=survey, counts={yes.pk: 3, no.pk: 1, unsure.pk: 0}) == 4
    # answering by link, without an account; a second answer from the same browser is not taken
    page = client.get(f"/cooperatives/survey/{survey.token}/")
    assert "학생에게 조합원 자격을 줄까요?" in page.content.decode()
    assert client.post(f"/cooperatives/survey/{survey.token}/", {"choice": no.pk}).status_code == 302
    client.post(f"/cooperatives/survey/{survey.token}/", {"choice": no.pk})
    assert SurveyAnswer.objects.filter(survey=survey, source="link").count() == 1
    n, rows = queries.survey_results(survey)
    assert n == 5 and [(r.count, round(r.share_pct, 2)) for r in rows] == [(3, 60.0), (2, 40.0), (0, 0.0)]
    client.force_login(officer)
    html = client.get(f"/cooperatives/{doksan.pk}/surveys/{survey.pk}/").content.decode()
    assert "결과 (응답 5부)" in html and ">60.00<" in html


def test_bad_input_is_refused_and_nothing_written(client, doksan, officer, make_user):
    survey = Survey.objects.get(cooperative=doksan)
    before = SurveyAnswer.objects.count()
    with pytest.raises(ValidationError):
        surveys.enter_paper_answers(user=officer, survey=survey, counts={c.pk: 0 for c in survey.choices.all()})
    with pytest.raises(ValidationError):                        # the 독산고 survey was on paper only
        surveys.answer_by_link(survey=survey, choice=survey.choices.first())
    assert client.get(f"/cooperatives/survey/{survey.token}/").status_code == 404
    with pytest.raises(PermissionDenied):
        surveys.enter_paper_answers(user=make_user("other", Role.ORGANISATION_STAFF), survey=survey,
                                    counts={survey.choices.first().pk: 1})
    client.force_login(officer)
    response = client.post(f"/cooperatives/{doksan.pk}/surveys/", {"s-title": "x", "s-question": "q", "s-held_on": "2014-01-01",
                                                                   "s-choices": "예\n\n예"})
    assert response.status_code == 400 and "같은 보기를 두 번 적을 수 없습니다." in response.content.decode()
    response = client.post(f"/cooperatives/{doksan.pk}/surveys/{survey.pk}/", {f"p-choice_{c.pk}": "-1" for c in survey.choices.all()})
    assert response.status_code == 400
    assert SurveyAnswer.objects.count() == before and Survey.objects.filter(cooperative=doksan).count() == 1
