"""The 성북 hall of the hall tests: three admitted producers, 성북구청 with two departments, users of each role.
(Imported by the test modules, not a conftest: the market's three parts each keep their own fixtures.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from bombaram.market.models import HallProducer, SalesOutlet
from bombaram.procurement.models import Department, Institution
from bombaram.registry.models import District
from bombaram.web.choices import Role
from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK, BN_NEULBOM, make_org

D = dt.date


@pytest.fixture
def hall(reference, make_user):
    seongbuk = District.objects.get(code="11290")
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=seongbuk)
    welfare = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    culture = Department.objects.create(institution=institution, code="culture", name="문화체육과")
    haengbok = make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", D(2014, 6, 15), None))
    dureh = make_org("두레협동조합", BN_DUREH, "11290", ("cooperative", D(2013, 3, 1), None))
    neulbom = make_org("늘봄사회적협동조합", BN_NEULBOM, "11290", ("social_cooperative", D(2013, 1, 10), None))
    outlet = SalesOutlet.objects.create(name="성북구 사회적경제 판매관", kind="sales_hall", district=seongbuk,
                                        commission_rate_pct=Decimal("15"))
    for org in (haengbok, dureh, neulbom):
        HallProducer.objects.create(outlet=outlet, organisation=org, admitted=D(2013, 1, 1),
                                    commission_rate_pct=Decimal("10") if org is neulbom else None)
    operator = make_user("hall-staff", Role.ORGANISATION_STAFF)
    outlet.staff.add(operator)
    return SimpleNamespace(
        district=seongbuk, institution=institution, welfare=welfare, culture=culture, haengbok=haengbok,
        dureh=dureh, neulbom=neulbom, outlet=outlet, operator=operator,
        centre=make_user("sb-centre", Role.CENTRE_ADMIN, district=seongbuk),
        welfare_officer=make_user("welfare-officer", Role.DEPARTMENT_OFFICER, department=welfare),
        culture_officer=make_user("culture-officer", Role.DEPARTMENT_OFFICER, department=culture),
        other_staff=make_user("other-staff", Role.ORGANISATION_STAFF),
    )
