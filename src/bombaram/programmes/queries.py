"""Reads for programme teams."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from bombaram.core.programme_ledger import (
    NETWORK_ACTIVITY_KINDS,
    SUM_FIELDS,
    Kind,
    KindAggregate,
    LedgerEntry,
    Participant,
    entry_to_cells,
    key_activity_lines,
    measures_from_aggregates,
)
from bombaram.programmes.choices import RecordStatus
from bombaram.programmes.models import LedgerParticipant, LedgerRecord, ProgrammeTeam
from bombaram.registry.models import Organisation
from bombaram.registry.reference_data import read_rows
from bombaram.web.permissions import (
    can_approve_ledger,
    can_edit_team,
    can_view_ledger_drafts,
    check,
)


def teams() -> QuerySet[ProgrammeTeam]:
    return ProgrammeTeam.objects.select_related("district").order_by("cohort", "district__order")


def cohort_by_district_code() -> dict[str, int]:
    return dict(ProgrammeTeam.objects.values_list("district__code", "cohort"))


def reported_outputs_2012_2013() -> dict[str, int]:
    """The report's summary of what all teams did in 2012–2013 (figures as printed, all-team rows)."""
    return {
        row["measure"]: int(row["value"])
        for row in read_rows("seoul2014", "programme_outputs_2012_2013.csv")
        if row["scope"] in {"all teams", "13 teams"}
    }


# ------------------------------------------------------------------ the activity ledger


@dataclass(frozen=True)
class LedgerFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    cohort: int | None = None
    district_code: str | None = None
    team_id: int | None = None

    def team_ids(self) -> list[int] | None:
        """The teams of the selection (None: every team); cohort and district are resolved here, on the 13
        teams, so that the roll-up's queries need no join."""
        if self.team_id:
            return [self.team_id]
        if not self.cohort and not self.district_code:
            return None
        chosen = ProgrammeTeam.objects.all()
        if self.cohort:
            chosen = chosen.filter(cohort=self.cohort)
        if self.district_code:
            chosen = chosen.filter(district__code=self.district_code)
        return list(chosen.values_list("pk", flat=True))

    def apply(self, rows: QuerySet, team_ids: list[int] | None, *, approved: dict[str, Any]) -> QuerySet:
        conditions: dict[str, Any] = dict(approved)
        if self.start:
            conditions["date__gte"] = self.start
        if self.end:
            conditions["date__lte"] = self.end
        if team_ids is not None:
            conditions["team_id__in"] = team_ids
        return rows.filter(**conditions)


@dataclass(frozen=True)
class Rollup:
    measures: dict[str, Any]
    records: int
    illustrative: bool = False


def ledger_rollup(selection: LedgerFilter | None = None) -> Rollup:
    """The measures of the approved records in the selection, in two queries that read covering indexes: sums
    and counts per kind over the records, and per participant pool the participations and the distinct
    participants (an inner GROUP BY pool, key in index order, counted outside). core.programme_ledger adds
    them up into the measures."""
    selection = selection or LedgerFilter()
    team_ids = selection.team_ids()
    records = selection.apply(LedgerRecord.objects.all(), team_ids, approved={"status": RecordStatus.APPROVED})
    kind_rows = list(records.order_by().values("kind").annotate(
        n=Count("pk"), **{name: Sum(name) for name in SUM_FIELDS},
        teams_given=Count("team_id", distinct=True, filter=Q(given_by_district=True)),
        illustrative_n=Count("pk", filter=Q(illustrative=True)),
    ))
    aggregates = [
        KindAggregate(Kind(row["kind"]), row["n"], {name: row[name] for name in SUM_FIELDS if row[name] is not None},
                      row["teams_given"])
        for row in kind_rows
    ]
    pairs = selection.apply(LedgerParticipant.objects.all(), team_ids, approved={"approved": True})
    inner, params = pairs.order_by().values("pool", "key").annotate(c=Count("pk")).values("pool", "key", "c") \
        .query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pool, SUM(c), COUNT(*) FROM ({inner}) pairs GROUP BY pool", params)
        rows = cursor.fetchall()
    per_pool = {pool: int(n) for pool, n, _d in rows}
    distinct = {pool: int(d) for pool, _n, d in rows}
    return Rollup(measures_from_aggregates(aggregates, per_pool, distinct), sum(a.records for a in aggregates),
                  any(row["illustrative_n"] for row in kind_rows))


def team_ledger_summary(team: ProgrammeTeam, *, start=None, end=None) -> dict | None:
    """The team's approved ledger totals by measure code (core.programme_measures) for the period,
    with ``records`` the number of approved records they come from."""
    rollup = ledger_rollup(LedgerFilter(start=start, end=end, team_id=team.pk))
    return {**rollup.measures, "records": rollup.records}


