"""Fixtures shared by the purchase tests: 성북구청 with two departments and four suppliers."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from bombaram.core.identifiers import make_business_no
from bombaram.core.names import normalise_name
from bombaram.procurement.models import Department, Institution
from bombaram.registry.models import Designation, DesignationType, District, Organisation

BN_HAENGBOK = make_business_no("201810001")   # certified 2014-06-15
BN_DUREH = make_business_no("202860002")      # general cooperative only
BN_NEULBOM = make_business_no("203820003")    # social cooperative, sells through the sales hall
BN_MAPO = make_business_no("204810004")       # village enterprise in 마포구


def make_org(name: str, business_no: str, district: str, *designations: tuple[str, dt.date, dt.date | None]) -> Organisation:
    org = Organisation.objects.create(name=name, name_key=normalise_name(name), business_no=business_no,
                                      district=District.objects.get(code=district))
    for code, granted, ended in designations:
        Designation.objects.create(organisation=org, type=DesignationType.objects.get(code=code), granted=granted, ended=ended)
    return org


@pytest.fixture
def seongbuk(reference):
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=District.objects.get(code="11290"))
    return SimpleNamespace(
        institution=institution,
        welfare=Department.objects.create(institution=institution, code="welfare", name="복지정책과"),
        culture=Department.objects.create(institution=institution, code="culture", name="문화체육과"),
        haengbok=make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", dt.date(2014, 6, 15), None)),
        dureh=make_org("두레협동조합", BN_DUREH, "11290", ("cooperative", dt.date(2013, 3, 1), None)),
        neulbom=make_org("늘봄사회적협동조합", BN_NEULBOM, "11290", ("social_cooperative", dt.date(2013, 1, 10), None)),
        mapo=make_org("마포마을부엌", BN_MAPO, "11440", ("village_enterprise", dt.date(2012, 5, 1), None)),
    )


