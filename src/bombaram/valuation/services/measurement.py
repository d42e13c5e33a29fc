"""Indicator measurements of the programme teams and their social accounts (사회적 회계 보고서).

A team's staff enter, for a year, each indicator's value with its target and evidence (a file or a
link) and ask the support centre for approval; the centre approves each value or returns it with a
comment. The social accounts read the values back as goals → activities (→ sub-activities) →
indicators with achievement and change on the previous year (core.social_accounts), and the optional
monetised layer (SROI) from the team's SroiSetting and SroiOutcomes.

State rules (every write checks them on a locked, freshly read row)::

    (new) --save--> draft --submit--> submitted --approve--> approved
                    returned <--return-- submitted, approved
                    returned --save--> returned --submit--> submitted

Draft and returned values are edited; submitted and approved values are locked: changing an approved
value needs the centre to return it first. The public sees approved values only.

Separation of duties (업무 분리): ``entered_by`` is whoever last changed the value, the target or the
evidence (a change of the note alone, or a save that changes nothing, keeps it). That person may not
approve it, even as a centre administrator who may enter values for a team: another administrator of
the district approves it. Returning one's own entry is allowed, since it only sends the value back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bombaram.core import social_accounts as core
from bombaram.core import tabular
from bombaram.core.numbers import ParseError, parse_decimal
from bombaram.valuation import queries
from bombaram.valuation.choices import Level, MeasurementStatus
from bombaram.valuation.models import (
    Framework,
    FrameworkItem,
    FrameworkVersion,
    IndicatorSource,
    Measurement,
    SroiOutcome,
    SroiSetting,
)
from bombaram.valuation.services import sources
from bombaram.web import audit
from bombaram.web.permissions import can_approve_measurements, can_enter_measurements

EDITABLE = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)
YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: Evidence file types: extension → (content type served, accepted leading bytes).
EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    # HWP 5 is an OLE compound file; HWPX (saved as .hwp by some versions) a zip archive
    ".hwp": ("application/x-hwp", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04")),
}
#: Largest magnitude the Measurement and SroiOutcome decimal columns hold (18 digits, 4 decimals).
_MAX_MAGNITUDE = Decimal(10) ** 14


# ---- checks shared with the forms -------------------------------------------------------------------------


def parse_number(value: Any, *, label: str = "값", places: int = 4) -> Decimal | None:
    """``value`` (text such as "1,234.5", a number or None) as a Decimal; None when empty.

    Raises ValidationError with a Korean message for anything that is not a number, has more than
    ``places`` decimals or does not fit the database column."""
    try:
        number = parse_decimal(value)
    except ParseError:
        raise ValidationError(f"{label}: 숫자로 적어 주세요 (예: 45, 1,234.5). 입력한 값: '{value}'") from None
    if number is None:
        return None
    if abs(number) >= _MAX_MAGNITUDE:
        raise ValidationError(f"{label}: 너무 큰 수입니다: {value}")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(f"{label}: 소수점 아래 {places}자리까지 적을 수 있습니다: {value}")
    return number


def check_evidence(upload: Any) -> None:
    """An evidence file: at most 10 MB, a PDF, JPG, PNG, XLSX, DOCX or HWP file whose first bytes
    match its extension. Raises ValidationError (Korean)."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(f"증빙 파일은 PDF, JPG, PNG, XLSX, DOCX, HWP 파일만 올릴 수 있습니다: '{name}'")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(f"증빙 파일은 10 MB까지 올릴 수 있습니다 ('{name}': {upload.size / 1024 / 1024:.1f} MB).")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[suffix][1]):
        raise ValidationError(f"파일 내용이 확장자({suffix})와 맞지 않습니다: '{name}'")


def evidence_content_type(name: str) -> str:
    return EVIDENCE_TYPES.get(Path(name).suffix.lower(), ("application/octet-stream", ()))[0]


def _check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(f"연도가 올바르지 않습니다: {year}")
    return year


# ---- reads ------------------------------------------------------------------------------------------------


def team_framework(team: Any) -> Framework | None:
    """The team's framework: the first it came to own that has a version (a team normally has one)."""
    return (Framework.objects.filter(owner_team=team, versions__isnull=False).distinct()
            .order_by("created", "pk").first())


def _ancestors(item: FrameworkItem, by_pk: dict[int, FrameworkItem]) -> list[FrameworkItem]:
    """The item's goal, activity and sub-activity, goal first, from the version's items by pk."""
    chain = []
    parent = by_pk.get(item.parent_id)
    while parent is not None:
        chain.append(parent)
        parent = by_pk.get(parent.parent_id)
    return list(reversed(chain))


