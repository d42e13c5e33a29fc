"""Measurement services: the approval flow, who may write what, bad input, the social accounts and the
SROI layer with figures worked out by hand, and the XLSX export."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.choices import MeasurementStatus
from bombaram.valuation.models import (
    Framework,
    FrameworkItem,
    FrameworkVersion,
    Measurement,
    SroiSetting,
)
from bombaram.valuation.services import measurement as service
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fw(reference):
    """성북's framework: one goal, one activity, three indicators (one where lower is better)."""
    team = ProgrammeTeam.objects.get(district__code="11290")
    framework = Framework.objects.create(name="성북 가치측정 틀 (시험)", slug="test-seongbuk", owner_team=team)
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    goal = FrameworkItem.objects.create(version=version, level="goal", code="1", name="사회적경제 생태계 조성", position=1)
    activity = FrameworkItem.objects.create(version=version, level="activity", code="1-1", name="창업 교육", parent=goal,
                                            position=2)

    def indicator(code, name, unit, direction, position):
        return FrameworkItem.objects.create(version=version, level="indicator", code=code, name=name, unit=unit,
                                            direction=direction, parent=activity, position=position)

    return SimpleNamespace(
        team=team, framework=framework, version=version, goal=goal, activity=activity,
        participants=indicator("1-1.1", "교육 참여자 수", "명", "increase", 3),
        dropout=indicator("1-1.2", "중도 탈락자 수", "명", "decrease", 4),
        partners=indicator("1-1.3", "협업 조직 수", "곳", "increase", 5),
        other_team=ProgrammeTeam.objects.get(district__code="11350"),
    )


@pytest.fixture
def people(fw, make_user):
    return SimpleNamespace(
        staff=make_user("sb-staff", Role.TEAM_STAFF, team=fw.team),
        other_staff=make_user("nw-staff", Role.TEAM_STAFF, team=fw.other_team),
        centre=make_user("sb-centre", Role.CENTRE_ADMIN, district=District.objects.get(code="11290")),
        far_centre=make_user("mapo-centre", Role.CENTRE_ADMIN, district=District.objects.get(code="11440")),
    )


def row(item, value=None, target=None, *, note="", evidence_url="", evidence=None):
    return {"item": item, "value": value, "target": target, "note": note, "evidence_url": evidence_url,
            "evidence": evidence}


def approved_year(fw, people, year, rows):
    service.save_measurements(user=people.staff, team=fw.team, year=year, rows=rows)
    service.submit_measurements(user=people.staff, team=fw.team, year=year)
    for m in Measurement.objects.filter(team=fw.team, year=year, status=MeasurementStatus.SUBMITTED):
        service.approve_measurement(user=people.centre, measurement=m)


@pytest.fixture
def two_years(fw, people):
    """2023 approved (participants 40, dropouts 12); 2024: participants 45/60 and dropouts 8/10 approved,
    partners 30/20 still a draft."""
    approved_year(fw, people, 2023, [row(fw.participants, "40", "50"), row(fw.dropout, "12", "10")])
    approved_year(fw, people, 2024, [row(fw.participants, "45", "60", note="상반기 과정 포함"),
                                     row(fw.dropout, "8", "10")])
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.partners, "30", "20")])
    return fw


# ---- the approval flow and who may do what ---------------------------------------------------------------


def test_team_saves_drafts_submits_and_the_centre_approves(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024,
                              rows=[row(fw.participants, "45", "60"), row(fw.dropout), row(fw.partners)])
    saved = Measurement.objects.get(team=fw.team, year=2024)  # empty rows are not stored
    assert (saved.code, saved.value, saved.target, saved.status) == ("1-1.1", Decimal("45"), Decimal("60"), "draft")
    assert saved.entered_by == people.staff

    assert service.submit_measurements(user=people.staff, team=fw.team, year=2024) == 1
    saved.refresh_from_db()
    assert saved.status == MeasurementStatus.SUBMITTED

    service.approve_measurement(user=people.centre, measurement=saved)
    saved.refresh_from_db()
    assert saved.status == MeasurementStatus.APPROVED and saved.approved_by == people.centre and saved.approved
    names = list(AuditEvent.objects.filter(object_type="valuation.measurement", object_id=str(saved.pk)).order_by("pk").values_list("name", flat=True))
    assert names == ["valuation.measurement.saved", "valuation.measurement.submitted", "valuation.measurement.approved"]


