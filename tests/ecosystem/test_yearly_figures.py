"""The statistics summarise the organisations' yearly figures: the share with an operating profit
(the report's "only 14.4 % made an operating profit") and wage support ending, by district."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bombaram.datagen.demo.registry import load_demo_registry
from bombaram.ecosystem.queries import compute
from bombaram.registry.models import YearlyFigure


@pytest.fixture
def demo(reference):
    load_demo_registry()


def test_demo_2013_share_with_an_operating_profit_is_the_reports_14_4_percent(client, demo):
    reporting = YearlyFigure.objects.filter(year=2013, operating_profit_won__isnull=False)
    # hand check: 250 illustrative social enterprises report 2013, 36 of them a profit: 36 / 250 = 0.144
    assert reporting.count() == 250 and reporting.filter(operating_profit_won__gt=0).count() == 36
    assert reporting.filter(operating_profit_won=0).count() == 0
    shares = {s.year: s for s in compute(dt.date(2014, 1, 31)).profit_shares}
    assert (shares[2013].reporting, shares[2013].with_profit) == (250, 36)
    assert shares[2013].share_pct == pytest.approx(14.4)
    assert shares[2012].share_pct == pytest.approx(30 / 250 * 100)
    html = client.get("/statistics/", {"as_of": "2014-01-31"}).content.decode()
    table = html.split('class="data compact-table profit-shares"')[1].split("</table>")[0]
    rows = [re.findall(r">([^<>]+)</t[hd]>", row) for row in table.split("<tr>")[1:]]
    assert ["2013", "250", "36", "14.4"] in rows and ["2012", "250", "30", "12.0"] in rows
    # a date in 2012 knows no 2013 figures yet
    assert [s.year for s in compute(dt.date(2012, 12, 31)).profit_shares] == [2012]


def test_wage_support_ending_by_district_counts_each_organisation_once_from_the_dates_year(demo):
    stats = compute(dt.date(2014, 1, 31))
    # independently: each organisation's latest reported end date, from 2014 on, by district
    latest = {}
    for f in YearlyFigure.objects.filter(wage_support_ends__isnull=False).select_related("organisation__district").order_by("year"):
        latest[f.organisation_id] = (f.organisation.district.name_ko, f.wage_support_ends.year)
    expected = {}
    for district, year in latest.values():
        if year >= 2014:
            expected[(district, year)] = expected.get((district, year), 0) + 1
    got = {(d, y): n for d, row in stats.wage_support.by_area.items() for y, n in row.items() if n}
    assert got == expected and stats.wage_support.years == [2014, 2015, 2016]
    assert sum(stats.wage_support.total.values()) == sum(expected.values()) == 57 + 93 + 27
