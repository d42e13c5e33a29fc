"""Contracts with the city and the sunset rule, through the services (real database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.core.programme_contracts import RULE_KO, Quarter
from bombaram.programmes import dashboards as queries
from bombaram.programmes.models import Contract
from bombaram.programmes.services import create_contract, record_evaluation
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

D = dt.date


def test_first_contract_is_recorded_with_targets_and_audit(first_year, centre):
    assert first_year.number == 1 and first_year.amount_won == 200_000_000
    assert {t.measure: t.target for t in first_year.targets.all()} == {
        "education_trainees": Decimal("300"), "markets_and_fairs_held": Decimal("8")}
    event = AuditEvent.objects.get(name="programmes.contract.created")
    assert event.actor == centre and event.data["targets"] == {"education_trainees": "300", "markets_and_fairs_held": "8"}


def test_three_years_then_the_fourth_is_refused_with_the_rule(first_year, seongbuk, centre):
    record_evaluation(user=centre, contract=first_year, result="passed")
    second = create_contract(user=centre, team=seongbuk, start=D(2013, 7, 1), end=D(2014, 6, 30), amount_won=200_000_000)
    record_evaluation(user=centre, contract=second, result="passed", evaluation_date=D(2014, 6, 10))
    third = create_contract(user=centre, team=seongbuk, start=D(2014, 7, 1), end=D(2015, 6, 30), amount_won=180_000_000)
    record_evaluation(user=centre, contract=third, result="passed", evaluation_date=D(2015, 6, 10))
    assert [c.number for c in Contract.objects.filter(team=seongbuk)] == [1, 2, 3]
    with pytest.raises(ValidationError) as exc:
        create_contract(user=centre, team=seongbuk, start=D(2015, 7, 1), end=D(2016, 6, 30), amount_won=200_000_000)
    assert any("네 번째" in m and RULE_KO in m for m in exc.value.messages)
    assert Contract.objects.filter(team=seongbuk).count() == 3
    assert AuditEvent.objects.filter(name="programmes.contract.created").count() == 3


def test_extension_needs_a_passed_evaluation(first_year, seongbuk, centre):
    with pytest.raises(ValidationError) as exc:
        create_contract(user=centre, team=seongbuk, start=D(2013, 7, 1), end=D(2014, 6, 30), amount_won=1)
    assert "평가를 통과해야 연장할 수 있습니다" in exc.value.messages[0]
    record_evaluation(user=centre, contract=first_year, result="failed")
    with pytest.raises(ValidationError, match="통과하지 못했습니다"):
        create_contract(user=centre, team=seongbuk, start=D(2013, 7, 1), end=D(2014, 6, 30), amount_won=1)
    assert Contract.objects.filter(team=seongbuk).count() == 1


def test_longer_than_a_year_and_overlap_refused(first_year, seongbuk, centre, nowon):
    with pytest.raises(ValidationError, match="1년을 넘을 수 없습니다"):
        create_contract(user=centre, team=nowon, start=D(2012, 11, 1), end=D(2013, 11, 1), amount_won=1)
    record_evaluation(user=centre, contract=first_year, result="passed")
    with pytest.raises(ValidationError, match="겹칩니다"):
        create_contract(user=centre, team=seongbuk, start=D(2013, 6, 1), end=D(2014, 5, 31), amount_won=1)
    assert Contract.objects.count() == 1


@pytest.mark.parametrize(("targets", "message"), [
    ({"no_such_measure": 3}, "측정 항목"), ({"education_hours": "많이"}, "숫자로"), ({"education_hours": "-1"}, "0 이상"),
    ({"education_hours": "1.234"}, "두 자리"),
])
def test_bad_targets_refused_in_korean(seongbuk, centre, targets, message):
    with pytest.raises(ValidationError, match=message):
        create_contract(user=centre, team=seongbuk, start=D(2012, 7, 1), end=D(2013, 6, 30), amount_won=1, targets=targets)
    assert not Contract.objects.exists()


def test_only_the_centre_of_the_district_makes_contracts(seongbuk, seongbuk_staff, nowon, make_user, first_year,
                                                          seongbuk_centre):
    nowon_centre = make_user("nw-centre", Role.CENTRE_ADMIN, district=nowon.district)
    for user in (seongbuk_staff, nowon_centre):
        with pytest.raises(PermissionDenied):
            create_contract(user=user, team=seongbuk, start=D(2012, 1, 1), end=D(2012, 6, 1), amount_won=1)
        with pytest.raises(PermissionDenied):
            record_evaluation(user=user, contract=first_year, result="passed")
    record_evaluation(user=seongbuk_centre, contract=first_year, result="passed")
    first_year.refresh_from_db()
    assert first_year.evaluation_result == "passed" and first_year.evaluated is not None


def test_evaluation_result_fixed_once_the_next_contract_rests_on_it(first_year, seongbuk, centre):
    record_evaluation(user=centre, contract=first_year, result="passed", conditions="교육 목표 상향")
    create_contract(user=centre, team=seongbuk, start=D(2013, 7, 1), end=D(2014, 6, 30), amount_won=1)
    with pytest.raises(ValidationError, match="바꿀 수 없습니다"):
        record_evaluation(user=centre, contract=first_year, result="failed")
    first_year.refresh_from_db()
    assert first_year.evaluation_result == "passed" and first_year.conditions == "교육 목표 상향"
    event = AuditEvent.objects.filter(name="programmes.contract.evaluated").get()
    assert event.data["changes"]["evaluation_result"] == ["", "passed"]


def test_due_in_quarter_with_injected_dates(first_year, seongbuk, centre, nowon):
    create_contract(user=centre, team=nowon, start=D(2012, 11, 1), end=D(2013, 10, 31), amount_won=1,
                    evaluation_date=D(2013, 9, 20))
    q2 = {s.team.name: s.action_labels for s in queries.due_in_quarter(Quarter(2013, 2))}
    assert q2 == {seongbuk.name: ["평가 예정", "연장 협약 필요"]}
    q3 = {s.team.name: s.action_labels for s in queries.due_in_quarter(Quarter(2013, 3))}
    assert q3 == {nowon.name: ["평가 예정"]}
    q4 = {s.team.name: s.action_labels for s in queries.due_in_quarter(Quarter(2013, 4))}
    assert q4 == {nowon.name: ["연장 협약 필요"]}
    assert queries.due_in_quarter(Quarter(2014, 1)) == []


def test_dashboard_standing(first_year, seongbuk):
    dashboard = queries.team_dashboard(seongbuk, D(2013, 3, 1))
    assert dashboard.standing.status.year == 1
    assert dashboard.standing.status.next_evaluation == D(2013, 6, 15)
    assert dashboard.standing.actions == []
    assert dashboard.ledger is None
    assert [(r.code, r.line.target, r.line.actual) for r in dashboard.targets] == [
        ("education_trainees", Decimal("300"), None), ("markets_and_fairs_held", Decimal("8"), None)]
    assert queries.team_dashboard(seongbuk, D(2013, 6, 1)).standing.action_labels == ["평가 예정", "연장 협약 필요"]


def test_demo_contracts_follow_the_cohorts_and_the_rule(reference):
    from bombaram.core.programme_contracts import check_new_contract
    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.datagen.demo.teams import load_demo_programmes
    from bombaram.programmes.dashboards import contract_terms
    from bombaram.programmes.models import ConsortiumMember, ProgrammeTeam

    load_demo_registry()
    first = load_demo_programmes()
    assert load_demo_programmes() == first  # idempotent
    starts = {1: D(2012, 7, 1), 2: D(2012, 11, 1), 3: D(2013, 6, 1)}
    for team in ProgrammeTeam.objects.all():
        contracts = list(Contract.objects.filter(team=team).order_by("start"))
        assert contracts[0].start == starts[team.cohort] and all(c.illustrative for c in contracts)
        assert all(190_000_000 <= c.amount_won <= 210_000_000 for c in contracts)
        for i, contract in enumerate(contracts):  # each one allowed by the sunset rule after those before it
            assert check_new_contract(contract_terms(contracts[:i]), contract.start, contract.end) == []
        members = list(ConsortiumMember.objects.filter(team=team).select_related("organisation"))
        assert sum(m.role == "lead" for m in members) == 1
        assert all(m.organisation.district_id == team.district_id for m in members if m.organisation)
    assert Contract.objects.count() == 5 * 2 + 4 * 2 + 4 * 1
