"""The report's running sums (PurchaseTotal) stay equal to the purchases they sum, whichever way the
purchases were written, and the report read from them equals the report of every purchase."""

from __future__ import annotations

import datetime as dt

from bombaram.core import purchase as rules
from bombaram.datagen.demo.procurement import load_demo_procurement
from bombaram.datagen.demo.registry import load_demo_registry
from bombaram.procurement import reports
from bombaram.procurement.models import Institution, PurchaseMonth, PurchaseTotal
from bombaram.procurement.services import totals
from bombaram.procurement.services.purchases import record_purchase
from bombaram.web.choices import Role
from tests.procurement.conftest import BN_HAENGBOK, BN_NEULBOM
from tests.procurement.test_purchases import WHY, _import, _row


def _sums(institution) -> list[tuple]:
    return sorted(PurchaseTotal.objects.filter(institution=institution).values_list(
        "year", "month", "dimension", "key1", "key2", "eligible_won", "total_won", "counted_n", "n"))


def _every_purchase_report(institution, year) -> rules.PerformanceReport:
    data = reports.report_input(institution, year)
    assert data.purchases, "the comparison needs purchases"
    return rules.annual_report(data, reports.core_institution(institution), year)


def test_imports_and_the_form_keep_the_sums_equal_to_a_rebuild(seongbuk, tmp_path, make_user):
    result = _import(tmp_path, [
        _row("2014-05-10", "㈜행복도시락", BN_HAENGBOK, amount="300,000"),   # before certification: not counted
        _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="200,000"),   # counted
        _row("2014-07-02", "늘봄사회적협동조합", BN_NEULBOM, item="청소", category="용역", amount="50,000"),
        _row("2014-07-03", "큰회사", "", item="복사지", amount="70,000", reason="1", why=WHY),
        _row("2015-01-05", "늘봄사회적협동조합", BN_NEULBOM, amount="10,000"),
    ])
    assert result.written
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)
    record_purchase(user=officer, department=seongbuk.welfare, purchased_on=dt.date(2014, 7, 20),
                    supplier_name="㈜행복도시락", supplier_business_no=BN_HAENGBOK, item="도시락", category="goods",
                    amount_won=40_000)
    kept = _sums(seongbuk.institution)
    # 2014: one July row for 행복 in supplier_month holds 200,000 + 40,000 counted, two purchases
    haengbok = str(seongbuk.haengbok.pk)
    assert (2014, 7, "supplier_month", haengbok, "", 240_000, 240_000, 2, 2) in kept
    assert (2014, 5, "supplier_month", haengbok, "", 0, 300_000, 0, 1) in kept
    totals.rebuild(seongbuk.institution)
    assert _sums(seongbuk.institution) == kept


def test_the_report_from_the_sums_equals_the_report_of_every_purchase(seongbuk, tmp_path):
    _import(tmp_path, [
        _row("2014-05-10", "㈜행복도시락", BN_HAENGBOK, amount="300,000"),
        _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="200,000"),
        _row("2014-08-02", "늘봄사회적협동조합", BN_NEULBOM, item="청소", category="용역", amount="50,000", channel="판매관"),
        _row("2014-09-03", "큰회사", "", item="복사지", amount="70,000", reason="2", why=WHY),
        _row("2014-09-04", "늘봄사회적협동조합", BN_NEULBOM, department="문화체육과", amount="80,000"),
    ])
    institution = seongbuk.institution
    assert reports.annual_report(institution, 2014) == _every_purchase_report(institution, 2014)


def test_the_demonstration_years_read_from_the_sums_equal_the_full_reports(reference):
    load_demo_registry()
    load_demo_procurement()
    institution = Institution.objects.get(code="seongbuk")
    for year in (2011, 2012, 2013, 2014):
        from_sums = reports.annual_report(institution, year)
        full = _every_purchase_report(institution, year)
        assert from_sums == full
        assert from_sums.eligible_won > 0 and from_sums.concentration.suppliers > 0


def test_a_supplier_named_with_digits_is_never_taken_for_a_registered_one(seongbuk, make_user):
    """An unregistered supplier called "1004" (or the id of an organisation) keeps its own sums: the
    report counts two suppliers, not one organisation with both amounts."""
    officer = make_user("welfare", Role.DEPARTMENT_OFFICER, department=seongbuk.welfare)
    record_purchase(user=officer, department=seongbuk.welfare, purchased_on=dt.date(2014, 7, 20),
                    supplier_name="㈜행복도시락", supplier_business_no=BN_HAENGBOK, item="도시락", category="goods",
                    amount_won=30_000)
    record_purchase(user=officer, department=seongbuk.welfare, purchased_on=dt.date(2014, 7, 21),
                    supplier_name=str(seongbuk.haengbok.pk), item="복사지", category="goods", amount_won=70_000)
    keys = set(PurchaseTotal.objects.filter(dimension="supplier_month").values_list("key1", flat=True))
    assert keys == {str(seongbuk.haengbok.pk), f"n:{seongbuk.haengbok.pk}"}
    report = reports.annual_report(seongbuk.institution, 2014)
    rows = {(r.label, r.eligible_won, r.total_won) for r in report.by_supplier}
    assert rows == {("㈜행복도시락", 30_000, 30_000), (str(seongbuk.haengbok.pk), 0, 70_000)}
    assert report.concentration.suppliers == 1  # distinct suppliers of counted purchases
    assert report == _every_purchase_report(seongbuk.institution, 2014)


