"""Recording, submitting, approving and returning ledger records: scope, separation of duties, audit, pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from bombaram.core.programme_ledger import Kind, LedgerEntry, LedgerError, Participant
from bombaram.programmes import services
from bombaram.programmes.models import LedgerParticipant, LedgerRecord
from bombaram.web.models import AuditEvent

pytestmark = pytest.mark.django_db
DAY = dt.date(2013, 6, 1)


def market(orgs, **extra) -> LedgerEntry:
    values = {"place": "성북구청 광장", "visitors": 300, "amount_won": 1_200_000, **extra}
    return LedgerEntry(Kind.MARKET, DAY, "성북 나눔장터",
                       participants=[Participant(o.name, o.pk) for o in orgs] + [Participant("동네 공방")], **values)


def test_team_records_a_market_and_the_centre_approves_it(people, teams, organisations):
    from bombaram.programmes.queries import LedgerFilter, ledger_rollup

    record = services.create_ledger_record(user=people["seongbuk"], team=teams["성북구"], entry=market(organisations[:3]))
    assert record.status == "draft" and record.ref == "000001"
    assert ledger_rollup().measures["markets_and_fairs_held"] == 0  # drafts are not in the roll-up
    assert services.submit_ledger_records(user=people["seongbuk"], team=teams["성북구"], pks=[record.pk]) == 1
    record.refresh_from_db()
    services.approve_ledger_record(user=people["centre"], record=record, revision=record.revision)
    record.refresh_from_db()
    assert record.status == "approved" and record.approved_by == people["centre"]
    m = ledger_rollup(LedgerFilter(district_code="11290")).measures
    assert (m["markets_and_fairs_held"], m["participating_enterprises"], m["market_participations"]) == (1, 4, 4)
    assert m["market_visitors"] == 300 and m["market_sales"] == 1_200_000
    names = list(AuditEvent.objects.filter(object_type="programmes.ledgerrecord", object_id=str(record.pk))
                 .order_by("pk").values_list("name", flat=True))
    assert names == ["programmes.ledger.created", "programmes.ledger.submitted", "programmes.ledger.approved"]


def test_another_team_cannot_record_for_a_team_and_nothing_is_written(people, teams, organisations):
    with pytest.raises(PermissionDenied):
        services.create_ledger_record(user=people["nowon"], team=teams["성북구"], entry=market(organisations[:1]))
    with pytest.raises(PermissionDenied):
        services.create_ledger_record(user=people["outsider"], team=teams["성북구"], entry=market(organisations[:1]))
    assert not LedgerRecord.objects.exists() and not LedgerParticipant.objects.exists()


def test_whoever_changed_a_record_last_may_not_approve_it(people, teams, organisations):
    team = teams["성북구"]
    record = services.create_ledger_record(user=people["centre"], team=team, entry=market(organisations[:2]))
    services.submit_ledger_records(user=people["centre"], team=team, pks=[record.pk])
    record.refresh_from_db()
    with pytest.raises(services.SameUser):
        services.approve_ledger_record(user=people["centre"], record=record, revision=record.revision)
    with pytest.raises(PermissionDenied):  # team staff never approve
        services.approve_ledger_record(user=people["seongbuk"], record=record, revision=record.revision)
    services.approve_ledger_record(user=people["centre2"], record=record, revision=record.revision)
    record.refresh_from_db()
    assert record.status == "approved"


def test_a_changed_approved_record_goes_back_to_review(people, teams, organisations):
    team = teams["성북구"]
    record = services.create_ledger_record(user=people["seongbuk"], team=team, entry=market(organisations[:2]))
    services.submit_ledger_records(user=people["seongbuk"], team=team, pks=[record.pk])
    record.refresh_from_db()
    services.approve_ledger_record(user=people["centre"], record=record, revision=record.revision)
    record.refresh_from_db()
    unchanged = services.update_ledger_record(user=people["seongbuk"], record=record,
                                              entry=market(organisations[:2]), revision=record.revision)
    assert unchanged == [] and LedgerRecord.objects.get(pk=record.pk).status == "approved"
    changed = services.update_ledger_record(user=people["seongbuk"], record=record,
                                            entry=market(organisations[:3], note="사진 추가"), revision=record.revision)
    assert set(changed) == {"note", "participants"}
    record.refresh_from_db()
    assert record.status == "submitted" and record.approved is None and record.revision == 2
    assert record.participants.count() == 4
    event = AuditEvent.objects.filter(name="programmes.ledger.updated").get()
    assert event.data["status"] == {"from": "approved", "to": "submitted"}
    with pytest.raises(services.StaleRecord):  # a form showing revision 1 is refused
        services.update_ledger_record(user=people["seongbuk"], record=record, entry=market(organisations[:1]),
                                      revision=1)


def test_return_needs_a_note_and_makes_the_record_editable_again(people, teams, organisations):
    team = teams["성북구"]
    record = services.create_ledger_record(user=people["seongbuk"], team=team, entry=market(organisations[:1]))
    services.submit_ledger_records(user=people["seongbuk"], team=team, pks=[record.pk])
    record.refresh_from_db()
    with pytest.raises(ValueError):
        services.return_ledger_record(user=people["centre"], record=record, revision=record.revision, note=" ")
    services.return_ledger_record(user=people["centre"], record=record, revision=record.revision, note="방문객 수 확인")
    record.refresh_from_db()
    assert record.status == "returned" and record.return_note == "방문객 수 확인"
    services.update_ledger_record(user=people["seongbuk"], record=record, entry=market(organisations[:1], visitors=None),
                                  revision=record.revision)
    record.refresh_from_db()
    assert record.status == "draft" and record.visitors is None


def test_unknown_registry_number_is_refused_with_nothing_written(people, teams):
    entry = LedgerEntry(Kind.MARKET, DAY, "장터", place="광장", participants=[Participant("없는 조합", 999_999)])
    with pytest.raises(LedgerError) as error:
        services.create_ledger_record(user=people["seongbuk"], team=teams["성북구"], entry=entry)
    assert "등록부에 없는 조직 번호" in error.value.errors["participants"]
    assert not LedgerRecord.objects.exists()


def test_education_keeps_trainees_by_target_group(people, teams):
    entry = LedgerEntry(Kind.EDUCATION, DAY, "청년 창업 교실", hours=Decimal("12.5"),
                        trainees={"young_adult": 14, "entrepreneur": 6})
    record = services.create_ledger_record(user=people["seongbuk"], team=teams["성북구"], entry=entry)
    assert record.persons == 20
    assert dict(record.trainee_counts.values_list("group", "persons")) == {"young_adult": 14, "entrepreneur": 6}


# ------------------------------------------------------------------ pages


def _login(client, user):
    client.force_login(user)
    return client


def test_another_teams_unapproved_record_is_not_found_and_its_list_shows_only_approved(client, people, teams,
                                                                                      organisations):
    team = teams["성북구"]
    draft = services.create_ledger_record(user=people["seongbuk"], team=team, entry=market(organisations[:1]))
    _login(client, people["nowon"])
    assert client.get(f"/programmes/{team.pk}/ledger/{draft.pk}/").status_code == 404
    assert "성북 나눔장터" not in client.get(f"/programmes/{team.pk}/ledger/").content.decode()
    # a forged id: 노원's record under 성북's address, or writing to 성북's record
    response = client.post(f"/programmes/{team.pk}/ledger/{draft.pk}/", {"title": "바꿈"})
    assert response.status_code == 404
    assert client.post(f"/programmes/{team.pk}/ledger/new/", {"kind": "fund"}).status_code == 403
    assert client.post(f"/programmes/{team.pk}/ledger/submit/", {"record": draft.pk}).status_code == 403
    assert LedgerRecord.objects.get(pk=draft.pk).status == "draft"
    wrong_team = teams["노원구"]
    _login(client, people["seongbuk"])
    assert client.get(f"/programmes/{wrong_team.pk}/ledger/{draft.pk}/").status_code == 404


def test_record_form_saves_and_submits_with_korean_messages(client, people, teams, organisations):
    team = teams["성북구"]
    _login(client, people["seongbuk"])
    url = f"/programmes/{team.pk}/ledger/new/"
    bad = client.post(url, {"kind": "market", "date": "2013-06-01", "title": "장터", "visitors": "40"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "장소을(를) 적어야 합니다" in html
    negative = client.post(url, {"kind": "market", "date": "2013-06-01", "title": "장터", "place": "광장",
                                 "visitors": "-5"}).content.decode()
    assert "0보다 크거나 같은지 확인하십시오" in negative or "0 이상" in negative
    assert not LedgerRecord.objects.exists()
    lines = "\n".join(f"{o.name} #{o.pk}" for o in organisations[:3])
    ok = client.post(url, {"kind": "market", "date": "2013-06-01", "title": "장터", "place": "광장",
                           "visitors": "40", "participants": lines, "submit": "1"})
    assert ok.status_code == 302
    record = LedgerRecord.objects.get()
    assert record.status == "submitted" and record.participants.count() == 3


def test_review_queue_lists_submitted_records_and_approves(client, people, teams, organisations):
    team = teams["성북구"]
    record = services.create_ledger_record(user=people["seongbuk"], team=team, entry=market(organisations[:1]))
    services.submit_ledger_records(user=people["seongbuk"], team=team, pks=[record.pk])
    _login(client, people["seongbuk"])
    assert client.get("/programmes/review/").status_code == 403
    _login(client, people["centre"])
    assert "성북 나눔장터" in client.get("/programmes/review/").content.decode()
    response = client.post(f"/programmes/{team.pk}/ledger/{record.pk}/review/",
                           {"action": "approve", "revision": "1", "next": "/programmes/review/"})
    assert response.status_code == 302
    assert LedgerRecord.objects.get(pk=record.pk).status == "approved"


def test_writes_need_the_csrf_token(people, teams, organisations):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["seongbuk"])
    response = client.post(f"/programmes/{teams['성북구'].pk}/ledger/new/",
                           {"kind": "fund", "date": "2013-06-01", "title": "기금", "amount_won": "1000"})
    assert response.status_code == 403
    assert not LedgerRecord.objects.exists()


def test_ledger_list_query_count_does_not_grow_with_records(client, people, teams, organisations,
                                                            django_assert_max_num_queries):
    team = teams["성북구"]
    for _ in range(30):
        services.create_ledger_record(user=people["seongbuk"], team=team, entry=market(organisations[:2]))
    _login(client, people["seongbuk"])
    with django_assert_max_num_queries(20):
        assert client.get(f"/programmes/{team.pk}/ledger/").status_code == 200


def test_organisation_search_finds_registry_names(client, people, teams, organisations):
    _login(client, people["seongbuk"])
    html = client.get(f"/programmes/{teams['성북구'].pk}/ledger/organisations/", {"q": "테스트 조합 2"}).content.decode()
    assert f"성북 테스트 조합 2 #{organisations[1].pk}" in html


def _core_rollup(**filters):
    """The roll-up computed by core from the records themselves (participants read through their records)."""
    from bombaram.core.programme_ledger import Kind as K
    from bombaram.core.programme_ledger import RollupRecord, rollup

    records = LedgerRecord.objects.filter(status="approved", **filters).prefetch_related("participants")
    return rollup(RollupRecord(r.team_id, K(r.kind), r.hours, r.persons, r.visitors, r.amount_won, r.proposals,
                               r.given_by_district, [p.key for p in r.participants.all()]) for r in records)


def test_database_roll_up_equals_core_after_changes(demo_ledger, people, teams, organisations):
    from bombaram.programmes.queries import LedgerFilter, ledger_rollup

    team = teams["성북구"]
    record = LedgerRecord.objects.filter(team=team, kind="market").order_by("pk").first()
    services.update_ledger_record(user=people["seongbuk"], record=record, entry=market(organisations[:2]),
                                  revision=record.revision)  # approved → submitted: leaves the roll-up
    assert ledger_rollup().measures == _core_rollup()
    record.refresh_from_db()
    services.approve_ledger_record(user=people["centre"], record=record, revision=record.revision)
    assert ledger_rollup().measures == _core_rollup()
    assert ledger_rollup(LedgerFilter(cohort=2)).measures == _core_rollup(team__cohort=2)
    window = {"date__gte": dt.date(2013, 3, 1), "date__lte": dt.date(2013, 8, 31)}
    assert ledger_rollup(LedgerFilter(start=dt.date(2013, 3, 1), end=dt.date(2013, 8, 31))).measures == \
        _core_rollup(**window)
