"""Delphi studies: the panel, its invitation links, rounds and proposals (the panellist's side: answers.py).

Administrators (``web.permissions.can_manage_study``) create a study of a framework version, add
panellists in groups and open and close rounds. Panellists need no account: each has a personal
link ``/delphi/<token>/``. Only the token's SHA-256 is stored (``models.hash_token``); the raw token
is returned once, when the link is made, for the administrator to pass on.

Rounds::

    (none) --open_round(1)--> open --close_round--> closed --open_round(2)--> …

Round 1 asks about the framework version's rated items (core.frameworks.Framework.rated_items():
every sub-activity, or the activity itself when it has none, each followed by its indicators);
items flagged ``added_in_round2`` wait for round 2. A later round copies the previous round's items
and adds, marked 신규, the framework's round-2 items and the proposals the administrator accepted.
One round is open at a time; opening round 1 freezes the framework version.

A panellist's answers are saved field by field as they go (``answers.save_answer``) and submitted once
(``answers.submit_response``); a round past its deadline accepts nothing even while still "open". Only
submitted questionnaires count in the analysis (``queries.analyse_study``).

Audit events never hold a token, only the panellist's id; an autosave is not audited (too chatty),
the submission is.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from bombaram.core.delphi import ALL_GROUP, DecisionRules
from bombaram.valuation.choices import (
    CriticalMethod,
    ItemKind,
    Level,
    ProposalStatus,
    QuartileMethod,
    RoundStatus,
)
from bombaram.valuation.models import (
    DelphiRound,
    DelphiStudy,
    FrameworkItem,
    FrameworkVersion,
    PanelGroup,
    Panellist,
    Proposal,
    Response,
    RoundItem,
    hash_token,
)
from bombaram.web import audit
from bombaram.web.permissions import can_manage_study, check

MAX_COMMENT_LENGTH = 2000
MAX_PROPOSAL_NAME_LENGTH = 300
MAX_TOKEN_LENGTH = 200
LABEL_PATTERN = re.compile(r"^P(\d+)$")


class LinkError(ValidationError):
    """A questionnaire link that opens nothing: ``status`` 404 (unknown) or 403 (revoked)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


UNKNOWN_LINK = "이 링크로 열 수 있는 설문이 없습니다. 받은 주소를 빠짐없이 옮겼는지 확인하고, 그래도 열리지 않으면 조사 담당자에게 문의해 주세요."
REVOKED_LINK = ("이 링크는 더 이상 쓸 수 없습니다(조사 담당자가 사용을 중지했습니다). 이미 저장한 응답은 그대로 보관되어 있습니다. "
                "계속 참여하시려면 조사 담당자에게 새 링크를 요청해 주세요.")
ALREADY_SUBMITTED = "이미 제출했습니다. 제출한 응답은 바꿀 수 없습니다."


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


# ---- reads ------------------------------------------------------------------------------------

def managed_studies(user: Any) -> list[DelphiStudy]:
    """Studies ``user`` may manage, newest first, each with its rounds."""
    studies = (DelphiStudy.objects.select_related("version__framework__owner_team__district",
                                                  "version__framework__owner_district")
               .prefetch_related("rounds").annotate(panellist_count=Count("panellists")))
    return [s for s in studies if can_manage_study(user, s)]


def manageable_versions(user: Any) -> list[FrameworkVersion]:
    """Framework versions ``user`` may start a study of."""
    versions = FrameworkVersion.objects.select_related(
        "framework__owner_team__district", "framework__owner_district").order_by("framework__name", "-number")
    return [v for v in versions if can_manage_study(user, DelphiStudy(version=v))]


def get_study_for_user(user: Any, pk: int) -> DelphiStudy:
    """The study ``pk`` if ``user`` may manage it; Http404 or PermissionDenied otherwise."""
    study = (DelphiStudy.objects.select_related("version__framework__owner_team__district",
                                                "version__framework__owner_district", "local_group")
             .filter(pk=pk).first())
    if study is None:
        raise Http404
    check(can_manage_study(user, study))
    return study