def ledger_records_for_user(user, team: ProgrammeTeam, *, kind: str = "", status: str = "",
                            start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[LedgerRecord]:
    """The team's records the user may see: all of them for the team and the centre, approved ones otherwise."""
    records = LedgerRecord.objects.filter(team=team).select_related("organisation", "entered_by")
    if not can_view_ledger_drafts(user, team):
        records = records.filter(status=RecordStatus.APPROVED)
    if kind:
        records = records.filter(kind=kind)
    if status:
        records = records.filter(status=status)
    if start:
        records = records.filter(date__gte=start)
    if end:
        records = records.filter(date__lte=end)
    return records.order_by("-date", "-pk")


def get_ledger_record_for_user(user, team: ProgrammeTeam, pk: int, *, write: bool = False) -> LedgerRecord:
    """A record of ``team`` the user may see (write: may change); another team's record or an unapproved one
    for an outsider is a 404, a visible one the user may not change a 403."""
    record = get_object_or_404(ledger_records_for_user(user, team), pk=pk)
    if write:
        check(can_edit_team(user, team))
    record.team = team
    return record


def review_queue(user) -> QuerySet[LedgerRecord]:
    """Submitted records of the teams whose district the user administers."""
    records = LedgerRecord.objects.filter(status=RecordStatus.SUBMITTED).select_related(
        "team__district", "entered_by", "organisation")
    team_ids = [t.pk for t in teams() if can_approve_ledger(user, t)]
    return records.filter(team_id__in=team_ids).order_by("date", "pk")


def entry_of(record: LedgerRecord) -> LedgerEntry:
    """A stored record as core's entry (for forms, exports and comparisons)."""
    return LedgerEntry(
        kind=Kind(record.kind), date=record.date, title=record.title, place=record.place, stage=record.stage,
        hours=record.hours, persons=record.persons, visitors=record.visitors, amount_won=record.amount_won,
        proposals=record.proposals, given_by_district=record.given_by_district,
        organisation_id=record.organisation_id,
        trainees={t.group: t.persons for t in record.trainee_counts.all()},
        participants=[Participant(p.name, p.organisation_id) for p in record.participants.all()],
        note=record.note, ref=record.ref,
    )


def export_rows(team: ProgrammeTeam, records: QuerySet[LedgerRecord] | None = None) -> list[list[object]]:
    """The team's records as rows of the ledger file (core.programme_ledger.COLUMNS)."""
    records = records if records is not None else LedgerRecord.objects.filter(team=team)
    records = records.select_related("organisation").prefetch_related("trainee_counts", "participants").order_by("ref")
    status_labels = dict(RecordStatus.choices)
    return [entry_to_cells(entry_of(r), organisation_name=r.organisation.name if r.organisation_id else "",
                           status=str(status_labels[r.status])) for r in records]


def organisations_by_name(text: str, *, limit: int = 20) -> list[Organisation]:
    """Registry organisations whose name contains ``text`` (the record form's search)."""
    text = (text or "").strip()
    if len(text) < 1:
        return []
    return list(Organisation.objects.filter(name__icontains=text).select_related("district").order_by("name")[:limit])


# ------------------------------------------------------------------ before and after a district's team


BEFORE_AFTER_SE = ("social_enterprises", "cooperatives", "village_enterprises")


def district_before_after(district_code: str, before: dt.date, after: dt.date) -> dict[str, tuple[int, int]]:
    """A district before and after its team: organisations from the registry as of each date (by
    organisation, highest-precedence designation: social enterprises = 인증 + 서울형 + 지역형, cooperatives =
    일반 + 사회적협동조합, village enterprises), network activities (networks and councils recorded) and key
    activity lines (education, market, fund, agenda, …) from the approved ledger up to each date."""
    from bombaram.ecosystem.queries import compute_cached

    out: dict[str, list[int]] = {name: [] for name in (*BEFORE_AFTER_SE, "network_activities", "key_activities")}
    for day in (before, after):
        stats = compute_cached(day, "organisation")
        name = next(n for n, code in stats.district_codes.items() if code == district_code)
        row = stats.district_type[name]
        out["social_enterprises"].append(row["social_enterprise_total"])
        out["cooperatives"].append(row["cooperative"])
        out["village_enterprises"].append(row["village_enterprise"])
        records = LedgerRecord.objects.filter(status=RecordStatus.APPROVED, team__district__code=district_code,
                                              date__lte=day)
        out["network_activities"].append(records.filter(kind__in=[str(k) for k in NETWORK_ACTIVITY_KINDS]).count())
        kinds = records.order_by().values_list("kind", flat=True).distinct()
        out["key_activities"].append(len(key_activity_lines(Kind(k) for k in kinds)))
    return {k: (v[0], v[1]) for k, v in out.items()}
