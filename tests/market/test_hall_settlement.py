"""The hall's monthly settlement per producer, the import and export of the sales file, and the indicator
판매관 매출액 (sums worked by hand from the sales made in each test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from bombaram.core import tabular
from bombaram.market.models import Promotion, Sale
from bombaram.market.queries import hall as queries
from bombaram.market.services import hall as service
from bombaram.procurement.models import Purchase
from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
from bombaram.valuation.services import measurement, sources

D = dt.date


def sell(hall, organisation, day, amount, item="도시락", **values):
    return service.record_sale(user=hall.operator, outlet=hall.outlet, organisation=organisation, sold_on=day,
                               item=item, amount_won=amount, **values)


@pytest.fixture
def july(hall):
    sell(hall, hall.haengbok, D(2014, 7, 1), 1_234_567)
    sell(hall, hall.haengbok, D(2014, 7, 31), 1, item="생수")
    sell(hall, hall.haengbok, D(2014, 7, 2), 333_333, buyer_kind="department", department=hall.welfare)
    sell(hall, hall.neulbom, D(2014, 7, 15), 999_999, item="쿠키")
    sell(hall, hall.neulbom, D(2014, 7, 1), 5_000_000, item="쿠키", period="month")  # a month's summary
    sell(hall, hall.neulbom, D(2014, 8, 1), 777, item="쿠키")  # August
    sell(hall, hall.dureh, D(2014, 6, 30), 50_000, item="떡")  # June
    return hall


def test_monthly_settlement_by_hand(july):
    result = queries.hall_settlement(july.outlet, 2014, 7)
    lines = {p.organisation.name: (p.line.sales, p.line.gross_won, p.line.rate_pct, p.line.commission_won,
                                   p.line.net_won, p.department_won) for p in result.lines}
    # 행복도시락, hall rate 15 %: 1,234,567 + 1 + 333,333 = 1,567,901; 15 % = 235,185.15 → 235,185; net 1,332,716
    # 늘봄, own rate 10 %: 999,999 + 5,000,000 = 5,999,999; 10 % = 599,999.9 → 599,999; net 5,400,000
    # 두레: admitted, no July sale: a line of zeros
    assert lines == {
        "㈜행복도시락": (3, 1_567_901, Decimal("15.00"), 235_185, 1_332_716, 333_333),
        "늘봄사회적협동조합": (2, 5_999_999, Decimal("10.00"), 599_999, 5_400_000, 0),
        "두레협동조합": (0, 0, Decimal("15.00"), 0, 0, 0),
    }
    assert (result.total.gross_won, result.total.commission_won, result.total.net_won) == (7_567_900, 835_184, 6_732_716)
    assert result.department_won == 333_333


def test_promotion_sales_are_those_of_its_producers_in_its_days(july):
    promotion = Promotion.objects.create(outlet=july.outlet, name="여름 기획전", starts=D(2014, 7, 10),
                                         ends=D(2014, 8, 10), discount_pct=Decimal("10"))
    promotion.producers.add(july.neulbom, july.haengbok)
    (found,) = queries.hall_settlement(july.outlet, 2014, 7).promotions
    # July 10–31: 늘봄 999,999 (15th) + 행복 1 (31st); the month summary is dated the 1st, outside
    assert (found.start, found.end, found.sales, found.gross_won) == (D(2014, 7, 10), D(2014, 7, 31), 2, 1_000_000)


def test_settlement_pages_and_files(july, client: Client):
    client.force_login(july.operator)
    page = client.get(f"/market/hall/{july.outlet.pk}/settlement/?month=2014-07")
    html = page.content.decode()
    assert page.status_code == 200 and "1,567,901" in html and "6,732,716" in html
    csv = client.get(f"/market/hall/{july.outlet.pk}/settlement/?month=2014-07&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "㈜행복도시락,3,1567901,15.00,235185,1332716,333333" in text.replace('"', "")
    xlsx = client.get(f"/market/hall/{july.outlet.pk}/settlement/?month=2014-07&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    statement = client.get(f"/market/hall/{july.outlet.pk}/settlement/{july.neulbom.pk}/?month=2014-07")
    body = statement.content.decode()
    assert statement.status_code == 200 and "5,400,000" in body and "599,999" in body and "999,999" in body
    # a department officer sees its purchases, never the settlement
    client.force_login(july.welfare_officer)
    assert client.get(f"/market/hall/{july.outlet.pk}/settlement/?month=2014-07").status_code == 403


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    tabular.write_csv_for_excel(path, list(service.COLUMNS.values()), rows)
    return path


def test_importing_the_same_file_twice_adds_nothing(hall, tmp_path):
    path = write_csv(tmp_path / "sales.csv", [
        ["2014-07-01", "일", "㈜행복도시락", "", "도시락", "물품", 40, "240,000", "공공기관", "성북구청", "복지정책과", ""],
        ["2014-07-01", "일", "늘봄사회적협동조합", "", "쿠키", "", "", "12000", "개인", "", "", "카페"],
        ["2014-07", "월", "두레협동조합", "", "떡", "", "", "1,500,000", "", "", "", "월 합계"],
    ])
    first = service.import_sales(user=hall.operator, outlet=hall.outlet, source=path, filename="sales.csv")
    assert (len(first.created), first.unchanged, first.errors, first.written) == (3, [], [], True)
    assert first.created_won == 1_752_000 and first.purchases == 1
    again = service.import_sales(user=hall.operator, outlet=hall.outlet, source=path, filename="sales.csv")
    assert (len(again.created), again.unchanged, again.errors) == (0, [2, 3, 4], [])
    assert Sale.objects.count() == 3 and Purchase.objects.count() == 1
    purchase = Purchase.objects.get()
    assert purchase.supplier_id == hall.haengbok.pk and purchase.counted and purchase.amount_won == 240_000
    month = Sale.objects.get(item="떡")
    assert (month.period, month.sold_on) == ("month", D(2014, 7, 1))


def test_the_export_reads_back_as_unchanged(hall, tmp_path):
    sell(hall, hall.haengbok, D(2014, 7, 1), 240_000, buyer_kind="department", department=hall.welfare, quantity=40)
    sell(hall, hall.neulbom, D(2014, 7, 1), 5_000_000, item="쿠키", period="month", note="월 합계")
    columns, rows = service.export_rows(queries.sales_for_user(hall.operator, hall.outlet, *queries.month_bounds(2014, 7)))
    out = tmp_path / "export.xlsx"
    tabular.write_xlsx(out, {"매출": (columns, rows)}, notes=["성북구 사회적경제 판매관 매출"])
    plan = service.import_sales(user=hall.operator, outlet=hall.outlet, source=out, filename="export.xlsx")
    assert (len(plan.created), len(plan.unchanged), plan.errors) == (0, 2, [])


def test_a_bad_file_changes_nothing_and_names_row_and_column(hall, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        ["2014-07-01", "일", "㈜행복도시락", "", "도시락", "", "", "240000", "개인", "", "", ""],
        ["2014-07-02", "일", "없는기업", "", "도시락", "", "", "1000", "개인", "", "", ""],
        ["2014-07-32", "일", "㈜행복도시락", "", "도시락", "", "", "1000", "개인", "", "", ""],
        ["2014-07-03", "일", "㈜행복도시락", "", "도시락", "", "", "-5", "개인", "", "", ""],
        ["2014-07-03", "일", "㈜행복도시락", "", "도시락", "", "", "5", "공공기관", "성북구청", "없는과", ""],
        ["2014-07", "일", "㈜행복도시락", "", "도시락", "", "", "5", "개인", "", "", ""],
        ["2014-07-01", "일", "㈜행복도시락", "", "도시락", "", "", "240000", "개인", "", "", ""],
    ])
    plan = service.import_sales(user=hall.operator, outlet=hall.outlet, source=path, filename="bad.csv")
    found = {(e.row, e.column) for e in plan.errors}
    assert found == {(3, "생산자"), (4, "일자"), (5, "금액(원)"), (6, "구매부서"), (7, "일자"), (8, "품목")}
    assert all(any("가" <= ch <= "힣" for ch in e.error) for e in plan.errors)
    assert not plan.written and not Sale.objects.exists()


def test_the_operator_of_another_outlet_cannot_import(hall, tmp_path):
    from django.core.exceptions import PermissionDenied

    path = write_csv(tmp_path / "s.csv", [["2014-07-01", "일", "㈜행복도시락", "", "도시락", "", "", "1", "개인", "", "", ""]])
    with pytest.raises(PermissionDenied):
        service.import_sales(user=hall.other_staff, outlet=hall.outlet, source=path, filename="s.csv")
    with pytest.raises(PermissionDenied):
        service.import_sales(user=hall.welfare_officer, outlet=hall.outlet, source=path, filename="s.csv")


def test_hall_sales_indicator_through_the_accounts(july, make_user, client: Client):
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-seongbuk-hall", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-3", name="판매관 활성화",
                                            parent=goal, position=2)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-3.1", name="판매관 매출액", unit="원",
                                 parent=activity, position=3)
    sources.bind_indicator_source(user=july.centre, framework=framework, code="1-3.1", source="market:hall_sales_won")
    # 2014 by hand: 1,234,567 + 1 + 333,333 + 999,999 + 5,000,000 + 777 + 50,000 = 7,618,677
    values = sources.sourced_values(team, framework, 2014, public=True, today=D(2015, 1, 1))
    assert values["1-3.1"].value == Decimal(7_618_677) and values["1-3.1"].measure_label == "판매관 매출액 (원)"
    assert sources.sourced_values(team, framework, 2013, public=True)["1-3.1"].value is None  # no hall sale in 2013
    accounts = measurement.social_accounts(team, 2014, include_drafts=False)
    line = next(line for line in accounts.lines if line.item.code == "1-3.1")
    assert line.value == Decimal(7_618_677)
    page = client.get(reverse("accounts-team", args=[team.pk, 2014]))
    html = page.content.decode()
    assert page.status_code == 200 and html.count("7,618,677") == 1 and "시장조성 기록" in html
