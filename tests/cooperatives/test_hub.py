"""The hub centre (은평 허브) against the database: the demonstration hub's occupancy worked out by hand,
tenancies that may not overlap (service and, on PostgreSQL, the database), shared-room bookings under two
concurrent writers, joint projects, pages, scopes and audit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bombaram.cooperatives import hub as hub_services
from bombaram.cooperatives.models import HubCentre, HubSpace, HubTenancy, HubTenant, RoomBooking
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

D = dt.date


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def hub(reference):
    from bombaram.datagen.demo.hub import load_demo_hub

    return load_demo_hub()


@pytest.fixture
def operator(make_user, hub):
    user = make_user("hub-operator", Role.ORGANISATION_STAFF)
    hub.operators.add(user)
    return user


def test_demo_hub_occupancy_matches_the_hand_count(hub):
    from bombaram.datagen.demo.hub import load_demo_hub

    assert load_demo_hub().pk == hub.pk and hub.spaces.count() == 18 and hub.tenants.count() == 14   # idempotent
    march = hub_services.occupancy(hub, D(2014, 3, 10))
    # offices: 4 growth + 2 partner + 2 grassroots = 8 of 8; desks: 6 teams in 8 → 75 %; total 14 of 16 = 87.5 %
    assert [(k.kind, k.spaces, k.occupied) for k in march.by_space_kind] == [("office", 8, 8), ("desk", 8, 6)]
    assert float(march.by_space_kind[1].rate) == 75.0 and float(march.total.rate) == 87.5
    assert dict(march.tenants_by_kind) == {"incubated": 6, "growth": 4, "partner": 2, "grassroots": 2}
    assert march.monthly_fees_won == 6 * 50_000 + 8 * 200_000 == 1_900_000
    # the first team's tenancy ended on 2014-12-31
    next_year = hub_services.occupancy(hub, D(2015, 1, 15))
    assert next_year.total.occupied == 13 and next_year.monthly_fees_won == 1_850_000
    assert hub_services.occupancy(hub, D(2014, 1, 31)).total.occupied == 0      # before opening


def test_overlapping_tenancy_is_refused_and_nothing_written(hub, operator):
    desk7 = hub.spaces.get(name="공동사무실 7")
    team = HubTenant.objects.create(hub=hub, name="새 팀", kind="incubated")
    first = hub_services.let_space(user=operator, hub=hub, space=desk7, tenant=team, start=D(2014, 4, 1),
                                   end=D(2014, 9, 30), monthly_fee_won=50_000)
    before = (HubTenancy.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as raised:
        hub_services.let_space(user=operator, hub=hub, space=desk7, tenant=team, start=D(2014, 9, 30), end=None,
                               monthly_fee_won=50_000)
    assert raised.value.messages[0] == "이 공간은 그 기간 중 일부에 이미 입주 계약이 있습니다. (입주 2014-04-01 – 2014-09-30)"
    with pytest.raises(ValidationError, match="종료일이 시작일보다 앞섭니다"):
        hub_services.let_space(user=operator, hub=hub, space=desk7, tenant=team, start=D(2014, 12, 1),
                               end=D(2014, 11, 1), monthly_fee_won=1)
    with pytest.raises(ValidationError, match="시간 단위로 예약합니다"):
        hub_services.let_space(user=operator, hub=hub, space=hub.spaces.get(name="교육장"), tenant=team,
                               start=D(2015, 1, 1), end=None, monthly_fee_won=1)
    assert (HubTenancy.objects.count(), AuditEvent.objects.count()) == before
    # the next day is free
    hub_services.let_space(user=operator, hub=hub, space=desk7, tenant=team, start=D(2014, 10, 1), end=None,
                           monthly_fee_won=60_000)
    assert AuditEvent.objects.filter(name="cooperatives.hub.space_let", object_id=str(first.pk)).exists()


def test_the_database_refuses_an_overlap_on_postgresql(hub):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraints are PostgreSQL's; on SQLite the service's locked check guards")
    desk = hub.spaces.get(name="공동사무실 1")        # let from 2014-02-01 to 2014-12-31 in the demo
    tenant = hub.tenants.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        HubTenancy.objects.create(space=desk, tenant=tenant, start=D(2014, 12, 31), end=None, monthly_fee_won=1)
    HubTenancy.objects.create(space=desk, tenant=tenant, start=D(2015, 1, 1), end=None, monthly_fee_won=1)
    room = hub.spaces.get(name="공용 회의실")         # booked 10:00–12:00 on 2014-03-10
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomBooking.objects.create(space=room, tenant=tenant, starts=at(D(2014, 3, 10), 11), ends=at(D(2014, 3, 10), 13))
    RoomBooking.objects.create(space=room, tenant=tenant, starts=at(D(2014, 3, 10), 12), ends=at(D(2014, 3, 10), 13))


def test_bookings_half_open_and_only_shared_rooms(hub, operator):
    room = hub.spaces.get(name="공용 회의실")
    tenant = hub.tenants.get(name="은평사회적경제특화사업단")
    day = D(2014, 3, 10)     # the demo books 10–12 and 14–15
    hub_services.book_room(user=operator, hub=hub, space=room, tenant=tenant, starts=at(day, 12), ends=at(day, 14))
    with pytest.raises(ValidationError, match="이미 예약되어 있습니다"):
        hub_services.book_room(user=operator, hub=hub, space=room, tenant=tenant, starts=at(day, 13, 30), ends=at(day, 14, 30))
    with pytest.raises(ValidationError, match="종료 시각은 시작 시각보다 뒤여야"):
        hub_services.book_room(user=operator, hub=hub, space=room, tenant=tenant, starts=at(day, 16), ends=at(day, 16))
    with pytest.raises(ValidationError, match="공용 회의실만"):
        hub_services.book_room(user=operator, hub=hub, space=hub.spaces.get(name="공동사무실 8"), tenant=tenant,
                               starts=at(day, 16), ends=at(day, 17))
    assert [b.starts.astimezone(timezone.get_current_timezone()).hour for b in hub_services.bookings(hub, day=day)
            if b.space_id == room.pk] == [10, 12, 14]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_book_a_slot_once(reference, make_user):
    """Two threads, each with its own database connection, try to book overlapping slots of one room at
    the same moment, many times over: exactly one of each pair succeeds, and no two bookings overlap."""
    from bombaram.datagen.demo.hub import load_demo_hub

    hub = load_demo_hub()
    operator = make_user("hub-operator", Role.ORGANISATION_STAFF)
    hub.operators.add(operator)
    room = hub.spaces.get(name="교육장")
    tenants = list(hub.tenants.order_by("pk")[:2])
    rounds = 15
    barrier = threading.Barrier(2)
    outcomes: list[tuple[int, int, bool]] = []
    errors: list[BaseException] = []

    def writer(index: int):
        try:
            for n in range(rounds):
                day = D(2015, 1, 1) + dt.timedelta(days=n)
                barrier.wait()
                try:   # slots 10:00–11:00 and 10:30–11:30: they overlap
                    hub_services.book_room(user=operator, hub=hub, space=room, tenant=tenants[index],
                                           starts=at(day, 10, 30 * index), ends=at(day, 11, 30 * index))
                    outcomes.append((n, index, True))
                except ValidationError as error:
                    assert error.messages[0] == "그 시간 중 일부에 이 회의실은 이미 예약되어 있습니다."
                    outcomes.append((n, index, False))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for n in range(rounds):
        assert sorted(ok for m, _i, ok in outcomes if m == n) == [False, True], n
    slots = sorted(RoomBooking.objects.filter(space=room, starts__year=2015).values_list("starts", "ends"))
    assert len(slots) == rounds
    assert all(a_end <= b_start for (_a, a_end), (b_start, _b) in zip(slots, slots[1:], strict=False))


def test_pages_walk(client, hub, operator):
    client.force_login(operator)
    page = client.get(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10").content.decode()
    assert "87.5%" in page and "1,900,000" in page and "지역화폐 시범사업" in page and "예시 데이터" in page
    assert hub.name in client.get("/cooperatives/hubs/").content.decode()
    assert "/cooperatives/hubs/" in client.get("/cooperatives/").content.decode()
    desk = hub.spaces.get(name="공동사무실 8")
    tenant = hub.tenants.get(name="청년 창업팀 B (예시)")
    data = {"action": "let", "l-space": desk.pk, "l-tenant": tenant.pk, "l-start": "2014-03-01", "l-monthly_fee_won": "50000"}
    assert client.post(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10", data).status_code == 302
    again = client.post(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10", data)
    assert again.status_code == 400 and "이미 입주 계약이 있습니다" in again.content.decode()
    tenancy = HubTenancy.objects.get(space=desk)
    ended = client.post(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10",
                        {"action": "end", "tenancy": tenancy.pk, "end": "2014-06-30"})
    assert ended.status_code == 302
    tenancy.refresh_from_db()
    assert tenancy.end == D(2014, 6, 30)
    booking = {"b-space": hub.spaces.get(name="교육장").pk, "b-tenant": tenant.pk, "b-day": "2014-03-10",
               "b-starts": "15:00", "b-ends": "17:00", "b-purpose": "워크숍"}
    clash = client.post(f"/cooperatives/hubs/{hub.pk}/bookings/", booking)      # 13–16 is booked
    assert clash.status_code == 400 and "이미 예약되어 있습니다" in clash.content.decode()
    booking["b-starts"] = "16:00"
    assert client.post(f"/cooperatives/hubs/{hub.pk}/bookings/", booking).status_code == 302
    assert "워크숍" in client.get(f"/cooperatives/hubs/{hub.pk}/bookings/?day=2014-03-10").content.decode()
    project = {"action": "project", "p-name": "공동 구매", "p-tenants": [tenant.pk]}
    assert client.post(f"/cooperatives/hubs/{hub.pk}/", project).status_code == 302
    assert list(hub.projects.get(name="공동 구매").tenants.all()) == [tenant]
    space = {"action": "space", "s-name": "공동사무실 9", "s-kind": "desk", "s-capacity": "2", "s-monthly_fee_won": "50000"}
    assert client.post(f"/cooperatives/hubs/{hub.pk}/", space).status_code == 302
    new_tenant = {"action": "tenant", "t-name": "새 입주 팀", "t-kind": "incubated"}
    assert client.post(f"/cooperatives/hubs/{hub.pk}/", new_tenant).status_code == 302
    assert HubSpace.objects.filter(hub=hub, name="공동사무실 9").exists() and hub.tenants.filter(name="새 입주 팀").exists()


def test_scopes(client, hub, operator, make_user, reference):
    from bombaram.registry.models import District

    eunpyeong_admin = make_user("ep-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="은평구"))
    nowon_admin = make_user("nw-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="노원구"))
    other_operator = make_user("other-op", Role.ORGANISATION_STAFF)
    other = HubCentre.objects.create(name="다른 허브", district=District.objects.get(name_ko="노원구"))
    other.operators.add(other_operator)
    for user, allowed in ((operator, True), (eunpyeong_admin, True), (nowon_admin, False), (other_operator, False)):
        client.force_login(user)
        assert client.get(f"/cooperatives/hubs/{hub.pk}/").status_code == (200 if allowed else 403)
        assert client.get(f"/cooperatives/hubs/{hub.pk}/bookings/").status_code == (200 if allowed else 403)
    with pytest.raises(PermissionDenied):
        hub_services.add_space(user=other_operator, hub=hub, name="x", kind="desk", capacity=1, monthly_fee_won=0)
    # a space of another hub cannot be let through this one
    other_space = HubSpace.objects.create(hub=other, name="사무실", kind="office")
    with pytest.raises(ValidationError, match="이 허브의 공간과 입주 조직"):
        hub_services.let_space(user=operator, hub=hub, space=other_space, tenant=hub.tenants.first(),
                               start=D(2014, 1, 1), end=None, monthly_fee_won=1)


def test_hub_page_queries_do_not_grow_with_tenancies(client, hub, operator, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(20):
        assert client.get(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10").status_code == 200
    for i in range(10):
        space = HubSpace.objects.create(hub=hub, name=f"추가 좌석 {i}", kind="desk")
        tenant = HubTenant.objects.create(hub=hub, name=f"추가 팀 {i}", kind="incubated")
        hub_services.let_space(user=operator, hub=hub, space=space, tenant=tenant, start=D(2014, 3, 1), end=None,
                               monthly_fee_won=1)
    with django_assert_max_num_queries(20):
        assert client.get(f"/cooperatives/hubs/{hub.pk}/?as_of=2014-03-10").status_code == 200
