import pytest

from bombaram.web.choices import Role


@pytest.fixture
def doksan(reference):
    """The demonstration register of 독산고건강매점협동조합 (the report's composition)."""
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives

    return load_demo_cooperatives()


@pytest.fixture
def officer(make_user, doksan):
    user = make_user("doksan-officer", Role.ORGANISATION_STAFF)
    doksan.officers.add(user)
    return user


@pytest.fixture
def geumcheon_admin(make_user, reference):
    from bombaram.registry.models import District

    return make_user("geumcheon-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="금천구"))