def indicators_of(version: FrameworkVersion) -> list[FrameworkItem]:
    """The version's indicators in framework order, each with ``ancestors`` (goal first) set."""
    items = list(version.items.order_by("position", "pk"))
    by_pk = {i.pk: i for i in items}
    out = []
    for item in items:
        if item.level != Level.INDICATOR:
            continue
        item.ancestors = _ancestors(item, by_pk)
        out.append(item)
    return out


def team_measurements(team: Any, year: int) -> dict[str, Measurement]:
    """The team's measurements of ``year`` by indicator code."""
    return {m.code: m for m in Measurement.objects.filter(team=team, year=year)}


def account_years(team: Any, *, include_drafts: bool) -> list[int]:
    """Years with values shown in the team's accounts (approved only unless ``include_drafts``), newest first."""
    rows = Measurement.objects.filter(team=team)
    if not include_drafts:
        rows = rows.filter(status=MeasurementStatus.APPROVED)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def review_queue(user: Any) -> list[Measurement]:
    """Submitted values of the teams the user approves for (the centre, scoped to its districts); the
    user's own entries are included, to be returned if need be, though another officer approves them."""
    rows = (Measurement.objects.filter(status=MeasurementStatus.SUBMITTED)
            .select_related("team__district", "item", "entered_by").order_by("team__district__order", "team", "year", "code"))
    return [m for m in rows if can_approve_measurements(user, m.team)]


def review_lines(user: Any) -> list[IndicatorLine]:
    """The review queue as accounts lines: each submitted value with its achievement and last year's value."""
    queue = review_queue(user)
    prior = {(p.team_id, p.year + 1, p.code): p for p in Measurement.objects.filter(
        team_id__in={m.team_id for m in queue}, year__in={m.year - 1 for m in queue})}
    lines = []
    for m in queue:
        p = prior.get((m.team_id, m.year, m.code))
        figures = core.IndicatorFigures(code=m.code, value=m.value, target=m.target, previous=p.value if p else None,
                                        direction=m.item.direction or "increase")
        lines.append(IndicatorLine(item=m.item, measurement=m, previous=p, result=core.achievement(figures)))
    return lines


def previous_values(team: Any, year: int, codes: Iterable[str]) -> dict[str, Measurement]:
    return {m.code: m for m in Measurement.objects.filter(team=team, year=year - 1, code__in=list(codes))}


# ---- writes: measurements ---------------------------------------------------------------------------------


def _same(measurement: Measurement, value: Decimal | None, target: Decimal | None, evidence_url: str, note: str,
          upload: Any) -> bool:
    return (measurement.value == value and measurement.target == target and measurement.evidence_url == evidence_url
            and measurement.note == note and upload is None)


