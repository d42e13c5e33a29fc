"""The annual report from the database's own grouping (reports.grouped_tallies: GROUP BY over
PurchaseTotal) equals the report of every purchase (core.purchase.tally), figure by figure, over a
few hundred generated purchases, on whichever engine the suite runs (SQLite and PostgreSQL in CI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from bombaram.core import purchase as rules
from bombaram.procurement import reports
from bombaram.procurement.models import Department, Purchase, YearTarget
from bombaram.procurement.services import totals
from bombaram.procurement.views.reports import NOT_COUNTED_SHOWN, TOP_SHOWN

JUSTIFIED = "긴급 재난 대응으로 관내 사회적경제기업 제품을 기다릴 수 없어 일반 업체에서 즉시 구입하였음"


def _generate(seongbuk, *, n: int, seed: int) -> None:
    """``n`` purchases of 2014 and a few of 2013 from one supplier (the others are new in 2014): four
    departments, registered and unregistered suppliers, twelve items of three categories, amounts from
    1,000 won to 6조 won (squares far beyond 64 bits), a third not counted, some indirect, some
    exceptions, in-district unknown for unregistered ones, and one month (August) without a purchase."""
    institution = seongbuk.institution
    departments = [seongbuk.welfare, seongbuk.culture,
                   Department.objects.create(institution=institution, code="parks", name="공원녹지과"),
                   Department.objects.create(institution=institution, code="finance", name="재무과")]
    registered = [seongbuk.haengbok, seongbuk.neulbom, seongbuk.mapo, seongbuk.dureh]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        year = 2013 if i % 10 == 0 else 2014
        month = rng.choice([m for m in range(1, 13) if m != 8])
        org = rng.choice([*registered, None, None]) if year == 2014 else seongbuk.neulbom  # the others new in 2014
        name = org.name if org else rng.choice(["큰회사", "동네문구", "1004", "㈜행복도시락"])  # "㈜행복도시락" unregistered too
        counted = org is not None and org is not seongbuk.dureh and rng.random() < 0.75
        amount = rng.choice([1_000, 250_000, 3_900_000, 17_000_000, 4_300_000_000, 6 * 10**12]) + rng.randrange(1000)
        exception = rng.choice([None] * 8 + [1, 3, 6]) if not counted else None
        rows.append(Purchase(
            institution=institution, department=rng.choice(departments), purchased_on=dt.date(year, month, rng.randint(1, 28)),
            supplier=org, supplier_name=name, item=f"품목{rng.randrange(12)}", category=rng.choice(["goods", "services", "works"]),
            amount_won=amount, counted=counted, not_counted_reason="" if counted else "등록부에 없는 업체입니다",
            in_district=None if org is None else org is not seongbuk.mapo, indirect=counted and rng.random() < 0.2,
            channel="direct", exception_code=exception,
            exception_justification=(JUSTIFIED if rng.random() < 0.5 else "") if exception else ""))
    Purchase.objects.bulk_create(rows)
    totals.rebuild(institution)
    YearTarget.objects.create(institution=institution, year=2014, target_won=10**13)


def _sorted(grouped: rules.GroupedTallies) -> dict:
    """The grouped tallies with every list in one order (a database groups in its own)."""
    fields = {f.name: getattr(grouped, f.name) for f in dataclasses.fields(grouped)}
    return {name: dict(value) if name == "supplier_names" else value if name == "supplier_summary" else sorted(value, key=repr)
            for name, value in fields.items()}


def test_the_database_grouping_equals_the_grouping_of_every_purchase(seongbuk):
    _generate(seongbuk, n=400, seed=15)
    institution = seongbuk.institution
    data = reports.report_input(institution, 2014)
    from_purchases = rules.group_tallies(rules.tally(data.purchases, 2014))
    from_database = reports.grouped_tallies(institution, 2014)
    from_sum_rows = rules.group_tallies(reports.report_tallies(institution, 2014))
    # names: the registry's for registered suppliers (the purchase's own name otherwise); the rest is sums
    assert _sorted(dataclasses.replace(from_database, supplier_names={})) == _sorted(
        dataclasses.replace(from_purchases, supplier_names={}))
    assert _sorted(from_database) == _sorted(from_sum_rows)
    # the generated data reaches what the grouping must get right
    assert {s.key for s in from_database.suppliers} >= {str(seongbuk.haengbok.pk), "n:㈜행복도시락", "n:1004"}
    assert len(from_database.departments) == 4 and len(from_database.months) == 11
    assert max(m.supplier_square_won for m in from_database.months) > 2**64
    assert any(s.first_counted_month is None for s in from_database.suppliers)


def test_the_report_from_the_database_grouping_equals_the_report_of_every_purchase(seongbuk):
    _generate(seongbuk, n=400, seed=7)
    institution = seongbuk.institution
    report = reports.annual_report(institution, 2014)
    full = rules.annual_report(reports.report_input(institution, 2014), reports.core_institution(institution), 2014)
    for field in dataclasses.fields(report):  # one figure at a time, so a failure names it
        assert getattr(report, field.name) == getattr(full, field.name), field.name
    assert report.as_dict() == full.as_dict()
    # the generated data reaches every part of the report
    assert report.not_counted_n > 0 and sum(e.count for e in report.exceptions) > 0 and report.indirect_won > 0
    assert 0 < report.concentration.new_suppliers < report.concentration.suppliers
    assert report.by_month[7].supplier_hhi is None and report.by_month[7].total_won == 0  # August: nothing bought
    assert {d.department for d in report.departments} == {"welfare", "culture", "parks", "finance"}


def test_the_page_lists_the_first_not_counted_with_every_figure_of_the_full_report(seongbuk):
    _generate(seongbuk, n=700, seed=3)
    institution = seongbuk.institution
    page = reports.annual_report(institution, 2014, not_counted_limit=NOT_COUNTED_SHOWN)
    full = reports.annual_report(institution, 2014)
    assert full.not_counted_n > NOT_COUNTED_SHOWN
    assert page.not_counted == full.not_counted[:NOT_COUNTED_SHOWN]
    assert dataclasses.replace(page, not_counted=()) == dataclasses.replace(full, not_counted=())


def test_the_page_lists_the_largest_suppliers_with_every_figure_of_the_full_report(seongbuk):
    # the database hands over the largest suppliers and a summary of all (reports._suppliers): the
    # concentration, the new suppliers (one bought in 2013) and every other figure equal the full report's
    _generate(seongbuk, n=400, seed=7)
    institution = seongbuk.institution
    full = reports.annual_report(institution, 2014)
    assert len(full.by_supplier) > 3 and full.by_supplier[2].eligible_won != full.by_supplier[3].eligible_won
    for shown in (3, 1, 0):
        page = reports.annual_report(institution, 2014, suppliers_shown=shown)
        assert page.by_supplier == full.by_supplier[:shown]
        assert dataclasses.replace(page, by_supplier=()) == dataclasses.replace(full, by_supplier=())
    assert 0 < full.concentration.new_suppliers < full.concentration.suppliers
    assert reports.grouped_tallies(institution, 2014, suppliers_shown=3).supplier_summary is not None
    # more shown than there are: every supplier, no summary needed
    every = reports.grouped_tallies(institution, 2014, suppliers_shown=len(full.by_supplier))
    assert every.supplier_summary is None and len(every.suppliers) == len(full.by_supplier)
    assert reports.annual_report(institution, 2014, suppliers_shown=TOP_SHOWN).by_supplier == full.by_supplier[:TOP_SHOWN]


def test_suppliers_tied_with_the_last_one_shown_are_all_listed_and_ordered_by_name(seongbuk):
    # three suppliers with the same eligible and total won: which one is "the largest" is decided by the
    # name, which the database does not order by — so every supplier is listed, and core orders them
    institution = seongbuk.institution
    for org in (seongbuk.neulbom, seongbuk.haengbok, seongbuk.mapo):
        Purchase.objects.create(institution=institution, department=seongbuk.welfare, purchased_on=dt.date(2014, 3, 2),
                                supplier=org, supplier_name=org.name, item="도시락", category="goods",
                                amount_won=1_000_000, counted=True, in_district=True, channel="direct")
    totals.rebuild(institution)
    full = reports.annual_report(institution, 2014)
    page = reports.annual_report(institution, 2014, suppliers_shown=1)
    assert reports.grouped_tallies(institution, 2014, suppliers_shown=1).supplier_summary is None
    assert page == full and [r.label for r in page.by_supplier] == sorted(r.label for r in full.by_supplier)
    assert len(page.by_supplier) == 3


def test_many_suppliers_names_read_with_every_organisation_equal_the_names_looked_up_by_id(seongbuk, monkeypatch):
    # past reports._EVERY_NAME_ABOVE registered suppliers the names come from one read of every
    # organisation's name; lowered here to 0 so these few suppliers take that path, and the names equal
    _generate(seongbuk, n=200, seed=3)
    institution = seongbuk.institution
    by_id = reports.grouped_tallies(institution, 2014).supplier_names
    monkeypatch.setattr(reports, "_EVERY_NAME_ABOVE", 0)
    every = reports.grouped_tallies(institution, 2014).supplier_names
    assert every == by_id
    assert every[str(seongbuk.haengbok.pk)] == seongbuk.haengbok.name and every["n:1004"] == "1004"


def test_the_largest_amounts_an_import_accepts_are_squared_exactly_on_either_engine(seongbuk):
    # four purchases of 999조 won from one supplier in one month: the month's sum (≈ 2⁵¹·⁸) squared is far past
    # 64 bits, and so is each part of a two-part split; the database's six 21-bit parts keep it exact
    institution = seongbuk.institution
    for day, org, amount in [(2, seongbuk.haengbok, 999 * 10**12), (3, seongbuk.haengbok, 999 * 10**12),
                             (4, seongbuk.haengbok, 999 * 10**12), (5, seongbuk.haengbok, 999 * 10**12),
                             (6, seongbuk.neulbom, 10**12), (7, seongbuk.mapo, -30_000)]:
        Purchase.objects.create(institution=institution, department=seongbuk.welfare, purchased_on=dt.date(2014, 3, day),
                                supplier=org, supplier_name=org.name, item="도시락", category="goods", amount_won=amount,
                                counted=True, in_district=True, channel="direct")
    totals.rebuild(institution)
    report = reports.annual_report(institution, 2014)
    full = rules.annual_report(reports.report_input(institution, 2014), reports.core_institution(institution), 2014)
    assert report == full
    page = reports.annual_report(institution, 2014, suppliers_shown=1)
    assert page.concentration == full.concentration and page.by_supplier == full.by_supplier[:1]
    eligible = [3_996 * 10**12, 10**12, -30_000]  # hand sums per supplier: HHI = 10,000 · Σx² / (Σx)²
    assert full.concentration.supplier_hhi == 10_000 * sum(x * x for x in eligible) / sum(eligible) ** 2
    march = next(m for m in reports.grouped_tallies(institution, 2014).months if m.month == 3)
    assert march.supplier_square_won == sum(x * x for x in eligible)  # to the won, not a float's 16 digits
