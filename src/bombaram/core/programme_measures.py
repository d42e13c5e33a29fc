"""The measures of the programme teams' activity ledger (지역특화사업단 성과), one vocabulary for all.

The city roll-up, the team dashboards, the contracts' targets and the social-account indicators that are
ledger measures all name a measure by its ``code`` here. The codes are those of the report's summary table
(``reference/seoul2014/programme_outputs_2012_2013.csv``), without the district suffix the CSV adds to a
one-district figure (``local_fund_raised_nowon`` is ``local_fund_raised`` for 노원).

How a measure adds up (``how``):

- ``sum``: the values of the records are added (hours, trainees, visitors, won);
- ``count``: each record counts once (a market held, a meeting held);
- ``distinct``: each organisation (or team) counts once however many records name it: an organisation in
  three markets is one participating organisation. These are the measures the report states as "N개 기관
  참여" / "N기관 구성"; adding them up across teams or periods would double-count.

Source of the areas and figures: 2014 report, 사업 성과 summary (인재육성, 시장조성, 자본조성, 자산기반 구축,
지역의제 도출, 지역내 주체형성).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Area(StrEnum):
    """The report's six elements of a local ecosystem (생태계 요소)."""

    TALENT = "talent"  # 인재육성
    MARKET = "market"  # 시장조성
    CAPITAL = "capital"  # 자본조성
    ASSETS = "assets"  # 자산기반 구축
    AGENDA = "agenda"  # 지역의제 도출
    ACTORS = "actors"  # 지역내 주체형성


class How(StrEnum):
    SUM = "sum"
    COUNT = "count"
    DISTINCT = "distinct"


@dataclass(frozen=True, slots=True)
class Measure:
    code: str
    area: Area
    unit: str  # hours, persons, teams, events, enterprises, won, groups, councils, organisations, meetings, …
    how: How
    label_en: str
    label_ko: str


MEASURES: tuple[Measure, ...] = (
    Measure("education_hours", Area.TALENT, "hours", How.SUM, "Education hours", "교육시간"),
    Measure("education_trainees", Area.TALENT, "persons", How.SUM, "Trainees", "교육 수강생"),
    Measure("idea_teams_found", Area.TALENT, "teams", How.COUNT, "Idea teams found", "아이디어팀 발굴"),
    Measure("resident_study_group_participants", Area.TALENT, "persons", How.SUM,
            "Resident study group participants", "주민 모임 참가자"),
    Measure("markets_and_fairs_held", Area.MARKET, "events", How.COUNT, "Markets and fairs held", "장터·박람회 개최"),
    Measure("participating_enterprises", Area.MARKET, "enterprises", How.DISTINCT,
            "Participating enterprises (each once)", "장터 참가 기업(중복 제외)"),
    Measure("market_participations", Area.MARKET, "participations", How.SUM,
            "Market participations (an enterprise per market)", "장터 참가 연기업수"),
    Measure("market_visitors", Area.MARKET, "persons", How.SUM, "Market visitors", "장터 참가자(방문객)"),
    Measure("market_sales", Area.MARKET, "won", How.SUM, "Market sales", "장터 매출액"),
    Measure("local_fund_raised", Area.CAPITAL, "won", How.SUM, "Local funds raised", "지역기금 조성액"),
    Measure("fund_building_local_groups", Area.CAPITAL, "groups", How.COUNT,
            "Local fund-building groups", "기금조성 지역모임"),
    Measure("teams_given_office_space_by_district", Area.ASSETS, "teams", How.DISTINCT,
            "Teams given office space by the district", "자치구 사무공간 지원 사업단"),
    Measure("agenda_workshops", Area.AGENDA, "workshops", How.COUNT, "Agenda workshops", "의제 워크숍"),
    Measure("agenda_proposals", Area.AGENDA, "proposals", How.SUM, "Agenda proposals", "의제 과제 제안"),
    Measure("agenda_networks", Area.AGENDA, "networks", How.COUNT, "Agenda networks formed", "의제 네트워크 구성"),
    Measure("agenda_participating_institutions", Area.AGENDA, "institutions", How.DISTINCT,
            "Institutions taking part in agenda work (each once)", "의제 참여 기관(중복 제외)"),
    Measure("cooperative_founding_members", Area.AGENDA, "persons", How.SUM,
            "Members of cooperatives founded from an agenda", "의제로 설립한 협동조합 조합원"),
    Measure("local_se_councils_formed", Area.ACTORS, "councils", How.COUNT,
            "Local social economy councils formed", "지역 사회적경제(기업)협의회 결성"),
    Measure("steering_committee_member_organisations", Area.ACTORS, "organisations", How.DISTINCT,
            "Steering committee member organisations (each once)", "운영위원회 참여기관(중복 제외)"),
    Measure("steering_committee_meetings", Area.ACTORS, "meetings", How.COUNT,
            "Steering committee meetings", "운영위원회 개최"),
    Measure("cooperation_network_organisations", Area.ACTORS, "organisations", How.DISTINCT,
            "Cooperation network organisations (each once)", "협력네트워크 구성 기관(중복 제외)"),
    Measure("consulting_sessions", Area.ACTORS, "sessions", How.COUNT, "Consulting and mentoring sessions",
            "컨설팅·멘토링"),
)

BY_CODE: dict[str, Measure] = {m.code: m for m in MEASURES}

# The report's summary rows (programme_outputs_2012_2013.csv) → (measure code, district name or None for all).
REPORT_ROWS: dict[str, tuple[str, str | None]] = {
    "education_hours": ("education_hours", None),
    "education_trainees": ("education_trainees", None),
    "idea_teams_found": ("idea_teams_found", None),
    "resident_study_group_participants": ("resident_study_group_participants", None),
    "markets_and_fairs_held": ("markets_and_fairs_held", None),
    "participating_enterprises": ("participating_enterprises", None),
    "market_visitors": ("market_visitors", None),
    "market_sales": ("market_sales", None),
    "local_fund_raised_nowon": ("local_fund_raised", "노원구"),
    "local_fund_raised_seongdong": ("local_fund_raised", "성동구"),
    "fund_building_local_groups": ("fund_building_local_groups", None),
    "local_se_councils_formed": ("local_se_councils_formed", None),
    "steering_committee_member_organisations": ("steering_committee_member_organisations", None),
    "steering_committee_meetings": ("steering_committee_meetings", None),
    "cooperation_network_organisations": ("cooperation_network_organisations", None),
    "teams_given_office_space_by_district": ("teams_given_office_space_by_district", None),
    "nowon_agenda_workshops": ("agenda_workshops", "노원구"),
    "nowon_agenda_proposals": ("agenda_proposals", "노원구"),
    "nowon_agenda_networks": ("agenda_networks", "노원구"),
    "gangbuk_participating_institutions": ("agenda_participating_institutions", "강북구"),
    "gangbuk_agenda_networks": ("agenda_networks", "강북구"),
    "seongdong_dental_coop_members": ("cooperative_founding_members", "성동구"),
}
