"""The Delphi analysis report: the report's tables with figures worked out by hand, the new
statistics and decisions, the printed figures beside them, the XLSX, who may read it, panellists
never named, and the selected indicators adopted as the framework's next version."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bombaram.core import frameworks as core
from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.valuation.choices import CriticalMethod, ItemKind, Level, QuartileMethod, RoundStatus
from bombaram.valuation.models import (
    Answer,
    DelphiRound,
    DelphiStudy,
    FrameworkItem,
    FrameworkVersion,
    PanelGroup,
    Panellist,
    Response,
    RoundItem,
    hash_token,
)
from bombaram.valuation.services import analysis
from bombaram.valuation.services import frameworks as framework_service
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

SEONGBUK, MAPO = "11290", "11440"
NAMES = {"P01": "김하늘", "P02": "이바다", "P03": "박구름", "P04": "최들판", "P05": "정노을"}
LOCAL = ("P01", "P02")  # 자치구 현장; P03–P05 are 시 단위 전문가

# Answers per round: item -> {panellist: (suitable, score)}; activities have no yes/no.
ROUND1 = {
    "1-1": {"P01": (None, 7), "P02": (None, 6), "P03": (None, 5), "P04": (None, 4)},
    "1-1.1": {"P01": (True, 6), "P02": (True, 6), "P03": (True, 5), "P04": (False, 5)},
    "1-1.2": {"P01": (True, 2), "P02": (False, 3), "P03": (False, 4), "P04": (False, 3)},
}
ROUND2 = {
    "1-1": {"P01": (None, 7), "P02": (None, 6), "P03": (None, 5), "P04": (None, 5), "P05": (None, 6)},
    "1-1.1": {"P01": (True, 6), "P02": (True, 6), "P03": (True, 6), "P04": (True, 6), "P05": (True, 7)},
    "1-1.2": {"P01": (True, 2), "P02": (False, 3), "P03": (False, 3), "P04": (False, 3), "P05": (False, 4)},
    "1-1.3": {"P01": (True, 5), "P02": (True, 5), "P03": (True, 5), "P04": (True, 5), "P05": (True, 5)},
}


@pytest.fixture
def people(reference, make_user):
    team = ProgrammeTeam.objects.get(district__code=SEONGBUK)
    return {
        "admin": make_user("admin", Role.CENTRE_ADMIN, district=District.objects.get(code=SEONGBUK)),
        "team": make_user("team", Role.TEAM_STAFF, team=team),
        "mapo": make_user("mapo", Role.CENTRE_ADMIN, district=District.objects.get(code=MAPO)),
    }


@pytest.fixture
def study(people):
    """A framework v1 (goal 1, activity 1-1 with indicators 1-1.1 and 1-1.2), a study with two groups
    and two closed rounds; round 2 adds the accepted proposal 1-1.3 (신규)."""
    from bombaram.valuation.models import Framework

    team = ProgrammeTeam.objects.get(district__code=SEONGBUK)
    framework = Framework.objects.create(name="성북 틀", slug="seongbuk", owner_team=team, owner_district=team.district)
    core_framework = core.Framework("성북", (core.Goal("1", "사회적 경제 시장을 조성한다.", (
        core.Activity("1-1", "상호거래 확대", indicators=(
            core.Indicator("1-1.1", "상호거래 건수", unit="건", kind="output"),
            core.Indicator("1-1.2", "매칭 만족도", unit="점", kind="outcome"))),)),))
    printed = core.PrintedFigures({"1-1.1": {"suit_r1_all": 0.75, "imp_r1_all": 5.40}})
    version = framework_service.version_from_core(framework=framework, core_framework=core_framework,
                                                  printed=printed)
    version.frozen = True
    version.save(update_fields=["frozen"])
    study = DelphiStudy.objects.create(version=version, title="성북 지표 델파이", illustrative=True)
    experts = PanelGroup.objects.create(study=study, name="시 단위 전문가", position=0)
    local = PanelGroup.objects.create(study=study, name="자치구 현장", position=1)
    study.local_group = local
    study.save(update_fields=["local_group"])
    panellists = {label: Panellist.objects.create(study=study, group=local if label in LOCAL else experts,
                                                  name=name, label=label, token_hash=hash_token(label))
                  for label, name in NAMES.items()}
    items = {i.code: i for i in version.items.all()}
    closes = timezone.make_aware(dt.datetime(2013, 10, 25, 18, 0))
    for number, answers in ((1, ROUND1), (2, ROUND2)):
        round_ = DelphiRound.objects.create(study=study, number=number, status=RoundStatus.CLOSED,
                                            closes=closes + dt.timedelta(days=28 * (number - 1)))
        round_items = {}
        for position, code in enumerate(answers):
            new = code == "1-1.3"
            round_items[code] = RoundItem.objects.create(
                round=round_, framework_item=None if new else items[code], code=code, position=position,
                kind=ItemKind.ACTIVITY if code == "1-1" else ItemKind.INDICATOR,
                name="공동구매 참여 기업 수" if new else items[code].name, goal="사회적 경제 시장을 조성한다.",
                context="" if code == "1-1" else "상호거래 확대", is_new=new)
        labels = sorted({p for by in answers.values() for p in by})
        responses = {p: Response.objects.create(round=round_, panellist=panellists[p], submitted=round_.closes)
                     for p in labels}
        for code, by in answers.items():
            for label, (suitable, score) in by.items():
                Answer.objects.create(response=responses[label], item=round_items[code], suitable=suitable,
                                      score=score)
    # an unsubmitted questionnaire never counts
    draft = Response.objects.create(round=round_, panellist=Panellist.objects.create(
        study=study, group=local, name="제출안함", label="P06", token_hash=hash_token("P06")))
    Answer.objects.create(response=draft, item=round_items["1-1.1"], suitable=False, score=1)
    return study


def _row_cells(html: str, code: str, occurrence: int = 0) -> list[str]:
    """The numeric cells of the ``occurrence``-th table row of item ``code``."""
    rows = re.findall(r'<td class="fw-code">' + re.escape(code) + r"</td>(.*?)</tr>", html, flags=re.S)
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', rows[occurrence], flags=re.S)
    return [re.sub(r"<[^>]+>", " ", c).split()[0] for c in cells]


def test_the_report_tables_show_figures_worked_out_by_hand(client, study, people):
    client.force_login(people["admin"])
    response = client.get(reverse("study-analysis", args=[study.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    # activity 1-1, mean score: r1 all (7+6+5+4)/4 = 5.50, local (7+6)/2 = 6.50;
    # r2 all (7+6+5+5+6)/5 = 5.80, local 6.50
    assert _row_cells(html, "1-1") == ["5.50", "6.50", "5.80", "6.50"]
    # 1-1.1 suitability: r1 all 3/4 = 0.75, local 2/2 = 1.00; r2 5/5, 2/2;
    # importance: r1 (6+6+5+5)/4 = 5.50, local 6.00; r2 (6+6+6+6+7)/5 = 6.20, local 6.00
    assert _row_cells(html, "1-1.1") == ["0.75", "1.00", "1.00", "1.00", "5.50", "6.00", "6.20", "6.00"]
    # 1-1.2: r1 1/4 = 0.25, local 1/2 = 0.50; r2 1/5 = 0.20, local 0.50; means 3.00, 2.50, 3.00, 2.50
    assert _row_cells(html, "1-1.2") == ["0.25", "0.50", "0.20", "0.50", "3.00", "2.50", "3.00", "2.50"]
    # the proposal asked in round 2 only, tagged 신규
    assert _row_cells(html, "1-1.3") == ["—", "—", "1.00", "1.00", "—", "—", "5.00", "5.00"]
    assert re.search(r"1-1\.3</td><td class=\"an-name\">공동구매 참여 기업 수 <span class=\"tag fw-new\">", html)

    # round 2, whole panel, 1-1.1: n 5, 5 suitable, CVR (5 − 2.5)/2.5 = 1.00; exact critical count for
    # N = 5 is 5 (P(X ≥ 5) = 1/32 ≤ .05, P(X ≥ 4) = 6/32 > .05), critical CVR 1.00; scores 6,6,6,6,7:
    # mean 6.20, SD √(0.8/4) = 0.45, median 6, HAVERAGE Q1 at 1.5 → 6, Q3 at 4.5 → 6.5,
    # 합의도 1 − 0.5/6 = 0.92, 수렴도 0.25, CV 0.447/6.2 = 0.07;
    # CV change: round 1 CV √(1/3)/5.5 = 0.105 → 0.072, −0.03; P03 and P04 changed 5 → 6: 2/4 = 0.50
    assert _row_cells(html, "1-1.1", 1) == ["5", "5", "1.00", "1.00", "5", "6.20", "0.45", "6.00", "6.00", "6.50",
                                            "0.92", "0.25", "0.07", "-0.03", "0.50"]
    # 1-1.2: 1 of 5 suitable, CVR (1 − 2.5)/2.5 = −0.60 < 1.00: dropped
    assert _row_cells(html, "1-1.2", 1)[:5] == ["5", "1", "-0.60", "1.00", "5"]
    with translation.override("ko"):
        keep, drop = str(analysis.DECISION_LABELS["keep"]), str(analysis.DECISION_LABELS["drop"])
        quartiles = str(QuartileMethod.WEIBULL.label)
    row = re.search(r'<td class="fw-code">1-1\.1</td>.*?</tr>', html.split('id="stats-title"')[1], re.S).group(0)
    assert f'<span class="decision decision-keep">{keep}</span>' in row
    row = re.search(r'<td class="fw-code">1-1\.2</td>.*?</tr>', html.split('id="stats-title"')[1], re.S).group(0)
    assert f'<span class="decision decision-drop">{drop}</span>' in row

    assert re.search(r'<dd class="an-quartiles">[^<]*' + re.escape(quartiles) + "</dd>", html)
    assert "예시 데이터" in html
    assert "P(X ≥ n_e | N, ½) ≤ .05" in html
    for name in (*NAMES.values(), "제출안함"):
        assert name not in html


def test_the_report_reads_a_fixed_number_of_queries(client, study, people, django_assert_max_num_queries):
    client.force_login(people["admin"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("study-analysis", args=[study.pk])).status_code == 200


def test_a_different_quartile_method_is_stated_and_used(client, study, people):
    study.quartile_method = QuartileMethod.LINEAR
    study.save(update_fields=["quartile_method"])
    client.force_login(people["admin"])
    html = client.get(reverse("study-analysis", args=[study.pk])).content.decode()
    with translation.override("ko"):
        assert str(QuartileMethod.LINEAR.label) in html
    # type 7 on 6,6,6,6,7: Q1 at 1 + 0.25·4 = 2 → 6, Q3 at 4 → 6: 합의도 1.00, 수렴도 0.00
    assert _row_cells(html, "1-1.1", 1)[8:12] == ["6.00", "6.00", "1.00", "0.00"]


def test_lawshes_table_chosen_for_a_study_is_stated_and_used(client, study, people):
    """The study form's "Lawshe 1975" reaches core under the name core knows (it once did not: 500)."""
    from bombaram.core.delphi import CRITICAL_METHODS, QUARTILE_METHODS

    assert set(CriticalMethod.values) == set(CRITICAL_METHODS) and set(QuartileMethod.values) == set(QUARTILE_METHODS)
    study.critical_method = CriticalMethod.LAWSHE
    study.save(update_fields=["critical_method"])
    client.force_login(people["admin"])
    html = client.get(reverse("study-analysis", args=[study.pk])).content.decode()
    assert "Lawshe(1975) 표" in html
    # round 2, 1-1.1: N 5, all 5 suitable, CVR 1.00; Lawshe prints .99 for N = 5 (the exact test: 1.00)
    assert _row_cells(html, "1-1.1", 1)[:5] == ["5", "5", "1.00", "0.99", "5"]
    assert client.get(reverse("study-analysis-xlsx", args=[study.pk])).status_code == 200


