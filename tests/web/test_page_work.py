"""What each main page costs per request on the demonstration data: a fixed, small number of
queries (no query per row), and the statistics tables computed once for all the server's workers."""

from __future__ import annotations

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

#: page → most queries one warm request may run (docs/deployment.md explains each)
LIMITS = {
    "/": 5,                       # the teams on the map, their districts, the summary computed from the ledger (2)
    "/organisations/": 6,         # filters' choices, the count, one page of organisations with their designations
    "/statistics/": 3,            # the registry revision (then the tables and latest date this process holds)
    "/programmes/{team}/": 9,     # team, contracts, targets, ledger (2), consortium, staff, accounts (2)
    "/purchase/purchases/": 6,    # session, user, role and scope, one page of the department's purchases, their count
}


@pytest.fixture
def demo(reference, tmp_path):
    from bombaram.web.demo import load_demo

    load_demo(tmp_path)


def _count(client, path: str) -> tuple[int, int]:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, len(queries)


def test_main_pages_run_a_few_queries_whatever_the_rows(client, demo):
    from django.contrib.auth import get_user_model

    from bombaram.programmes.models import ProgrammeTeam

    team = ProgrammeTeam.objects.get(name="성북구사회적경제지원단")
    for template, limit in LIMITS.items():
        path = template.format(team=team.pk)
        if path.startswith("/purchase/"):
            client.force_login(get_user_model().objects.get(username="seongbuk-general"))
        client.get(path)  # warm: the statistics tables are computed and cached by the first view
        status, count = _count(client, path)
        assert status == 200, path
        assert count <= limit, f"{path}: {count} queries"


def test_statistics_are_computed_once_and_kept_in_the_shared_cache(client, demo):
    """The cache is a database table, so every worker process (and every server on one PostgreSQL)
    reads the tables the first one computed."""
    from django.conf import settings
    from django.core.cache import cache

    from bombaram.registry.models import current_revision

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.clear()
    _, first = _count(client, "/statistics/")
    _, second = _count(client, "/statistics/")
    assert first > 10 and second <= LIMITS["/statistics/"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM bombaram_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(f"ecosystem:{current_revision()}:" in key for key in keys), keys
