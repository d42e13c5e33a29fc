"""Separation of duties (업무 분리): whoever last saved a measurement may not approve it, in the service,
through a forged POST and on the pages; another administrator of the district approves it."""

# The fixtures come from test_measurement (imported below); test arguments of the same names are them.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bombaram.registry.models import District
from bombaram.valuation.choices import MeasurementStatus
from bombaram.valuation.models import Measurement
from bombaram.valuation.services import measurement as service
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent
from tests.valuation.test_accounts import edit_url, login
from tests.valuation.test_measurement import (  # noqa: F401  (fixtures)
    _media,
    fw,
    people,
    row,
)


@pytest.fixture
def second_centre(fw, make_user):
    """Another administrator of the same district (성북)."""
    return make_user("sb-centre-2", Role.CENTRE_ADMIN, district=District.objects.get(code="11290"))


@pytest.fixture
def centre_entered(fw, people):
    """A value the district's administrator entered for the team and sent for approval himself."""
    service.save_measurements(user=people.centre, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.submit_measurements(user=people.centre, team=fw.team, year=2024)
    m = Measurement.objects.get()
    assert (m.entered_by, m.status) == (people.centre, MeasurementStatus.SUBMITTED)
    return m


def approvals():
    return AuditEvent.objects.filter(name="valuation.measurement.approved")


def decision_form(page: str, m: Measurement) -> str:
    """The decision form of ``m`` on a page, from its opening tag to its closing one."""
    match = re.search(rf'<form[^>]*action="{re.escape(reverse("measurement-decide", args=[m.pk]))}".*?</form>', page,
                      re.DOTALL)
    assert match is not None, f"no decision form for {m.code}"
    return match.group(0)


# ---- the service ------------------------------------------------------------------------------------------------


def test_approving_ones_own_entry_is_refused_and_nothing_is_written(people, centre_entered):
    before = centre_entered.updated
    with pytest.raises(ValidationError, match=re.escape(service.SELF_APPROVAL_REFUSED)):
        service.approve_measurement(user=people.centre, measurement=centre_entered)
    m = Measurement.objects.get()
    assert (m.status, m.approved_by, m.approved, m.updated) == (MeasurementStatus.SUBMITTED, None, None, before)
    assert not approvals().exists()


def test_another_administrator_of_the_district_approves_it(people, second_centre, centre_entered):
    service.approve_measurement(user=second_centre, measurement=centre_entered)
    m = Measurement.objects.get()
    assert (m.status, m.approved_by, m.entered_by) == (MeasurementStatus.APPROVED, second_centre, people.centre)
    assert m.approved is not None
    assert approvals().get().actor == second_centre


def test_whoever_changed_the_value_last_is_the_one_refused(fw, people):
    # the team enters, the administrator corrects it: the administrator may no longer approve it
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.save_measurements(user=people.centre, team=fw.team, year=2024, rows=[row(fw.participants, "50", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    with pytest.raises(ValidationError, match="업무 분리"):
        service.approve_measurement(user=people.centre, measurement=Measurement.objects.get())
    # the team corrects it again: the value is the team's, the administrator approves it
    m = service.return_measurement(user=people.centre, measurement=Measurement.objects.get(), comment="다시 확인")
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "48", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    m = service.approve_measurement(user=people.centre, measurement=m)
    assert (m.status, m.value, m.approved_by) == (MeasurementStatus.APPROVED, 48, people.centre)


def test_a_note_added_by_someone_else_leaves_the_value_its_authors(fw, people):
    """The administrator enters the figures; the team adds only a note: the figures are still the
    administrator's, who may not approve them. The evidence, changed by the team, does hand them over."""
    service.save_measurements(user=people.centre, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.save_measurements(user=people.staff, team=fw.team, year=2024,
                              rows=[{**row(fw.participants, "45", "60"), "note": "현장 명부 기준"}])
    m = Measurement.objects.get()
    assert (m.note, m.entered_by) == ("현장 명부 기준", people.centre)
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    with pytest.raises(ValidationError, match="업무 분리"):
        service.approve_measurement(user=people.centre, measurement=m)
    service.return_measurement(user=people.centre, measurement=m, comment="증빙을 붙여 주세요")
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[
        {**row(fw.participants, "45", "60"), "note": "현장 명부 기준", "evidence_url": "https://example.org/명부"}])
    assert Measurement.objects.get().entered_by == people.staff


def test_saving_the_same_values_again_does_not_make_them_ones_own(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    assert service.save_measurements(user=people.centre, team=fw.team, year=2024,
                                     rows=[row(fw.participants, "45", "60")]) == []
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    m = service.approve_measurement(user=people.centre, measurement=Measurement.objects.get())
    assert (m.entered_by, m.approved_by) == (people.staff, people.centre)


def test_returning_ones_own_entry_is_allowed(people, centre_entered):
    service.return_measurement(user=people.centre, measurement=centre_entered, comment="증빙을 더 붙이겠습니다")
    m = Measurement.objects.get()
    assert (m.status, m.review_comment) == (MeasurementStatus.RETURNED, "증빙을 더 붙이겠습니다")


def test_a_value_whose_author_is_unknown_can_be_approved(people, centre_entered):
    # demonstration data and values of deleted accounts have no entered_by
    Measurement.objects.filter(pk=centre_entered.pk).update(entered_by=None)
    m = service.approve_measurement(user=people.centre, measurement=centre_entered)
    assert m.status == MeasurementStatus.APPROVED


def test_own_entries_names_only_the_users_values(fw, people, second_centre, centre_entered):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.dropout, "8", "10")])
    staff_value = Measurement.objects.get(code="1-1.2")
    values = [centre_entered, staff_value, None]
    assert service.own_entries(people.centre, values) == {centre_entered.pk}
    assert service.own_entries(people.staff, values) == {staff_value.pk}
    assert service.own_entries(second_centre, values) == set()


# ---- the pages ----------------------------------------------------------------------------------------------------


def test_forged_post_approving_ones_own_entry_gets_the_refusal(client, people, centre_entered):
    login(client, people.centre)
    response = client.post(reverse("measurement-decide", args=[centre_entered.pk]), {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("measurement-review"), 302)]
    assert service.SELF_APPROVAL_REFUSED in response.content.decode()
    assert Measurement.objects.get().status == MeasurementStatus.SUBMITTED
    assert not approvals().exists()


def test_another_administrator_approves_through_the_page(client, second_centre, centre_entered):
    login(client, second_centre)
    client.post(reverse("measurement-decide", args=[centre_entered.pk]), {"action": "approve"})
    m = Measurement.objects.get()
    assert (m.status, m.approved_by) == (MeasurementStatus.APPROVED, second_centre)


def test_review_queue_offers_no_approve_control_for_ones_own_entry(client, fw, people, second_centre, centre_entered):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.dropout, "8", "10")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    staff_value = Measurement.objects.get(code="1-1.2")

    page = login(client, people.centre).get(reverse("measurement-review")).content.decode()
    own, others = decision_form(page, centre_entered), decision_form(page, staff_value)
    assert 'value="approve"' not in own and 'class="help own-entry"' in own
    assert 'value="return"' in own  # returning one's own entry stays possible
    assert 'value="approve"' in others and "own-entry" not in others

    page = login(client, second_centre).get(reverse("measurement-review")).content.decode()
    assert 'value="approve"' in decision_form(page, centre_entered)
    assert "own-entry" not in page


def test_team_values_page_offers_no_approve_control_for_ones_own_entry(client, fw, people, second_centre,
                                                                       centre_entered):
    own = decision_form(login(client, people.centre).get(edit_url(fw)).content.decode(), centre_entered)
    assert 'value="approve"' not in own and 'class="help own-entry"' in own and 'value="return"' in own
    other = decision_form(login(client, second_centre).get(edit_url(fw)).content.decode(), centre_entered)
    assert 'value="approve"' in other and "own-entry" not in other


# ---- the SROI layer: the same rule ------------------------------------------------------------------------------


def test_whoever_saved_the_sroi_assumptions_may_not_approve_them(client, fw, people, second_centre):
    from bombaram.valuation.models import SroiSetting
    from tests.valuation.test_measurement import outcome

    service.save_sroi(user=people.centre, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome()])
    setting = SroiSetting.objects.get()
    assert setting.entered_by == people.centre
    with pytest.raises(ValidationError, match=re.escape(service.SELF_APPROVAL_REFUSED)):
        service.approve_sroi(user=people.centre, setting=setting)
    assert SroiSetting.objects.get().approved is None
    assert not AuditEvent.objects.filter(name="valuation.sroi.approved").exists()

    login(client, people.centre)  # the page offers no approval to its author, and a forged POST is refused
    page = client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    approve_url = reverse("sroi-approve", args=[fw.team.pk, 2024])
    assert approve_url not in page and "다른 담당자가 승인해야" in page
    client.post(approve_url)
    assert SroiSetting.objects.get().approved is None

    login(client, second_centre)
    assert approve_url in client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    client.post(approve_url)
    approved = SroiSetting.objects.get()
    assert approved.approved is not None and approved.approved_by == second_centre

    # the team changes the assumptions: approval again, and now the first administrator may give it
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.05", investment_won=5_000_000,
                      outcomes=[outcome()])
    setting = SroiSetting.objects.get()
    assert (setting.approved, setting.entered_by) == (None, people.staff)
    service.approve_sroi(user=people.centre, setting=setting)
    assert SroiSetting.objects.get().approved_by == people.centre