def open_round_of(study: DelphiStudy) -> DelphiRound | None:
    return study.rounds.filter(status=RoundStatus.OPEN).first()


def accepts_answers(round_: DelphiRound, now: dt.datetime | None = None) -> bool:
    """A round takes answers while it is open and its deadline has not passed."""
    return round_.status == RoundStatus.OPEN and _now(now) < round_.closes


def next_round_number(study: DelphiStudy) -> int:
    """The round to open next: a round prepared but not opened, else the one after the last."""
    draft = study.rounds.filter(status=RoundStatus.DRAFT).order_by("number").first()
    if draft is not None:
        return draft.number
    return (study.rounds.aggregate(n=Max("number"))["n"] or 0) + 1


def can_open_next_round(study: DelphiStudy) -> bool:
    """No round is open and the previous one (if any) is closed."""
    number = next_round_number(study)
    if study.rounds.filter(status=RoundStatus.OPEN).exists():
        return False
    return number == 1 or study.rounds.filter(number=number - 1, status=RoundStatus.CLOSED).exists()


@dataclass
class GroupProgress:
    name: str
    invited: int = 0
    started: int = 0
    submitted: int = 0


@dataclass
class RoundProgress:
    round: DelphiRound
    groups: list[GroupProgress] = field(default_factory=list)
    items: int = 0
    new_items: int = 0

    @property
    def invited(self) -> int:
        return sum(g.invited for g in self.groups)

    @property
    def submitted(self) -> int:
        return sum(g.submitted for g in self.groups)


def round_progress(study: DelphiStudy, now: dt.datetime | None = None) -> list[RoundProgress]:
    """Per round and group: panellists invited, questionnaires started and submitted.

    Invited in a round: added before the round closed (or now, while it runs) and with a link that
    was not stopped before the round opened; a panellist who submitted counts in any case."""
    now = _now(now)
    groups = list(study.groups.all())
    panellists = list(Panellist.objects.filter(study=study).values_list("pk", "group_id", "created", "revoked"))
    responses: dict[tuple[int, int], dt.datetime | None] = {
        (round_id, panellist_id): submitted for round_id, panellist_id, submitted in
        Response.objects.filter(round__study=study).values_list("round_id", "panellist_id", "submitted")}
    items = {row["round_id"]: row for row in RoundItem.objects.filter(round__study=study).values("round_id").annotate(
        n=Count("id"), new=Count("id", filter=Q(is_new=True)))}
    out = []
    for round_ in study.rounds.all():
        end = round_.closed or now
        start = round_.opened or now
        cells = {group.pk: GroupProgress(name=group.name) for group in groups}
        for pk, group_id, created, revoked in panellists:
            key = (round_.pk, pk)
            submitted = responses.get(key) is not None
            if submitted or (created <= end and (revoked is None or revoked > start)):
                cells[group_id].invited += 1
            cells[group_id].started += key in responses
            cells[group_id].submitted += submitted
        out.append(RoundProgress(round=round_, groups=list(cells.values()), items=items.get(round_.pk, {}).get("n", 0),
                                 new_items=items.get(round_.pk, {}).get("new", 0)))
    return out


def pending_proposals(study: DelphiStudy) -> list[Proposal]:
    """Proposals waiting for a decision, with their round; the proposer appears by pseudonym only."""
    return list(Proposal.objects.filter(round__study=study, status=ProposalStatus.PENDING)
                .select_related("round", "panellist").order_by("created"))


def decided_proposals(study: DelphiStudy) -> list[Proposal]:
    return list(Proposal.objects.filter(round__study=study).exclude(status=ProposalStatus.PENDING)
                .select_related("round", "panellist").order_by("-decided"))


# ---- the study and its panel ----------------------------------------------------------------------

