"""Reads for programme teams."""

from __future__ import annotations

from django.db.models import QuerySet

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.reference_data import read_rows


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


def team_ledger_summary(team: ProgrammeTeam, *, start=None, end=None) -> dict | None:
    """The team's approved ledger totals by measure code (core.programme_measures) for the period.

    Placeholder until the activity ledger lands: the team page includes ``programmes/_team_ledger.html``
    with this value and shows nothing while it is None.
    """
    return None
