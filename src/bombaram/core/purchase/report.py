"""The annual performance report (Art. 7): tallies of the purchases and the report computed from them.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import Any, NamedTuple

import numpy as np

from bombaram.core.purchase.codes import CATEGORY_LABELS, EXCEPTION_REASONS, EXCEPTION_SHORT_LABELS
from bombaram.core.purchase.exceptions import validate_exception
from bombaram.core.purchase.records import DepartmentPlan, Institution, PurchaseRecord, ReportInput


@dataclass(frozen=True, slots=True)
class DepartmentPerformance:
    """One department's row of the annual report.

    ``exceptions``: count by Art. 10 reason code (all six keys);
    ``exceptions_justified``: how many of them pass :func:`validate_exception`;
    ``suppliers``: distinct suppliers of its counted purchases;
    ``plan_days_late``: max(0, submitted − due) in days, None if not submitted.
    """

    department: str
    name: str
    target_won: int | None
    planned_won: int
    eligible_won: int
    total_won: int
    achievement_pct: float | None
    plan_achievement_pct: float | None
    plan_due_on: date | None
    plan_submitted_on: date | None
    plan_days_late: int | None
    exceptions: dict[int, int]
    exceptions_justified: int
    suppliers: int


@dataclass(frozen=True, slots=True)
class TotalRow:
    """Eligible and total amounts of one item, category or supplier.

    ``share_pct``: eligible_won / institution eligible × 100. For suppliers,
    ``new`` tells whether it is absent from the earlier years' set.
    """

    key: str
    label: str
    eligible_won: int
    total_won: int
    share_pct: float | None
    new: bool | None = None


@dataclass(frozen=True, slots=True)
class ExceptionSummary:
    """Art. 10 exceptions of one reason: count, how many justified, amount."""

    code: int
    label: str
    count: int
    justified: int
    amount_won: int


@dataclass(frozen=True, slots=True)
class Concentration:
    """편중성 measures of the eligible amounts (see :func:`annual_report`)."""

    supplier_hhi: float | None
    item_hhi: float | None
    top10_items_share_pct: float | None
    suppliers: int
    new_suppliers: int


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month: amounts and the same concentration measures as the year."""

    month: int
    eligible_won: int
    total_won: int
    supplier_hhi: float | None
    item_hhi: float | None
    top10_items_share_pct: float | None
    suppliers: int
    new_suppliers: int


@dataclass(frozen=True, slots=True)
class PerformanceReport:
    """The Art. 7 구매실적서 of one institution and year. ``as_dict()`` gives JSON."""

    institution: str
    institution_id: str
    year: int
    target_won: int | None
    planned_won: int
    eligible_won: int
    total_won: int
    achievement_pct: float | None
    plan_achievement_pct: float | None
    counted_share_pct: float | None
    direct_eligible_won: int
    direct_share_pct: float | None
    indirect_won: int
    in_district_won: int
    in_district_share_pct: float | None
    departments: tuple[DepartmentPerformance, ...]
    by_item: tuple[TotalRow, ...]
    by_category: tuple[TotalRow, ...]
    by_supplier: tuple[TotalRow, ...]
    exceptions: tuple[ExceptionSummary, ...]
    by_month: tuple[MonthRow, ...]
    concentration: Concentration
    not_counted: tuple[NotCounted, ...]
    not_counted_n: int = 0
    not_counted_won: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO strings, codes as strings, dict keys as strings."""
        result = _jsonable(asdict(self))
        assert isinstance(result, dict)
        return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a NamedTuple record
        return _jsonable(value._asdict())
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _pct(numerator: int | float, denominator: int | float | None) -> float | None:
    if not denominator:
        return None
    return numerator * 100 / denominator


def _factorise(values: list[Any]) -> tuple[list[Any], np.ndarray]:
    """Distinct values in first-seen order, and each value's index into them."""
    uniques = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(uniques)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return uniques, codes


def _sum_by(codes: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums of ``weights`` grouped by ``codes`` (0..size-1)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, codes, weights)
    return out