@transaction.atomic
def create_study(*, user: Any, version: FrameworkVersion, title: str, groups: list[str], introduction: str = "",
                 quartile_method: str = QuartileMethod.WEIBULL, critical_method: str = CriticalMethod.EXACT,
                 rules: dict | None = None, local_group: str | None = None) -> DelphiStudy:
    """A study of ``version`` with its panel groups (in the given order).

    ``local_group`` names the group the report shows as 지역 beside 전체; ``rules`` are
    core.delphi.DecisionRules as a dict (missing keys keep the defaults)."""
    check(can_manage_study(user, DelphiStudy(version=version)))
    title = (title or "").strip()
    if not title:
        raise ValidationError("조사 제목을 적어 주세요.")
    names = [g.strip() for g in groups if g and g.strip()]
    if not names:
        raise ValidationError("패널 그룹을 하나 이상 적어 주세요 (예: 시 단위 전문가, 자치구 현장).")
    seen: set[str] = set()
    for name in names:
        if name.lower() == ALL_GROUP:
            raise ValidationError("'all'은 전체 패널을 뜻하므로 그룹 이름으로 쓸 수 없습니다.")
        if len(name) > 100:
            raise ValidationError(f"그룹 이름은 100자 이내로 적어 주세요: '{name[:20]}…'")
        if name in seen:
            raise ValidationError(f"같은 그룹 이름이 두 번 있습니다: '{name}'")
        seen.add(name)
    if quartile_method not in QuartileMethod.values:
        raise ValidationError(f"알 수 없는 사분위수 계산 방법입니다: '{quartile_method}'")
    if critical_method not in CriticalMethod.values:
        raise ValidationError(f"알 수 없는 CVR 임계값 방법입니다: '{critical_method}'")
    try:
        checked_rules = DecisionRules.from_dict(rules or {}).to_dict()
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc)) from exc
    local = (local_group or "").strip()
    if local and local not in seen:
        raise ValidationError(f"'지역'으로 보여 줄 그룹 '{local}'이(가) 패널 그룹에 없습니다.")
    study = DelphiStudy.objects.create(version=version, title=title[:200], introduction=(introduction or "").strip(),
                                       quartile_method=quartile_method, critical_method=critical_method,
                                       rules=checked_rules, created_by=user)
    made = {name: PanelGroup.objects.create(study=study, name=name, position=position)
            for position, name in enumerate(names)}
    if local:
        study.local_group = made[local]
        study.save(update_fields=["local_group"])
    audit.record("valuation.study.created", actor=user, obj=study, title=study.title, version=version.pk,
                 groups=names, local_group=local or None, quartile_method=quartile_method,
                 critical_method=critical_method, rules=checked_rules)
    return study


def _next_label(study: DelphiStudy) -> str:
    numbers = [int(m.group(1)) for label in Panellist.objects.filter(study=study).values_list("label", flat=True)
               if (m := LABEL_PATTERN.match(label))]
    return f"P{max(numbers, default=0) + 1:02d}"


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


@transaction.atomic
def add_panellist(*, user: Any, study: DelphiStudy, group: PanelGroup, name: str, email: str = "") -> tuple[Panellist, str]:
    """Add a panellist with the next free pseudonym (P01, P02 …) and a personal link.

    Returns the panellist and the raw token; only its hash is stored, so this is the one time the
    link can be shown."""
    study = DelphiStudy.objects.select_for_update(of=("self",)).select_related("version__framework").get(pk=study.pk)
    check(can_manage_study(user, study))
    if group is None or group.study_id != study.pk:
        raise ValidationError("이 조사의 패널 그룹을 골라 주세요.")
    name = (name or "").strip()
    if not name:
        raise ValidationError("패널의 이름을 적어 주세요.")
    if len(name) > 100:
        raise ValidationError("이름은 100자 이내로 적어 주세요.")
    email = (email or "").strip()
    if len(email) > 254:
        raise ValidationError("이메일 주소가 너무 깁니다.")
    token, token_hash = _new_token()
    panellist = Panellist.objects.create(study=study, group=group, name=name, email=email, label=_next_label(study),
                                         token_hash=token_hash)
    audit.record("valuation.panellist.added", actor=user, obj=panellist, study=study.pk, label=panellist.label,
                 group=group.name)
    return panellist, token


