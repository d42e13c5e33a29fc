"""Delphi studies: the questions of each round, the panel's links, proposals, round-2 feedback worked
out by hand, and who may manage a study (services and the administration pages)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bombaram.registry.models import District
from bombaram.valuation import queries
from bombaram.valuation.choices import Level, ProposalStatus, RoundStatus
from bombaram.valuation.models import (
    Answer,
    DelphiRound,
    DelphiStudy,
    Framework,
    FrameworkItem,
    FrameworkVersion,
    Panellist,
    Proposal,
    RoundItem,
    hash_token,
)
from bombaram.valuation.services import answers, delphi
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

GROUPS = ["시 단위 전문가", "자치구 현장"]
NAMES = ["김하늘", "이바다", "박들판", "최노을", "정새벽"]

# (level, code, name, parent code, added_in_round2)
FRAMEWORK = [
    (Level.GOAL, "1", "사회적 경제 주체 역량을 강화한다", None, False),
    (Level.ACTIVITY, "1-1", "진단과 교육 지원", "1", False),
    (Level.SUBACTIVITY, "1-1-1", "초기 진단 및 모니터링", "1-1", False),
    (Level.INDICATOR, "1-1-1.1", "진단 만족도", "1-1-1", False),
    (Level.INDICATOR, "1-1-1.2", "모니터링 횟수", "1-1-1", False),
    (Level.SUBACTIVITY, "1-1-2", "종사자 교육", "1-1", False),
    (Level.INDICATOR, "1-1-2.1", "교육인원수", "1-1-2", False),
    (Level.INDICATOR, "1-1-2.2", "리더 참여기관수", "1-1-2", True),
    (Level.ACTIVITY, "1-2", "맞춤형 컨설팅", "1", False),
    (Level.INDICATOR, "1-2.1", "컨설팅 횟수", "1-2", False),
    (Level.GOAL, "2", "지역 연계를 넓힌다", None, False),
    (Level.ACTIVITY, "2-1", "지역 네트워크", "2", False),
    (Level.INDICATOR, "2-1.1", "참여 기관수", "2-1", False),
]
ROUND1_CODES = ["1-1-1", "1-1-1.1", "1-1-1.2", "1-1-2", "1-1-2.1", "1-2", "1-2.1", "2-1", "2-1.1"]
NOW = timezone.make_aware(dt.datetime(2024, 5, 1, 9, 0))
CLOSES = NOW + dt.timedelta(days=14)


def make_version(district: District | None = None) -> FrameworkVersion:
    framework = Framework.objects.create(name="성북 가치측정 틀", slug=f"fw-{Framework.objects.count()}",
                                         owner_district=district or District.objects.get(code="11290"))
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    made: dict[str, FrameworkItem] = {}
    for position, (level, code, name, parent, late) in enumerate(FRAMEWORK):
        made[code] = FrameworkItem.objects.create(version=version, level=level, code=code, name=name,
                                                  parent=made.get(parent) if parent else None, position=position,
                                                  added_in_round2=late)
    return version


def make_panel(study: DelphiStudy, admin, count: int = 4) -> list[tuple[Panellist, str]]:
    """P01, P02 in 시 단위 전문가; P03, P04 (, P05) in 자치구 현장."""
    groups = list(study.groups.order_by("position"))
    return [delphi.add_panellist(user=admin, study=study, group=groups[0 if i < 2 else 1], name=NAMES[i],
                                 email=f"p{i}@example.org") for i in range(count)]


def answer_all(token: str, round_: DelphiRound, scores: dict[str, tuple[bool | None, int]], default=(True, 5),
               now=NOW) -> None:
    """Answer every question of ``round_``: ``scores[code]`` = (suitable, score), else ``default``."""
    for item in round_.items.all():
        suitable, score = scores.get(item.code, default)
        answers.save_answer(token=token, item_id=item.pk, score=score,
                           suitable=suitable if item.kind == "indicator" else None, now=now)


@pytest.fixture
def people(reference, make_user):
    from bombaram.programmes.models import ProgrammeTeam

    return {
        "admin": make_user("seongbuk-admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")),
        "mapo": make_user("mapo-admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")),
        "staff": make_user("team-staff", Role.TEAM_STAFF, team=ProgrammeTeam.objects.filter(district__code="11290").first()),
    }


@pytest.fixture
def study(people):
    return delphi.create_study(user=people["admin"], version=make_version(), title="성북 평가지표 델파이 조사",
                               groups=GROUPS, introduction="15분 정도 걸립니다.", local_group="자치구 현장")


# ---- the study and its rounds --------------------------------------------------------------------

def test_creating_a_study_makes_its_groups_and_records_it(study, people):
    assert [g.name for g in study.groups.order_by("position")] == GROUPS
    assert study.local_group.name == "자치구 현장"
    assert study.rules["consensus_min"] == 0.75
    event = AuditEvent.objects.get(name="valuation.study.created")
    assert event.actor == people["admin"] and event.data["groups"] == GROUPS


@pytest.mark.parametrize("groups, message", [([], "패널 그룹"), (["전문가", "전문가"], "두 번"), (["All"], "'all'")])
def test_a_study_needs_distinct_groups(people, groups, message):
    with pytest.raises(ValidationError) as exc:
        delphi.create_study(user=people["admin"], version=make_version(), title="조사", groups=groups)
    assert message in " ".join(exc.value.messages)
    assert not DelphiStudy.objects.exists()


def test_round_one_asks_every_rated_item_but_not_those_new_in_round_two(study, people):
    round_ = delphi.open_round(user=people["admin"], study=study, number=1, closes=CLOSES, now=NOW)
    items = list(round_.items.order_by("position"))
    assert [i.code for i in items] == ROUND1_CODES  # framework order; 1-1 has sub-activities so is not rated itself
    kinds = [i.kind for i in items]
    assert kinds.count("activity") == 4 and kinds.count("indicator") == 5
    assert "1-1-2.2" not in [i.code for i in items]  # added_in_round2 waits for round 2 (신규)
    assert not any(i.is_new for i in items)
    by_code = {i.code: i for i in items}
    assert (by_code["1-1-1"].goal, by_code["1-1-1"].context) == ("사회적 경제 주체 역량을 강화한다", "진단과 교육 지원")
    assert (by_code["1-1-1.2"].goal, by_code["1-1-1.2"].context) == ("사회적 경제 주체 역량을 강화한다", "초기 진단 및 모니터링")
    assert (by_code["2-1.1"].goal, by_code["2-1.1"].context) == ("지역 연계를 넓힌다", "지역 네트워크")
    assert round_.status == RoundStatus.OPEN and round_.opened == NOW
    study.version.refresh_from_db()
    assert study.version.frozen
    event = AuditEvent.objects.get(name="valuation.round.opened")
    assert event.data["items"] == 9 and event.data["number"] == 1


def test_only_one_round_open_and_round_two_needs_round_one_closed(study, people):
    admin = people["admin"]
    with pytest.raises(ValidationError, match="다음에 열 수 있는 차수는 1차"):
        delphi.open_round(user=admin, study=study, number=2, closes=CLOSES, now=NOW)
    round1 = delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    with pytest.raises(ValidationError, match="1차 조사가 진행 중"):
        delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=NOW)
    assert study.rounds.count() == 1
    delphi.close_round(user=admin, round=round1, now=CLOSES)
    with pytest.raises(ValidationError, match="이미 지났습니다"):
        delphi.open_round(user=admin, study=study, number=2, closes=CLOSES, now=CLOSES + dt.timedelta(days=1))
    round2 = delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=CLOSES)
    assert round2.number == 2 and study.rounds.filter(status=RoundStatus.OPEN).count() == 1
    with pytest.raises(ValidationError, match="열려 있지 않아"):
        delphi.close_round(user=admin, round=round1)


def test_a_round_past_its_deadline_takes_no_answers_even_while_open(study, people):
    (_, token), = make_panel(study, people["admin"], count=1)
    round_ = delphi.open_round(user=people["admin"], study=study, number=1, closes=CLOSES, now=NOW)
    item = round_.items.get(code="1-2")
    answers.save_answer(token=token, item_id=item.pk, score=6, now=CLOSES - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="마감 시각이 지나"):
        answers.save_answer(token=token, item_id=item.pk, score=2, now=CLOSES)
    assert Answer.objects.get(item=item).score == 6
    assert DelphiRound.objects.get(pk=round_.pk).status == RoundStatus.OPEN


# ---- the panel's links ---------------------------------------------------------------------------

def test_links_are_stored_only_as_hashes_and_labels_are_pseudonyms(study, people):
    made = make_panel(study, people["admin"], count=3)
    assert [p.label for p, _ in made] == ["P01", "P02", "P03"]
    for panellist, token in made:
        assert len(token) >= 40
        stored = Panellist.objects.filter(pk=panellist.pk).values()[0]
        assert stored["token_hash"] == hash_token(token)
        assert token not in json.dumps(stored, default=str)
        assert answers.panellist_for_token(token) == panellist
    audit_text = json.dumps(list(AuditEvent.objects.values("data", "object_id")), ensure_ascii=False)
    assert not any(token in audit_text for _, token in made)
    assert "김하늘" not in audit_text  # the audit names the panellist by pseudonym and id


def test_reissuing_a_link_stops_the_old_one_and_revoking_keeps_answers(study, people):
    admin = people["admin"]
    (panellist, old), = make_panel(study, admin, count=1)
    round_ = delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    answers.save_answer(token=old, item_id=round_.items.get(code="1-2").pk, score=4, now=NOW)
    new = delphi.reissue_link(user=admin, panellist=panellist)
    with pytest.raises(delphi.LinkError) as exc:
        answers.panellist_for_token(old)
    assert exc.value.status == 404
    assert answers.panellist_for_token(new) == panellist
    delphi.revoke_link(user=admin, panellist=panellist)
    with pytest.raises(delphi.LinkError) as exc:
        answers.panellist_for_token(new)
    assert exc.value.status == 403 and "보관" in exc.value.messages[0]
    assert Answer.objects.filter(response__panellist=panellist).count() == 1
    with pytest.raises(ValidationError, match="이미 중지"):
        delphi.revoke_link(user=admin, panellist=panellist)
    again = delphi.reissue_link(user=admin, panellist=panellist)  # a revoked panellist can be invited again
    assert answers.panellist_for_token(again) == panellist
    names = list(AuditEvent.objects.filter(name__startswith="valuation.panellist").values_list("name", flat=True))
    assert names.count("valuation.panellist.link_reissued") == 2 and "valuation.panellist.link_revoked" in names


# ---- proposals and round 2 -------------------------------------------------------------------------

def test_accepted_proposals_and_round_two_indicators_enter_round_two_as_new(study, people):
    admin = people["admin"]
    (_, t1), (_, t2) = make_panel(study, admin, count=2)
    delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    kept = answers.propose_indicator(token=t1, parent_code="1-1-1", name="진단 후 개선 계획 수립률", rationale="성과를 본다", now=NOW)
    dropped = answers.propose_indicator(token=t2, parent_code="2-1", name="회의 횟수", now=NOW)
    second = answers.propose_indicator(token=t2, parent_code="1-1-1", name="재진단 참여율", now=NOW)
    with pytest.raises(ValidationError, match="활동을 목록에서"):
        answers.propose_indicator(token=t2, parent_code="1-1-1.1", name="지표 아래 지표", now=NOW)  # not an activity
    round1 = study.rounds.get(number=1)
    delphi.close_round(user=admin, round=round1, now=CLOSES)
    with pytest.raises(ValidationError, match="결정하지 않은 지표 제안이 3건"):
        delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=CLOSES)
    delphi.decide_proposal(user=admin, proposal=kept, accept=True)
    delphi.decide_proposal(user=admin, proposal=dropped, accept=False)
    delphi.decide_proposal(user=admin, proposal=second, accept=True)
    with pytest.raises(ValidationError, match="이미 결정"):
        delphi.decide_proposal(user=admin, proposal=dropped, accept=True)
    round2 = delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=CLOSES)
    items = list(round2.items.order_by("position"))
    codes = [i.code for i in items]
    assert codes == ["1-1-1", "1-1-1.1", "1-1-1.2", "1-1-1.3", "1-1-1.4", "1-1-2", "1-1-2.1", "1-1-2.2",
                     "1-2", "1-2.1", "2-1", "2-1.1"]
    new = {i.code: i for i in items if i.is_new}
    assert set(new) == {"1-1-1.3", "1-1-1.4", "1-1-2.2"}
    assert new["1-1-1.3"].name == "진단 후 개선 계획 수립률" and new["1-1-1.3"].kind == "indicator"
    assert new["1-1-1.3"].context == "초기 진단 및 모니터링" and new["1-1-1.3"].framework_item is None
    assert new["1-1-2.2"].name == "리더 참여기관수"
    assert "회의 횟수" not in [i.name for i in items]
    assert Proposal.objects.get(pk=dropped.pk).status == ProposalStatus.REJECTED
    with pytest.raises(ValidationError, match="다음 차수가 이미"):
        late = Proposal.objects.create(round=round1, panellist=kept.panellist, parent_code="2-1", name="늦은 제안")
        delphi.decide_proposal(user=admin, proposal=late, accept=True)
    # round 3 repeats round 2's questions, none of them new any more
    delphi.close_round(user=admin, round=round2, now=CLOSES + dt.timedelta(days=30))
    round3 = delphi.open_round(user=admin, study=study, number=3, closes=CLOSES + dt.timedelta(days=60),
                               now=CLOSES + dt.timedelta(days=31))
    assert [i.code for i in round3.items.order_by("position")] == codes
    assert not round3.items.filter(is_new=True).exists()


def make_round_one(study, admin):
    """Five panellists; four submit round 1 (P05 only saves). Indicator 1-1-1.1 and activity 1-2:

    P01 시 (yes, 6 / 7)   P02 시 (yes, 7 / 6)   P03 현장 (no, 4 / 3)   P04 현장 (yes, 5 / 5)
    P05 현장 saves (no, 1 / 1) but never submits: not counted."""
    panel = make_panel(study, admin, count=5)
    round1 = delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    given = [({"1-1-1.1": (True, 6), "1-2": (None, 7)}), ({"1-1-1.1": (True, 7), "1-2": (None, 6)}),
               ({"1-1-1.1": (False, 4), "1-2": (None, 3)}), ({"1-1-1.1": (True, 5), "1-2": (None, 5)}),
               ({"1-1-1.1": (False, 1), "1-2": (None, 1)})]
    for (_, token), mine in zip(panel, given, strict=True):
        answer_all(token, round1, mine)
    for _, token in panel[:4]:
        answers.submit_response(token=token, round=round1, now=NOW)
    delphi.close_round(user=admin, round=round1, now=CLOSES)
    round2 = delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=CLOSES)
    return panel, round1, round2


def test_round_two_feedback_equals_the_figures_worked_out_by_hand(study, people, monkeypatch):
    panel, _, round2 = make_round_one(study, people["admin"])
    p03 = panel[2][0]
    # groups of two here: by default their figures are withheld (with two answers, each panellist
    # could work out the other's), which is checked first; then the figures with the limit at 2
    withheld = answers.round_feedback(round2, p03)["1-1-1.1"]
    assert withheld["group"] == {"too_few": True, "n": 2} and withheld["min_n"] == 3
    assert withheld["all"]["n"] == 4  # the whole panel of four is shown
    monkeypatch.setattr(answers, "MIN_FEEDBACK_N", 2)
    feedback = answers.round_feedback(round2, p03)
    indicator = feedback["1-1-1.1"]
    # whole panel, submitted only: suitable 3 of 4; scores 4 5 6 7 → mean 5.5, median 5.5;
    # SPSS HAVERAGE (type 6): Q1 at (n+1)/4 = 1.25 → 4 + .25 × (5 − 4) = 4.25; Q3 at 3.75 → 6 + .75 × 1 = 6.75
    assert indicator["all"] == {"n": 4, "suitable_share": 0.75, "mean": 5.5, "median": 5.5, "q1": 4.25, "q3": 6.75}
    # 자치구 현장 (P03, P04): suitable 1 of 2; scores 4 5 → mean 4.5, median 4.5; Q1 at 0.75 → the minimum 4,
    # Q3 at 2.25 → the maximum 5
    assert indicator["group"] == {"n": 2, "suitable_share": 0.5, "mean": 4.5, "median": 4.5, "q1": 4.0, "q3": 5.0}
    assert indicator["group_name"] == "자치구 현장"
    assert indicator["own"] == {"suitable": False, "score": 4}
    activity = feedback["1-2"]
    # scores 3 5 6 7: mean 21/4 = 5.25; median (5 + 6)/2 = 5.5; Q1 = 3 + .25 × 2 = 3.5; Q3 = 6 + .75 × 1 = 6.75
    assert activity["all"] == {"n": 4, "suitable_share": None, "mean": 5.25, "median": 5.5, "q1": 3.5, "q3": 6.75}
    assert activity["group"]["mean"] == 4.0 and activity["own"] == {"suitable": None, "score": 3}
    assert feedback["1-1-2.2"]["all"] is None and feedback["1-1-2.2"]["own"] is None  # 신규: no earlier figures
    p01 = answers.round_feedback(round2, panel[0][0])["1-1-1.1"]
    assert p01["group"]["mean"] == 6.5 and p01["group"]["suitable_share"] == 1.0 and p01["group_name"] == "시 단위 전문가"


def test_the_closed_rounds_figures_are_worked_out_once_for_every_panellist(study, people, monkeypatch):
    """Each round-2 page needs the round-1 figures: the study is analysed once, not on every page,
    and again when a setting that changes them changes."""
    panel, _, round2 = make_round_one(study, people["admin"])
    calls = []
    real = queries.analyse_study
    monkeypatch.setattr(queries, "analyse_study", lambda s: calls.append(s.pk) or real(s))
    first = answers.round_feedback(round2, panel[0][0])
    for panellist, _token in panel:
        answers.round_feedback(round2, panellist)
    assert len(calls) == 1
    study.quartile_method = "tukey"
    study.save(update_fields=["quartile_method"])
    round2.study.refresh_from_db()
    again = answers.round_feedback(round2, panel[0][0])
    assert len(calls) == 2
    # Tukey's hinges of 4 5 6 7: lower half 4 5 → 4.5, upper 6 7 → 6.5 (type 6 gave 4.25 and 6.75)
    assert (first["1-1-1.1"]["all"]["q1"], again["1-1-1.1"]["all"]["q1"]) == (4.25, 4.5)


def test_panellist_names_never_appear_in_the_analysis_or_feedback(study, people):
    panel, _, round2 = make_round_one(study, people["admin"])
    analysis = json.dumps(queries.analyse_study(study), ensure_ascii=False, default=str)
    feedback = json.dumps(answers.round_feedback(round2, panel[0][0]), ensure_ascii=False, default=str)
    assert '"item_code": "1-1-1.1"' in analysis
    for name in NAMES:
        assert name not in analysis and name not in feedback
    assert not re.search(r"P0\d", feedback)  # not even other panellists' pseudonyms


# ---- who may manage ------------------------------------------------------------------------------

def test_only_administrators_of_the_owner_manage_the_study(study, people):
    round_kwargs = {"study": study, "number": 1, "closes": CLOSES, "now": NOW}
    for who in ("mapo", "staff"):
        user = people[who]
        with pytest.raises(PermissionDenied):
            delphi.open_round(user=user, **round_kwargs)
        with pytest.raises(PermissionDenied):
            delphi.add_panellist(user=user, study=study, group=study.groups.first(), name="침입자")
        with pytest.raises(PermissionDenied):
            delphi.create_study(user=user, version=study.version, title="남의 조사", groups=["전문가"])
    assert not study.rounds.exists() and not Panellist.objects.exists() and DelphiStudy.objects.count() == 1


def test_study_pages_are_for_administrators_only(client, study, people):
    url = reverse("study-detail", args=[study.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("study-list")).status_code == 302
    client.force_login(people["staff"])
    assert client.get(reverse("study-list")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.get(reverse("study-create")).status_code == 403
    client.force_login(people["mapo"])
    assert client.get(url).status_code == 403
    assert study.title not in client.get(reverse("study-list")).content.decode()


def test_forged_posts_to_another_districts_study_are_refused(client, study, people):
    admin = people["admin"]
    (panellist, token), = make_panel(study, admin, count=1)
    delphi.open_round(user=admin, study=study, number=1, closes=timezone.now() + dt.timedelta(days=3))
    round_ = study.rounds.get()
    proposal = answers.propose_indicator(token=token, parent_code="2-1", name="새 지표")
    events = AuditEvent.objects.count()
    client.force_login(people["mapo"])
    posts = [
        (reverse("panellist-add", args=[study.pk]), {"group": study.groups.first().pk, "name": "침입자"}),
        (reverse("panellist-revoke", args=[study.pk, panellist.pk]), {}),
        (reverse("panellist-reissue", args=[study.pk, panellist.pk]), {}),
        (reverse("round-close", args=[study.pk, round_.pk]), {}),
        (reverse("round-open", args=[study.pk]), {"number": 2, "closes": "2099-01-01T18:00"}),
        (reverse("proposal-decide", args=[study.pk, proposal.pk]), {"action": "accept"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Panellist.objects.count() == 1 and Panellist.objects.get().revoked is None
    assert answers.panellist_for_token(token) == panellist
    assert DelphiRound.objects.get().status == RoundStatus.OPEN
    assert Proposal.objects.get().status == ProposalStatus.PENDING
    assert AuditEvent.objects.count() == events
    # a panellist of another study cannot be reached through one's own study either
    own = delphi.create_study(user=people["mapo"], version=make_version(District.objects.get(code="11440")),
                              title="마포 조사", groups=["전문가"])
    response = client.post(reverse("panellist-revoke", args=[own.pk, panellist.pk]))
    assert response.status_code == 404 and Panellist.objects.get(pk=panellist.pk).revoked is None


# ---- the administration pages --------------------------------------------------------------------

def test_creating_a_study_on_the_page(client, people):
    version = make_version()
    client.force_login(people["admin"])
    page = client.get(reverse("study-create"))
    assert page.status_code == 200 and str(version) in page.content.decode()
    response = client.post(reverse("study-create"), {
        "version": version.pk, "title": "새 델파이 조사", "groups": "시 단위 전문가\n\n자치구 현장\n",
        "local_group": "자치구 현장", "quartile_method": "linear", "critical_method": "exact",
        "require_cvr_pass": "on", "consensus_min": "0.75", "convergence_max": "0.5", "cv_max": "0.5"})
    study = DelphiStudy.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("study-detail", args=[study.pk])
    assert [g.name for g in study.groups.all()] == GROUPS and study.quartile_method == "linear"
    bad = client.post(reverse("study-create"), {
        "version": version.pk, "title": "중복", "groups": "전문가\n전문가", "quartile_method": "weibull",
        "critical_method": "exact", "consensus_min": "0.75", "convergence_max": "0.5", "cv_max": "0.5"})
    assert bad.status_code == 200 and "같은 그룹 이름이 두 번" in bad.content.decode()
    assert DelphiStudy.objects.count() == 1


def test_the_study_page_shows_a_new_link_once_and_the_round_progress(client, study, people):
    client.force_login(people["admin"])
    groups = list(study.groups.order_by("position"))
    response = client.post(reverse("panellist-add", args=[study.pk]), {"group": groups[1].pk, "name": "김하늘",
                                                                       "email": "sky@example.org"})
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    link = re.search(r'id="new-link"[^>]*value="([^"]+)"', page).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link.startswith("http://testserver/delphi/")
    assert answers.panellist_for_token(token).name == "김하늘"
    assert token not in client.get(reverse("study-detail", args=[study.pk])).content.decode()  # shown once
    client.post(reverse("panellist-add", args=[study.pk]), {"group": groups[0].pk, "name": "이바다"})
    closes = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    opened = client.post(reverse("round-open", args=[study.pk]), {"number": 1, "closes": closes})
    assert opened.status_code == 302
    round_ = study.rounds.get()
    assert round_.status == RoundStatus.OPEN and round_.items.count() == 9
    answer_all(token, round_, {}, default=(True, 6), now=None)
    answers.submit_response(token=token, round=round_)
    page = client.get(reverse("study-detail", args=[study.pk])).content.decode()
    assert "<strong>1 / 2</strong>" in page
    assert "자치구 현장: 1 / 1" in page and "시 단위 전문가: 0 / 1" in page
    assert reverse("round-close", args=[study.pk, round_.pk]) in page
    reissued = client.post(reverse("panellist-reissue", args=[study.pk, Panellist.objects.get(name="김하늘").pk]))
    new_link = re.search(r'id="new-link"[^>]*value="([^"]+)"', reissued.content.decode()).group(1)
    assert new_link != link
    with pytest.raises(delphi.LinkError):
        answers.panellist_for_token(token)


def test_proposals_are_decided_on_the_study_page(client, study, people):
    (_, token), = make_panel(study, people["admin"], count=1)
    delphi.open_round(user=people["admin"], study=study, number=1, closes=timezone.now() + dt.timedelta(days=3))
    proposal = answers.propose_indicator(token=token, parent_code="1-2", name="컨설팅 만족도")
    client.force_login(people["admin"])
    page = client.get(reverse("study-detail", args=[study.pk])).content.decode()
    assert "컨설팅 만족도" in page and "P01" in page
    client.post(reverse("proposal-decide", args=[study.pk, proposal.pk]), {"action": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == people["admin"]
    assert AuditEvent.objects.filter(name="valuation.proposal.accepted").exists()
    assert RoundItem.objects.filter(name="컨설팅 만족도").count() == 0  # only when round 2 opens


def test_invited_counts_only_panellists_who_could_answer_the_round(study, people):
    admin = people["admin"]
    panel = make_panel(study, admin, count=3)  # P01, P02 시 단위 전문가; P03 자치구 현장
    round1 = delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    answer_all(panel[2][1], round1, {})
    answers.submit_response(token=panel[2][1], round=round1, now=NOW)
    delphi.revoke_link(user=admin, panellist=panel[2][0])  # stopped after submitting: still counted in round 1
    delphi.close_round(user=admin, round=round1, now=NOW + dt.timedelta(days=1))
    DelphiRound.objects.filter(pk=round1.pk).update(opened=NOW - dt.timedelta(days=400),
                                                    closed=NOW - dt.timedelta(days=300))
    Panellist.objects.filter(pk=panel[1][0].pk).update(created=NOW - dt.timedelta(days=200))  # joined later
    Panellist.objects.filter(pk__in=[panel[0][0].pk, panel[2][0].pk]).update(created=NOW - dt.timedelta(days=500))
    (progress,) = delphi.round_progress(study, now=NOW)
    cells = {g.name: (g.submitted, g.invited) for g in progress.groups}
    assert cells == {"시 단위 전문가": (0, 1), "자치구 현장": (1, 1)}
    assert (progress.submitted, progress.invited, progress.items) == (1, 2, 9)


def test_the_study_pages_read_a_fixed_number_of_queries(client, study, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = people["admin"]
    client.force_login(admin)
    make_panel(study, admin, count=2)
    delphi.open_round(user=admin, study=study, number=1, closes=timezone.now() + dt.timedelta(days=3))
    detail = reverse("study-detail", args=[study.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(detail)
        client.get(reverse("study-list"))
    for i in range(3):
        delphi.add_panellist(user=admin, study=study, group=study.groups.first(), name=f"추가 {i}")
        delphi.create_study(user=admin, version=make_version(), title=f"조사 {i}", groups=["전문가"])
    with CaptureQueriesContext(connection) as large:
        client.get(detail)
        client.get(reverse("study-list"))
    assert len(large) == len(small)


def test_anonymous_posts_are_sent_to_log_in_and_change_nothing(client, study):
    response = client.post(reverse("panellist-add", args=[study.pk]), {"group": study.groups.first().pk, "name": "익명"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.post(reverse("round-open", args=[study.pk]), {"number": 1, "closes": "2099-01-01T18:00"})
    assert response.status_code == 302 and not Panellist.objects.exists() and not study.rounds.exists()


def test_opening_a_round_on_the_page_needs_a_future_deadline(client, study, people):
    client.force_login(people["admin"])
    past = client.post(reverse("round-open", args=[study.pk]), {"number": 1, "closes": "2001-01-01T18:00"}, follow=True)
    assert "마감 일시가 이미 지났습니다" in past.content.decode()
    empty = client.post(reverse("round-open", args=[study.pk]), {"number": 1, "closes": ""}, follow=True)
    assert empty.status_code == 200 and not study.rounds.exists()
    assert not FrameworkVersion.objects.get(pk=study.version_id).frozen


def version_from_reference(district: str) -> FrameworkVersion:
    """The report's framework (core.frameworks) stored with the ORM, in framework order."""
    from bombaram.core.frameworks import Activity, Goal, SubActivity, load_reference_framework

    core, _ = load_reference_framework(district)
    framework = Framework.objects.create(name=core.name, slug=f"ref-{district}",
                                         owner_district=District.objects.get(code="11290"))
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    parents: dict[str, FrameworkItem] = {}
    for position, node in enumerate(core.walk()):
        if isinstance(node, Goal):
            level, parent = Level.GOAL, None
        elif isinstance(node, Activity):
            level, parent = Level.ACTIVITY, parents["goal"]
        elif isinstance(node, SubActivity):
            level, parent = Level.SUBACTIVITY, parents["activity"]
        else:
            level, parent = Level.INDICATOR, parents["rated"]
        item = FrameworkItem.objects.create(version=version, level=level, code=node.code, name=node.name,
                                            parent=parent, position=position,
                                            added_in_round2=getattr(node, "added_in_round2", False))
        if level == Level.GOAL:
            parents["goal"] = item
        elif level == Level.ACTIVITY:
            parents["activity"] = parents["rated"] = item
        elif level == Level.SUBACTIVITY:
            parents["rated"] = item
    return version