@transaction.atomic
def save_measurements(*, user: Any, team: Any, year: int, rows: list[dict[str, Any]]) -> list[Measurement]:
    """Create or update the team's draft values for ``year``.

    Each row: ``item`` (an indicator FrameworkItem of the team's framework), ``value``, ``target``
    (Decimal, number text or None), ``evidence_url``, ``note`` and ``evidence`` (an uploaded file or
    None). All rows are checked before anything is written: one bad row saves nothing, and the
    ValidationError maps each bad indicator code to its Korean message. Rows left empty that have no
    value yet are skipped; rows identical to what is stored are left alone. Returns the rows written.
    """
    if not can_enter_measurements(user, team):
        raise PermissionDenied
    _check_year(year)
    framework_ids = set(Framework.objects.filter(owner_team=team).values_list("pk", flat=True))
    existing = {m.code: m for m in Measurement.objects.select_for_update().filter(team=team, year=year)}
    bound = set(IndicatorSource.objects.filter(framework_id__in=framework_ids).values_list("framework_id", "code"))
    errors: dict[str, list[str]] = {}
    planned = []
    for row in rows:
        item = row["item"]
        code = item.code
        try:
            if item.level != Level.INDICATOR or item.version.framework_id not in framework_ids:
                raise ValidationError(f"이 사업단의 평가지표가 아닙니다: '{code}'")
            if (item.version.framework_id, code) in bound:
                if row.get("value") not in (None, ""):
                    raise ValidationError(f"'{code}'의 실적은 연결된 출처에서 읽습니다. 직접 적을 수 없습니다.")
                value = None
            else:
                value = parse_number(row.get("value"), label="실적")
            target = parse_number(row.get("target"), label="목표")
            evidence_url = (row.get("evidence_url") or "").strip()
            if evidence_url and not evidence_url.startswith(("http://", "https://")):
                raise ValidationError(f"증빙 링크는 http:// 또는 https://로 시작해야 합니다: '{evidence_url}'")
            note = (row.get("note") or "").strip()
            upload = row.get("evidence")
            if upload is not None:
                check_evidence(upload)
            current = existing.get(code)
            if current is None:
                if value is None and target is None and not evidence_url and not note and upload is None:
                    continue
            elif _same(current, value, target, evidence_url, note, upload):
                continue
            elif current.status == MeasurementStatus.APPROVED:
                raise ValidationError(f"'{code}'의 값은 승인되어 바꿀 수 없습니다. 고치려면 센터에 반려를 요청해 주세요.")
            elif current.status == MeasurementStatus.SUBMITTED:
                raise ValidationError(f"'{code}'의 값은 승인 요청 중이어서 바꿀 수 없습니다. 센터의 검토를 기다려 주세요.")
        except ValidationError as exc:
            errors.setdefault(code, []).extend(exc.messages)
            continue
        planned.append((item, current, value, target, evidence_url, note, upload))
    if errors:
        raise ValidationError(errors)

    written = []
    for item, current, value, target, evidence_url, note, upload in planned:
        measurement = current or Measurement(team=team, code=item.code, year=year, status=MeasurementStatus.DRAFT)
        # the author (who may not approve it) is whoever last changed the figures or their evidence;
        # a change of the note alone does not make the value someone else's
        if current is None or (current.value, current.target, current.evidence_url) != (value, target, evidence_url) \
                or upload is not None:
            measurement.entered_by = user if getattr(user, "is_authenticated", False) else None
        measurement.item = item
        measurement.value, measurement.target = value, target
        measurement.evidence_url, measurement.note = evidence_url, note
        if upload is not None:
            if measurement.evidence:
                old, storage = measurement.evidence.name, measurement.evidence.storage
                transaction.on_commit(lambda old=old, storage=storage: storage.delete(old))
            measurement.evidence.save(Path(upload.name).name, upload, save=False)
        if current is None:
            measurement.save()
        else:
            measurement.save(update_fields=["item", "value", "target", "evidence_url", "note", "entered_by", "evidence",
                                            "updated"])
        audit.record("valuation.measurement.saved", actor=user, obj=measurement, team=team.pk, year=year,
                     code=item.code, value=_text(value), target=_text(target),
                     evidence=measurement.evidence.name or "", evidence_url=evidence_url,
                     value_from_source=(item.version.framework_id, item.code) in bound)
        written.append(measurement)
    return written


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


@transaction.atomic
def submit_measurements(*, user: Any, team: Any, year: int) -> int:
    """Ask the centre to approve every draft or returned value of the year that has a value; returns how many."""
    if not can_enter_measurements(user, team):
        raise PermissionDenied
    _check_year(year)
    bound = IndicatorSource.objects.filter(framework__owner_team=team).values_list("code", flat=True)
    rows = list(Measurement.objects.select_for_update().filter(team=team, year=year, status__in=EDITABLE)
                .filter(Q(value__isnull=False) | Q(code__in=list(bound))))
    if not rows:
        raise ValidationError("승인을 요청할 값이 없습니다. 실적을 적고 저장한 뒤에 요청해 주세요.")
    for measurement in rows:
        measurement.status = MeasurementStatus.SUBMITTED
        measurement.save(update_fields=["status", "updated"])
        audit.record("valuation.measurement.submitted", actor=user, obj=measurement, team=team.pk, year=year,
                     code=measurement.code, value=_text(measurement.value))
    return len(rows)


SELF_APPROVAL_REFUSED = "직접 입력한 값은 다른 담당자가 승인해야 합니다 (업무 분리)."


def is_own_entry(user: Any, entry: Measurement | SroiSetting) -> bool:
    """Whether ``user`` last saved the value or the SROI assumptions (and so may not approve them)."""
    return entry.entered_by_id is not None and entry.entered_by_id == getattr(user, "pk", None)


def own_entries(user: Any, measurements: Iterable[Measurement | None]) -> set[int]:
    """The pks of the measurements ``user`` last saved, for pages that leave out their approve control."""
    return {m.pk for m in measurements if m is not None and is_own_entry(user, m)}


def _locked(measurement: Measurement) -> Measurement:
    return Measurement.objects.select_for_update(of=("self",)).select_related("team__district").get(pk=measurement.pk)


