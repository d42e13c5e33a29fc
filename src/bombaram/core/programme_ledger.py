"""The programme teams' activity ledger (활동 대장): record kinds, their typed fields, validation of one
record (form or file row) and the roll-up of approved records into the measures of
:mod:`bombaram.core.programme_measures`.

One record is one thing a team did once: a course, a market, a meeting, a fund raised. Every kind uses a
few of the record's typed fields (``KINDS``); the others must stay empty. Organisations taking part (market
participants, steering-committee members, network members, institutions in agenda work, council members)
are a list of participants, each a registry organisation or a name not (yet) in the registry.

How a record adds up to the measures (``KIND_MEASURES``) is stated once here; the database path
(``programmes.queries``) aggregates per kind in SQL and hands the aggregates to :func:`measures_from_aggregates`,
and :func:`rollup` computes the same from plain records (tests check that both agree).

Distinct measures count each participant once per *pool* in the selection, whatever the number of records or
teams naming it: a registry organisation by its id, an unregistered one by its normalised name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bombaram.core.dates import ParseError as DateParseError
from bombaram.core.dates import parse_date
from bombaram.core.names import normalise_name
from bombaram.core.numbers import ParseError as NumberParseError
from bombaram.core.numbers import parse_amount, parse_decimal, parse_integer
from bombaram.core.programme_measures import BY_CODE, How


class Kind(StrEnum):
    EDUCATION = "education"  # 교육 과정·강좌
    IDEA_TEAM = "idea_team"  # 아이디어팀 (창업 보육 단계)
    STUDY_GROUP = "study_group"  # 주민 학습모임
    MARKET = "market"  # 장터·박람회
    CONSULTING = "consulting"  # 컨설팅·멘토링
    STEERING_MEETING = "steering_meeting"  # 운영위원회 회의
    COUNCIL = "council"  # 지역 사회적경제 협의회 결성
    NETWORK = "network"  # 협력 네트워크
    AGENDA_WORKSHOP = "agenda_workshop"  # 의제 워크숍
    AGENDA_NETWORK = "agenda_network"  # 의제 네트워크
    AGENDA_FOUNDING = "agenda_founding"  # 의제로 설립한 조직 (조합원)
    FUND = "fund"  # 지역기금 조성
    FUND_GROUP = "fund_group"  # 기금조성 지역모임
    SPACE = "space"  # 사무·공유 공간


KIND_LABELS_KO: dict[Kind, str] = {
    Kind.EDUCATION: "교육",
    Kind.IDEA_TEAM: "아이디어팀",
    Kind.STUDY_GROUP: "주민 학습모임",
    Kind.MARKET: "장터·박람회",
    Kind.CONSULTING: "컨설팅·멘토링",
    Kind.STEERING_MEETING: "운영위원회",
    Kind.COUNCIL: "협의회 결성",
    Kind.NETWORK: "협력 네트워크",
    Kind.AGENDA_WORKSHOP: "의제 워크숍",
    Kind.AGENDA_NETWORK: "의제 네트워크",
    Kind.AGENDA_FOUNDING: "의제 조직 설립",
    Kind.FUND: "지역기금",
    Kind.FUND_GROUP: "기금 모임",
    Kind.SPACE: "공간",
}
KIND_BY_LABEL: dict[str, Kind] = {label: kind for kind, label in KIND_LABELS_KO.items()}

# Trainee target groups (교육 대상)
TRAINEE_GROUPS: tuple[tuple[str, str], ...] = (
    ("youth", "청소년"),
    ("young_adult", "청년"),
    ("adult", "성인"),
    ("entrepreneur", "사회적기업가"),
    ("resident", "주민"),
)
TRAINEE_GROUP_CODES = tuple(code for code, _ in TRAINEE_GROUPS)

INCUBATION_STAGES: tuple[tuple[str, str], ...] = (
    ("applied", "신청"), ("chosen", "선정"), ("incubated", "보육"), ("founded", "창업"),
)
GROWTH_STAGES: tuple[tuple[str, str], ...] = (
    ("pre_start", "예비"), ("early", "초기"), ("growth", "성장"), ("mature", "성숙"),
)
STAGES_BY_KIND: dict[Kind, tuple[tuple[str, str], ...]] = {
    Kind.IDEA_TEAM: INCUBATION_STAGES,
    Kind.CONSULTING: GROWTH_STAGES,
}

# The typed fields of a record besides kind, date and title.
VALUE_FIELDS = ("place", "stage", "hours", "persons", "visitors", "amount_won", "proposals", "given_by_district",
                "organisation", "trainees", "participants")


@dataclass(frozen=True, slots=True)
class KindSpec:
    required: frozenset[str]
    allowed: frozenset[str]  # includes required


def _spec(required: Iterable[str], optional: Iterable[str] = ()) -> KindSpec:
    req = frozenset(required)
    return KindSpec(req, req | frozenset(optional))


KINDS: dict[Kind, KindSpec] = {
    Kind.EDUCATION: _spec({"hours", "trainees"}, {"place"}),
    Kind.IDEA_TEAM: _spec({"stage"}, {"organisation"}),
    Kind.STUDY_GROUP: _spec({"persons"}, {"place"}),
    Kind.MARKET: _spec({"place"}, {"visitors", "amount_won", "participants"}),
    Kind.CONSULTING: _spec({"stage"}, {"organisation", "hours"}),
    Kind.STEERING_MEETING: _spec(set(), {"place", "participants"}),
    Kind.COUNCIL: _spec(set(), {"participants"}),
    Kind.NETWORK: _spec(set(), {"participants"}),
    Kind.AGENDA_WORKSHOP: _spec(set(), {"place", "proposals", "participants"}),
    Kind.AGENDA_NETWORK: _spec(set(), {"participants"}),
    Kind.AGENDA_FOUNDING: _spec({"persons"}, {"organisation"}),
    Kind.FUND: _spec({"amount_won"}, set()),
    Kind.FUND_GROUP: _spec(set(), {"persons"}),
    Kind.SPACE: _spec({"given_by_district"}, {"place"}),
}

FIELD_LABELS_KO: dict[str, str] = {
    "ref": "기록번호", "kind": "종류", "date": "날짜", "title": "이름", "place": "장소", "stage": "단계",
    "hours": "시간", "persons": "인원", "visitors": "방문객", "amount_won": "금액(원)", "proposals": "제안 과제 수",
    "given_by_district": "자치구 제공", "organisation": "연결 조직", "trainees": "교육생", "participants": "참여 조직",
    "note": "메모",
}

# Participants' pools: a distinct measure counts each organisation once in its pool.
PARTICIPANT_POOL: dict[Kind, str] = {
    Kind.MARKET: "market",
    Kind.STEERING_MEETING: "steering",
    Kind.NETWORK: "network",
    Kind.COUNCIL: "council",
    Kind.AGENDA_WORKSHOP: "agenda",
    Kind.AGENDA_NETWORK: "agenda",
}

# measure code → (kinds, what): what is "count" (records), "sum:<field>", "participants" (participant rows),
# "distinct:<pool>" (distinct participants of the pool), "distinct_teams_given" (teams with a district space).
KIND_MEASURES: dict[str, tuple[tuple[Kind, ...], str]] = {
    "education_hours": ((Kind.EDUCATION,), "sum:hours"),
    "education_trainees": ((Kind.EDUCATION,), "sum:persons"),
    "idea_teams_found": ((Kind.IDEA_TEAM,), "count"),
    "resident_study_group_participants": ((Kind.STUDY_GROUP,), "sum:persons"),
    "markets_and_fairs_held": ((Kind.MARKET,), "count"),
    "participating_enterprises": ((Kind.MARKET,), "distinct:market"),
    "market_participations": ((Kind.MARKET,), "participants"),
    "market_visitors": ((Kind.MARKET,), "sum:visitors"),
    "market_sales": ((Kind.MARKET,), "sum:amount_won"),
    "local_fund_raised": ((Kind.FUND,), "sum:amount_won"),
    "fund_building_local_groups": ((Kind.FUND_GROUP,), "count"),
    "teams_given_office_space_by_district": ((Kind.SPACE,), "distinct_teams_given"),
    "agenda_workshops": ((Kind.AGENDA_WORKSHOP,), "count"),
    "agenda_proposals": ((Kind.AGENDA_WORKSHOP,), "sum:proposals"),
    "agenda_networks": ((Kind.AGENDA_NETWORK,), "count"),
    "agenda_participating_institutions": ((Kind.AGENDA_WORKSHOP, Kind.AGENDA_NETWORK), "distinct:agenda"),
    "cooperative_founding_members": ((Kind.AGENDA_FOUNDING,), "sum:persons"),
    "local_se_councils_formed": ((Kind.COUNCIL,), "count"),
    "steering_committee_member_organisations": ((Kind.STEERING_MEETING,), "distinct:steering"),
    "steering_committee_meetings": ((Kind.STEERING_MEETING,), "count"),
    "cooperation_network_organisations": ((Kind.NETWORK,), "distinct:network"),
    "consulting_sessions": ((Kind.CONSULTING,), "count"),
}
SUM_FIELDS = ("hours", "persons", "visitors", "amount_won", "proposals")

# Before/after of a district (the report's 성동 page): activity lines that count as a "key activity" (주요 활동).
KEY_ACTIVITY_LINE: dict[Kind, str] = {
    Kind.EDUCATION: "education", Kind.STUDY_GROUP: "education",
    Kind.MARKET: "market",
    Kind.FUND: "fund", Kind.FUND_GROUP: "fund",
    Kind.AGENDA_WORKSHOP: "agenda", Kind.AGENDA_NETWORK: "agenda", Kind.AGENDA_FOUNDING: "agenda",
    Kind.IDEA_TEAM: "incubation", Kind.CONSULTING: "consulting",
}
NETWORK_ACTIVITY_KINDS = (Kind.NETWORK, Kind.COUNCIL)


def _check_codes() -> None:
    missing = set(BY_CODE) - set(KIND_MEASURES)
    if missing:  # pragma: no cover - guarded by a test too
        raise RuntimeError(f"measures without a ledger rule: {sorted(missing)}")
    for code, (_kinds, what) in KIND_MEASURES.items():
        how = BY_CODE[code].how
        if what.startswith("distinct") != (how is How.DISTINCT):
            raise RuntimeError(f"{code}: rule {what} does not match {how}")  # pragma: no cover


_check_codes()


# ------------------------------------------------------------------ one record


def participant_key(organisation_id: int | None, name: str) -> str:
    """The identity of a participant for distinct counts: ``o:<id>`` or ``n:<normalised name>``."""
    if organisation_id is not None:
        return f"o:{organisation_id}"
    return "n:" + normalise_name(name)


@dataclass(slots=True)
class Participant:
    name: str
    organisation_id: int | None = None

    @property
    def key(self) -> str:
        return participant_key(self.organisation_id, self.name)


@dataclass(slots=True)
class LedgerEntry:
    """One record's values, validated (as a service writes them)."""

    kind: Kind
    date: dt.date
    title: str
    place: str = ""
    stage: str = ""
    hours: Decimal | None = None
    persons: int | None = None
    visitors: int | None = None
    amount_won: int | None = None
    proposals: int | None = None
    given_by_district: bool | None = None
    organisation_id: int | None = None
    trainees: dict[str, int] = field(default_factory=dict)
    participants: list[Participant] = field(default_factory=list)
    note: str = ""
    ref: str = ""