def test_saving_the_same_sroi_assumptions_again_keeps_the_approval_and_the_author(client, fw, people, second_centre):
    from bombaram.valuation.models import SroiSetting
    from tests.valuation.test_measurement import outcome

    def save(user, **changes):
        return service.save_sroi(user=user, team=fw.team, year=2024, discount_rate="0.035",
                                 investment_won=5_000_000, outcomes=[outcome(**changes)])

    save(people.staff)
    service.approve_sroi(user=second_centre, setting=SroiSetting.objects.get())
    save(people.centre)  # the form sent again unchanged, by an administrator
    kept = SroiSetting.objects.get()
    assert (kept.entered_by, kept.approved_by) == (people.staff, second_centre) and kept.approved is not None
    save(people.centre, deadweight="0.3")  # a real change: approval again, and the change is the administrator's
    changed = SroiSetting.objects.get()
    assert (changed.entered_by, changed.approved) == (people.centre, None)


def test_sroi_approval_by_an_outsider_is_refused_before_anything_is_looked_up(client, fw, make_user):
    from django.contrib.auth import get_user_model

    outsider = make_user("outsider", Role.CENTRE_ADMIN, district=District.objects.get(code="11440"))
    client.force_login(get_user_model().objects.get(pk=outsider.pk))
    # no SROI layer exists for 2024: an outsider gets 403 all the same (not 404, which would tell)
    assert client.post(reverse("sroi-approve", args=[fw.team.pk, 2024])).status_code == 403
