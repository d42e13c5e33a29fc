"""The sales ledger and its purchases: a sale to a department at the hall is one purchase, counted for the
producer on the sale's date, corrected with the sale, never entered or counted twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.market.models import Sale
from bombaram.market.queries import hall as queries
from bombaram.market.services import hall as service
from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import (
    Disclosure,
    Purchase,
    PurchaseMonth,
    PurchaseRevision,
    PurchaseTotal,
)
from bombaram.procurement.services import corrections
from bombaram.web.models import AuditEvent

D = dt.date


def sell(hall, user=None, **values):
    defaults = dict(outlet=hall.outlet, organisation=hall.haengbok, sold_on=D(2014, 7, 1), item="도시락",
                    amount_won=240_000)
    return service.record_sale(user=user or hall.operator, **{**defaults, **values})


def supplier_totals(hall, year=2014):
    """The purchase report's running sums by supplier (what the annual report reads)."""
    return {(t.key1, t.month): (t.eligible_won, t.total_won, t.n)
            for t in PurchaseTotal.objects.filter(institution=hall.institution, year=year, dimension="supplier_month")}


def test_a_department_sale_at_the_hall_is_a_purchase_counted_for_the_producer(hall):
    sale = sell(hall, buyer_kind="department", department=hall.welfare, quantity=40)
    purchase = sale.purchase
    assert purchase is not None and Purchase.objects.count() == 1
    assert purchase.supplier_id == hall.haengbok.pk  # the producer, not the hall
    assert purchase.supplier_name == "㈜행복도시락" and purchase.channel == "sales_hall"
    assert purchase.department == hall.welfare and purchase.institution == hall.institution
    assert purchase.purchased_on == D(2014, 7, 1) and purchase.amount_won == 240_000
    assert purchase.counted  # certified since 2014-06-15
    assert purchase.note.startswith("판매관 매출에서 생성")
    assert Purchase.objects.get(pk=purchase.pk).hall_sale == sale  # the link both ways
    # the report's sums follow in the same transaction, attributed to the producer
    assert supplier_totals(hall) == {(str(hall.haengbok.pk), 7): (240_000, 240_000, 1)}
    assert PurchaseMonth.objects.filter(institution=hall.institution, year=2014, month=7).exists()
    assert AuditEvent.objects.filter(name="market.sale.recorded", object_id=str(sale.pk)).exists()
    assert AuditEvent.objects.filter(name="procurement.purchase.recorded", object_id=str(purchase.pk)).exists()


def test_eligibility_is_decided_on_the_sale_date(hall):
    before = sell(hall, sold_on=D(2014, 6, 14), buyer_kind="department", department=hall.welfare)
    after = sell(hall, sold_on=D(2014, 6, 15), buyer_kind="department", department=hall.welfare)
    general = sell(hall, organisation=hall.dureh, buyer_kind="department", department=hall.welfare)
    assert not before.purchase.counted and before.purchase.not_counted_reason
    assert after.purchase.counted
    assert not general.purchase.counted  # a general cooperative does not count


def test_other_buyers_and_other_outlets_make_no_purchase(hall):
    sell(hall, buyer_kind="citizen")
    sell(hall, buyer_kind="organisation", item="쿠키")
    assert Purchase.objects.count() == 0 and Sale.objects.count() == 2


def test_a_sale_cannot_be_entered_twice(hall):
    sell(hall, buyer_kind="department", department=hall.welfare)
    with pytest.raises(ValidationError) as exc:
        sell(hall, buyer_kind="department", department=hall.welfare, amount_won=1)
    assert service.DUPLICATE in exc.value.messages
    assert Sale.objects.count() == 1 and Purchase.objects.count() == 1


