"""Every count of the statistics links to the organisations behind it: the directory, filtered the same
way, counts what the cell says (R6: counts you can trace)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict

from bombaram.datagen.demo.registry import load_demo_registry
from bombaram.ecosystem import links, queries, tables
from bombaram.registry import queries as registry_queries
from bombaram.registry.forms import DirectoryForm
from bombaram.registry.views import _filter_from

AS_OF = dt.date(2014, 1, 31)


@pytest.fixture
def demo(reference):
    load_demo_registry()


def _directory_count(url: str) -> tuple[int, int | None]:
    """(organisations listed, designations counted in the "designation" mode) for a directory address."""
    parts = urlsplit(url)
    assert parts.path == "/organisations/"
    form = DirectoryForm(QueryDict(parts.query))
    assert form.is_valid(), form.errors
    f = _filter_from(form)
    organisations = registry_queries.directory(f, today=dt.date(2026, 1, 1))
    counted = registry_queries.designations_counted(f, organisations, today=dt.date(2026, 1, 1)) if f.mode == "designation" else None
    return organisations.count(), counted


@pytest.mark.parametrize("mode", ["organisation", "designation"])
def test_every_count_of_the_district_and_industry_tables_equals_its_directory(demo, mode):
    stats = queries.compute(AS_OF, mode)
    rows = links.district_type_rows(stats, tables.district_type_rows(stats, totals=True)[1])
    checked = 0
    for row in rows:
        for cell in row[1:]:
            if row[0] == "평균":
                assert cell.url is None  # a mean, not a count
                continue
            listed, counted = _directory_count(cell.url)
            assert (counted if mode == "designation" else listed) == cell.value, (row[0], cell.url)
            checked += 1
    assert checked == 27 * 8  # 25 districts, 경기도 and 전체: every column
    for code in stats.industries:
        listed, counted = _directory_count(links.industry_url(stats, code))
        assert (counted if mode == "designation" else listed) == stats.industry[code]
    listed, counted = _directory_count(links.industry_url(stats, "any"))
    assert (counted if mode == "designation" else listed) == sum(stats.industry.values())


def test_every_lq_cell_links_to_the_organisations_of_its_district_and_industry(demo):
    stats = queries.compute(AS_OF, "organisation")
    for name, cells in links.lq_rows(stats):
        for code, (_cell, url, n) in zip(stats.industries, cells, strict=True):
            assert _directory_count(url)[0] == stats.district_industry[name][code] == n, (name, code)


def test_cooperative_rows_link_to_the_cooperatives_whose_members_and_capital_they_add(demo):
    from bombaram.registry.models import CooperativeCount

    stats = queries.compute(AS_OF, "organisation")
    rows = links.cooperative_rows(stats, tables.cooperative_rows(stats, totals=True)[1])
    for row in rows:
        listed, _ = _directory_count(row[1].url)
        assert listed == row[1].value and len({c.url for c in row[1:]}) == 1
    # 마포's members: the sum of its cooperatives' latest counts (on or before the date)
    mapo = next(r for r in rows if r[0] == "마포구")
    form = DirectoryForm(QueryDict(urlsplit(mapo[1].url).query))
    assert form.is_valid()
    orgs = registry_queries.directory(_filter_from(form), today=AS_OF)
    members = 0
    for org in orgs:
        latest = CooperativeCount.objects.filter(organisation=org, counted_on__lte=AS_OF).order_by("-counted_on").first()
        members += latest.members or 0 if latest else 0
    assert members == mapo[3].value == stats.cooperatives["마포구"].members


def test_statistics_page_links_its_counts_and_the_directory_shows_the_same_number(client, demo):
    page = client.get("/statistics/", {"as_of": "2014-01-31"}).content.decode()
    total = "/organisations/?as_of=2014-01-31&amp;designation=any&amp;mode=organisation"
    assert f'<a href="{total}">1871</a>' in page  # the 전체 row's 전체 column
    mapo_coops = "/organisations/?as_of=2014-01-31&amp;designation=cooperatives&amp;mode=organisation&amp;district=11440"
    assert mapo_coops in page
    listed = client.get(html_lib.unescape(total)).content.decode()
    assert "조직 1,871곳" in listed and "2014-01-31 기준" in listed
    stats = queries.compute(AS_OF, "organisation")
    mapo = client.get(html_lib.unescape(mapo_coops)).content.decode()
    assert f"조직 {stats.district_type['마포구']['cooperative']}곳" in mapo
    # by designation: the directory lists organisations and says how many designations the cell counts
    by_designation = client.get("/organisations/", {"as_of": "2014-01-31", "designation": "any", "mode": "designation"}).content.decode()
    designations = queries.compute(AS_OF, "designation").total["total"]
    assert f"지정 {designations:,}건" in by_designation and designations > 1871