@pytest.mark.parametrize("district", ["nowon", "seongbuk"])
def test_the_reports_frameworks_give_the_reports_round_one_and_round_two_questions(people, district):
    """노원: 108 questions in round 1 and 12 신규 in round 2 (sub-activity 1-1-3, which has only round-2
    indicators, and 11 indicators); 성북: 92 questions in both rounds — as the printed tables."""
    from bombaram.core.frameworks import load_reference_framework
    from bombaram.datagen.delphi_2014 import synthesise_study

    admin = people["admin"]
    printed_rounds = {1: set(), 2: set()}
    for row in synthesise_study(*load_reference_framework(district))[0]:
        printed_rounds[row.round].add(row.item_code)
    study = delphi.create_study(user=admin, version=version_from_reference(district), title="보고서 조사",
                                groups=["전문가"])
    round1 = delphi.open_round(user=admin, study=study, number=1, closes=CLOSES, now=NOW)
    assert {i.code for i in round1.items.all()} == printed_rounds[1]
    delphi.close_round(user=admin, round=round1, now=CLOSES)
    round2 = delphi.open_round(user=admin, study=study, number=2, closes=CLOSES + dt.timedelta(days=30), now=CLOSES)
    assert {i.code for i in round2.items.all()} == printed_rounds[2]
    assert {i.code for i in round2.items.filter(is_new=True)} == printed_rounds[2] - printed_rounds[1]
    assert len(printed_rounds[1]) == {"nowon": 108, "seongbuk": 92}[district]


