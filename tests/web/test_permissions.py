"""Every write is checked against the user's role and scope, in one place."""

import pytest
from django.urls import reverse

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from bombaram.web.permissions import (
    can_edit_organisation,
    can_edit_team,
    can_manage_purchases,
    has_role,
)

CONTACTS = {"phone": "02-6223-0000", "email": "new@example.org", "website": "www.example.org", "address": "서울특별시 성북구 종암로 1"}


@pytest.fixture
def seongbuk(reference):
    return ProgrammeTeam.objects.get(district__code="11290")


@pytest.fixture
def nowon(reference):
    return ProgrammeTeam.objects.get(district__code="11350")


def test_team_staff_is_scoped_to_its_own_team(make_user, seongbuk, nowon):
    staff = make_user("sb", Role.TEAM_STAFF, team=seongbuk)
    assert can_edit_team(staff, seongbuk)
    assert not can_edit_team(staff, nowon)
    assert not has_role(staff, Role.CENTRE_ADMIN)


def test_district_admin_covers_only_its_district(make_user, seongbuk, nowon):
    admin = make_user("sb-admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    city = make_user("city", Role.CENTRE_ADMIN)
    assert can_edit_team(admin, seongbuk) and not can_edit_team(admin, nowon)
    assert can_edit_team(city, seongbuk) and can_edit_team(city, nowon)


def test_an_institution_or_organisation_without_a_district_is_the_whole_regions_only(make_user, seongbuk, nowon):
    """A targets file can create an institution with no district: a district's administrator must
    not manage its purchases (nor an organisation outside the region)."""
    from bombaram.procurement.models import Institution
    from bombaram.registry.models import Organisation

    district_admin = make_user("nw-admin", Role.CENTRE_ADMIN, district=District.objects.get(code="11350"))
    city = make_user("city", Role.CENTRE_ADMIN)
    both = make_user("both", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))
    both.role_assignments.create(role=Role.CENTRE_ADMIN)  # and a whole-region assignment
    loose = Institution.objects.create(code="x-agency", name="지역 없는 기관")
    outside = Organisation(name="지역 밖 조직")
    for user, allowed in ((district_admin, False), (city, True), (both, True)):
        assert can_manage_purchases(user, loose) is allowed
        assert can_edit_organisation(user, outside) is allowed
    seongbuk_office = Institution.objects.create(code="sb", name="성북구청", district=District.objects.get(code="11290"))
    assert not can_manage_purchases(district_admin, seongbuk_office) and can_manage_purchases(both, seongbuk_office)


def test_inactive_and_anonymous_users_hold_no_role(make_user, seongbuk):
    from django.contrib.auth.models import AnonymousUser

    staff = make_user("gone", Role.TEAM_STAFF, team=seongbuk)
    staff.is_active = False
    assert not can_edit_team(staff, seongbuk)
    assert not can_edit_team(AnonymousUser(), seongbuk)


def test_team_staff_saves_its_contacts_and_the_change_is_audited(client, make_user, seongbuk):
    staff = make_user("sb", Role.TEAM_STAFF, team=seongbuk)
    client.force_login(staff)
    response = client.post(reverse("team-detail", args=[seongbuk.pk]), CONTACTS)
    assert response.status_code == 302
    seongbuk.refresh_from_db()
    assert seongbuk.email == "new@example.org"
    event = AuditEvent.objects.get(name="programmes.team.contacts_updated")
    assert event.actor == staff and event.object_id == str(seongbuk.pk)
    assert event.data["changes"]["email"] == {"from": "sbses01@daum.net", "to": "new@example.org"}
    page = client.get(reverse("team-detail", args=[seongbuk.pk])).content.decode()
    assert "연락처를 저장했습니다." in page and "변경 이력" in page


def test_posting_to_another_teams_page_is_refused_and_changes_nothing(client, make_user, seongbuk, nowon):
    client.force_login(make_user("sb", Role.TEAM_STAFF, team=seongbuk))
    before = ProgrammeTeam.objects.values().get(pk=nowon.pk)
    response = client.post(reverse("team-detail", args=[nowon.pk]), CONTACTS)
    assert response.status_code == 403
    assert "권한이 없습니다" in response.content.decode()
    assert ProgrammeTeam.objects.values().get(pk=nowon.pk) == before
    assert not AuditEvent.objects.filter(name="programmes.team.contacts_updated").exists()


def test_anonymous_post_is_refused(client, seongbuk):
    assert client.post(reverse("team-detail", args=[seongbuk.pk]), CONTACTS).status_code == 403


def test_invalid_email_is_shown_in_korean_and_nothing_saved(client, make_user, seongbuk):
    client.force_login(make_user("sb", Role.TEAM_STAFF, team=seongbuk))
    response = client.post(reverse("team-detail", args=[seongbuk.pk]), {**CONTACTS, "email": "not-an-email"})
    assert response.status_code == 200
    assert "올바른 이메일 주소를 입력하세요." in response.content.decode()
    seongbuk.refresh_from_db()
    assert seongbuk.email == "sbses01@daum.net"


def test_the_back_office_is_only_for_administrators(client, make_user, seongbuk):
    client.force_login(make_user("sb", Role.TEAM_STAFF, team=seongbuk))
    assert client.get("/admin/").status_code == 302  # to the admin login
    client.force_login(make_user("city", Role.CENTRE_ADMIN))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/admin/registry/district/" in response.content.decode()


def test_csrf_is_enforced(make_user, seongbuk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("sb", Role.TEAM_STAFF, team=seongbuk))
    assert client.post(reverse("team-detail", args=[seongbuk.pk]), CONTACTS).status_code == 403


def test_a_department_officer_always_has_a_department(make_user):
    """Without one, the assignment would reach every department of every institution."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction
    from django.utils import translation

    from bombaram.web.models import RoleAssignment

    user = make_user("officer-nowhere")
    unscoped = RoleAssignment(user=user, role=Role.DEPARTMENT_OFFICER)
    with translation.override("ko"), pytest.raises(ValidationError) as raised:
        unscoped.full_clean()  # what the back office's form runs
    assert "구매 담당자에게는 부서를 지정해야 합니다." in raised.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        unscoped.save()
    assert not has_role(user, Role.DEPARTMENT_OFFICER)
