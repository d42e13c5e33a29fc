"""Demonstration registry (예시 데이터): Seoul's social economy organisations on 2014-01-31.

**Every record made here is invented.** Names, addresses, business and corporate
registration numbers, founding dates, certificate numbers, members and capital of
each organisation are made up; they describe no real organisation, and a number
that passes its check digit is not a registered number. Only the *aggregates*
match the 2014 report "서울의 사회적경제 '봄, 바람'" (2014-02-13), whose tables ship in
``reference/seoul2014/``. Every record carries ``illustrative=True``.

What the aggregates reproduce, counted on :data:`REPORT_DATE` (2014-01-31):

1. ``org_counts_by_district_type.csv`` exactly, counting by organisation (중복 제외):
   25 districts plus the row 경기도 (one 서울형 예비사회적기업 located outside Seoul,
   ``district_code`` None, ``outside_region`` True), 1,871 organisations.
2. ``industry_distribution.csv`` exactly (the ten industry groups of the 1,871).
3. ``cooperative_scale_by_district.csv`` exactly: 967 organisations holding a
   cooperative or social cooperative designation (933 counted under 협동조합 by
   organisation + 34 that also hold a higher-precedence designation, per district
   the difference of the two tables), members and paid-in capital (출자금, won =
   the table's 천원 × 1,000) summing exactly to each district's figure, every
   cooperative with at least 5 members (feasible in all 25 districts).
4. ``location_quotient_by_district_industry.csv`` as closely as integer counts
   allow (the printed LQs do not come out of any integer matrix with the report's
   margins exactly). See :func:`fit_district_industry_matrix` for the method and
   :class:`LqFit` / :func:`lq_comparison` for the achieved error.

Designations are valid over ``[granted, ended)``: ``ended`` is the first day on which
the designation no longer holds (None: still holds). A pre-social enterprise that
was certified has its pre-SE designation ended on the day the certification began,
so on that day only the certification counts.

Invented formats, documented here so that nobody mistakes them for real ones:

* certificate numbers: 인증 사회적기업 ``제2012-045호`` (the national register's
  format); 서울형 예비 ``서울형-2013-123``; 지역형 예비 ``지역형-2012-031``; 마을기업
  ``마을기업-2012-017``; 협동조합 신고확인 ``서울협동-2013-0456``; 사회적협동조합 인가
  ``사협인가-2013-012``; 자활기업 ``자활-2010-034``. Numbers rise with the grant date
  within a type and year.
* 사업자등록번호: digits 1-3 a per-district office code 101-125 (in 행정표준코드
  order; 128 for the organisation in 경기도), not the real 세무서 codes; digits 4-5
  follow the legal form (81/86/87/88 for-profit corporations including 일반
  협동조합, 82 non-profit corporations, 사회적협동조합 and 비영리민간단체 treated as
  법인으로 보는 단체, 01-79 individuals); the check digit is computed by
  :func:`bombaram.core.identifiers.make_business_no`.
* 법인등록번호 (corporations only): ``1101`` (a Seoul registry office; ``1358`` for
  the one in 경기도) + kind digits (11 주식회사, 14 유한회사, 21 사단법인, 22 재단법인 and
  사회복지법인, 71 both kinds of cooperative; the last is an assumption) + a serial
  rising with the founding date + check digit (:func:`make_corporate_no`).
* addresses: real 시도 and 구 with invented road names (``서울특별시 성북구 다솜로12길 34``).

Generation is deterministic: one :class:`random.Random` seeded by the caller, no
clock, no global random state. The district × industry matrix does not depend on
the seed (it is the solution of an optimisation); everything else does.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from bombaram.core.identifiers import make_business_no, make_corporate_no
from bombaram.core.measures import location_quotients
from bombaram.core.names import normalise_name

__all__ = [
    "COOPERATIVE_TYPES",
    "DESIGNATION_LABELS",
    "DESIGNATION_TYPES",
    "LEGAL_FORMS",
    "REPORT_COLUMN",
    "REPORT_DATE",
    "SOCIAL_ENTERPRISE_TYPES",
    "TABLE_COLUMNS",
    "CooperativeScale",
    "CountingMode",
    "DemoDesignation",
    "DemoOrganisation",
    "DemoRegistry",
    "LqFit",
    "MatrixFit",
    "ReportTables",
    "aggregate",
    "cooperative_scale_by_district",
    "count_by_district_industry",
    "count_by_district_type",
    "count_by_industry",
    "fit_district_industry_matrix",
    "generate_seoul_2014",
    "load_report_tables",
    "lq_comparison",
    "precedence",
]

REFERENCE_DIR = Path(__file__).parent.parent / "reference"

#: The date the 2014 report's tables describe.
REPORT_DATE = date(2014, 1, 31)

#: Designation types in order of precedence (index 0 = precedence 1, highest).
DESIGNATION_TYPES: tuple[str, ...] = (
    "certified_se",
    "seoul_pre_se",
    "regional_pre_se",
    "village_enterprise",
    "cooperative",
    "social_cooperative",
    "self_sufficiency",
)

DESIGNATION_LABELS: dict[str, str] = {
    "certified_se": "인증 사회적기업",
    "seoul_pre_se": "서울형 예비사회적기업",
    "regional_pre_se": "지역형 예비사회적기업",
    "village_enterprise": "마을기업",
    "cooperative": "일반 협동조합",
    "social_cooperative": "사회적협동조합",
    "self_sufficiency": "자활기업",
}

#: The report's column for each designation type (both kinds of cooperative → 협동조합).
REPORT_COLUMN: dict[str, str] = {
    "certified_se": "certified_se",
    "seoul_pre_se": "seoul_pre_se",
    "regional_pre_se": "regional_pre_se",
    "village_enterprise": "village_enterprise",
    "cooperative": "cooperative",
    "social_cooperative": "cooperative",
    "self_sufficiency": "self_sufficiency",
}

#: Columns of ``org_counts_by_district_type.csv``, in its order.
TABLE_COLUMNS: tuple[str, ...] = (
    "certified_se",
    "seoul_pre_se",
    "regional_pre_se",
    "social_enterprise_total",
    "village_enterprise",
    "cooperative",
    "self_sufficiency",
    "total",
)

SOCIAL_ENTERPRISE_TYPES = frozenset({"certified_se", "seoul_pre_se", "regional_pre_se"})
COOPERATIVE_TYPES = frozenset({"cooperative", "social_cooperative"})

#: Legal form → (digits 4-5 of the 사업자등록번호 to draw from, 법인등록번호 kind or None).
LEGAL_FORMS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "주식회사": (("81", "86", "87", "88"), "11"),
    "유한회사": (("81", "86", "87", "88"), "14"),
    "사단법인": (("82",), "21"),
    "재단법인": (("82",), "22"),
    "사회복지법인": (("82",), "22"),
    "협동조합": (("81", "86", "87", "88"), "71"),
    "사회적협동조합": (("82",), "71"),
    "비영리민간단체": (("82",), None),
    "개인사업자": (tuple(f"{n:02d}" for n in range(1, 80)), None),
}

CountingMode = Literal["organisation", "designation"]

_PRECEDENCE = {kind: rank for rank, kind in enumerate(DESIGNATION_TYPES, start=1)}
_SEOUL = "서울특별시"


def precedence(designation_type: str) -> int:
    """Precedence of a designation type: 1 (인증 사회적기업) is highest, 7 (자활기업) lowest."""
    return _PRECEDENCE[designation_type]


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoDesignation:
    """One designation held over ``[granted, ended)``; ``ended`` None: still held."""

    type: str
    granted: date
    ended: date | None
    certificate_no: str

    def valid_on(self, day: date) -> bool:
        """True when ``granted <= day < ended`` (no end: ``granted <= day``)."""
        return self.granted <= day and (self.ended is None or day < self.ended)


@dataclass(frozen=True, slots=True)
class CooperativeScale:
    """A cooperative's members (조합원) and paid-in capital (출자금, won) on ``counted_on``."""

    members: int
    capital_won: int
    counted_on: date


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    """One invented organisation (``illustrative`` is always True).

    ``region`` is the 시도 of the address; ``district_code`` the 5-digit 행정표준코드
    of a Seoul district, None with ``outside_region`` True for the organisation
    outside Seoul. ``business_no``/``corporate_no`` are compact digits.
    """

    id: str
    name: str
    legal_form: str
    region: str
    district_code: str | None
    district_name: str | None
    outside_region: bool
    address: str
    industry: str
    business_no: str
    corporate_no: str | None
    founded: date
    designations: tuple[DemoDesignation, ...]
    cooperative_scale: CooperativeScale | None = None
    illustrative: bool = True

    @property
    def row_label(self) -> str:
        """Row of the report's district table: the district, or the 시도 when outside."""
        return self.district_name if self.district_name is not None else self.region

    def designations_on(self, day: date) -> tuple[DemoDesignation, ...]:
        """Designations valid on ``day``, highest precedence first."""
        valid = [d for d in self.designations if d.valid_on(day)]
        valid.sort(key=lambda d: _PRECEDENCE[d.type])
        return tuple(valid)

    def top_designation(self, day: date) -> DemoDesignation | None:
        """The designation the organisation is counted under by organisation (중복 제외)."""
        valid = self.designations_on(day)
        return valid[0] if valid else None

    def is_cooperative_on(self, day: date) -> bool:
        """True when it holds a cooperative or social cooperative designation on ``day``."""
        return any(d.type in COOPERATIVE_TYPES and d.valid_on(day) for d in self.designations)


