"""core.purchase.group_tallies and report_from_grouped: the report from sums grouped per supplier,
item, month and department (what the database hands over), checked by hand."""

from __future__ import annotations

import dataclasses

import pytest

from bombaram.core.measures import hhi
from bombaram.core.purchase import (
    DepartmentTally,
    Institution,
    ItemTally,
    MonthTally,
    ReportInput,
    ReportTallies,
    SupplierSummary,
    SupplierTally,
    group_tallies,
    report_from_grouped,
    report_from_tallies,
    summarise_suppliers,
)

TALLIES = ReportTallies(
    # (month, supplier, eligible, total, counted_n); A twice in January: the rows add up
    supplier_month=[(1, "A", 300, 300, 1), (1, "B", 100, 150, 1), (2, "A", 0, 50, 0), (3, "B", 200, 200, 2),
                    (1, "A", 100, 100, 1), (2, "C", 0, 80, 0)],
    # January: twelve items of 1..12 won; March: i1 200 won
    item_month=[(1, f"i{k}", k, k) for k in range(1, 13)] + [(3, "i1", 200, 200)],
    department_supplier=[("d1", "A", 400, 450, 2), ("d1", "C", 0, 80, 0), ("d2", "B", 300, 350, 3)],
    flags=[(1, "goods", True, False, True, 500, 3), (1, "goods", False, False, None, 50, 1),
           (2, "services", False, False, None, 130, 2), (3, "goods", True, True, False, 200, 2)],
    exceptions=[], not_counted=[], supplier_names={"A": "가", "B": "나", "C": "다"},
)


def test_grouping_the_tallies_by_hand():
    grouped = group_tallies(TALLIES)
    assert sorted(grouped.suppliers) == [SupplierTally("A", 400, 450, 1), SupplierTally("B", 300, 350, 1),
                                         SupplierTally("C", 0, 80, None)]
    assert sorted(grouped.items)[:2] == [ItemTally("i1", 201, 201), ItemTally("i10", 10, 10)]
    assert sorted(grouped.departments) == [DepartmentTally("d1", 400, 530, 1), DepartmentTally("d2", 300, 350, 1)]
    # January: suppliers A 400, B 100 → Σ 500, Σ² 170,000; items 1..12 → Σ 78, Σ² 650, ten largest 78 − 1 − 2
    # February: A and C without a counted purchase; March: B 200, i1 200
    assert list(grouped.months) == [MonthTally(1, 500, 2, 170_000, 78, 650, 75), MonthTally(2, 0, 0, 0, 0, 0, 0),
                                    MonthTally(3, 200, 1, 40_000, 200, 40_000, 200)]


def test_the_report_from_grouped_tallies_by_hand():
    data = ReportInput(purchases=[], earlier_supplier_ids={"B"})
    report = report_from_grouped(group_tallies(TALLIES), data, Institution(id="x", name="엑스구"), 2014)
    assert report == report_from_tallies(TALLIES, data, Institution(id="x", name="엑스구"), 2014)
    january, february, march = report.by_month[:3]
    assert january.supplier_hhi == 10_000 * 170_000 / 500**2 == 6800.0
    assert january.item_hhi == pytest.approx(10_000 * 650 / 78**2)  # 1068.4
    assert january.top10_items_share_pct == pytest.approx(75 / 78 * 100)
    assert (january.suppliers, january.new_suppliers) == (2, 1)  # A new, B bought in earlier years
    assert february.supplier_hhi is None and february.top10_items_share_pct is None and february.total_won == 130
    assert (march.supplier_hhi, march.item_hhi, march.top10_items_share_pct) == (10_000.0, 10_000.0, 100.0)
    c = report.concentration
    assert c.supplier_hhi == pytest.approx(10_000 * (400**2 + 300**2) / 700**2)  # 5102.04
    assert c.item_hhi == pytest.approx(10_000 * (201**2 + 649) / 278**2)  # i1 201, i2..i12: Σk² = 650 − 1² = 649
    assert c.top10_items_share_pct == pytest.approx((201 + sum(range(4, 13))) / 278 * 100)
    assert (c.suppliers, c.new_suppliers) == (2, 1)
    assert [(d.department, d.eligible_won, d.total_won, d.suppliers) for d in report.departments] == [
        ("d1", 400, 530, 1), ("d2", 300, 350, 1)]
    assert [(r.key, r.eligible_won, r.total_won, r.new) for r in report.by_supplier] == [
        ("A", 400, 450, True), ("B", 300, 350, False), ("C", 0, 80, True)]
    assert (report.eligible_won, report.total_won, report.indirect_won, report.not_counted_n) == (700, 880, 200, 3)


