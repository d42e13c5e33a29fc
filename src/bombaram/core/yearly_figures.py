"""Summaries of organisations' yearly figures (연도별 실적) for the statistics.

Plain rows in (one per organisation and year), tables out:

- the share of organisations with an operating profit (영업이익 > 0) among those reporting one for a
  year: the report's case for public purchasing ("only 14.4 % made an operating profit"); a result of
  exactly zero is not a profit;
- organisations whose public wage support (인건비 지원) ends in a year, by district: each organisation
  once, under the end date of its latest year that gives one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class FigureRow:
    organisation_id: int
    area: str                      # the statistics' row key: district name, or the area outside the region
    year: int
    operating_profit_won: int | None
    wage_support_ends: dt.date | None


@dataclass(frozen=True)
class ProfitShare:
    year: int
    reporting: int                 # organisations giving an operating profit (or loss) for the year
    with_profit: int               # … of which above zero

    @property
    def share_pct(self) -> float | None:
        """with_profit / reporting × 100."""
        return self.with_profit / self.reporting * 100 if self.reporting else None


def operating_profit_shares(rows: Iterable[FigureRow]) -> list[ProfitShare]:
    """Per year (ascending), how many organisations reported an operating profit or loss and how many a profit."""
    reporting: dict[int, int] = {}
    profit: dict[int, int] = {}
    for row in rows:
        if row.operating_profit_won is None:
            continue
        reporting[row.year] = reporting.get(row.year, 0) + 1
        if row.operating_profit_won > 0:
            profit[row.year] = profit.get(row.year, 0) + 1
    return [ProfitShare(year, reporting[year], profit.get(year, 0)) for year in sorted(reporting)]


@dataclass(frozen=True)
class WageSupportEndings:
    years: list[int]
    by_area: dict[str, dict[int, int]]     # area → year → organisations
    total: dict[int, int]


def wage_support_endings(rows: Iterable[FigureRow], *, areas: Sequence[str], from_year: int) -> WageSupportEndings:
    """Organisations whose wage support ends in ``from_year`` or later, by year of the end and area.

    Each organisation counts once, with the end date of its latest reported year that gives one.
    Rows: every area of ``areas`` (zeros included), then any other area that has organisations.
    """
    latest: dict[int, FigureRow] = {}
    for row in rows:
        if row.wage_support_ends is None:
            continue
        known = latest.get(row.organisation_id)
        if known is None or known.year < row.year:
            latest[row.organisation_id] = row
    years = sorted({r.wage_support_ends.year for r in latest.values() if r.wage_support_ends.year >= from_year})
    by_area: dict[str, dict[int, int]] = {a: dict.fromkeys(years, 0) for a in areas}
    for row in latest.values():
        year = row.wage_support_ends.year
        if year < from_year:
            continue
        by_area.setdefault(row.area, dict.fromkeys(years, 0))[year] += 1
    total = {y: sum(r[y] for r in by_area.values()) for y in years}
    return WageSupportEndings(years, by_area, total)
