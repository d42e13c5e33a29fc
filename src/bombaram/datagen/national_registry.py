"""A synthetic national registry (예시 데이터): about 45,000 organisations across the 17 시도.

Deterministic for a ``seed``: the same seed gives the same organisations, designations and dates.
Every organisation is marked ``illustrative`` and its designations carry :data:`SOURCE`.

Proportions (rounded national totals the responsible agencies publish, used as weights; they were
not re-checked in the offline session that wrote this, so read them as plausible, not official):

- 인증 사회적기업 about 3,700 (한국사회적기업진흥원, 사회적기업 인증 현황, 2024);
- 예비사회적기업 about 1,700, of which about 500 부처형 (the rest 지역형, designated by each 시도);
- 일반 협동조합 about 31,000 and 사회적협동조합 about 5,600 registered (기획재정부 협동조합 통계);
- 마을기업 about 1,800 (행정안전부); 자활기업 about 1,200 (한국자활복지개발원).

Organisations are spread over the 시도 by resident population (행정안전부 주민등록 인구, 2024, rounded
to thousands: :data:`SIDO_POPULATION`) and inside a 시도 over its 시군구 (일반구 where a 시 has them)
with random weights. Histories: about a third of the certified social enterprises were a 예비사회적기업
first (that designation ends the day of certification), a 예비사회적기업 designation lasts three years
unless certified earlier, some cooperatives are also certified, and about 6 % of organisations have
closed (their designations end then).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from bombaram.core.identifiers import make_business_no
from bombaram.core.regions import Sigungu, load_gazetteer

SOURCE = "예시 데이터 (전국 합성 명부, bombaram.datagen.national_registry)"
AS_OF = dt.date(2025, 12, 31)

#: 시도 code → residents in thousands (행정안전부 주민등록 인구통계, 2024, rounded)
SIDO_POPULATION: dict[str, int] = {
    "11": 9386, "26": 3290, "27": 2370, "28": 3010, "29": 1410, "30": 1440, "31": 1100, "36": 390,
    "41": 13690, "51": 1520, "43": 1590, "44": 2130, "52": 1750, "46": 1800, "47": 2540, "48": 3250, "50": 670,
}

#: main kind of organisation → weight (out of 45,000; see the module docstring)
KINDS: tuple[tuple[str, int], ...] = (
    ("certified_se", 3700),
    ("regional_pre_se", 1200),   # 지역형 예비: designated by the organisation's 시도 (서울형 in Seoul)
    ("ministry_pre_se", 500),    # 부처형 예비: designated by a ministry
    ("village_enterprise", 1800),
    ("self_sufficiency", 1200),
    ("cooperative", 31000),
    ("social_cooperative", 5600),
)

#: ministries that designate 부처형 예비사회적기업 (with a weight)
MINISTRIES: tuple[tuple[str, int], ...] = (
    ("고용노동부", 3), ("행정안전부", 2), ("농림축산식품부", 3), ("환경부", 2), ("문화체육관광부", 2),
    ("국토교통부", 1), ("산림청", 2), ("보건복지부", 1), ("해양수산부", 1), ("여성가족부", 1),
)

_INDUSTRIES: tuple[tuple[str, int], ...] = (
    ("education", 16), ("other_services", 18), ("culture", 14), ("welfare", 12), ("food_beverage", 10),
    ("farming", 8), ("distribution", 8), ("manufacturing", 7), ("housing_construction", 4), ("environment", 3),
)
_WORDS = ("햇살", "나눔", "함께", "푸른", "마을", "다온", "새봄", "들녘", "바람", "이음", "온새미로", "누리", "한빛",
          "어울림", "두레", "품앗이", "보듬", "희망", "늘봄", "소풍", "씨앗", "물결", "달빛", "솔빛", "도담")
_TRADES = {"education": ("배움터", "교육", "공부방"), "other_services": ("서비스", "상회", "돌봄센터"),
           "culture": ("문화", "극단", "공방"), "welfare": ("복지", "돌봄", "케어"), "food_beverage": ("밥상", "카페", "푸드"),
           "farming": ("농장", "영농", "농원"), "distribution": ("상점", "유통", "장터"), "manufacturing": ("제작소", "공업사", "공방"),
           "housing_construction": ("집수리", "건축", "주거"), "environment": ("자원순환", "에코", "환경")}
_ROADS = ("중앙로", "시청로", "평화로", "번영로", "역전로", "문화로", "학교길", "시장길", "공원로", "강변로")
_LEGAL_FORM = {"cooperative": "협동조합", "social_cooperative": "사회적협동조합", "certified_se": "주식회사",
               "regional_pre_se": "주식회사", "ministry_pre_se": "주식회사", "village_enterprise": "영농조합법인",
               "self_sufficiency": "개인사업자"}


@dataclass(slots=True)
class NationalDesignation:
    type: str                    # a DesignationType code
    granted: dt.date
    ended: dt.date | None
    designating_sido: str = ""   # 2-digit 시도 code (지역형 예비, 서울형 included)
    designating_ministry: str = ""


@dataclass(slots=True)
class NationalOrganisation:
    name: str
    business_no: str
    legal_form: str
    sido_code: str
    sigungu_code: str
    address: str
    industry: str
    founded: dt.date
    closed: dt.date | None
    designations: list[NationalDesignation] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> Callable[[], str]:
    values = [v for v, _ in pairs]
    cum = []
    total = 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return lambda: values[bisect.bisect_right(cum, rng.random() * total)]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rng.randrange(max(span, 1)))


def generate_national_registry(*, seed: int = 0, organisations: int = 45_000,
                               as_of: dt.date = AS_OF) -> list[NationalOrganisation]:
    """``organisations`` synthetic organisations of the whole country, the same for the same ``seed``."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    units = gazetteer.sigungus(as_of)
    parents = {u.parent_code for u in units if u.parent_code}
    leaves: dict[str, list[Sigungu]] = {}
    for unit in units:
        if unit.code not in parents:  # a 시 with 일반구: its organisations sit in the 구
            leaves.setdefault(unit.sido_code, []).append(unit)
    unit_weights = {code: [rng.uniform(0.3, 1.7) for _ in leaves[code]] for code in leaves}
    sido_pick = _weighted(rng, tuple(SIDO_POPULATION.items()))
    kind_pick = _weighted(rng, KINDS)
    industry_pick = _weighted(rng, _INDUSTRIES)
    ministry_pick = _weighted(rng, MINISTRIES)
    sido_names = {s.code: s.name_ko for s in gazetteer.sidos(as_of)}
    serial: dict[tuple[str, str], int] = {}
    offices = {code: 300 + i * 35 for i, code in enumerate(sorted(SIDO_POPULATION))}
    start = dt.date(2006, 7, 1)   # a year before 사회적기업 육성법 came into force (2007-07-01)

    result: list[NationalOrganisation] = []
    for _ in range(organisations):
        sido = sido_pick()
        unit = rng.choices(leaves[sido], weights=unit_weights[sido])[0]
        kind = kind_pick()
        industry = industry_pick()
        middle = "82" if kind in ("social_cooperative", "village_enterprise") else (
            "86" if kind != "self_sufficiency" else f"{rng.randrange(1, 80):02d}")
        n = serial.get((sido, middle), 0)
        serial[(sido, middle)] = n + 1
        office = offices[sido] + n // 10_000
        business_no = make_business_no(f"{office:03d}{middle}{n % 10_000:04d}")
        earliest = dt.date(2012, 12, 1) if kind in ("cooperative", "social_cooperative") else start  # 협동조합 기본법
        founded = _day(rng, earliest, as_of - dt.timedelta(days=30))
        closed = _day(rng, founded + dt.timedelta(days=200), as_of) if rng.random() < 0.06 and (
            as_of - founded).days > 400 else None
        word = rng.choice(_WORDS) + rng.choice(_TRADES[industry])
        legal_form = _LEGAL_FORM[kind]
        name = {"cooperative": f"{word}협동조합", "social_cooperative": f"{word}사회적협동조합",
                "self_sufficiency": f"{word}자활"}.get(kind, f"{word}")
        if kind in ("certified_se", "regional_pre_se", "ministry_pre_se") and rng.random() < 0.5:
            name = f"(주){word}"
        road = f"{rng.choice(_ROADS)} {rng.randrange(1, 300)}"
        org = NationalOrganisation(
            name=name, business_no=business_no, legal_form=legal_form, sido_code=sido, sigungu_code=unit.code,
            address=f"{sido_names[sido]} {unit.name_ko} {road}", industry=industry, founded=founded, closed=closed)
        _designations(rng, org, kind, as_of, ministry_pick)
        result.append(org)
    return result