def test_the_summary_of_every_supplier_by_hand():
    # A 400 first counted in January (new), B 300 in January (bought before), C nothing counted
    summary = summarise_suppliers(group_tallies(TALLIES).suppliers, {"B"})
    assert summary == SupplierSummary(suppliers=2, eligible_won=700, square_won=400**2 + 300**2,
                                      new_by_month=(1,) + (0,) * 11)


def test_a_report_listing_the_largest_supplier_keeps_every_figure_of_all_three():
    """The page's report: ``suppliers`` holds only A, the summary counts A, B and C; every figure but
    the list equals the report of the three, and the list is its first row."""
    data = ReportInput(purchases=[], earlier_supplier_ids={"B"})
    grouped = group_tallies(TALLIES)
    a = next(s for s in grouped.suppliers if s.key == "A")
    page = report_from_grouped(
        dataclasses.replace(grouped, suppliers=[a], supplier_summary=SupplierSummary(2, 700, 250_000, (1,) + (0,) * 11)),
        data, Institution(id="x", name="엑스구"), 2014)
    full = report_from_grouped(grouped, data, Institution(id="x", name="엑스구"), 2014)
    assert page.concentration == full.concentration
    assert page.concentration.supplier_hhi == pytest.approx(10_000 * 250_000 / 700**2)
    assert (page.concentration.suppliers, page.concentration.new_suppliers) == (2, 1)
    assert page.by_supplier == full.by_supplier[:1] and page.by_supplier[0].key == "A"
    assert dataclasses.replace(page, by_supplier=()) == dataclasses.replace(full, by_supplier=())


def test_hhi_of_amounts_whose_squares_pass_64_bits_is_exact():
    """Two suppliers of 3조 and 1조 won: shares 75 % and 25 % → 5,625 + 625 = 6,250 exactly (the squares,
    9·10²⁴, would overflow int64)."""
    grouped = group_tallies(ReportTallies(
        supplier_month=[(5, "A", 3 * 10**12, 3 * 10**12, 1), (5, "B", 10**12, 10**12, 1)], item_month=[],
        department_supplier=[], flags=[], exceptions=[], not_counted=[], supplier_names={}))
    report = report_from_grouped(grouped, ReportInput(purchases=[]), Institution(id="x", name="엑스구"), 2014)
    assert report.by_month[4].supplier_hhi == 6250.0 == report.concentration.supplier_hhi
    assert hhi([3 * 10**12, 10**12], scale="percent") == pytest.approx(6250.0)


def test_total_rows_are_ordered_as_the_written_rule_says_with_ties_broken_by_label_then_key():
    # eligible ↓, total ↓, label, key — checked against Python's own sort of the same rule, over ties on
    # both sums, Korean labels and keys that compare differently as text and as numbers
    import numpy as np

    from bombaram.core.purchase.report import _total_rows

    keys = ["10", "9", "n:가게", "200", "31", "7"]
    labels = ["나눔", "나눔", "가게", "다온", "가게", "나눔"]
    eligible = [500, 500, 500, 0, 500, 900]
    total = [800, 800, 900, 100, 800, 900]
    rows = _total_rows(keys, labels, np.array(eligible, dtype=np.int64), np.array(total, dtype=np.int64), 2_900)
    expected = sorted(range(len(keys)), key=lambda i: (-eligible[i], -total[i], labels[i], keys[i]))
    assert [r.key for r in rows] == [keys[i] for i in expected] == ["7", "n:가게", "31", "10", "9", "200"]
    assert [r.share_pct for r in rows] == [e * 100 / 2_900 for e in (900, 500, 500, 500, 500, 0)]
    assert _total_rows([], [], np.array([], dtype=np.int64), np.array([], dtype=np.int64), 0) == ()
