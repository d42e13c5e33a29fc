"""Team pages: the city page and its XLSX, the dashboard, the printable page, consortium and contract pages;
forged ids, CSRF and query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bombaram.core.names import normalise_name
from bombaram.core.programme_contracts import RULE_KO
from bombaram.datagen.demo.teams import load_demo_programmes
from bombaram.programmes.models import ConsortiumMember, Contract, TeamStaff
from bombaram.programmes.services import add_consortium_member, create_contract, record_evaluation
from bombaram.registry.models import Organisation

D = dt.date


def login(client, user):
    client.force_login(user)
    return client


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_city_page_lists_every_team_with_its_contract_and_no_n_plus_one(client, seongbuk):
    empty = _queries(client, "/programmes/?date=2013-03-01")
    load_demo_programmes()  # every team: contracts, targets, consortium, staff
    full = _queries(client, "/programmes/?date=2013-03-01")
    assert full == empty
    html = client.get("/programmes/?date=2013-03-01").content.decode()
    assert html.count('class="tag state-') == 13
    assert "/programmes/outputs/" in html
    assert "2억원" in html


def test_city_page_refuses_a_bad_date_politely(client, reference):
    response = client.get("/programmes/?date=2013-02-30")
    assert response.status_code == 200
    assert "날짜는 2013-09-30처럼" in response.content.decode()


def test_xlsx_has_one_row_per_team(client, seongbuk, first_year):
    response = client.get("/programmes/teams.xlsx?date=2013-03-01")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "차수")
    body = rows[header + 1:]
    assert len(body) == 13
    seongbuk_row = next(r for r in body if r[2] == seongbuk.name)
    columns = rows[header]
    assert seongbuk_row[columns.index("협약 금액 (원)")] == 200_000_000
    assert seongbuk_row[columns.index("협약 연차")] == "1/3"


def test_dashboard_shows_status_targets_consortium_and_accounts(client, seongbuk, first_year, seongbuk_staff):
    add_consortium_member(user=seongbuk_staff, team=seongbuk, pending_name="동네부엌 준비모임", role="lead")
    html = client.get(f"/programmes/{seongbuk.pk}/?date=2013-06-01").content.decode()
    assert "2012.07.01–2013.06.30" in html and "2013.06.15" in html
    assert "2억원" in html
    assert "동네부엌 준비모임" in html
    assert "targets-table" in html and "300" in html
    assert RULE_KO in html


def test_dashboard_queries_do_not_grow_with_the_consortium(client, seongbuk, first_year, seongbuk_staff):
    url = f"/programmes/{seongbuk.pk}/?date=2013-06-01"
    few = _queries(client, url)
    for i in range(8):
        add_consortium_member(user=seongbuk_staff, team=seongbuk, pending_name=f"준비모임 {i}")
    assert _queries(client, url) == few


def test_print_page_is_the_appendix(client, seongbuk, first_year):
    html = client.get(f"/programmes/{seongbuk.pk}/print/?date=2013-03-01").content.decode()
    assert seongbuk.name in html and "facts-table" in html and seongbuk.district.name_ko in html
    assert "data-print" in html  # bombaram.js prints (no inline handler under the CSP)


def test_manage_and_contract_pages_need_the_right_person(client, seongbuk, nowon_staff, seongbuk_staff):
    for url in (f"/programmes/{seongbuk.pk}/manage/", f"/programmes/{seongbuk.pk}/contracts/"):
        assert client.get(url).status_code == 302
        assert login(Client(), nowon_staff).get(url).status_code == 403
        assert login(Client(), seongbuk_staff).get(url).status_code == 200


def test_forged_ids_of_another_team_are_refused(seongbuk, nowon, seongbuk_staff, seongbuk_centre, centre, make_user):
    other = add_consortium_member(user=centre, team=nowon, pending_name="노원의 조직")
    nowon_contract = create_contract(user=centre, team=nowon, start=D(2012, 11, 1), end=D(2013, 10, 31), amount_won=1)
    staff_client = login(Client(), seongbuk_staff)
    centre_client = login(Client(), seongbuk_centre)
    # another team's member through one's own team's URL, and through the other team's URL
    assert staff_client.post(f"/programmes/{seongbuk.pk}/consortium/{other.pk}/remove/").status_code == 403
    assert staff_client.post(f"/programmes/{nowon.pk}/consortium/{other.pk}/remove/").status_code == 403
    assert staff_client.post(f"/programmes/{nowon.pk}/consortium/add/", {"pending_name": "x", "role": "member"}).status_code == 403
    # the 성북 centre evaluating 노원's contract
    data = {"result": "passed", "evaluation_date": "2013-10-01"}
    assert centre_client.post(f"/programmes/{seongbuk.pk}/contracts/{nowon_contract.pk}/evaluation/", data).status_code == 403
    assert centre_client.post(f"/programmes/{nowon.pk}/contracts/{nowon_contract.pk}/evaluation/", data).status_code == 403
    # team staff may not make contracts
    assert staff_client.post(f"/programmes/{seongbuk.pk}/contracts/add/", {
        "start": "2012-07-01", "end": "2013-06-30", "amount_won": "2억"}).status_code == 403
    assert ConsortiumMember.objects.filter(team=nowon).count() == 1
    nowon_contract.refresh_from_db()
    assert nowon_contract.evaluation_result == "" and Contract.objects.count() == 1


def test_csrf_is_required(seongbuk, seongbuk_centre):
    client = Client(enforce_csrf_checks=True)
    client.force_login(seongbuk_centre)
    response = client.post(f"/programmes/{seongbuk.pk}/contracts/add/",
                           {"start": "2012-07-01", "end": "2013-06-30", "amount_won": "2억"})
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_centre_records_contract_and_fourth_is_refused_on_the_page(seongbuk, seongbuk_centre):
    client = login(Client(), seongbuk_centre)
    url = f"/programmes/{seongbuk.pk}/contracts/add/"
    starts = [D(2012, 7, 1), D(2013, 7, 1), D(2014, 7, 1)]
    for start in starts:
        response = client.post(url, {"start": start.isoformat(), "end": start.replace(year=start.year + 1) - dt.timedelta(days=1),
                                     "amount_won": "2억", "target_education_trainees": "300"})
        assert response.status_code == 302, response.content.decode()[:2000]
        contract = Contract.objects.get(team=seongbuk, start=start)
        assert contract.amount_won == 200_000_000
        assert client.post(f"/programmes/{seongbuk.pk}/contracts/{contract.pk}/evaluation/",
                           {"result": "passed", "evaluation_date": (start.replace(year=start.year + 1) - dt.timedelta(days=20)).isoformat()}
                           ).status_code == 302
    response = client.post(url, {"start": "2015-07-01", "end": "2016-06-30", "amount_won": "2억"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "네 번째 협약" in html and RULE_KO in html
    assert Contract.objects.filter(team=seongbuk).count() == 3


@pytest.mark.parametrize(("data", "message"), [
    ({"start": "2012-07-01", "end": "2013-06-30", "amount_won": "많이"}, "금액을 원 단위로"),
    ({"start": "2012-07-01", "end": "2013-06-30", "amount_won": "2억", "target_market_sales": "abc"}, "숫자로"),
    ({"start": "2012-07-01", "end": "2014-06-30", "amount_won": "2억"}, "1년을 넘을 수 없습니다"),
])
def test_bad_contract_input_is_shown_in_korean(seongbuk, seongbuk_centre, data, message):
    response = login(Client(), seongbuk_centre).post(f"/programmes/{seongbuk.pk}/contracts/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contract.objects.exists()


def test_member_added_and_linked_through_the_pages(seongbuk, seongbuk_staff):
    org = Organisation.objects.create(name="길음 공동체", name_key=normalise_name("길음 공동체"), district=seongbuk.district)
    client = login(Client(), seongbuk_staff)
    assert client.post(f"/programmes/{seongbuk.pk}/consortium/add/", {"pending_name": "길음 준비모임", "role": "member"}).status_code == 302
    member = ConsortiumMember.objects.get()
    assert client.post(f"/programmes/{seongbuk.pk}/consortium/{member.pk}/link/", {"organisation": org.pk}).status_code == 302
    member.refresh_from_db()
    assert member.organisation == org and member.pending_name == "길음 준비모임"
    response = client.post(f"/programmes/{seongbuk.pk}/consortium/add/", {"organisation": "999999", "role": "member"})
    assert response.status_code == 400 and ConsortiumMember.objects.count() == 1
    assert client.post(f"/programmes/{seongbuk.pk}/staff/add/", {"name": "", "email": "x"}).status_code == 400
    assert not TeamStaff.objects.exists()


def test_due_page_for_the_centre_with_a_quarter(client, seongbuk, first_year, centre, seongbuk_staff):
    record_evaluation(user=centre, contract=first_year, result="passed")
    login(client, centre)
    html = client.get("/programmes/contracts/due/?quarter=2013Q2").content.decode()
    assert seongbuk.name in html and "연장 협약 필요" in html
    assert "분기는 &#x27;2013Q2&#x27;처럼" in client.get("/programmes/contracts/due/?quarter=13").content.decode()
    assert login(Client(), seongbuk_staff).get("/programmes/contracts/due/").status_code == 403


def test_targets_table_against_the_approved_ledger(client, seongbuk, first_year, seongbuk_staff, seongbuk_centre):
    """The dashboard compares the current contract's targets with the approved ledger of its period
    (2012-07-01 … 2013-06-30): 412 trainees of a target of 300 = 137.3 %, 6 markets of 8 = 75.0 %; a market
    after the period and one not approved leave those figures alone. The city page counts every approved record."""
    from bombaram.core.programme_ledger import Kind, LedgerEntry
    from bombaram.programmes import services as ledger

    def record(entry, *, approve=True):
        made = ledger.create_ledger_record(user=seongbuk_staff, team=seongbuk, entry=entry)
        ledger.submit_ledger_records(user=seongbuk_staff, team=seongbuk, pks=[made.pk])
        if approve:
            made.refresh_from_db()
            ledger.approve_ledger_record(user=seongbuk_centre, record=made, revision=made.revision)

    record(LedgerEntry(Kind.EDUCATION, D(2013, 2, 1), "사회적경제 입문", hours=Decimal(20),
                       trainees={"adult": 400, "youth": 12}))
    for month in range(8, 14):
        record(LedgerEntry(Kind.MARKET, D(2012 + month // 13, (month - 1) % 12 + 1, 10), f"장터 {month}", place="광장"))
    record(LedgerEntry(Kind.MARKET, D(2013, 8, 10), "계약 뒤 장터", place="광장"))
    record(LedgerEntry(Kind.MARKET, D(2013, 3, 10), "승인 전 장터", place="광장"), approve=False)
    html = client.get(f"/programmes/{seongbuk.pk}/?date=2013-03-01").content.decode()
    assert "412" in html and "137.3%" in html and "75.0%" in html  # 412/300, 6/8
    assert "활동 대장 기록이 아직 없습니다" not in html
    city = client.get("/programmes/?date=2013-03-01").content.decode()
    assert "교육 수강생" in city and "412" in city
