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
