"""Reads of the valuation app that several pages share."""

from __future__ import annotations

from typing import Any

from django.db import connection

from bombaram.core import collector, delphi_responses
from bombaram.core.delphi import DecisionRules
from bombaram.core.delphi_responses import DelphiResponse
from bombaram.valuation.models import (
    Answer,
    DelphiRound,
    DelphiStudy,
    FrameworkVersion,
    Response,
    RoundItem,
)


@collector.paused()  # 180,000 answers at benchmark size, no cycles among them
def study_responses(study: DelphiStudy) -> list[DelphiResponse]:
    """Every submitted answer of the study as core's DelphiResponse rows. Panellists appear by their
    pseudonym only (``label``); unsubmitted questionnaires are left out.

    Responses and items are looked up once and the answers read as plain integers: a study of
    300 items × 200 panellists × 3 rounds has 180,000 answers."""
    responses = {pk: (number, label, group) for pk, number, label, group in Response.objects.filter(
        round__study=study, submitted__isnull=False).values_list(
        "pk", "round__number", "panellist__label", "panellist__group__name")}
    if not responses:
        return []
    items = dict((pk, (code, kind)) for pk, code, kind in RoundItem.objects.filter(
        round__study=study).values_list("pk", "code", "kind"))
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT a."response_id", a."item_id", a."suitable", a."score" FROM "{table}" a '
            f'JOIN "{Response._meta.db_table}" r ON r."id" = a."response_id" JOIN "{DelphiRound._meta.db_table}" d '
            f'ON d."id" = r."round_id" WHERE d."study_id" = %s AND r."submitted" IS NOT NULL', [study.pk])
        rows = cursor.fetchall()
    out = []
    append = out.append
    for response_id, item_id, suitable, score in rows:
        if response_id not in responses:  # submitted between the two reads: left for the next analysis
            continue
        number, label, group = responses[response_id]
        code, kind = items[item_id]
        append(DelphiResponse(number, label, group, code, kind,
                              None if suitable is None or kind != "indicator" else bool(suitable), score))
    return out


def study_rules(study: DelphiStudy) -> DecisionRules:
    """The study's decision rules as core's DecisionRules."""
    return DecisionRules.from_dict(study.rules or {})


def analyse_study(study: DelphiStudy) -> dict[str, Any]:
    """core.delphi_responses.analyse of the study's submitted answers with the study's settings
    (the same JSON as ``bombaram delphi analyse``)."""
    return delphi_responses.analyse(study_responses(study), quartile_method=study.quartile_method,
                                    rules=study_rules(study), critical_method=study.critical_method)


def current_version(framework: Any) -> FrameworkVersion | None:
    return framework.versions.order_by("-number").first()