def _distinct_per_group(
    groups: np.ndarray, members: np.ndarray, n_groups: int, n_members: int
) -> np.ndarray:
    """Number of distinct members per group (pairs given as two code arrays)."""
    if n_groups == 0:
        return np.zeros(0, dtype=np.int64)
    keys = groups * max(n_members, 1) + members
    if n_groups * n_members <= max(1 << 22, 4 * keys.size):
        seen = np.zeros(n_groups * max(n_members, 1), dtype=bool)
        seen[keys] = True
        return seen.reshape(n_groups, max(n_members, 1)).sum(axis=1)
    distinct = np.unique(keys)
    return np.bincount(distinct // n_members, minlength=n_groups)


_TRISTATE = {True: 1, False: 0, None: -1}
_DATE = attrgetter("purchased_on")
_AMOUNT = attrgetter("amount_won")
_COUNTED = attrgetter("counted")
_INDIRECT = attrgetter("indirect")
_IN_DISTRICT = attrgetter("in_district")
_DEPARTMENT = attrgetter("department")
_SUPPLIER = attrgetter("supplier_id")
_ITEM = attrgetter("item")
_CATEGORY = attrgetter("category")
_EXCEPTION = attrgetter("exception_code")


@dataclass(frozen=True, slots=True)
class ExceptionEntry:
    """One Art. 10 exception as the report reads it."""

    department: str
    code: int
    justification: str
    amount_won: int


class NotCounted(NamedTuple):
    """A purchase that did not count, as the report lists it (a light record: a year can hold
    hundreds of thousands)."""

    id: str
    purchased_on: date
    department: str
    supplier_id: str
    supplier_name: str
    item: str
    category: str
    amount_won: int
    reason_code: str | None
    reason: str | None


def not_counted_entry(purchase: PurchaseRecord) -> NotCounted:
    """The report's entry for a purchase that did not count."""
    return NotCounted(purchase.id, purchase.purchased_on, purchase.department, purchase.supplier_id,
                      purchase.supplier_name, purchase.item, purchase.category, purchase.amount_won,
                      purchase.reason_code, purchase.reason)


@dataclass(frozen=True, slots=True)
class ReportTallies:
    """The year's purchases summed along the dimensions the annual report needs.

    Every figure of :class:`PerformanceReport` is a sum over one of these
    groupings, so a database can keep them up to date as purchases are recorded
    and hand them over without reading a million rows. Rows (all amounts in won;
    ``counted_n`` = number of counted purchases):

    * ``supplier_month``: (month 1-12, supplier key, eligible, total, counted_n);
    * ``item_month``: (month, item, eligible, total);
    * ``department_supplier``: (department code, supplier key, eligible, total, counted_n);
    * ``flags``: (month, category, counted, indirect, in_district (True/False/None), total, number
      of purchases);
    * ``exceptions``: every Art. 10 exception; ``not_counted``: every purchase
      not counted (:class:`NotCounted`), or the first of them by date;
    * ``supplier_names``: the name shown for each supplier key.

    A key may appear in several rows of one grouping; they are added up.
    """

    supplier_month: Sequence[tuple[int, str, int, int, int]]
    item_month: Sequence[tuple[int, str, int, int]]
    department_supplier: Sequence[tuple[str, str, int, int, int]]
    flags: Sequence[tuple[int, str, bool, bool, bool | None, int, int]]
    exceptions: Sequence[ExceptionEntry]
    not_counted: Sequence[NotCounted]
    supplier_names: Mapping[str, str]


def _group_rows(keys: list[np.ndarray], weights: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Distinct combinations of integer ``keys`` and the sum of each weight per combination."""
    stacked = np.stack(keys, axis=1) if keys[0].size else np.zeros((0, len(keys)), dtype=np.int64)
    uniques, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    return uniques, [_sum_by(inverse, w, len(uniques)) for w in weights]


def tally(purchases: Sequence[PurchaseRecord], year: int) -> ReportTallies:
    """Sum ``purchases`` of ``year`` into :class:`ReportTallies` (the grouping
    a database keeps; see :func:`report_from_tallies`).

    Formula: group sums of amount (total) and amount × counted (eligible) per
    (month, supplier), (month, item), (department, supplier) and (month,
    category, counted, indirect, in_district); counted_n = Σ counted. A
    purchase outside ``year`` raises ValueError. Cost: one pass per field,
    then numpy grouping.
    """
    if not isinstance(purchases, list | tuple):
        purchases = list(purchases)
    n = len(purchases)
    ordinals = np.fromiter(map(date.toordinal, map(_DATE, purchases)), dtype=np.int64, count=n)
    outside = np.flatnonzero(
        (ordinals < date(year, 1, 1).toordinal()) | (ordinals >= date(year + 1, 1, 1).toordinal())
    )
    if outside.size:
        first = purchases[int(outside[0])]
        raise ValueError(
            f"{year}년 보고서에 다른 해의 구매가 들어 있습니다: {first.id} ({first.purchased_on})"
        )
    month_starts = np.array([date(year, m, 1).toordinal() for m in range(1, 13)])
    month = np.searchsorted(month_starts, ordinals, side="right")  # 1..12
    amount = np.fromiter(map(_AMOUNT, purchases), dtype=np.int64, count=n)
    counted = np.fromiter(map(_COUNTED, purchases), dtype=np.bool_, count=n)
    indirect = np.fromiter(map(_INDIRECT, purchases), dtype=np.int64, count=n)
    in_district = np.fromiter(
        map(_TRISTATE.__getitem__, map(_IN_DISTRICT, purchases)), dtype=np.int64, count=n
    )
    eligible = np.where(counted, amount, 0)
    counted_n = counted.astype(np.int64)
    supplier_keys = list(map(_SUPPLIER, purchases))
    suppliers, supplier_code = _factorise(supplier_keys)
    items, item_code = _factorise(list(map(_ITEM, purchases)))
    departments, dept_code = _factorise(list(map(_DEPARTMENT, purchases)))
    categories, category_code = _factorise(list(map(_CATEGORY, purchases)))

    keys, (e, t, c) = _group_rows([month, supplier_code], [eligible, amount, counted_n])
    supplier_month = [
        (m, suppliers[s], ei, ti, ci)
        for (m, s), ei, ti, ci in zip(keys.tolist(), e.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    keys, (e, t) = _group_rows([month, item_code], [eligible, amount])
    item_month = [(m, items[i], ei, ti) for (m, i), ei, ti in zip(keys.tolist(), e.tolist(), t.tolist(), strict=True)]
    keys, (e, t, c) = _group_rows([dept_code, supplier_code], [eligible, amount, counted_n])
    department_supplier = [
        (departments[d], suppliers[s], ei, ti, ci)
        for (d, s), ei, ti, ci in zip(keys.tolist(), e.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    keys, (t, c) = _group_rows(
        [month, category_code, counted_n, indirect, in_district], [amount, np.ones(n, dtype=np.int64)]
    )
    from_tristate = {1: True, 0: False, -1: None}
    flags = [
        (m, categories[k], bool(ci), bool(ii), from_tristate[d], ti, ni)
        for (m, k, ci, ii, d), ti, ni in zip(keys.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    exceptions = [
        ExceptionEntry(p.department, int(p.exception_code), p.exception_justification, p.amount_won)
        for p in purchases
        if p.exception_code is not None
    ]
    last_row = dict(zip(supplier_keys, range(n), strict=True))
    return ReportTallies(
        supplier_month=supplier_month,
        item_month=item_month,
        department_supplier=department_supplier,
        flags=flags,
        exceptions=exceptions,
        not_counted=[not_counted_entry(purchases[i]) for i in np.flatnonzero(~counted).tolist()],
        supplier_names={s: purchases[last_row[s]].supplier_name for s in suppliers},
    )


def annual_report(data: ReportInput, institution: Institution, year: int) -> PerformanceReport:
    """The annual 사회적경제제품 구매실적서 (Art. 7 ① 1 품목별 구매금액 및 구매실적,
    2 구매계획 대비 구매실적) with the monitoring the report asks for.

    Definitions (all amounts in won, over the purchases of ``year``; a purchase
    of another year raises ValueError):

    * total_won = Σ amount of all recorded purchases; eligible_won = Σ amount of
      counted purchases (``counted`` True).
    * achievement_pct = eligible / target × 100 (None without a target);
      plan_achievement_pct = eligible / planned × 100 (Art. 7 ① 2).
    * counted_share_pct = eligible / total × 100; direct_share_pct =
      (eligible − eligible indirect) / total × 100, beside it; in_district_share_pct
      = eligible of 관내기업 / eligible × 100.
    * departments: the same per department (every department with a purchase, a
      target or a plan; ordered by name), exceptions by reason, justified count,
      distinct counted suppliers, plan dates and days late.
    * by_item, by_supplier: ordered by eligible amount, then total, then name
      (:func:`report_from_grouped`'s by_supplier: the suppliers its tallies list);
      by_category in the order 물품, 용역, 공사, then any other code.
    * exceptions: Art. 10 records by reason code 1-6.
    * concentration (편중성; the report: "10개 내외의 물품종류가 상당한 금액 차지"),
      over the eligible amounts of the year and of each month:
      HHI = Σ (100 · xᵢ / Σx)² over suppliers (``supplier_hhi``) and over items
      (``item_hhi``), 0-10,000 with shares in percent, the scale of the U.S.
      DOJ/FTC Horizontal Merger Guidelines (2010, §5.3) (:func:`bombaram.core.measures.hhi`),
      computed as 10,000 · Σxᵢ² / (Σx)² from exact integer sums; top10_items_share_pct = the ten largest
      items' share of the eligible amount (CR₁₀ × 100); suppliers = distinct
      suppliers with a counted purchase; new_suppliers = those not in
      ``earlier_supplier_ids``. A month's new_suppliers counts the new suppliers
      whose first counted purchase of the year falls in that month, so the
      months add up to the year. Measures of a month without eligible amount
      are None.
    * not_counted: the purchases not counted, by date then id (numerically), with their reasons
      (``tallies.not_counted`` may hold only the first of them: a page lists a
      few hundred); not_counted_n and not_counted_won count and sum all of them.

    Computed as :func:`report_from_tallies` of :func:`tally` (``data.purchases``).
    """
    return report_from_tallies(tally(data.purchases, year), data, institution, year)


class SupplierTally(NamedTuple):
    """One supplier's year: eligible and total won, and the first month (1-12) with a counted
    purchase (None if none counted)."""

    key: str
    eligible_won: int
    total_won: int
    first_counted_month: int | None


class ItemTally(NamedTuple):
    """One item's year: eligible and total won."""

    key: str
    eligible_won: int
    total_won: int


class MonthTally(NamedTuple):
    """One month's concentration inputs, over the (supplier, month) and (item, month) sums.

    ``suppliers``: suppliers with a counted purchase in the month; ``supplier_square_won``:
    Σ over suppliers of (the supplier's eligible won in the month)²; ``item_eligible_won``,
    ``item_square_won``: Σ and Σ² over the items' eligible won of the month;
    ``top10_items_won``: the sum of the ten largest of them (all of them if ten or fewer).
    """

    month: int
    eligible_won: int
    suppliers: int
    supplier_square_won: int
    item_eligible_won: int
    item_square_won: int
    top10_items_won: int


class SupplierSummary(NamedTuple):
    """Every supplier of the year in four figures, for a report that lists only the largest
    (:attr:`GroupedTallies.supplier_summary`): ``suppliers``, those with a counted purchase;
    ``eligible_won`` and ``square_won``, Σ and Σ² over every supplier's eligible won of the year;
    ``new_by_month``, twelve counts of the suppliers not in the earlier years' whose first counted
    purchase of the year falls in that month. :func:`summarise_suppliers` computes it from the list."""

    suppliers: int
    eligible_won: int
    square_won: int
    new_by_month: tuple[int, ...]


def summarise_suppliers(suppliers: Sequence[SupplierTally], earlier: Set[str]) -> SupplierSummary:
    """The :class:`SupplierSummary` of every supplier of the year (``earlier``: the keys of the
    suppliers with a counted purchase in an earlier year)."""
    new_by_month = [0] * 12  # a new supplier counts in the month of its first counted purchase of the year
    counted = 0
    for s in suppliers:
        if s.first_counted_month is not None:
            counted += 1
            new_by_month[s.first_counted_month - 1] += s.key not in earlier
    amounts = [s.eligible_won for s in suppliers]
    return SupplierSummary(counted, sum(amounts), _square_sum(amounts), tuple(new_by_month))


class DepartmentTally(NamedTuple):
    """One department's year: eligible and total won, distinct suppliers with a counted purchase."""

    department: str
    eligible_won: int
    total_won: int
    suppliers: int


@dataclass(frozen=True, slots=True)
class GroupedTallies:
    """The year's sums grouped as far as the report's figures need, so that a database can do the
    grouping and hand over a few thousand rows (:func:`group_tallies` does the same in Python).

    * ``suppliers``: one :class:`SupplierTally` per supplier key (the year, not per month);
    * ``items``: one :class:`ItemTally` per item;
    * ``months``: a :class:`MonthTally` per month that has supplier or item sums (others are zero);
    * ``departments``: one :class:`DepartmentTally` per department with purchases;
    * ``flags``, ``exceptions``, ``not_counted``, ``supplier_names``: as in :class:`ReportTallies`;
    * ``supplier_summary``: None when ``suppliers`` holds every supplier. A page shows a few of tens
      of thousands: ``suppliers`` may then hold only the largest by eligible won, then total won (none
      left out that ties with the last one listed on both), and the summary counts them all.
    """

    suppliers: Sequence[SupplierTally]
    items: Sequence[ItemTally]
    months: Sequence[MonthTally]
    departments: Sequence[DepartmentTally]
    flags: Sequence[tuple[int, str, bool, bool, bool | None, int, int]]
    exceptions: Sequence[ExceptionEntry]
    not_counted: Sequence[NotCounted]
    supplier_names: Mapping[str, str]
    supplier_summary: SupplierSummary | None = None


def _square_sum(values: Sequence[int]) -> int:
    """Σ v² in Python integers (exact: a square of a year's won overflows int64)."""
    return sum(v * v for v in values)


def _hhi(square_sum: int, total: int) -> float | None:
    """HHI on the 0-10,000 scale from exact sums: 10,000 · Σxᵢ² / (Σxᵢ)², which equals Σ (100 · xᵢ / Σx)²
    (:func:`bombaram.core.measures.hhi` with ``scale="percent"``); None when Σx = 0. Python divides the
    two integers correctly rounded, so the figure does not depend on the order of the xᵢ or on who
    summed them (this module or a database)."""
    if not total:
        return None
    return 10_000 * square_sum / (total * total)


def _top10_share(top10: int, total: int) -> float | None:
    """CR₁₀ × 100 from the sum of the ten largest amounts and the sum of all (None when Σ = 0)."""
    return None if not total else top10 / total * 100


def group_tallies(tallies: ReportTallies) -> GroupedTallies:
    """:class:`ReportTallies` grouped into :class:`GroupedTallies` (what
    ``procurement.reports.grouped_tallies`` asks the database for).

    Formula: per supplier and per item, Σ of eligible and total over the months; a supplier's first
    counted month = min month with counted_n > 0; per month, Σ eligible, number of suppliers with
    counted_n > 0, Σ (Σ eligible per supplier)², the same over items and the ten largest items' Σ;
    per department, Σ eligible, Σ total and the distinct suppliers with counted_n > 0.
    """
    suppliers: dict[str, list[Any]] = {}
    month_supplier: dict[tuple[int, str], list[int]] = {}
    for month, supplier, eligible, total, counted_n in tallies.supplier_month:
        row = suppliers.setdefault(supplier, [0, 0, None])
        row[0] += eligible
        row[1] += total
        if counted_n and (row[2] is None or month < row[2]):
            row[2] = month
        cell = month_supplier.setdefault((month, supplier), [0, 0])
        cell[0] += eligible
        cell[1] += counted_n
    items: dict[str, list[int]] = {}
    month_item: dict[tuple[int, str], int] = {}
    for month, item, eligible, total in tallies.item_month:
        row = items.setdefault(item, [0, 0])
        row[0] += eligible
        row[1] += total
        month_item[month, item] = month_item.get((month, item), 0) + eligible
    by_month: dict[int, tuple[list[int], list[int], list[int]]] = {}  # eligible per supplier, counted_n, per item
    for (month, _supplier), (eligible, counted_n) in month_supplier.items():
        amounts, counts, _items = by_month.setdefault(month, ([], [], []))
        amounts.append(eligible)
        counts.append(counted_n)
    for (month, _item), eligible in month_item.items():
        by_month.setdefault(month, ([], [], []))[2].append(eligible)
    months = [
        MonthTally(
            month=month,
            eligible_won=sum(amounts),
            suppliers=sum(1 for c in counts if c),
            supplier_square_won=_square_sum(amounts),
            item_eligible_won=sum(item_amounts),
            item_square_won=_square_sum(item_amounts),
            top10_items_won=sum(sorted(item_amounts, reverse=True)[:10]),
        )
        for month, (amounts, counts, item_amounts) in sorted(by_month.items())
    ]
    departments: dict[str, list[int]] = {}
    department_suppliers: dict[str, set[str]] = {}
    for department, supplier, eligible, total, counted_n in tallies.department_supplier:
        row = departments.setdefault(department, [0, 0])
        row[0] += eligible
        row[1] += total
        found = department_suppliers.setdefault(department, set())
        if counted_n:
            found.add(supplier)
    return GroupedTallies(
        suppliers=[SupplierTally(k, e, t, first) for k, (e, t, first) in suppliers.items()],
        items=[ItemTally(k, e, t) for k, (e, t) in items.items()],
        months=months,
        departments=[DepartmentTally(k, e, t, len(department_suppliers[k])) for k, (e, t) in departments.items()],
        flags=tallies.flags,
        exceptions=tallies.exceptions,
        not_counted=tallies.not_counted,
        supplier_names=tallies.supplier_names,
    )


def report_from_tallies(
    tallies: ReportTallies, data: ReportInput, institution: Institution, year: int
) -> PerformanceReport:
    """The report of :func:`annual_report` from the year's tallies (``data.purchases``
    is not read; targets, plans, earlier suppliers and names come from ``data``).

    Same definitions as :func:`annual_report`: :func:`report_from_grouped` of :func:`group_tallies`.
    """
    return report_from_grouped(group_tallies(tallies), data, institution, year)


def report_from_grouped(
    grouped: GroupedTallies, data: ReportInput, institution: Institution, year: int
) -> PerformanceReport:
    """The report of :func:`annual_report` from the year's grouped tallies (``data.purchases`` is
    not read). Same definitions as :func:`annual_report`; HHI = 10,000 · Σxᵢ² / (Σx)² and CR₁₀ from
    exact integer sums (:func:`_hhi`), so the report is the same whoever grouped the sums.
    """
    # Suppliers and items over the year.
    suppliers = [s.key for s in grouped.suppliers]
    sup_eligible = np.array([s.eligible_won for s in grouped.suppliers], dtype=np.int64)
    sup_total = np.array([s.total_won for s in grouped.suppliers], dtype=np.int64)
    items = [i.key for i in grouped.items]
    item_eligible = np.array([i.eligible_won for i in grouped.items], dtype=np.int64)
    item_total = np.array([i.total_won for i in grouped.items], dtype=np.int64)

    # Months, categories and flags.
    month_total = [0] * 12
    cat_eligible: dict[str, int] = {}
    cat_total: dict[str, int] = {}
    total_won = eligible_won = indirect_won = in_district_won = not_counted_won = not_counted_n = 0
    for month, category, counted, indirect, in_district, amount, count in grouped.flags:
        month_total[month - 1] += amount
        if not counted:
            not_counted_won += amount
            not_counted_n += count
        cat_total[category] = cat_total.get(category, 0) + amount
        cat_eligible.setdefault(category, 0)
        total_won += amount
        if counted:
            cat_eligible[category] += amount
            eligible_won += amount
            indirect_won += amount if indirect else 0
            in_district_won += amount if in_district else 0
    planned_won = sum(p.planned_won for p in data.plans)

    # Exceptions (rare).
    exc_count = dict.fromkeys(EXCEPTION_REASONS, 0)
    exc_justified = dict.fromkeys(EXCEPTION_REASONS, 0)
    exc_amount = dict.fromkeys(EXCEPTION_REASONS, 0)
    dept_exc: dict[str, dict[int, int]] = {}
    dept_exc_justified: dict[str, int] = {}
    for entry in grouped.exceptions:
        ok = not validate_exception(entry.code, entry.justification)
        exc_count[entry.code] += 1
        exc_justified[entry.code] += ok
        exc_amount[entry.code] += entry.amount_won
        dept_exc.setdefault(entry.department, dict.fromkeys(EXCEPTION_REASONS, 0))[entry.code] += 1
        dept_exc_justified[entry.department] = dept_exc_justified.get(entry.department, 0) + ok

    # Departments: those with purchases, then any with only a target or a plan.
    plans: dict[str, DepartmentPlan] = {}
    for plan in data.plans:
        if plan.department in plans:
            raise ValueError(f"부서별 구매계획은 하나여야 합니다: {plan.department}")
        plans[plan.department] = plan
    dept_total: dict[str, int] = {}
    dept_eligible: dict[str, int] = {}
    dept_suppliers: dict[str, int] = {}
    for d in grouped.departments:
        dept_total[d.department] = dept_total.get(d.department, 0) + d.total_won
        dept_eligible[d.department] = dept_eligible.get(d.department, 0) + d.eligible_won
        dept_suppliers[d.department] = dept_suppliers.get(d.department, 0) + d.suppliers
    all_departments = list(dict.fromkeys([*dept_total, *data.department_targets, *plans]))
    department_rows = []
    for key in all_departments:
        d_eligible = dept_eligible.get(key, 0)
        target = data.department_targets.get(key)
        plan = plans.get(key)
        late = None
        if plan is not None and plan.submitted_on is not None:
            late = max(0, (plan.submitted_on - plan.due_on).days)
        department_rows.append(
            DepartmentPerformance(
                department=key,
                name=data.department_names.get(key, key),
                target_won=target,
                planned_won=plan.planned_won if plan else 0,
                eligible_won=d_eligible,
                total_won=dept_total.get(key, 0),
                achievement_pct=_pct(d_eligible, target),
                plan_achievement_pct=_pct(d_eligible, plan.planned_won if plan else None),
                plan_due_on=plan.due_on if plan else None,
                plan_submitted_on=plan.submitted_on if plan else None,
                plan_days_late=late,
                exceptions=dept_exc.get(key, dict.fromkeys(EXCEPTION_REASONS, 0)),
                exceptions_justified=dept_exc_justified.get(key, 0),
                suppliers=dept_suppliers.get(key, 0),
            )
        )
    department_rows.sort(key=lambda r: (r.name, r.department))

    by_item = _total_rows(items, items, item_eligible, item_total, eligible_won)
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    by_category = tuple(
        TotalRow(
            key=str(c),
            label=CATEGORY_LABELS.get(c, str(c)),
            eligible_won=cat_eligible[c],
            total_won=cat_total[c],
            share_pct=_pct(cat_eligible[c], eligible_won),
        )
        for c in sorted(cat_total, key=lambda c: (order.get(c, 99), c))
    )
    names = [grouped.supplier_names.get(s, s) for s in suppliers]
    earlier = data.earlier_supplier_ids
    is_new = [s not in earlier for s in suppliers]
    by_supplier = _total_rows(suppliers, names, sup_eligible, sup_total, eligible_won, is_new)
    summary = grouped.supplier_summary or summarise_suppliers(grouped.suppliers, earlier)
    new_by_month = summary.new_by_month
    empty = MonthTally(0, 0, 0, 0, 0, 0, 0)
    months = {m.month: m for m in grouped.months}
    by_month = []
    for m in range(1, 13):
        tally_m = months.get(m, empty)
        by_month.append(
            MonthRow(
                month=m,
                eligible_won=tally_m.eligible_won,
                total_won=month_total[m - 1],
                supplier_hhi=_hhi(tally_m.supplier_square_won, tally_m.eligible_won),
                item_hhi=_hhi(tally_m.item_square_won, tally_m.item_eligible_won),
                top10_items_share_pct=_top10_share(tally_m.top10_items_won, tally_m.item_eligible_won),
                suppliers=tally_m.suppliers,
                new_suppliers=new_by_month[m - 1],
            )
        )
    item_eligible_list = item_eligible.tolist()
    item_eligible_sum = sum(item_eligible_list)
    concentration = Concentration(
        supplier_hhi=_hhi(summary.square_won, summary.eligible_won),
        item_hhi=_hhi(_square_sum(item_eligible_list), item_eligible_sum),
        top10_items_share_pct=_top10_share(sum(sorted(item_eligible_list, reverse=True)[:10]), item_eligible_sum),
        suppliers=summary.suppliers,
        new_suppliers=sum(new_by_month),
    )
    # by date, then by id as a number (a database's ids: "818" before "1142", as the page's first ones are
    # chosen by ``ORDER BY purchased_on, id``); a shorter id string is a smaller number
    not_counted = sorted(grouped.not_counted, key=lambda p: (p.purchased_on, len(p.id), p.id))
    target = data.target_won
    return PerformanceReport(
        institution=institution.name,
        institution_id=institution.id,
        year=year,
        target_won=target,
        planned_won=planned_won,
        eligible_won=eligible_won,
        total_won=total_won,
        achievement_pct=_pct(eligible_won, target),
        plan_achievement_pct=_pct(eligible_won, planned_won),
        counted_share_pct=_pct(eligible_won, total_won),
        direct_eligible_won=eligible_won - indirect_won,
        direct_share_pct=_pct(eligible_won - indirect_won, total_won),
        indirect_won=indirect_won,
        in_district_won=in_district_won,
        in_district_share_pct=_pct(in_district_won, eligible_won),
        departments=tuple(department_rows),
        by_item=by_item,
        by_category=by_category,
        by_supplier=by_supplier,
        exceptions=tuple(
            ExceptionSummary(
                code=code,
                label=EXCEPTION_SHORT_LABELS[code],
                count=exc_count[code],
                justified=exc_justified[code],
                amount_won=exc_amount[code],
            )
            for code in EXCEPTION_REASONS
        ),
        by_month=tuple(by_month),
        concentration=concentration,
        not_counted=tuple(not_counted),
        not_counted_n=not_counted_n,
        not_counted_won=not_counted_won,
    )


def _total_rows(
    keys: list[Any],
    labels: list[str],
    eligible: np.ndarray,
    total: np.ndarray,
    eligible_won: int,
    new: list[bool] | None = None,
) -> tuple[TotalRow, ...]:
    eligible_list = eligible.tolist()
    total_list = total.tolist()
    if not keys:
        return ()
    texts = [str(k) for k in keys]
    # eligible ↓, total ↓, label, key: lexsort's last key sorts first; numpy orders text by code
    # point as Python does, and sorts tens of thousands of suppliers without a Python key per row
    order = np.lexsort((np.array(texts), np.array(labels), -total, -eligible)).tolist()
    return tuple(
        TotalRow(texts[i], labels[i], eligible_list[i], total_list[i], _pct(eligible_list[i], eligible_won),
                 None if new is None else new[i])
        for i in order
    )