def _designations(rng: random.Random, org: NationalOrganisation, kind: str, as_of: dt.date,
                  ministry_pick: Callable[[], str]) -> None:
    end = org.closed
    granted = _day(rng, org.founded, min(as_of, org.founded + dt.timedelta(days=900)))
    if end is not None and granted > end:  # closed before the drawn day: designated on founding instead
        granted = org.founded
    if kind in ("cooperative", "social_cooperative"):
        org.designations.append(NationalDesignation(kind, org.founded, end))
        if kind == "social_cooperative" and rng.random() < 0.08:  # a social cooperative also certified
            certified = _day(rng, org.founded + dt.timedelta(days=365), as_of + dt.timedelta(days=365))
            if certified <= as_of and (end is None or certified < end):
                org.designations.append(NationalDesignation("certified_se", certified, end))
        return
    if kind in ("village_enterprise", "self_sufficiency"):
        org.designations.append(NationalDesignation(kind, granted, end))
        return
    if kind == "certified_se":
        if rng.random() < 0.35 and granted - org.founded > dt.timedelta(days=400):
            pre_granted = _day(rng, org.founded, granted - dt.timedelta(days=200))
            org.designations.append(_pre_se(rng, org, pre_granted, granted, ministry_pick))
        org.designations.append(NationalDesignation("certified_se", granted, end))
        return
    # 예비사회적기업: three years, ended earlier by closure
    ends = granted + dt.timedelta(days=3 * 365)
    if end is not None and end < ends:
        ends = end
    org.designations.append(_pre_se(rng, org, granted, ends, ministry_pick, ministry=kind == "ministry_pre_se"))


