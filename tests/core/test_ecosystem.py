"""The 현황 tables from organisation rows, checked against counts worked out by hand."""

import datetime as dt

import pytest

from bombaram.core import ecosystem as eco

D = dt.date
PRECEDENCE = {"certified_se": 1, "seoul_pre_se": 2, "regional_pre_se": 3, "village_enterprise": 4,
              "cooperative": 5, "social_cooperative": 6, "self_sufficiency": 7}
DISTRICTS = ["가구", "나구"]
ORGS = [eco.OrgRow(1, "가구", "", "education"), eco.OrgRow(2, "가구", "", "welfare"),
        eco.OrgRow(3, "나구", "", "education"), eco.OrgRow(4, None, "경기도", "culture"),
        eco.OrgRow(5, "나구", "", None)]
DESIGNATIONS = [
    eco.DesignationRow(1, "seoul_pre_se", D(2012, 1, 1), D(2013, 6, 1)),   # graduated…
    eco.DesignationRow(1, "certified_se", D(2013, 6, 1), None),            # …to certified on 2013-06-01
    eco.DesignationRow(1, "cooperative", D(2012, 5, 1), None),             # also a cooperative
    eco.DesignationRow(2, "social_cooperative", D(2013, 1, 1), None),
    eco.DesignationRow(3, "village_enterprise", D(2013, 1, 1), None),
    eco.DesignationRow(3, "self_sufficiency", D(2011, 1, 1), None),
    eco.DesignationRow(4, "seoul_pre_se", D(2013, 3, 1), None),
    eco.DesignationRow(5, "cooperative", D(2014, 2, 1), None),             # not yet on 2014-01-31
]
COUNTS = [eco.CoopCountRow(1, D(2013, 12, 31), 10, 1_000_000), eco.CoopCountRow(1, D(2012, 12, 31), 6, 600_000),
          eco.CoopCountRow(2, D(2014, 1, 31), 25, 5_000_000), eco.CoopCountRow(2, D(2014, 6, 30), 99, 9)]


def snap(day):
    return eco.snapshot(ORGS, DESIGNATIONS, as_of=day, precedence=PRECEDENCE)


def test_by_organisation_each_counts_once_under_its_highest_designation():
    table = eco.district_type_table(snap(D(2014, 1, 31)), mode="organisation", districts=DISTRICTS)
    # 가구: org 1 certified (beats cooperative), org 2 social cooperative → column 협동조합
    assert table["가구"] == {"certified_se": 1, "seoul_pre_se": 0, "regional_pre_se": 0, "social_enterprise_total": 1,
                            "village_enterprise": 0, "cooperative": 1, "self_sufficiency": 0, "total": 2}
    # 나구: org 3 village (beats self-sufficiency); org 5 not yet designated
    assert table["나구"]["village_enterprise"] == 1 and table["나구"]["total"] == 1
    # the organisation outside the city is a row of its own, not dropped
    assert table["경기도"]["seoul_pre_se"] == 1 and table["경기도"]["total"] == 1


def test_by_designation_counts_every_valid_designation():
    table = eco.district_type_table(snap(D(2014, 1, 31)), mode="designation", districts=DISTRICTS)
    assert table["가구"]["certified_se"] == 1 and table["가구"]["cooperative"] == 2  # org 1 and org 2
    assert table["나구"]["self_sufficiency"] == 1 and table["나구"]["total"] == 2


def test_the_date_decides_which_designation_holds():
    before = eco.district_type_table(snap(D(2013, 5, 31)), mode="organisation", districts=DISTRICTS)
    on = eco.district_type_table(snap(D(2013, 6, 1)), mode="organisation", districts=DISTRICTS)
    assert before["가구"]["seoul_pre_se"] == 1 and before["가구"]["certified_se"] == 0
    assert on["가구"]["seoul_pre_se"] == 0 and on["가구"]["certified_se"] == 1  # the end day is excluded