@dataclass(frozen=True, slots=True)
class LqFit:
    """How close the records' location quotients come to the printed ones.

    ``rmse`` = sqrt(mean over cells of (LQ − LQ*)²); ``max_abs_error`` its largest
    absolute term (at ``worst_cell`` = (district, industry)); ``matching_cells`` the
    cells whose LQ rounded half-up to 2 decimals equals the printed value.
    """

    rmse: float
    max_abs_error: float
    matching_cells: int
    cells: int
    worst_cell: tuple[str, str]


@dataclass(frozen=True, slots=True)
class DemoRegistry:
    """The generated registry with the lists its tables are laid out by.

    ``districts``: (sig_cd, name) in the report's 가나다 order; ``outside_regions``:
    the 시도 rows after them (경기도); ``industries``: codes in the report's order.
    """

    as_of: date
    seed: int
    organisations: tuple[DemoOrganisation, ...]
    districts: tuple[tuple[str, str], ...]
    outside_regions: tuple[str, ...]
    industries: tuple[str, ...]
    lq_fit: LqFit
    illustrative: bool = True


# ---------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportTables:
    """The report's tables as read from the package's ``reference/`` copy.

    ``rows``: the district table's rows in order (25 districts, then 경기도);
    ``org_counts[row][column]`` with :data:`TABLE_COLUMNS`; ``industry_counts`` in
    the report's order; ``cooperatives[district]`` = (count, members, capital in
    won); ``printed_lq[district][industry]`` as :class:`~decimal.Decimal`;
    ``district_codes[name]`` the 행정표준코드.
    """

    rows: tuple[str, ...]
    org_counts: Mapping[str, Mapping[str, int]]
    industries: tuple[str, ...]
    industry_labels: Mapping[str, str]
    industry_counts: Mapping[str, int]
    cooperatives: Mapping[str, tuple[int, int, int]]
    printed_lq: Mapping[str, Mapping[str, Decimal]]
    district_codes: Mapping[str, str]

    @property
    def districts(self) -> tuple[str, ...]:
        """The rows that are Seoul districts (those with a 행정표준코드)."""
        return tuple(row for row in self.rows if row in self.district_codes)


def _read_csv(*parts: str) -> list[dict[str, str]]:
    with REFERENCE_DIR.joinpath(*parts).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def load_report_tables() -> ReportTables:
    """Read the four 2014 tables and the district codes from ``reference/``.

    Raises ``ValueError`` when the tables disagree with themselves (a 사회적기업
    or 전체 column that is not the sum of its parts, a district with fewer
    cooperatives in the scale table than under 협동조합, industry counts that do
    not add up to the district table's total).
    """
    codes = {r["name_ko"]: r["sig_cd"] for r in _read_csv("korea", "seoul_districts.csv")}
    org_counts: dict[str, dict[str, int]] = {}
    for r in _read_csv("seoul2014", "org_counts_by_district_type.csv"):
        counts = {column: int(r[column]) for column in TABLE_COLUMNS}
        se = counts["certified_se"] + counts["seoul_pre_se"] + counts["regional_pre_se"]
        parts = (
            se + counts["village_enterprise"] + counts["cooperative"] + counts["self_sufficiency"]
        )
        if se != counts["social_enterprise_total"] or parts != counts["total"]:
            raise ValueError(f"{r['district']}: 소계·전체가 항목의 합과 다릅니다")
        org_counts[r["district"]] = counts
    industry_rows = _read_csv("seoul2014", "industry_distribution.csv")
    industries = tuple(r["industry"] for r in industry_rows)
    industry_counts = {r["industry"]: int(r["count"]) for r in industry_rows}
    if sum(industry_counts.values()) != sum(c["total"] for c in org_counts.values()):
        raise ValueError("업종 분포의 합이 조직 수 합계와 다릅니다")
    cooperatives: dict[str, tuple[int, int, int]] = {}
    for r in _read_csv("seoul2014", "cooperative_scale_by_district.csv"):
        if r["district"] not in codes:
            continue  # the 서울시 total row
        count = int(r["cooperatives"])
        if count < org_counts[r["district"]]["cooperative"]:
            raise ValueError(f"{r['district']}: 협동조합 수가 중복 제외 표보다 작습니다")
        cooperatives[r["district"]] = (
            count,
            int(r["members"]),
            int(r["capital_thousand_won"]) * 1000,
        )
    printed_lq = {
        r["district"]: {j: Decimal(r[j]) for j in industries}
        for r in _read_csv("seoul2014", "location_quotient_by_district_industry.csv")
    }
    return ReportTables(
        rows=tuple(org_counts),
        org_counts=org_counts,
        industries=industries,
        industry_labels={r["industry"]: r["industry_ko"] for r in industry_rows},
        industry_counts=industry_counts,
        cooperatives=cooperatives,
        printed_lq=printed_lq,
        district_codes=codes,
    )


# ---------------------------------------------------------------------------
# District × industry matrix
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatrixFit:
    """The fitted counts: ``counts[row][industry]`` for every row of the district table."""

    counts: Mapping[str, Mapping[str, int]]
    sum_squared_error: float


