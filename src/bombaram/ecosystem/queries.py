"""Reading the registry into the plain rows core.ecosystem computes the tables from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from bombaram.core import ecosystem as eco
from bombaram.core import yearly_figures as yearly
from bombaram.registry.models import (
    CooperativeCount,
    Designation,
    DesignationType,
    District,
    IndustryGroup,
    Organisation,
    YearlyFigure,
    current_revision,
)
from bombaram.registry.queries import districts_in_report_order
from bombaram.registry.reference_data import read_rows

TABLES = ("district-type", "industry", "cooperatives", "lq")


@dataclass
class Statistics:
    """Every table of the 총괄발표 for one date and counting mode."""

    as_of: dt.date
    mode: str
    districts: list[str]                      # Korean names, 가나다
    district_codes: dict[str, str]            # name → code
    industries: list[str]                     # codes in the report's order
    industry_labels: dict[str, str]           # code → Korean name
    district_type: dict[str, dict[str, int]]
    mean: dict[str, float]
    total: dict[str, int]
    industry: dict[str, int]
    district_industry: dict[str, dict[str, int]]
    cooperatives: dict[str, eco.CooperativeRow]
    lq: dict[str, dict[str, eco.LqCell]]
    observations: list[str]
    illustrative: bool
    base_comparison: list[eco.BaseComparisonRow]
    base_hoover: float | None
    concentration: dict[str, dict[str, float | None]]   # column → HHI, CR-3 %, Gini over the districts
    #: SVG figures drawn from these tables, by (figure, arguments, language): drawn once per process
    drawn: dict[tuple, str] = field(default_factory=dict, compare=False, repr=False)
    profit_shares: list[yearly.ProfitShare] = field(default_factory=list)   # years up to the date's
    wage_support: yearly.WageSupportEndings | None = None                   # ends from the date's year on

    @property
    def outside_rows(self) -> list[str]:
        return [k for k in self.district_type if k not in self.district_codes]


def _read_registry(as_of: dt.date) -> tuple[list[eco.OrgRow], list[eco.DesignationRow], list[eco.CoopCountRow]]:
    """Organisations, designations valid on ``as_of`` and each cooperative's latest count up to it.

    Plain SQL returning tuples: the date conditions run in the database, and the ORM's per-row
    model machinery (most of the time for 100,000 organisations) is skipped.
    """
    # Seoul's districts by name; a district of another 시도 (a national registry) is a row outside the
    # region, by its 시도 (부산광역시), as an address outside Seoul has always been
    district_names, other_areas = {}, {}
    for pk, name, region_code, region_name in District.objects.values_list("pk", "name_ko", "region__code",
                                                                          "region__name_ko"):
        if region_code == "11":
            district_names[pk] = name
        else:
            other_areas[pk] = _current_sido_name(region_code, region_name)
    industry_codes = dict(IndustryGroup.objects.values_list("pk", "code"))
    type_codes = dict(DesignationType.objects.values_list("pk", "code"))
    org_table, designation_table = Organisation._meta.db_table, Designation._meta.db_table
    count_table = CooperativeCount._meta.db_table
    day = connection.ops.adapt_datefield_value(as_of)
    with connection.cursor() as cursor:
        # organisations that existed on the day (registry.queries.existing_on: the directory's rule)
        cursor.execute(f'SELECT "id", "district_id", "outside_area", "industry_id" FROM "{org_table}" '
                       'WHERE ("founded" IS NULL OR "founded" <= %s) AND ("closed" IS NULL OR "closed" > %s)', [day, day])
        orgs = [eco.OrgRow(pk, district_names.get(d), outside or other_areas.get(d, ""), industry_codes.get(i))
                for pk, d, outside, i in cursor.fetchall()]
        cursor.execute(
            f'SELECT "organisation_id", "type_id" FROM "{designation_table}" '
            'WHERE ("granted" IS NULL OR "granted" <= %s) AND ("ended" IS NULL OR "ended" > %s)', [day, day])
        designations = [eco.DesignationRow(org, type_codes[t], None, None) for org, t in cursor.fetchall()]
        cursor.execute(
            f'SELECT c."organisation_id", c."members", c."capital_won" FROM "{count_table}" c '
            f'JOIN (SELECT "organisation_id", MAX("counted_on") AS "day" FROM "{count_table}" WHERE "counted_on" <= %s '
            'GROUP BY "organisation_id") last ON last."organisation_id" = c."organisation_id" AND last."day" = c."counted_on"', [day])
        counts = [eco.CoopCountRow(org, as_of, members, capital) for org, members, capital in cursor.fetchall()]
    return orgs, designations, counts


def _current_sido_name(code: str, name: str) -> str:
    """The 시도's name today (강원도's districts are 강원특별자치도's)."""
    from bombaram.core.regions import load_gazetteer

    sido = load_gazetteer().sido(name)
    return sido.name_ko if sido is not None else name


