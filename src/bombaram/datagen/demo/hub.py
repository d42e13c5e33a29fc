"""Demonstration hub centre (예시 데이터): 은평 사회적경제 허브센터, from the report's 은평 case.

From the report (seed text): the old 은평소방서 building, 총 1,056㎡ (line 2522; 약 320평, line 791), tenants
moving in from February 2014 (lines 796, 2522), run by the 씨즈·은평상상 consortium (line 796); the spaces
of 4. 주요사업 (lines 834–868): incubated teams of 1–4 people in a shared office (6–8 teams), about four
growth-stage social enterprises, partner organisations (the programme team, networks, social finance) in
two offices, grassroots NPOs in two offices; joint projects 정기 포럼, 지역화폐 시범사업, 온라인 통합 허브,
오픈하우스 (lines 872–878). Names of teams, fees, dates and bookings are invented.
Idempotent: nothing is written when the hub is already there.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bombaram.cooperatives.choices import SpaceKind, TenantKind
from bombaram.cooperatives.models import (
    HubCentre,
    HubProject,
    HubSpace,
    HubTenancy,
    HubTenant,
    RoomBooking,
)
from bombaram.registry.models import District, Organisation

HUB_NAME = "은평 사회적경제 허브센터"
OPENED = dt.date(2014, 2, 1)
NOTE = ("보고서: (구)은평소방서 유휴 공간 총 1,056㎡, 14년 2월 입주, 씨즈·은평상상 컨소시엄 위탁 운영. 인큐베이팅 공동 사무실 "
        "1~4인 규모 6~8개 팀, 성장기 사회적기업 4개 내외, 유관 기관 2개 사무공간, 풀뿌리 NPO 2개 사무공간, 공동사업(정기 포럼, "
        "지역화폐 시범사업, 온라인 통합 허브, 오픈하우스). 예시 데이터: 팀 이름·임대료·날짜·예약은 지어낸 것입니다.")

DESK_FEE, OFFICE_FEE = 50_000, 200_000
SPACES = ([(f"공동사무실 {i}", SpaceKind.DESK, 4, DESK_FEE) for i in range(1, 9)]
          + [(f"성장기 사무실 {i}", SpaceKind.OFFICE, 6, OFFICE_FEE) for i in range(1, 5)]
          + [(f"협력기관 사무실 {i}", SpaceKind.OFFICE, 6, OFFICE_FEE) for i in range(1, 3)]
          + [(f"풀뿌리 사무실 {i}", SpaceKind.OFFICE, 6, OFFICE_FEE) for i in range(1, 3)]
          + [("공용 회의실", SpaceKind.SHARED_ROOM, 12, 0), ("교육장", SpaceKind.SHARED_ROOM, 40, 0)])
#: (tenant, kind, space) — six incubated teams in eight desks, two desks vacant
TENANTS = ([(f"청년 창업팀 {chr(0x40 + i)} (예시)", TenantKind.INCUBATED, f"공동사무실 {i}") for i in range(1, 7)]
           + [(f"성장기 사회적기업 {i} (예시)", TenantKind.GROWTH, f"성장기 사무실 {i}") for i in range(1, 5)]
           + [("은평사회적경제특화사업단", TenantKind.PARTNER, "협력기관 사무실 1"),
              ("사회적금융 기관 (예시)", TenantKind.PARTNER, "협력기관 사무실 2"),
              ("풀뿌리 NPO 1 (예시)", TenantKind.GRASSROOTS, "풀뿌리 사무실 1"),
              ("마을 기록 모임 (예시)", TenantKind.GRASSROOTS, "풀뿌리 사무실 2")])
PROJECTS = [
    ("정기 포럼", "입주 기업·단체가 함께 여는 혁신 포럼", "all"),
    ("지역화폐 시범사업", "입주 기업 간 거래에 쓰는 상호신용 지역화폐 시범사업", (TenantKind.GROWTH, TenantKind.INCUBATED)),
    ("온라인 통합 허브", "입주 기업·단체의 소식과 자원을 모으는 온라인 허브", (TenantKind.PARTNER, TenantKind.GRASSROOTS)),
    ("오픈하우스", "주민에게 허브를 여는 날", "all"),
]


@transaction.atomic
def load_demo_hub() -> HubCentre:
    hub = HubCentre.objects.filter(name=HUB_NAME).first()
    if hub is not None:
        return hub
    district = District.objects.filter(name_ko="은평구").first()
    hub = HubCentre.objects.create(name=HUB_NAME, district=district, floor_area_m2=1056, opened=OPENED, note=NOTE,
                                   illustrative=True)
    spaces = {name: HubSpace.objects.create(hub=hub, name=name, kind=kind, capacity=cap, monthly_fee_won=fee)
              for name, kind, cap, fee in SPACES}
    # growth-stage enterprises are registry organisations where the demonstration registry has some in 은평구
    registered = list(Organisation.objects.filter(district=district).order_by("name")[:4]) if district else []
    tenants = []
    for i, (name, kind, space) in enumerate(TENANTS):
        organisation = None
        if kind == TenantKind.GROWTH and i - 6 < len(registered):
            organisation = registered[i - 6]
            name = organisation.name
        tenant = HubTenant.objects.create(hub=hub, name=name, kind=kind, organisation=organisation)
        tenants.append(tenant)
        end = dt.date(2014, 12, 31) if kind == TenantKind.INCUBATED and i == 0 else None  # one team left at year end
        HubTenancy.objects.create(space=spaces[space], tenant=tenant, start=OPENED, end=end,
                                  monthly_fee_won=spaces[space].monthly_fee_won)
    for name, description, kinds in PROJECTS:
        project = HubProject.objects.create(hub=hub, name=name, description=description)
        project.tenants.set([t for t in tenants if kinds == "all" or t.kind in kinds])
    day = dt.date(2014, 3, 10)
    for room, tenant, hour, hours, purpose in [("공용 회의실", tenants[0], 10, 2, "팀 회의 (예시)"),
                                               ("공용 회의실", tenants[6], 14, 1, "멘토링 (예시)"),
                                               ("교육장", tenants[10], 13, 3, "정기 포럼 (예시)")]:
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        RoomBooking.objects.create(space=spaces[room], tenant=tenant, starts=starts, ends=starts + dt.timedelta(hours=hours),
                                   purpose=purpose)
    return hub