def test_bad_values_are_refused_with_korean_messages(hall):
    from bombaram.registry.models import Organisation

    outsider = Organisation.objects.create(name="입점안한곳", name_key="입점안한곳", district=hall.district)
    cases = [
        (dict(amount_won=0), "amount_won", "금액은 0원보다 커야 합니다"),
        (dict(item="  "), "item", "품목이 비어 있습니다"),
        (dict(buyer_kind="department"), "department", "공공기관 부서의 구매에는 구매 부서를 골라 주세요"),
        (dict(organisation=outsider), "organisation", "이 날짜에 판매관에 입점한 생산자가 아닙니다: 입점안한곳"),
        (dict(sold_on=D(1999, 12, 31)), "sold_on", "판매일자가 범위를 벗어났습니다"),
        (dict(period="month", buyer_kind="department", department=hall.welfare), "period", "날짜(일)별로"),
    ]
    for values, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            sell(hall, **values)
        assert any(message in m for m in exc.value.message_dict[field]), (values, exc.value.message_dict)
    assert Sale.objects.count() == 0 and Purchase.objects.count() == 0


def test_who_may_record(hall):
    with pytest.raises(PermissionDenied):
        sell(hall, user=hall.other_staff)  # staff of another organisation, not of this hall
    with pytest.raises(PermissionDenied):
        sell(hall, user=hall.welfare_officer)  # a department records only its own purchases
    with pytest.raises(PermissionDenied):
        sell(hall, user=hall.culture_officer, buyer_kind="department", department=hall.welfare)
    own = sell(hall, user=hall.welfare_officer, buyer_kind="department", department=hall.welfare)
    assert own.purchase.created_by == hall.welfare_officer
    by_centre = sell(hall, user=hall.centre, item="쿠키")
    assert Sale.objects.count() == 2 and by_centre.purchase is None


def test_a_department_sees_only_its_own(hall):
    sell(hall, buyer_kind="department", department=hall.welfare)
    sell(hall, buyer_kind="department", department=hall.culture, item="떡")
    sell(hall, buyer_kind="citizen", item="커피")
    month = queries.month_bounds(2014, 7)
    assert [s.item for s in queries.sales_for_user(hall.welfare_officer, hall.outlet, *month)] == ["도시락"]
    assert [s.item for s in queries.sales_for_user(hall.culture_officer, hall.outlet, *month)] == ["떡"]
    assert len(queries.sales_for_user(hall.operator, hall.outlet, *month)) == 3
    with pytest.raises(PermissionDenied):
        queries.get_outlet_for_user(hall.welfare_officer, hall.outlet.pk, run=True)  # no settlement
    with pytest.raises(PermissionDenied):
        queries.get_outlet_for_user(hall.other_staff, hall.outlet.pk)


def correct(hall, sale, **changes):
    values = dict(organisation=sale.organisation, sold_on=sale.sold_on, amount_won=sale.amount_won, item=sale.item,
                  period=sale.period, category=sale.category, quantity=sale.quantity, buyer_kind=sale.buyer_kind,
                  department=sale.department, note=sale.note)
    return service.correct_sale(user=hall.operator, sale=sale, revision=sale.revision, reason="영수증 확인",
                                **{**values, **changes})


def test_correcting_the_sale_corrects_its_purchase_as_a_new_revision(hall):
    sale = sell(hall, buyer_kind="department", department=hall.welfare)
    purchase_id = sale.purchase_id
    outcome = correct(hall, sale, amount_won=260_000, sold_on=D(2014, 8, 4))
    purchase = Purchase.objects.get(pk=purchase_id)  # the same purchase, revised
    assert outcome.sale.purchase_id == purchase_id and outcome.sale.revision == 2
    assert (purchase.amount_won, purchase.purchased_on, purchase.revision) == (260_000, D(2014, 8, 4), 2)
    kept = PurchaseRevision.objects.get(purchase_number=purchase_id)
    assert kept.values["amount_won"] == 240_000 and kept.reason.startswith("판매관 매출에서 생성 정정: 영수증 확인")
    assert supplier_totals(hall) == {(str(hall.haengbok.pk), 8): (260_000, 260_000, 1)}  # July emptied
    assert Purchase.objects.count() == 1


def test_changing_the_buyer_withdraws_or_records_the_purchase(hall):
    sale = sell(hall, buyer_kind="department", department=hall.welfare)
    first = sale.purchase_id
    outcome = correct(hall, sale, buyer_kind="citizen", department=None)
    assert outcome.sale.purchase_id is None and not Purchase.objects.exists()
    assert PurchaseRevision.objects.get(purchase_number=first).withdrawn
    assert supplier_totals(hall) == {}
    again = correct(hall, outcome.sale, buyer_kind="department", department=hall.culture)
    assert again.sale.purchase.department == hall.culture and Purchase.objects.count() == 1


