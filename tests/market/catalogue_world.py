"""A small world for the catalogue and trade tests: organisations in 성북, 노원 and 마포 with designations,
their staff, the 성북 centre and a whole-region administrator."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from bombaram.core.names import normalise_name
from bombaram.market.models import OrganisationStaff
from bombaram.registry.models import (
    Designation,
    DesignationType,
    District,
    IndustryGroup,
    Organisation,
)
from bombaram.web.choices import Role

D = dt.date
SEONGBUK, NOWON, MAPO = "11290", "11350", "11440"


def make_org(name: str, district: str, industry: str, *designations: tuple[str, dt.date, dt.date | None]) -> Organisation:
    org = Organisation.objects.create(name=name, name_key=normalise_name(name), district=District.objects.get(code=district),
                                      industry=IndustryGroup.objects.get(code=industry))
    for code, granted, ended in designations:
        Designation.objects.create(organisation=org, type=DesignationType.objects.get(code=code), granted=granted,
                                   ended=ended)
    return org


def build(make_user) -> SimpleNamespace:
    w = SimpleNamespace()
    w.dosirak = make_org("행복도시락", SEONGBUK, "food_beverage", ("certified_se", D(2012, 1, 1), None))
    w.mokgong = make_org("성북목공협동조합", SEONGBUK, "manufacturing", ("cooperative", D(2012, 3, 1), None))
    w.clean = make_org("노원청소사회적협동조합", NOWON, "environment", ("social_cooperative", D(2013, 6, 1), None))
    w.mapo = make_org("마포마을부엌", MAPO, "food_beverage", ("village_enterprise", D(2012, 5, 1), None))
    w.staff = make_user("dosirak-staff", Role.ORGANISATION_STAFF)
    OrganisationStaff.objects.create(organisation=w.dosirak, user=w.staff)
    w.other_staff = make_user("mapo-staff", Role.ORGANISATION_STAFF)
    OrganisationStaff.objects.create(organisation=w.mapo, user=w.other_staff)
    w.centre = make_user("sb-centre", Role.CENTRE_ADMIN, district=District.objects.get(code=SEONGBUK))
    w.region = make_user("region-admin", Role.CENTRE_ADMIN)
    w.public = make_user("someone")
    return w


def png(width: int = 1600, height: int = 900, colour=(200, 80, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()
