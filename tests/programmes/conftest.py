from __future__ import annotations

import datetime as dt

import pytest

from bombaram.web.choices import Role


@pytest.fixture
def seongbuk(reference):
    from bombaram.programmes.models import ProgrammeTeam

    return ProgrammeTeam.objects.select_related("district").get(district__name_ko="성북구")


@pytest.fixture
def nowon(reference):
    from bombaram.programmes.models import ProgrammeTeam

    return ProgrammeTeam.objects.select_related("district").get(district__name_ko="노원구")


@pytest.fixture
def centre(make_user, reference):
    return make_user("centre", Role.CENTRE_ADMIN)


@pytest.fixture
def seongbuk_centre(make_user, seongbuk):
    return make_user("sb-centre", Role.CENTRE_ADMIN, district=seongbuk.district)


@pytest.fixture
def seongbuk_staff(make_user, seongbuk):
    return make_user("sb-team", Role.TEAM_STAFF, team=seongbuk)


@pytest.fixture
def nowon_staff(make_user, nowon):
    return make_user("nw-team", Role.TEAM_STAFF, team=nowon)


@pytest.fixture
def first_year(seongbuk, centre):
    from bombaram.programmes.services import create_contract

    return create_contract(user=centre, team=seongbuk, start=dt.date(2012, 7, 1), end=dt.date(2013, 6, 30),
                           amount_won=200_000_000, evaluation_date=dt.date(2013, 6, 15),
                           targets={"education_trainees": "300", "markets_and_fairs_held": 8})
