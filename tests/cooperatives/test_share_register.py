"""Share registers: the 독산고 case, services (scoped, audited, all or nothing), pages and downloads."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.cooperatives import queries, services
from bombaram.cooperatives.models import Member, ShareEvent
from bombaram.registry.models import CooperativeCount
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

D = dt.date


def totals(cooperative, as_of):
    register, _ = queries.register(cooperative, as_of)
    return {k.kind: (k.members, k.shares, k.paid_won) for k in register.by_kind}, register.total


def test_doksan_register_reproduces_the_report(doksan):
    """교원 17명 40구좌 200만원 as printed; 학부모 15명 45구좌 at 5만원 = 225만원 (printed 230만원)."""
    by_kind, total = totals(doksan, D(2014, 1, 31))
    assert by_kind == {"teacher": (17, 40, 2_000_000), "parent": (15, 45, 2_250_000)}
    assert (total.members, total.shares, total.paid_won) == (32, 85, 4_250_000)
    assert "230만원" in doksan.note and "225만원" in doksan.note       # the gap is shown, not hidden
    # the founding assembly (2013-08-30) had 20 members, as the report says
    assert totals(doksan, D(2013, 8, 30))[1].members == 20
    assert totals(doksan, D(2013, 8, 29))[1].members == 0


def test_demo_feeds_the_registry_figures_and_is_idempotent(doksan):
    from bombaram.datagen.demo.cooperatives import load_demo_cooperatives

    count = CooperativeCount.objects.get(organisation=doksan.organisation)
    assert (count.counted_on, count.members, count.capital_won) == (D(2014, 1, 31), 32, 4_250_000)
    assert load_demo_cooperatives() == doksan
    assert Member.objects.filter(cooperative=doksan).count() == 32
    assert ShareEvent.objects.filter(cooperative=doksan).count() == 32


def test_officer_admits_a_member_and_the_audit_records_it(doksan, officer):
    member = services.add_member(user=officer, cooperative=doksan, name="학생 조합원 01", kind="student",
                                 member_type="person", day=D(2014, 3, 2), shares=1, amount_won=50_000)
    assert member.number == 33
    by_kind, total = totals(doksan, D(2014, 3, 2))
    assert by_kind["student"] == (1, 1, 50_000) and total.paid_won == 4_300_000
    assert totals(doksan, D(2014, 3, 1))[1].members == 32
    event = AuditEvent.objects.get(name="cooperatives.member.joined")
    assert event.actor == officer and event.data["shares"] == 1


def test_transfer_and_withdrawal_move_capital_and_are_replayed(doksan, officer):
    first, second = Member.objects.filter(cooperative=doksan).order_by("number")[:2]   # 2 shares each, paid
    services.record_share_event(user=officer, cooperative=doksan, member=first, kind="transfer", day=D(2014, 2, 1),
                                shares=1, amount_won=50_000, counterparty=second)
    services.record_share_event(user=officer, cooperative=doksan, member=first, kind="withdraw", day=D(2014, 3, 1))
    register, _ = queries.register(doksan, D(2014, 2, 1))
    held = {h.member: (h.shares, h.paid_won) for h in register.holdings}
    assert held[first.pk] == (1, 50_000) and held[second.pk] == (3, 150_000)
    assert register.total.paid_won == 4_250_000                       # a transfer creates no capital
    by_kind, total = totals(doksan, D(2014, 3, 1))
    assert by_kind["teacher"] == (16, 39, 1_950_000) and total.members == 31


def test_bad_event_is_refused_with_one_korean_message_and_nothing_written(doksan, officer):
    first = Member.objects.get(cooperative=doksan, number=1)
    before = ShareEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:     # 2 shares fully paid: a further payment overpays
        services.record_share_event(user=officer, cooperative=doksan, member=first, kind="pay", day=D(2014, 2, 1),
                                    amount_won=10_000)
    assert caught.value.messages == ["2014-02-01: 납입 출자금이 약정 구좌 × 1구좌 금액을 넘게 됩니다."]
    with pytest.raises(ValidationError):              # joining with payment beyond the shares: no member left behind
        services.add_member(user=officer, cooperative=doksan, name="과납 조합원", kind="parent", member_type="person",
                            day=D(2014, 2, 1), shares=1, amount_won=60_000)
    assert (ShareEvent.objects.count(), AuditEvent.objects.count()) == before
    assert not Member.objects.filter(name="과납 조합원").exists()


def test_backdated_withdrawal_that_breaks_a_later_transfer_is_refused(doksan, officer):
    first, second = Member.objects.filter(cooperative=doksan).order_by("number")[:2]
    services.record_share_event(user=officer, cooperative=doksan, member=first, kind="transfer", day=D(2014, 2, 1),
                                shares=1, amount_won=50_000, counterparty=second)
    with pytest.raises(ValidationError) as caught:
        services.record_share_event(user=officer, cooperative=doksan, member=first, kind="withdraw", day=D(2014, 1, 10))
    assert caught.value.messages == ["2014-02-01: 그 날짜에는 이미 탈퇴한 조합원입니다."]


def test_scope_another_cooperative_officer_and_other_district_admin_are_refused(doksan, make_user):
    from bombaram.registry.models import District

    stranger = make_user("other-coop", Role.ORGANISATION_STAFF)                  # staff, not on this register
    mapo = make_user("mapo-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="마포구"))
    for user in (stranger, mapo):
        with pytest.raises(PermissionDenied):
            services.send_counts_to_registry(user=user, cooperative=doksan, as_of=D(2014, 2, 1))
        assert queries.cooperatives_for_user(user) == []
    assert not CooperativeCount.objects.filter(counted_on=D(2014, 2, 1)).exists()


def test_district_admin_sends_counts_to_the_registry(doksan, geumcheon_admin):
    count = services.send_counts_to_registry(user=geumcheon_admin, cooperative=doksan, as_of=D(2013, 8, 30))
    assert (count.members, count.capital_won) == (20, 10 * 2 * 50_000 + 10 * 3 * 50_000)   # 10 teachers × 2, 10 parents × 3
    assert queries.cooperatives_for_user(geumcheon_admin) == [doksan]


def test_pages_for_the_officer_and_refusals(client, doksan, officer, make_user):
    client.force_login(officer)
    html = client.get(f"/cooperatives/{doksan.pk}/?as_of=2014-01-31").content.decode()
    assert "독산고건강매점협동조합" in html and ">4,250,000<" in html and ">2,000,000<" in html and ">85<" in html
    cert = client.get(f"/cooperatives/{doksan.pk}/members/1/certificate/?as_of=2014-01-31").content.decode()
    assert "조합원 증명서" in cert and "교원 조합원 01" in cert and ">100,000<" in cert
    assert client.get(f"/cooperatives/{doksan.pk}/members/1/certificate/?as_of=2013-01-01").status_code == 404
    response = client.post(f"/cooperatives/{doksan.pk}/?as_of=2014-01-31", {
        "action": "member", "m-name": "", "m-member_type": "person", "m-kind": "parent", "m-day": "2014-02-30",
        "m-shares": "0", "m-amount_won": "0"})
    assert response.status_code == 400 and Member.objects.filter(cooperative=doksan).count() == 32
    assert "올바른 날짜" in response.content.decode() or "유효한 날짜" in response.content.decode()
    client.force_login(make_user("other-coop", Role.ORGANISATION_STAFF))
    assert client.get(f"/cooperatives/{doksan.pk}/").status_code == 403
    assert client.get(f"/cooperatives/{doksan.pk}/register.csv").status_code == 403


def test_csv_and_xlsx_downloads(client, doksan, officer):
    from openpyxl import load_workbook

    client.force_login(officer)
    raw = client.get(f"/cooperatives/{doksan.pk}/register.csv?as_of=2014-01-31").content
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("번호,이름,개인/조직,조합원 구분") and len(lines) == 33
    assert lines[1] == "1,교원 조합원 01,개인,교원,2013-08-30,,2,100000"
    book = load_workbook(io.BytesIO(client.get(f"/cooperatives/{doksan.pk}/register.xlsx?as_of=2014-01-31").content))
    totals_sheet = [row for row in book["구분별 합계"].iter_rows(values_only=True)]
    assert ("교원", 17, 40, 2_000_000) in totals_sheet and ("학부모", 15, 45, 2_250_000) in totals_sheet
    assert ("합계", 32, 85, 4_250_000) in totals_sheet
    assert client.get(f"/cooperatives/{doksan.pk}/register.csv?as_of=nonsense").status_code == 400


def test_list_page_query_count(client, doksan, geumcheon_admin, django_assert_max_num_queries):
    client.force_login(geumcheon_admin)
    with django_assert_max_num_queries(12):
        html = client.get("/cooperatives/").content.decode()
    assert "독산고건강매점협동조합" in html