def _pre_se(rng: random.Random, org: NationalOrganisation, granted: dt.date, ended: dt.date | None,
            ministry_pick: Callable[[], str], *, ministry: bool | None = None) -> NationalDesignation:
    if ministry is None:
        ministry = rng.random() < 0.3
    if ministry:
        return NationalDesignation("regional_pre_se", granted, ended, designating_ministry=ministry_pick())
    # 지역형: the organisation's own 시도; Seoul's is the 서울형 type the Seoul statistics count apart
    type_ = "seoul_pre_se" if org.sido_code == "11" else "regional_pre_se"
    return NationalDesignation(type_, granted, ended, designating_sido=org.sido_code)


def load_national_registry(*, seed: int = 0, organisations: int = 45_000, as_of: dt.date = AS_OF,
                           stdout=None) -> dict[str, int]:
    """Write the synthetic national registry (and the country's geography) unless it is there already.

    Bulk inserts (registry.bulk): one ``executemany`` per table. Idempotent: when organisations from
    :data:`SOURCE` exist, nothing is written. Returns counts of what exists.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from bombaram.core.names import normalise_name
    from bombaram.registry.bulk import allocate_ids, insert_rows
    from bombaram.registry.importer import ORG_INSERT_COLUMNS
    from bombaram.registry.models import (
        Designation,
        DesignationType,
        District,
        IndustryGroup,
        Organisation,
        Region,
        bump_revision,
    )
    from bombaram.registry.services import load_national_geography, load_reference_data

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text + "\n")

    load_reference_data()
    load_national_geography()
    existing = Designation.objects.filter(source=SOURCE).values("organisation_id").distinct().count()
    if existing:
        say(f"전국 예시 명부가 이미 있습니다: {existing:,}곳")
        return {"organisations": existing, "designations": Designation.objects.filter(source=SOURCE).count()}
    say(f"전국 예시 명부를 만드는 중입니다: {organisations:,}곳 (seed {seed})")
    orgs = generate_national_registry(seed=seed, organisations=organisations, as_of=as_of)
    districts = dict(District.objects.values_list("code", "pk"))
    regions = dict(Region.objects.values_list("code", "pk"))
    industries = dict(IndustryGroup.objects.values_list("code", "pk"))
    types = dict(DesignationType.objects.values_list("code", "pk"))
    now = timezone.now()
    with transaction.atomic():
        ids = allocate_ids(Organisation, len(orgs))
        org_rows, designation_rows = [], []
        for pk, org in zip(ids, orgs, strict=True):
            values = dict.fromkeys(ORG_INSERT_COLUMNS, "")
            values.update(
                id=pk, name=org.name, name_key=normalise_name(org.name), business_no=org.business_no,
                business_no_confirmed=False, corporate_no_confirmed=False, legal_form=org.legal_form,
                district_id=districts[org.sigungu_code], location="in_region", address=org.address,
                industry_id=industries[org.industry], founded=org.founded, closed=org.closed,
                status="closed" if org.closed else "active", illustrative=True, created=now, updated=now)
            org_rows.append([values[c] for c in ORG_INSERT_COLUMNS])
            for d in org.designations:
                designation_rows.append([pk, types[d.type], d.granted, d.ended, "", SOURCE, as_of, as_of,
                                         regions.get(d.designating_sido), d.designating_ministry])
        bump_revision()
        insert_rows(Organisation, ORG_INSERT_COLUMNS, org_rows)
        insert_rows(Designation, ["organisation_id", "type_id", "granted", "ended", "certificate_no", "source",
                                  "first_seen", "last_seen", "designating_region_id", "designating_ministry"],
                    designation_rows)
    if connection.vendor == "postgresql":  # fresh statistics for the planner after a bulk load
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{Organisation._meta.db_table}", "{Designation._meta.db_table}"')
    say(f"전국 예시 명부를 넣었습니다: 조직 {len(org_rows):,}곳, 지정 {len(designation_rows):,}건")
    return {"organisations": len(org_rows), "designations": len(designation_rows)}