#: bumped when Statistics changes shape: the shared cache outlives a server's upgrade
FORMAT = 3
#: the tables this process read last, in front of the shared cache (reading them back from it costs
#: a few milliseconds a request); same keys, so never stale either
_LOCAL: dict[str, Statistics] = {}
_LOCAL_MAX = 16
def _read_figures(as_of: dt.date, area_of: dict[int, str]) -> list[yearly.FigureRow]:
    """Yearly figures of the organisations counted on ``as_of`` (``area_of``), for years up to its year."""
    rows = YearlyFigure.objects.filter(year__lte=as_of.year).values_list(
        "organisation_id", "year", "operating_profit_won", "wage_support_ends")
    return [yearly.FigureRow(org, area_of[org], year, profit, ends) for org, year, profit, ends in rows if org in area_of]


def compute_cached(as_of: dt.date, mode: str = "organisation") -> Statistics:
    """``compute`` remembered per registry revision: any write to the registry (from the web, the
    command line or the back office) bumps the revision, so a cached table is never stale. The
    cache is shared by every process of the server (settings.CACHES), so a table is computed once."""
    key = f"ecosystem:{current_revision()}:{as_of.isoformat()}:{mode}:v{FORMAT}"
    stats = _LOCAL.get(key)
    if stats is None:
        stats = cache.get(key)
        if stats is None:
            stats = compute(as_of, mode)
            cache.set(key, stats, timeout=3600)
        if len(_LOCAL) >= _LOCAL_MAX:
            _LOCAL.clear()
        _LOCAL[key] = stats
    return stats


def forget_local() -> None:
    """Empty this process's copies (tests: a rolled-back database repeats registry revisions)."""
    _LOCAL.clear()
    _LATEST.clear()


def compute(as_of: dt.date, mode: str = "organisation") -> Statistics:
    districts = list(districts_in_report_order())
    names = [d.name_ko for d in districts]
    industries = list(IndustryGroup.objects.values_list("code", "name_ko"))
    codes = [c for c, _ in industries]
    precedence = dict(DesignationType.objects.values_list("code", "precedence"))
    orgs, designations, counts = _read_registry(as_of)
    figure_rows = _read_figures(as_of, {o.id: eco.row_key(o) for o in orgs})
    snap = eco.snapshot(orgs, designations, as_of=as_of, precedence=precedence)
    table = eco.district_type_table(snap, mode=mode, districts=names)
    mean, total = eco.totals_rows(table, districts=names)
    industry = eco.industry_table(snap, mode=mode, industries=codes)
    cross = eco.district_industry_table(snap, mode=mode, districts=names, industries=codes)
    coops = eco.cooperative_table(snap, counts, districts=names)
    labels = dict(industries)
    seoul_businesses = {row["ksic_section_ko"]: int(row["seoul_businesses"])
                        for row in read_rows("seoul2014", "ksic_business_counts_2012.csv") if row["ksic_section_ko"] != "전산업"}
    concordance = {row["industry"]: row["ksic_section_ko"] for row in read_rows("industry_ksic_concordance.csv")}
    comparison, hoover = eco.compare_with_business_base(industry, seoul_businesses, concordance)
    return Statistics(
        as_of=as_of, mode=mode, districts=names, district_codes={d.name_ko: d.code for d in districts},
        industries=codes, industry_labels=labels, district_type=table, mean=mean, total=total,
        industry=industry, district_industry=cross, cooperatives=coops,
        lq=eco.lq_table(cross, districts=names, industries=codes),
        observations=eco.observations(table, industry, coops, districts=names, industry_labels=labels),
        illustrative=Organisation.objects.filter(illustrative=True).exists(),
        base_comparison=comparison, base_hoover=hoover,
        concentration={c: eco.concentration_summary({d: table[d][c] for d in names})
                       for c in ("social_enterprise_total", "village_enterprise", "cooperative", "self_sufficiency", "total")},
        profit_shares=yearly.operating_profit_shares(figure_rows),
        wage_support=yearly.wage_support_endings(figure_rows, areas=names, from_year=as_of.year),
    )


