"""Measurement and social accounts pages: the public accounts, the team's form, the centre's queue,
evidence downloads, the XLSX and the SROI section, with forged requests refused."""

# The fixtures come from test_measurement (imported below); test arguments of the same names are them.
# ruff: noqa: F811

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.valuation.choices import MeasurementStatus
from bombaram.valuation.models import Measurement, SroiSetting
from bombaram.valuation.services import measurement as service
from tests.valuation.test_measurement import (  # noqa: F401  (fixtures)
    PDF,
    _media,
    fw,
    outcome,
    people,
    row,
    two_years,
)

PASSWORD = "correct-horse-battery"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def edit_url(fw, year=2024):
    return reverse("measurement-edit", args=[fw.team.pk, year])


def form_data(fw, **values):
    """The measurement form as the browser posts it: every editable row, blank unless given."""
    data = {"action": "save"}
    for item in (fw.participants, fw.dropout, fw.partners):
        for name in ("value", "target", "url", "note"):
            data[f"{name}_{item.pk}"] = values.get(f"{name}_{item.code}", "")
    return data


# ---- the public accounts page --------------------------------------------------------------------------------


def test_public_accounts_page_shows_approved_figures_only(client, two_years):
    fw = two_years
    response = client.get(reverse("accounts-team", args=[fw.team.pk, 2024]))
    assert response.status_code == 200
    page = response.content.decode()
    # participants 45/60 = 75.0 %, up 5 (+12.5 %) on 40; dropouts 10/8 = 125.0 %, down 4 (−33.3 %)
    assert "75.0 %" in page and "125.0 %" in page
    assert "+5 (+12.5 %)" in page and "-4 (-33.3 %)" in page
    assert "▲" in page and "▼" in page
    # the change is told in words too, not only by colour or arrow
    assert page.count('class="change-word"') == 2
    # the draft of partners (30/20 = 150 %) is not public; headline: 1 of 2 met, mean (75 + 125)/2 = 100.0
    assert "150.0 %" not in page
    assert ">100.0<" in page and ">50.0<" in page
    assert reverse("accounts-team-xlsx", args=[fw.team.pk, 2024]) in page
    assert reverse("measurement-edit", args=[fw.team.pk, 2024]) not in page


def test_team_sees_its_drafts_marked_on_the_accounts(client, two_years, people):
    fw = two_years
    page = login(client, people.staff).get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    assert "150.0 %" in page
    assert 'class="indicator draft"' in page and "status-draft" in page
    # all three: 2 of 3 met = 66.7 %, mean (75 + 125 + 150)/3 = 116.7
    assert ">66.7<" in page and ">116.7<" in page
    assert reverse("measurement-edit", args=[fw.team.pk, 2024]) in page


def test_accounts_page_queries_do_not_grow_with_indicators(client, two_years, django_assert_max_num_queries):
    fw = two_years
    with django_assert_max_num_queries(20):
        assert client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).status_code == 200


def test_illustrative_values_are_labelled(client, two_years):
    fw = two_years
    Measurement.objects.filter(team=fw.team).update(illustrative=True)
    page = client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    assert "예시 데이터" in page


def test_year_switcher_and_index(client, two_years):
    fw = two_years
    page = client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    assert f'href="{reverse("accounts-team", args=[fw.team.pk, 2023])}"' in page
    assert 'aria-current="page">2024<' in page
    index = client.get(reverse("accounts-index")).content.decode()
    assert fw.team.name in index and reverse("accounts-team", args=[fw.team.pk, 2023]) in index


def test_team_without_framework_has_no_accounts(client, fw):
    assert client.get(reverse("accounts-team", args=[fw.other_team.pk, 2024])).status_code == 404


# ---- XLSX ------------------------------------------------------------------------------------------------------


