"""The centre names an organisation's staff, who then keep its catalogue; never outside the centre's district."""

from __future__ import annotations

import pytest
from django.test import Client

from bombaram.market.models import OrganisationStaff
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import can_edit_market_records, has_role
from tests.market.catalogue_world import build


@pytest.fixture
def world(reference, make_user):
    return build(make_user)


def test_the_centre_names_staff_of_an_organisation_of_its_district(world, make_user):
    newcomer = make_user("newcomer")
    assert not can_edit_market_records(newcomer, world.mokgong)
    client = Client()
    client.force_login(world.centre)
    response = client.post("/market/catalogue/staff/", {"organisation": world.mokgong.pk, "username": "newcomer"})
    assert response.status_code == 302
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)  # roles are cached per user object
    assert has_role(newcomer, Role.ORGANISATION_STAFF)
    assert can_edit_market_records(newcomer, world.mokgong) and not can_edit_market_records(newcomer, world.dosirak)
    assert AuditEvent.objects.get(name="market.staff.added").data["member"] == "newcomer"
    # 마포 is outside the 성북 centre's district
    refused = client.post("/market/catalogue/staff/", {"organisation": world.mapo.pk, "username": "newcomer"})
    assert refused.status_code == 200 and "담당 자치구 밖" in refused.content.decode()
    unknown = client.post("/market/catalogue/staff/", {"organisation": 99999, "username": "nobody"})
    assert "등록부에 없는 조직 번호입니다" in unknown.content.decode() and "그런 아이디의 사용자가 없습니다" in unknown.content.decode()
    assert OrganisationStaff.objects.filter(user=newcomer).count() == 1
    # the list shows 성북's links only; removing one is the centre's
    page = client.get("/market/catalogue/staff/").content.decode()
    assert "newcomer" in page and "mapo-staff" not in page
    mapo_link = OrganisationStaff.objects.get(user=world.other_staff)
    assert client.post(f"/market/catalogue/staff/{mapo_link.pk}/remove/").status_code == 404
    staff = Client()
    staff.force_login(world.staff)
    assert staff.get("/market/catalogue/staff/").status_code == 403
    link = OrganisationStaff.objects.get(user=newcomer)
    assert staff.post(f"/market/catalogue/staff/{link.pk}/remove/").status_code == 404
    assert client.post(f"/market/catalogue/staff/{link.pk}/remove/").status_code == 302
    assert not OrganisationStaff.objects.filter(user=newcomer).exists()