def latest_registry_date() -> dt.date | None:
    """The latest date the registry holds data for: the last designation granted or ended, the last
    organisation founded or closed, the last cooperative count, the last list a designation was seen
    in. The statistics default to
    it (a registry of 2014 read "today" would show its 2014 state under a 2026 date). Dates after today
    (a designation's planned end) do not count; ``None`` for an empty registry."""
    today = timezone.localdate()
    revision = current_revision()
    if (revision, today) in _LATEST:  # this process read it already (same revision and day)
        return _LATEST[(revision, today)]
    key = f"ecosystem:{revision}:latest-date"
    cached = cache.get(key)
    if cached is not None:
        _remember_latest(revision, today, cached or None)
        return cached or None
    candidates = [
        *Designation.objects.filter(granted__lte=today).aggregate(d=Max("granted")).values(),
        *Designation.objects.filter(ended__lte=today).aggregate(d=Max("ended")).values(),
        *Organisation.objects.filter(founded__lte=today).aggregate(d=Max("founded")).values(),
        *Organisation.objects.filter(closed__lte=today).aggregate(d=Max("closed")).values(),
        *CooperativeCount.objects.filter(counted_on__lte=today).aggregate(d=Max("counted_on")).values(),
        *Designation.objects.filter(last_seen__lte=today).aggregate(d=Max("last_seen")).values(),
    ]
    latest = max((d for d in candidates if d is not None), default=None)
    cache.set(key, latest or "", timeout=3600)
    _remember_latest(revision, today, latest)
    return latest


_LATEST: dict[tuple[int, dt.date], dt.date | None] = {}


def _remember_latest(revision: int, today: dt.date, latest: dt.date | None) -> None:
    if len(_LATEST) >= _LOCAL_MAX:
        _LATEST.clear()
    _LATEST[(revision, today)] = latest


@dataclass
class NationalStatistics:
    """Counts for the country by 시도, or for one 시도 by 시군구 (core.national_statistics)."""

    as_of: dt.date
    mode: str
    sido: str                              # "" for the country, else the 시도's code
    sido_name: str
    rows: list[tuple[str, str]]            # (area key, label) in display order
    table: dict[str, dict[str, int]]
    total: dict[str, int]


def sidos_in_usual_order(as_of: dt.date | None = None):
    """The 시도 valid on ``as_of`` in the order official tables use: 서울, 부산 … 경기, 강원 … 제주."""
    from bombaram.core.districts import SIDO_NAMES
    from bombaram.core.regions import load_gazetteer

    usual = {name: i for i, (name, _) in enumerate(SIDO_NAMES)}
    return sorted(load_gazetteer().sidos(as_of), key=lambda s: (usual.get(s.name_ko, len(usual)), s.code))