def test_xlsx_download_holds_the_public_figures(client, two_years):
    fw = two_years
    response = client.get(reverse("accounts-team-xlsx", args=[fw.team.pk, 2024]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [tuple(r) for r in book["사회적 회계"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "목적")
    table = {r[3]: dict(zip(header, r, strict=False)) for r in rows[rows.index(header) + 1:]}
    assert (table["1-1.1"]["실적"], table["1-1.1"]["목표"], table["1-1.1"]["달성률 (%)"]) == (45, 60, 75)
    assert table["1-1.3"]["실적"] is None
    assert book.sheetnames == ["사회적 회계"]  # no SROI layer this year


# ---- the team's form -------------------------------------------------------------------------------------------


def test_team_enters_values_with_evidence_and_asks_for_approval(client, fw, people, settings):
    login(client, people.staff)
    data = form_data(fw, **{"value_1-1.1": "45", "target_1-1.1": "60", "note_1-1.1": "상반기 포함",
                            "value_1-1.2": "8", "target_1-1.2": "10", "url_1-1.2": "https://example.org/명단"})
    data[f"evidence_{fw.participants.pk}"] = SimpleUploadedFile("참여자 명단.pdf", PDF, content_type="application/pdf")
    response = client.post(edit_url(fw), data)
    assert response.status_code == 302
    values = {m.code: m for m in Measurement.objects.filter(team=fw.team, year=2024)}
    assert set(values) == {"1-1.1", "1-1.2"}
    assert (values["1-1.1"].value, values["1-1.1"].note, values["1-1.1"].status) == (Decimal(45), "상반기 포함", "draft")
    assert (settings.MEDIA_ROOT / values["1-1.1"].evidence.name).read_bytes() == PDF
    assert values["1-1.2"].evidence_url == "https://example.org/명단"

    data = form_data(fw, **{"value_1-1.1": "45", "target_1-1.1": "60", "note_1-1.1": "상반기 포함",
                            "value_1-1.2": "8", "target_1-1.2": "10", "url_1-1.2": "https://example.org/명단"})
    data["action"] = "submit"
    assert client.post(edit_url(fw), data).status_code == 302
    assert set(Measurement.objects.values_list("status", flat=True)) == {MeasurementStatus.SUBMITTED}
    page = client.get(edit_url(fw)).content.decode()
    assert "status-submitted" in page and f'name="value_{fw.participants.pk}"' not in page  # locked rows


def test_bad_number_is_reported_on_its_row_and_nothing_is_saved(client, fw, people):
    login(client, people.staff)
    response = client.post(edit_url(fw), form_data(fw, **{"value_1-1.1": "12a", "target_1-1.1": "60",
                                                          "value_1-1.2": "8"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "숫자로 적어 주세요 (예: 45, 1,234.5). 입력한 값: &#x27;12a&#x27;" in page
    # the error is the one the field's aria-describedby names, so a screen reader reads it with the field
    field_id = f"id_value_{fw.participants.pk}"
    assert f'<div class="field-error" id="{field_id}_error">' in page and 'aria-invalid="true"' in page
    assert f'aria-describedby="{field_id}_error" aria-invalid="true" id="{field_id}"' in page
    assert not Measurement.objects.exists()


def test_locked_value_message_comes_back_on_its_row(client, fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    service.approve_measurement(user=people.centre, measurement=Measurement.objects.get())
    login(client, people.staff)
    # a forged field for the approved row is ignored (the row has no field); another row saves
    data = form_data(fw, **{"value_1-1.2": "8"})
    data[f"value_{fw.participants.pk}"] = "99"
    assert client.post(edit_url(fw), data).status_code == 302
    assert Measurement.objects.get(code="1-1.1").value == Decimal(45)
    assert Measurement.objects.get(code="1-1.2").value == Decimal(8)


def test_returned_row_shows_the_centres_comment(client, fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    service.return_measurement(user=people.centre, measurement=Measurement.objects.get(), comment="명단과 수가 다릅니다")
    page = login(client, people.staff).get(edit_url(fw)).content.decode()
    assert "명단과 수가 다릅니다" in page and f'name="value_{fw.participants.pk}"' in page


def test_staff_of_another_team_cannot_open_or_post_the_form(client, fw, people):
    login(client, people.other_staff)
    assert client.get(edit_url(fw)).status_code == 403
    response = client.post(edit_url(fw), form_data(fw, **{"value_1-1.1": "45"}))
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_anonymous_is_sent_to_log_in(client, fw):
    response = client.get(edit_url(fw))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.post(edit_url(fw), form_data(fw, **{"value_1-1.1": "45"}))
    assert not Measurement.objects.exists()


# ---- the centre's queue ----------------------------------------------------------------------------------------


@pytest.fixture
def submitted(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024,
                              rows=[row(fw.participants, "45", "60"), row(fw.dropout, "8", "10")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    return {m.code: m for m in Measurement.objects.all()}


def test_centre_approves_and_returns_from_the_queue(client, fw, people, submitted):
    login(client, people.centre)
    page = client.get(reverse("measurement-review")).content.decode()
    assert "교육 참여자 수" in page and "75.0 %" in page
    decide = reverse("measurement-decide", args=[submitted["1-1.1"].pk])
    assert client.post(decide, {"action": "approve"}).status_code == 302
    # returning without a comment is refused with a message, nothing changes
    other = reverse("measurement-decide", args=[submitted["1-1.2"].pk])
    response = client.post(other, {"action": "return", "comment": ""}, follow=True)
    assert "의견을 적어 주세요" in response.content.decode()
    assert Measurement.objects.get(code="1-1.2").status == MeasurementStatus.SUBMITTED
    client.post(other, {"action": "return", "comment": "목표 근거를 적어 주세요"})
    statuses = dict(Measurement.objects.values_list("code", "status"))
    assert statuses == {"1-1.1": "approved", "1-1.2": "returned"}
    assert "교육 참여자 수" not in client.get(reverse("measurement-review")).content.decode()


def test_queue_is_scoped_to_the_centres_districts(client, people, submitted):
    page = login(client, people.far_centre).get(reverse("measurement-review")).content.decode()
    assert "교육 참여자 수" not in page
    response = client.post(reverse("measurement-decide", args=[submitted["1-1.1"].pk]), {"action": "approve"})
    assert response.status_code == 403
    assert Measurement.objects.get(code="1-1.1").status == MeasurementStatus.SUBMITTED


def test_team_cannot_approve_its_own_values(client, people, submitted):
    login(client, people.staff)
    assert client.get(reverse("measurement-review")).status_code == 403
    response = client.post(reverse("measurement-decide", args=[submitted["1-1.1"].pk]), {"action": "approve"})
    assert response.status_code == 403
    assert Measurement.objects.get(code="1-1.1").status == MeasurementStatus.SUBMITTED


def test_decision_redirect_stays_on_the_site(client, people, submitted):
    login(client, people.centre)
    response = client.post(reverse("measurement-decide", args=[submitted["1-1.1"].pk]),
                           {"action": "approve", "next": "https://evil.example/"})
    assert response["Location"] == reverse("measurement-review")


# ---- evidence --------------------------------------------------------------------------------------------------


def test_evidence_of_an_unapproved_value_is_not_public(client, fw, people, make_user):
    service.save_measurements(user=people.staff, team=fw.team, year=2024,
                              rows=[row(fw.participants, "45", "60", evidence=SimpleUploadedFile("명단.pdf", PDF))])
    m = Measurement.objects.get()
    url = reverse("measurement-evidence", args=[m.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert login(client, people.other_staff).get(url).status_code == 403
    response = login(client, people.staff).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"

    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    service.approve_measurement(user=people.centre, measurement=m)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_value_without_evidence_file_has_no_download(client, two_years):
    m = Measurement.objects.filter(status="approved").first()
    assert client.get(reverse("measurement-evidence", args=[m.pk])).status_code == 404


# ---- SROI --------------------------------------------------------------------------------------------------------


def test_sroi_section_shows_every_assumption_and_the_hand_figures(client, two_years, people):
    fw = two_years
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome()])
    url = reverse("accounts-team", args=[fw.team.pk, 2024])
    assert "5,400,000" not in client.get(url).content.decode()  # the public waits for the centre's approval
    login(client, people.centre).post(reverse("sroi-approve", args=[fw.team.pk, 2024]))
    client.logout()
    page = client.get(url).content.decode()
    # year 1: 10 × 1,000,000 × .8 × .9 × .75 = 5,400,000; year 2 (drop-off 50 %): 2,700,000
    assert "5,400,000" in page and "2,700,000" in page
    # discounted: 5,400,000/1.035 = 5,217,391; 2,700,000/1.035² = 2,520,479; PV 7,737,870; NPV 2,737,870; ratio 1.55
    assert "5,217,391" in page and "2,520,479" in page and "7,737,870" in page and "2,737,870" in page
    assert ">1.55<" in page
    # every assumption: quantity, proxy and its source, deadweight, attribution, displacement, drop-off, duration, rate
    for shown in ("1,000,000", "월 소득 증가분 (가정)", "20 %", "25 %", "10 %", "50 %", ">3.5<"):
        assert shown in page
    # sensitivity at 5 %: 5,400,000/1.05 + 2,700,000/1.05² = 7,591,837
    assert "7,591,837" in page
    assert "대체하지 않습니다" in page


def test_staff_save_sroi_in_percent_and_others_cannot(client, fw, people):
    url = reverse("sroi-edit", args=[fw.team.pk, 2024])
    data = {"discount_rate": "3.5", "investment_won": "5,000,000", "note": "",
            "outcome-TOTAL_FORMS": "2", "outcome-INITIAL_FORMS": "0", "outcome-MIN_NUM_FORMS": "0",
            "outcome-MAX_NUM_FORMS": "50",
            "outcome-0-code": "O1", "outcome-0-name": "수료자 취업", "outcome-0-stakeholder": "수료자",
            "outcome-0-indicator_code": "1-1.1", "outcome-0-quantity": "10", "outcome-0-proxy_value_won": "1,000,000",
            "outcome-0-proxy_source": "가정", "outcome-0-deadweight": "20", "outcome-0-attribution": "25",
            "outcome-0-displacement": "10", "outcome-0-drop_off": "50", "outcome-0-duration_years": "2",
            "outcome-1-deadweight": "0", "outcome-1-attribution": "0", "outcome-1-displacement": "0",
            "outcome-1-drop_off": "0", "outcome-1-duration_years": "1"}
    login(client, people.other_staff)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not SroiSetting.objects.exists()

    login(client, people.staff)
    bad = dict(data, **{"outcome-0-deadweight": "120"})
    response = client.post(url, bad)
    assert response.status_code == 200 and not SroiSetting.objects.exists()
    assert "aria-invalid" in response.content.decode()

    assert client.post(url, data).status_code == 302
    setting = SroiSetting.objects.get()
    o = setting.outcomes.get()
    assert (setting.discount_rate, setting.investment_won) == (Decimal("0.035"), 5_000_000)
    assert (o.deadweight, o.attribution, o.displacement, o.drop_off, o.duration_years) == (
        Decimal("0.2"), Decimal("0.25"), Decimal("0.1"), Decimal("0.5"), 2)
    assert service.sroi(fw.team, 2024).rows[0].impacts[0] == Decimal(5_400_000)
    page = client.get(url).content.decode()
    assert 'value="20"' in page and 'value="1000000"' in page

    # changing only the discount rate keeps the outcome that was not touched
    again = dict(data, **{"discount_rate": "4", "outcome-INITIAL_FORMS": "1", "outcome-0-proxy_value_won": "1000000"})
    assert client.post(url, again).status_code == 302
    setting = SroiSetting.objects.get()
    assert setting.discount_rate == Decimal("0.04") and [o.code for o in setting.outcomes.all()] == ["O1"]
    # and a row marked for removal goes
    removed = dict(again, **{"outcome-0-DELETE": "on"})
    assert client.post(url, removed).status_code == 302
    assert not SroiSetting.objects.get().outcomes.exists()


def test_sroi_core_error_is_shown_in_the_form(client, fw, people):
    url = reverse("sroi-edit", args=[fw.team.pk, 2024])
    login(client, people.staff)
    data = {"discount_rate": "3.5", "investment_won": "5,000,000", "outcome-TOTAL_FORMS": "2",
            "outcome-INITIAL_FORMS": "0", "outcome-MIN_NUM_FORMS": "0", "outcome-MAX_NUM_FORMS": "50"}
    for n in (0, 1):
        data.update({f"outcome-{n}-code": "O1", f"outcome-{n}-name": f"성과 {n}", f"outcome-{n}-quantity": "1",
                     f"outcome-{n}-proxy_value_won": "100", f"outcome-{n}-duration_years": "1"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "성과 코드가 중복되었습니다: &#x27;O1&#x27;" in response.content.decode()
    assert not SroiSetting.objects.exists()


def test_the_centre_approves_the_sroi_layer_and_a_change_needs_approval_again(client, two_years, people):
    from bombaram.valuation.models import SroiSetting
    from bombaram.web.models import AuditEvent

    fw = two_years
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome()])
    approve = reverse("sroi-approve", args=[fw.team.pk, 2024])
    staff_page = login(client, people.staff).get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
    assert "5,400,000" in staff_page and "승인 전" in staff_page
    assert login(client, people.staff).post(approve).status_code == 403  # a team cannot approve its own layer
    assert SroiSetting.objects.get().approved is None
    login(client, people.centre).post(approve)
    setting = SroiSetting.objects.get()
    assert setting.approved is not None and setting.approved_by == people.centre
    assert AuditEvent.objects.filter(name="valuation.sroi.approved", object_id=str(setting.pk)).exists()
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.05", investment_won=5_000_000,
                      outcomes=[outcome()])
    assert SroiSetting.objects.get().approved is None  # changed assumptions wait for approval again
    client.logout()
    assert "5,400,000" not in client.get(reverse("accounts-team", args=[fw.team.pk, 2024])).content.decode()
