"""A panellist's side of a Delphi study: the personal link, answers saved as they go and submitted
once, proposals of new indicators, and from round 2 the previous round's figures beside each question.

The link's token is checked against its SHA-256 (``models.hash_token``) and never stored, logged or
audited; the audit names the panellist by id. A round past its deadline accepts nothing even while
still "open"; answers already saved are kept whatever happens to the link or the round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from bombaram.core.delphi import ALL_GROUP
from bombaram.valuation import queries
from bombaram.valuation.choices import ItemKind, RoundStatus
from bombaram.valuation.models import (
    SCORE_MAX,
    SCORE_MIN,
    Answer,
    DelphiRound,
    DelphiStudy,
    Panellist,
    Proposal,
    Response,
    RoundItem,
    hash_token,
)
from bombaram.valuation.services.delphi import (
    ALREADY_SUBMITTED,
    MAX_COMMENT_LENGTH,
    MAX_PROPOSAL_NAME_LENGTH,
    MAX_TOKEN_LENGTH,
    REVOKED_LINK,
    UNKNOWN_LINK,
    LinkError,
    _now,
    accepts_answers,
    open_round_of,
)
from bombaram.web import audit

# C0/C1 control characters except tab, line feed and carriage return. PostgreSQL refuses NUL (\x00)
# in text with an error (a 500); the others cannot be typed and would only garble what is shown.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: Any) -> str:
    """``value`` as text with surrounding spaces and invisible control characters (NUL among
    them) removed; line breaks (a browser's CRLF made one character, as its maxlength counts them)
    and tabs are kept."""
    return _CONTROL_CHARACTERS.sub("", str(value).replace("\r\n", "\n")).strip()


def panellist_for_token(token: str) -> Panellist:
    """The panellist whose link carries ``token``; LinkError (Korean) for an unknown or revoked link."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkError(UNKNOWN_LINK, status=404)
    panellist = (Panellist.objects.select_related("study__version__framework", "group")
                 .filter(token_hash=hash_token(token)).first())
    if panellist is None:
        raise LinkError(UNKNOWN_LINK, status=404)
    if panellist.revoked is not None:
        raise LinkError(REVOKED_LINK, status=403)
    return panellist


def current_round(study: DelphiStudy) -> DelphiRound | None:
    """The open round, else the latest round that was opened; None before round 1."""
    rounds = [r for r in study.rounds.all() if r.status != RoundStatus.DRAFT]
    opened = [r for r in rounds if r.status == RoundStatus.OPEN]
    if opened:
        return opened[0]
    return rounds[-1] if rounds else None


def _answering(token: str, now: dt.datetime) -> tuple[Panellist, DelphiRound, Response]:
    """The panellist, their study's open round and their (locked) questionnaire, when answers may
    still change; ValidationError with the reason otherwise."""
    panellist = panellist_for_token(token)
    round_ = open_round_of(panellist.study)
    if round_ is None:
        raise ValidationError("지금 진행 중인 조사가 없습니다. 마감된 조사에는 답할 수 없습니다.")
    if not accepts_answers(round_, now):
        raise ValidationError(f"{round_.number}차 조사의 마감 시각이 지나 더 이상 답할 수 없습니다. "
                              "이미 저장한 응답은 보관되어 있습니다.")
    response, _ = Response.objects.get_or_create(round=round_, panellist=panellist)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted is not None:
        raise ValidationError(ALREADY_SUBMITTED)
    return panellist, round_, response


def _parse_score(score: Any) -> int:
    """An integer 1–7 (or its digits as text)."""
    text = str(score).strip()
    if isinstance(score, bool) or not (isinstance(score, int) or (text.isascii() and text.isdigit())):
        raise ValidationError(f"점수는 {SCORE_MIN}에서 {SCORE_MAX} 사이의 정수로 골라 주세요 (받은 값: '{text[:10]}').")
    value = int(text)
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError(f"점수는 {SCORE_MIN}에서 {SCORE_MAX} 사이로 골라 주세요 (받은 값: {value}).")
    return value


def _parse_suitable(suitable: Any) -> bool:
    if isinstance(suitable, bool):
        return suitable
    text = str(suitable).strip().lower()
    if text in {"1", "yes", "y", "true", "예", "적합"}:
        return True
    if text in {"0", "no", "n", "false", "아니오", "아니요", "부적합"}:
        return False
    raise ValidationError("적합 또는 부적합 가운데 하나를 골라 주세요.")


def _store(response: Response, item: RoundItem, *, suitable: Any = None, score: Any = None,
           comment: str | None = None) -> Answer | None:
    """Validate and store the given fields of one answer (None: leave the field as it is)."""
    values: dict[str, Any] = {}
    if score is not None and score != "":
        values["score"] = _parse_score(score)
    if suitable is not None and suitable != "":
        if item.kind != ItemKind.INDICATOR:
            raise ValidationError("활동 문항에는 적합 여부를 묻지 않습니다. 점수만 골라 주세요.")
        values["suitable"] = _parse_suitable(suitable)
    if comment is not None:
        comment = clean_text(comment)
        if len(comment) > MAX_COMMENT_LENGTH:
            raise ValidationError(f"의견은 {MAX_COMMENT_LENGTH:,}자 이내로 적어 주세요.")
        values["comment"] = comment
    answer = Answer.objects.filter(response=response, item=item).first()
    if answer is None:
        if all(value in (None, "") for value in values.values()):
            return None  # an empty comment box of an unanswered question: nothing to keep
        answer = Answer.objects.create(response=response, item=item, **values)
    elif values:
        audit.save_changes(answer, values)
    return answer


def _item_of(round_: DelphiRound, item_id: Any) -> RoundItem:
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        pk = None
    item = RoundItem.objects.filter(pk=pk, round=round_).first() if pk is not None else None
    if item is None:
        raise ValidationError("이 문항은 지금 진행 중인 조사에 없습니다. 화면을 새로 고친 뒤 다시 답해 주세요.")
    return item


@transaction.atomic
def save_answer(*, token: str, item_id: Any, suitable: Any = None, score: Any = None, comment: str | None = None,
                now: dt.datetime | None = None) -> Answer | None:
    """Save one or more fields of the panellist's answer to one question (autosave).

    The question must belong to the round now open in the panellist's study, the round must be
    before its deadline and the questionnaire not yet submitted; a score is 1–7, a yes/no only for
    indicators. Saving again updates the answer. Returns the answer (None when nothing was given
    for a question not yet answered)."""
    _, round_, response = _answering(token, _now(now))
    item = _item_of(round_, item_id)
    answer = _store(response, item, suitable=suitable, score=score, comment=comment)
    response.save(update_fields=["updated"])
    return answer


@dataclass
class AnswerProblem:
    code: str
    name: str
    message: str
    field: str = ""  # "suitable", "score" or "comment"; "" when the question itself is unknown


@transaction.atomic
def save_answers(*, token: str, answers: Iterable[dict[str, Any]], now: dt.datetime | None = None) -> list[AnswerProblem]:
    """Save a whole page of answers (the questionnaire without JavaScript): every valid field is
    stored; the problems of the others are returned, their earlier values kept.

    ``answers``: dicts with ``item_id`` and any of ``suitable``, ``score``, ``comment``."""
    _, round_, response = _answering(token, _now(now))
    items = {i.pk: i for i in round_.items.all()}
    problems: list[AnswerProblem] = []
    for row in answers:
        item = items.get(_int_or_none(row.get("item_id")))
        if item is None:
            problems.append(AnswerProblem("", "", "이 문항은 지금 진행 중인 조사에 없습니다."))
            continue
        for name in ("suitable", "score", "comment"):  # field by field: one bad value keeps the others
            if name not in row:
                continue
            try:
                with transaction.atomic():
                    _store(response, item, **{name: row[name]})
            except ValidationError as exc:
                problems.append(AnswerProblem(item.code, item.name, " ".join(exc.messages), name))
    response.save(update_fields=["updated"])
    return problems


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def missing_answers(round_: DelphiRound, response: Response | None) -> list[str]:
    """What is still unanswered, one Korean line per question: activities need a score,
    indicators a yes/no and a score."""
    answers = {a.item_id: a for a in response.answers.all()} if response is not None else {}
    out = []
    for item in round_.items.all():
        answer = answers.get(item.pk)
        lacking = []
        if item.kind == ItemKind.INDICATOR and (answer is None or answer.suitable is None):
            lacking.append("적합 여부")
        if answer is None or answer.score is None:
            lacking.append("중요도" if item.kind == ItemKind.INDICATOR else "적합성 점수")
        if lacking:
            out.append(f"{item.code} {item.name}: {', '.join(lacking)}")
    return out


def progress(panellist: Panellist, round_: DelphiRound) -> tuple[int, int]:
    """(questions fully answered, questions) of the panellist's questionnaire, without the
    round feedback (cheap enough for every autosave)."""
    items = dict(round_.items.values_list("pk", "kind"))
    answered = 0
    for item_id, suitable, score in Answer.objects.filter(
            response__round=round_, response__panellist=panellist).values_list("item_id", "suitable", "score"):
        answered += score is not None and (items.get(item_id) != ItemKind.INDICATOR or suitable is not None)
    return answered, len(items)


@transaction.atomic
def submit_response(*, token: str, round: DelphiRound, now: dt.datetime | None = None) -> Response:  # noqa: A002
    """Submit the panellist's questionnaire of ``round`` once. Every question must be answered
    (the missing ones are listed); a second submission is refused and changes nothing."""
    now = _now(now)
    panellist = panellist_for_token(token)
    if round.study_id != panellist.study_id:
        raise ValidationError("이 조사의 설문이 아닙니다.")
    response = Response.objects.filter(round=round, panellist=panellist).first()
    if response is not None and response.submitted is not None:
        raise ValidationError(ALREADY_SUBMITTED)
    _, open_round, response = _answering(token, now)
    if open_round.pk != round.pk:
        raise ValidationError(f"{round.number}차 조사는 지금 진행 중이 아닙니다.")
    missing = missing_answers(open_round, response)
    if missing:
        raise ValidationError([f"아직 답하지 않은 문항이 {len(missing)}개 있습니다. 모두 답한 뒤 제출해 주세요.", *missing])
    response.submitted = now
    response.save(update_fields=["submitted", "updated"])
    audit.record("valuation.response.submitted", obj=response, study=panellist.study_id, round=open_round.number,
                 panellist=panellist.pk, answers=response.answers.count())
    return response


@transaction.atomic
def propose_indicator(*, token: str, parent_code: str, name: str, rationale: str = "",
                      now: dt.datetime | None = None) -> Proposal:
    """A panellist proposes a new indicator under a rated activity of the current round; the
    administrator decides, and accepted proposals enter the next round marked 신규."""
    panellist, round_, _ = _answering(token, _now(now))
    parent_code = clean_text(parent_code or "")
    if not round_.items.filter(code=parent_code, kind=ItemKind.ACTIVITY).exists():
        raise ValidationError("지표를 제안할 활동을 목록에서 골라 주세요.")
    name = clean_text(name or "")
    if not name:
        raise ValidationError("제안할 지표의 이름을 적어 주세요.")
    if len(name) > MAX_PROPOSAL_NAME_LENGTH:
        raise ValidationError(f"지표 이름은 {MAX_PROPOSAL_NAME_LENGTH}자 이내로 적어 주세요.")
    rationale = clean_text(rationale or "")
    if len(rationale) > MAX_COMMENT_LENGTH:
        raise ValidationError(f"제안 이유는 {MAX_COMMENT_LENGTH:,}자 이내로 적어 주세요.")
    if Proposal.objects.filter(round=round_, panellist=panellist, parent_code=parent_code, name=name).exists():
        raise ValidationError("같은 활동에 같은 지표를 이미 제안했습니다.")
    proposal = Proposal.objects.create(round=round_, panellist=panellist, parent_code=parent_code, name=name,
                                       rationale=rationale)
    audit.record("valuation.proposal.created", obj=proposal, study=panellist.study_id, round=round_.number,
                 panellist=panellist.pk, parent_code=parent_code, indicator=name)
    return proposal


def proposals_closed(panellist: Panellist, round_: DelphiRound, now: dt.datetime | None = None) -> str | None:
    """Why the panellist can no longer propose an indicator in ``round_`` (a Korean sentence), or
    None while proposals are taken: like answers, until the deadline and before submitting."""
    if not accepts_answers(round_, _now(now)):
        return (f"{round_.number}차 조사가 마감되어 지표 제안을 더 이상 받지 않습니다. "
                "이미 보낸 제안은 보관되어 있습니다.")
    if has_submitted(panellist, round_):
        return "설문을 제출한 뒤에는 지표를 제안할 수 없습니다. 이미 보낸 제안은 보관되어 있습니다."
    return None


def has_submitted(panellist: Panellist, round_: DelphiRound) -> bool:
    return Response.objects.filter(round=round_, panellist=panellist, submitted__isnull=False).exists()


def rated_activities(round_: DelphiRound) -> list[RoundItem]:
    """The round's activity questions: where a panellist may propose an indicator."""
    return list(round_.items.filter(kind=ItemKind.ACTIVITY).order_by("position"))


def panellist_proposals(panellist: Panellist, round_: DelphiRound) -> list[Proposal]:
    return list(Proposal.objects.filter(panellist=panellist, round=round_).order_by("created"))



FIGURE_KEYS = ("n", "suitable_share", "mean", "median", "q1", "q3")
#: figures of fewer answers are not fed back: with two, a panellist who knows their own answer
#: knows the other's (the report's panels are 26-27; a group of one is one person's answer)
MIN_FEEDBACK_N = 3


def _previous_round_figures(round_: DelphiRound, previous: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The closed previous round's figures per (question code, group), every group. A closed round
    does not change, so they are remembered (the whole study is analysed to get them: 0.34 s at
    300 questions × 200 panellists × 3 rounds, once instead of on every page a panellist opens).
    The key holds the study's settings and the round's submitted count, so a change of method or a
    late correction is never served stale."""
    study = round_.study
    closed = DelphiRound.objects.filter(study=study, number=previous).first()
    submitted = Response.objects.filter(round=closed, submitted__isnull=False).count() if closed else 0
    rules = hashlib.sha256(json.dumps(queries.study_rules(study).to_dict(), sort_keys=True).encode()).hexdigest()[:16]
    key = (f"delphi-feedback:{study.pk}:{closed.pk if closed else 0}:{closed.status if closed else ''}:{submitted}:"
           f"{study.quartile_method}:{study.critical_method}:{rules}")
    figures = cache.get(key)
    if figures is None:
        figures = {(row["item_code"], row["group"]): {k: row.get(k) for k in FIGURE_KEYS}
                   for row in queries.analyse_study(study)["items"] if row["round"] == previous}
        cache.set(key, figures, timeout=24 * 3600)
    return figures


def _shown(figures: dict[str, Any] | None) -> dict[str, Any] | None:
    """The figures if enough panellists answered, else a marker the page explains."""
    if figures is None:
        return None
    if (figures.get("n") or 0) < MIN_FEEDBACK_N:
        return {"too_few": True, "n": figures.get("n") or 0}
    return figures


def round_feedback(round: DelphiRound, panellist: Panellist) -> dict[str, dict[str, Any]]:  # noqa: A002
    """For round ≥ 2, per question code: the previous round's figures of the whole panel ("all")
    and of the panellist's group (n, suitable_share, mean, median, q1, q3 from
    queries.analyse_study, i.e. submitted questionnaires only), and the panellist's own previous
    answer ("own": suitable, score, or None). 신규 questions have no previous figures. Figures of
    fewer than MIN_FEEDBACK_N answers are withheld ({"too_few": True}). Nothing identifies other
    panellists."""
    if round.number < 2:
        return {}
    previous = round.number - 1
    group = panellist.group.name
    figures = _previous_round_figures(round, previous)
    own = {code: (suitable, score) for code, suitable, score in Answer.objects.filter(
        response__panellist=panellist, response__round__study=round.study_id, response__round__number=previous,
    ).values_list("item__code", "suitable", "score")}
    out = {}
    for item in round.items.all():
        mine = own.get(item.code)
        out[item.code] = {
            "all": _shown(figures.get((item.code, ALL_GROUP))),
            "group": _shown(figures.get((item.code, group))),
            "group_name": group,
            "own": None if mine is None else {"suitable": mine[0], "score": mine[1]},
            "previous_round": previous,
            "min_n": MIN_FEEDBACK_N,
        }
    return out


@dataclass
class Question:
    item: RoundItem
    answer: Answer | None
    feedback: dict[str, Any] | None

    @property
    def complete(self) -> bool:
        a = self.answer
        if a is None or a.score is None:
            return False
        return self.item.kind != ItemKind.INDICATOR or a.suitable is not None


@dataclass
class ActivityBlock:
    """An activity question with the indicator questions under it."""

    activity: Question | None
    context: str
    indicators: list[Question] = field(default_factory=list)


@dataclass
class GoalSection:
    goal: str
    blocks: list[ActivityBlock] = field(default_factory=list)


@dataclass
class Questionnaire:
    panellist: Panellist
    round: DelphiRound
    response: Response | None
    sections: list[GoalSection]
    questions: list[Question]
    activities: list[RoundItem]

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(q.complete for q in self.questions)

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.submitted is not None


def questionnaire(panellist: Panellist, round_: DelphiRound) -> Questionnaire:
    """The panellist's questionnaire of ``round_``: questions grouped by goal → activity with
    their saved answers and, from round 2, the previous round's feedback."""
    response = Response.objects.filter(round=round_, panellist=panellist).first()
    answers = {a.item_id: a for a in response.answers.all()} if response is not None else {}
    feedback = round_feedback(round_, panellist)
    items = list(round_.items.all().order_by("position"))
    questions = [Question(i, answers.get(i.pk), feedback.get(i.code)) for i in items]
    sections: list[GoalSection] = []
    for question in questions:
        item = question.item
        if not sections or sections[-1].goal != item.goal:
            sections.append(GoalSection(item.goal))
        blocks = sections[-1].blocks
        if item.kind == ItemKind.ACTIVITY:
            blocks.append(ActivityBlock(question, item.context))
        elif blocks and blocks[-1].activity is not None and item.code.startswith(blocks[-1].activity.item.code + "."):
            blocks[-1].indicators.append(question)
        elif blocks and blocks[-1].activity is None and blocks[-1].context == item.context:
            blocks[-1].indicators.append(question)
        else:  # an indicator whose activity is not asked in this round
            blocks.append(ActivityBlock(None, item.context, [question]))
    return Questionnaire(panellist, round_, response, sections, questions,
                         [i for i in items if i.kind == ItemKind.ACTIVITY])

