"""Local funds (지역기금): contributions by contributor kind, grants, loans, repayments, the balance on a
date, and the programme ledger's fund records linked rather than typed again (issue 14, part 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bombaram.cooperatives import founding_queries as queries
from bombaram.cooperatives import funds as services
from bombaram.cooperatives.choices import ContributionKind, ContributorKind, FundUseKind
from bombaram.cooperatives.models import FundContribution, FundUse, LocalFund
from bombaram.core.names import normalise_name
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District, Organisation
from bombaram.web.choices import Role

D = dt.date


@pytest.fixture
def nowon(reference):
    return District.objects.get(name_ko="노원구")


@pytest.fixture
def nowon_admin(make_user, nowon):
    return make_user("nowon-admin", Role.CENTRE_ADMIN, district=nowon)


@pytest.fixture
def fund(nowon_admin, nowon):
    return services.open_local_fund(user=nowon_admin, name="노원 기금", district=nowon, opened_on=D(2013, 1, 1),
                                    team=ProgrammeTeam.objects.get(district=nowon))


@pytest.fixture
def org(nowon):
    return Organisation.objects.create(name="노원 협동조합", name_key=normalise_name("노원 협동조합"), district=nowon)


def _contribute(user, fund, day, amount, kind=ContributionKind.PAID, who=ContributorKind.RESIDENT):
    return services.record_contribution(user=user, fund=fund, kind=kind, day=day, contributor="기여자",
                                        contributor_kind=who, amount_won=amount)


def test_balance_by_hand(fund, nowon_admin, org):
    _contribute(nowon_admin, fund, D(2013, 3, 1), 4_000_000)
    _contribute(nowon_admin, fund, D(2013, 4, 1), 1_500_000, who=ContributorKind.ORGANISATION)
    _contribute(nowon_admin, fund, D(2013, 4, 2), 9_000_000, kind=ContributionKind.PLEDGE, who=ContributorKind.INSTITUTION)
    services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.GRANT, day=D(2013, 5, 1), organisation=org,
                             amount_won=800_000)
    loan = services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.LOAN, day=D(2013, 6, 1),
                                    organisation=org, amount_won=3_000_000)
    services.record_repayment(user=nowon_admin, loan=loan, day=D(2013, 9, 1), amount_won=1_200_000)
    # 4,000,000 + 1,500,000 − 800,000 − 3,000,000 + 1,200,000 = 2,900,000 (the pledge is not money)
    assert queries.fund_balance(fund, D(2013, 12, 31)).balance_won == 2_900_000
    assert queries.fund_balance(fund, D(2013, 8, 31)).balance_won == 1_700_000
    assert queries.fund_balance(fund, D(2013, 12, 31)).loans_outstanding_won == 1_800_000
    by_kind = {label: (pledged, paid) for label, pledged, paid in queries.contributions_by_kind(fund, D(2013, 12, 31))}
    assert by_kind == {"주민": (0, 4_000_000), "조직": (0, 1_500_000), "기관": (9_000_000, 0)}


def test_a_grant_the_fund_cannot_pay_is_refused_and_nothing_written(fund, nowon_admin, org):
    _contribute(nowon_admin, fund, D(2013, 3, 1), 1_000_000)
    services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.GRANT, day=D(2013, 6, 1), organisation=org,
                             amount_won=700_000)
    # back-dated: on 2013-04-01 the fund holds 1,000,000, but the later grant would leave −200,000
    with pytest.raises(ValidationError) as error:
        services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.LOAN, day=D(2013, 4, 1),
                                 organisation=org, amount_won=500_000)
    assert "잔액이 모자랍니다" in error.value.messages[0] and "2013-06-01" in error.value.messages[0]
    assert FundUse.objects.filter(fund=fund).count() == 1


def test_repayment_beyond_the_loan_is_refused(fund, nowon_admin, org):
    _contribute(nowon_admin, fund, D(2013, 3, 1), 1_000_000)
    loan = services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.LOAN, day=D(2013, 4, 1),
                                    organisation=org, amount_won=300_000)
    services.record_repayment(user=nowon_admin, loan=loan, day=D(2013, 5, 1), amount_won=200_000)
    with pytest.raises(ValidationError, match="남은 융자금"):
        services.record_repayment(user=nowon_admin, loan=loan, day=D(2013, 6, 1), amount_won=100_001)
    grant = services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.GRANT, day=D(2013, 4, 1),
                                     organisation=org, amount_won=1)
    with pytest.raises(ValidationError, match="융자에만"):
        services.record_repayment(user=nowon_admin, loan=grant, day=D(2013, 6, 1), amount_won=1)


def test_another_districts_admin_and_team_cannot_write(fund, make_user):
    other = make_user("gangbuk-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="강북구"))
    other_team = make_user("gangbuk-team", Role.TEAM_STAFF,
                           team=ProgrammeTeam.objects.get(district__name_ko="강북구"))
    for user in (other, other_team):
        with pytest.raises(PermissionDenied):
            _contribute(user, fund, D(2013, 3, 1), 1)
    own_team = make_user("nowon-team", Role.TEAM_STAFF, team=fund.team)
    assert _contribute(own_team, fund, D(2013, 3, 1), 1).amount == 1


def test_demo_funds_read_the_reports_totals_from_the_ledger(reference):
    """노원 600만원 and 성동 2,000만원 (report, 자본조성) are the ledger's records, linked, not typed again."""
    from bombaram.datagen.demo.founding import load_demo_founding
    from bombaram.datagen.demo.funds import load_demo_funds
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.datagen.demo.registry import load_demo_registry

    load_demo_registry()
    load_demo_ledger()
    load_demo_founding()
    nowon, seongdong = load_demo_funds()
    assert queries.raised_through_ledger(nowon) == 6_000_000
    assert queries.raised_through_ledger(seongdong) == 20_000_000
    # the linked contributions keep no amount of their own
    assert not FundContribution.objects.filter(ledger_record__isnull=False, amount_won__isnull=False).exists()
    # by hand: 노원 6,000,000 − 1,000,000 grant = 5,000,000; 성동 20,000,000 − 5,000,000 loan + 500,000 = 15,500,000
    assert queries.fund_balance(nowon, D(2014, 12, 31)).balance_won == 5_000_000
    assert queries.fund_balance(seongdong, D(2014, 12, 31)).balance_won == 15_500_000
    assert [f.pk for f in load_demo_funds()] == [nowon.pk, seongdong.pk] and LocalFund.objects.count() == 2


