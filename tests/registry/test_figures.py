"""Yearly figures per organisation: imported from the lists people have, edited by the district's
administrator, shown on the organisation's page and summarised in the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from bombaram.registry.importer import ImportFileError
from bombaram.registry.models import District, Organisation, YearlyFigure, current_revision
from bombaram.registry.services import import_organisations
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.registry.files import BN_A, BN_B, BN_C, utf8_csv

HEADER = ["기업명", "사업자등록번호", "자치구", "인증일", "기준연도", "근로자수", "취약계층 고용", "매출액", "영업이익(천원)",
          "인건비 지원 종료일"]


def _import(tmp_path, rows, header=HEADER, name="figures.csv", **kwargs):
    return import_organisations(source=utf8_csv(tmp_path / name, header, rows), filename=name,
                                designation="certified_se", as_of=dt.date(2014, 1, 31), **kwargs)


@pytest.fixture
def home(settings, tmp_path):
    settings.HOME = tmp_path


def test_import_reads_yearly_figures_as_korean_files_write_them(reference, home, tmp_path):
    plan = _import(tmp_path, [
        ["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "12", "5", "1억 868만원", "△5,000", "2015.12.7"],
        ["늘봄", BN_B, "마포구", "2013-06-01", "2013년", "8명", "", "1,000", "3,250", ""],
    ])
    assert plan.written and not plan.rejected
    a = YearlyFigure.objects.get(organisation__business_no=BN_A)
    assert (a.year, a.employees, a.vulnerable_employees) == (2013, 12, 5)
    assert a.revenue_won == 108_680_000          # 1억 + 868만: the cell states its own unit
    assert a.operating_profit_won == -5_000_000  # △ is a minus; 5,000 in the header's 천원
    assert a.wage_support_ends == dt.date(2015, 12, 7)
    assert a.source_row == 2 and a.import_batch.filename == "figures.csv"
    b = YearlyFigure.objects.get(organisation__business_no=BN_B)
    assert (b.employees, b.vulnerable_employees, b.revenue_won, b.operating_profit_won) == (8, None, 1000, 3_250_000)
    # the same figures again change nothing; another year is added beside
    again = _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "12", "5", "108,680,000", "-5000", "2015-12-07"]])
    assert again.count("unchanged") == 1
    _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2012", "10", "4", "9천만원", "-12,000", ""]])
    assert list(YearlyFigure.objects.filter(organisation__business_no=BN_A).values_list("year", "employees")) == [(2013, 12), (2012, 10)]


def test_bad_figures_are_refused_with_row_and_column_and_nothing_is_written(reference, home, tmp_path):
    plan = _import(tmp_path, [
        ["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "5", "9", "1000", "10", ""],
        ["늘봄", BN_B, "마포구", "2013-06-01", "13", "8", "", "", "", ""],
        ["초록가게", BN_C, "성북구", "2013-03-01", "2013", "", "", "-300", "1억 많이", "2015-02-30"],
        ["새싹", "", "강남구", "2013-03-01", "", "4", "", "", "", ""],
    ])
    errors = {(e.row, e.column): e.error for e in plan.rejected}
    assert errors == {
        (2, "vulnerable_employees"): "취약계층 고용이 근로자수보다 많습니다",
        (3, "figures_year"): "기준연도는 2013처럼 네 자리 연도로 적어 주세요",
        (4, "revenue_won"): "매출액은 음수일 수 없습니다",
        (4, "operating_profit_won"): errors[(4, "operating_profit_won")],
        (4, "wage_support_ends"): errors[(4, "wage_support_ends")],
        (5, "figures_year"): "근로자수·매출액 같은 연도별 수치가 있는데 기준연도가 비어 있습니다",
    }
    assert "1억 많이" in next(e.value for e in plan.rejected if e.column == "operating_profit_won")
    assert not plan.written and Organisation.objects.count() == 0 and YearlyFigure.objects.count() == 0


def test_a_list_with_figures_but_no_year_column_is_refused_whole(reference, home, tmp_path):
    with pytest.raises(ImportFileError, match="기준연도"):
        _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "12"]],
                header=["기업명", "사업자등록번호", "자치구", "인증일", "근로자수"])


def test_import_refuses_vulnerable_employees_beyond_the_known_employees_of_the_year(reference, home, tmp_path):
    _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "5", "2", "", "", ""]])
    plan = _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "", "7", "", "", ""]])
    assert [(e.row, e.column, e.error) for e in plan.rejected] == [
        (2, "vulnerable_employees", "취약계층 고용(7명)이 2013년 근로자수(5명)보다 많습니다")]
    assert YearlyFigure.objects.get().vulnerable_employees == 2


def test_district_admin_enters_figures_and_the_page_shows_them_by_year(client, reference, home, tmp_path, make_user):
    _import(tmp_path, [["㈜행복도시락", BN_A, "성북구", "2012-12-08", "2013", "12", "5", "1억 868만원", "△5,000", ""]])
    org = Organisation.objects.get(business_no=BN_A)  # 성북구
    url = reverse("yearly-figures-edit", args=[org.pk])
    data = {"year": "2012", "employees": "10", "vulnerable_employees": "4", "revenue_won": "9천만원",
            "operating_profit_won": "-1,200,000", "wage_support_ends": "2015-12-07"}
    client.force_login(make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")))
    assert client.post(url, data).status_code == 403 and YearlyFigure.objects.count() == 1
    client.force_login(make_user("seongbuk", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")))
    bad = client.post(url, {**data, "vulnerable_employees": "11"}).content.decode()
    assert "근로자 수보다 취약계층 근로자가 많습니다" in bad and YearlyFigure.objects.count() == 1
    revision = current_revision()
    assert client.post(url, data).status_code == 302
    figure = YearlyFigure.objects.get(organisation=org, year=2012)
    assert (figure.revenue_won, figure.operating_profit_won, figure.import_batch) == (90_000_000, -1_200_000, None)
    assert current_revision() > revision
    assert AuditEvent.objects.filter(name="registry.figures.saved", object_id=str(org.pk)).count() == 1
    # changing an imported year: the figures become the administrator's (직접 입력)
    client.post(url, {"year": "2013", "employees": "13", "vulnerable_employees": "5", "revenue_won": "108,680,000",
                      "operating_profit_won": "-5000000"})
    assert YearlyFigure.objects.get(organisation=org, year=2013).import_batch is None
    html = client.get(org.get_absolute_url()).content.decode()
    table = html.split('id="figures-title"')[1].split("</table>")[0]
    assert table.index(">2012<") < table.index(">2013<")
    assert "90,000,000" in table and "-1,200,000" in table and "2015-12-07" in table and "직접 입력" in table
    api = client.get(f"/api/organisations/{org.pk}/").json()["yearly_figures"]
    assert api[0] == {"year": 2012, "employees": 10, "vulnerable_employees": 4, "revenue_won": 90_000_000,
                      "operating_profit_won": -1_200_000, "wage_support_ends": "2015-12-07"}
