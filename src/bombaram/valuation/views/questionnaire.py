"""The panellist's questionnaire at /delphi/<token>/ (no account: the personal link is the key).

Answers are saved field by field as the panellist goes (htmx posts one field to
``questionnaire-answer`` and gets back a small "저장됨 HH:MM" status); without JavaScript the same
URL takes the whole page. Submitting is once. A link that opens nothing (unknown, revoked), a
closed round or a passed deadline gets a plain Korean page with 404 or 403.

The token is in every URL here, so: pages carry ``<meta name="referrer" content="same-origin">``
(no other site learns the address; "no-referrer" would make the browser send ``Origin: null`` with
the forms and fail Django's CSRF origin check), nothing here logs, the audit data names the
panellist by id, and the logging configuration redacts the token from any path a Django logger
writes (web/log_filters.RedactLinkTokens).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bombaram.valuation.choices import RoundStatus
from bombaram.valuation.forms import ProposalForm, answers_from_post
from bombaram.valuation.models import Answer
from bombaram.valuation.services import answers, delphi

SCALE = [1, 2, 3, 4, 5, 6, 7]


def _private(response):
    """No caching of a page whose address is a key."""
    add_never_cache_headers(response)
    return response


def _closed(request, *, title: str, message: str, status: int, round_=None, study=None):
    return _private(render(request, "valuation/questionnaire_closed.html", {
        "title": title, "message": message, "round": round_, "study": study}, status=status))


def _link_error(request, exc: delphi.LinkError):
    title = _("Link not found") if exc.status == 404 else _("This link no longer works")
    return _closed(request, title=title, message=exc.messages[0], status=exc.status)


def _state(request, token: str):
    """(panellist, round) when the questionnaire can be shown, or an error response."""
    try:
        panellist = answers.panellist_for_token(token)
    except delphi.LinkError as exc:
        return _link_error(request, exc)
    study = panellist.study
    round_ = answers.current_round(study)
    if round_ is None:
        return _closed(request, title=_("The survey has not started yet"), status=403, study=study,
                       message=_("Round 1 has not been opened yet. Please use your link again when the study team tells you it has started."))
    if round_.status == RoundStatus.CLOSED:
        return _closed(request, title=_("Round %(number)s is closed") % {"number": round_.number}, status=403,
                       study=study, round_=round_,
                       message=_("This round has closed and takes no more answers. Your saved answers are kept. Thank you for taking part."))
    return panellist, round_


def _render(request, token, panellist, round_, questionnaire, *, status=200, submit_problems=None, proposal_form=None):
    now = timezone.now()
    return _private(render(request, "valuation/questionnaire.html", {
        "token": token, "panellist": panellist, "study": panellist.study, "round": round_, "q": questionnaire,
        "editable": not questionnaire.submitted and delphi.accepts_answers(round_, now),
        "scale": SCALE, "submit_problems": submit_problems,
        "proposal_form": proposal_form or ProposalForm(activities=questionnaire.activities),
        "proposals": answers.panellist_proposals(panellist, round_),
    }, status=status))


def questionnaire_page(request, token: str):
    state = _state(request, token)
    if not isinstance(state, tuple):
        return state
    panellist, round_ = state
    questionnaire = answers.questionnaire(panellist, round_)
    if not questionnaire.submitted and not delphi.accepts_answers(round_):
        return _closed(request, title=_("The deadline has passed"), status=403, study=panellist.study, round_=round_,
                       message=_("The deadline of round %(number)s has passed, so answers can no longer be saved or submitted. Your saved answers are kept.")
                       % {"number": round_.number})
    return _render(request, token, panellist, round_, questionnaire)


@require_POST
def questionnaire_answer(request, token: str):
    """htmx: save the one field posted and return its status line. Without htmx: save the whole
    page and come back to it."""
    rows = answers_from_post(request.POST)
    if request.headers.get("HX-Request"):
        return _autosave(request, token, rows)
    state = _state(request, token)
    if not isinstance(state, tuple):
        return state
    try:
        problems = answers.save_answers(token=token, answers=rows)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        for problem in problems:
            messages.error(request, _problem_line(problem))
        if not problems:
            messages.success(request, _("Your answers were saved. You can come back with your link and continue later."))
    return redirect("questionnaire", token=token)


def _problem_line(problem: answers.AnswerProblem) -> str:
    """"2-1.1 참여 기관수: 점수는 …" (only the message when the question is unknown)."""
    return f"{problem.code} {problem.name}: {problem.message}" if problem.code else problem.message


def _autosave(request, token: str, rows):
    context = {"ok": False, "item_id": rows[0]["item_id"] if len(rows) == 1 else None}
    status = 200
    if len(rows) != 1:
        context["message"] = _("Nothing was saved: send one question's answer at a time.")
        status = 400
    else:
        row = rows[0]
        try:
            answers.save_answer(token=token, item_id=row["item_id"], suitable=row.get("suitable"),
                               score=row.get("score"), comment=row.get("comment"))
        except delphi.LinkError as exc:
            context["message"], status = exc.messages[0], exc.status
        except ValidationError as exc:
            context["message"], status = " ".join(exc.messages), 400
        else:
            panellist = answers.panellist_for_token(token)
            answered, total = answers.progress(panellist, delphi.open_round_of(panellist.study))
            context.update(ok=True, time=timezone.localtime(), answered=answered, total=total)
    return _private(render(request, "valuation/_questionnaire_status.html", context, status=status))


@require_POST
def questionnaire_submit(request, token: str):
    """Save whatever answers came with the form, then submit once."""
    state = _state(request, token)
    if not isinstance(state, tuple):
        return state
    panellist, round_ = state
    if answers.has_submitted(panellist, round_):
        messages.error(request, delphi.ALREADY_SUBMITTED)
        return redirect("questionnaire", token=token)
    rows = answers_from_post(request.POST)
    try:
        problems = answers.save_answers(token=token, answers=rows) if rows else []
        if not problems:
            answers.submit_response(token=token, round=round_)
    except ValidationError as exc:
        if not delphi.accepts_answers(round_):
            return redirect("questionnaire", token=token)  # the page says the deadline has passed
        return _render(request, token, panellist, round_, answers.questionnaire(panellist, round_), status=400,
                       submit_problems=exc.messages)
    if problems:
        # The valid answers are saved; the questionnaire is not submitted until every value is right.
        questionnaire = answers.questionnaire(panellist, round_)
        _keep_refused_comments(questionnaire, rows, problems)
        return _render(request, token, panellist, round_, questionnaire, status=400, submit_problems=[
            *map(_problem_line, problems),
            _("Your other answers were saved. Please correct the answers listed here and submit again.")])
    messages.success(request, _("Thank you: your answers to round %(number)s were received.") % {"number": round_.number})
    return redirect("questionnaire", token=token)


def _keep_refused_comments(questionnaire, rows, problems) -> None:
    """Show a refused comment (e.g. too long) again in its box, so that the panellist can shorten
    it instead of typing it anew; only the page shows it, nothing is stored."""
    refused = {p.code for p in problems if p.field == "comment"}
    posted = {row["item_id"]: row["comment"] for row in rows if "comment" in row}
    for question in questionnaire.questions:
        if question.item.code in refused and question.item.pk in posted:
            if question.answer is None:
                question.answer = Answer(item=question.item)
            question.answer.comment = answers.clean_text(posted[question.item.pk])


@require_POST
def questionnaire_propose(request, token: str):
    state = _state(request, token)
    if not isinstance(state, tuple):
        return state
    panellist, round_ = state
    closed = answers.proposals_closed(panellist, round_)
    if closed:  # the page shows no proposal form any more: say why on the page it redirects to
        messages.error(request, closed)
        return redirect("questionnaire", token=token)
    form = ProposalForm(request.POST, activities=answers.rated_activities(round_))
    if form.is_valid():
        try:
            answers.propose_indicator(token=token, parent_code=form.cleaned_data["parent_code"],
                                     name=form.cleaned_data["name"], rationale=form.cleaned_data["rationale"])
        except ValidationError as exc:
            closed = answers.proposals_closed(panellist, round_)
            if closed:  # submitted or past the deadline meanwhile
                messages.error(request, closed)
                return redirect("questionnaire", token=token)
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your proposal was sent to the study team."))
            return redirect("questionnaire", token=token)
    return _render(request, token, panellist, round_, answers.questionnaire(panellist, round_), status=400,
                   proposal_form=form)
