"""Needs posted in the browser by an organisation's staff (its own organisation only) and by the centre for a
group purchase (its own districts only): the services' checks, the forms' Korean messages, the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bombaram.market.models import Need, NeedBuyer
from bombaram.market.queries import needs as queries
from bombaram.market.services import needs as services
from bombaram.registry.models import District
from bombaram.web.models import AuditEvent
from tests.market.catalogue_world import MAPO, SEONGBUK, build

D = dt.date


@pytest.fixture
def world(reference, make_user):
    return build(make_user)


def _org_need(world, user, organisation, **extra):
    values = dict(user=user, poster="organisation", organisation=organisation, title="포장 상자 납품",
                  category="goods", needed_on=D(2014, 9, 1))
    return services.post_need(**{**values, **extra})


# ---- services -------------------------------------------------------------------------------------

def test_staff_post_their_organisations_need_in_its_district(world):
    need = _org_need(world, world.staff, world.dosirak, quantity_per_month=500)
    assert (need.poster, need.organisation, need.district.code, need.department) == (
        "organisation", world.dosirak, SEONGBUK, None)
    event = AuditEvent.objects.get(name="market.need.posted")
    assert (event.actor, event.data["poster"], event.data["district"]) == (world.staff, "organisation", SEONGBUK)
    # the staff see and edit their organisation's need, another organisation's staff do not edit it
    assert need in queries.needs_for_user(world.staff)
    from bombaram.web.permissions import can_edit_need
    assert can_edit_need(world.staff, need) and not can_edit_need(world.other_staff, need)


def test_a_district_given_for_an_organisations_need_is_its_own_not_the_callers(world):
    need = _org_need(world, world.staff, world.dosirak, district=District.objects.get(code=MAPO))
    assert need.district.code == SEONGBUK


@pytest.mark.parametrize("who", ["other_staff", "public", "centre"])
def test_nobody_else_posts_for_an_organisation(world, who):
    # 마포's staff, a user without a role, 성북's centre for a 마포 organisation
    organisation = world.mapo if who == "centre" else world.dosirak
    with pytest.raises(PermissionDenied):
        _org_need(world, getattr(world, who), organisation)
    assert not Need.objects.exists() and not AuditEvent.objects.filter(name="market.need.posted").exists()


def test_the_centre_covering_the_district_posts_for_an_organisation(world):
    assert _org_need(world, world.centre, world.dosirak).organisation == world.dosirak


def test_an_organisation_without_a_district_cannot_post(world):
    world.dosirak.district = None
    world.dosirak.save(update_fields=["district"])
    with pytest.raises(services.NeedError, match="조직의 자치구가 정해지지 않아"):
        _org_need(world, world.staff, world.dosirak)
    assert not Need.objects.exists()


def test_group_purchase_sums_its_buyers_and_only_the_centre_posts_it(world):
    seongbuk = District.objects.get(code=SEONGBUK)
    values = dict(poster="group", district=seongbuk, group_name="성북 학부모회", title="교복", category="goods",
                  needed_on=D(2015, 2, 1), buyers=[("성북중", 120, 18_000_000), ("종암중", 80, 12_000_000)])
    for user in (world.staff, world.public):
        with pytest.raises(PermissionDenied):
            services.post_need(user=user, **values)
    need = services.post_need(user=world.centre, **values)
    # 120 + 80 = 200 uniforms; 18,000,000 + 12,000,000 = 30,000,000 won
    assert (need.quantity, need.budget_won, need.organisation) == (200, 30_000_000, None)
    assert list(NeedBuyer.objects.filter(need=need).order_by("pk").values_list("name", "quantity")) == [
        ("성북중", 120), ("종암중", 80)]
    with pytest.raises(PermissionDenied):  # 성북's centre, 마포's buyers
        services.post_need(user=world.centre, **{**values, "district": District.objects.get(code=MAPO)})
    assert Need.objects.count() == 1


# ---- pages ----------------------------------------------------------------------------------------

def _form(**extra):
    return {"title": "포장 상자 납품", "category": "goods", "needed_on": "2014-09-01", **extra}


def test_staff_post_on_the_organisation_page_and_see_only_their_organisation(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("need-new-organisation")).content.decode()
    assert f'<option value="{world.dosirak.pk}" selected>행복도시락</option>' in html and "마포마을부엌" not in html
    response = client.post(reverse("need-new-organisation"), _form(organisation=world.dosirak.pk, quantity_per_month="300"))
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("need-detail", args=[need.pk])
    assert (need.organisation, need.quantity_per_month, need.created_by) == (world.dosirak, 300, world.staff)
    assert "우리 조직의 수요 등록" in client.get(reverse("need-list")).content.decode()


def test_a_forged_organisation_id_is_refused_with_one_korean_message(client, world):
    client.force_login(world.staff)
    for forged in (world.mapo.pk, 999_999, "x"):
        response = client.post(reverse("need-new-organisation"), _form(organisation=forged))
        html = response.content.decode()
        assert response.status_code == 200 and html.count("자기 조직의 수요만 올릴 수 있습니다.") == 1
    assert not Need.objects.exists()


def test_the_organisation_form_checks_its_fields_in_korean(client, world):
    client.force_login(world.staff)
    html = client.post(reverse("need-new-organisation"), _form(organisation=world.dosirak.pk, title="  ",
                                                                  needed_on="2014-13-01")).content.decode()
    assert "필수 항목입니다" in html and "날짜" in html and not Need.objects.exists()


def test_who_may_open_the_posting_pages(client, world):
    assert client.get(reverse("need-new-organisation")).status_code == 302  # to the login
    assert client.get(reverse("need-new-group")).status_code == 302
    client.force_login(world.public)
    assert client.get(reverse("need-new-organisation")).status_code == 403
    assert client.get(reverse("need-new-group")).status_code == 403
    client.force_login(world.staff)
    assert client.get(reverse("need-new-group")).status_code == 403
    html = client.get(reverse("need-list")).content.decode()
    assert reverse("need-new-organisation") in html and reverse("need-new-group") not in html


def test_centre_posts_a_group_purchase_with_its_buyers(client, world):
    client.force_login(world.centre)
    seongbuk = District.objects.get(code=SEONGBUK)
    html = client.get(reverse("need-new-group")).content.decode()
    assert f'<option value="{seongbuk.pk}">성북구</option>' in html and "마포구" not in html
    response = client.post(reverse("need-new-group"), _form(
        group_name="성북 학부모회", district=seongbuk.pk, title="중학교 교복",
        buyers="성북중, 120, 18,000,000\n\n종암중\t80\t1200만원\n"))
    need = Need.objects.get()
    assert response["Location"] == reverse("need-detail", args=[need.pk])
    # 120 + 80; 18,000,000 + 12,000,000
    assert (need.poster, need.group_name, need.quantity, need.budget_won) == ("group", "성북 학부모회", 200, 30_000_000)
    assert [(b.name, b.quantity, b.amount_won) for b in need.buyers.order_by("pk")] == [
        ("성북중", 120, 18_000_000), ("종암중", 80, 12_000_000)]


@pytest.mark.parametrize(("buyers", "message"), [
    ("성북중, 120\n종암중", "2번째 줄: 이름, 수량, (선택) 금액을 쉼표로 나누어 적어 주세요."),
    ("성북중, 0", "1번째 줄: 수량은 1 이상의 정수여야 합니다."),
    ("성북중, 12.5", "1번째 줄: 수량은 1 이상의 정수여야 합니다."),
    ("성북중, 10, 많이", "1번째 줄: 금액은 원 단위 정수여야 합니다."),
    ("\n \n", "필수 항목입니다"),
])
def test_group_purchase_buyer_lines_are_checked_with_the_line(client, world, buyers, message):
    client.force_login(world.centre)
    seongbuk = District.objects.get(code=SEONGBUK)
    html = client.post(reverse("need-new-group"), _form(group_name="학부모회", district=seongbuk.pk,
                                                        buyers=buyers)).content.decode()
    assert message in html
    assert not Need.objects.exists()


def test_a_forged_district_for_a_group_purchase_is_refused(client, world):
    client.force_login(world.centre)
    mapo = District.objects.get(code=MAPO)
    html = client.post(reverse("need-new-group"), _form(group_name="학부모회", district=mapo.pk,
                                                        buyers="마포중, 10")).content.decode()
    assert html.count("관리하는 자치구를 골라 주세요.") == 1 and not Need.objects.exists()
