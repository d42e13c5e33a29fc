"""The demonstration ledger adds up to the report's summary exactly; 성동's before/after; the home page and the
roll-up page show the computed figures."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from bombaram.registry.reference_data import reference_path

pytestmark = pytest.mark.django_db


def printed(name: str) -> list[dict[str, str]]:
    with reference_path("seoul2014", name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# The report's summary rows → (measure, district or None), written out here independently of REPORT_ROWS.
ROWS = {
    "education_hours": ("education_hours", None), "education_trainees": ("education_trainees", None),
    "idea_teams_found": ("idea_teams_found", None),
    "resident_study_group_participants": ("resident_study_group_participants", None),
    "markets_and_fairs_held": ("markets_and_fairs_held", None),
    "participating_enterprises": ("participating_enterprises", None),
    "market_visitors": ("market_visitors", None), "market_sales": ("market_sales", None),
    "local_fund_raised_nowon": ("local_fund_raised", "11350"),
    "local_fund_raised_seongdong": ("local_fund_raised", "11200"),
    "fund_building_local_groups": ("fund_building_local_groups", None),
    "local_se_councils_formed": ("local_se_councils_formed", None),
    "steering_committee_member_organisations": ("steering_committee_member_organisations", None),
    "steering_committee_meetings": ("steering_committee_meetings", None),
    "cooperation_network_organisations": ("cooperation_network_organisations", None),
    "teams_given_office_space_by_district": ("teams_given_office_space_by_district", None),
    "nowon_agenda_workshops": ("agenda_workshops", "11350"), "nowon_agenda_proposals": ("agenda_proposals", "11350"),
    "nowon_agenda_networks": ("agenda_networks", "11350"),
    "gangbuk_participating_institutions": ("agenda_participating_institutions", "11305"),
    "gangbuk_agenda_networks": ("agenda_networks", "11305"),
    "seongdong_dental_coop_members": ("cooperative_founding_members", "11200"),
}


def test_every_summary_figure_equals_the_report(demo_ledger):
    from bombaram.programmes.queries import LedgerFilter, ledger_rollup

    rows = printed("programme_outputs_2012_2013.csv")
    assert {r["measure"] for r in rows} == set(ROWS)
    for row in rows:
        code, district = ROWS[row["measure"]]
        computed = ledger_rollup(LedgerFilter(district_code=district, start=dt.date(2012, 7, 1),
                                              end=dt.date(2013, 12, 31))).measures[code]
        assert computed == int(row["value"]), row["measure"]
    spot = ledger_rollup().measures  # the brief's figures, typed out
    assert (spot["education_hours"], spot["education_trainees"], spot["markets_and_fairs_held"]) == (1228, 4603, 102)
    assert (spot["participating_enterprises"], spot["market_visitors"], spot["market_sales"]) == (386, 14500, 23_000_000)
    assert spot["cooperation_network_organisations"] == 577 and spot["steering_committee_meetings"] == 88


def test_demo_ledger_covers_all_teams_is_approved_illustrative_and_idempotent(demo_ledger):
    from bombaram.datagen.demo.ledger import load_demo_ledger
    from bombaram.programmes.models import LedgerParticipant, LedgerRecord

    records = LedgerRecord.objects.all()
    assert records.values("team").distinct().count() == 13
    assert not records.exclude(status="approved").exists()
    assert not records.filter(illustrative=False).exists()
    participants = LedgerParticipant.objects.count()
    assert load_demo_ledger() == demo_ledger
    assert LedgerRecord.objects.count() == demo_ledger
    assert LedgerParticipant.objects.count() == participants


def test_market_participants_are_registry_organisations_some_in_several_markets(demo_ledger):
    from django.db.models import Count

    from bombaram.programmes.models import LedgerParticipant

    market = LedgerParticipant.objects.filter(record__kind="market")
    assert not market.filter(organisation__isnull=True).exists()
    repeated = market.values("organisation").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert repeated > 100  # so the distinct count (386) is below the participations


def test_seongdong_before_and_after(demo_ledger):
    from bombaram.programmes.outputs import seongdong_before_after

    lines = {line.label: line for line in seongdong_before_after()}
    values = [(line.before, line.after) for line in lines.values()]
    report = [(int(r["2012-11"]), int(r["2013-12"])) for r in printed("seongdong_before_after.csv")]
    # social enterprises, village enterprises, network and key activities reproduce; cooperatives cannot
    # (the report's 6 before are 신협/생협, its 19 after exceed the registry's 16 of 2014-01-31).
    assert values[0] == report[0] == (6, 12)
    assert values[2] == report[2] == (4, 5)
    assert values[3] == report[3] == (0, 6)
    assert values[4] == report[4] == (1, 4)
    assert values[1] == (0, 16) and report[1] == (6, 19)


def test_home_page_shows_figures_computed_from_the_ledger(client, demo_ledger):
    from bombaram.programmes.models import LedgerRecord

    LedgerRecord.objects.filter(kind="education").order_by("pk").first().delete()  # a figure that now differs
    html = client.get("/").content.decode()
    n = LedgerRecord.objects.filter(status="approved").count()
    assert f"기록 {n:,}건에서 계산했습니다" in html
    assert "(보고서: 1,228)" in html  # printed beside the computed hours
    assert "4,640만원" in html and "700만원" in html  # the report's inconsistencies are shown
    assert "14,500" in html and "(보고서: 14,500)" not in html


def test_outputs_page_and_its_download_show_the_same(client, demo_ledger):
    page = client.get("/programmes/outputs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "예시 데이터" in html and "386" in html and "중복 제외 수" in html
    download = client.get("/programmes/outputs/?format=csv")
    text = download.content.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    values = {r[1]: r[3] for r in rows[1:] if r[2] == "전체 사업단"}
    assert values["장터 참가 기업(중복 제외)"] == "386"
    assert values["교육시간"] == "1228"
    filtered = client.get("/programmes/outputs/?district=11200&format=csv").content.decode("utf-8-sig")
    fund = [r for r in csv.reader(filtered.splitlines()) if len(r) > 3 and r[1] == "지역기금 조성액"]
    assert fund[0][3] == "20000000"


def test_outputs_filters_by_cohort_and_period(demo_ledger):
    from bombaram.programmes.queries import LedgerFilter, ledger_rollup

    whole = ledger_rollup().measures["markets_and_fairs_held"]
    by_cohort = sum(ledger_rollup(LedgerFilter(cohort=c)).measures["markets_and_fairs_held"] for c in (1, 2, 3))
    assert by_cohort == whole
    before = ledger_rollup(LedgerFilter(end=dt.date(2012, 12, 31))).records
    after = ledger_rollup(LedgerFilter(start=dt.date(2013, 1, 1))).records
    assert before + after == ledger_rollup().records


def test_team_ledger_summary_is_the_teams_share(demo_ledger, teams):
    from bombaram.programmes.queries import team_ledger_summary

    total = sum(team_ledger_summary(t)["market_visitors"] for t in teams.values())
    assert total == 14500
    nowon = team_ledger_summary(teams["노원구"])
    assert nowon["local_fund_raised"] == 6_000_000 and nowon["agenda_workshops"] == 27