def test_approved_value_is_locked_until_the_centre_returns_it(fw, people):
    approved_year(fw, people, 2024, [row(fw.participants, "45", "60")])
    with pytest.raises(ValidationError) as caught:
        service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "50", "60")])
    assert "승인되어 바꿀 수 없습니다" in caught.value.message_dict["1-1.1"][0]
    m = Measurement.objects.get(team=fw.team, code="1-1.1", year=2024)
    assert m.value == Decimal("45")
    # saving the same figures again (the whole form is posted) is not a change
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])

    with pytest.raises(ValidationError, match="의견을 적어"):
        service.return_measurement(user=people.centre, measurement=m, comment="  ")
    m.refresh_from_db()
    assert m.status == MeasurementStatus.APPROVED

    service.return_measurement(user=people.centre, measurement=m, comment="증빙 자료의 참여자 수는 50명입니다")
    m.refresh_from_db()
    assert (m.status, m.review_comment, m.approved) == ("returned", "증빙 자료의 참여자 수는 50명입니다", None)
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "50", "60")])
    m.refresh_from_db()
    assert (m.value, m.status) == (Decimal("50"), MeasurementStatus.RETURNED)
    assert service.submit_measurements(user=people.staff, team=fw.team, year=2024) == 1
    m.refresh_from_db()
    assert m.status == MeasurementStatus.SUBMITTED
    assert AuditEvent.objects.filter(name="valuation.measurement.returned", object_id=str(m.pk)).count() == 1


def test_submitted_value_cannot_be_changed_while_waiting(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    with pytest.raises(ValidationError, match="승인 요청 중"):
        service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "46", "60")])
    assert Measurement.objects.get(code="1-1.1", year=2024).value == Decimal("45")


def test_staff_of_another_team_cannot_save_and_nothing_is_written(fw, people):
    with pytest.raises(PermissionDenied):
        service.save_measurements(user=people.other_staff, team=fw.team, year=2024, rows=[row(fw.participants, "45")])
    with pytest.raises(PermissionDenied):
        service.submit_measurements(user=people.other_staff, team=fw.team, year=2024)
    assert not Measurement.objects.exists()
    assert not AuditEvent.objects.filter(name__startswith="valuation.measurement").exists()


def test_the_district_centre_may_enter_values_for_a_team(fw, people):
    service.save_measurements(user=people.centre, team=fw.team, year=2024, rows=[row(fw.participants, "45")])
    assert Measurement.objects.filter(team=fw.team, code="1-1.1").exists()
    with pytest.raises(PermissionDenied):
        service.save_measurements(user=people.far_centre, team=fw.team, year=2024, rows=[row(fw.dropout, "3")])


def test_only_the_centre_of_the_district_approves_or_returns(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    m = Measurement.objects.get()
    for user in (people.staff, people.other_staff, people.far_centre):
        with pytest.raises(PermissionDenied):
            service.approve_measurement(user=user, measurement=m)
        with pytest.raises(PermissionDenied):
            service.return_measurement(user=user, measurement=m, comment="다시")
    m.refresh_from_db()
    assert m.status == MeasurementStatus.SUBMITTED


def test_a_draft_cannot_be_approved(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, "45", "60")])
    with pytest.raises(ValidationError, match="승인 요청된 값만"):
        service.approve_measurement(user=people.centre, measurement=Measurement.objects.get())


def test_submitting_nothing_is_refused(fw, people):
    service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, None, "60")])
    with pytest.raises(ValidationError, match="승인을 요청할 값이 없습니다"):
        service.submit_measurements(user=people.staff, team=fw.team, year=2024)
    assert Measurement.objects.get().status == MeasurementStatus.DRAFT


# ---- bad input ---------------------------------------------------------------------------------------------


