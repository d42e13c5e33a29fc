from __future__ import annotations

import pytest

from bombaram.web.choices import Role


@pytest.fixture
def demo_ledger(reference):
    """The demonstration registry and the demonstration ledger (approved records of all 13 teams)."""
    from bombaram.programmes.demo import load_demo_ledger
    from bombaram.registry.demo import load_demo_registry

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
