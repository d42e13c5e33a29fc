"""Counts of organisations by 시도 (the country) or by 시군구 (one 시도), for any date.

Plain rows in: organisations with the 시군구 code they sit in, designations valid on the date with
their column and precedence. Columns (:data:`COLUMNS`): 인증 사회적기업; 예비사회적기업 split by who
designated it — 지역형 (a 시도: 서울형 is Seoul's), 부처형 (a ministry) and 지정기관 미기재 (the list did
not say); their subtotal 사회적기업 계; 마을기업; 협동조합 (일반 + 사회적); 자활기업; 합계.

Counting modes as in core.ecosystem: ``organisation`` (each organisation once, under its designation of
highest precedence — the report's 중복 제외), ``designation`` (under each column it holds, once per column).
The Seoul statistics (core.ecosystem) are separate and unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

COLUMNS: tuple[str, ...] = (
    "certified_se", "regional_pre_se", "ministry_pre_se", "unspecified_pre_se", "social_enterprise_total",
    "village_enterprise", "cooperative", "self_sufficiency", "total",
)
#: column → its index in the database's grouping key (queries.national_statistics)
COLUMN_INDEX: dict[str, int] = {c: i for i, c in enumerate(COLUMNS)}
SOCIAL_ENTERPRISE_COLUMNS = ("certified_se", "regional_pre_se", "ministry_pre_se", "unspecified_pre_se")
UNKNOWN_AREA = "__unknown__"


@dataclass(slots=True)
class NationalOrgRow:
    id: int
    sigungu: str | None          # 5-digit code of the 시군구 the organisation sits in; None: not known


@dataclass(slots=True)
class NationalDesignationRow:
    organisation_id: int
    type: str                    # DesignationType code
    designating_region: str      # 시도 code of a 지역형 designation, else ""
    designating_ministry: str    # ministry of a 부처형 designation, else ""


def column_of(row: NationalDesignationRow) -> str:
    """The column a designation is counted in: 서울형 and a 시도's 지역형 as 지역형, a ministry's as 부처형."""
    if row.type == "seoul_pre_se":
        return "regional_pre_se"
    if row.type == "regional_pre_se":
        if row.designating_ministry:
            return "ministry_pre_se"
        return "regional_pre_se" if row.designating_region else "unspecified_pre_se"
    if row.type == "social_cooperative":
        return "cooperative"
    return row.type


def area_table(
    orgs: Iterable[NationalOrgRow],
    designations: Iterable[NationalDesignationRow],
    *,
    area_of: Callable[[str], str | None],
    areas: Sequence[str],
    precedence: Mapping[str, int],
    mode: str = "organisation",
) -> dict[str, dict[str, int]]:
    """Counts by area × :data:`COLUMNS`. ``area_of`` maps a 시군구 code to its row (its 시도, or its 시 for
    a 일반구), None to leave the organisation out (another 시도). Rows: ``areas`` in order (zeros kept),
    then :data:`UNKNOWN_AREA` when organisations without a known 시군구 hold a designation.

    ``designations`` must be those valid on the date. ``precedence``: type code → rank (1 highest).
    """
    if mode not in ("organisation", "designation"):
        raise ValueError(f"counting mode must be 'organisation' or 'designation', not {mode!r}")
    where: dict[int, str] = {}
    cache: dict[str | None, str | None] = {}
    for org in orgs:
        if org.sigungu not in cache:
            cache[org.sigungu] = area_of(org.sigungu) if org.sigungu else UNKNOWN_AREA
        area = cache[org.sigungu]
        if area is not None:
            where[org.id] = area
    table: dict[str, dict[str, int]] = {a: dict.fromkeys(COLUMNS, 0) for a in areas}
    if mode == "organisation":
        best: dict[int, tuple[int, str]] = {}
        for d in designations:
            if d.organisation_id not in where:
                continue
            column = column_of(d)
            # ties within a precedence (지역형 and 부처형 both held): the column listed first
            rank = precedence[d.type] * 100 + COLUMN_INDEX[column]
            known = best.get(d.organisation_id)
            if known is None or rank < known[0]:
                best[d.organisation_id] = (rank, column)
        counted = ((where[org_id], column) for org_id, (_, column) in best.items())
    else:
        held: set[tuple[int, str]] = set()
        for d in designations:
            if d.organisation_id in where:
                held.add((d.organisation_id, column_of(d)))
        counted = ((where[org_id], column) for org_id, column in held)
    for area, column in counted:
        row = table.get(area)
        if row is None:
            row = table[area] = dict.fromkeys(COLUMNS, 0)
        row[column] += 1
    for row in table.values():
        row["social_enterprise_total"] = sum(row[c] for c in SOCIAL_ENTERPRISE_COLUMNS)
        row["total"] = sum(row[c] for c in COLUMNS if c not in ("social_enterprise_total", "total"))
    return table


def total_row(table: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Column sums over every row."""
    return {c: sum(row[c] for row in table.values()) for c in COLUMNS}


def fold_counts(
    counts: Iterable[tuple[str | None, str, int]],
    *,
    area_of: Callable[[str], str | None],
    areas: Sequence[str],
) -> dict[str, dict[str, int]]:
    """The same table as :func:`area_table` from counts the database grouped already:
    (시군구 code or None, column, organisations). Rows and totals as there."""
    table: dict[str, dict[str, int]] = {a: dict.fromkeys(COLUMNS, 0) for a in areas}
    cache: dict[str | None, str | None] = {}
    for sigungu, column, n in counts:
        if sigungu not in cache:
            cache[sigungu] = area_of(sigungu) if sigungu else UNKNOWN_AREA
        area = cache[sigungu]
        if area is None:
            continue
        row = table.get(area)
        if row is None:
            row = table[area] = dict.fromkeys(COLUMNS, 0)
        row[column] += n
    for row in table.values():
        row["social_enterprise_total"] = sum(row[c] for c in SOCIAL_ENTERPRISE_COLUMNS)
        row["total"] = sum(row[c] for c in COLUMNS if c not in ("social_enterprise_total", "total"))
    return table
