"""Demonstration activity ledger (예시 데이터) of the 13 programme teams, loaded by ``bombaram demo``.

Invented records (names, dates, splits between teams) generated so that the city roll-up of the approved
records equals the report's summary (``reference/seoul2014/programme_outputs_2012_2013.csv``) exactly, and
성동's before/after (``seongdong_before_after.csv``) reproduces: one education record (the district's
사회적기업가 양성교육) before 2012-11-30, networks and councils only in 2013, and only the education, market,
fund and agenda lines of work. Deterministic and idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bombaram.core.programme_ledger import TRAINEE_GROUP_CODES, Kind
from bombaram.programmes.choices import RecordStatus
from bombaram.programmes.models import (
    LedgerParticipant,
    LedgerRecord,
    LedgerTrainees,
    ProgrammeTeam,
)
from bombaram.programmes.services import participant_row
from bombaram.registry.models import Organisation
from bombaram.registry.reference_data import read_rows

END = dt.date(2013, 12, 31)
SEONGDONG = "성동구"
BEFORE = dt.date(2012, 11, 30)
APPROVED_AT = dt.datetime(2014, 1, 15, 10, 0, tzinfo=dt.UTC)


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, ties to the first): sums exactly."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _report() -> dict[tuple[str, str | None], int]:
    from bombaram.core.programme_measures import REPORT_ROWS

    return {REPORT_ROWS[row["measure"]]: int(row["value"])
            for row in read_rows("seoul2014", "programme_outputs_2012_2013.csv")}


def _dates(team: ProgrammeTeam, n: int, *, first: dt.date | None = None, last: dt.date = END) -> list[dt.date]:
    start = first or team.started
    span = (last - start).days
    return [start + dt.timedelta(days=(span * (2 * i + 1)) // (2 * n)) for i in range(n)]


class _Builder:
    def __init__(self) -> None:
        self.records: list[LedgerRecord] = []
        self.trainees: list[tuple[int, str, int]] = []
        self.participants: list[tuple[int, int | None, str]] = []
        self.refs: dict[int, int] = {}

    def add(self, team: ProgrammeTeam, kind: Kind, date: dt.date, title: str, *, trainees=None, participants=(),
            **values) -> None:
        self.refs[team.pk] = self.refs.get(team.pk, 0) + 1
        index = len(self.records)
        self.records.append(LedgerRecord(team=team, ref=f"{self.refs[team.pk]:06d}", kind=str(kind), date=date,
                                         title=title, status=RecordStatus.APPROVED, illustrative=True, **values))
        for group, persons in (trainees or {}).items():
            if persons:
                self.trainees.append((index, group, persons))
        for organisation_id, name in participants:
            self.participants.append((index, organisation_id, name))


@transaction.atomic
def load_demo_ledger() -> int:
    """Create the demonstration ledger unless it exists. Returns the number of illustrative records."""
    existing = LedgerRecord.objects.filter(illustrative=True).count()
    if existing:
        return existing
    teams = list(ProgrammeTeam.objects.select_related("district").order_by("cohort", "district__order"))
    by_district = {t.district.name_ko: t for t in teams}
    report = _report()
    b = _Builder()
    n = len(teams)
    weights = [3 + (i * 7) % 5 for i in range(n)]  # invented, fixed shares of the teams

    # 인재육성: courses (성동's first is the district's course before the team, 2012-11)
    courses = [3 + (i * 5) % 4 for i in range(n)]
    hours = split(report[("education_hours", None)], weights)
    trainees = split(report[("education_trainees", None)], weights[::-1])
    for i, team in enumerate(teams):
        short = team.district.name_ko
        first = dt.date(2012, 11, 20) if short == SEONGDONG else None
        later = _dates(team, courses[i], first=dt.date(2013, 1, 1)) if short == SEONGDONG else None
        days = ([first] + later[1:]) if first else _dates(team, courses[i])
        for j, (course_hours, course_trainees) in enumerate(zip(split(hours[i], [4 + j % 3 for j in range(courses[i])]),
                                                                split(trainees[i], [5 + j % 4 for j in range(courses[i])]),
                                                                strict=True)):
            groups = split(course_trainees, [1 + (j + k) % 3 if k != 3 or j % 2 == 0 else 4 for k in range(5)])
            title = "사회적기업가 양성교육 (성동구청)" if first and j == 0 else f"{short} 사회적경제 아카데미 {j + 1}기"
            b.add(team, Kind.EDUCATION, days[j], title, place=f"{short} 교육장", hours=Decimal(course_hours),
                  persons=course_trainees, trainees=dict(zip(TRAINEE_GROUP_CODES, groups, strict=True)))

    # 아이디어팀 (not 성동, whose report lists education, ordinance, fund and markets only)
    others = [t for t in teams if t.district.name_ko != SEONGDONG]
    stages = ["applied", "chosen", "incubated", "founded"]
    for team, count in zip(others, split(report[("idea_teams_found", None)], [3 + (i * 3) % 4 for i in range(len(others))]),
                           strict=True):
        for j, day in enumerate(_dates(team, count)):
            b.add(team, Kind.IDEA_TEAM, day, f"{team.district.name_ko} 아이디어팀 {j + 1}", stage=stages[j % 4])

    # 주민 학습모임: four teams
    study_teams = [t for t in teams if t.district.name_ko in ("성북구", "도봉구", "은평구", "마포구")]
    for team, persons in zip(study_teams, split(report[("resident_study_group_participants", None)], [3, 2, 2, 1]),
                             strict=True):
        for j, (day, p) in enumerate(zip(_dates(team, 2), split(persons, [1, 1]), strict=True)):
            b.add(team, Kind.STUDY_GROUP, day, f"{team.district.name_ko} 주민 학습모임 {j + 1}", persons=p)

    # 시장조성: markets with registry organisations (each team its own, some in several of its markets)
    markets = split(report[("markets_and_fairs_held", None)], [1] * n)
    enterprises = split(report[("participating_enterprises", None)], [1] * n)
    visitors = split(report[("market_visitors", None)], weights)
    sales = split(report[("market_sales", None)], weights[::-1])
    used: set[int] = set()
    everyone = list(Organisation.objects.order_by("name", "pk").values_list("pk", "name", "district__name_ko"))
    for i, team in enumerate(teams):
        mine = [(pk, name) for pk, name, d in everyone if d == team.district.name_ko and pk not in used][: enterprises[i]]
        if len(mine) < enterprises[i]:
            mine += [(pk, name) for pk, name, _d in everyone if pk not in used and (pk, name) not in mine][
                : enterprises[i] - len(mine)]
        used.update(pk for pk, _ in mine)
        m, d = markets[i], len(mine)
        step = -(-d // m)
        for j, (day, v, s) in enumerate(zip(_dates(team, m, first=max(team.started, dt.date(2012, 12, 1))),
                                            split(visitors[i], [2 + j % 3 for j in range(m)]),
                                            split(sales[i], [1 + j % 2 for j in range(m)]), strict=True)):
            window = [mine[(j * step + k) % d] for k in range(min(d, step + 2))]
            b.add(team, Kind.MARKET, day, f"{team.district.name_ko} 사회적경제 나눔장터 {j + 1}회",
                  place=f"{team.district.name_ko} 구청 광장", visitors=v, amount_won=s, participants=window)

    # 자본조성: 노원 and 성동 funds, one fund-building group each
    for district in ("노원구", SEONGDONG):
        team = by_district[district]
        amount = report[("local_fund_raised", district)]
        for j, (day, part) in enumerate(zip(_dates(team, 2, first=dt.date(2013, 3, 1)), split(amount, [1, 1]),
                                            strict=True)):
            b.add(team, Kind.FUND, day, f"{district} 지역기금 모금 {j + 1}차", amount_won=part)
    for team, _count in zip((by_district["노원구"], by_district[SEONGDONG]),
                            split(report[("fund_building_local_groups", None)], [1, 1]), strict=True):
        b.add(team, Kind.FUND_GROUP, dt.date(2013, 5, 20), f"{team.district.name_ko} 기금 만들기 모임")

    # 자산기반: office space, given by the district to 12 teams
    given = report[("teams_given_office_space_by_district", None)]
    for i, team in enumerate(teams):
        b.add(team, Kind.SPACE, team.started, f"{team.district.name_ko} 사업단 사무실", place=team.address[:200],
              given_by_district=i < given)

    # 지역의제: 노원 workshops and networks, 강북 networks with institutions, 성동's dental cooperative
    nowon, gangbuk, seongdong = by_district["노원구"], by_district["강북구"], by_district[SEONGDONG]
    workshops = report[("agenda_workshops", "노원구")]
    for j, (day, p) in enumerate(zip(_dates(nowon, workshops), split(report[("agenda_proposals", "노원구")],
                                                                      [1] * workshops), strict=True)):
        b.add(nowon, Kind.AGENDA_WORKSHOP, day, f"노원 마을의제 워크숍 {j + 1}", proposals=p)
    for j, day in enumerate(_dates(nowon, report[("agenda_networks", "노원구")])):
        b.add(nowon, Kind.AGENDA_NETWORK, day, f"노원 의제 네트워크 {j + 1}")
    institutions = [(None, f"강북 의제 참여기관 {k + 1:02d}") for k in range(report[("agenda_participating_institutions", "강북구")])]
    gb_networks = report[("agenda_networks", "강북구")]
    for j, day in enumerate(_dates(gangbuk, gb_networks)):
        size = -(-len(institutions) // gb_networks)
        b.add(gangbuk, Kind.AGENDA_NETWORK, day, f"강북 의제 네트워크 {j + 1}",
              participants=[institutions[(j * size + k) % len(institutions)] for k in range(size + 1)])
    b.add(seongdong, Kind.AGENDA_WORKSHOP, dt.date(2013, 4, 10), "성동 사회적경제 조례 제정 제안 토론회", proposals=1)
    b.add(seongdong, Kind.AGENDA_FOUNDING, dt.date(2013, 6, 1), "건강한 치과 의료소비자생활협동조합 설립",
          persons=report[("cooperative_founding_members", SEONGDONG)])

    # 주체형성: councils, steering committees, cooperation networks
    councils = report[("local_se_councils_formed", None)]
    council_teams = [seongdong] + others
    for team, count in zip(council_teams, [1] + split(councils - 1, [1] * len(others)), strict=True):
        for j, day in enumerate(_dates(team, count, first=dt.date(2013, 2, 1))):
            b.add(team, Kind.COUNCIL, day, f"{team.district.name_ko} 사회적경제 협의회 {j + 1}")
    meetings = split(report[("steering_committee_meetings", None)], [1] * n)
    members = split(report[("steering_committee_member_organisations", None)], [1] * n)
    for i, team in enumerate(teams):
        names = [(None, f"{team.district.name_ko} 운영위원 기관 {k + 1:02d}") for k in range(members[i])]
        size = -(-len(names) // meetings[i])
        for j, day in enumerate(_dates(team, meetings[i], first=dt.date(2013, 1, 10)
                                       if team.district.name_ko == SEONGDONG else None)):
            b.add(team, Kind.STEERING_MEETING, day, f"{team.district.name_ko} 운영위원회 {j + 1}차",
                  participants=[names[(j * size + k) % len(names)] for k in range(min(len(names), size + 3))])
    network_counts = {t.pk: (5 if t.district.name_ko == SEONGDONG else 2 + i % 3) for i, t in enumerate(teams)}
    network_orgs = split(report[("cooperation_network_organisations", None)], weights)
    for i, team in enumerate(teams):
        names = [(None, f"{team.district.name_ko} 협력기관 {k + 1:03d}") for k in range(network_orgs[i])]
        count = network_counts[team.pk]
        size = -(-len(names) // count)
        for j, day in enumerate(_dates(team, count, first=dt.date(2013, 1, 15))):
            b.add(team, Kind.NETWORK, day, f"{team.district.name_ko} 협력 네트워크 {j + 1}",
                  participants=[names[(j * size + k) % len(names)] for k in range(min(len(names), size + 1))])

    # consulting (not in the report's summary; a few per cohort-1 team)
    for team in teams:
        if team.cohort == 1:
            for j, day in enumerate(_dates(team, 3)):
                b.add(team, Kind.CONSULTING, day, f"{team.district.name_ko} 경영 컨설팅 {j + 1}",
                      stage=["pre_start", "early", "growth"][j])

    return _write(b)


def _write(b: _Builder) -> int:
    approver = get_user_model().objects.filter(username="centre").first()
    approved = APPROVED_AT if timezone.is_aware(APPROVED_AT) else timezone.make_aware(APPROVED_AT)
    for record in b.records:
        record.approved = approved
        record.approved_by = approver
    created = LedgerRecord.objects.bulk_create(b.records, batch_size=2000)
    LedgerTrainees.objects.bulk_create(
        [LedgerTrainees(record=created[i], group=g, persons=p) for i, g, p in b.trainees], batch_size=5000)
    LedgerParticipant.objects.bulk_create(
        [participant_row(created[i], o, name) for i, o, name in b.participants], batch_size=5000)
    return len(created)

