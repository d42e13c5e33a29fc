"""Consortium and staff: who may change them, pending organisations linked later, bad input in Korean."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.core.identifiers import make_business_no
from bombaram.core.names import normalise_name
from bombaram.programmes.models import ConsortiumMember, TeamStaff
from bombaram.programmes.services import (
    add_consortium_member,
    add_team_staff,
    link_consortium_member,
    remove_consortium_member,
    remove_team_staff,
)
from bombaram.registry.models import Organisation
from bombaram.web.models import AuditEvent


@pytest.fixture
def org(seongbuk):
    return Organisation.objects.create(name="정릉마을 돌봄협동조합", name_key=normalise_name("정릉마을 돌봄협동조합"),
                                       district=seongbuk.district)


def test_team_staff_add_lead_member_and_pending(seongbuk, seongbuk_staff, org):
    lead = add_consortium_member(user=seongbuk_staff, team=seongbuk, organisation=org, role="lead")
    number = make_business_no("301810001")
    pending = add_consortium_member(user=seongbuk_staff, team=seongbuk, pending_name=" 동네부엌 준비모임 ",
                                    pending_business_no=f"{number[:3]}-{number[3:5]}-{number[5:]}")
    assert lead.name == "정릉마을 돌봄협동조합" and lead.role == "lead"
    assert pending.pending and pending.name == "동네부엌 준비모임" and pending.pending_business_no == number
    assert AuditEvent.objects.filter(name="programmes.consortium.member_added").count() == 2


def test_one_lead_and_no_duplicates(seongbuk, seongbuk_staff, org):
    add_consortium_member(user=seongbuk_staff, team=seongbuk, organisation=org, role="lead")
    with pytest.raises(ValidationError, match="이미"):
        add_consortium_member(user=seongbuk_staff, team=seongbuk, organisation=org)
    with pytest.raises(ValidationError, match="주관기관은 한 곳"):
        add_consortium_member(user=seongbuk_staff, team=seongbuk, pending_name="다른 곳", role="lead")
    assert ConsortiumMember.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"pending_name": "  "}, "이름을 적어"),
    ({"pending_name": "가게", "pending_business_no": "123-45-678"}, "사업자등록번호"),
    ({"pending_name": "가게", "pending_business_no": "1234567890"}, "검증 숫자"),
    ({"pending_name": "가게", "pending_business_no": "123-45-***90"}, "가려진"),
    ({"pending_name": "가게", "role": "boss"}, "역할"),
])
def test_bad_member_input_in_korean(seongbuk, seongbuk_staff, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        add_consortium_member(user=seongbuk_staff, team=seongbuk, **kwargs)
    assert not ConsortiumMember.objects.exists()


def test_linking_keeps_the_pending_name(seongbuk, seongbuk_staff, org):
    pending = add_consortium_member(user=seongbuk_staff, team=seongbuk, pending_name="정릉 돌봄 (준비모임)")
    linked = link_consortium_member(user=seongbuk_staff, member=pending, organisation=org)
    assert linked.organisation == org and linked.pending_name == "정릉 돌봄 (준비모임)" and linked.linked
    assert linked.name == org.name
    event = AuditEvent.objects.get(name="programmes.consortium.member_linked")
    assert event.data["pending_name"] == "정릉 돌봄 (준비모임)" and event.data["organisation"] == org.pk
    with pytest.raises(ValidationError, match="이미 등록부"):
        link_consortium_member(user=seongbuk_staff, member=linked, organisation=org)


def test_another_team_cannot_touch_the_consortium_or_staff(seongbuk, seongbuk_staff, nowon_staff, org):
    member = add_consortium_member(user=seongbuk_staff, team=seongbuk, organisation=org)
    person = add_team_staff(user=seongbuk_staff, team=seongbuk, name="김하늘", role="사업단장", email="a@example.org")
    with pytest.raises(PermissionDenied):
        add_consortium_member(user=nowon_staff, team=seongbuk, pending_name="남의 조직")
    with pytest.raises(PermissionDenied):
        remove_consortium_member(user=nowon_staff, member=member)
    with pytest.raises(PermissionDenied):
        link_consortium_member(user=nowon_staff, member=member, organisation=org)
    with pytest.raises(PermissionDenied):
        remove_team_staff(user=nowon_staff, staff=person)
    assert ConsortiumMember.objects.count() == 1 and TeamStaff.objects.count() == 1


def test_staff_added_and_removed_with_audit(seongbuk, seongbuk_centre):
    person = add_team_staff(user=seongbuk_centre, team=seongbuk, name="이보람", role="코디네이터", phone="02-000-0000")
    remove_team_staff(user=seongbuk_centre, staff=person)
    assert not TeamStaff.objects.exists()
    removed = AuditEvent.objects.get(name="programmes.staff.removed")
    assert removed.data["person"] == "이보람" and removed.data["phone"] == "02-000-0000"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": ""}, "이름을 적어"), ({"name": "김", "email": "not-an-email"}, "이메일"),
    ({"name": "가" * 101}, "100자"),
])
def test_bad_staff_input_in_korean(seongbuk, seongbuk_staff, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        add_team_staff(user=seongbuk_staff, team=seongbuk, **kwargs)
    assert not TeamStaff.objects.exists()
