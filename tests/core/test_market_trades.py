"""core.market_trades and core.market_catalogue: the report's counting rule checked against hand calculations,
and the reading of one file row."""

from __future__ import annotations

import datetime as dt

import pytest

from bombaram.core.market_catalogue import (
    goods_code_problem,
    parse_product_cells,
    parse_trade_cells,
)
from bombaram.core.market_trades import (
    Cell,
    TradeFact,
    aggregate,
    district_year_totals,
    period_key,
    period_label_ko,
)

D = dt.date
# five trades; groups are districts A, B, C
TRADES = [
    TradeFact(D(2013, 1, 15), 100_000, "A", "A"),   # inside A: once for A
    TradeFact(D(2013, 2, 1), 250_000, "A", "B"),    # A buys from B: in A and in B
    TradeFact(D(2013, 4, 30), 40_000, "B", "C"),
    TradeFact(D(2014, 3, 31), 1_000_000, "C", "C"),
    TradeFact(D(2014, 12, 1), 5_000, "B", "A"),
]


def test_yearly_report_counts_a_trade_once_per_group_and_once_in_the_total():
    report = aggregate(TRADES, "year")
    assert report.periods == ["2013", "2014"]
    assert report.groups == ["A", "B", "C"]
    # by hand: A 2013 = trades 1, 2 → 2, 350,000; A 2014 = trade 5 → 1, 5,000
    assert report.cell("A", "2013") == Cell(2, 350_000)
    assert report.cell("A", "2014") == Cell(1, 5_000)
    # B 2013 = trades 2, 3 → 290,000; B 2014 = trade 5
    assert report.cell("B", "2013") == Cell(2, 290_000)
    assert report.cell("B", "2014") == Cell(1, 5_000)
    # C 2013 = trade 3; C 2014 = trade 4 (inside C, once)
    assert report.cell("C", "2013") == Cell(1, 40_000)
    assert report.cell("C", "2014") == Cell(1, 1_000_000)
    assert report.group_totals == {"A": Cell(3, 355_000), "B": Cell(3, 295_000), "C": Cell(2, 1_040_000)}
    # the total counts each trade once: 5 trades, 100,000 + 250,000 + 40,000 + 1,000,000 + 5,000
    assert report.total == Cell(5, 1_395_000)
    assert report.period_totals == {"2013": Cell(3, 390_000), "2014": Cell(2, 1_005_000)}
    # rows add up to more than the total when parties are in two groups (trades 2, 3, 5)
    assert sum(c.count for c in report.group_totals.values()) == 8


def test_quarterly_and_monthly_periods():
    quarters = aggregate(TRADES, "quarter")
    assert quarters.periods == ["2013-Q1", "2013-Q2", "2014-Q1", "2014-Q4"]
    assert quarters.cell("A", "2013-Q1") == Cell(2, 350_000)
    assert quarters.cell("B", "2013-Q2") == Cell(1, 40_000)
    months = aggregate(TRADES, "month")
    assert months.periods == ["2013-01", "2013-02", "2013-04", "2014-03", "2014-12"]
    assert months.cell("A", "2013-02") == Cell(1, 250_000)
    assert months.cell("C", "2013-01") == Cell()


@pytest.mark.parametrize("day, period, key, label", [
    (D(2014, 3, 31), "month", "2014-03", "2014년 3월"),
    (D(2014, 4, 1), "quarter", "2014-Q2", "2014년 2분기"),
    (D(2014, 12, 31), "quarter", "2014-Q4", "2014년 4분기"),
    (D(2014, 1, 1), "year", "2014", "2014년"),
])
def test_period_keys_and_korean_labels(day, period, key, label):
    assert period_key(day, period) == key
    assert period_label_ko(key) == label


def test_district_year_totals_take_buyer_or_seller_once():
    rows = [(t.day, t.amount_won, t.buyer_group, t.seller_group) for t in TRADES]
    assert district_year_totals(rows, "A", 2013) == Cell(2, 350_000)
    assert district_year_totals(rows, "C", 2014) == Cell(1, 1_000_000)
    assert district_year_totals(rows, "C", 2012) == Cell()


@pytest.mark.parametrize("code, ok", [("", True), ("44111503", True), ("4411150301", True), ("4411150", False),
                                      ("441115030", False), ("44111５03", False), ("abcdefgh", False)])
def test_goods_code_has_8_or_10_ascii_digits(code, ok):
    assert (goods_code_problem(code) is None) is ok


def test_product_row_errors_name_their_column():
    row, errors = parse_product_cells({"organisation_id": "x", "name": "", "category": "가구", "unit": "개",
                                       "price_won": "-5", "goods_code": "123", "active": "글쎄"})
    assert row is None
    assert set(errors) == {"organisation_id", "name", "category", "price_won", "goods_code", "active"}
    assert "0원 이상" in errors["price_won"]
    row, errors = parse_product_cells({"organisation_id": "#12", "name": "도시락", "category": "물품", "unit": "개",
                                       "price_won": "8,000", "goods_code": "50192101", "delivers_in_district": "아니오"})
    assert errors == {}
    assert (row.organisation_id, row.category, row.price_won, row.delivers_in_district, row.active) == (
        12, "goods", 8000, False, True)


def test_trade_row_refuses_a_trade_with_itself_and_a_month_only_date():
    row, errors = parse_trade_cells({"date": "2014-03", "seller_id": "3", "buyer_id": "3", "item": "쌀",
                                     "amount_won": "1.5"})
    assert row is None
    assert set(errors) == {"date", "buyer_id", "amount_won"}
    row, errors = parse_trade_cells({"date": "2014.3.5", "seller_id": "3", "buyer_id": "4", "item": "쌀",
                                     "amount_won": "12만원"})
    assert errors == {} and (row.date, row.amount_won) == (D(2014, 3, 5), 120_000)
