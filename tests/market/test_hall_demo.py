"""The demonstration hall: the report's size (about 20 organisations, about 10 million won a month), its sales
to departments counted for the producers in the purchase system, markets linked to the ledger; idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from bombaram.datagen.demo.hall import HALL_NAME, load_demo_hall
from bombaram.market.models import HallProducer, Sale, SalesOutlet
from bombaram.procurement.models import Purchase, PurchaseTotal


@pytest.fixture
def demo(db, tmp_path):
    from bombaram.web.demo import load_demo

    return load_demo(tmp_path)


def test_the_demo_hall(demo, tmp_path):
    """One load of the whole demo (it takes a while), the hall's parts checked in turn, then a second load."""
    check_the_reports_size(demo)
    check_sales_to_departments_are_counted_for_the_producer()
    check_markets_are_linked_to_the_ledger_and_add_up_to_it()
    check_loading_the_demo_twice_gives_the_same_data(tmp_path)


def check_the_reports_size(demo):
    hall = SalesOutlet.objects.get(name=HALL_NAME)
    assert hall.illustrative and hall.kind == "sales_hall"
    assert 18 <= HallProducer.objects.filter(outlet=hall).count() <= 22  # 20여개 조직 입점
    for year in (2013, 2014):
        for month in (1, 7, 12):
            won = Sale.objects.filter(outlet=hall, sold_on__year=year, sold_on__month=month).aggregate(
                s=Sum("amount_won"))["s"]
            assert 8_000_000 <= won <= 12_000_000, (year, month, won)  # 월평균 1천만원 내외 (카페 포함)
    assert Sale.objects.filter(outlet=hall, item__contains="소셜카페").exists()
    assert hall.promotions.filter(starts__year=2014).count() == 4  # quarterly
    assert any("예시 판매관" in line for line in demo)


def check_sales_to_departments_are_counted_for_the_producer():
    hall = SalesOutlet.objects.get(name=HALL_NAME)
    linked = Sale.objects.filter(outlet=hall, purchase__isnull=False).select_related("purchase")
    assert linked.count() == 48
    for sale in linked:
        assert sale.purchase.supplier_id == sale.organisation_id and sale.purchase.channel == "sales_hall"
    assert sum(s.purchase.counted for s in linked) >= 40
    sale = next(s for s in linked if s.purchase.counted and s.sold_on.year == 2014)
    total = PurchaseTotal.objects.get(institution=sale.purchase.institution, year=2014, month=sale.sold_on.month,
                                      dimension="supplier_month", key1=str(sale.organisation_id))
    assert total.eligible_won >= sale.amount_won  # the purchase report reads it for the producer


def check_markets_are_linked_to_the_ledger_and_add_up_to_it():
    markets = SalesOutlet.objects.filter(kind="market", illustrative=True).select_related("ledger_record")
    assert markets.count() == 3
    for outlet in markets:
        assert outlet.ledger_record.kind == "market"
        won = Sale.objects.filter(outlet=outlet).aggregate(s=Sum("amount_won"))["s"]
        assert won == outlet.ledger_record.amount_won


def check_loading_the_demo_twice_gives_the_same_data(tmp_path):
    from bombaram.web.demo import load_demo

    before = (Sale.objects.count(), Purchase.objects.count(), SalesOutlet.objects.count())
    load_demo(tmp_path)
    assert (Sale.objects.count(), Purchase.objects.count(), SalesOutlet.objects.count()) == before
    assert load_demo_hall()["sales"] == Sale.objects.filter(outlet__name=HALL_NAME).count()