def test_a_ledger_record_is_linked_once(fund, nowon_admin):
    from bombaram.programmes.models import LedgerRecord

    record = LedgerRecord.objects.create(team=fund.team, ref="F-1", kind="fund", date=D(2013, 5, 1), title="모금",
                                         amount_won=2_500_000, status="approved")
    draft = LedgerRecord.objects.create(team=fund.team, ref="F-2", kind="fund", date=D(2013, 5, 2), title="초안",
                                        amount_won=1, status="draft")
    services.link_ledger_record(user=nowon_admin, fund=fund, record=record, contributor="", contributor_kind="resident")
    for again in (record, draft):
        with pytest.raises(ValidationError):
            services.link_ledger_record(user=nowon_admin, fund=fund, record=again, contributor="",
                                        contributor_kind="resident")
    assert queries.fund_balance(fund, D(2013, 12, 31)).contributions_won == 2_500_000


def test_fund_pages_are_scoped(client, fund, nowon_admin, make_user):
    url = reverse("fund-detail", args=[fund.pk])
    client.force_login(make_user("gangbuk-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="강북구")))
    assert client.get(url).status_code == 403
    assert fund.name not in client.get(reverse("fund-list")).content.decode()
    client.force_login(nowon_admin)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "contribution", "contribution-kind": "paid", "contribution-day": "2013-03-01",
                                 "contribution-contributor": "주민 모임", "contribution-contributor_kind": "resident",
                                 "contribution-amount_won": "250000"})
    assert response.status_code == 302
    assert queries.fund_balance(fund, D(2013, 3, 1)).balance_won == 250_000
    bad = client.post(url, {"action": "contribution", "contribution-kind": "paid", "contribution-day": "2013-03-01",
                            "contribution-contributor": "주민 모임", "contribution-contributor_kind": "resident",
                            "contribution-amount_won": "-5"})
    assert bad.status_code == 400 and queries.fund_balance(fund, D(2013, 3, 1)).balance_won == 250_000


def test_fund_csv_lists_movements_with_the_running_balance(client, fund, nowon_admin, org):
    _contribute(nowon_admin, fund, D(2013, 3, 1), 1_000_000)
    loan = services.record_fund_use(user=nowon_admin, fund=fund, kind=FundUseKind.LOAN, day=D(2013, 4, 1),
                                    organisation=org, amount_won=400_000)
    services.record_repayment(user=nowon_admin, loan=loan, day=D(2013, 5, 1), amount_won=100_000)
    services.record_contribution(user=nowon_admin, fund=fund, kind="paid", day=D(2013, 6, 1), contributor="=HYPERLINK(1)",
                                 contributor_kind="resident", amount_won=5)
    client.force_login(nowon_admin)
    body = client.get(reverse("fund-csv", args=[fund.pk]) + "?as_of=2013-12-31").content.decode("utf-8-sig")
    rows = [line.split(",") for line in body.strip().splitlines()]
    # 1,000,000 → 600,000 → 700,000 → 700,005
    assert [r[4] for r in rows[1:]] == ["1000000", "600000", "700000", "700005"]
    assert rows[4][2].startswith("'=")  # a formula is neutralised
