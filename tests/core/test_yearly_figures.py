import datetime as dt

import pytest

from bombaram.core.yearly_figures import FigureRow, operating_profit_shares, wage_support_endings

ROWS = [
    FigureRow(1, "성북구", 2013, 5_000_000, dt.date(2015, 3, 1)),
    FigureRow(1, "성북구", 2012, -1, dt.date(2014, 3, 1)),     # superseded by 2013's end date
    FigureRow(2, "성북구", 2013, 0, None),                      # zero is not a profit
    FigureRow(3, "마포구", 2013, -300, dt.date(2014, 12, 31)),
    FigureRow(4, "경기도", 2013, None, dt.date(2015, 1, 1)),     # no profit reported: not counted there
    FigureRow(5, "마포구", 2013, 10, dt.date(2013, 6, 30)),      # ended before the year asked for
]


def test_operating_profit_share_per_year_among_those_reporting():
    shares = operating_profit_shares(ROWS)
    assert [(s.year, s.reporting, s.with_profit) for s in shares] == [(2012, 1, 0), (2013, 4, 2)]
    assert shares[1].share_pct == pytest.approx(2 / 4 * 100)
    assert operating_profit_shares([]) == []


def test_wage_support_endings_by_area_from_a_year():
    endings = wage_support_endings(ROWS, areas=["마포구", "성북구", "종로구"], from_year=2014)
    assert endings.years == [2014, 2015]
    assert endings.by_area == {"마포구": {2014: 1, 2015: 0}, "성북구": {2014: 0, 2015: 1}, "종로구": {2014: 0, 2015: 0},
                               "경기도": {2014: 0, 2015: 1}}
    assert endings.total == {2014: 1, 2015: 2}