@transaction.atomic
def approve_measurement(*, user: Any, measurement: Measurement) -> Measurement:
    """The centre approves a submitted value: it is then public and locked. Whoever last saved the
    value may not approve it (separation of duties): another administrator of the district does."""
    measurement = _locked(measurement)
    if not can_approve_measurements(user, measurement.team):
        raise PermissionDenied
    if measurement.status != MeasurementStatus.SUBMITTED:
        raise ValidationError(f"승인 요청된 값만 승인할 수 있습니다 (지금 상태: {measurement.get_status_display()}).")
    if is_own_entry(user, measurement):
        raise ValidationError(SELF_APPROVAL_REFUSED)
    measurement.status = MeasurementStatus.APPROVED
    measurement.approved_by = user
    measurement.approved = timezone.now()
    measurement.review_comment = ""
    measurement.save(update_fields=["status", "approved_by", "approved", "review_comment", "updated"])
    audit.record("valuation.measurement.approved", actor=user, obj=measurement, team=measurement.team_id,
                 year=measurement.year, code=measurement.code, value=_text(measurement.value))
    return measurement


@transaction.atomic
def return_measurement(*, user: Any, measurement: Measurement, comment: str) -> Measurement:
    """The centre returns a submitted or approved value to the team with a comment saying what to change.
    Unlike approval, the administrator who entered the value may return it: that only sends it back."""
    measurement = _locked(measurement)
    if not can_approve_measurements(user, measurement.team):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("반려할 때는 무엇을 고쳐야 하는지 의견을 적어 주세요.")
    if measurement.status not in (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED):
        raise ValidationError(f"승인 요청되었거나 승인된 값만 반려할 수 있습니다 (지금 상태: {measurement.get_status_display()}).")
    was = measurement.status
    measurement.status = MeasurementStatus.RETURNED
    measurement.review_comment = comment
    measurement.approved_by = None
    measurement.approved = None
    measurement.save(update_fields=["status", "review_comment", "approved_by", "approved", "updated"])
    audit.record("valuation.measurement.returned", actor=user, obj=measurement, team=measurement.team_id,
                 year=measurement.year, code=measurement.code, was=was, comment=comment)
    return measurement


# ---- social accounts --------------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    """One indicator of the accounts: its figures (core Achievement) and the measurement shown."""

    item: FrameworkItem
    measurement: Measurement | None
    previous: Measurement | None
    result: core.Achievement
    #: for an indicator bound to a source (services.sources.SourcedValue): where its value comes from
    source: Any = None

    @property
    def value(self) -> Decimal | None:
        return self.result.figures.value

    @property
    def target(self) -> Decimal | None:
        return self.result.figures.target

    @property
    def previous_value(self) -> Decimal | None:
        return self.result.figures.previous

    @property
    def status(self) -> str | None:
        return self.measurement.status if self.measurement else None

    @property
    def draft(self) -> bool:
        """Shown but not approved (only the team and the centre see these)."""
        return self.measurement is not None and self.measurement.status != MeasurementStatus.APPROVED

    @property
    def note(self) -> str:
        return self.measurement.note if self.measurement else ""

    @property
    def has_evidence_file(self) -> bool:
        return bool(self.measurement and self.measurement.evidence)

    @property
    def evidence_url(self) -> str:
        return self.measurement.evidence_url if self.measurement else ""

    @property
    def bar_pct(self) -> Decimal | None:
        """Achievement capped at 100 for the bar (the number beside it is not capped)."""
        pct = self.result.achievement_pct
        return None if pct is None else max(Decimal(0), min(pct, Decimal(100)))


@dataclass
class Branch:
    """A goal, activity or sub-activity with what lies below it and their roll-up (core summarise)."""

    item: FrameworkItem
    depth: int
    children: list[Branch] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    summary: core.Summary | None = None

    def all_lines(self) -> Iterator[IndicatorLine]:
        yield from self.indicators
        for child in self.children:
            yield from child.all_lines()

    def rows(self) -> list[tuple[str, Any]]:
        """Everything below this branch in reading order: ("branch", Branch) and ("indicator", IndicatorLine)."""
        out: list[tuple[str, Any]] = [("indicator", line) for line in self.indicators]
        for child in self.children:
            out.append(("branch", child))
            out.extend(child.rows())
        return out


@dataclass
class SocialAccounts:
    team: Any
    year: int
    framework: Framework | None
    version: FrameworkVersion | None
    goals: list[Branch]
    summary: core.Summary
    include_drafts: bool
    illustrative: bool
    drafts: int

    @property
    def lines(self) -> list[IndicatorLine]:
        return [line for goal in self.goals for line in goal.all_lines()]

    @property
    def achieved_share_pct(self) -> Decimal | None:
        """Achieved indicators as a share of those with both value and target (%)."""
        if not self.summary.assessed:
            return None
        return Decimal(self.summary.achieved) * 100 / Decimal(self.summary.assessed)

    def table(self) -> list[dict[str, Any]]:
        """One flat row per indicator with its goal, activity and sub-activity names (for XLSX)."""
        out = []
        for goal in self.goals:
            for line in goal.all_lines():
                names = {a.level: a.name for a in getattr(line.item, "ancestors", [])}
                out.append({"goal": names.get(Level.GOAL, ""), "activity": names.get(Level.ACTIVITY, ""),
                            "subactivity": names.get(Level.SUBACTIVITY, ""), "line": line})
        return out


