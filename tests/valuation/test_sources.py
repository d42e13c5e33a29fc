"""One fact, entered once: indicators bound to the purchase system or the activity ledger take their value
from there (sums worked by hand from purchases made in the test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from bombaram.procurement.models import Department, Institution
from bombaram.procurement.services.purchases import record_purchase
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.models import (
    Framework,
    FrameworkItem,
    FrameworkVersion,
    IndicatorSource,
    Measurement,
)
from bombaram.valuation.services import measurement as service
from bombaram.valuation.services import sources
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.procurement.conftest import BN_DUREH, BN_HAENGBOK, BN_NEULBOM, make_org

D = dt.date


@pytest.fixture
def world(reference, make_user):
    team = ProgrammeTeam.objects.select_related("district").get(district__code="11290")
    framework = Framework.objects.create(name="성북 틀 (시험)", slug="t-seongbuk", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="시장 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-2", name="공공시장", parent=goal,
                                            position=2)
    purchases = FrameworkItem.objects.create(version=version, level="indicator", code="1-2.1", name="자치구 공공구매 총액",
                                             unit="원", parent=activity, position=3)
    trainees = FrameworkItem.objects.create(version=version, level="indicator", code="1-2.2", name="교육인원수",
                                            unit="명", parent=activity, position=4)
    typed = FrameworkItem.objects.create(version=version, level="indicator", code="1-2.3", name="만족도", unit="점",
                                         parent=activity, position=5)
    institution = Institution.objects.create(code="seongbuk", name="성북구청", district=team.district)
    department = Department.objects.create(institution=institution, code="welfare", name="복지정책과")
    centre = make_user("sb-centre", Role.CENTRE_ADMIN, district=team.district)
    staff = make_user("sb-team", Role.TEAM_STAFF, team=team)
    return type("World", (), dict(team=team, framework=framework, purchases=purchases, trainees=trainees, typed=typed,
                                  institution=institution, department=department, centre=centre, staff=staff))


def buy(world, day, supplier, business_no, amount):
    return record_purchase(user=world.centre, department=world.department, purchased_on=day, supplier_name=supplier,
                           supplier_business_no=business_no, item="도시락", category="goods", amount_won=amount)


def test_purchase_total_is_the_counted_purchases_of_the_year(world):
    make_org("㈜행복도시락", BN_HAENGBOK, "11290", ("certified_se", D(2012, 1, 1), None))
    make_org("두레협동조합", BN_DUREH, "11290", ("cooperative", D(2012, 1, 1), None))  # general cooperative: not counted
    make_org("늘봄사회적협동조합", BN_NEULBOM, "11290", ("social_cooperative", D(2013, 5, 1), None))
    buy(world, D(2013, 3, 4), "㈜행복도시락", BN_HAENGBOK, 1_200_000)     # counts
    buy(world, D(2013, 3, 5), "두레협동조합", BN_DUREH, 700_000)           # not eligible
    buy(world, D(2013, 4, 30), "늘봄사회적협동조합", BN_NEULBOM, 500_000)  # before its designation: not counted
    buy(world, D(2013, 5, 2), "늘봄사회적협동조합", BN_NEULBOM, 350_000)   # counts
    buy(world, D(2013, 12, 31), "㈜행복도시락", BN_HAENGBOK, 45_000)       # counts
    buy(world, D(2014, 1, 1), "㈜행복도시락", BN_HAENGBOK, 990_000)        # next year
    # 2013 by hand: 1,200,000 + 350,000 + 45,000 = 1,595,000
    assert sources.purchase_total_won(world.team.district, 2013) == 1_595_000
    assert sources.purchase_total_won(world.team.district, 2014) == 990_000
    assert sources.purchase_total_won(world.team.district, 2012) == 0
    assert sources.purchase_total_won(District.objects.get(code="11350"), 2013) is None  # no institution in 노원

    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.1",
                                  source="purchases:purchase_total")
    staff_view = service.social_accounts(world.team, 2013, include_drafts=True)
    line = next(line for line in staff_view.lines if line.item.code == "1-2.1")
    assert line.value == Decimal(1_595_000) and line.source.label == "공공구매 실적"
    assert line.previous_value == Decimal(0)  # 2012 had no counted purchases
    # the public sees a purchase total only for a year that has ended
    public_2013 = service.social_accounts(world.team, 2013, include_drafts=False)
    assert next(x for x in public_2013.lines if x.item.code == "1-2.1").value == Decimal(1_595_000)
    assert sources.sourced_values(world.team, world.framework, 2014, public=True, today=D(2014, 6, 1))["1-2.1"].value is None
    assert sources.sourced_values(world.team, world.framework, 2014, public=False, today=D(2014, 6, 1))["1-2.1"].value == 990_000


def test_ledger_source_says_when_the_ledger_has_nothing(world):
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.2",
                                  source="ledger:education_trainees")
    values = sources.sourced_values(world.team, world.framework, 2013, public=False)
    assert values["1-2.2"].value is None and values["1-2.2"].empty == "활동 대장에 승인된 기록이 없습니다"
    assert values["1-2.2"].label == "사업단 활동 대장"


def test_bound_value_is_not_typed_but_target_goes_through_approval(world):
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.1",
                                  source="purchases:purchase_total")
    with pytest.raises(ValidationError) as exc:
        service.save_measurements(user=world.staff, team=world.team, year=2013,
                                  rows=[{"item": world.purchases, "value": "999", "target": "1000000"}])
    assert "직접 적을 수 없습니다" in str(exc.value)
    assert not Measurement.objects.exists()
    service.save_measurements(user=world.staff, team=world.team, year=2013,
                              rows=[{"item": world.purchases, "value": None, "target": "1000000"},
                                    {"item": world.typed, "value": "4.5", "target": "4"}])
    assert service.submit_measurements(user=world.staff, team=world.team, year=2013) == 2
    bound = Measurement.objects.get(code="1-2.1")
    assert bound.value is None and bound.target == Decimal(1_000_000)
    with pytest.raises(PermissionDenied):
        service.approve_measurement(user=world.staff, measurement=bound)
    service.approve_measurement(user=world.centre, measurement=bound)
    bound.refresh_from_db()
    assert bound.status == "approved" and bound.entered_by == world.staff
    saved = AuditEvent.objects.filter(name="valuation.measurement.saved", data__code="1-2.1").get()
    assert saved.data["value_from_source"] is True and saved.data["value"] is None


def test_binding_is_the_centres_and_audited(world):
    with pytest.raises(PermissionDenied):
        sources.bind_indicator_source(user=world.staff, framework=world.framework, code="1-2.1",
                                      source="purchases:purchase_total")
    with pytest.raises(ValidationError, match="출처가 올바르지"):
        sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.1", source="ledger:nope")
    with pytest.raises(ValidationError, match="평가지표가 아닙니다"):
        sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2", source="ledger:education_hours")
    service.save_measurements(user=world.staff, team=world.team, year=2013,
                              rows=[{"item": world.trainees, "value": "120", "target": "100"}])
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.2",
                                  source="ledger:education_trainees")
    assert Measurement.objects.get(code="1-2.2").value is None  # the typed draft value gave way to the source
    event = AuditEvent.objects.get(name="valuation.indicator_source.bound")
    assert event.data["source"] == "ledger:education_trainees" and len(event.data["cleared_typed_values"]) == 1
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.2", source="")
    assert not IndicatorSource.objects.exists()
    assert AuditEvent.objects.filter(name="valuation.indicator_source.unbound").count() == 1


def test_pages_show_the_source(world):
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.2",
                                  source="ledger:education_trainees")
    staff = Client()
    staff.force_login(world.staff)
    form_html = staff.get(f"/valuation/teams/{world.team.pk}/measurements/2013/").content.decode()
    assert "활동 대장에 승인된 기록이 없습니다" in form_html and "sourced-value" in form_html
    assert f'name="value_{world.trainees.pk}"' not in form_html and f'name="target_{world.trainees.pk}"' in form_html
    assert f'name="value_{world.typed.pk}"' in form_html
    accounts_html = Client().get(f"/valuation/teams/{world.team.pk}/accounts/2013/").content.decode()
    assert "출처: 사업단 활동 대장" in accounts_html
    assert staff.get(f"/valuation/frameworks/{world.framework.slug}/sources/").status_code == 403
    centre = Client()
    centre.force_login(world.centre)
    assert centre.get(f"/valuation/frameworks/{world.framework.slug}/sources/").status_code == 200
    assert centre.post(f"/valuation/frameworks/{world.framework.slug}/sources/set/",
                       {"code": "1-2.1", "source": "purchases:purchase_total"}).status_code == 302
    assert IndicatorSource.objects.filter(code="1-2.1", kind="purchases").exists()
    assert staff.post(f"/valuation/frameworks/{world.framework.slug}/sources/set/",
                      {"code": "1-2.1", "source": ""}).status_code == 403
    assert IndicatorSource.objects.filter(code="1-2.1").exists()


def _approved_education(world, day, trainees: dict[str, int], *, approve: bool = True):
    """A real ledger record of the team, entered by its staff and (unless not) approved by the centre."""
    from bombaram.core.programme_ledger import Kind, LedgerEntry
    from bombaram.programmes import services as ledger

    record = ledger.create_ledger_record(user=world.staff, team=world.team, entry=LedgerEntry(
        Kind.EDUCATION, day, f"교육 {day:%m%d}", hours=Decimal(10), trainees=trainees))
    ledger.submit_ledger_records(user=world.staff, team=world.team, pks=[record.pk])
    if approve:
        record.refresh_from_db()
        ledger.approve_ledger_record(user=world.centre, record=record, revision=record.revision)
    return record


def test_ledger_source_reads_the_approved_records_of_the_year(world):
    """A bound indicator shows the approved ledger total of the calendar year: 400 + 12 trainees approved
    in 2013 count; a record of 2014 and one not yet approved do not."""
    _approved_education(world, D(2013, 5, 10), {"adult": 400})
    _approved_education(world, D(2013, 11, 2), {"youth": 12})
    _approved_education(world, D(2014, 1, 3), {"adult": 50})
    _approved_education(world, D(2013, 12, 1), {"adult": 70}, approve=False)
    sources.bind_indicator_source(user=world.centre, framework=world.framework, code="1-2.2",
                                  source="ledger:education_trainees")
    line = next(x for x in service.social_accounts(world.team, 2013, include_drafts=False).lines if x.item.code == "1-2.2")
    assert line.value == Decimal(412) and line.previous_value is None
    assert line.source.label == "사업단 활동 대장"