def _lq_cost_terms(
    counts: np.ndarray, scale: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Marginal costs of adding / removing one unit in every cell.

    cost(n) = (a·n − L*)², so cost(n+1) − cost(n) = a²(2n+1) − 2aL* and
    cost(n−1) − cost(n) = a²(1−2n) + 2aL* (infinite for n = 0).
    """
    a = scale
    increase = a * a * (2 * counts + 1) - 2 * a * target
    decrease = np.where(counts > 0, a * a * (1 - 2 * counts) + 2 * a * target, np.inf)
    return increase, decrease


def _negative_cycle(
    increase: np.ndarray, decrease: np.ndarray
) -> list[tuple[int, int, int]] | None:
    """A negative-cost cycle of the bipartite residual graph, or None.

    Nodes are rows and columns; arc row i → column j adds a unit to (i, j)
    (cost ``increase``), arc column j → row i removes one (cost ``decrease``).
    A cycle changes no margin. Bellman-Ford from a virtual source with every
    distance 0; the cycle is read off the predecessors. Returns the changes as
    (row, column, ±1).
    """
    n_rows, n_cols = increase.shape
    row_dist = np.zeros(n_rows)
    col_dist = np.zeros(n_cols)
    row_pred = np.full(n_rows, -1)
    col_pred = np.full(n_cols, -1)
    rows_idx, cols_idx = np.arange(n_rows), np.arange(n_cols)
    last: tuple[str, int] | None = None
    for _ in range(n_rows + n_cols + 1):
        via_rows = row_dist[:, None] + increase
        best_row = via_rows.argmin(axis=0)
        best = via_rows[best_row, cols_idx]
        col_changed = best < col_dist - 1e-12
        col_dist = np.where(col_changed, best, col_dist)
        col_pred = np.where(col_changed, best_row, col_pred)
        via_cols = col_dist[None, :] + decrease
        best_col = via_cols.argmin(axis=1)
        best = via_cols[rows_idx, best_col]
        row_changed = best < row_dist - 1e-12
        row_dist = np.where(row_changed, best, row_dist)
        row_pred = np.where(row_changed, best_col, row_pred)
        if not col_changed.any() and not row_changed.any():
            return None
        if row_changed.any():
            last = ("r", int(np.flatnonzero(row_changed)[0]))
        else:
            last = ("c", int(np.flatnonzero(col_changed)[0]))
    assert last is not None

    def step(node: tuple[str, int]) -> tuple[str, int]:
        kind, index = node
        return ("c", int(row_pred[index])) if kind == "r" else ("r", int(col_pred[index]))

    node = last
    for _ in range(n_rows + n_cols + 1):
        node = step(node)
    start, changes = node, []
    while True:
        kind, index = node
        if kind == "r":  # reached from column row_pred[index]: remove a unit there
            changes.append((index, int(row_pred[index]), -1))
        else:  # reached from row col_pred[index]: add a unit
            changes.append((int(col_pred[index]), index, +1))
        node = step(node)
        if node == start:
            return changes


def _fit_with_fixed_totals(
    row_totals: np.ndarray, col_totals: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, float]:
    """Integer matrix with the given margins minimising Σ (LQ_ij − LQ*_ij)².

    LQ_ij = n_ij · E / (e_i · E_j) is linear in n_ij once the margins are fixed,
    so the objective is a separable convex function of the cells and the problem
    is a convex-cost transportation problem. Steps: (1) expected counts
    e*_ij = LQ*_ij · e_i · E_j / E, fitted to the margins by iterative
    proportional fitting; (2) each row rounded by largest remainders, then units
    moved within rows from columns over their total to columns under it, the
    cheapest move first; (3) negative cycles cancelled (each cycle moves one unit
    around rows and columns and lowers the objective) until none is left, which
    for a separable convex objective proves the integer optimum.
    """
    grand = row_totals.sum()
    scale = grand / (row_totals[:, None] * col_totals[None, :])
    expected = target * row_totals[:, None] * col_totals[None, :] / grand + 1e-9
    for _ in range(200):
        expected *= (row_totals / expected.sum(axis=1))[:, None]
        expected *= (col_totals / expected.sum(axis=0))[None, :]
    counts = np.floor(expected).astype(np.int64)
    for i in range(len(row_totals)):
        short = int(row_totals[i] - counts[i].sum())
        order = np.argsort(-(expected[i] - counts[i]), kind="stable")
        counts[i, order[:short]] += 1
    while True:
        excess = counts.sum(axis=0) - col_totals
        if not excess.any():
            break
        increase, decrease = _lq_cost_terms(counts, scale, target)
        best: tuple[float, int, int, int] | None = None
        for j in np.flatnonzero(excess > 0):
            for k in np.flatnonzero(excess < 0):
                move = decrease[:, j] + increase[:, k]
                i = int(np.argmin(move))
                if best is None or move[i] < best[0]:
                    best = (float(move[i]), i, int(j), int(k))
        assert best is not None
        _, i, j, k = best
        counts[i, j] -= 1
        counts[i, k] += 1
    while True:
        increase, decrease = _lq_cost_terms(counts, scale, target)
        cycle = _negative_cycle(increase, decrease)
        if cycle is None:
            break
        gain = sum(increase[i, j] if s > 0 else decrease[i, j] for i, j, s in cycle)
        if gain >= -1e-12:
            break
        for i, j, s in cycle:
            counts[i, j] += s
    error = float(((counts * scale - target) ** 2).sum())
    return counts, error


@lru_cache(maxsize=1)
def fit_district_industry_matrix() -> MatrixFit:
    """District × industry counts with the report's margins and LQs as close as possible.

    Row totals are the district table's 전체 (25 districts and the rows outside
    Seoul), column totals the industry table. LQs are those of the 25 Seoul
    districts (the region is Seoul: E = the districts' sum, E_j = the industry's
    count inside Seoul), so the industry of an organisation outside Seoul changes
    every E_j: each such unit is tried in every industry and the best kept. For
    the one 경기도 organisation that is 영농: with 10 farming organisations in Seoul
    강동구's 2 of 54 give LQ 6.93 against the printed 6.83 (with 11 it would be
    6.30), and the largest error falls from 1.15 to 0.26.
    For each choice the Seoul matrix is the integer optimum of
    :func:`_fit_with_fixed_totals`. The objective is the sum over the 250 cells of
    (LQ − printed LQ)².
    """
    tables = load_report_tables()
    districts = tables.districts
    outside_rows = [row for row in tables.rows if row not in tables.district_codes]
    industries = tables.industries
    row_totals = np.array([tables.org_counts[d]["total"] for d in districts], dtype=np.int64)
    all_totals = np.array([tables.industry_counts[j] for j in industries], dtype=np.int64)
    target = np.array(
        [[float(tables.printed_lq[d][j]) for j in industries] for d in districts], dtype=np.float64
    )
    outside_counts = {row: np.zeros(len(industries), dtype=np.int64) for row in outside_rows}
    seoul_totals = all_totals.copy()
    best_counts: np.ndarray | None = None
    best_error = math.inf
    units = [row for row in outside_rows for _ in range(tables.org_counts[row]["total"])]
    if not units:
        best_counts, best_error = _fit_with_fixed_totals(row_totals, seoul_totals, target)
    for row in units:  # one unit at a time, greedily
        choice: tuple[float, int, np.ndarray] | None = None
        for j in range(len(industries)):
            trial = seoul_totals.copy()
            trial[j] -= 1
            if trial[j] <= 0:
                continue
            counts, error = _fit_with_fixed_totals(row_totals, trial, target)
            if choice is None or error < choice[0] - 1e-12:
                choice = (error, j, counts)
        assert choice is not None
        best_error, j, best_counts = choice
        seoul_totals[j] -= 1
        outside_counts[row][j] += 1
    assert best_counts is not None
    result: dict[str, dict[str, int]] = {}
    for i, d in enumerate(districts):
        result[d] = {j: int(best_counts[i, k]) for k, j in enumerate(industries)}
    for row in outside_rows:
        result[row] = {j: int(outside_counts[row][k]) for k, j in enumerate(industries)}
    return MatrixFit(counts=result, sum_squared_error=best_error)


# ---------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------


def _check_mode(mode: str) -> None:
    if mode not in ("organisation", "designation"):
        raise ValueError(f"mode must be 'organisation' or 'designation', got {mode!r}")


def _counted_types(org: DemoOrganisation, as_of: date, mode: CountingMode) -> list[str]:
    valid = org.designations_on(as_of)
    if not valid:
        return []
    if mode == "organisation":
        return [valid[0].type]
    return [d.type for d in valid]


def count_by_district_type(
    registry: DemoRegistry, as_of: date, mode: CountingMode = "organisation"
) -> dict[str, dict[str, int]]:
    """The report's district table on ``as_of``: ``{row: {column: count}}``.

    Rows: the 25 districts in 가나다 order, then the 시도 outside Seoul. Columns:
    :data:`TABLE_COLUMNS`. By ``organisation`` (중복 제외) an organisation counts
    once, under its highest-precedence designation valid on ``as_of``; by
    ``designation`` once under every valid designation. 사회적기업 = 인증 + 서울형
    + 지역형; 전체 = 사회적기업 + 마을기업 + 협동조합 + 자활기업.
    """
    _check_mode(mode)
    table = {name: dict.fromkeys(TABLE_COLUMNS, 0) for _, name in registry.districts}
    for region in registry.outside_regions:
        table[region] = dict.fromkeys(TABLE_COLUMNS, 0)
    for org in registry.organisations:
        kinds = _counted_types(org, as_of, mode)
        if not kinds:
            continue
        row = table.setdefault(org.row_label, dict.fromkeys(TABLE_COLUMNS, 0))
        for kind in kinds:
            row[REPORT_COLUMN[kind]] += 1
    for row in table.values():
        row["social_enterprise_total"] = (
            row["certified_se"] + row["seoul_pre_se"] + row["regional_pre_se"]
        )
        row["total"] = (
            row["social_enterprise_total"]
            + row["village_enterprise"]
            + row["cooperative"]
            + row["self_sufficiency"]
        )
    return table


def count_by_industry(
    registry: DemoRegistry, as_of: date, mode: CountingMode = "organisation"
) -> dict[str, int]:
    """Organisations (or designations) valid on ``as_of`` per industry group, report order."""
    _check_mode(mode)
    counts = dict.fromkeys(registry.industries, 0)
    for org in registry.organisations:
        counts[org.industry] = counts.get(org.industry, 0) + len(_counted_types(org, as_of, mode))
    return counts


def count_by_district_industry(
    registry: DemoRegistry,
    as_of: date,
    mode: CountingMode = "organisation",
    *,
    include_outside: bool = True,
) -> dict[str, dict[str, int]]:
    """``{row: {industry: count}}`` on ``as_of``; rows as in :func:`count_by_district_type`."""
    _check_mode(mode)
    table = {name: dict.fromkeys(registry.industries, 0) for _, name in registry.districts}
    if include_outside:
        for region in registry.outside_regions:
            table[region] = dict.fromkeys(registry.industries, 0)
    for org in registry.organisations:
        if org.outside_region and not include_outside:
            continue
        n = len(_counted_types(org, as_of, mode))
        if n:
            row = table.setdefault(org.row_label, dict.fromkeys(registry.industries, 0))
            row[org.industry] = row.get(org.industry, 0) + n
    return table


def cooperative_scale_by_district(registry: DemoRegistry, as_of: date) -> dict[str, dict[str, int]]:
    """The report's cooperative scale table on ``as_of``.

    ``{row: {"cooperatives", "social_cooperatives", "members", "capital_won"}}``:
    every organisation holding a cooperative or social cooperative designation
    valid on ``as_of``, whatever else it holds (so 967, not the 933 under 협동조합
    by organisation). Members and capital are summed over the cooperatives whose
    figures were counted on or before ``as_of`` (the demo counts them on
    2014-01-31, so an earlier date gives counts without members or capital).
    """
    table = {
        name: {"cooperatives": 0, "social_cooperatives": 0, "members": 0, "capital_won": 0}
        for _, name in registry.districts
    }
    for org in registry.organisations:
        if not org.is_cooperative_on(as_of):
            continue
        row = table.setdefault(
            org.row_label,
            {"cooperatives": 0, "social_cooperatives": 0, "members": 0, "capital_won": 0},
        )
        row["cooperatives"] += 1
        if any(d.type == "social_cooperative" and d.valid_on(as_of) for d in org.designations):
            row["social_cooperatives"] += 1
        scale = org.cooperative_scale
        if scale is not None and scale.counted_on <= as_of:
            row["members"] += scale.members
            row["capital_won"] += scale.capital_won
    return table


def aggregate(
    registry: DemoRegistry, as_of: date, mode: CountingMode = "organisation"
) -> dict[str, dict]:
    """All tables on ``as_of``: ``district_type``, ``industry``, ``district_industry``
    and ``cooperative_scale`` (the last counts by designation whatever ``mode``)."""
    return {
        "district_type": count_by_district_type(registry, as_of, mode),
        "industry": count_by_industry(registry, as_of, mode),
        "district_industry": count_by_district_industry(registry, as_of, mode),
        "cooperative_scale": cooperative_scale_by_district(registry, as_of),
    }


def _rounds_to(value: float, printed: Decimal) -> bool:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == printed


def lq_comparison(
    registry: DemoRegistry,
    as_of: date = REPORT_DATE,
    printed: Mapping[str, Mapping[str, Decimal]] | None = None,
) -> LqFit:
    """Location quotients of the records (Seoul districts, by organisation) against the report.

    LQs by :func:`bombaram.core.measures.location_quotients` over the 25 districts
    (organisations outside Seoul left out); ``printed`` defaults to the report's
    table. Cells where either side is undefined are skipped.
    """
    printed = printed if printed is not None else load_report_tables().printed_lq
    counts = count_by_district_industry(registry, as_of, "organisation", include_outside=False)
    lqs = location_quotients(counts, registry.industries)
    squares, worst, worst_cell, matching, cells = 0.0, -1.0, ("", ""), 0, 0
    for district, row in printed.items():
        for industry, value in row.items():
            lq = lqs.get(district, {}).get(industry)
            if lq is None:
                continue
            error = abs(lq - float(value))
            cells += 1
            squares += error * error
            matching += _rounds_to(lq, value)
            if error > worst:
                worst, worst_cell = error, (district, industry)
    rmse = math.sqrt(squares / cells) if cells else math.nan
    return LqFit(rmse, max(worst, 0.0), matching, cells, worst_cell)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

# Words names are made of: warm or natural words, and place words per district.
_NAME_WORDS = (
    "햇살 늘푸른 새봄 한울 다온 두레 온누리 희망 무지개 초록 들꽃 솔바람 마중물 씨앗 누리 어울림 별빛 "
    "달빛 꿈틀 아름 다솜 새싹 가온 한빛 하늘 물결 느티 징검다리 디딤돌 보듬 도담 다올 미소 이음 "
    "해맑은 나무 꽃다지 민들레 해바라기 도토리 참살이 소나무 버들 너나들이 품앗이 한마음 살림 모락 "
    "바른 고운 따순 착한 좋은 맑은 밝은 새날 새움 움틈 가람 아라 한결 여울 산들 봄날 가을빛 눈꽃 "
    "해님 구름 바람개비 오솔길 골목 마실 사랑방 동행 더불어 나란히 행복한 우리 모두의 손잡고 꿈꾸는 "
    "숲속 들녘 샘터 마루 울타리 둥지 보금자리 나눔 열매 꽃씨 한아름 노을 새벽 아침 윤슬 미리내 "
    "은하수 볕뉘 너울 푸른별 함께 다같이 한솥 소담 바라지 길벗 동무 이웃 온기 쉼표 느루 다님"
).split()

_PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "강남구": tuple("개포 대모산 양재천 수서".split()),
    "강동구": tuple("고덕 성내 천호 암사".split()),
    "강북구": tuple("삼각산 수유 미아 우이".split()),
    "강서구": tuple("개화 까치산 화곡 방화".split()),
    "관악구": tuple("신림 관악 봉천 난곡".split()),
    "광진구": tuple("아차산 자양 구의 중곡".split()),
    "구로구": tuple("오류 개봉 고척 항동".split()),
    "금천구": tuple("가산 독산 시흥 호암".split()),
    "노원구": tuple("수락 불암 공릉 상계".split()),
    "도봉구": tuple("쌍문 방학 창동 도봉".split()),
    "동대문구": tuple("장안 회기 전농 답십리".split()),
    "동작구": tuple("노들 흑석 상도 사당".split()),
    "마포구": tuple("성미산 망원 합정 연남".split()),
    "서대문구": tuple("안산 연희 홍제 북아현".split()),
    "서초구": tuple("우면산 양재 방배 서리풀".split()),
    "성동구": tuple("왕십리 뚝섬 금호 응봉".split()),
    "성북구": tuple("정릉 삼선 장위 길음".split()),
    "송파구": tuple("석촌 잠실 가락 풍납".split()),
    "양천구": tuple("목동 신정 신월 갈산".split()),
    "영등포구": tuple("선유 문래 당산 여의".split()),
    "용산구": tuple("효창 후암 이촌 남산".split()),
    "은평구": tuple("불광 북한산 녹번 갈현".split()),
    "종로구": tuple("낙산 인왕 삼청 서촌".split()),
    "중구": tuple("남산골 정동 필동 신당".split()),
    "중랑구": tuple("용마 봉화산 면목 묵동".split()),
    "경기도": tuple("고양 행주 원당".split()),
}

_INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "education": tuple(
        "배움터 공부방 교육 책놀이 배움 숲학교 글방 놀이학교 교실 에듀 진로학교 학습".split()
    ),
    "other_services": tuple(
        "서비스 컨설팅 디자인 세탁 이사 수선 여행 사진 행사 기획 통역 일터".split()
    ),
    "culture": tuple("문화 예술 공연 극단 영상 소리 미디어 책방 음악 아트 창작소 놀이문화".split()),
    "welfare": tuple(
        "돌봄 복지 케어 요양 건강 의료 활동지원 아이돌봄 노인돌봄 건강나눔 재가복지 쉼터".split()
    ),
    "food_beverage": tuple("밥상 도시락 빵 카페 반찬 떡 두부 식당 커피 푸드 국수 제과".split()),
    "farming": tuple("농장 텃밭 도시농업 농원 양봉 버섯 꽃농장 도시텃밭".split()),
    "distribution": tuple(
        "유통 장터 상회 가게 마켓 공정무역 생활재 상점 나눔장터 로컬푸드 직거래 물류".split()
    ),
    "manufacturing": tuple(
        "공방 봉제 목공 인쇄 제작소 솜씨 가죽공방 도예 수공예 비누 재봉 디자인공방".split()
    ),
    "housing_construction": tuple(
        "집수리 건축 주거 인테리어 하우징 집짓기 도배 주택 리모델링 에너지주택".split()
    ),
    "environment": tuple(
        "에코 재활용 자원순환 청소 녹색 환경 되살림 에너지 햇빛발전 업사이클 방역 녹색가게".split()
    ),
}

_ROAD_STEMS = (
    "다솜 봄내 햇빛마루 느티나무 은행골 새말 한울 가람 별마루 솔밭 물푸레 버들 꽃마을 샘골 "
    "도담 들메 아람 너른들 노을빛 새터 구름재 한마음 바람골 달맞이 해오름 모래내 돌다리 "
    "참나무 푸른숲 늘봄 온누리 미리내 여울 산수유 오동 배나무 소리개 무지개"
).split()

# Affinity of designation types for industries (report order): a self-sufficiency
# enterprise is more often in 주택건축 or 환경 (집수리, 청소), a village enterprise in
# 식음료 or 영농. Only a bias: the counts per district come from the fitted matrix.
_AFFINITY: dict[str, tuple[float, ...]] = {
    "certified_se": (1.0, 1.0, 1.0, 1.6, 1.0, 1.0, 0.8, 1.3, 1.0, 1.4),
    "seoul_pre_se": (1.0, 1.0, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1, 0.9, 1.0),
    "regional_pre_se": (1.0, 1.0, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1, 0.9, 1.0),
    "village_enterprise": (0.8, 0.7, 1.2, 0.6, 2.2, 2.5, 1.2, 1.5, 0.6, 1.0),
    "cooperative": (1.3, 1.3, 1.2, 0.8, 0.8, 0.8, 1.2, 0.8, 1.0, 0.7),
    "self_sufficiency": (0.3, 1.6, 0.2, 1.5, 1.0, 0.8, 0.8, 0.8, 2.6, 2.6),
}

# Legal forms per top designation (weights), for organisations that hold no
# cooperative designation. Pre-SEs and certified SEs may be 비영리민간단체; village
# enterprises must be corporations; only self-sufficiency enterprises are 개인사업자.
_LEGAL_FORM_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "certified_se": (
        ("주식회사", 55),
        ("사단법인", 18),
        ("유한회사", 6),
        ("사회복지법인", 6),
        ("재단법인", 3),
        ("비영리민간단체", 12),
    ),
    "seoul_pre_se": (("주식회사", 55), ("사단법인", 12), ("유한회사", 5), ("비영리민간단체", 28)),
    "regional_pre_se": (
        ("주식회사", 55),
        ("사단법인", 12),
        ("유한회사", 5),
        ("비영리민간단체", 28),
    ),
    "village_enterprise": (("주식회사", 60), ("사단법인", 25), ("유한회사", 15)),
    "self_sufficiency": (("개인사업자", 60), ("주식회사", 30), ("유한회사", 10)),
}

# Years in which designations of each type were granted (weights), within the
# programme's life before 2014-01-31: certification from November 2007, Seoul and
# regional pre-SEs from 2010, village enterprises from 2011, cooperatives under the
# 협동조합 기본법 from 2012-12-01 (social cooperatives approved from 2013).
_GRANT_YEARS: dict[str, tuple[tuple[int, int], ...]] = {
    "certified_se": (
        (2007, 2),
        (2008, 6),
        (2009, 8),
        (2010, 12),
        (2011, 18),
        (2012, 26),
        (2013, 28),
    ),
    "seoul_pre_se": ((2011, 25), (2012, 35), (2013, 40)),
    "regional_pre_se": ((2011, 25), (2012, 35), (2013, 40)),
    "village_enterprise": ((2011, 35), (2012, 35), (2013, 30)),
    "self_sufficiency": tuple((y, y - 2001) for y in range(2003, 2014)),
}
_GRANT_START: dict[str, date] = {
    "certified_se": date(2007, 11, 1),
    "seoul_pre_se": date(2011, 2, 1),
    "regional_pre_se": date(2011, 2, 1),
    "village_enterprise": date(2011, 3, 1),
    "cooperative": date(2012, 12, 3),
    "social_cooperative": date(2013, 2, 1),
    "self_sufficiency": date(2003, 1, 1),
}

_CERTIFICATE_FORMATS: dict[str, tuple[str, int]] = {
    "certified_se": ("제{year}-{n:03d}호", 4),
    "seoul_pre_se": ("서울형-{year}-{n:03d}", 2),
    "regional_pre_se": ("지역형-{year}-{n:03d}", 3),
    "village_enterprise": ("마을기업-{year}-{n:03d}", 2),
    "cooperative": ("서울협동-{year}-{n:04d}", 2),
    "social_cooperative": ("사협인가-{year}-{n:03d}", 3),
    "self_sufficiency": ("자활-{year}-{n:03d}", 2),
}

#: Ended designations: share of certified SEs granted from this date on that were
#: pre-SEs before (the pre-SE designation ends on the day the certification begins).
_GRADUATION_FROM = date(2011, 6, 1)
_GRADUATION_SHARE = 0.12
_SOCIAL_COOPERATIVE_SHARE = 0.08  # of the 967 cooperatives (the demo's choice)
_SOCIAL_WEIGHT = {"welfare": 5.0, "education": 3.0}
_CONCURRENT_SELF_SUFFICIENCY = 6  # cooperatives that are also 자활기업
_CONCURRENT_VILLAGE = 5  # certified SEs that are still 마을기업 too
_OUTSIDE_ADDRESS_PREFIX = {"경기도": "경기도 고양시 덕양구"}
_OUTSIDE_OFFICE = {"경기도": ("128", "1358")}  # (사업자 digits 1-3, 법인 digits 1-4)


@dataclass(slots=True)
class _Draft:
    """A mutable organisation while it is being made."""

    row: str
    top: str
    industry: str = ""
    cooperative_kind: str | None = None
    legal_form: str = ""
    designations: list[list] = field(default_factory=list)  # [type, granted, ended]
    founded: date | None = None
    scale: tuple[int, int] | None = None


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _weighted(rng: random.Random, options: Sequence[tuple[object, float]]) -> object:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _grant_date(rng: random.Random, kind: str) -> date:
    start = _GRANT_START[kind]
    if kind in COOPERATIVE_TYPES:
        return _random_date(rng, start, REPORT_DATE)
    year = int(_weighted(rng, _GRANT_YEARS[kind]))  # type: ignore[arg-type]
    first = max(start, date(year, 1, 1))
    last = min(REPORT_DATE, date(year, 12, 31))
    return _random_date(rng, first, last)


def _split_exact(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainders)."""
    weight_sum = sum(weights)
    shares = [total * w / weight_sum for w in weights]
    parts = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _assign_industries(rng: random.Random, drafts: list[_Draft], counts: Mapping[str, int]) -> None:
    """Give a row's organisations exactly ``counts`` industries, biased by :data:`_AFFINITY`."""
    remaining = dict(counts)
    industries = list(counts)
    order = list(range(len(drafts)))
    rng.shuffle(order)
    for index in order:
        draft = drafts[index]
        affinity = _AFFINITY["cooperative" if draft.top == "social_cooperative" else draft.top]
        weights = [remaining[j] * affinity[k] for k, j in enumerate(industries)]
        draft.industry = rng.choices(industries, weights=weights)[0]
        remaining[draft.industry] -= 1
    assert not any(remaining.values())