def social_accounts(team: Any, year: int, *, include_drafts: bool) -> SocialAccounts:
    """The team's social accounts for ``year``: goals → activities (→ sub-activities) → indicators.

    Each indicator carries core.social_accounts.achievement of (value, target, previous year's value)
    in the indicator's direction; each goal, activity and sub-activity core.social_accounts.summarise
    of every indicator below it, and the accounts the summary of all. The structure is the framework
    version the year's values were entered against (the latest, when several), else the current one;
    values are matched by indicator code, so they survive new versions. With ``include_drafts`` False
    (the public) only approved values count, this year's and last year's alike."""
    framework = team_framework(team)
    rows = Measurement.objects.filter(team=team, year__in=(year, year - 1))
    if not include_drafts:
        rows = rows.filter(status=MeasurementStatus.APPROVED)
    current: dict[str, Measurement] = {}
    previous: dict[str, Measurement] = {}
    for m in rows:
        (current if m.year == year else previous)[m.code] = m
    version = None
    if framework is not None:
        used = {m.item_id for m in current.values()}
        version = (FrameworkVersion.objects.filter(framework=framework, items__pk__in=used).distinct()
                   .order_by("-number").first()) if used else None
        version = version or queries.current_version(framework)
    goals: list[Branch] = []
    if version is not None:
        public = not include_drafts
        sourced = (sources.sourced_values(team, framework, year, public=public),
                   sources.sourced_values(team, framework, year - 1, public=public))
        goals = _tree(version, current, previous, sourced)
    lines = [line for goal in goals for line in goal.all_lines()]
    summary = core.summarise(line.result.figures for line in lines)
    shown = [line.measurement for line in lines if line.measurement is not None]
    return SocialAccounts(
        team=team, year=year, framework=framework, version=version, goals=goals, summary=summary,
        include_drafts=include_drafts,
        illustrative=bool(framework and framework.illustrative) or any(m.illustrative for m in shown),
        drafts=sum(1 for line in lines if line.draft))


def _tree(version: FrameworkVersion, current: dict[str, Measurement], previous: dict[str, Measurement],
          sourced: tuple[dict, dict] = ({}, {})) -> list[Branch]:
    """The version's goals → activities → indicators with their figures; a bound indicator's value and last
    year's value come from its source (``sourced``: this year's and last year's services.sources values)."""
    items = list(version.items.order_by("position", "pk"))
    by_pk = {i.pk: i for i in items}
    branches: dict[int, Branch] = {}
    roots: list[Branch] = []

    def branch_of(item: FrameworkItem) -> Branch:
        if item.pk in branches:
            return branches[item.pk]
        parent = by_pk.get(item.parent_id)
        holder = branch_of(parent) if parent is not None else None
        node = Branch(item=item, depth=0 if holder is None else holder.depth + 1)
        branches[item.pk] = node
        (roots if holder is None else holder.children).append(node)
        return node

    for item in items:
        if item.level != Level.INDICATOR:
            branch_of(item)
            continue
        item.ancestors = _ancestors(item, by_pk)
        m, p = current.get(item.code), previous.get(item.code)
        source, previous_source = sourced[0].get(item.code), sourced[1].get(item.code)
        value = source.value if source is not None else (m.value if m else None)
        previous_value = previous_source.value if previous_source is not None else (p.value if p else None)
        figures = core.IndicatorFigures(code=item.code, value=value, target=m.target if m else None,
                                        previous=previous_value, direction=item.direction or "increase")
        line = IndicatorLine(item=item, measurement=m, previous=p, result=core.achievement(figures), source=source)
        if item.parent_id in by_pk:
            branch_of(by_pk[item.parent_id]).indicators.append(line)
        else:  # an indicator without a goal or activity: its own branch
            orphan = Branch(item=item, depth=0, indicators=[line])
            roots.append(orphan)
    for node in branches.values():
        node.summary = core.summarise(line.result.figures for line in node.all_lines())
    for node in roots:
        if node.summary is None:
            node.summary = core.summarise(line.result.figures for line in node.all_lines())
    return roots


# ---- the monetised layer (SROI) ---------------------------------------------------------------------------


