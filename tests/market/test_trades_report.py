"""Trades between organisations: entered by either party or the centre, imported and exported, reported by
district, type, industry and period (checked by hand), and read by the social accounts' indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bombaram.market.models import Trade
from bombaram.market.queries import trades as queries
from bombaram.market.services import trades as services
from bombaram.market.services import trades_io
from bombaram.registry.models import District
from bombaram.web.models import AuditEvent
from tests.market.catalogue_world import build

D = dt.date


@pytest.fixture
def world(reference, make_user):
    return build(make_user)


def _trades(w):
    """Five trades (seller → buyer):
    1. 2013-01-15 목공(성북) → 도시락(성북) 1,200,000   inside 성북
    2. 2013-02-01 도시락(성북) → 청소(노원)   300,000   성북–노원
    3. 2013-07-30 청소(노원) → 마포(마포)     450,000   노원–마포
    4. 2014-03-31 마포(마포) → 도시락(성북)    80,000   마포–성북
    5. 2014-11-02 청소(노원) → 목공(성북)   2,000,000   노원–성북
    """
    rows = [(w.mokgong, w.dosirak, D(2013, 1, 15), 1_200_000), (w.dosirak, w.clean, D(2013, 2, 1), 300_000),
            (w.clean, w.mapo, D(2013, 7, 30), 450_000), (w.mapo, w.dosirak, D(2014, 3, 31), 80_000),
            (w.clean, w.mokgong, D(2014, 11, 2), 2_000_000)]
    return [services.record_trade(user=w.region, seller=s, buyer=b, item="품목", amount_won=a, date=d)
            for s, b, d, a in rows]


def test_either_party_or_the_centre_enters_a_trade_and_nobody_else(world):
    client = Client()
    client.force_login(world.staff)  # 행복도시락's staff, as the buyer from 마포
    response = client.post("/market/trades/ours/", {
        "mine": world.dosirak.pk, "role": "buyer", "other": world.mapo.pk, "item": "반찬 납품", "amount_won": "250000",
        "date": "2014-05-02", "note": ""})
    assert response.status_code == 302
    trade = Trade.objects.get()
    assert (trade.seller, trade.buyer, trade.amount_won, trade.entered_by) == (world.mapo, world.dosirak, 250_000, world.staff)
    assert AuditEvent.objects.get(name="market.trade.recorded").actor == world.staff
    # 마포's staff sees it too (the other party) and may delete it; the 성북 centre covers the buyer
    assert queries.trades_for_user(world.other_staff).get() == trade
    assert queries.trades_for_user(world.centre).get() == trade
    # a trade between two organisations the user does not keep: refused
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_trade(user=world.staff, seller=world.clean, buyer=world.mapo, item="x", amount_won=1,
                              date=D(2014, 1, 1))
    with pytest.raises(PermissionDenied):
        services.record_trade(user=world.centre, seller=world.clean, buyer=world.mapo, item="x", amount_won=1,
                              date=D(2014, 1, 1))
    outsider = Client()
    outsider.force_login(world.public)
    assert outsider.get("/market/trades/ours/").status_code == 403
    assert outsider.post(f"/market/trades/{trade.pk}/delete/").status_code == 404
    other = Client()
    other.force_login(world.other_staff)
    assert other.post(f"/market/trades/{trade.pk}/delete/").status_code == 302
    assert not Trade.objects.exists() and AuditEvent.objects.get(name="market.trade.deleted").data["amount_won"] == 250_000


@pytest.mark.parametrize("over, message", [
    ({"other": "99999"}, "등록부에 없는 조직 번호입니다"),
    ({"amount_won": "-5"}, ""),
    ({"amount_won": "12.5"}, ""),
    ({"other": "SELF"}, "판매 조직과 구매 조직이 같습니다"),
    ({"product": "99999"}, "상품번호 99999"),
])
def test_bad_trades_are_refused_with_one_message_and_nothing_written(world, over, message):
    client = Client()
    client.force_login(world.staff)
    data = {"mine": world.dosirak.pk, "role": "seller", "other": world.mapo.pk, "item": "도시락",
            "amount_won": "100000", "date": "2014-05-02"} | over
    if data["other"] == "SELF":
        data["other"] = world.dosirak.pk
    response = client.post("/market/trades/ours/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Trade.objects.exists()


def test_report_by_district_and_year_matches_the_hand_count(world):
    _trades(world)
    report, labels = queries.report(queries.ReportFilter(dimension="district", period="year"))
    seongbuk = str(District.objects.get(code="11290").pk)
    nowon = str(District.objects.get(code="11350").pk)
    mapo = str(District.objects.get(code="11440").pk)
    # 성북 2013: trades 1, 2 → 2 trades, 1,500,000; 2014: trades 4, 5 → 2,080,000
    assert report.cell(seongbuk, "2013") == (2, 1_500_000) or (report.cell(seongbuk, "2013").count,
                                                               report.cell(seongbuk, "2013").amount_won) == (2, 1_500_000)
    assert (report.cell(seongbuk, "2014").count, report.cell(seongbuk, "2014").amount_won) == (2, 2_080_000)
    # 노원 2013: trades 2, 3 → 750,000; 2014: trade 5
    assert (report.cell(nowon, "2013").count, report.cell(nowon, "2013").amount_won) == (2, 750_000)
    assert (report.cell(nowon, "2014").count, report.cell(nowon, "2014").amount_won) == (1, 2_000_000)
    # 마포: trades 3 (2013) and 4 (2014)
    assert (report.group_totals[mapo].count, report.group_totals[mapo].amount_won) == (2, 530_000)
    # every trade once: 1,200,000 + 300,000 + 450,000 + 80,000 + 2,000,000
    assert (report.total.count, report.total.amount_won) == (5, 4_030_000)
    assert labels[seongbuk] == "성북구"


def test_report_by_designation_uses_the_designation_held_on_the_trade_day(world):
    _trades(world)
    report, labels = queries.report(queries.ReportFilter(dimension="designation", period="year"))
    # 노원청소 is a social cooperative from 2013-06-01: trade 2 (2013-02-01) finds it without a designation
    assert (report.cell("_none", "2013").count, report.cell("_none", "2013").amount_won) == (1, 300_000)
    assert (report.cell("social_cooperative", "2013").count, report.cell("social_cooperative", "2013").amount_won) == (
        1, 450_000)
    assert (report.cell("certified_se", "2013").count, report.cell("certified_se", "2013").amount_won) == (2, 1_500_000)
    assert (report.cell("cooperative", "2014").count, report.cell("cooperative", "2014").amount_won) == (1, 2_000_000)
    assert labels["_none"] == "지정 없음"


def test_report_by_industry_and_quarter_in_a_date_range(world):
    _trades(world)
    report, _labels = queries.report(queries.ReportFilter(dimension="industry", period="quarter",
                                                          start=D(2013, 1, 1), end=D(2013, 12, 31)))
    from bombaram.registry.models import IndustryGroup

    food = str(IndustryGroup.objects.get(code="food_beverage").pk)
    assert report.periods == ["2013-Q1", "2013-Q3"]
    # food & beverage (도시락, 마포): Q1 trades 1 and 2, Q3 trade 3 (마포 buys)
    assert (report.cell(food, "2013-Q1").count, report.cell(food, "2013-Q1").amount_won) == (2, 1_500_000)
    assert (report.cell(food, "2013-Q3").count, report.cell(food, "2013-Q3").amount_won) == (1, 450_000)
    assert (report.total.count, report.total.amount_won) == (3, 1_950_000)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_is_exactly_the_table_the_page_shows(world, fmt):
    _trades(world)
    client = Client()
    query = "dimension=district&period=year"
    html = client.get(f"/market/trades/?{query}").content.decode()
    assert "성북구" in html and "4,030,000" in html and "2013년" in html
    data = client.get(f"/market/trades/download.{fmt}?{query}").content
    grid = _grid(data, fmt)
    assert grid[0] == ["구", "2013년 건수", "2013년 금액(원)", "2014년 건수", "2014년 금액(원)", "합계 건수", "합계 금액(원)"]
    rows = {row[0]: [int(v) for v in row[1:]] for row in grid[1:]}
    assert rows["성북구"] == [2, 1_500_000, 2, 2_080_000, 4, 3_580_000]
    assert rows["전체 (거래마다 한 번)"] == [3, 1_950_000, 2, 2_080_000, 5, 4_030_000]
    assert len(rows) == 4  # 성북, 노원, 마포 and the total: nothing the page does not show
    for label, values in rows.items():  # every figure of the file is on the page
        assert label in html or label == "전체 (거래마다 한 번)"
        for value in values:
            assert f"{value:,}" in html


def _grid(data: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        import csv
        import io

        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return [row for row in cells if row[0] and not row[0].startswith("예시")]


def test_trades_file_round_trip_and_errors(world):
    _trades(world)
    data = trades_io.export_file(Trade.objects.all(), "xlsx")
    plan = trades_io.plan_trade_import(world.region, data, filename="t.xlsx")
    assert plan.ok and plan.unchanged == 5
    header = "거래번호,거래일,판매 조직번호,판매 조직명,구매 조직번호,구매 조직명,품목,상품번호,금액(원),비고"
    rows = [f",2014-06-01,{world.mapo.pk},,{world.dosirak.pk},,반찬,,\"150,000\",",         # row 2: fine
            f",2014-06-02,{world.mapo.pk},,{world.clean.pk},,반찬,,150000,",                 # row 3: not the staff's
            f",2014-06,{world.mapo.pk},,{world.dosirak.pk},,반찬,,1만오천,",                  # row 4: date, amount
            f",2014-06-03,99999,,{world.dosirak.pk},,반찬,,1000,"]                           # row 5: unknown
    bad = ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8-sig")
    plan = trades_io.plan_trade_import(world.staff, bad, filename="t.csv")
    assert {(e.row, e.column) for e in plan.errors} >= {(3, "판매 조직번호"), (4, "거래일"), (5, "판매 조직번호")}
    assert any(e.row == 4 and e.column.startswith("금액") for e in plan.errors)
    assert not plan.ok and Trade.objects.count() == 5
    good = ("\r\n".join([header, rows[0]]) + "\r\n").encode("utf-8-sig")
    client = Client()
    client.force_login(world.staff)
    response = client.post("/market/trades/ours/import/", {"file": SimpleUploadedFile("t.csv", good)})
    assert response.status_code == 302 and Trade.objects.count() == 6
    new = Trade.objects.get(date=D(2014, 6, 1))
    assert (new.seller, new.buyer, new.amount_won, new.entered_by) == (world.mapo, world.dosirak, 150_000, world.staff)


def test_indicators_read_trades_whose_buyer_or_seller_is_in_the_district(world):
    _trades(world)
    seongbuk = District.objects.get(code="11290")
    # 성북 2013: trades 1 (inside, once) and 2 → 2, 1,500,000; 2012: none → None
    assert queries.trades_count(seongbuk, 2013) == Decimal(2)
    assert queries.trades_won(seongbuk, 2013) == Decimal(1_500_000)
    assert queries.trades_count(seongbuk, 2012) is None and queries.trades_won(seongbuk, 2012) is None


def test_the_social_accounts_show_the_trades_from_the_records_once(world):
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
    from bombaram.valuation.services import sources

    _trades(world)
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-seongbuk", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-1", name="상호거래",
                                            parent=goal, position=2)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-1.1", name="상호거래 건수", unit="건",
                                 parent=activity, position=3)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-1.2", name="상호거래 금액", unit="원",
                                 parent=activity, position=4)
    sources.bind_indicator_source(user=world.centre, framework=framework, code="1-1.1", source="market:trades_count")
    sources.bind_indicator_source(user=world.centre, framework=framework, code="1-1.2", source="market:trades_won")
    values = sources.sourced_values(team, framework, 2014, public=True, today=D(2015, 6, 1))
    # 성북 2014: trades 4 (80,000) and 5 (2,000,000)
    assert values["1-1.1"].value == Decimal(2) and values["1-1.2"].value == Decimal(2_080_000)
    assert sources.sourced_values(team, framework, 2012, public=True)["1-1.1"].value is None
    html = Client().get(f"/valuation/teams/{team.pk}/accounts/2014/").content.decode()
    assert html.count("2,080,000") == 1 and "상호거래 금액" in html


def test_demo_trades_are_about_120_illustrative_and_idempotent(reference):
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.datagen.demo.trades import load_demo_trades

    load_demo_registry()
    assert load_demo_trades() == 120
    first = list(Trade.objects.order_by("pk").values_list("seller_id", "buyer_id", "item", "amount_won", "date"))
    assert load_demo_trades() == 120 and Trade.objects.count() == 120
    assert all(t.illustrative for t in Trade.objects.all())
    assert {d.year for *_rest, d in first} == {2012, 2013, 2014}
    assert all(s != b for s, b, *_rest in first)
    html = Client().get("/market/trades/").content.decode()
    assert "예시 데이터" in html