class _NameMaker:
    """Unique invented names: no two share a :func:`normalise_name` key."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, row: str, industry: str, legal_form: str, place_bias: float) -> str:
        rng = self.rng
        for attempt in range(400):
            if rng.random() < place_bias:
                first = rng.choice(_PLACE_WORDS.get(row, ("한강",)))
            else:
                first = rng.choice(_NAME_WORDS)
            core = first + rng.choice(_INDUSTRY_WORDS[industry])
            if attempt >= 200:  # crowded: two name words
                core = rng.choice(_NAME_WORDS) + core
            name = self._with_form(core, legal_form)
            key = normalise_name(name)
            if key not in self.used:
                self.used.add(key)
                return name
        raise RuntimeError("이름을 만들 수 없습니다")  # pragma: no cover

    def _with_form(self, core: str, legal_form: str) -> str:
        r = self.rng.random()
        if legal_form == "주식회사":
            return (
                f"(주){core}"
                if r < 0.45
                else f"주식회사 {core}"
                if r < 0.75
                else f"{core} 주식회사"
            )
        if legal_form == "유한회사":
            return f"(유){core}" if r < 0.7 else f"{core} 유한회사"
        if legal_form == "사단법인":
            return f"(사){core}" if r < 0.6 else f"사단법인 {core}"
        if legal_form in ("재단법인", "사회복지법인"):
            return f"{legal_form} {core}"
        if legal_form == "협동조합":
            return f"{core} 협동조합" if r < 0.6 else f"{core}협동조합"
        if legal_form == "사회적협동조합":
            return f"{core} 사회적협동조합" if r < 0.6 else f"사회적협동조합 {core}"
        if legal_form == "비영리민간단체":
            return core + self.rng.choice(("", "센터", "모임", "연대", "네트워크", "공동체"))
        return core


def _address(rng: random.Random, row: str, roads: Sequence[str]) -> str:
    prefix = _OUTSIDE_ADDRESS_PREFIX.get(row, f"{_SEOUL} {row}")
    road = rng.choice(roads)
    number = rng.randint(1, 180)
    if rng.random() < 0.55:
        street = f"{road}로{rng.randint(1, 40)}길 {number}"
    else:
        street = f"{road}로 {number}"
    if rng.random() < 0.4:
        street += f", {rng.randint(1, 5)}층"
    return f"{prefix} {street}"


def _make_drafts(rng: random.Random, tables: ReportTables, fit: MatrixFit) -> list[_Draft]:
    """Rows' organisations with their top designation, industry and cooperative kind."""
    drafts: list[_Draft] = []
    for row in tables.rows:
        counts = tables.org_counts[row]
        row_drafts = [
            _Draft(row=row, top=kind)
            for kind in (
                "certified_se",
                "seoul_pre_se",
                "regional_pre_se",
                "village_enterprise",
                "cooperative",
                "self_sufficiency",
            )
            for _ in range(counts[kind])
        ]
        _assign_industries(rng, row_drafts, fit.counts[row])
        # Cooperatives that also hold a higher designation: the two tables' difference.
        extra = (
            tables.cooperatives[row][0] - counts["cooperative"] if row in tables.cooperatives else 0
        )
        higher = [
            d
            for d in row_drafts
            if d.top in SOCIAL_ENTERPRISE_TYPES or d.top == "village_enterprise"
        ]
        for draft in rng.sample(higher, extra):
            draft.cooperative_kind = "cooperative"
        for draft in row_drafts:
            if draft.top == "cooperative":
                draft.cooperative_kind = "cooperative"
        drafts.extend(row_drafts)
    _choose_social_cooperatives(rng, [d for d in drafts if d.cooperative_kind is not None])
    return drafts