def test_an_import_adds_its_sums_to_those_already_kept_and_stamps_its_months(seongbuk, tmp_path):
    """The import sums the rows it writes itself (services.totals.add_new): a second file adds to the
    sums of the first, 700 items give more sums than one upsert statement holds, and every month
    written is stamped; the sums stay equal to a rebuild from the purchases."""
    first = _import(tmp_path, [
        _row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="200,000"),   # counted
        _row("2014-07-02", "큰회사", "", item="복사지", amount="70,000"),     # unregistered: "n:큰회사"
    ])
    assert first.written
    many = [_row(f"2014-{8 + n % 2:02d}-{1 + n % 28:02d}", "㈜행복도시락" if n % 3 else "큰회사",
                 BN_HAENGBOK if n % 3 else "", item=f"품목{n:03d}", amount=f"{1_000 * (n + 1):,}") for n in range(700)]
    second = _import(tmp_path, [_row("2014-07-01", "㈜행복도시락", BN_HAENGBOK, amount="200,000"),  # same as before
                                _row("2014-07-15", "큰회사", "", item="복사지", amount="30,000"), *many])
    assert second.written and second.unchanged == 1 and second.created == 701
    kept = _sums(seongbuk.institution)
    # 큰회사 in July: 70,000 + 30,000 in two purchases, neither counted (hand sum)
    assert (2014, 7, "supplier_month", "n:큰회사", "", 0, 100_000, 0, 2) in kept
    # items 000-699 each bought once: n = 0..699 at 1,000 × (n + 1) won
    item_rows = [row for row in kept if row[2] == "item_month" and row[3].startswith("품목")]
    assert len(item_rows) == 700 and sum(row[6] for row in item_rows) == 1_000 * 700 * 701 // 2
    assert sum(row[8] for row in kept if row[2] == "flags") == 2 + 701
    months = set(PurchaseMonth.objects.filter(institution=seongbuk.institution).values_list("year", "month"))
    assert months == {(2014, 7), (2014, 8), (2014, 9)}
    totals.rebuild(seongbuk.institution)
    assert _sums(seongbuk.institution) == kept


def _random_purchases(n: int, seed: int) -> list[list]:
    """Purchases as the import holds them, values in NEW_PURCHASE_FIELDS order at positions 10..0
    (reversed, so the positions matter): two institutions, two years, registered and unregistered
    suppliers (a name of digits among them), refunds (negative amounts), in-district unknown."""
    import random

    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        supplier = rng.choice([11, 12, 13, 1004, None, None])
        values = [rng.choice([1, 2]), dt.date(rng.choice([2013, 2014]), rng.randint(1, 12), rng.randint(1, 28)),
                  rng.choice([5, 6, 7]), supplier, rng.choice(["큰회사", "1004", "동네문구"]) if supplier is None else "등록업체",
                  f"품목{rng.randrange(9)}", rng.choice(["goods", "services", "works"]),
                  rng.choice([1_000, 250_000, -30_000, 6 * 10**12]), rng.random() < 0.6, rng.random() < 0.2,
                  rng.choice([True, False, None])]
        rows.append(values[::-1])
    return rows


def test_the_grouped_new_sums_equal_the_sums_added_one_purchase_at_a_time():
    purchases = _random_purchases(3_000, seed=4)
    positions = list(range(10, -1, -1))
    grouped, months = totals.new_sums(purchases, positions)
    by_loop, loop_months = totals._sums_by_loop(purchases, positions)
    assert sorted(grouped) == sorted(by_loop) and months == loop_months
    assert all(type(value) is int for row in grouped for value in row[6:])  # Python ints for the database
    # the data reach what the grouping must keep apart: "n:1004" (a name) beside 1004 (an id), two years
    keys = {row[4] for row in grouped if row[3] == "supplier_month"}
    assert {"1004", "n:1004", "n:큰회사"} <= keys and {row[1] for row in grouped} == {2013, 2014}
    # a hand sum: institution 1's counted purchases of 2014 equal the eligible sums of its flags rows
    hand = sum(v[3] for v in purchases if v[10] == 1 and v[9].year == 2014 and v[2])
    assert hand == sum(row[6] for row in grouped if row[:2] == (1, 2014) and row[3] == "flags")


def test_keys_that_read_the_same_are_one_sum_in_both_groupings():
    # a department given as 5 and as "5", flags as True/1 and False/None/0: the sums are keyed by their text
    day = dt.date(2014, 3, 2)
    purchases = [[1, day, 5, 11, "등록업체", "품목", "goods", 100, True, False, True],
                 [1, day, "5", 11, "등록업체", "품목", "goods", 200, 1, None, True],
                 [1, day, 5, 11, "등록업체", "품목", "goods", 400, 1, 0, True]]
    grouped, _months = totals.new_sums(purchases)
    assert sorted(grouped) == sorted(totals._sums_by_loop(purchases, range(11))[0])
    assert (1, 2014, 0, "department_supplier", "5", "11", 700, 700, 3, 3) in grouped
    assert (1, 2014, 3, "flags", "goods", "1,0,1", 700, 700, 3, 3) in grouped
    assert len(grouped) == 4  # one row per dimension


def test_sums_that_could_pass_64_bits_are_added_in_python_integers():
    purchases = [[1, dt.date(2014, 3, 2), 5, 11, "등록업체", "품목", "goods", 5 * 10**18, True, False, True]] * 3
    rows, _months = totals.new_sums(purchases)
    assert (1, 2014, 3, "supplier_month", "11", "", 15 * 10**18, 15 * 10**18, 3, 3) in rows  # past int64: exact
    assert totals.new_sums([]) == ([], set())
