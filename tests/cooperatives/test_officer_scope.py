"""A cooperative's officer (the demo's ``coop-officer``) sees and edits only their own cooperative (issue 14,
part 8): every page of another cooperative, founding or fund answers 403, an unknown one 404."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.fixture
def demo_world(reference, tmp_path):
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives
    from bombaram.datagen.demo.founding import load_demo_founding
    from bombaram.datagen.demo.funds import load_demo_funds
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.web.services import create_demo_accounts

    load_demo_registry()
    doksan = load_demo_cooperatives()
    accounts = create_demo_accounts(tmp_path)
    load_demo_ledger()
    founding = load_demo_founding()
    funds = load_demo_funds()
    return doksan, founding, funds, accounts


def test_demo_lists_a_cooperative_officer_account(demo_world):
    doksan, _founding, _funds, accounts = demo_world
    assert "coop-officer" in [u for u, _p, _d in accounts]
    officer = get_user_model().objects.get(username="coop-officer")
    assert list(officer.cooperatives_kept.all()) == [doksan]


def test_officer_sees_own_cooperative_only(client, demo_world):
    doksan, founding, funds, _accounts = demo_world
    other = founding.cooperative
    client.force_login(get_user_model().objects.get(username="coop-officer"))
    listing = client.get(reverse("cooperative-list")).content.decode()
    assert doksan.organisation.name in listing and other.organisation.name not in listing
    for name in ("cooperative-detail", "survey-list", "credit-ledger"):
        assert client.get(reverse(name, args=[doksan.pk])).status_code == 200
        assert client.get(reverse(name, args=[other.pk])).status_code == 403
    assert client.get(reverse("register-download", args=[other.pk, "csv"])).status_code == 403
    assert client.get(reverse("member-certificate", args=[other.pk, 1])).status_code == 403
    assert client.get(reverse("founding-detail", args=[founding.pk])).status_code == 403
    for fund in funds:
        assert client.get(reverse("fund-detail", args=[fund.pk])).status_code == 403
    assert client.get(reverse("cooperative-detail", args=[10**6])).status_code == 404
    # and cannot write there either: a member posted to the other register is refused, nothing written
    before = other.members.count()
    response = client.post(reverse("cooperative-detail", args=[other.pk]),
                           {"action": "member", "m-name": "침입자", "m-member_type": "person", "m-kind": "resident",
                            "m-day": "2014-05-01", "m-shares": "1", "m-amount_won": "10000"})
    assert response.status_code == 403 and other.members.count() == before