def _locked_panellist(panellist: Panellist) -> Panellist:
    return (Panellist.objects.select_for_update(of=("self",)).select_related("study__version__framework", "group")
            .get(pk=panellist.pk))


@transaction.atomic
def reissue_link(*, user: Any, panellist: Panellist) -> str:
    """A new link for the panellist; the old one stops working at once. A revoked link is
    replaced too (the panellist can take part again). Saved answers are kept."""
    panellist = _locked_panellist(panellist)
    check(can_manage_study(user, panellist.study))
    token, panellist.token_hash = _new_token()
    was_revoked = panellist.revoked is not None
    panellist.revoked = None
    panellist.save(update_fields=["token_hash", "revoked"])
    audit.record("valuation.panellist.link_reissued", actor=user, obj=panellist, study=panellist.study_id,
                 label=panellist.label, was_revoked=was_revoked)
    return token


@transaction.atomic
def revoke_link(*, user: Any, panellist: Panellist) -> Panellist:
    """Stop the panellist's link. Their saved and submitted answers are kept."""
    panellist = _locked_panellist(panellist)
    check(can_manage_study(user, panellist.study))
    if panellist.revoked is not None:
        raise ValidationError(f"{panellist.label}의 링크는 이미 중지되어 있습니다.")
    panellist.revoked = timezone.now()
    panellist.save(update_fields=["revoked"])
    audit.record("valuation.panellist.link_revoked", actor=user, obj=panellist, study=panellist.study_id,
                 label=panellist.label)
    return panellist


# ---- rounds -----------------------------------------------------------------------------------

@dataclass
class _Entry:
    """A question of a round before it is stored."""

    code: str
    kind: str
    name: str
    goal: str
    context: str
    framework_item: FrameworkItem | None = None
    in_round2: bool = False
    is_new: bool = False


