"""매칭 건수 (수요-공급 매칭 건수) as a social-accounts indicator bound to the market records.

Rule: needs of the district's buyers dated in the year with at least one outcome "contracted" or
"purchase recorded", each need once.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from bombaram.market.models import Product
from bombaram.market.services import needs as services
from bombaram.procurement.models import Purchase
from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation.models import Framework, FrameworkItem, FrameworkVersion
from bombaram.valuation.services import sources
from bombaram.web.choices import Role
from tests.procurement.conftest import seongbuk  # noqa: F401  (the fixture)

D = dt.date


@pytest.fixture
def world(seongbuk, make_user):  # noqa: F811
    s = seongbuk
    s.team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    s.framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-sb-match", owner_team=s.team)
    version = FrameworkVersion.objects.create(framework=s.framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-3", name="수요 연결",
                                            parent=goal, position=2)
    FrameworkItem.objects.create(version=version, level="indicator", code="1-3.1", name="수요와 공급 매칭 건수",
                                 unit="건", parent=activity, position=3)
    s.centre = make_user("sb-centre", Role.CENTRE_ADMIN, district=s.team.district)
    s.officer = make_user("sb-welfare", Role.DEPARTMENT_OFFICER, department=s.welfare)
    Product.objects.create(organisation=s.haengbok, name="어르신 도시락", category="goods", unit="개", price_won=6000)
    return s


def need(w, title, on):
    return services.post_need(user=w.officer, poster="department", department=w.welfare, title=title,
                              category="goods", needed_on=on)


def outcome(w, n, supplier, kind, on, purchase=None):
    services.record_outcome(user=w.officer, need=n, supplier=supplier, outcome=kind, recorded_on=on, purchase=purchase)


def test_matches_count_reads_the_outcomes_through_the_bound_indicator(world):
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-3.1",
                                  source="market:matches_count")
    assert sources.sourced_values(world.team, world.framework, 2014, public=False)["1-3.1"].value is None  # no need
    a = need(world, "어르신 도시락", D(2014, 3, 1))     # contracted with two suppliers → 1
    b = need(world, "행사 도시락", D(2014, 5, 1))       # contracted, then its purchase recorded → 1
    c = need(world, "사무실 청소", D(2014, 6, 1))       # only contacted and quoted → 0
    d = need(world, "명절 선물", D(2013, 12, 1))        # contracted, but 2013 → not in 2014
    outcome(world, a, world.haengbok, "contracted", D(2014, 3, 5))
    outcome(world, a, world.neulbom, "contracted", D(2014, 3, 6))
    bought = Purchase.objects.create(institution=world.institution, department=world.welfare, purchased_on=D(2014, 5, 9),
                                     supplier=world.haengbok, supplier_name="㈜행복도시락", item="도시락",
                                     category="goods", amount_won=900_000, counted=True)
    outcome(world, b, world.haengbok, "contracted", D(2014, 5, 2))
    outcome(world, b, world.haengbok, "purchase_record", D(2014, 5, 9), purchase=bought)
    outcome(world, c, world.haengbok, "contacted", D(2014, 6, 2))
    outcome(world, c, world.haengbok, "quoted", D(2014, 6, 3))
    outcome(world, d, world.haengbok, "contracted", D(2013, 12, 2))
    # 2014: needs a and b → 2 (c has no contract, d is 2013's); 2013: d → 1
    values = sources.sourced_values(world.team, world.framework, 2014, public=False)
    assert values["1-3.1"].value == Decimal(2)
    assert sources.sourced_values(world.team, world.framework, 2013, public=False)["1-3.1"].value == Decimal(1)
    html = Client().get(f"/valuation/teams/{world.team.pk}/accounts/2014/").content.decode()
    assert "출처: 시장조성 기록" in html
    row = re.search(r"수요와 공급 매칭 건수.*?</tr>", html, re.S).group(0)
    assert len(re.findall(r">\s*2\s*<", row)) == 1, row  # the value, once
