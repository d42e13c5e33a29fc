"""Demonstration data of the valuation app (예시 데이터), loaded by ``bombaram demo``. Idempotent.

* The 노원 and 성북 frameworks of the report's 지역기반의 사회적 경제 가치측정 연구, as published
  (goals, activities, sub-activities, indicators and the printed Delphi figures): real, with their source.
* One illustrative Delphi study per framework, two closed rounds, with the synthetic panel of
  datagen.delphi_2014 (27 panellists in round 1, 26 in round 2) whose answers reproduce the report's
  printed figures (datagen.delphi_2014.synthesise_study states which: every printed figure the panel
  sizes allow, 1,419 of 1,426).
* Indicator values for the 성북 and 노원 teams (2013, 2014), mostly approved, a few waiting for
  approval, and a monetised (SROI) layer for 성북 2014: all invented and marked illustrative.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bombaram.core.frameworks import load_reference_framework
from bombaram.datagen.delphi_2014 import synthesise_study
from bombaram.programmes.models import ProgrammeTeam
from bombaram.valuation import queries
from bombaram.valuation.choices import ItemKind, Level, MeasurementStatus, RoundStatus
from bombaram.valuation.models import (
    Answer,
    DelphiRound,
    DelphiStudy,
    Framework,
    FrameworkItem,
    Measurement,
    PanelGroup,
    Panellist,
    Response,
    RoundItem,
    SroiOutcome,
    SroiSetting,
    hash_token,
)
from bombaram.valuation.services import frameworks

SOURCE = "2014년 보고서 「서울의 사회적경제 '봄, 바람'」, 지역기반의 사회적 경제 가치측정 연구 (사회투자지원재단)"
FRAMEWORKS = [  # reference file, slug, district code, name
    ("nowon", "nowon", "11350", "노원 사회적경제 가치측정 틀"),
    ("seongbuk", "seongbuk", "11290", "성북 사회적경제 가치측정 틀"),
]
ROUND_DEADLINES = {1: dt.datetime(2013, 10, 25, 18, 0), 2: dt.datetime(2013, 11, 22, 18, 0)}


@transaction.atomic
def load_demo_valuation() -> dict[str, int]:
    """Create the demonstration frameworks, studies and measurements unless they exist."""
    if Framework.objects.filter(slug="seongbuk").exists():
        return {"frameworks": Framework.objects.count(), "answers": Answer.objects.count(),
                "measurements": Measurement.objects.count()}
    answers = 0
    for reference, slug, district, name in FRAMEWORKS:
        core_framework, printed = load_reference_framework(reference)
        team = ProgrammeTeam.objects.filter(district__code=district).first()
        framework = Framework.objects.create(
            name=name, slug=slug, owner_team=team, owner_district=team.district if team else None, source=SOURCE,
            description="보고서에 실린 목적·활동·세부 활동·평가지표와 델파이 1·2차 수치 (전체·지역)")
        version = frameworks.version_from_core(framework=framework, core_framework=core_framework, printed=printed,
                                               note="2014년 보고서의 틀 그대로")
        _crosswalk(version)
        answers += _study(version, core_framework, printed, local_group=f"{core_framework.name} 현장")
    measurements = _measurements()
    return {"frameworks": len(FRAMEWORKS), "answers": answers, "measurements": measurements}


def _study(version, core_framework, printed, *, local_group: str) -> int:
    responses, checks = synthesise_study(core_framework, printed)
    reproduced = sum(1 for c in checks if c.matches)
    study = DelphiStudy.objects.create(
        version=version, title=f"{core_framework.name} 평가지표 델파이 조사 (예시)", illustrative=True,
        introduction=(f"예시 데이터: 지어낸 패널 27명의 응답으로, 보고서에 실린 {core_framework.name}의 델파이 수치 "
                      f"{len(checks):,}개 중 {reproduced:,}개를 그대로 재현합니다 (전체·지역, 1·2차의 지표적합성·중요도·활동 점수)."))
    groups = {}
    for position, name in enumerate(dict.fromkeys(r.group for r in responses)):
        groups[name] = PanelGroup.objects.create(study=study, name=name, position=position)
    study.local_group = groups.get(local_group)
    study.save(update_fields=["local_group"])
    version.frozen = True
    version.save(update_fields=["frozen"])
    panellists = {}
    for label, group in sorted({(r.panellist, r.group) for r in responses}):
        panellists[label] = Panellist.objects.create(
            study=study, group=groups[group], name=f"예시 패널 {label}", label=label,
            token_hash=hash_token(secrets.token_urlsafe(32)))  # links are issued again from the study page
    items = {i.code: i for i in version.items.all()}
    tz = timezone.get_current_timezone()
    total = 0
    for number in sorted({r.round for r in responses}):
        closes = timezone.make_aware(ROUND_DEADLINES[number], tz)
        round_ = DelphiRound.objects.create(study=study, number=number, status=RoundStatus.CLOSED, closes=closes,
                                            opened=closes - dt.timedelta(days=14), closed=closes)
        in_round = [r for r in responses if r.round == number]
        codes = dict.fromkeys((r.item_code, r.item_kind) for r in in_round)
        round_items = {}
        for position, (code, kind) in enumerate(sorted(codes, key=lambda ck: items[ck[0]].position)):
            item = items[code]
            goal, context = _context(item)
            round_items[code] = RoundItem.objects.create(
                round=round_, framework_item=item, code=code, kind=ItemKind(kind), name=item.name, goal=goal,
                context=context, position=position, is_new=number > 1 and item.added_in_round2)
        stored = {}
        for label in sorted({r.panellist for r in in_round}):
            stored[label] = Response.objects.create(round=round_, panellist=panellists[label],
                                                    submitted=closes - dt.timedelta(days=1))
        rows = [Answer(response=stored[r.panellist], item=round_items[r.item_code], suitable=r.suitable, score=r.score)
                for r in in_round if r.suitable is not None or r.score is not None]
        Answer.objects.bulk_create(rows, batch_size=1000)
        total += len(rows)
    return total


def _context(item: FrameworkItem) -> tuple[str, str]:
    """The goal's name and, for an indicator, its activity's (or sub-activity's) name."""
    chain = []
    node = item
    while node is not None:
        chain.append(node)
        node = node.parent
    goal = next((n.name for n in chain if n.level == Level.GOAL), "")
    context = item.parent.name if item.level == Level.INDICATOR and item.parent else ""
    return goal, context


def _measurements() -> int:
    rng = random.Random(2014)
    count = 0
    for slug in ("seongbuk", "nowon"):
        framework = Framework.objects.get(slug=slug)
        team = framework.owner_team
        if team is None:
            continue
        version = queries.current_version(framework)
        indicators = list(version.items.filter(level=Level.INDICATOR).order_by("position")[:24])
        for year in (2013, 2014):
            for n, item in enumerate(indicators):
                base = rng.randint(5, 60)
                target = Decimal(base + rng.randint(0, 15))
                value = Decimal(round(base * (1.0 if year == 2013 else rng.uniform(0.9, 1.5))))
                waiting = year == 2014 and n >= len(indicators) - 3  # a few left for the centre to approve
                Measurement.objects.create(
                    team=team, item=item, code=item.code, year=year, value=value, target=target,
                    note="예시 데이터", illustrative=True,
                    status=MeasurementStatus.SUBMITTED if waiting else MeasurementStatus.APPROVED,
                    approved=None if waiting else timezone.make_aware(dt.datetime(year + 1, 1, 20, 10, 0)))
                count += 1
        if slug == "seongbuk":
            _sroi(team, indicators)
    return count


def _sroi(team, indicators) -> None:
    setting = SroiSetting.objects.create(
        team=team, year=2014, discount_rate=Decimal("0.035"), investment_won=200_000_000, illustrative=True,
        approved=timezone.make_aware(dt.datetime(2015, 1, 20, 10, 0)),
        note="예시 데이터: 사업단 1년 예산(약 2억원)을 투입으로 보고, 대리지표와 가정은 설명을 위해 지어낸 값입니다")
    outcomes = [  # code, outcome, stakeholder, quantity, proxy, source, deadweight, attribution, displacement, drop-off, years
        ("O1", "공공구매로 늘어난 사회적경제기업 매출", "사회적경제기업", 1, 2_500_000_000 * 0.12, "구매액 × 부가가치율 12 % (가정)",
         "0.25", "0.30", "0.10", "0.50", 2),
        ("O2", "교육 수료자의 일자리 유지", "교육 수료자", 40, 1_800_000, "최저임금 기준 월 소득 증가분 (가정)",
         "0.30", "0.20", "0.05", "0.40", 3),
        ("O3", "지역 네트워크 참여 조직의 협업 비용 절감", "참여 조직", 60, 500_000, "공동 구매·홍보 절감액 (가정)",
         "0.20", "0.25", "0", "0.50", 2),
    ]
    for code, name, stakeholder, quantity, proxy, source, deadweight, attribution, displacement, drop_off, years in outcomes:
        SroiOutcome.objects.create(
            setting=setting, code=code, name=name, stakeholder=stakeholder,
            indicator_code=indicators[int(code[1:]) - 1].code if indicators else "",
            quantity=Decimal(quantity), proxy_value_won=Decimal(str(proxy)), proxy_source=source,
            deadweight=Decimal(deadweight), attribution=Decimal(attribution), displacement=Decimal(displacement),
            drop_off=Decimal(drop_off), duration_years=years)


#: 예시: a few local indicators of the report mapped to shared core indicators (FrameworkItem.crosswalk),
#: to show the crosswalk page; the report itself maps none.
DEMO_CROSSWALK = {
    "사회적경제조직간 상호거래 건수와 거래 금액": ["svi:ecosystem~related"],
    "상호거래 건수/한 거래 금액": ["svi:ecosystem~related"],
    "자치구 사회적 경제 공공구매 총액 및 품목별 구매 비율(건수/금액)": ["iris:PI8418~related", "iris:PI6385~related"],
    "지자체 공공구매 총액": ["iris:PI8418~related"],
    "판매관 참여기업수": ["iris:PI9652~related"],
    "네트워크별 참여단체수와 참여율": ["svi:ecosystem~close"],
    "교육수료인원": ["iris:PI4060~related"],
    "교육인원수(재정/영양 등)": ["iris:PI4060~related"],
}


def _crosswalk(version) -> None:
    from bombaram.valuation.choices import Level
    from bombaram.valuation.models import FrameworkItem

    frameworks.load_shared_indicators()  # a database made before the crosswalk existed has none yet
    items = list(FrameworkItem.objects.filter(version=version, level=Level.INDICATOR, name__in=DEMO_CROSSWALK))
    for item in items:
        item.crosswalk = DEMO_CROSSWALK[item.name]
    FrameworkItem.objects.bulk_update(items, ["crosswalk"])
#: The 노원 and 성북 indicators (by framework and printed name) that are ledger or purchase measures:
#: their values come from the activity ledger or the purchase system (one fact, entered once).
DEMO_SOURCES = {
    "nowon": {"교육인원수(재정/영양 등)": "ledger:education_trainees", "교육총시간 및 횟수": "ledger:education_hours",
              "행사 참여 업체수": "ledger:participating_enterprises", "컨설팅 투입횟수": "ledger:consulting_sessions",
              "기금 조성금액": "ledger:local_fund_raised", "의제 발굴 건수": "ledger:agenda_proposals",
              "지자체 공공구매 총액": "purchases:purchase_total"},
    "seongbuk": {"교육인원 및 수료율": "ledger:education_trainees", "교육총시간": "ledger:education_hours",
                 "네트워크별 참여단체수와 참여율": "ledger:cooperation_network_organisations",
                 "행사참여 조직수": "ledger:participating_enterprises", "컨설팅 횟수": "ledger:consulting_sessions",
                 "자치구 사회적 경제 공공구매 총액 및 품목별 구매 비율(건수/금액)": "purchases:purchase_total"},
}


@transaction.atomic
def bind_demo_sources() -> int:
    """Bind the demonstration frameworks' ledger and purchase indicators to their sources (idempotent);
    their typed illustrative values are cleared, since the source now gives them. Returns how many are bound."""
    from bombaram.valuation.models import IndicatorSource

    bound = 0
    for slug, names in DEMO_SOURCES.items():
        framework = Framework.objects.filter(slug=slug).first()
        version = queries.current_version(framework) if framework else None
        if version is None:
            continue
        for item in version.items.filter(level=Level.INDICATOR, name__in=list(names)):
            kind, _, measure = names[item.name].partition(":")
            _source, created = IndicatorSource.objects.get_or_create(
                framework=framework, code=item.code, defaults={"kind": kind, "measure": measure, "illustrative": True})
            if created:
                Measurement.objects.filter(team=framework.owner_team, code=item.code, illustrative=True).update(value=None)
            bound += 1
    return bound