def test_the_report_figures_are_shown_beside_the_computed_ones_on_request(client, study, people):
    client.force_login(people["admin"])
    url = reverse("study-analysis", args=[study.pk])
    assert "an-printed" not in client.get(url).content.decode()
    html = client.get(url + "?printed=1").content.decode()
    cells = re.search(r'<td class="fw-code">1-1\.1</td>(.*?)</tr>', html, re.S).group(1)
    # printed 0.75 agrees with 3/4; printed 5.40 is not the computed 5.50 and is marked
    assert re.search(r'<td class="num">0\.75<span class="an-printed">[^<]* 0\.75</span></td>', cells)
    assert re.search(r'<td class="num an-differs">5\.50<span class="an-printed">[^<]* 5\.40', cells)


def test_xlsx_holds_the_same_figures_and_no_names(client, study, people):
    from openpyxl import load_workbook

    client.force_login(people["team"])  # the framework's owning team may read its study's analysis
    response = client.get(reverse("study-analysis-xlsx", args=[study.pk]))
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(f"bombaram-delphi-{study.pk}-예시데이터.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["활동 적합성", "지표 적합성·중요도", "통계·판정", "의견", "설정"]

    def rows(sheet):
        values = [list(r) for r in book[sheet].iter_rows(values_only=True)]
        header = next(i for i, r in enumerate(values) if r[0] in ("목적 번호", "코드", "항목"))
        return values[header], [dict(zip(values[header], r, strict=False)) for r in values[header + 1:]]

    _, activities = rows("활동 적합성")
    assert activities[0]["코드"] == "1-1" and activities[0]["1차 전체"] == pytest.approx(5.5)
    assert activities[0]["2차 지역"] == pytest.approx(6.5)
    _, indicators = rows("지표 적합성·중요도")
    first = next(r for r in indicators if r["코드"] == "1-1.1")
    assert first["지표적합성 1차 전체"] == pytest.approx(0.75) and first["지표중요도 1차 전체"] == pytest.approx(5.5)
    assert first["지표중요도 2차 전체"] == pytest.approx(6.2) and first["보고서 지표중요도 1차 전체"] == pytest.approx(5.4)
    assert next(r for r in indicators if r["코드"] == "1-1.3")["신규"] == "신규"
    _, stats = rows("통계·판정")
    whole = next(r for r in stats if r["코드"] == "1-1.1" and r["차수"] == 2 and r["집단"] == "전체")
    assert whole["CVR"] == pytest.approx(1.0) and whole["임계 n_e"] == 5 and whole["판정"] == "유지"
    assert whole["Q3"] == pytest.approx(6.5) and whole["점수를 바꾼 비율"] == pytest.approx(0.5)
    group = next(r for r in stats if r["코드"] == "1-1.2" and r["차수"] == 1 and r["집단"] == "자치구 현장")
    assert group["지표적합성"] == pytest.approx(0.5) and group["판정"] in ("", None)
    _, settings = rows("설정")
    assert {"항목": "사분위수", "값": "SPSS HAVERAGE (Hyndman–Fan 6종)"} in settings
    text = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "예시 데이터" in text
    for name in (*NAMES.values(), "제출안함"):
        assert name not in text


def test_the_panels_comments_are_in_the_report_without_names(client, study, people):
    """Comments of submitted questionnaires, per round and question, sorted so that the order does
    not tell who wrote them; a questionnaire not submitted says nothing."""
    from openpyxl import load_workbook

    def comment(round_number: int, label: str, code: str, text: str) -> None:
        Answer.objects.filter(response__round__number=round_number, response__panellist__label=label,
                              item__code=code, response__round__study=study).update(comment=text)

    comment(1, "P04", "1-1.1", "측정 주기를 정해야 합니다")
    comment(1, "P01", "1-1.1", "거래 금액도 함께 보면 좋겠습니다")
    comment(2, "P03", "1-1.2", "만족도 조사는 비용이 큽니다")
    comment(2, "P06", "1-1.1", "제출하지 않은 사람의 의견")  # the unsubmitted questionnaire
    client.force_login(people["admin"])
    html = client.get(reverse("study-analysis", args=[study.pk])).content.decode()
    section = html[html.index('id="comments-title"'):]
    first, second = section.index("거래 금액도"), section.index("측정 주기를")
    assert first < second < section.index("2차") < section.index("만족도 조사는")  # 가나다 order, round 1 first
    assert "제출하지 않은 사람의 의견" not in html
    for name in NAMES.values():
        assert name not in section
    for label in NAMES:
        assert label not in section

    book = load_workbook(io.BytesIO(client.get(reverse("study-analysis-xlsx", args=[study.pk])).content))
    rows = [r for r in book["의견"].iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert rows == [(1, "1-1.1", "상호거래 건수", "거래 금액도 함께 보면 좋겠습니다"),
                    (1, "1-1.1", "상호거래 건수", "측정 주기를 정해야 합니다"),
                    (2, "1-1.2", "매칭 만족도", "만족도 조사는 비용이 큽니다")]


def test_only_the_studys_administrators_and_the_owning_team_read_the_analysis(client, study, people, make_user):
    url = reverse("study-analysis", args=[study.pk])
    assert client.get(url).status_code == 302
    for who in (people["mapo"], make_user("someone")):
        client.force_login(who)
        assert client.get(url).status_code == 403
        assert client.get(reverse("study-analysis-xlsx", args=[study.pk])).status_code == 403
    client.force_login(people["team"])
    html = client.get(url).content.decode()
    assert "id=\"adopt\"" not in html  # the team reads, administrators adopt


def test_the_adopt_form_ticks_the_kept_indicators(client, study, people):
    client.force_login(people["admin"])
    html = client.get(reverse("study-analysis", args=[study.pk])).content.decode()
    form = html.split('id="adopt"')[1]
    assert re.search(r'value="1-1\.1" id="keep-\d+" checked', form)
    assert re.search(r'value="1-1\.3" id="keep-\d+" checked', form)
    assert re.search(r'value="1-1\.2" id="keep-\d+">', form)


def test_adopting_makes_the_next_version_without_the_dropped_indicators(client, study, people):
    client.force_login(people["admin"])
    response = client.post(reverse("study-adopt", args=[study.pk]), {"keep": ["1-1.1", "1-1.3"]})

    version = FrameworkVersion.objects.get(framework=study.version.framework, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("framework-version", args=["seongbuk", 2])
    assert version.derived_from_study == study and not version.frozen
    assert list(version.items.order_by("position").values_list("code", flat=True)) == ["1", "1-1", "1-1.1", "1-1.3"]
    new = version.items.get(code="1-1.3")
    assert new.level == Level.INDICATOR and new.name == "공동구매 참여 기업 수" and new.parent.code == "1-1"
    assert "1-1.2" in version.note and "1-1.3" in version.note
    assert study.version.items.filter(code="1-1.2").exists()  # the studied version is untouched
    assert AuditEvent.objects.filter(name="valuation.framework.selection_adopted", object_id=str(version.pk)).exists()
    # a second submission does not make a third version
    client.post(reverse("study-adopt", args=[study.pk]), {"keep": ["1-1.1"]})
    assert study.version.framework.versions.count() == 2
    html = client.get(reverse("study-analysis", args=[study.pk])).content.decode()
    assert reverse("framework-version", args=["seongbuk", 2]) in html


def test_adopting_is_refused_to_others_and_before_the_last_round_closes(client, study, people):
    url = reverse("study-adopt", args=[study.pk])
    for who in ("team", "mapo"):
        client.force_login(people[who])
        assert client.post(url, {"keep": ["1-1.1"]}).status_code == 403
    assert study.version.framework.versions.count() == 1
    last = study.rounds.get(number=2)
    last.status = RoundStatus.OPEN
    last.save(update_fields=["status"])
    client.force_login(people["admin"])
    response = client.post(url, {"keep": ["1-1.1"]}, follow=True)
    assert "마지막 차수를 마감한 뒤에" in response.content.decode()
    assert study.version.framework.versions.count() == 1
    assert FrameworkItem.objects.filter(version__number=2).count() == 0
