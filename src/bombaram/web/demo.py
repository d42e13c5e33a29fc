"""The demonstration data (예시 데이터): what ``bombaram demo`` loads. Idempotent."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from bombaram.datagen.demo.catalogue import load_demo_catalogue
from bombaram.datagen.demo.cooperatives import load_demo_cooperatives
from bombaram.datagen.demo.founding import load_demo_founding
from bombaram.datagen.demo.funds import load_demo_funds
from bombaram.datagen.demo.hall import HALL_NAME, load_demo_hall
from bombaram.datagen.demo.hub import load_demo_hub
from bombaram.datagen.demo.ledger import load_demo_ledger
from bombaram.datagen.demo.needs import load_demo_needs
from bombaram.datagen.demo.procurement import load_demo_procurement, publish_demo_disclosures
from bombaram.datagen.demo.registry import load_demo_registry
from bombaram.datagen.demo.store import load_demo_store
from bombaram.datagen.demo.teams import load_demo_programmes
from bombaram.datagen.demo.trades import load_demo_trades
from bombaram.datagen.demo.valuation import bind_demo_sources, load_demo_valuation
from bombaram.programmes.services import load_reference_teams
from bombaram.registry.services import load_reference_data
from bombaram.web.services import create_demo_accounts, ensure_role_groups


@transaction.atomic
def load_demo(home: Path) -> list[str]:
    """Reference data first (so that demo works on a database made by ``init``), then demo rows."""
    load_reference_data()
    load_reference_teams()
    ensure_role_groups()
    organisations = load_demo_registry()
    purchases = load_demo_procurement()
    valuation = load_demo_valuation()
    bound = bind_demo_sources()
    cooperative = load_demo_cooperatives()
    accounts = create_demo_accounts(home)
    programmes = load_demo_programmes()
    from django.contrib.auth import get_user_model

    hall = load_demo_hall()  # before the disclosures: the hall's sales to departments are purchases of 2013–2014
    published = publish_demo_disclosures(get_user_model().objects.get(username="centre"))
    ledger = load_demo_ledger()
    catalogue = load_demo_catalogue()
    needs = load_demo_needs()
    trades = load_demo_trades()
    store, hub = load_demo_store(), load_demo_hub()
    founding, funds = load_demo_founding(), load_demo_funds()
    return [f"예시 조직 {organisations:,}곳 (2014-01-31 기준, 보고서 표를 재현하도록 지어낸 이름·주소·번호)",
            f"예시 공공구매: 성북구청 2011–2014년 목표(보고서)와 지어낸 구매 {purchases:,}건",
            f"예시 공시: 2014년 구매계획과 월별 구매실적 {published}건",
            f"가치측정 틀 {valuation['frameworks']}개 (노원·성북, 보고서 그대로), 예시 델파이 조사 응답 {valuation['answers']:,}건, "
            f"예시 지표 측정값 {valuation['measurements']}건 (활동 대장·공공구매에서 값을 읽는 지표 {bound}개)",
            f"예시 활동 대장: 지역특화사업단 13곳의 승인된 기록 {ledger:,}건 (보고서 사업 성과 요약을 재현)",
            f"예시 카탈로그: 예시 조직의 제품·서비스 {catalogue:,}개",
            f"예시 수요 {needs['needs']}건 (성북구청 2014년 구매계획 품목, 강북 교복 공동구매), 매칭 결과 {needs['outcomes']}건",
            f"예시 판매관: {HALL_NAME} 입점 {hall['producers']}곳, 매출 {hall['sales']:,}건 (월평균 {hall['won_per_month']:,}원), "
            f"그중 공공기관 부서 구매 {hall['purchases']}건, 활동 대장에 연결된 장터 {hall['markets']}곳 (보고서 50쪽의 규모)",
            f"예시 협동조합 출자 명부: {cooperative} (보고서의 조합원 구성, 조합원 이름은 지어낸 것)",
            f"예시 사업단 협약 {programmes['contracts']}건, 컨소시엄 기관 {programmes['members']}곳, 사업단 직원 {programmes['staff']}명",
            f"예시 상호거래: 사회적경제 조직 사이의 거래 {trades}건 (2012–2014년, 지어낸 품목·금액)",
            f"예시 건강매점: {store} 품목 {store.products.count()}개 (규칙은 보고서, 품목은 지어낸 것)",
            f"예시 허브센터: {hub} 입주 {hub.tenants.count()}곳 (보고서의 공간 구성, 팀 이름은 지어낸 것)",
            f"예시 협동조합 설립: {founding} (보고서의 설립동의자 512명, 출자금 1억 868만원; 이름·구좌 배분은 지어낸 것)",
            f"예시 지역기금 {len(funds)}개 (노원 600만원, 성동 2,000만원은 활동 대장에서 읽음)",
            f"예시 계정 {len(accounts)}개: " + ", ".join(u for u, _, _ in accounts) + f" (비밀번호: {home / 'demo-accounts.txt'})"]