def test_the_purchase_cannot_be_changed_apart_from_its_sale(hall):
    sale = sell(hall, buyer_kind="department", department=hall.welfare)
    purchase = sale.purchase
    with pytest.raises(ValidationError) as exc:
        corrections.withdraw_purchase(user=hall.centre, purchase=purchase, revision=1, reason="중복")
    assert corrections.FROM_SALE in exc.value.messages
    with pytest.raises(ValidationError):
        corrections.correct_purchase(user=hall.centre, purchase=purchase, revision=1, reason="금액", department=hall.welfare,
                                     purchased_on=purchase.purchased_on, supplier_name=purchase.supplier_name,
                                     supplier_business_no=purchase.supplier_business_no, item="도시락",
                                     category="goods", amount_won=1, contract_method="", channel="sales_hall",
                                     exception_code=None, exception_justification="", note="")
    assert Purchase.objects.get(pk=purchase.pk).amount_won == 240_000


def test_deleting_a_sale_withdraws_its_purchase_until_it_is_disclosed(hall):
    mistaken = sell(hall, buyer_kind="department", department=hall.welfare)
    service.delete_sale(user=hall.operator, sale=mistaken, reason="두 번 입력")
    assert not Sale.objects.exists() and not Purchase.objects.exists() and supplier_totals(hall) == {}

    sale = sell(hall, buyer_kind="department", department=hall.welfare)
    Disclosure.objects.create(institution=hall.institution, kind=DisclosureKind.MONTHLY, year=2014, month=7,
                              snapshot={"rows": []})
    with pytest.raises(ValidationError) as exc:
        service.delete_sale(user=hall.operator, sale=sale, reason="두 번 입력")
    assert "이미 공시되었습니다(2014년 7월)" in exc.value.messages[0]
    assert Sale.objects.count() == 1 and Purchase.objects.count() == 1
    # a correction is still possible; the published month is reported as needing a correction
    outcome = correct(hall, sale, amount_won=200_000)
    assert outcome.published_months == [(2014, 7)]


def test_a_stale_form_does_not_overwrite(hall):
    sale = sell(hall)
    correct(hall, sale, amount_won=100)
    with pytest.raises(service.StaleSale):
        service.correct_sale(user=hall.operator, sale=sale, revision=1, reason="다시", organisation=hall.haengbok,
                             sold_on=sale.sold_on, amount_won=5, item=sale.item)
    with pytest.raises(corrections.NothingChanged):
        correct(hall, Sale.objects.get(pk=sale.pk))


def test_the_running_sums_follow_every_write(hall, tmp_path):
    """SaleDay equals the sales grouped by outlet, day and producer after records, corrections, deletions and
    an import; a rebuild gives the same sums."""
    from django.db.models import Count, Q, Sum

    from bombaram.market.models import SaleDay
    from bombaram.market.services import hall_totals

    a = sell(hall, buyer_kind="department", department=hall.welfare)
    sell(hall, item="쿠키", amount_won=5_000)
    b = sell(hall, organisation=hall.neulbom, item="잼", amount_won=7_000)
    correct(hall, a, amount_won=250_000, sold_on=D(2014, 7, 2))
    correct(hall, b, buyer_kind="department", department=hall.culture)
    service.delete_sale(user=hall.operator, sale=Sale.objects.get(item="쿠키"), reason="실수")

    def grouped():
        return {(r["sold_on"], r["organisation_id"]): (r["n"], r["won"], r["dep"] or 0) for r in
                Sale.objects.values("sold_on", "organisation_id").order_by().annotate(
                    n=Count("pk"), won=Sum("amount_won"), dep=Sum("amount_won", filter=Q(buyer_kind="department")))}

    def sums():
        return {(s.day, s.organisation_id): (s.n, s.gross_won, s.department_won) for s in SaleDay.objects.all()}

    assert grouped() == sums() == {(D(2014, 7, 2), hall.haengbok.pk): (1, 250_000, 250_000),
                                   (D(2014, 7, 1), hall.neulbom.pk): (1, 7_000, 7_000)}
    hall_totals.rebuild(hall.outlet.pk)
    assert sums() == grouped()
