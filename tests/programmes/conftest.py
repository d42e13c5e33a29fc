from __future__ import annotations

import datetime as dt

import pytest

from bombaram.web.choices import Role


@pytest.fixture
def demo_ledger(reference):
    """The demonstration registry and the demonstration ledger (approved records of all 13 teams)."""
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()
    return load_demo_ledger()


@pytest.fixture
def teams(reference):
    from bombaram.programmes.models import ProgrammeTeam

    return {t.district.name_ko: t for t in ProgrammeTeam.objects.select_related("district")}


@pytest.fixture
def people(make_user, teams):
    """Staff of 성북 and 노원, two centre administrators (whole region) and an outsider."""
    return {
        "seongbuk": make_user("seongbuk-staff", Role.TEAM_STAFF, team=teams["성북구"]),
        "nowon": make_user("nowon-staff", Role.TEAM_STAFF, team=teams["노원구"]),
        "centre": make_user("centre-a", Role.CENTRE_ADMIN),
        "centre2": make_user("centre-b", Role.CENTRE_ADMIN),
        "outsider": make_user("citizen"),
    }


@pytest.fixture
def organisations(reference):
    from bombaram.registry.models import District, Organisation

    district = District.objects.get(code="11290")
    return [Organisation.objects.create(name=f"성북 테스트 조합 {i}", name_key=f"성북테스트조합{i}", district=district)
            for i in range(1, 5)]


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
