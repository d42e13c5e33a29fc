"""The panellist's questionnaire at /delphi/<token>/: links, autosave, deadlines, submitting once,
proposals and the round-2 feedback page, all without an account."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bombaram.valuation.models import Answer, DelphiRound, Proposal, Response
from bombaram.valuation.services import answers, delphi
from bombaram.web.models import AuditEvent
from tests.valuation.test_delphi_study import (
    GROUPS,
    NAMES,
    make_panel,
    make_round_one,
    make_version,
)

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def admin(reference, make_user):
    from bombaram.registry.models import District
    from bombaram.web.choices import Role

    return make_user("seongbuk-admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


@pytest.fixture
def study(admin):
    return delphi.create_study(user=admin, version=make_version(), title="성북 평가지표 델파이 조사", groups=GROUPS,
                               introduction="응답에는 15분 정도 걸립니다.")


@pytest.fixture
def running(study, admin):
    """Round 1 open for a week, two panellists (P01 시 단위 전문가, P02 자치구 현장… see make_panel)."""
    panel = make_panel(study, admin, count=3)
    round_ = delphi.open_round(user=admin, study=study, number=1, closes=timezone.now() + dt.timedelta(days=7))
    return round_, panel


def url(name: str, token: str) -> str:
    return reverse(name, args=[token])


def item(round_: DelphiRound, code: str):
    return round_.items.get(code=code)



def checked(page: str, name: str) -> list[str]:
    """The values of the checked radio buttons called ``name``."""
    return re.findall(rf'name="{name}" value="(\w+)" checked', page)


def test_the_questionnaire_opens_on_the_link_without_an_account(client, running):
    round_, panel = running
    (_, token) = panel[0]
    response = client.get(url("questionnaire", token))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="referrer" content="same-origin">' in page
    assert "응답에는 15분 정도 걸립니다." in page
    assert "9문항 중 0문항 응답" in page
    assert page.index("사회적 경제 주체 역량을 강화한다") < page.index("초기 진단 및 모니터링") < page.index("지역 연계를 넓힌다")
    assert page.count('type="radio"') == 4 * 7 + 5 * (7 + 2)  # activities: 7-point scale; indicators: yes/no + 7
    assert "<legend>" in page and 'for="comment-' in page
    assert "리더 참여기관수" not in page  # new in round 2
    assert "no-store" in response["Cache-Control"]


def test_unknown_and_revoked_links_get_a_clear_page_and_answers_are_kept(client, running, admin, caplog):
    round_, panel = running
    panellist, token = panel[0]
    client.post(url("questionnaire-answer", token), {f"score-{item(round_, '1-2').pk}": "5"}, **HX)
    with caplog.at_level(logging.INFO):
        unknown = client.get(url("questionnaire", "not-a-real-token-" + "x" * 30))
        delphi.revoke_link(user=admin, panellist=panellist)
        revoked = client.get(url("questionnaire", token))
        autosave = client.post(url("questionnaire-answer", token), {f"score-{item(round_, '1-2').pk}": "2"}, **HX)
    assert unknown.status_code == 404 and "이 링크로 열 수 있는 설문이 없습니다" in unknown.content.decode()
    assert revoked.status_code == 403 and "더 이상 쓸 수 없습니다" in revoked.content.decode()
    assert "보관되어 있습니다" in revoked.content.decode()
    assert autosave.status_code == 403
    assert token not in caplog.text  # Django's request log would have written the path
    assert Answer.objects.get(response__panellist=panellist).score == 5
    new = delphi.reissue_link(user=admin, panellist=panellist)
    assert checked(client.get(url("questionnaire", new)).content.decode(), f"score-{item(round_, '1-2').pk}") == ["5"]


def test_autosave_saves_one_field_at_a_time_and_the_page_shows_it_again(client, running):
    round_, panel = running
    _, token = panel[0]
    indicator = item(round_, "1-1-1.1")
    response = client.post(url("questionnaire-answer", token), {f"suitable-{indicator.pk}": "1"}, **HX)
    assert response.status_code == 200 and "저장됨" in response.content.decode()
    client.post(url("questionnaire-answer", token), {f"score-{indicator.pk}": "6"}, **HX)
    response = client.post(url("questionnaire-answer", token), {f"comment-{indicator.pk}": "측정 주기를 적어 주세요"}, **HX)
    assert 'id="q-progress" hx-swap-oob="true"' in response.content.decode()
    assert "9문항 중 1문항 응답" in response.content.decode()
    client.post(url("questionnaire-answer", token), {f"score-{indicator.pk}": "7"}, **HX)  # saving again updates
    answer = Answer.objects.get()
    assert (answer.suitable, answer.score, answer.comment) == (True, 7, "측정 주기를 적어 주세요")
    page = client.get(url("questionnaire", token)).content.decode()
    assert checked(page, f"suitable-{indicator.pk}") == ["1"]
    assert checked(page, f"score-{indicator.pk}") == ["7"]
    assert "측정 주기를 적어 주세요</textarea>" in page
    assert "9문항 중 1문항 응답" in page
    assert not AuditEvent.objects.filter(name__contains="answer").exists()  # autosaves are not audited


@pytest.mark.parametrize("field, value, message", [
    ("score", "9", "1에서 7 사이"), ("score", "0", "1에서 7 사이"), ("score", "six", "1에서 7 사이"),
    ("score", "5.5", "1에서 7 사이"), ("suitable", "maybe", "적합 또는 부적합"),
])
def test_bad_values_are_refused_with_a_message_and_earlier_answers_kept(client, running, field, value, message):
    round_, panel = running
    _, token = panel[0]
    indicator = item(round_, "1-1-1.1")
    client.post(url("questionnaire-answer", token), {f"score-{indicator.pk}": "6", f"suitable-{indicator.pk}": "0"})
    response = client.post(url("questionnaire-answer", token), {f"{field}-{indicator.pk}": value}, **HX)
    assert response.status_code == 400 and message in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.score, answer.suitable) == (6, False)


def test_activities_have_no_yes_no_and_questions_of_other_rounds_are_refused(client, running, study, admin):
    round_, panel = running
    _, token = panel[0]
    activity = item(round_, "1-2")
    response = client.post(url("questionnaire-answer", token), {f"suitable-{activity.pk}": "1"}, **HX)
    assert response.status_code == 400 and "활동 문항에는" in response.content.decode()
    other = delphi.create_study(user=admin, version=make_version(), title="다른 조사", groups=["전문가"])
    delphi.open_round(user=admin, study=other, number=1, closes=timezone.now() + dt.timedelta(days=7))
    foreign = other.rounds.get().items.first()
    response = client.post(url("questionnaire-answer", token), {f"score-{foreign.pk}": "5"}, **HX)
    assert response.status_code == 400 and "진행 중인 조사에 없습니다" in response.content.decode()
    assert not Answer.objects.exists()


def test_the_whole_page_saves_without_javascript(client, running):
    round_, panel = running
    _, token = panel[0]
    a, b = item(round_, "1-2"), item(round_, "2-1.1")
    response = client.post(url("questionnaire-answer", token), {
        f"score-{a.pk}": "4", f"comment-{a.pk}": "", f"score-{b.pk}": "12", f"suitable-{b.pk}": "1",
        f"comment-{b.pk}": "지역 범위를 정해 주세요"})
    assert response.status_code == 302 and response["Location"] == url("questionnaire", token)
    page = client.get(url("questionnaire", token)).content.decode()
    assert "2-1.1 참여 기관수: 점수는 1에서 7 사이로 골라 주세요" in page  # the bad one, named
    saved = {x.item.code: x for x in Answer.objects.select_related("item")}
    assert saved["1-2"].score == 4
    assert (saved["2-1.1"].score, saved["2-1.1"].suitable, saved["2-1.1"].comment) == (None, True, "지역 범위를 정해 주세요")


def test_answers_after_the_deadline_are_refused_and_kept(client, running):
    round_, panel = running
    _, token = panel[0]
    activity = item(round_, "1-2")
    client.post(url("questionnaire-answer", token), {f"score-{activity.pk}": "6"}, **HX)
    DelphiRound.objects.filter(pk=round_.pk).update(closes=timezone.now() - dt.timedelta(minutes=1))  # time passes
    page = client.get(url("questionnaire", token))
    assert page.status_code == 403 and "마감 시각이 지나" in page.content.decode()
    assert "저장한 응답은 보관" in page.content.decode()
    response = client.post(url("questionnaire-answer", token), {f"score-{activity.pk}": "2"}, **HX)
    assert response.status_code == 400 and "마감 시각이 지나" in response.content.decode()
    submit = client.post(url("questionnaire-submit", token))
    assert submit.status_code == 302
    assert Answer.objects.get().score == 6 and Response.objects.get().submitted is None
    # the service takes the clock as an argument
    with pytest.raises(Exception, match="마감 시각이 지나"):
        answers.save_answer(token=token, item_id=activity.pk, score=3, now=round_.closes + dt.timedelta(seconds=1))


def test_a_closed_round_says_so(client, running, admin):
    round_, panel = running
    delphi.close_round(user=admin, round=round_)
    response = client.get(url("questionnaire", panel[0][1]))
    assert response.status_code == 403 and "1차 조사가 마감되었습니다" in response.content.decode()


def answer_everything(client, token, round_, score="6"):
    for question in round_.items.all():
        data = {f"score-{question.pk}": score}
        if question.kind == "indicator":
            data[f"suitable-{question.pk}"] = "1"
        client.post(url("questionnaire-answer", token), data)


def test_submitting_lists_what_is_missing(client, running):
    round_, panel = running
    _, token = panel[0]
    answer_everything(client, token, round_)
    Answer.objects.filter(item__code="1-1-1.2").update(suitable=None, score=None)
    Answer.objects.filter(item__code="2-1").update(score=None)
    response = client.post(url("questionnaire-submit", token))
    page = response.content.decode()
    assert response.status_code == 400
    assert "아직 답하지 않은 문항이 2개 있습니다" in page
    assert "1-1-1.2 모니터링 횟수: 적합 여부, 중요도" in page
    assert "2-1 지역 네트워크: 적합성 점수" in page
    assert Response.objects.get().submitted is None
    assert not AuditEvent.objects.filter(name="valuation.response.submitted").exists()


def test_a_questionnaire_is_submitted_once(client, running):
    round_, panel = running
    panellist, token = panel[0]
    answer_everything(client, token, round_)
    response = client.post(url("questionnaire-submit", token))
    assert response.status_code == 302
    page = client.get(url("questionnaire", token)).content.decode()
    assert "1차 응답을 받았습니다" in page
    assert 'type="radio"' not in page and "9문항 중 9문항 응답" in page  # read-only now
    stored = Response.objects.get()
    submitted, stored_answers = stored.submitted, sorted(Answer.objects.values_list("item_id", "suitable", "score"))
    again = client.post(url("questionnaire-submit", token), {f"score-{item(round_, '1-2').pk}": "1"}, follow=True)
    assert "이미 제출했습니다" in again.content.decode()
    late = client.post(url("questionnaire-answer", token), {f"score-{item(round_, '1-2').pk}": "1"}, **HX)
    assert late.status_code == 400 and "이미 제출했습니다" in late.content.decode()
    assert Response.objects.get().submitted == submitted
    assert sorted(Answer.objects.values_list("item_id", "suitable", "score")) == stored_answers
    event = AuditEvent.objects.get(name="valuation.response.submitted")
    assert event.data["panellist"] == panellist.pk and event.actor is None
    assert token not in str(event.data) and token not in event.object_id


def test_a_panellist_proposes_an_indicator(client, running):
    round_, panel = running
    panellist, token = panel[1]
    response = client.post(url("questionnaire-propose", token), {"parent_code": "1-2", "name": "컨설팅 후속 지원률",
                                                                 "rationale": "효과가 이어지는지"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.panellist, proposal.parent_code, proposal.round) == (panellist, "1-2", round_)
    assert "컨설팅 후속 지원률" in client.get(url("questionnaire", token)).content.decode()
    bad = client.post(url("questionnaire-propose", token), {"parent_code": "1-1", "name": "상위 활동에 제안"})
    assert bad.status_code == 400 and Proposal.objects.count() == 1  # 1-1 has sub-activities: not rated itself
    blank = client.post(url("questionnaire-propose", token), {"parent_code": "1-2", "name": ""})
    assert blank.status_code == 400 and Proposal.objects.count() == 1


def test_round_two_shows_the_panel_figures_own_answer_and_new_items(client, study, admin):
    panel, _, round2 = make_round_one(study, admin)
    DelphiRound.objects.filter(pk=round2.pk).update(closes=timezone.now() + dt.timedelta(days=7))
    _, token = panel[2]  # P03, 자치구 현장: answered 1-1-1.1 "no, 4"
    page = client.get(url("questionnaire", token)).content.decode()
    block = page[page.index(f'id="item-{item(round2, "1-1-1.1").pk}"'):]
    block = block[:block.index("</article>")]
    # whole panel: suitable 3/4, mean 5.5, median 5.5, Q1–Q3 4.25–6.75, n 4; 자치구 현장 has two
    # answers only (P03's own and one other): withheld, or P03 could work out the other's
    cells = re.findall(r'<td class="num">([^<]*)</td>', block)
    assert cells == ["0.75", "5.50", "5.50", "4.25–6.75", "4"]
    assert re.search(r'<th scope="row">자치구 현장</th><td class="q-too-few" colspan="5">응답이 3명 미만이라', block)
    assert "자치구 현장" in block and re.search(r"(나의 1차 응답|My round 1 answer).*?(부적합|Not suitable).*?4", block, re.S)
    new = page[page.index(f'id="item-{item(round2, "1-1-2.2").pk}"'):]
    assert re.search(r'리더 참여기관수 <span class="tag new">신규</span>', new)
    for name in NAMES:
        assert name not in page
    assert not re.search(r"\bP0[1-5]\b", page)


def test_the_scale_fits_a_phone(client, running):
    """The seven buttons share the width of a 390 px screen (a grid of seven equal columns, no
    horizontal scroll) and are at least 44 px tall (2.9rem at 16 px)."""
    from django.contrib.staticfiles import finders

    css = open(finders.find("web/valuation-delphi.css"), encoding="utf-8").read()
    assert "grid-template-columns: repeat(7, minmax(0, 1fr))" in css
    assert "min-inline-size: 0" in css  # a fieldset would otherwise refuse to shrink below its content
    assert re.search(r"@media \(max-width: 480px\).*\.q-option \{ min-height: 2\.9rem", css, re.S)
    page = client.get(url("questionnaire", running[1][0][1])).content.decode()
    assert "valuation-delphi.css" in page


def test_the_questionnaire_reads_a_fixed_number_of_queries(client, study, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    panel, _, round2 = make_round_one(study, admin)
    DelphiRound.objects.filter(pk=round2.pk).update(closes=timezone.now() + dt.timedelta(days=7))
    _, token = panel[0]
    client.post(url("questionnaire-answer", token), {f"score-{item(round2, '1-2').pk}": "5"}, **HX)
    with CaptureQueriesContext(connection) as one:
        client.get(url("questionnaire", token))
    answer_everything(client, token, round2)
    with CaptureQueriesContext(connection) as every:
        client.get(url("questionnaire", token))
    assert len(every) == len(one) <= 20


def test_submitting_with_refused_values_does_not_submit_and_keeps_the_valid_answers(client, running):
    round_, panel = running
    _, token = panel[0]
    answer_everything(client, token, round_)
    a, b, c = item(round_, "1-2"), item(round_, "2-1.1"), item(round_, "2-1")
    long_comment = "가" * 2500
    response = client.post(url("questionnaire-submit", token), {
        f"score-{a.pk}": "3", f"comment-{a.pk}": long_comment,  # the score is fine, the comment too long
        f"score-{b.pk}": "12", f"comment-{b.pk}": "지역 범위를 정해 주세요",
        f"score-{c.pk}": "2"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "1-2 " in page and "의견은 2,000자 이내로" in page
    assert "2-1.1 참여 기관수: 점수는 1에서 7 사이로 골라 주세요" in page
    assert f">{long_comment}</textarea>" in page  # shown again to be shortened, not stored
    assert Response.objects.get().submitted is None
    assert not AuditEvent.objects.filter(name="valuation.response.submitted").exists()
    saved = {x.item.code: x for x in Answer.objects.select_related("item")}
    assert (saved["1-2"].score, saved["1-2"].comment) == (3, "")
    assert (saved["2-1.1"].score, saved["2-1.1"].comment) == (6, "지역 범위를 정해 주세요")
    assert saved["2-1"].score == 2
    again = client.post(url("questionnaire-submit", token), {f"comment-{a.pk}": "짧게"})
    assert again.status_code == 302 and Response.objects.get().submitted is not None


def test_a_proposal_after_submitting_or_after_the_deadline_says_proposals_are_closed(client, running):
    round_, panel = running
    _, token = panel[0]
    answer_everything(client, token, round_)
    client.post(url("questionnaire-submit", token))
    response = client.post(url("questionnaire-propose", token), {"parent_code": "1-2", "name": "늦은 제안"},
                           follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "제출한 뒤에는 지표를 제안할 수 없습니다" in response.content.decode()
    _, other = panel[1]
    DelphiRound.objects.filter(pk=round_.pk).update(closes=timezone.now() - dt.timedelta(minutes=1))
    late = client.post(url("questionnaire-propose", other), {"parent_code": "1-2", "name": "늦은 제안"}, follow=True)
    assert late.status_code == 403 and "지표 제안을 더 이상 받지 않습니다" in late.content.decode()
    assert not Proposal.objects.exists()


def test_control_characters_are_removed_from_comments_and_proposals(client, running):
    round_, panel = running
    _, token = panel[0]
    activity = item(round_, "1-2")
    response = client.post(url("questionnaire-answer", token), {f"comment-{activity.pk}": "측정\x00 주기\x07\r\n둘째 줄\t끝"},
                           **HX)
    assert response.status_code == 200
    assert Answer.objects.get().comment == "측정 주기\n둘째 줄\t끝"  # NUL and BEL removed; line break (one), tab kept
    proposal = answers.propose_indicator(token=token, parent_code="1-2", name="\x00후속 지원률\x00",
                                         rationale="이유\x00")
    assert (proposal.name, proposal.rationale) == ("후속 지원률", "이유")
    with pytest.raises(Exception, match="이름을 적어 주세요"):
        answers.propose_indicator(token=token, parent_code="1-2", name="\x00\x00")


def test_a_comment_of_the_browsers_full_length_with_line_breaks_is_kept(client, running):
    """The textarea's maxlength (2,000) counts a line break once; the browser posts it as CRLF. The
    comment is stored with plain line breaks, within the limit, not refused."""
    round_, panel = running
    _, token = panel[0]
    indicator = item(round_, "1-1-1.1")
    text = ("가" * 99 + "\r\n") * 20  # 2,000 characters as the browser counts them, 2,020 as posted
    response = client.post(url("questionnaire-answer", token), {f"comment-{indicator.pk}": text}, **HX)
    assert response.status_code == 200
    assert Answer.objects.get().comment == text.replace("\r\n", "\n").strip()


def test_a_forged_field_name_with_a_huge_number_is_refused_not_a_crash(client, running):
    _, panel = running
    _, token = panel[0]
    for name in (f"score-{'9' * 5000}", f"comment-{'1' * 19}"):
        response = client.post(url("questionnaire-answer", token), {name: "5"}, **HX)
        assert response.status_code in (200, 400)
        response = client.post(url("questionnaire-submit", token), {name: "5"})
        assert response.status_code in (200, 302, 400)
    assert not Answer.objects.exists()


def test_the_servers_own_error_log_never_holds_a_link_token(caplog):
    """waitress logs "Exception while serving <path>" on its own logger: the token is redacted there too."""
    token = "A" * 43
    with caplog.at_level(logging.ERROR, logger="waitress"):
        logging.getLogger("waitress").error("Exception while serving /delphi/%s/answer/", token)
    assert "Exception while serving /delphi/…/answer/" in caplog.text and token not in caplog.text


def test_gunicorns_error_log_never_holds_a_link_token(caplog):
    """gunicorn logs "Error handling request <path>" on gunicorn.error: the token is redacted there too."""
    token = "B" * 43
    with caplog.at_level(logging.ERROR, logger="gunicorn.error"):
        logging.getLogger("gunicorn.error").error("Error handling request /delphi/%s/answer/", token)
    assert "Error handling request /delphi/…/answer/" in caplog.text and token not in caplog.text