def sroi_setting(team: Any, year: int, *, include_drafts: bool = True) -> SroiSetting | None:
    """The team's SROI layer for ``year``; without ``include_drafts`` only once the centre approved it."""
    settings = SroiSetting.objects.filter(team=team, year=year)
    if not include_drafts:
        settings = settings.filter(approved__isnull=False)
    return settings.prefetch_related("outcomes").first()


@transaction.atomic
def approve_sroi(*, user: Any, setting: SroiSetting) -> SroiSetting:
    """The centre approves the monetised layer as it stands (the public then sees it); whoever last
    saved it may not (separation of duties, as for the indicator values)."""
    setting = SroiSetting.objects.select_for_update(of=("self",)).select_related("team__district").get(pk=setting.pk)
    if not can_approve_measurements(user, setting.team):
        raise PermissionDenied
    if setting.approved is not None:
        raise ValidationError("이미 승인된 SROI 가정입니다.")
    if is_own_entry(user, setting):
        raise ValidationError(SELF_APPROVAL_REFUSED)
    setting.approved, setting.approved_by = timezone.now(), user
    setting.save(update_fields=["approved", "approved_by"])
    audit.record("valuation.sroi.approved", actor=user, obj=setting, team=setting.team_id, year=setting.year)
    return setting


def sroi_waiting(user: Any) -> list[SroiSetting]:
    """SROI layers waiting for the centre, in the districts ``user`` approves for."""
    return [s for s in SroiSetting.objects.filter(approved__isnull=True).select_related("team__district")
            .order_by("team__name", "year") if can_approve_measurements(user, s.team)]


def _core_outcome(o: SroiOutcome) -> core.Outcome:
    return core.Outcome(code=o.code, name=o.name, quantity=o.quantity, proxy_value_won=o.proxy_value_won,
                        deadweight=o.deadweight, attribution=o.attribution, displacement=o.displacement,
                        drop_off=o.drop_off, duration_years=o.duration_years, stakeholder=o.stakeholder,
                        proxy_source=o.proxy_source)


def sroi(team: Any, year: int) -> core.SroiResult | None:
    """The team's monetised value for ``year`` (core.social_accounts.present_value of its outcomes), or
    None when the team keeps no SROI layer for that year."""
    setting = sroi_setting(team, year)
    return None if setting is None else sroi_of(setting)


def sroi_of(setting: SroiSetting) -> core.SroiResult:
    """core.social_accounts.present_value of the setting's outcomes, discount rate and investment."""
    return core.present_value([_core_outcome(o) for o in setting.outcomes.all()], setting.discount_rate,
                              setting.investment_won)


@dataclass(frozen=True)
class Scenario:
    """One line of the sensitivity table: an assumption changed on every outcome (``shift``, in
    fraction points, clamped to 0–1) or set (the discount rate), and the result."""

    field: str
    shift: Decimal | None
    value: Decimal | None
    present_value_won: Decimal
    net_present_value_won: Decimal
    sroi_ratio: Decimal
    base: bool = False


SENSITIVITY_SHIFT = Decimal("0.1")
SENSITIVITY_DISCOUNT_RATES = (Decimal("0.02"), Decimal("0.035"), Decimal("0.05"))


def sroi_sensitivity(result: core.SroiResult) -> list[Scenario]:
    """SROI Guide 2012 stage 5.4: the ratio with deadweight, attribution, displacement and drop-off
    each 10 percentage points lower and higher on every outcome (clamped to 0–1), and with discount
    rates of 2 %, 3.5 % (the Green Book's) and 5 %."""
    outcomes, rate, investment = result.outcomes, result.discount_rate, result.investment_won
    out = [Scenario("base", None, None, result.present_value_won, result.net_present_value_won, result.sroi_ratio,
                    base=True)]
    if not outcomes:
        return out
    for name in ("deadweight", "attribution", "displacement", "drop_off"):
        for shift in (-SENSITIVITY_SHIFT, SENSITIVITY_SHIFT):
            changed = [dataclasses.replace(o, **{name: min(Decimal(1), max(Decimal(0), getattr(o, name) + shift))})
                       for o in outcomes]
            r = core.present_value(changed, rate, investment)
            out.append(Scenario(name, shift, None, r.present_value_won, r.net_present_value_won, r.sroi_ratio))
    for point in core.sensitivity(outcomes, rate, investment, field="discount_rate",
                                  values=SENSITIVITY_DISCOUNT_RATES):
        out.append(Scenario("discount_rate", None, Decimal(point.value), point.present_value_won,
                            point.net_present_value_won, point.sroi_ratio, base=Decimal(point.value) == rate))
    return out