def _choose_social_cooperatives(rng: random.Random, cooperatives: list[_Draft]) -> None:
    """Make :data:`_SOCIAL_COOPERATIVE_SHARE` of the cooperatives social cooperatives.

    A weighted sample without replacement (Efraimidis & Spirakis 2006: the k
    largest of u^(1/w)): enterprises that also hold a higher designation are the
    likeliest (a certified SE reorganised as a 사회적협동조합), then welfare and
    education cooperatives.
    """
    wanted = round(len(cooperatives) * _SOCIAL_COOPERATIVE_SHARE)
    keyed = []
    for index, draft in enumerate(cooperatives):
        weight = 8.0 if draft.top != "cooperative" else _SOCIAL_WEIGHT.get(draft.industry, 1.0)
        keyed.append((rng.random() ** (1.0 / weight), index))
    chosen = {index for _, index in sorted(keyed, reverse=True)[:wanted]}
    for index, draft in enumerate(cooperatives):
        if index in chosen:
            draft.cooperative_kind = "social_cooperative"
        if draft.top == "cooperative":
            draft.top = draft.cooperative_kind or "cooperative"


def _add_designations(rng: random.Random, drafts: list[_Draft]) -> None:
    """Grant dates, founding dates, concurrent and ended designations."""
    for draft in drafts:
        if draft.top in COOPERATIVE_TYPES:
            granted = _grant_date(rng, draft.top)
            draft.designations.append([draft.top, granted, None])
            draft.founded = granted - timedelta(days=rng.randint(20, 75))  # 창립총회
            continue
        granted = _grant_date(rng, draft.top)
        draft.designations.append([draft.top, granted, None])
        if draft.cooperative_kind is not None:  # an enterprise that became a cooperative
            coop_granted = _random_date(
                rng, max(_GRANT_START[draft.cooperative_kind], date(2013, 1, 2)), REPORT_DATE
            )
            draft.designations.append([draft.cooperative_kind, coop_granted, None])
        first = min(d[1] for d in draft.designations)
        back = rng.randint(30, 900) if draft.top == "self_sufficiency" else rng.randint(120, 2200)
        draft.founded = max(first - timedelta(days=back), date(1995, 1, 2))
        if draft.founded >= first:
            draft.founded = first - timedelta(days=30)

    # Graduations: pre-SE ended on the day the certification began (ended designations).
    eligible = [
        d for d in drafts if d.top == "certified_se" and d.designations[0][1] >= _GRADUATION_FROM
    ]
    for draft in rng.sample(eligible, round(len(eligible) * _GRADUATION_SHARE)):
        certified = draft.designations[0][1]
        kind = "seoul_pre_se" if rng.random() < 0.6 else "regional_pre_se"
        pre_granted = max(certified - timedelta(days=rng.randint(300, 900)), date(2010, 3, 2))
        draft.designations.append([kind, pre_granted, certified])
        assert draft.founded is not None
        if draft.founded >= pre_granted:
            draft.founded = pre_granted - timedelta(days=rng.randint(60, 700))

    # Concurrent lower-precedence designations (they do not change who counts where).
    general_coops = [d for d in drafts if d.top == "cooperative"]
    for draft in rng.sample(general_coops, _CONCURRENT_SELF_SUFFICIENCY):
        own = draft.designations[0][1]
        draft.designations.append(["self_sufficiency", _random_date(rng, own, REPORT_DATE), None])
    plain_certified = [
        d
        for d in drafts
        if d.top == "certified_se" and d.cooperative_kind is None and len(d.designations) == 1
    ]
    for draft in rng.sample(plain_certified, _CONCURRENT_VILLAGE):
        assert draft.founded is not None
        village = _random_date(
            rng,
            max(draft.founded + timedelta(days=1), _GRANT_START["village_enterprise"]),
            REPORT_DATE,
        )
        draft.designations.append(["village_enterprise", village, None])


