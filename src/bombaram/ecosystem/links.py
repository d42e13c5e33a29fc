"""Links from every count of the statistics to the organisations behind it.

Each cell links to the directory (registry ``organisation-list``) filtered the same way as the cell was
counted: the date, the district (or the area outside the region), the designation column, the industry
and the counting mode; the directory's count then equals the cell (a test checks every cell of the
demonstration's tables). The 평균 row is a mean over the districts, not a count, and has no link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from bombaram.core.ecosystem import REPORT_COLUMNS
from bombaram.ecosystem.queries import Statistics

#: the district table's columns as the directory's designation filter
COLUMN_FILTER = {
    "certified_se": "certified_se", "seoul_pre_se": "seoul_pre_se", "regional_pre_se": "regional_pre_se",
    "social_enterprise_total": "social_enterprise", "village_enterprise": "village_enterprise",
    "cooperative": "cooperatives", "self_sufficiency": "self_sufficiency", "total": "any",
}
MEAN_ROW, TOTAL_ROW, COOP_TOTAL_ROW = "평균", "전체", "서울시"


@dataclass(frozen=True)
class LinkedCell:
    """A figure of a table and the directory address of the organisations behind it (or None)."""

    value: object
    url: str | None = None

    def __str__(self) -> str:
        return str(self.value)


def directory_url(stats: Statistics, *, row: str | None, designation: str, mode: str | None,
                  industry: str = "") -> str:
    """The directory filtered like a cell: ``row`` is the tables' row key (a district's name, an area
    outside the region, or None for the whole table); ``mode`` None lists holders of the designation."""
    params = {"as_of": stats.as_of.isoformat(), "designation": designation}
    if mode:
        params["mode"] = mode
    if row is not None:
        if row in stats.district_codes:
            params["district"] = stats.district_codes[row]
        else:
            params["area"] = row
    if industry:
        params["industry"] = industry
    return f"{reverse('organisation-list')}?{urlencode(params)}"


def district_type_rows(stats: Statistics, rows: list[list[object]]) -> list[list[object]]:
    """tables.district_type_rows with every count linked (the 평균 row is a mean: not linked)."""
    linked = []
    for row in rows:
        name = str(row[0])
        key = None if name == TOTAL_ROW else name
        cells = [LinkedCell(value, None if name == MEAN_ROW else directory_url(
            stats, row=key, designation=COLUMN_FILTER[column], mode=stats.mode))
            for column, value in zip(REPORT_COLUMNS, row[1:], strict=True)]
        linked.append([name, *cells])
    return linked


def cooperative_rows(stats: Statistics, rows: list[list[object]]) -> list[list[object]]:
    """tables.cooperative_rows linked: every figure of a row (count, members, capital and their shares)
    comes from the cooperatives of that row, whatever else they hold (so no counting mode)."""
    linked = []
    for row in rows:
        name = str(row[0])
        url = directory_url(stats, row=None if name == COOP_TOTAL_ROW else name, designation="cooperatives", mode=None)
        linked.append([name, *(LinkedCell(value, url) for value in row[1:])])
    return linked


def industry_url(stats: Statistics, industry: str, *, district: str | None = None) -> str:
    """Organisations counted under an industry (any designation, in the statistics' counting mode);
    ``industry`` "any" for the table's total (organisations without an industry group are not in it)."""
    return directory_url(stats, row=district, designation="any", mode=stats.mode, industry=industry)


def lq_rows(stats: Statistics) -> list[tuple[str, list[tuple[object, str, int]]]]:
    """The LQ table's cells with the organisations of the district and industry (e_ij of the quotient)
    and how many they are."""
    return [(name, [(stats.lq[name][j], industry_url(stats, j, district=name), stats.district_industry[name][j])
                    for j in stats.industries]) for name in stats.districts]
