"""The market as one section: the landing page's figures (each checked by hand), the site navigation's one
entry "시장", the four parts' sub-navigation on every market page, and the old addresses still working."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bombaram.market.models import Need, Product, SalesOutlet
from bombaram.market.queries.overview import market_overview
from bombaram.market.services import hall as hall_service
from bombaram.market.services import needs as need_service
from bombaram.market.services import trades as trade_service
from bombaram.registry.models import District
from bombaram.web.choices import Role

D = dt.date


@pytest.fixture
def market(hall, make_user):
    """The 성북 hall (tests/market/hall_fixtures.py) with sales in June and July 2014, a 마포 hall the 성북 centre
    does not run, products (one withdrawn), trades in 2013 and 2014 and needs (one closed)."""
    h = hall
    for org, day, won in ((h.haengbok, D(2014, 7, 1), 240_000), (h.neulbom, D(2014, 7, 31), 100_000),
                          (h.haengbok, D(2014, 6, 30), 50_000)):
        hall_service.record_sale(user=h.operator, outlet=h.outlet, organisation=org, sold_on=day, item="도시락",
                                 amount_won=won)
    mapo = SalesOutlet.objects.create(name="마포구 판매관", kind="sales_hall", district=District.objects.get(code="11440"))
    from bombaram.market.models import HallProducer
    HallProducer.objects.create(outlet=mapo, organisation=h.dureh, admitted=D(2013, 1, 1))
    h.region = make_user("region", Role.CENTRE_ADMIN)
    hall_service.record_sale(user=h.region, outlet=mapo, organisation=h.dureh, sold_on=D(2014, 7, 5), item="비누",
                             amount_won=30_000)
    for org, name, active in ((h.haengbok, "어르신 도시락", True), (h.neulbom, "사무실 청소", True),
                              (h.dureh, "천연 비누", True), (h.dureh, "옛 상품", False)):
        Product.objects.create(organisation=org, name=name, category="goods", unit="개", price_won=1000, active=active)
    for day, won in ((D(2014, 3, 2), 1_000_000), (D(2014, 12, 31), 250_000), (D(2013, 12, 31), 7_000_000)):
        trade_service.record_trade(user=h.centre, buyer=h.haengbok, seller=h.neulbom, item="청소", amount_won=won, date=day)
    for title in ("교복 공동구매", "체육복 공동구매", "졸업앨범 공동구매"):
        need_service.post_need(user=h.centre, poster="group", district=h.district, group_name="성북 학부모", title=title,
                               category="goods", needed_on=D(2014, 8, 1), buyers=[("성북중", 10, None)])
    need_service.close_need(user=h.centre, need=Need.objects.get(title="졸업앨범 공동구매"))
    return h


def test_overview_figures_by_hand(market):
    today = D(2014, 7, 15)
    centre = market_overview(user=market.centre, today=today)
    # 3 active products of 4; July in 성북's hall: 240,000 + 100,000 (the June sale and 마포's hall are not counted)
    assert (centre.products, centre.hall_sales_won, centre.hall_sales) == (3, 340_000, 2)
    # trades dated 2014: 1,000,000 + 250,000 (the 2013 one is not); open needs: 3 posted − 1 closed
    assert (centre.trades, centre.trades_won, centre.open_needs) == (2, 1_250_000, 2)
    # the whole region's administrator runs both halls: 340,000 + 마포 30,000
    assert market_overview(user=market.region, today=today).hall_sales_won == 370_000
    # the public and a department officer run no hall: no hall figure, the rest the same
    from django.contrib.auth.models import AnonymousUser
    for user in (AnonymousUser(), market.welfare_officer):
        seen = market_overview(user=user, today=today)
        assert (seen.hall_sales_won, seen.products, seen.trades, seen.open_needs) == (None, 3, 2, 2)
    assert market_overview(user=market.centre, today=D(2014, 6, 1)).hall_sales_won == 50_000


def test_landing_page_links_the_four_parts_with_the_figures(client, market):
    html = client.get(reverse("market-home")).content.decode()
    for url in (reverse("market-catalogue"), reverse("market-trades"), reverse("need-list")):
        assert f'href="{url}"' in html
    assert reverse("hall-outlets") not in html  # the hall's ledger is not the public's
    assert "판매 중인 상품" in html and "진행 중인 수요" in html and "판매관" not in _figures(html)
    client.force_login(market.centre)
    html = client.get(reverse("market-home")).content.decode()
    assert f'href="{reverse("hall-outlets")}"' in html and f"판매관 {timezone.localdate().month}월 매출 (원)" in html


def _figures(html: str) -> str:
    return re.search(r'<ul class="figures market-figures".*?</ul>', html, re.S).group(0)


def _gnb(html: str) -> list[str]:
    block = re.search(r'<nav class="gnb".*?</nav>', html, re.S).group(0)
    return re.findall(r">([^<>]+)</a>", block)


def _subnav(html: str) -> str | None:
    found = re.search(r'<nav class="subnav".*?</nav>', html, re.S)
    return found.group(0) if found else None


def test_site_navigation_has_one_market_entry(client, market):
    html = client.get(reverse("home")).content.decode()
    assert _gnb(html) == ["홈", "생태계 현황", "조직 등록부", "공공구매", "지역특화사업단", "사회적 가치", "시장"]
    assert _subnav(html) is None  # outside the market no sub-navigation
    client.force_login(market.centre)
    entries = _gnb(client.get(reverse("home")).content.decode())
    assert "시장" in entries and not {"상품 목록", "상호거래", "수요·매칭", "판매관"} & set(entries)


@pytest.mark.parametrize(("url_name", "args", "current"), [
    ("market-catalogue", [], "상품 목록"),
    ("market-trades", [], "상호거래"),
    ("need-list", [], "수요·매칭"),
    ("market-gaps", [], "수요·매칭"),
    ("hall-outlets", [], "판매관"),
])
def test_every_market_page_shows_the_four_parts_and_marks_its_own(client, market, url_name, args, current):
    client.force_login(market.centre)
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200  # the old addresses keep working
    html = response.content.decode()
    subnav = _subnav(html)
    assert re.findall(r">([^<>]+)</a>", subnav) == ["상품 목록", "상호거래", "수요·매칭", "판매관"]
    assert re.findall(r'aria-current="page">([^<]+)<', subnav) == [current]
    gnb = re.search(r'<nav class="gnb".*?</nav>', html, re.S).group(0)
    assert re.findall(r'aria-current="page">([^<]+)<', gnb) == ["시장"]


def test_the_public_sub_navigation_leaves_out_the_hall(client, market):
    subnav = _subnav(client.get(reverse("market-catalogue")).content.decode())
    assert re.findall(r">([^<>]+)</a>", subnav) == ["상품 목록", "상호거래", "수요·매칭"]


def test_halls_run_by_agrees_with_the_permission_outlet_by_outlet(market, make_user):
    from bombaram.market.queries.overview import halls_run_by
    from bombaram.web.permissions import can_run_outlet

    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    outlets = list(SalesOutlet.objects.all())
    users = [market.centre, market.region, market.operator, market.other_staff, market.welfare_officer, superuser]
    for user in users:
        assert set(halls_run_by(user)) == {o for o in outlets if can_run_outlet(user, o)}, user
    # the hall's own staff see its month: 340,000 in July
    assert market_overview(user=market.operator, today=D(2014, 7, 2)).hall_sales_won == 340_000


def test_landing_page_queries_do_not_grow_with_halls_and_needs(client, market, django_assert_max_num_queries):
    client.force_login(market.region)
    with django_assert_max_num_queries(9):
        client.get(reverse("market-home"))
    for code in ("11110", "11140", "11170", "11200"):
        SalesOutlet.objects.create(name=f"{code} 판매관", kind="sales_hall", district=District.objects.get(code=code))
    need_service.post_need(user=market.centre, poster="group", district=market.district, group_name="또 다른 모임",
                           title="체육복", category="goods", needed_on=D(2014, 8, 1), buyers=[("성북고", 5, None)])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("market-home")).status_code == 200
