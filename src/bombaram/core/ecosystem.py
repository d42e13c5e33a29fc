"""The ecosystem statistics (현황) of the report's 총괄발표, from organisation-level rows, for any date.

Plain data in: organisations (district, industry) and their designations (type, granted, ended);
tables out, in the layout of the report. Two counting modes (DESIGN.md):

- ``organisation`` (중복 제외): each organisation once, under its highest-precedence designation
  valid on the date; the report's tables are of this kind (1,871 organisations in 2014-01-31);
- ``designation``: an organisation counts under every designation it holds on the date.

A designation is valid on day d when granted ≤ d < ended (the end day excluded; no dates = valid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bombaram.core.measures import (
    concentration_ratio,
    gini,
    hhi,
    hoover_index,
    location_quotients,
    lq_reading,
    ranking_text,
    unreliable_cells,
)

#: the report's columns of the district table, with the types counted in each
REPORT_COLUMNS: tuple[str, ...] = (
    "certified_se", "seoul_pre_se", "regional_pre_se", "social_enterprise_total",
    "village_enterprise", "cooperative", "self_sufficiency", "total",
)
SOCIAL_ENTERPRISE = ("certified_se", "seoul_pre_se", "regional_pre_se")
COOPERATIVE_TYPES = ("cooperative", "social_cooperative")
OUTSIDE = "__outside__"


@dataclass(slots=True)  # not frozen: building 100,000 frozen rows costs three times as long
class OrgRow:
    id: int
    district: str | None         # district name (or code) inside the region; None outside / unknown
    outside_area: str            # "경기도" for an organisation outside the region, else ""
    industry: str | None


@dataclass(slots=True)  # not frozen: building 100,000 frozen rows costs three times as long
class DesignationRow:
    organisation_id: int
    type: str
    granted: dt.date | None
    ended: dt.date | None


@dataclass(slots=True)  # not frozen: building 100,000 frozen rows costs three times as long
class CoopCountRow:
    organisation_id: int
    counted_on: dt.date
    members: int | None
    capital_won: int | None


@dataclass
class Snapshot:
    """Who is counted, under what, on a date: the input every table reads."""

    as_of: dt.date
    orgs: dict[int, OrgRow]
    top: dict[int, str] = field(default_factory=dict)            # organisation → highest-precedence type
    held: dict[int, list[str]] = field(default_factory=dict)     # organisation → every valid type


def snapshot(orgs: Iterable[OrgRow], designations: Iterable[DesignationRow], *, as_of: dt.date,
             precedence: Mapping[str, int]) -> Snapshot:
    """Designations valid on ``as_of``, and each organisation's highest-precedence one (1 = highest)."""
    snap = Snapshot(as_of=as_of, orgs={o.id: o for o in orgs})
    known, held, top = snap.orgs, snap.held, snap.top
    for d in designations:
        org_id = d.organisation_id
        # valid on as_of: granted on or before it, not yet ended (inline: this runs per designation)
        if org_id not in known or not ((d.granted is None or d.granted <= as_of) and (d.ended is None or as_of < d.ended)):
            continue
        types = held.get(org_id)
        if types is None:
            held[org_id] = [d.type]
            top[org_id] = d.type
        elif d.type not in types:
            types.append(d.type)
            if precedence[d.type] < precedence[top[org_id]]:
                top[org_id] = d.type
    return snap


def _counted(snap: Snapshot, mode: str) -> Iterable[tuple[OrgRow, str]]:
    if mode == "organisation":
        for org_id, type_ in snap.top.items():
            yield snap.orgs[org_id], type_
    elif mode == "designation":
        for org_id, types in snap.held.items():
            for type_ in types:
                yield snap.orgs[org_id], type_
    else:
        raise ValueError(f"counting mode must be 'organisation' or 'designation', not {mode!r}")


def _row_key(org: OrgRow) -> str:
    return org.district if org.district else (org.outside_area or OUTSIDE)


row_key = _row_key  # the tables' row of an organisation: its district, else the area outside the region