OUTCOME_FIELDS = ("code", "name", "stakeholder", "indicator_code", "quantity", "proxy_value_won", "proxy_source",
                  "deadweight", "attribution", "displacement", "drop_off", "duration_years")


@transaction.atomic
def save_sroi(*, user: Any, team: Any, year: int, discount_rate: Any, investment_won: Any,
              outcomes: list[dict[str, Any]], note: str | None = None) -> SroiSetting:
    """Replace the team's SROI layer for ``year``: the discount rate (fraction), the investment (won)
    and the outcomes (dicts with OUTCOME_FIELDS; fractions 0–1). Checked with core.social_accounts
    (Outcome and present_value): a bad assumption raises ValidationError with core's Korean message
    and nothing is written."""
    if not can_enter_measurements(user, team):
        raise PermissionDenied
    _check_year(year)
    try:
        rate = parse_number(discount_rate, label="할인율(discount_rate)")
        investment = parse_number(investment_won, label="투입 가치(investment_won)", places=0)
        if rate is None or investment is None:
            raise ValidationError("할인율과 투입 가치를 모두 적어 주세요.")
        built, indicator_codes = [], []
        for row in outcomes:
            code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
            if not code or not name:
                raise ValidationError("성과마다 코드와 이름을 적어 주세요.")
            numbers = {k: parse_number(row.get(k), label=f"성과 '{code}' {core.ASSUMPTION_LABELS.get(k, k)}({k})",
                                       places=2 if k == "proxy_value_won" else 4)
                       for k in ("quantity", "proxy_value_won", "deadweight", "attribution", "displacement", "drop_off")}
            if numbers["quantity"] is None or numbers["proxy_value_won"] is None:
                raise ValidationError(f"성과 '{code}': 성과 수량과 재무적 대리지표를 적어 주세요.")
            built.append(core.Outcome(
                code=code, name=name, quantity=numbers["quantity"], proxy_value_won=numbers["proxy_value_won"],
                deadweight=numbers["deadweight"] or Decimal(0), attribution=numbers["attribution"] or Decimal(0),
                displacement=numbers["displacement"] or Decimal(0), drop_off=numbers["drop_off"] or Decimal(0),
                duration_years=_years(row.get("duration_years"), code), stakeholder=(row.get("stakeholder") or "").strip(),
                proxy_source=(row.get("proxy_source") or "").strip()))
            indicator_codes.append((row.get("indicator_code") or "").strip())
        core.present_value(built, rate, investment)
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc)) from exc
    if investment > 9_223_372_036_854_775_807:
        raise ValidationError("투입 가치가 너무 큽니다.")
    setting = SroiSetting.objects.select_for_update().filter(team=team, year=year).first()
    author = user if getattr(user, "is_authenticated", False) else None
    rows = [tuple(getattr(o, name) if name != "indicator_code" else code for name in OUTCOME_FIELDS)
            for o, code in zip(built, indicator_codes, strict=True)]
    if setting is not None and _same_sroi(setting, rate, int(investment), note, rows):
        return setting  # the same assumptions sent again: still approved (if it was), still its author's
    if setting is None:
        setting = SroiSetting.objects.create(team=team, year=year, discount_rate=rate, investment_won=int(investment),
                                             note=(note or "").strip(), entered_by=author)
    else:
        setting.discount_rate, setting.investment_won, setting.entered_by = rate, int(investment), author
        setting.approved, setting.approved_by = None, None  # changed assumptions are approved again
        fields = ["discount_rate", "investment_won", "entered_by", "approved", "approved_by"]
        if note is not None:
            setting.note = note.strip()
            fields.append("note")
        setting.save(update_fields=fields)
        setting.outcomes.all().delete()
    SroiOutcome.objects.bulk_create([SroiOutcome(
        setting=setting, code=o.code, name=o.name, stakeholder=o.stakeholder,
        indicator_code=indicator_code, quantity=o.quantity, proxy_value_won=o.proxy_value_won,
        proxy_source=o.proxy_source, deadweight=o.deadweight, attribution=o.attribution, displacement=o.displacement,
        drop_off=o.drop_off, duration_years=o.duration_years) for o, indicator_code in zip(built, indicator_codes, strict=True)])
    audit.record("valuation.sroi.saved", actor=user, obj=setting, team=team.pk, year=year,
                 discount_rate=str(rate), investment_won=int(investment), outcomes=[o.code for o in built])
    return setting


