"""Reads for the team dashboards, the city's side-by-side table and the centre's quarter view: the teams'
contracts read through the sunset rule (core.programme_contracts), their consortium and staff, and the
activity ledger's figures from ``queries.team_ledger_summary`` (read at call time, so that the ledger's
implementation is the one used)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch

from bombaram.core import programme_contracts as rule
from bombaram.core.programme_measures import BY_CODE
from bombaram.programmes import queries
from bombaram.programmes.models import ConsortiumMember, Contract, ProgrammeTeam, TeamStaff

#: Ledger measures shown on the city page beside each team (when the ledger has figures).
HEADLINE_MEASURES = ("education_trainees", "markets_and_fairs_held", "cooperation_network_organisations",
                     "local_fund_raised")
#: core.programme_measures units in Korean, for labels
UNIT_KO = {"hours": "시간", "persons": "명", "teams": "팀", "events": "회", "enterprises": "곳", "participations": "건",
           "won": "원", "groups": "모임", "workshops": "회", "proposals": "건", "networks": "개", "institutions": "곳",
           "councils": "개", "organisations": "곳", "meetings": "회", "sessions": "회"}


# ---- contracts and the sunset rule ---------------------------------------------------------------------------


def contracts_in_order() -> Prefetch:
    return Prefetch("contracts", queryset=Contract.objects.order_by("start"))


@dataclass
class TeamStanding:
    """A team's contracts read through the sunset rule on ``as_of``: the running contract (else the latest),
    core's status and what the centre has to do in the quarter of ``as_of``."""

    team: ProgrammeTeam
    contracts: list[Contract]
    status: rule.SunsetStatus
    quarter: rule.Quarter
    actions: list[rule.Action]

    @property
    def contract(self) -> Contract | None:
        """The contract running on the date, else the latest one before it, else the first to come."""
        running = [c for c in self.contracts if c.start <= self.status.as_of <= c.end]
        if running:
            return running[0]
        before = [c for c in self.contracts if c.start <= self.status.as_of]
        return before[-1] if before else (self.contracts[0] if self.contracts else None)

    @property
    def action_labels(self) -> list[str]:
        return [rule.ACTION_LABELS_KO[a] for a in self.actions]

    @property
    def state(self) -> str:
        """"running", "between" (waiting for the next contract), "ended", "not_started" or "none"."""
        if not self.contracts:
            return "none"
        if self.status.year is not None:
            return "running"
        if self.status.ended:
            return "ended"
        if self.status.as_of < self.contracts[0].start:
            return "not_started"
        return "between"


def contract_terms(contracts: list[Contract]) -> list[rule.Term]:
    """The contracts as core.programme_contracts.Term (the sunset rule's view of them)."""
    return [rule.Term(c.start, c.end, rule.Evaluation(c.evaluation_result), c.evaluation_date) for c in contracts]


def standing(team: ProgrammeTeam, contracts: list[Contract], as_of: dt.date,
             quarter: rule.Quarter | None = None) -> TeamStanding:
    terms = contract_terms(contracts)
    quarter = quarter or rule.quarter_of(as_of)
    return TeamStanding(team=team, contracts=contracts, status=rule.sunset_status(terms, as_of), quarter=quarter,
                        actions=rule.quarter_actions(terms, quarter))


def due_in_quarter(quarter: rule.Quarter) -> list[TeamStanding]:
    """Teams with something due in ``quarter`` (evaluation, extension or end), in cohort order; their
    standing is read on the quarter's last day."""
    rows = queries.teams().prefetch_related(contracts_in_order())
    out = [standing(t, list(t.contracts.all()), quarter.end, quarter) for t in rows]
    return [s for s in out if s.actions]


# ---- the team dashboard -----------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    code: str
    label: str
    unit: str
    line: rule.TargetLine


@dataclass
class TeamDashboard:
    standing: TeamStanding
    ledger: dict | None
    targets: list[TargetRow]
    consortium: list[ConsortiumMember]
    staff: list[TeamStaff]
    accounts_years: list[int] = field(default_factory=list)
    has_framework: bool = False

    @property
    def team(self) -> ProgrammeTeam:
        return self.standing.team

    @property
    def contract(self) -> Contract | None:
        return self.standing.contract

    @property
    def lead(self) -> ConsortiumMember | None:
        return next((m for m in self.consortium if m.role == "lead"), None)

    @property
    def members(self) -> list[ConsortiumMember]:
        return [m for m in self.consortium if m.role != "lead"]


def target_rows(contract: Contract | None, ledger: dict | None) -> list[TargetRow]:
    """The contract's targets beside the ledger's figures (core.programme_contracts.target_lines)."""
    if contract is None:
        return []
    targets = {t.measure: t.target for t in contract.targets.all()}
    rows = []
    for line in rule.target_lines(targets, ledger):
        measure = BY_CODE.get(line.measure)
        rows.append(TargetRow(line.measure, measure.label_ko if measure else line.measure,
                              UNIT_KO.get(measure.unit, measure.unit) if measure else "", line))
    return rows


def team_dashboard(team: ProgrammeTeam, as_of: dt.date) -> TeamDashboard:
    """Everything the team page shows, in a fixed number of queries."""
    from bombaram.valuation.choices import MeasurementStatus
    from bombaram.valuation.models import Framework, Measurement

    contracts = list(Contract.objects.filter(team=team).prefetch_related("targets").order_by("start"))
    team_standing = standing(team, contracts, as_of)
    contract = team_standing.contract
    ledger = queries.team_ledger_summary(team, start=contract.start if contract else None,
                                         end=contract.end if contract else None)
    if ledger is not None and ledger.get("records") == 0:
        ledger = None  # no approved record in the period: "no ledger records yet", not a row of zeros
    consortium = list(ConsortiumMember.objects.filter(team=team).select_related("organisation__district")
                      .order_by("role", "pk"))
    staff = list(TeamStaff.objects.filter(team=team).order_by("pk"))
    has_framework = Framework.objects.filter(owner_team=team, versions__isnull=False).exists()
    years = sorted(set(Measurement.objects.filter(team=team, status=MeasurementStatus.APPROVED)
                       .values_list("year", flat=True)), reverse=True) if has_framework else []
    return TeamDashboard(standing=team_standing, ledger=ledger, targets=target_rows(contract, ledger),
                         consortium=consortium, staff=staff, accounts_years=years, has_framework=has_framework)


# ---- the city page ---------------------------------------------------------------------------------------------


@dataclass
class CityRow:
    standing: TeamStanding
    consortium_size: int
    headline: list[Any] | None  # the HEADLINE_MEASURES' figures in order; None while the ledger has none

    @property
    def team(self) -> ProgrammeTeam:
        return self.standing.team


def city_rows(as_of: dt.date) -> list[CityRow]:
    """All teams side by side on ``as_of``: cohort, district, contract year and sunset status, the contract's
    amount, the consortium's size and the headline ledger figures (None while the ledger has none)."""
    rows = (queries.teams().prefetch_related(contracts_in_order())
            .annotate(consortium_size=Count("consortium", distinct=True)))
    out = []
    for team in rows:
        summary = queries.team_ledger_summary(team)
        if summary is not None and summary.get("records") == 0:
            summary = None
        headline = None if summary is None else [summary.get(code) for code in HEADLINE_MEASURES]
        out.append(CityRow(standing(team, list(team.contracts.all()), as_of), team.consortium_size, headline))
    return out


def headline_labels() -> list[tuple[str, str]]:
    return [(code, BY_CODE[code].label_ko) for code in HEADLINE_MEASURES]