def test_mean_divides_by_the_districts_and_total_includes_outside():
    table = eco.district_type_table(snap(D(2014, 1, 31)), mode="organisation", districts=DISTRICTS)
    mean, total = eco.totals_rows(table, districts=DISTRICTS)
    # totals over 가구 (2) and 나구 (1) = 3 → 3 / 2 districts = 1.5; 전체 adds 경기도: 4
    assert mean["total"] == 1.5 and total["total"] == 4
    assert mean["seoul_pre_se"] == 0 and total["seoul_pre_se"] == 1


def test_cooperative_scale_counts_every_cooperative_with_its_latest_count():
    coops = eco.cooperative_table(snap(D(2014, 1, 31)), COUNTS, districts=DISTRICTS)
    # 가구: org 1 (cooperative under a certified SE) counted on 2013-12-31: 10 members, 1,000,000;
    #       org 2 (social cooperative) counted on 2014-01-31: 25, 5,000,000 (the June count is later)
    assert coops["가구"] == eco.CooperativeRow(2, 35, 6_000_000)
    assert coops["가구"].capital_per_member == pytest.approx(6_000_000 / 35)
    assert coops["나구"] == eco.CooperativeRow(0, 0, 0)  # org 5 only from 2014-02-01


def test_industries_and_lq_by_hand():
    s = snap(D(2014, 1, 31))
    assert eco.industry_table(s, mode="organisation", industries=["education", "welfare", "culture"]) == {
        "education": 2, "welfare": 1, "culture": 1}
    cross = eco.district_industry_table(s, mode="organisation", districts=DISTRICTS, industries=["education", "welfare"])
    assert cross["가구"] == {"education": 1, "welfare": 1} and cross["나구"] == {"education": 1, "welfare": 0}
    lq = eco.lq_table(cross, districts=DISTRICTS, industries=["education", "welfare"], min_count=1, min_district_total=1)
    # region: education 2 of 3, welfare 1 of 3. 가구 education: (1/2)/(2/3) = 0.75; welfare: (1/2)/(1/3) = 1.5
    assert lq["가구"]["education"].lq == pytest.approx(0.75) and lq["가구"]["education"].reading == "at_or_below"
    assert lq["가구"]["welfare"].lq == pytest.approx(1.5) and lq["가구"]["welfare"].reading == "cluster"
    # 나구 education: (1/1)/(2/3) = 1.5
    assert lq["나구"]["education"].lq == pytest.approx(1.5)


def test_observations_are_written_as_the_report_writes_them():
    table = {"마포구": dict.fromkeys(eco.REPORT_COLUMNS, 0), "종로구": dict.fromkeys(eco.REPORT_COLUMNS, 0),
             "영등포구": dict.fromkeys(eco.REPORT_COLUMNS, 0), "중구": dict.fromkeys(eco.REPORT_COLUMNS, 0)}
    for name, n in (("마포구", 66), ("종로구", 55), ("영등포구", 47), ("중구", 31)):
        table[name]["social_enterprise_total"] = n
    notes = eco.observations(table, {"education": 1}, {}, districts=list(table), industry_labels={"education": "교육"})
    assert notes[0] == "사회적기업: 마포 > 종로 > 영등포"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="counting mode"):
        eco.district_type_table(snap(D(2014, 1, 31)), mode="both", districts=DISTRICTS)


def test_comparison_with_the_business_base_by_hand():
    rows, hoover = eco.compare_with_business_base(
        {"education": 30, "welfare": 10, "farming": 0},
        {"교육 서비스업": 100, "보건업 및 사회복지 서비스업": 300, "농업 임업 및 어업": 100},
        {"education": "교육 서비스업", "welfare": "보건업 및 사회복지 서비스업", "farming": "농업 임업 및 어업"})
    # organisations: 30/40 = 75 %, 10/40 = 25 %, 0 %; businesses: 100/500 = 20 %, 60 %, 20 %
    assert [round(r.organisation_share_pct, 6) for r in rows] == [75, 25, 0]
    assert [round(r.business_share_pct, 6) for r in rows] == [20, 60, 20]
    assert rows[0].ratio == pytest.approx(75 / 20) and rows[2].ratio == 0
    # Hoover: ½ (|.75 − .2| + |.25 − .6| + |0 − .2|) = ½ (.55 + .35 + .2) = .55
    assert hoover == pytest.approx(0.55)
