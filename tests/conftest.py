"""Shared fixtures: reference data in the test database, users with roles, a fast password hasher."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # each test's database is rolled back or flushed, so registry revisions repeat between tests: the
    # cache (a table of the database, which a flush leaves alone) starts empty; tests without a
    # database have no cache to clear
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            from django.core.cache import cache

            from bombaram.ecosystem.queries import forget_local

            cache.clear()
            forget_local()
            break


@pytest.fixture
def reference(db):
    """Seoul's districts, industries, designation types and the 13 programme teams."""
    from bombaram.programmes.services import load_reference_teams
    from bombaram.registry.services import load_reference_data
    from bombaram.web.services import ensure_role_groups

    load_reference_data()
    load_reference_teams()
    ensure_role_groups()


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    from bombaram.web.services import assign_role

    def make(username: str, role=None, password: str = "correct-horse-battery", **scope):
        user = get_user_model().objects.create_user(username=username, password=password)
        if role is not None:
            assign_role(user=user, role=role, **scope)
        return user

    return make


# the sales hall tests' fixtures (tests/market/test_hall_*.py)
pytest_plugins = ["tests.market.hall_fixtures"]
