"""Tests for bombaram.datagen.seoul_2014.

The expected tables are read here, independently, with the csv module from the
package's reference files; the generator's own reader is not used for them.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

import bombaram
from bombaram.core.identifiers import (
    BusinessNoKind,
    business_no_kind,
    normalise_business_no,
    normalise_corporate_no,
)
from bombaram.core.measures import location_quotients
from bombaram.core.names import normalise_name
from bombaram.datagen import seoul_2014 as dr

REFERENCE = Path(bombaram.__file__).parent / "reference"
SEOUL2014 = REFERENCE / "seoul2014"
REPORT_DATE = date(2014, 1, 31)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def registry() -> dr.DemoRegistry:
    return dr.generate_seoul_2014()


@pytest.fixture(scope="module")
def district_codes() -> dict[str, str]:
    return {
        r["name_ko"]: r["sig_cd"] for r in read_csv(REFERENCE / "korea" / "seoul_districts.csv")
    }


# ---------------------------------------------------------------------------
# Determinism, provenance, identifiers
# ---------------------------------------------------------------------------


def test_two_runs_with_the_same_seed_are_equal(registry):
    assert dr.generate_seoul_2014(2014) == registry


def test_another_seed_changes_the_records_but_not_the_tables(registry):
    other = dr.generate_seoul_2014(7)
    assert [o.name for o in other.organisations] != [o.name for o in registry.organisations]
    mine, theirs = dr.aggregate(registry, REPORT_DATE), dr.aggregate(other, REPORT_DATE)
    for name in ("district_type", "industry", "district_industry"):
        assert theirs[name] == mine[name]
    for district, row in mine["cooperative_scale"].items():
        for column in ("cooperatives", "members", "capital_won"):  # which are social varies
            assert theirs["cooperative_scale"][district][column] == row[column]


def test_every_record_is_flagged_illustrative_and_the_docstring_says_invented(registry):
    assert registry.illustrative
    assert all(org.illustrative for org in registry.organisations)
    assert "invented" in dr.__doc__
    assert dr.REFERENCE_DIR == Path(dr.__file__).parent.parent / "reference"


def test_ids_names_and_numbers_are_unique(registry):
    orgs = registry.organisations
    assert len({o.id for o in orgs}) == len(orgs) == 1871
    assert orgs[0].id == "demo-00001"
    assert len({o.name for o in orgs}) == len(orgs)
    # Unique even after stripping legal forms: the importer would merge such twins.
    assert len({normalise_name(o.name) for o in orgs}) == len(orgs)
    assert len({o.business_no for o in orgs}) == len(orgs)
    corporate = [o.corporate_no for o in orgs if o.corporate_no is not None]
    assert len(set(corporate)) == len(corporate)


def test_every_business_no_passes_its_check_digit_and_matches_the_legal_form(registry):
    kinds = {
        "주식회사": BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        "유한회사": BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        "협동조합": BusinessNoKind.FOR_PROFIT_HEAD_OFFICE,
        "사단법인": BusinessNoKind.NON_PROFIT,
        "재단법인": BusinessNoKind.NON_PROFIT,
        "사회복지법인": BusinessNoKind.NON_PROFIT,
        "사회적협동조합": BusinessNoKind.NON_PROFIT,
        "비영리민간단체": BusinessNoKind.NON_PROFIT,
        "개인사업자": BusinessNoKind.INDIVIDUAL,
    }
    for org in registry.organisations:
        parsed = normalise_business_no(org.business_no)
        assert parsed is not None and parsed.check_ok, org.business_no
        assert business_no_kind(org.business_no) is kinds[org.legal_form], org
        if org.legal_form == "개인사업자":
            assert 1 <= int(org.business_no[3:5]) <= 79


def test_corporations_and_only_they_have_a_valid_corporate_no(registry):
    unincorporated = {"개인사업자", "비영리민간단체"}
    for org in registry.organisations:
        if org.legal_form in unincorporated:
            assert org.corporate_no is None
            continue
        parsed = normalise_corporate_no(org.corporate_no)
        assert parsed is not None and parsed.check_ok, org.corporate_no
        assert org.corporate_no[:4] == ("1358" if org.outside_region else "1101")


def test_addresses_and_district_codes_agree(registry, district_codes):
    seoul = re.compile(r"^서울특별시 (\S+구) \S+로(\d+길)? \d+(, \d층)?$")
    for org in registry.organisations:
        if org.outside_region:
            continue
        match = seoul.match(org.address)
        assert match, org.address
        assert match.group(1) == org.district_name
        assert district_codes[org.district_name] == org.district_code
        assert org.region == "서울특별시"


def test_the_one_organisation_outside_seoul(registry):
    outside = [o for o in registry.organisations if o.outside_region]
    assert len(outside) == 1
    org = outside[0]
    assert org.district_code is None and org.district_name is None
    assert org.region == "경기도" and org.row_label == "경기도"
    assert org.address.startswith("경기도 ")
    assert org.top_designation(REPORT_DATE).type == "seoul_pre_se"
    assert registry.outside_regions == ("경기도",)


def test_legal_forms_agree_with_designations(registry):
    for org in registry.organisations:
        kinds = {d.type for d in org.designations_on(REPORT_DATE)}
        assert ("cooperative" in kinds) == (org.legal_form == "협동조합"), org
        assert ("social_cooperative" in kinds) == (org.legal_form == "사회적협동조합"), org
        if org.legal_form == "개인사업자":
            assert org.top_designation(REPORT_DATE).type == "self_sufficiency"
        if org.top_designation(REPORT_DATE).type == "village_enterprise":
            assert org.legal_form not in ("개인사업자", "비영리민간단체")


def test_dates_are_ordered_and_nothing_is_granted_after_the_report_date(registry):
    for org in registry.organisations:
        assert org.designations, org
        assert org.top_designation(REPORT_DATE) is not None
        for d in org.designations:
            assert org.founded < d.granted <= REPORT_DATE, org
            assert d.ended is None or d.granted < d.ended <= REPORT_DATE
            if d.type in ("cooperative", "social_cooperative"):
                assert d.granted >= date(2012, 12, 1)  # 협동조합 기본법 in force


def test_certificate_numbers_have_the_documented_formats(registry):
    patterns = {
        "certified_se": r"제(\d{4})-\d{3}호",
        "seoul_pre_se": r"서울형-(\d{4})-\d{3}",
        "regional_pre_se": r"지역형-(\d{4})-\d{3}",
        "village_enterprise": r"마을기업-(\d{4})-\d{3}",
        "cooperative": r"서울협동-(\d{4})-\d{4}",
        "social_cooperative": r"사협인가-(\d{4})-\d{3}",
        "self_sufficiency": r"자활-(\d{4})-\d{3}",
    }
    seen = set()
    for org in registry.organisations:
        for d in org.designations:
            match = re.fullmatch(patterns[d.type], d.certificate_no)
            assert match, d
            assert int(match.group(1)) == d.granted.year
            seen.add(d.certificate_no)
    assert len(seen) == sum(len(o.designations) for o in registry.organisations)


# ---------------------------------------------------------------------------
# The report's tables
# ---------------------------------------------------------------------------


def test_district_table_by_organisation_is_reproduced_cell_by_cell(registry):
    expected = read_csv(SEOUL2014 / "org_counts_by_district_type.csv")
    table = dr.count_by_district_type(registry, REPORT_DATE, "organisation")
    assert list(table) == [r["district"] for r in expected]  # 가나다 order, then 경기도
    for row in expected:
        for column, value in row.items():
            if column != "district":
                assert table[row["district"]][column] == int(value), (row["district"], column)
    assert sum(r["total"] for r in table.values()) == 1871
    assert table["경기도"]["seoul_pre_se"] == 1 and table["경기도"]["total"] == 1


def test_industry_distribution_is_reproduced(registry):
    expected = {
        r["industry"]: int(r["count"]) for r in read_csv(SEOUL2014 / "industry_distribution.csv")
    }
    assert dr.count_by_industry(registry, REPORT_DATE) == expected
    assert expected["education"] == 299 and expected["other_services"] == 330


def test_cooperative_scale_is_reproduced(registry):
    rows = read_csv(SEOUL2014 / "cooperative_scale_by_district.csv")
    table = dr.cooperative_scale_by_district(registry, REPORT_DATE)
    for row in rows:
        if row["district"] == "서울시":
            continue
        got = table[row["district"]]
        assert got["cooperatives"] == int(row["cooperatives"]), row["district"]
        assert got["members"] == int(row["members"]), row["district"]
        assert got["capital_won"] == int(row["capital_thousand_won"]) * 1000, row["district"]
    total = next(r for r in rows if r["district"] == "서울시")
    assert sum(r["cooperatives"] for r in table.values()) == int(total["cooperatives"]) == 967
    assert sum(r["members"] for r in table.values()) == int(total["members"]) == 14607
    assert sum(r["capital_won"] for r in table.values()) == 19_383_193_000


def test_every_cooperative_has_five_members_and_some_spread_of_capital(registry):
    coops = [o for o in registry.organisations if o.is_cooperative_on(REPORT_DATE)]
    assert all(o.cooperative_scale is not None for o in coops)
    assert all(o.cooperative_scale.members >= 5 for o in coops)
    assert all(o.cooperative_scale.capital_won >= 0 for o in coops)
    assert all(o.cooperative_scale.counted_on == REPORT_DATE for o in coops)
    assert not any(
        o.cooperative_scale for o in registry.organisations if not o.is_cooperative_on(REPORT_DATE)
    )
    capital = sorted(o.cooperative_scale.capital_won for o in coops)
    assert capital[-1] > 20 * capital[len(capital) // 2]  # a long right tail, log-normal-ish


def test_34_cooperatives_hold_a_higher_designation_as_the_two_tables_differ(registry):
    counts = {
        r["district"]: int(r["cooperative"])
        for r in read_csv(SEOUL2014 / "org_counts_by_district_type.csv")
    }
    scale = {
        r["district"]: int(r["cooperatives"])
        for r in read_csv(SEOUL2014 / "cooperative_scale_by_district.csv")
    }
    multi = [
        o
        for o in registry.organisations
        if o.is_cooperative_on(REPORT_DATE)
        and o.top_designation(REPORT_DATE).type not in ("cooperative", "social_cooperative")
    ]
    assert len(multi) == 34 == 967 - 933
    per_district = Counter(o.district_name for o in multi)
    for district in scale:
        if district != "서울시":
            assert scale[district] - counts[district] >= 0
            assert per_district[district] == scale[district] - counts[district], district
    assert {o.top_designation(REPORT_DATE).type for o in multi} <= {
        "certified_se",
        "seoul_pre_se",
        "regional_pre_se",
        "village_enterprise",
    }


def test_social_cooperatives_are_a_small_share(registry):
    coops = [o for o in registry.organisations if o.is_cooperative_on(REPORT_DATE)]
    social = [o for o in coops if o.legal_form == "사회적협동조합"]
    assert len(social) == round(0.08 * 967) == 77
    table = dr.cooperative_scale_by_district(registry, REPORT_DATE)
    assert sum(r["social_cooperatives"] for r in table.values()) == len(social)


def test_counting_by_designation_counts_every_designation(registry):
    by_org = dr.count_by_district_type(registry, REPORT_DATE, "organisation")
    by_designation = dr.count_by_district_type(registry, REPORT_DATE, "designation")
    valid = sum(len(o.designations_on(REPORT_DATE)) for o in registry.organisations)
    assert sum(r["total"] for r in by_designation.values()) == valid > 1871
    # Each cooperative holds exactly one cooperative designation: 967 by designation.
    assert sum(r["cooperative"] for r in by_designation.values()) == 967
    for row, columns in by_org.items():
        for column, value in columns.items():
            assert by_designation[row][column] >= value
    assert sum(dr.count_by_industry(registry, REPORT_DATE, "designation").values()) == valid


def test_aggregate_bundles_the_tables_and_rejects_an_unknown_mode(registry):
    tables = dr.aggregate(registry, REPORT_DATE, "organisation")
    assert set(tables) == {"district_type", "industry", "district_industry", "cooperative_scale"}
    matrix = tables["district_industry"]
    assert {row: sum(v.values()) for row, v in matrix.items()} == {
        row: v["total"] for row, v in tables["district_type"].items()
    }
    with pytest.raises(ValueError):
        dr.aggregate(registry, REPORT_DATE, "by_name")


# ---------------------------------------------------------------------------
# As-of dates and ended designations
# ---------------------------------------------------------------------------


def test_ended_designations_exist_and_end_when_the_certification_begins(registry):
    ended = [(o, d) for o in registry.organisations for d in o.designations if d.ended is not None]
    assert 10 <= len(ended) <= 40
    for org, d in ended:
        assert d.type in ("seoul_pre_se", "regional_pre_se")
        certified = next(c for c in org.designations if c.type == "certified_se")
        assert d.ended == certified.granted <= REPORT_DATE
        assert not d.valid_on(REPORT_DATE)


def test_a_graduated_pre_social_enterprise_counts_as_such_only_before_certification(registry):
    org = next(o for o in registry.organisations if any(d.ended for d in o.designations))
    pre = next(d for d in org.designations if d.ended is not None)
    certified = next(d for d in org.designations if d.type == "certified_se")
    alone = dataclasses.replace(registry, organisations=(org,))
    row = org.district_name

    # The day before the certification: pre-SE granted <= day < ended, certification
    # not yet granted, so the organisation is a pre-SE in its district.
    day_before = certified.granted - timedelta(days=1)
    table = dr.count_by_district_type(alone, day_before)
    assert (
        table[row][pre.type] == 1 and table[row]["certified_se"] == 0 and table[row]["total"] == 1
    )

    # On the day the certification begins the pre-SE has ended (ended is exclusive).
    for day in (certified.granted, REPORT_DATE):
        table = dr.count_by_district_type(alone, day)
        assert table[row][pre.type] == 0 and table[row]["certified_se"] == 1
        by_designation = dr.count_by_district_type(alone, day, "designation")
        assert by_designation[row][pre.type] == 0

    # Before the pre-SE designation the organisation is not counted at all.
    before = dr.count_by_district_type(alone, pre.granted - timedelta(days=1))
    assert before[row]["total"] == 0


def test_earlier_dates_count_fewer_and_no_cooperatives_before_the_act(registry):
    earlier = dr.count_by_district_type(registry, date(2012, 11, 30))
    assert sum(r["cooperative"] for r in earlier.values()) == 0
    assert 0 < sum(r["total"] for r in earlier.values()) < 1871
    scale = dr.cooperative_scale_by_district(registry, date(2013, 12, 31))
    # Counted on 2014-01-31: not yet known on 2013-12-31.
    assert sum(r["members"] for r in scale.values()) == 0
    assert 0 < sum(r["cooperatives"] for r in scale.values()) <= 967


# ---------------------------------------------------------------------------
# Location quotients
# ---------------------------------------------------------------------------


def printed_lq() -> dict[str, dict[str, float]]:
    return {
        r.pop("district"): {j: float(v) for j, v in r.items()}
        for r in read_csv(SEOUL2014 / "location_quotient_by_district_industry.csv")
    }


def test_location_quotients_come_close_to_the_printed_table(registry):
    printed = printed_lq()
    counts = dr.count_by_district_industry(registry, REPORT_DATE, include_outside=False)
    lqs = location_quotients(counts, registry.industries)
    errors = [lqs[d][j] - v for d, row in printed.items() for j, v in row.items()]
    rmse = float(np.sqrt(np.mean(np.square(errors))))
    # Achieved 0.0568 RMSE, max 0.261, 42 of 250 cells equal after rounding: a
    # regression of the fit fails these bounds.
    assert len(errors) == 250
    assert rmse < 0.0575
    assert max(abs(e) for e in errors) < 0.265
    assert sum(abs(e) < 0.1 for e in errors) >= 220
    fit = registry.lq_fit
    assert fit.rmse == pytest.approx(rmse, abs=1e-12)
    assert fit.cells == 250 and fit.matching_cells >= 40
    assert dr.lq_comparison(registry) == fit
    # Zero printed LQ → no organisation of that industry in that district.
    for d, row in printed.items():
        for j, v in row.items():
            if v == 0:
                assert counts[d][j] == 0, (d, j)


def test_the_organisation_outside_seoul_is_in_farming(registry):
    # 강동구 farming LQ 6.83 = 2 · 1,870 / (54 · E_j) needs E_j = 10 Seoul farming
    # organisations, i.e. the eleventh of the industry table is the 경기도 one.
    org = next(o for o in registry.organisations if o.outside_region)
    assert org.industry == "farming"


def test_no_exchange_of_two_units_improves_the_fitted_matrix(registry):
    printed = printed_lq()
    districts = list(printed)
    industries = list(registry.industries)
    counts = dr.count_by_district_industry(registry, REPORT_DATE, include_outside=False)
    n = np.array([[counts[d][j] for j in industries] for d in districts], dtype=float)
    target = np.array([[printed[d][j] for j in industries] for d in districts])
    a = n.sum() / (n.sum(axis=1)[:, None] * n.sum(axis=0)[None, :])

    def cell(i: int, j: int, value: float) -> float:
        return (a[i, j] * value - target[i, j]) ** 2

    # Move one unit i: j → m and one unit k: m → j (all margins unchanged).
    for i in range(len(districts)):
        for k in range(i + 1, len(districts)):
            for j in range(len(industries)):
                for m in range(len(industries)):
                    if j == m or n[i, j] == 0 or n[k, m] == 0:
                        continue
                    delta = (
                        cell(i, j, n[i, j] - 1)
                        - cell(i, j, n[i, j])
                        + cell(i, m, n[i, m] + 1)
                        - cell(i, m, n[i, m])
                        + cell(k, m, n[k, m] - 1)
                        - cell(k, m, n[k, m])
                        + cell(k, j, n[k, j] + 1)
                        - cell(k, j, n[k, j])
                    )
                    assert delta >= -1e-9, (
                        districts[i],
                        districts[k],
                        industries[j],
                        industries[m],
                    )
    base = float(((a * n - target) ** 2).sum())
    assert base == pytest.approx(250 * registry.lq_fit.rmse**2)


# ---------------------------------------------------------------------------
# Performance
# ---------------------------------------------------------------------------


def test_generation_from_scratch_takes_under_three_seconds():
    dr.load_report_tables.cache_clear()
    dr.fit_district_industry_matrix.cache_clear()
    start = time.perf_counter()
    dr.generate_seoul_2014(99)
    assert time.perf_counter() - start < 3.0