def test_a_bad_number_saves_nothing_from_the_request(fw, people):
    with pytest.raises(ValidationError) as caught:
        service.save_measurements(user=people.staff, team=fw.team, year=2024,
                                  rows=[row(fw.participants, "12a", "60"), row(fw.dropout, "8", "10")])
    assert caught.value.message_dict == {"1-1.1": ["실적: 숫자로 적어 주세요 (예: 45, 1,234.5). 입력한 값: '12a'"]}
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(("value", "message"), [
    ("1.23456", "소수점 아래 4자리까지"),
    ("100000000000000", "너무 큰 수"),
])
def test_numbers_that_do_not_fit_are_refused(fw, people, value, message):
    with pytest.raises(ValidationError, match=message):
        service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.participants, value)])
    assert not Measurement.objects.exists()


def test_an_indicator_of_another_framework_is_refused(fw, people):
    other = Framework.objects.create(name="노원 틀", slug="test-nowon", owner_team=fw.other_team)
    version = FrameworkVersion.objects.create(framework=other, number=1)
    foreign = FrameworkItem.objects.create(version=version, level="indicator", code="9-9.9", name="남의 지표")
    with pytest.raises(ValidationError, match="이 사업단의 평가지표가 아닙니다"):
        service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(foreign, "1")])
    with pytest.raises(ValidationError, match="평가지표가 아닙니다"):
        service.save_measurements(user=people.staff, team=fw.team, year=2024, rows=[row(fw.activity, "1")])
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.exe", b"MZ....", "PDF, JPG, PNG, XLSX, DOCX, HWP 파일만"),
    ("report.pdf", b"<html>not a pdf</html>", "확장자(.pdf)와 맞지 않습니다"),
    ("huge.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "10 MB까지"),
])
def test_evidence_files_are_checked(fw, people, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=re.escape(message)):
        service.save_measurements(user=people.staff, team=fw.team, year=2024,
                                  rows=[row(fw.participants, "45", evidence=upload)])
    assert not Measurement.objects.exists()


def test_evidence_file_is_stored_under_media_root(fw, people, settings):
    service.save_measurements(user=people.staff, team=fw.team, year=2024,
                              rows=[row(fw.participants, "45", evidence=SimpleUploadedFile("참여자 명단.pdf", PDF))])
    m = Measurement.objects.get()
    stored = settings.MEDIA_ROOT / m.evidence.name
    assert m.evidence.name.startswith("evidence/") and stored.read_bytes() == PDF


def test_an_evidence_link_must_be_http(fw, people):
    with pytest.raises(ValidationError, match="http://"):
        service.save_measurements(user=people.staff, team=fw.team, year=2024,
                                  rows=[row(fw.participants, "45", evidence_url="javascript:alert(1)")])
    assert not Measurement.objects.exists()


# ---- social accounts ---------------------------------------------------------------------------------------


def test_accounts_figures_by_hand(two_years):
    fw = two_years
    accounts = service.social_accounts(fw.team, 2024, include_drafts=True)
    lines = {line.item.code: line for line in accounts.lines}
    participants, dropout, partners = lines["1-1.1"], lines["1-1.2"], lines["1-1.3"]
    # participants: 45 of a target of 60 → 45/60 × 100 = 75 %, not met; last year 40 → +5, 5/40 = +12.5 %
    assert participants.result.achievement_pct == Decimal(75)
    assert participants.result.achieved is False
    assert (participants.result.change, participants.result.change_pct) == (Decimal(5), Decimal("12.5"))
    assert participants.result.improved is True
    assert participants.note == "상반기 과정 포함"
    # dropouts, lower is better: 8 against a target of 10 → 10/8 × 100 = 125 %, met;
    # last year 12 → −4, −4/12 = −33.33 %, an improvement
    assert dropout.result.achievement_pct == Decimal(125) and dropout.result.achieved is True
    assert dropout.result.change == Decimal(-4) and dropout.result.improved is True
    assert round(dropout.result.change_pct, 2) == Decimal("-33.33")
    # partners (a draft): 30/20 = 150 %, no value last year
    assert partners.result.achievement_pct == Decimal(150) and partners.result.change is None
    assert partners.draft and accounts.drafts == 1
    # roll-up of the activity and the goal: 3 indicators, 2 met, mean (75 + 125 + 150)/3 = 116.67 %
    goal = accounts.goals[0]
    activity = goal.children[0]
    for summary in (goal.summary, activity.summary, accounts.summary):
        assert (summary.indicators, summary.assessed, summary.achieved) == (3, 3, 2)
        assert round(summary.mean_achievement_pct, 2) == Decimal("116.67")
    assert round(accounts.achieved_share_pct, 2) == Decimal("66.67")
    assert [line.item.code for line in activity.indicators] == ["1-1.1", "1-1.2", "1-1.3"]