def district_type_table(snap: Snapshot, *, mode: str, districts: Sequence[str]) -> dict[str, dict[str, int]]:
    """Counts by district × the report's columns, with the 사회적기업 subtotal and the total.

    Rows: every district in ``districts`` order (zeros included), then any area outside the region
    (e.g. 경기도) that has organisations: they are kept, never dropped.
    """
    table: dict[str, dict[str, int]] = {d: dict.fromkeys(REPORT_COLUMNS, 0) for d in districts}
    for org, type_ in _counted(snap, mode):
        key = _row_key(org)
        row = table.get(key)
        if row is None:
            row = table[key] = dict.fromkeys(REPORT_COLUMNS, 0)
        row["cooperative" if type_ in COOPERATIVE_TYPES else type_] += 1  # 사회적협동조합 under 협동조합
    for row in table.values():
        row["social_enterprise_total"] = sum(row[c] for c in SOCIAL_ENTERPRISE)
        row["total"] = row["social_enterprise_total"] + row["village_enterprise"] + row["cooperative"] + row["self_sufficiency"]
    return table


def totals_rows(table: Mapping[str, Mapping[str, int]], *, districts: Sequence[str]) -> tuple[dict[str, float], dict[str, int]]:
    """The report's 평균 and 전체 rows.

    평균 = (sum over the region's districts, organisations outside excluded) / number of districts —
    the report divides by 25 (서울형: 322 / 25 = 12.88). 전체 = sum over every row, outside included.
    """
    columns = next(iter(table.values())).keys()
    mean = {c: sum(table[d][c] for d in districts) / len(districts) for c in columns}
    total = {c: sum(row[c] for row in table.values()) for c in columns}
    return mean, total


def industry_table(snap: Snapshot, *, mode: str, industries: Sequence[str]) -> dict[str, int]:
    counts = dict.fromkeys(industries, 0)
    for org, _ in _counted(snap, mode):
        if org.industry is not None:
            counts[org.industry] = counts.get(org.industry, 0) + 1
    return counts


def district_industry_table(snap: Snapshot, *, mode: str, districts: Sequence[str],
                            industries: Sequence[str]) -> dict[str, dict[str, int]]:
    """Counts by district × industry (organisations without an industry are left out)."""
    table = {d: dict.fromkeys(industries, 0) for d in districts}
    for org, _ in _counted(snap, mode):
        if org.industry is None:
            continue
        key = _row_key(org)
        row = table.get(key)
        if row is None:
            row = table[key] = dict.fromkeys(industries, 0)
        row[org.industry] = row.get(org.industry, 0) + 1
    return table


@dataclass(frozen=True)
class CooperativeRow:
    cooperatives: int
    members: int
    capital_won: int

    @property
    def capital_per_member(self) -> float | None:
        return self.capital_won / self.members if self.members else None


def cooperative_table(snap: Snapshot, counts: Iterable[CoopCountRow], *, districts: Sequence[str]) -> dict[str, CooperativeRow]:
    """Cooperatives' scale by district: every organisation holding a cooperative or social
    cooperative designation on the date (whatever else it holds: the report's 967, not the 933 of
    the 중복 제외 table), with its latest members and capital counted on or before the date."""
    latest: dict[int, CoopCountRow] = {}
    for c in counts:
        if c.counted_on <= snap.as_of and (c.organisation_id not in latest or latest[c.organisation_id].counted_on < c.counted_on):
            latest[c.organisation_id] = c
    acc = {d: [0, 0, 0] for d in districts}
    for org_id, types in snap.held.items():
        if not any(t in COOPERATIVE_TYPES for t in types):
            continue
        key = _row_key(snap.orgs[org_id])
        row = acc.get(key)
        if row is None:
            row = acc[key] = [0, 0, 0]
        row[0] += 1
        count = latest.get(org_id)
        if count is not None:
            row[1] += count.members or 0
            row[2] += count.capital_won or 0
    return {k: CooperativeRow(*v) for k, v in acc.items()}