def framework_entries(version: FrameworkVersion) -> list[_Entry]:
    """The version's rated items in framework order, as core.frameworks.Framework.rated_items():
    each sub-activity (or the activity itself when it has none) followed by its indicators.

    ``goal`` is the goal's name; ``context`` the activity's name for a sub-activity, the rated
    activity item's name for an indicator. ``in_round2``: the item or its rated activity is
    flagged ``added_in_round2``, or every indicator of the rated activity is (the report's 노원
    sub-activity 1-1-3 has only round-2 indicators and no round-1 figures: it was added in round 2)."""
    items = list(version.items.all().order_by("position", "pk"))
    children: dict[int | None, list[FrameworkItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    entries: list[_Entry] = []

    def added_late(rated: FrameworkItem, *parents: FrameworkItem) -> bool:
        own = [c for c in children.get(rated.pk, []) if c.level == Level.INDICATOR]
        return (rated.added_in_round2 or any(p.added_in_round2 for p in parents)
                or (bool(own) and all(c.added_in_round2 for c in own)))

    def indicators(parent: FrameworkItem, goal: FrameworkItem, late: bool) -> None:
        for ind in children.get(parent.pk, []):
            if ind.level == Level.INDICATOR:
                entries.append(_Entry(ind.code, ItemKind.INDICATOR, ind.name, goal.name, parent.name, ind,
                                      late or ind.added_in_round2))

    for goal in children.get(None, []):
        if goal.level != Level.GOAL:
            continue
        for activity in children.get(goal.pk, []):
            if activity.level != Level.ACTIVITY:
                continue
            subs = [c for c in children.get(activity.pk, []) if c.level == Level.SUBACTIVITY]
            if subs:
                for sub in subs:
                    late = added_late(sub, activity)
                    entries.append(_Entry(sub.code, ItemKind.ACTIVITY, sub.name, goal.name, activity.name, sub, late))
                    indicators(sub, goal, late)
            else:
                late = added_late(activity)
                entries.append(_Entry(activity.code, ItemKind.ACTIVITY, activity.name, goal.name, "", activity, late))
                indicators(activity, goal, late)
    return entries


def _parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else code


def _insert_after_parent(entries: list[_Entry], entry: _Entry, parent_code: str) -> None:
    """Put ``entry`` after the last question of its activity (the activity and its indicators)."""
    at = None
    for index, other in enumerate(entries):
        if other.code == parent_code or other.code.startswith(parent_code + "."):
            at = index
    entries.insert(len(entries) if at is None else at + 1, entry)


def _next_indicator_code(parent_code: str, taken: set[str]) -> str:
    prefix = parent_code + "."
    numbers = [int(code[len(prefix):]) for code in taken if code.startswith(prefix) and code[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


@transaction.atomic
def open_round(*, user: Any, study: DelphiStudy, number: int, closes: dt.datetime,
               now: dt.datetime | None = None) -> DelphiRound:
    """Open round ``number`` with its deadline ``closes`` and build its questions.

    Round 1: the framework version's rated items without those added in round 2; the version is
    frozen. Round n > 1: round n − 1 must be closed and its proposals decided; its questions are
    copied and the framework's round-2 items and the accepted proposals are added, marked 신규
    (a proposal's code: its activity's code + "." + the next free number)."""
    study = DelphiStudy.objects.select_for_update(of=("self",)).select_related("version__framework").get(pk=study.pk)
    check(can_manage_study(user, study))
    now = _now(now)
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise ValidationError("차수를 숫자로 적어 주세요.") from None
    if closes is None or timezone.is_naive(closes):
        raise ValidationError("마감 일시를 적어 주세요.")
    if closes <= now:
        raise ValidationError("마감 일시가 이미 지났습니다. 앞으로의 일시를 골라 주세요.")
    running = study.rounds.filter(status=RoundStatus.OPEN).first()
    if running is not None:
        raise ValidationError(f"{running.number}차 조사가 진행 중입니다. 한 번에 한 차수만 열 수 있으니 먼저 마감해 주세요.")
    expected = next_round_number(study)
    existing = study.rounds.filter(number=number).first()
    if existing is not None and existing.status != RoundStatus.DRAFT:
        raise ValidationError(f"{number}차 조사는 이미 열렸습니다.")
    if existing is None and number != expected:
        raise ValidationError(f"다음에 열 수 있는 차수는 {expected}차입니다.")
    entries = framework_entries(study.version)
    if number == 1:
        questions = [e for e in entries if not e.in_round2]
        accepted: list[Proposal] = []
    else:
        previous = study.rounds.filter(number=number - 1).first()
        if previous is None or previous.status != RoundStatus.CLOSED:
            raise ValidationError(f"{number - 1}차 조사를 마감한 뒤에 {number}차 조사를 열 수 있습니다.")
        waiting = previous.proposals.filter(status=ProposalStatus.PENDING).count()
        if waiting:
            raise ValidationError(f"{number - 1}차 조사에서 결정하지 않은 지표 제안이 {waiting}건 있습니다. "
                                  "채택하거나 제외한 뒤에 다음 차수를 열어 주세요.")
        questions, accepted = _later_round_entries(previous, entries)
    if not questions:
        raise ValidationError("이 틀에는 물어볼 활동이나 지표가 없습니다.")
    if existing is None:
        round_ = DelphiRound.objects.create(study=study, number=number, status=RoundStatus.OPEN, closes=closes,
                                            opened=now)
    else:
        round_ = existing
        round_.status, round_.closes, round_.opened = RoundStatus.OPEN, closes, now
        round_.save(update_fields=["status", "closes", "opened"])
        round_.items.all().delete()
    RoundItem.objects.bulk_create([
        RoundItem(round=round_, framework_item=e.framework_item, code=e.code, kind=e.kind, name=e.name[:300],
                  goal=e.goal[:300], context=e.context[:300], position=position, is_new=e.is_new)
        for position, e in enumerate(questions)])
    if number == 1 and not study.version.frozen:
        study.version.frozen = True
        study.version.save(update_fields=["frozen"])
    audit.record("valuation.round.opened", actor=user, obj=round_, study=study.pk, number=number,
                 closes=closes.isoformat(), items=len(questions), new_items=sum(e.is_new for e in questions),
                 proposals=[p.pk for p in accepted])
    return round_


def _later_round_entries(previous: DelphiRound, entries: list[_Entry]) -> tuple[list[_Entry], list[Proposal]]:
    """Round n's questions: round n − 1's, the framework's round-2 items not yet asked, and the
    proposals accepted in round n − 1, the last two marked 신규."""
    asked = list(previous.items.select_related("framework_item").order_by("position"))
    asked_codes = {i.code for i in asked}
    questions = [_Entry(e.code, e.kind, e.name, e.goal, e.context, e.framework_item, e.in_round2,
                        is_new=e.code not in asked_codes)
                 for e in entries if e.code in asked_codes or e.in_round2]
    framework_codes = {e.code for e in entries}
    for item in asked:  # earlier proposals, which the framework does not hold
        if item.code not in framework_codes:
            _insert_after_parent(questions, _Entry(item.code, item.kind, item.name, item.goal, item.context),
                                 _parent_code(item.code))
    taken = {e.code for e in questions} | set(previous.study.version.items.values_list("code", flat=True))
    by_code = {e.code: e for e in questions}
    accepted = list(previous.proposals.filter(status=ProposalStatus.ACCEPTED).order_by("created", "pk"))
    for proposal in accepted:
        parent = by_code.get(proposal.parent_code)
        code = _next_indicator_code(proposal.parent_code, taken)
        taken.add(code)
        entry = _Entry(code, ItemKind.INDICATOR, proposal.name, parent.goal if parent else "",
                       parent.name if parent else "", is_new=True)
        _insert_after_parent(questions, entry, proposal.parent_code)
        by_code[code] = entry
    return questions, accepted


@transaction.atomic
def close_round(*, user: Any, round: DelphiRound, now: dt.datetime | None = None) -> DelphiRound:  # noqa: A002
    """Close an open round: no more answers; questionnaires not submitted do not count."""
    round_ = DelphiRound.objects.select_for_update(of=("self",)).select_related("study__version__framework").get(pk=round.pk)
    check(can_manage_study(user, round_.study))
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(f"{round_.number}차 조사는 열려 있지 않아 마감할 수 없습니다.")
    round_.status = RoundStatus.CLOSED
    round_.closed = _now(now)
    round_.save(update_fields=["status", "closed"])
    submitted = round_.responses.filter(submitted__isnull=False).count()
    audit.record("valuation.round.closed", actor=user, obj=round_, study=round_.study_id, number=round_.number,
                 submitted=submitted, unsubmitted=round_.responses.filter(submitted__isnull=True).count())
    return round_


@transaction.atomic
def decide_proposal(*, user: Any, proposal: Proposal, accept: bool) -> Proposal:
    """Accept a proposal for the next round (신규) or leave it out; decided before the next round opens."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("round__study__version__framework").get(pk=proposal.pk)
    study = proposal.round.study
    check(can_manage_study(user, study))
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError("이미 결정한 제안입니다.")
    if study.rounds.filter(number__gt=proposal.round.number).exclude(status=RoundStatus.DRAFT).exists():
        raise ValidationError("다음 차수가 이미 시작되어 이 제안을 반영할 수 없습니다.")
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided = timezone.now()
    proposal.decided_by = user
    proposal.save(update_fields=["status", "decided", "decided_by"])
    audit.record("valuation.proposal.accepted" if accept else "valuation.proposal.rejected", actor=user, obj=proposal,
                 study=study.pk, round=proposal.round.number, parent_code=proposal.parent_code, indicator=proposal.name)
    return proposal


# ---- what the panellist sees ------------------------------------------------------------------------