def _same_sroi(setting: SroiSetting, rate: Decimal, investment: int, note: str | None, rows: list[tuple]) -> bool:
    stored = [tuple(getattr(o, name) for name in OUTCOME_FIELDS) for o in setting.outcomes.order_by("pk")]
    return (setting.discount_rate == rate and setting.investment_won == investment and stored == rows
            and (note is None or setting.note == note.strip()))


def _years(value: Any, code: str) -> int:
    if value in (None, ""):
        return 1
    years = parse_number(value, label=f"성과 '{code}' 지속 기간(duration_years)", places=0)
    if years is None or not 1 <= years <= 100:
        raise ValidationError(f"성과 '{code}': 지속 기간(duration_years)은 1년 이상 100년 이하로 적어 주세요: {value}")
    return int(years)


# ---- export -----------------------------------------------------------------------------------------------


def _change_word(line: IndicatorLine) -> str:
    if line.result.improved is None:
        return ""
    if line.result.change == 0:
        return "변화 없음"
    return "개선" if line.result.improved else "악화"


def write_accounts_xlsx(accounts: SocialAccounts, sroi: core.SroiResult | None, path: Path, *,
                        illustrative: bool) -> None:
    """The accounts as a workbook: 사회적 회계 (one row per indicator), and when the team keeps a
    monetised layer, SROI 가정 (every assumption of every outcome) and SROI 연도별 (impacts per year,
    totals, discounted totals, present value, net present value and the ratio)."""
    notes = [f"{accounts.team} {accounts.year}년 사회적 회계 보고서"
             + ("" if not accounts.version else f" ({accounts.version})")]
    if not accounts.include_drafts:
        notes.append("승인된 값만 실었습니다")
    elif accounts.drafts:
        notes.append(f"승인 전 값 {accounts.drafts}개가 포함되어 있습니다 (상태 열 참고)")
    if illustrative:
        notes.append("예시 데이터: 실적과 SROI 가정은 설명을 위해 지어낸 값입니다")
    rows = []
    for row in accounts.table():
        line: IndicatorLine = row["line"]
        r = line.result
        rows.append([row["goal"], row["activity"], row["subactivity"], line.item.code, line.item.name, line.item.unit,
                     "낮을수록 좋음" if line.item.direction == "decrease" else "높을수록 좋음",
                     line.value, line.target, r.achievement_pct, _yes_no(r.achieved), line.previous_value, r.change,
                     r.change_pct, _change_word(line),
                     line.measurement.get_status_display() if line.measurement else "", line.note,
                     line.evidence_url])
    sheets: dict[str, tuple[list[str], list[list[Any]]]] = {"사회적 회계": (
        ["목적", "활동", "세부 활동", "지표 코드", "평가지표", "단위", "지표 방향", "실적", "목표", "달성률 (%)", "달성",
         f"전년 실적 ({accounts.year - 1})", "전년 대비", "전년 대비 (%)", "개선 여부", "상태", "비고", "증빙 링크"], rows)}
    if sroi is not None:
        assumptions = [[o.code, o.name, o.stakeholder, o.quantity, o.proxy_value_won, o.proxy_source, o.deadweight,
                        o.attribution, o.displacement, o.drop_off, o.duration_years, o.benefit_start_year,
                        sroi.discount_rate, sroi.investment_won] for o in sroi.outcomes]
        sheets["SROI 가정"] = (
            ["성과 코드", "성과", "이해관계자", "성과 수량", "단위당 재무적 대리지표 (원)", "대리지표 출처",
             "사중효과 (deadweight)", "기여도 (attribution)", "대체효과 (displacement)", "감소율 (drop-off)",
             "지속 기간 (년)", "효과 시작 연차", "할인율", "투입 가치 (원)"], assumptions)
        years = [f"{t}년차" for t in range(1, sroi.years + 1)]
        by_year: list[list[Any]] = [[f"{row.outcome.code} {row.outcome.name}", *row.impacts] for row in sroi.rows]
        by_year.append(["연도별 합계 (원)", *sroi.year_totals])
        by_year.append([f"할인한 합계 (원, 할인율 {sroi.discount_rate * 100:g} %)", *sroi.discounted_totals])
        by_year.append(["현재가치 PV (원)", sroi.present_value_won])
        by_year.append(["투입 가치 (원)", sroi.investment_won])
        by_year.append(["순현재가치 NPV (원)", sroi.net_present_value_won])
        by_year.append(["SROI 비율 (PV ÷ 투입)", sroi.sroi_ratio])
        by_year.append(["순 SROI 비율 (NPV ÷ 투입)", sroi.net_sroi_ratio])
        sheets["SROI 연도별"] = (["구분", *years], by_year)
    tabular.write_xlsx(path, sheets, notes=notes)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("예" if value else "아니오")
