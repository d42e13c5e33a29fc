"""core.purchase.national: the roll-up of the database's groups, checked against sums done by hand."""

from bombaram.core.purchase.national import Group, InstitutionInfo, national_report


def test_the_roll_up_by_sido_category_month_and_institution():
    infos = [InstitutionInfo(1, "a", "가구청", "11", 1_000), InstitutionInfo(2, "b", "나시청", "44", None),
             InstitutionInfo(3, "c", "다군청", "44", 500)]
    groups = [Group(1, 1, "goods", 400, 300, 4, 3), Group(1, 2, "services", 600, 100, 2, 1),
              Group(2, 1, "goods", 1_000, 0, 5, 0)]               # 3 (다군청) bought nothing
    report = national_report(2024, groups, infos)
    # country: total 400 + 600 + 1,000 = 2,000; eligible 300 + 100 = 400; target 1,000 + 500 (나시청 has none)
    assert (report.country.total_won, report.country.eligible_won, report.country.n, report.country.counted_n,
            report.country.target_won) == (2_000, 400, 11, 4, 1_500)
    assert report.country.counted_share_pct == 20.0          # 400 / 2,000
    assert abs(report.country.achievement_pct - 26.6667) < 1e-3   # 400 / 1,500
    seoul, chungnam = report.by_sido
    assert (seoul.label, seoul.total_won, seoul.eligible_won, seoul.achievement_pct) == ("서울특별시", 1_000, 400, 40.0)
    assert (chungnam.label, chungnam.total_won, chungnam.target_won, chungnam.achievement_pct) == ("충청남도", 1_000, 500, 0.0)
    assert [(c.label, c.total_won, c.eligible_won) for c in report.by_category] == [("물품", 1_400, 300), ("용역", 600, 100)]
    assert [m.total_won for m in report.by_month] == [1_400, 600] + [0] * 10
    assert [(i.key, i.eligible_won) for i in report.institutions] == [("a", 400), ("b", 0), ("c", 0)]
    assert report.institutions[2].counted_share_pct is None and report.institutions[1].achievement_pct is None