def share_pct(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


@dataclass(frozen=True)
class LqCell:
    lq: float | None
    reading: str | None           # cluster (≥ 1.25, 집적) | above (> 1) | at_or_below
    unreliable: bool              # small counts: read with care


def lq_table(counts: Mapping[str, Mapping[str, int]], *, districts: Sequence[str], industries: Sequence[str],
             min_count: int = 5, min_district_total: int = 30) -> dict[str, dict[str, LqCell]]:
    """Location quotients over the region's districts (LQ_ij = (e_ij/e_i)/(E_j/E)) with the report's
    reading; organisations outside the region are not part of the region's totals."""
    inside = {d: counts[d] for d in districts}
    lqs = location_quotients(inside, industries)
    flags = unreliable_cells(inside, industries, min_count=min_count, min_district_total=min_district_total)
    return {d: {j: LqCell(lqs[d][j], lq_reading(lqs[d][j]), flags[d][j]) for j in industries} for d in districts}


def observations(table: Mapping[str, Mapping[str, int]], industry: Mapping[str, int],
                 coops: Mapping[str, CooperativeRow], *, districts: Sequence[str],
                 industry_labels: Mapping[str, str], top: int = 3) -> list[str]:
    """Short written observations in the report's manner: "사회적기업: 마포 > 종로 > 영등포"."""
    order = list(districts)
    notes = []
    for column, label in (("social_enterprise_total", "사회적기업"), ("village_enterprise", "마을기업"),
                          ("cooperative", "협동조합"), ("self_sufficiency", "자활기업"), ("total", "전체")):
        values = {d: table[d][column] for d in districts}
        notes.append(f"{label}: {ranking_text(values, top=top, tie_order=order)}")
    ranked = sorted(industry, key=lambda k: (-industry[k], list(industry).index(k)))
    total = sum(industry.values())
    if total:
        firsts = ", ".join(f"{industry_labels[k]} {industry[k] / total * 100:.1f}%" for k in ranked[:3])
        notes.append(f"업종: {firsts} 순으로 많습니다")
    members = {d: coops[d].members for d in districts if d in coops}
    capital = {d: coops[d].capital_won for d in districts if d in coops}
    if any(members.values()):
        notes.append(f"협동조합 조합원 수: {ranking_text(members, top=top, tie_order=order)}")
        notes.append(f"협동조합 출자금: {ranking_text(capital, top=top, tie_order=order)}")
    return notes


def concentration_summary(values: Mapping[str, float]) -> dict[str, float | None]:
    """How unevenly a count spreads over districts: HHI (0–10,000), CR-3 (%), Gini."""
    amounts = list(values.values())
    cr3 = concentration_ratio(amounts, 3)
    return {"hhi": hhi(amounts, scale="percent"), "cr3_pct": cr3 * 100 if cr3 is not None else None, "gini": gini(amounts)}


@dataclass(frozen=True)
class BaseComparisonRow:
    industry: str
    section: str
    organisations: int
    organisation_share_pct: float | None
    businesses: int
    business_share_pct: float | None

    @property
    def ratio(self) -> float | None:
        """Specialisation against all businesses: organisation share / business share (an LQ whose
        base is the whole economy instead of the social economy)."""
        if self.organisation_share_pct is None or not self.business_share_pct:
            return None
        return self.organisation_share_pct / self.business_share_pct


def compare_with_business_base(industry_counts: Mapping[str, int], business_counts: Mapping[str, int],
                               concordance: Mapping[str, str]) -> tuple[list[BaseComparisonRow], float | None]:
    """Industry shares of the social economy beside the shares of all businesses in the same KSIC sections.

    ``business_counts``: section → businesses (e.g. Seoul 2012, 전산업 excluded); ``concordance``:
    industry group → its nearest section. Shares are within the matched sections on both sides, so
    they add up to 100 on both; the Hoover index (½ Σ |a_i − b_i| over the shares) says what share
    of the organisations would have to change industry to match the business base.
    """
    pairs = [(k, concordance[k]) for k in industry_counts if k in concordance and concordance[k] in business_counts]
    org_total = sum(industry_counts[k] for k, _ in pairs)
    base_total = sum(business_counts[s] for _, s in pairs)
    rows = [BaseComparisonRow(k, s, industry_counts[k], share_pct(industry_counts[k], org_total),
                              business_counts[s], share_pct(business_counts[s], base_total)) for k, s in pairs]
    hoover = hoover_index([r.organisations for r in rows], [r.businesses for r in rows]) if rows else None
    return rows, hoover