def national_statistics(as_of: dt.date, *, sido: str = "", mode: str = "organisation") -> NationalStatistics:
    """The country by 시도 (``sido`` empty), or one 시도 (code or any name: "충남") by 시군구, on ``as_of``.

    The database groups: per organisation its designation of highest precedence (``organisation``) or
    each column it holds (``designation``), counted by district and column — a few hundred rows come
    back, whatever the registry's size. Districts are then placed by their 시군구 code, followed to the
    unit valid on the day (강원도 춘천시 42110 → 51110); a 일반구 is counted in its 시. The same counts
    as core.national_statistics.area_table over every row (a test compares them).
    """
    from bombaram.core import national_statistics as ns
    from bombaram.core.regions import load_gazetteer

    if mode not in ("organisation", "designation"):
        raise ValueError(f"counting mode must be 'organisation' or 'designation', not {mode!r}")
    gazetteer = load_gazetteer()
    wanted = gazetteer.sido(sido, as_of) if sido else None
    if sido and wanted is None:
        raise ValueError(f"알 수 없는 시도입니다: {sido}")
    day = connection.ops.adapt_datefield_value(as_of)
    district_codes = dict(District.objects.values_list("pk", "code"))
    types = list(DesignationType.objects.values_list("pk", "code", "precedence"))
    # the column a designation counts in (ns.column_of), as a number: precedence * 100 + column index
    column_case = ["CASE"]
    params: list[object] = []
    for pk, code, precedence in types:
        if code == "regional_pre_se":
            column_case.append(
                'WHEN "type_id" = %s THEN %s + CASE WHEN "designating_ministry" <> \'\' THEN %s '
                'WHEN "designating_region_id" IS NOT NULL THEN %s ELSE %s END')
            params += [pk, precedence * 100, ns.COLUMN_INDEX["ministry_pre_se"], ns.COLUMN_INDEX["regional_pre_se"],
                       ns.COLUMN_INDEX["unspecified_pre_se"]]
        else:
            column = ns.column_of(ns.NationalDesignationRow(0, code, "", ""))
            column_case.append('WHEN "type_id" = %s THEN %s')
            params += [pk, precedence * 100 + ns.COLUMN_INDEX[column]]
    column_case.append("END")
    key = " ".join(column_case)
    org_table, designation_table = Organisation._meta.db_table, Designation._meta.db_table
    valid = '("granted" IS NULL OR "granted" <= %s) AND ("ended" IS NULL OR "ended" > %s)'
    if mode == "organisation":
        inner = f'SELECT "organisation_id" AS org, MIN({key}) AS k FROM "{designation_table}" WHERE {valid} GROUP BY "organisation_id"'
    else:
        inner = f'SELECT DISTINCT "organisation_id" AS org, ({key}) %% 100 AS k FROM "{designation_table}" WHERE {valid}'
    sql = (f'SELECT o."district_id", x.k %% 100, COUNT(*) FROM ({inner}) x JOIN "{org_table}" o ON o."id" = x.org '
           'WHERE (o."founded" IS NULL OR o."founded" <= %s) AND (o."closed" IS NULL OR o."closed" > %s) '
           'GROUP BY o."district_id", x.k %% 100')
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, day, day, day, day])
        counts = [(district_codes.get(d), ns.COLUMNS[k], n) for d, k, n in cursor.fetchall()]

    def current(code: str):
        return gazetteer.current(code, as_of) or gazetteer.sigungu(code)

    if wanted is None:
        rows = [(s.code, s.name_ko) for s in sidos_in_usual_order(as_of)]

        def area_of(code: str) -> str | None:
            unit = current(code)
            return unit.sido_code if unit is not None else ns.UNKNOWN_AREA
    else:
        units = gazetteer.sigungus(as_of, sido=wanted.code, general_gu=False)
        rows = [(u.code, u.name_ko) for u in units]

        def area_of(code: str) -> str | None:
            unit = current(code)
            if unit is None or unit.sido_code != wanted.code:
                return None
            return unit.local_government_code

    table = ns.fold_counts(counts, area_of=area_of, areas=[k for k, _ in rows])
    if ns.UNKNOWN_AREA in table and wanted is None:
        rows.append((ns.UNKNOWN_AREA, gettext("Location not known")))
    elif ns.UNKNOWN_AREA in table:
        del table[ns.UNKNOWN_AREA]
    return NationalStatistics(as_of=as_of, mode=mode, sido=wanted.code if wanted else "",
                              sido_name=wanted.name_ko if wanted else "", rows=rows, table=table,
                              total=ns.total_row(table))