def test_public_accounts_show_approved_values_only(two_years):
    fw = two_years
    accounts = service.social_accounts(fw.team, 2024, include_drafts=False)
    lines = {line.item.code: line for line in accounts.lines}
    assert lines["1-1.3"].value is None and lines["1-1.3"].measurement is None
    assert accounts.drafts == 0
    # 2 assessed, 1 met (dropouts), mean (75 + 125)/2 = 100 %
    assert (accounts.summary.assessed, accounts.summary.achieved) == (2, 1)
    assert accounts.summary.mean_achievement_pct == Decimal(100)
    assert service.account_years(fw.team, include_drafts=False) == [2024, 2023]


def test_previous_year_is_found_by_code_across_versions(two_years, people):
    fw = two_years
    v2 = FrameworkVersion.objects.create(framework=fw.framework, number=2)
    goal = FrameworkItem.objects.create(version=v2, level="goal", code="1", name="사회적경제 생태계 조성", position=1)
    activity = FrameworkItem.objects.create(version=v2, level="activity", code="1-1", name="창업 교육", parent=goal,
                                            position=2)
    new = FrameworkItem.objects.create(version=v2, level="indicator", code="1-1.1", name="교육 참여자 수", unit="명",
                                       parent=activity, position=3)
    approved_year(fw, people, 2025, [row(new, "54", "60")])
    accounts = service.social_accounts(fw.team, 2025, include_drafts=False)
    assert accounts.version == v2
    line = accounts.lines[0]
    assert (line.previous_value, line.result.change, line.result.change_pct) == (Decimal(45), Decimal(9), Decimal(20))


# ---- SROI ----------------------------------------------------------------------------------------------------


def outcome(**changes):
    data = {"code": "O1", "name": "교육 수료자의 취업", "stakeholder": "수료자", "indicator_code": "1-1.1",
            "quantity": "10", "proxy_value_won": "1000000", "proxy_source": "월 소득 증가분 (가정)",
            "deadweight": "0.2", "attribution": "0.25", "displacement": "0.1", "drop_off": "0.5", "duration_years": 2}
    data.update(changes)
    return data


def test_sroi_by_hand(fw, people):
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome()])
    result = service.sroi(fw.team, 2024)
    # year 1: 10 × 1,000,000 × (1 − .2) × (1 − .1) × (1 − .25) = 10 × 1,000,000 × .8 × .9 × .75 = 5,400,000
    # year 2: drop-off 50 % → 2,700,000
    assert result.rows[0].impacts == (Decimal(5_400_000), Decimal(2_700_000))
    # PV = 5,400,000/1.035 + 2,700,000/1.035² = 5,217,391.30 + 2,520,478.89 = 7,737,870.20
    pv = Decimal(5_400_000) / Decimal("1.035") + Decimal(2_700_000) / Decimal("1.035") ** 2
    assert round(result.present_value_won, 2) == round(pv, 2) == Decimal("7737870.20")
    assert round(result.net_present_value_won, 2) == Decimal("2737870.20")
    assert round(result.sroi_ratio, 4) == Decimal("1.5476")
    assert SroiSetting.objects.get().outcomes.get().indicator_code == "1-1.1"
    assert AuditEvent.objects.filter(name="valuation.sroi.saved").count() == 1

    scenarios = {(s.field, s.shift, s.value): s for s in service.sroi_sensitivity(result)}
    # discount rate 5 %: 5,400,000/1.05 + 2,700,000/1.05² = 5,142,857.14 + 2,448,979.59 = 7,591,836.73
    assert round(scenarios[("discount_rate", None, Decimal("0.05"))].present_value_won, 2) == Decimal("7591836.73")
    # deadweight 10 points higher (30 %): year 1 = 10 × 1,000,000 × .7 × .9 × .75 = 4,725,000, year 2 2,362,500
    higher = scenarios[("deadweight", Decimal("0.1"), None)]
    expected = Decimal(4_725_000) / Decimal("1.035") + Decimal(2_362_500) / Decimal("1.035") ** 2
    assert round(higher.present_value_won, 2) == round(expected, 2)
    assert scenarios[("base", None, None)].base and scenarios[("discount_rate", None, Decimal("0.035"))].base


