"""Writes for cooperatives' surveys (의견조사): questionnaire, answers from paper forms, answers by link."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import ResponseSource
from bombaram.cooperatives.models import Cooperative, Survey, SurveyAnswer, SurveyChoice
from bombaram.web import audit
from bombaram.web.permissions import can_keep_share_register, check

MAX_PAPER_BATCH = 100_000


def choice_lines(text: str) -> list[str]:
    """Choices written one a line; blank lines dropped; duplicates and fewer than two refused."""
    labels = [line.strip() for line in text.splitlines() if line.strip()]
    if len(labels) < 2:
        raise ValidationError(_("Write at least two choices, one a line."))
    if len(set(labels)) != len(labels):
        raise ValidationError(_("Each choice must be written once."))
    if any(len(label) > 100 for label in labels):
        raise ValidationError(_("A choice may be at most 100 characters."))
    return labels


@transaction.atomic
def create_survey(*, user, cooperative: Cooperative, title: str, question: str, held_on: dt.date, choices: list[str],
                  open_by_link: bool, note: str = "") -> Survey:
    check(can_keep_share_register(user, cooperative))
    survey = Survey.objects.create(cooperative=cooperative, title=title, question=question, held_on=held_on,
                                   open_by_link=open_by_link, note=note, token=secrets.token_urlsafe(24))
    SurveyChoice.objects.bulk_create([SurveyChoice(survey=survey, label=label, order=i) for i, label in enumerate(choices)])
    audit.record("cooperatives.survey.created", actor=user, obj=survey, choices=choices)
    return survey


@transaction.atomic
def enter_paper_answers(*, user, survey: Survey, counts: dict[int, int]) -> int:
    """Record returned paper forms: ``counts`` maps a choice id to how many forms chose it."""
    check(can_keep_share_register(user, survey.cooperative))
    valid = set(survey.choices.values_list("pk", flat=True))
    if set(counts) - valid:
        check(False)
    if any(n < 0 for n in counts.values()) or sum(counts.values()) == 0:
        raise ValidationError(_("Enter how many forms chose each answer (at least one form in all)."))
    if sum(counts.values()) > MAX_PAPER_BATCH:
        raise ValidationError(_("Enter at most 100,000 forms at a time."))
    SurveyAnswer.objects.bulk_create([SurveyAnswer(survey=survey, choice_id=choice, source=ResponseSource.PAPER)
                                      for choice, n in counts.items() for _ in range(n)], batch_size=2000)
    audit.record("cooperatives.survey.paper_entered", actor=user, obj=survey, counts={str(k): v for k, v in counts.items()})
    return sum(counts.values())


@transaction.atomic
def answer_by_link(*, survey: Survey, choice: SurveyChoice) -> SurveyAnswer:
    """An answer given through the survey's link (no account)."""
    if not survey.open_by_link:
        raise ValidationError(_("This survey is not open for answers by link."))
    if choice.survey_id != survey.pk:
        raise ValidationError(_("Choose one of the answers."))
    answer = SurveyAnswer.objects.create(survey=survey, choice=choice, source=ResponseSource.LINK)
    audit.record("cooperatives.survey.answered", obj=survey, choice=choice.pk)
    return answer