class LedgerError(ValueError):
    """Problems with one record: {field: Korean message}."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{FIELD_LABELS_KO.get(k, k)}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


MAX_HOURS = Decimal("10000")
MAX_COUNT = 1_000_000
MAX_WON = 10**13
TITLE_MAX = 200


def _filled(entry: LedgerEntry, name: str) -> bool:
    if name == "organisation":
        return entry.organisation_id is not None
    if name == "trainees":
        return any(entry.trainees.values())
    if name == "participants":
        return bool(entry.participants)
    value = getattr(entry, name)
    return value not in (None, "")


def validate_entry(entry: LedgerEntry) -> LedgerEntry:
    """Check a record against its kind; raise :class:`LedgerError` with Korean messages per field.

    The kind's required fields must be filled, fields the kind does not use must be empty, numbers must be
    within range, the stage one of the kind's stages. Education's ``persons`` is the sum of its trainee counts
    (set here). Returns the entry.
    """
    errors: dict[str, str] = {}
    try:
        kind = Kind(entry.kind)
    except ValueError:
        raise LedgerError({"kind": f"알 수 없는 종류입니다: '{entry.kind}'"}) from None
    entry.kind = kind
    spec = KINDS[kind]
    entry.title = (entry.title or "").strip()
    entry.place = (entry.place or "").strip()
    if not entry.title:
        errors["title"] = "이름을 적어 주세요."
    elif len(entry.title) > TITLE_MAX:
        errors["title"] = f"이름은 {TITLE_MAX}자까지 적을 수 있습니다."
    if len(entry.place) > TITLE_MAX:
        errors["place"] = f"장소는 {TITLE_MAX}자까지 적을 수 있습니다."
    if not isinstance(entry.date, dt.date):
        errors["date"] = "날짜를 적어 주세요."
    elif not dt.date(2000, 1, 1) <= entry.date <= dt.date(2100, 12, 31):
        errors["date"] = "날짜가 너무 이르거나 늦습니다."
    if kind is Kind.EDUCATION:
        bad = [g for g, n in entry.trainees.items() if g not in TRAINEE_GROUP_CODES or n is None or n < 0]
        if bad:
            errors["trainees"] = "교육생 수는 0 이상의 정수여야 합니다."
        else:
            entry.trainees = {g: n for g, n in entry.trainees.items() if n}
            entry.persons = sum(entry.trainees.values()) if entry.trainees else None
    for name in VALUE_FIELDS:
        filled = _filled(entry, name)
        if name == "persons" and kind is Kind.EDUCATION:
            continue
        if name in spec.required and not filled:
            errors.setdefault(name, f"{KIND_LABELS_KO[kind]}에는 {FIELD_LABELS_KO[name]}을(를) 적어야 합니다.")
        elif name not in spec.allowed and filled:
            errors.setdefault(name, f"{KIND_LABELS_KO[kind]}에는 {FIELD_LABELS_KO[name]}을(를) 적지 않습니다.")
    if entry.hours is not None and not (Decimal(0) < entry.hours <= MAX_HOURS):
        errors.setdefault("hours", "시간은 0보다 크고 10,000 이하여야 합니다.")
    if entry.hours is not None and entry.hours != entry.hours.quantize(Decimal("0.1")):
        errors.setdefault("hours", "시간은 소수점 아래 한 자리까지 적습니다.")
    for name in ("persons", "visitors", "proposals"):
        value = getattr(entry, name)
        if value is not None and not (0 <= value <= MAX_COUNT):
            errors.setdefault(name, f"{FIELD_LABELS_KO[name]}은(는) 0 이상 {MAX_COUNT:,} 이하여야 합니다.")
    if entry.amount_won is not None and not (0 <= entry.amount_won <= MAX_WON):
        errors.setdefault("amount_won", "금액은 0원 이상이어야 합니다.")
    stages = dict(STAGES_BY_KIND.get(kind, ()))
    if entry.stage and kind in STAGES_BY_KIND and entry.stage not in stages:
        errors.setdefault("stage", "단계는 " + ", ".join(stages.values()) + " 중 하나여야 합니다.")
    if kind is Kind.IDEA_TEAM and entry.organisation_id is not None and entry.stage != "founded":
        errors.setdefault("organisation", "창업한 팀만 등록부 조직과 연결할 수 있습니다.")
    seen: set[str] = set()
    for participant in entry.participants:
        participant.name = (participant.name or "").strip()
        if not participant.name:
            errors.setdefault("participants", "참여 조직의 이름이 비어 있습니다.")
            continue
        if len(participant.name) > TITLE_MAX:
            errors.setdefault("participants", f"참여 조직 이름은 {TITLE_MAX}자까지 적을 수 있습니다.")
        if participant.key in seen:
            errors.setdefault("participants", f"같은 조직이 두 번 있습니다: {participant.name}")
        seen.add(participant.key)
    if len(entry.note or "") > 2000:
        errors["note"] = "메모는 2,000자까지 적을 수 있습니다."
    if errors:
        raise LedgerError(errors)
    return entry


# ------------------------------------------------------------------ the file format (export = import)

COLUMNS: tuple[tuple[str, str], ...] = (
    ("ref", "기록번호"),
    ("kind", "종류"),
    ("date", "날짜"),
    ("title", "이름"),
    ("place", "장소"),
    ("stage", "단계"),
    ("hours", "시간"),
    *((f"trainees_{code}", f"교육생 {label}") for code, label in TRAINEE_GROUPS),
    ("persons", "인원"),
    ("visitors", "방문객"),
    ("amount_won", "금액(원)"),
    ("proposals", "제안 과제 수"),
    ("given_by_district", "자치구 제공"),
    ("organisation", "연결 조직"),
    ("participants", "참여 조직"),
    ("note", "메모"),
    ("status", "상태"),
)
COLUMN_LABELS = dict(COLUMNS)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {code: (label,) for code, label in COLUMNS}
REQUIRED_COLUMNS = ("kind", "date", "title")
PARTICIPANT_SEPARATOR = " | "
_ID_SUFFIX = " #"


def format_organisation(name: str, organisation_id: int | None) -> str:
    """A registry organisation is written "이름 #123" (the id makes the round trip exact); others by name."""
    return f"{name}{_ID_SUFFIX}{organisation_id}" if organisation_id is not None else name


def parse_organisation(text: str) -> tuple[str, int | None]:
    text = text.strip()
    head, sep, tail = text.rpartition(_ID_SUFFIX)
    if sep and tail.isdigit() and head.strip():
        return head.strip(), int(tail)
    return text, None


def stage_label(kind: Kind, stage: str) -> str:
    return dict(STAGES_BY_KIND.get(kind, ())).get(stage, stage)


def entry_to_cells(entry: LedgerEntry, *, organisation_name: str = "", status: str = "") -> list[object]:
    """One record as a row of the export (the import reads it back to the same entry)."""
    trainees = [entry.trainees.get(code) for code in TRAINEE_GROUP_CODES]
    persons = None if entry.kind is Kind.EDUCATION else entry.persons
    given = "" if entry.given_by_district is None else ("예" if entry.given_by_district else "아니오")
    organisation = format_organisation(organisation_name, entry.organisation_id) if entry.organisation_id else ""
    participants = PARTICIPANT_SEPARATOR.join(format_organisation(p.name, p.organisation_id) for p in entry.participants)
    hours = None if entry.hours is None else (int(entry.hours) if entry.hours == int(entry.hours) else entry.hours)
    return [entry.ref, KIND_LABELS_KO[entry.kind], entry.date, entry.title, entry.place,
            stage_label(entry.kind, entry.stage) if entry.stage else "", hours, *trainees, persons, entry.visitors,
            entry.amount_won, entry.proposals, given, organisation, participants, entry.note, status]


def _parse_bool(text: str) -> bool | None:
    text = text.strip().lower()
    if not text:
        return None
    if text in {"예", "y", "yes", "o", "true", "1", "네"}:
        return True
    if text in {"아니오", "아니요", "n", "no", "x", "false", "0"}:
        return False
    raise ValueError("'예' 또는 '아니오'로 적어 주세요.")


def parse_cells(cells: Mapping[str, str]) -> tuple[LedgerEntry | None, dict[str, str]]:
    """Read one file row ({column code: text}) into a validated entry, or the errors by column code.

    Registry organisations are given by "이름 #id" (the export's form); whether the id exists is the
    importer's check. Never raises for bad input.
    """
    errors: dict[str, str] = {}
    text = {k: (v or "").strip() for k, v in cells.items()}
    kind = KIND_BY_LABEL.get(text.get("kind", ""))
    if kind is None:
        try:
            kind = Kind(text.get("kind", ""))
        except ValueError:
            return None, {"kind": "종류는 " + ", ".join(KIND_LABELS_KO.values()) + " 중 하나여야 합니다."}
    date = None
    try:
        parsed = parse_date(text.get("date", ""))
        date = parsed.value if parsed else None
        if date is None:
            errors["date"] = "날짜를 적어 주세요."
    except DateParseError as error:
        errors["date"] = str(error)

    def number(name: str, reader):
        value = text.get(name, "")
        if not value:
            return None
        if value.isdigit() and reader is not parse_decimal:
            return int(value)
        try:
            return reader(value)
        except (NumberParseError, InvalidOperation) as error:
            errors[name] = str(error)
            return None

    hours = number("hours", parse_decimal)
    trainees: dict[str, int] = {}
    for code in TRAINEE_GROUP_CODES:
        value = number(f"trainees_{code}", parse_integer)
        if value is not None:
            trainees[code] = value
    stage = text.get("stage", "")
    stages = {label: code for code, label in STAGES_BY_KIND.get(kind, ())}
    stage_code = stages.get(stage, stage)
    try:
        given = _parse_bool(text.get("given_by_district", ""))
    except ValueError as error:
        errors["given_by_district"] = str(error)
        given = None
    organisation_id = None
    if text.get("organisation"):
        _name, organisation_id = parse_organisation(text["organisation"])
        if organisation_id is None:
            errors["organisation"] = "연결 조직은 내보낸 파일처럼 '이름 #번호'로 적어 주세요."
    participants = [Participant(*parse_organisation(part))
                    for part in text.get("participants", "").split("|") if part.strip()]
    entry = LedgerEntry(
        kind=kind, date=date or dt.date(2000, 1, 1), title=text.get("title", ""), place=text.get("place", ""),
        stage=stage_code, hours=hours, persons=number("persons", parse_integer),
        visitors=number("visitors", parse_integer), amount_won=number("amount_won", parse_amount),
        proposals=number("proposals", parse_integer), given_by_district=given, organisation_id=organisation_id,
        trainees=trainees, participants=participants, note=text.get("note", ""), ref=text.get("ref", ""),
    )
    if kind is Kind.EDUCATION and entry.persons is not None:
        errors.setdefault("persons", "교육은 인원 대신 대상별 교육생 수를 적습니다.")
    try:
        validate_entry(entry)
    except LedgerError as error:
        for name, message in error.errors.items():
            column = "trainees_" + TRAINEE_GROUP_CODES[0] if name == "trainees" else name
            errors.setdefault(column, message)
    if len(entry.ref) > 20:
        errors["ref"] = "기록번호는 20자까지입니다."
    if errors:
        return None, errors
    return entry, {}


# ------------------------------------------------------------------ the roll-up


@dataclass(frozen=True, slots=True)
class KindAggregate:
    """Per kind (over the selected approved records): record count and the sums of the typed fields."""

    kind: Kind
    records: int
    sums: Mapping[str, int | Decimal]
    teams_given: int = 0  # distinct teams with a space given by the district (SPACE only)


def measures_from_aggregates(
    kinds: Iterable[KindAggregate],
    participants_by_pool: Mapping[str, int],
    distinct_by_pool: Mapping[str, int],
) -> dict[str, int | Decimal]:
    """Every measure of :data:`KIND_MEASURES` from per-kind aggregates, participant rows per pool and
    distinct participants per pool. Measures with nothing recorded are 0. (A "participants" rule names kinds
    that each have a pool of their own: market participations are the market pool's rows.)"""
    by_kind = {k.kind: k for k in kinds}
    out: dict[str, int | Decimal] = {}
    for code, (measure_kinds, what) in KIND_MEASURES.items():
        total: int | Decimal = 0
        if what.startswith("distinct:"):
            total = distinct_by_pool.get(what.split(":", 1)[1], 0)
        elif what == "distinct_teams_given":
            total = sum(by_kind[k].teams_given for k in measure_kinds if k in by_kind)
        else:
            for kind in measure_kinds:
                aggregate = by_kind.get(kind)
                if what == "participants":
                    total += participants_by_pool.get(PARTICIPANT_POOL[kind], 0)
                elif aggregate is None:
                    continue
                elif what == "count":
                    total += aggregate.records
                else:
                    total += aggregate.sums.get(what.split(":", 1)[1]) or 0
        if isinstance(total, Decimal) and total == total.to_integral_value():
            total = int(total)
        out[code] = total
    return out


@dataclass(frozen=True, slots=True)
class RollupRecord:
    """A plain approved record for :func:`rollup` (tests, small selections)."""

    team_id: int
    kind: Kind
    hours: Decimal | None = None
    persons: int | None = None
    visitors: int | None = None
    amount_won: int | None = None
    proposals: int | None = None
    given_by_district: bool | None = None
    participant_keys: Sequence[str] = ()


def rollup(records: Iterable[RollupRecord]) -> dict[str, int | Decimal]:
    """The measures of a set of approved records: sums and counts per kind, distinct participants per pool
    (an organisation in three markets is one participating enterprise), distinct teams for spaces."""
    records = list(records)
    aggregates = []
    participants: dict[str, int] = {}
    pools: dict[str, set[str]] = {}
    for kind in Kind:
        mine = [r for r in records if r.kind == kind]
        if not mine:
            continue
        sums: dict[str, int | Decimal] = {}
        for name in SUM_FIELDS:
            values = [getattr(r, name) for r in mine if getattr(r, name) is not None]
            if values:
                sums[name] = sum(values)
        teams_given = len({r.team_id for r in mine if r.given_by_district})
        aggregates.append(KindAggregate(kind, len(mine), sums, teams_given))
        pool = PARTICIPANT_POOL.get(kind)
        if pool:
            participants[pool] = participants.get(pool, 0) + sum(len(r.participant_keys) for r in mine)
            pools.setdefault(pool, set()).update(k for r in mine for k in r.participant_keys)
    return measures_from_aggregates(aggregates, participants, {p: len(keys) for p, keys in pools.items()})


def key_activity_lines(kinds: Iterable[Kind]) -> set[str]:
    """The distinct activity lines (education, market, fund, agenda, incubation, consulting) of some kinds."""
    return {KEY_ACTIVITY_LINE[k] for k in kinds if k in KEY_ACTIVITY_LINE}