def test_the_command_line_analyses_a_study_run_in_the_application(study, people, capsys):
    from bombaram import cli

    make_round_one(study, people["admin"])
    assert cli.main(["delphi", "analyse", "--study", str(study.pk), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["quartile_method"] == "weibull"  # the study's setting
    row = next(i for i in data["items"] if i["item_code"] == "1-1-1.1" and i["round"] == 1 and i["group"] == "all")
    # the four submitted answers of make_round_one: suitable 3 of 4, scores 4 5 6 7
    assert (row["n"], row["suitable_n"], row["mean"], row["q1"], row["q3"]) == (4, 3, 5.5, 4.25, 6.75)
    # --quartiles overrides the study's method: Tukey's hinges of 4 5 6 7 are 4.5 and 6.5
    assert cli.main(["delphi", "analyse", "--study", str(study.pk), "--quartiles", "tukey"]) == 0
    tukey = json.loads(capsys.readouterr().out)
    row = next(i for i in tukey["items"] if i["item_code"] == "1-1-1.1" and i["round"] == 1 and i["group"] == "all")
    assert (row["q1"], row["q3"]) == (4.5, 6.5) and tukey["quartile_method"] == "tukey"
    for name in NAMES:
        assert name not in json.dumps(data, ensure_ascii=False)
    assert cli.main(["delphi", "analyse", "--study", "99999"]) == 2
    assert "델파이 조사 99999번이 없습니다" in capsys.readouterr().err