def test_sroi_assumption_errors_come_from_core_and_save_nothing(fw, people):
    with pytest.raises(ValidationError) as caught:
        service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                          outcomes=[outcome(deadweight="1.2")])
    assert "사중효과(deadweight)은(는) 0 이상 1 이하의 비율이어야 합니다" in caught.value.messages[0]
    with pytest.raises(ValidationError, match="중복"):
        service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                          outcomes=[outcome(), outcome()])
    with pytest.raises(ValidationError, match="투입 가치"):
        service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=0,
                          outcomes=[outcome()])
    assert not SroiSetting.objects.exists()
    with pytest.raises(PermissionDenied):
        service.save_sroi(user=people.other_staff, team=fw.team, year=2024, discount_rate="0.035",
                          investment_won=5_000_000, outcomes=[outcome()])
    assert not SroiSetting.objects.exists()


def test_saving_sroi_again_replaces_the_outcomes(fw, people):
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome(), outcome(code="O2", name="협업 비용 절감")])
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.05", investment_won=6_000_000,
                      outcomes=[outcome(code="O2", name="협업 비용 절감")])
    setting = SroiSetting.objects.get()
    assert (setting.discount_rate, setting.investment_won) == (Decimal("0.05"), 6_000_000)
    assert list(setting.outcomes.values_list("code", flat=True)) == ["O2"]


# ---- XLSX ----------------------------------------------------------------------------------------------------


def _sheet_rows(sheet):
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_xlsx_holds_the_accounts_and_the_sroi(two_years, people, tmp_path):
    fw = two_years
    service.save_sroi(user=people.staff, team=fw.team, year=2024, discount_rate="0.035", investment_won=5_000_000,
                      outcomes=[outcome()])
    path = tmp_path / "accounts.xlsx"
    accounts = service.social_accounts(fw.team, 2024, include_drafts=False)
    service.write_accounts_xlsx(accounts, service.sroi(fw.team, 2024), path, illustrative=True)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["사회적 회계", "SROI 가정", "SROI 연도별"]
    rows = _sheet_rows(book["사회적 회계"])
    assert any("예시 데이터" in str(r[0]) for r in rows[:4])
    header = next(r for r in rows if r[0] == "목적")
    table = {r[3]: dict(zip(header, r, strict=False)) for r in rows[rows.index(header) + 1:]}
    participants = table["1-1.1"]
    assert (participants["목적"], participants["활동"], participants["평가지표"]) == ("사회적경제 생태계 조성", "창업 교육", "교육 참여자 수")
    assert (participants["실적"], participants["목표"], participants["달성률 (%)"]) == (45, 60, 75)
    assert (participants["전년 대비"], participants["전년 대비 (%)"], participants["개선 여부"]) == (5, 12.5, "개선")
    assert table["1-1.2"]["달성률 (%)"] == 125 and table["1-1.2"]["개선 여부"] == "개선"
    assert table["1-1.3"]["실적"] is None  # the draft is not in the public accounts

    assumptions = _sheet_rows(book["SROI 가정"])
    header = next(r for r in assumptions if r[0] == "성과 코드")
    o1 = dict(zip(header, assumptions[assumptions.index(header) + 1], strict=False))
    assert (o1["성과 수량"], o1["사중효과 (deadweight)"], o1["기여도 (attribution)"], o1["대체효과 (displacement)"],
            o1["감소율 (drop-off)"], o1["지속 기간 (년)"], o1["할인율"]) == (10, 0.2, 0.25, 0.1, 0.5, 2, 0.035)
    by_year = {r[0]: r[1:] for r in _sheet_rows(book["SROI 연도별"]) if r[0]}
    assert by_year["O1 교육 수료자의 취업"][:2] == (5_400_000, 2_700_000)
    assert round(by_year["현재가치 PV (원)"][0], 2) == 7737870.20
    assert round(by_year["SROI 비율 (PV ÷ 투입)"][0], 4) == 1.5476