def _add_cooperative_scale(rng: random.Random, drafts: list[_Draft], tables: ReportTables) -> None:
    """Members and capital per cooperative summing exactly to each district's figures.

    Members: 5 each (the legal minimum of founders) plus the rest split in
    proportion to log-normal weights; capital (in 천원 units, then won) split in
    proportion to members^0.8 × a log-normal factor. Largest remainders keep the
    sums exact.
    """
    for district, (count, members, capital_won) in tables.cooperatives.items():
        coops = [d for d in drafts if d.row == district and d.cooperative_kind is not None]
        assert len(coops) == count, district
        minimum = 5 if members >= 5 * count else 1
        spread = [
            rng.lognormvariate(0.0, 1.1)
            * (1.5 if d.cooperative_kind == "social_cooperative" else 1.0)
            for d in coops
        ]
        member_counts = [
            minimum + extra for extra in _split_exact(members - minimum * count, spread)
        ]
        capital_weights = [m**0.8 * rng.lognormvariate(0.0, 0.9) for m in member_counts]
        capital_units = _split_exact(capital_won // 1000, capital_weights)
        for draft, m, units in zip(coops, member_counts, capital_units, strict=True):
            draft.scale = (m, units * 1000)


def _certificate_numbers(rng: random.Random, drafts: list[_Draft]) -> dict[tuple[int, int], str]:
    """Certificate number of every (draft index, designation index), rising with the grant date."""
    by_series: dict[tuple[str, int], list[tuple[date, int, int]]] = {}
    for i, draft in enumerate(drafts):
        for k, (kind, granted, _ended) in enumerate(draft.designations):
            by_series.setdefault((kind, granted.year), []).append((granted, i, k))
    numbers: dict[tuple[int, int], str] = {}
    for (kind, year), items in sorted(by_series.items()):
        template, max_step = _CERTIFICATE_FORMATS[kind]
        n = rng.randint(1, 9)
        for _granted, i, k in sorted(items):
            numbers[(i, k)] = template.format(year=year, n=n)
            n += rng.randint(1, max_step)
    return numbers


def generate_seoul_2014(seed: int = 2014) -> DemoRegistry:
    """Invented organisation records whose aggregates are the 2014 report's tables.

    See the module docstring for what is reproduced and what is invented. The
    same ``seed`` gives the same registry; the district × industry matrix (and so
    the LQ fit) is the same for every seed.
    """
    tables = load_report_tables()
    fit = fit_district_industry_matrix()
    rng = random.Random(seed)
    drafts = _make_drafts(rng, tables, fit)
    for draft in drafts:
        if draft.cooperative_kind is not None:
            draft.legal_form = (
                "사회적협동조합" if draft.cooperative_kind == "social_cooperative" else "협동조합"
            )
        else:
            draft.legal_form = str(_weighted(rng, _LEGAL_FORM_WEIGHTS[draft.top]))
    _add_designations(rng, drafts)
    _seongdong_before_after(drafts)
    _add_cooperative_scale(rng, drafts, tables)
    certificates = _certificate_numbers(rng, drafts)

    codes_in_order = sorted(tables.district_codes.values())
    office = {
        name: str(101 + codes_in_order.index(code)) for name, code in tables.district_codes.items()
    }
    roads = {row: rng.sample(_ROAD_STEMS, 6) for row in tables.rows}
    names = _NameMaker(rng)
    business_numbers: set[str] = set()
    corporate_numbers: set[str] = set()
    organisations: list[DemoOrganisation] = []
    for index, draft in enumerate(drafts):
        outside = draft.row not in tables.district_codes
        middles, kind_digits = LEGAL_FORMS[draft.legal_form]
        tax_office = _OUTSIDE_OFFICE[draft.row][0] if outside else office[draft.row]
        while True:
            business_no = make_business_no(
                f"{tax_office}{rng.choice(middles)}{rng.randrange(10_000):04d}"
            )
            if business_no not in business_numbers:
                business_numbers.add(business_no)
                break
        assert draft.founded is not None
        corporate_no = None
        if kind_digits is not None:
            registry_office = _OUTSIDE_OFFICE[draft.row][1] if outside else "1101"
            serial = (draft.founded - date(1990, 1, 1)).days * 30 + rng.randrange(30)
            while True:
                corporate_no = make_corporate_no(f"{registry_office}{kind_digits}{serial:06d}")
                if corporate_no not in corporate_numbers:
                    corporate_numbers.add(corporate_no)
                    break
                serial += 1
        place_bias = 0.7 if draft.top == "village_enterprise" else 0.2
        designations = tuple(
            sorted(
                (
                    DemoDesignation(kind, granted, ended, certificates[(index, k)])
                    for k, (kind, granted, ended) in enumerate(draft.designations)
                ),
                key=lambda d: (d.granted, _PRECEDENCE[d.type]),
            )
        )
        scale = (
            CooperativeScale(draft.scale[0], draft.scale[1], REPORT_DATE)
            if draft.scale is not None
            else None
        )
        organisations.append(
            DemoOrganisation(
                id=f"demo-{index + 1:05d}",
                name=names.make(draft.row, draft.industry, draft.legal_form, place_bias),
                legal_form=draft.legal_form,
                region=draft.row if outside else _SEOUL,
                district_code=None if outside else tables.district_codes[draft.row],
                district_name=None if outside else draft.row,
                outside_region=outside,
                address=_address(rng, draft.row, roads[draft.row]),
                industry=draft.industry,
                business_no=business_no,
                corporate_no=corporate_no,
                founded=draft.founded,
                designations=designations,
                cooperative_scale=scale,
            )
        )
    registry = DemoRegistry(
        as_of=REPORT_DATE,
        seed=seed,
        organisations=tuple(organisations),
        districts=tuple((tables.district_codes[d], d) for d in tables.districts),
        outside_regions=tuple(row for row in tables.rows if row not in tables.district_codes),
        industries=tables.industries,
        lq_fit=LqFit(math.nan, math.nan, 0, 0, ("", "")),  # replaced just below
    )
    return replace(registry, lq_fit=lq_comparison(registry, REPORT_DATE))


# 성동's page of the report compares the district before its team (2012-11) and after (2013-12): social
# enterprises 6 → 12, cooperatives 6 → 19, village enterprises 4 → 5 (seongdong_before_after.csv).
SEONGDONG_NAME = "성동구"
SEONGDONG_BEFORE = date(2012, 11, 30)
SEONGDONG_AFTER = date(2013, 12, 31)
SEONGDONG_TARGETS = {"social_enterprise": (6, 12), "village_enterprise": (4, 5)}


def _seongdong_before_after(drafts: list[_Draft]) -> None:
    """Move some of 성동's grant dates so that its before/after page reproduces, where the 2014-01-31 tables
    allow: only designations of 성동's organisations, only their grant dates (before certificate numbers are
    given), and every designation valid on 2014-01-31 stays valid then (so no table of that date changes).

    Social enterprises (one SE designation, never ended): the latest granted, a cooperative's first, are
    granted in January 2014 until 12 are left on 2013-12-31; then the latest of those held on 2012-11-30 are
    granted in 2013 until 6 are left. Village enterprises: all but the latest are granted by 2012-11-30.
    Cooperatives cannot reproduce: the report's 6 before are 신협 and 생협 (not Framework Act cooperatives,
    which start on 2012-12-01), and 19 after exceeds the 16 of 성동 in the 2014-01-31 table.
    """
    mine = [d for d in drafts if d.row == SEONGDONG_NAME]

    def top(draft: _Draft, day: date) -> str | None:
        valid = [k for k, g, e in draft.designations if g <= day and (e is None or day < e)]
        if not valid:
            return None
        best = min(valid, key=lambda k: _PRECEDENCE[k])
        return "social_enterprise" if best in SOCIAL_ENTERPRISE_TYPES else best

    def counted(day: date, column: str) -> list[_Draft]:
        return [d for d in mine if top(d, day) == column]

    def movable(draft: _Draft) -> list | None:
        ses = [d for d in draft.designations if d[0] in SOCIAL_ENTERPRISE_TYPES]
        return ses[0] if len(ses) == 1 and ses[0][2] is None else None

    def regrant(draft: _Draft, designation: list, day: date) -> None:
        designation[1] = day
        assert draft.founded is not None
        draft.founded = min(draft.founded, day - timedelta(days=30))

    before, after = SEONGDONG_TARGETS["social_enterprise"]
    held = [d for d in counted(SEONGDONG_AFTER, "social_enterprise") if movable(d)]
    held.sort(key=lambda d: (not any(x[0] in COOPERATIVE_TYPES for x in d.designations), -movable(d)[1].toordinal()))
    for k, draft in enumerate(held[: max(0, len(counted(SEONGDONG_AFTER, "social_enterprise")) - after)]):
        regrant(draft, movable(draft), date(2014, 1, 6) + timedelta(days=5 * k))
    held = [d for d in counted(SEONGDONG_BEFORE, "social_enterprise") if movable(d)]
    held.sort(key=lambda d: -movable(d)[1].toordinal())
    for k, draft in enumerate(held[: max(0, len(counted(SEONGDONG_BEFORE, "social_enterprise")) - before)]):
        regrant(draft, movable(draft), date(2013, 3, 15) + timedelta(days=30 * k))
    villages = sorted((d for d in mine if d.designations[0][0] == "village_enterprise" and len(d.designations) == 1),
                      key=lambda d: d.designations[0][1])
    for k, draft in enumerate(villages[:-1]):
        if draft.designations[0][1] > SEONGDONG_BEFORE:
            regrant(draft, draft.designations[0], date(2012, 9, 1) + timedelta(days=20 * k))
