"""The hall's pages: entering a day's sales, correcting and deleting one, the import's preview, and the purchase
pages showing a purchase made from a sale (which can only be changed through its sale)."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from bombaram.core import tabular
from bombaram.market.models import Sale
from bombaram.market.services import hall as service
from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import Disclosure, Purchase

D = dt.date


def post_sale(client, hall, **values):
    data = {"sold_on": "2014-07-01", "period": "day", "organisation": hall.haengbok.pk, "item": "도시락",
            "category": "goods", "amount_won": "240,000", "buyer_kind": "department", "department": hall.welfare.pk,
            "quantity": "40", "note": ""}
    return client.post(f"/market/hall/{hall.outlet.pk}/?day=2014-07-01", {**data, **values})


def test_the_operator_enters_a_sale_to_a_department_and_the_purchase_list_shows_it(hall, client: Client):
    client.force_login(hall.operator)
    page = client.get(f"/market/hall/{hall.outlet.pk}/?day=2014-07-01")
    assert page.status_code == 200 and "㈜행복도시락" in page.content.decode()  # an admitted producer is offered
    response = post_sale(client, hall)
    assert response.status_code == 302
    sale = Sale.objects.get()
    assert sale.purchase.counted and sale.purchase.supplier == hall.haengbok
    day = client.get(response["Location"]).content.decode()
    assert "240,000" in day and "인정" in day and "복지정책과의 구매실적으로도 기록했습니다" in day

    client.force_login(hall.welfare_officer)
    listing = client.get("/purchase/purchases/").content.decode()
    assert "판매관 매출에서 생성" in listing and f"/market/hall/sales/{sale.pk}/" in listing
    edit = client.get(f"/purchase/purchases/{sale.purchase_id}/edit/").content.decode()
    assert "판매관 매출에서 생성" in edit
    refused = client.post(f"/purchase/purchases/{sale.purchase_id}/withdraw/", {"revision": 1, "reason": "중복"})
    assert refused.status_code == 200 and "판매관 매출 장부에서" in refused.content.decode()
    assert Purchase.objects.filter(pk=sale.purchase_id).exists()


def test_bad_input_is_said_beside_its_field(hall, client: Client):
    client.force_login(hall.operator)
    response = post_sale(client, hall, amount_won="공짜", department="")
    html = response.content.decode()
    assert response.status_code == 200 and not Sale.objects.exists()
    assert "금액" in html and "field-error" in html
    response = post_sale(client, hall, department="")
    assert "공공기관 부서의 구매에는 구매 부서를 골라 주세요" in response.content.decode()
    post_sale(client, hall)
    again = post_sale(client, hall)
    assert service.DUPLICATE in again.content.decode() and Sale.objects.count() == 1


def test_who_sees_what(hall, client: Client):
    client.force_login(hall.operator)
    post_sale(client, hall)
    post_sale(client, hall, department=hall.culture.pk, item="떡")
    client.force_login(hall.culture_officer)
    day = client.get(f"/market/hall/{hall.outlet.pk}/?day=2014-07-01").content.decode()
    table = day.split('id="sales"')[1].split("</table>")[0]
    assert ">떡</td>" in table and ">도시락</td>" not in table
    assert client.get(f"/market/hall/sales/{Sale.objects.get(item='도시락').pk}/").status_code == 403
    assert client.get(f"/market/hall/{hall.outlet.pk}/import/").status_code == 403
    client.force_login(hall.other_staff)
    assert client.get(f"/market/hall/{hall.outlet.pk}/").status_code == 403
    assert client.get("/market/hall/").status_code == 200
    client.logout()
    assert client.get(f"/market/hall/{hall.outlet.pk}/").status_code == 302  # to the login


def test_correcting_and_deleting_through_the_pages(hall, client: Client):
    client.force_login(hall.operator)
    post_sale(client, hall)
    sale = Sale.objects.get()
    form = {"sold_on": "2014-07-01", "period": "day", "organisation": hall.haengbok.pk, "item": "도시락",
            "category": "goods", "amount_won": "250,000", "buyer_kind": "department", "department": hall.welfare.pk,
            "quantity": "40", "note": "", "revision": 1, "reason": "영수증 확인"}
    assert client.post(f"/market/hall/sales/{sale.pk}/", form).status_code == 302
    assert Purchase.objects.get().amount_won == 250_000 and Purchase.objects.get().revision == 2
    Disclosure.objects.create(institution=hall.institution, kind=DisclosureKind.MONTHLY, year=2014, month=7,
                              snapshot={"rows": []})
    refused = client.post(f"/market/hall/sales/{sale.pk}/delete/", {"reason": "실수"}, follow=True)
    assert "이미 공시되었습니다" in refused.content.decode() and Sale.objects.exists()


def test_the_import_page_previews_then_writes(hall, client: Client, tmp_path):
    path = tmp_path / "sales.csv"
    tabular.write_csv_for_excel(path, list(service.COLUMNS.values()), [
        ["2014-07-01", "일", "㈜행복도시락", "", "도시락", "", "", "240000", "공공기관", "성북구청", "복지정책과", ""]])
    client.force_login(hall.operator)
    with path.open("rb") as handle:
        preview = client.post(f"/market/hall/{hall.outlet.pk}/import/", {"file": handle, "preview": "on"})
    assert "새 매출 1건, 240,000원" in preview.content.decode() and not Sale.objects.exists()
    with path.open("rb") as handle:
        client.post(f"/market/hall/{hall.outlet.pk}/import/", {"file": handle})
    assert Sale.objects.count() == 1 and Purchase.objects.count() == 1
    export = client.get(f"/market/hall/{hall.outlet.pk}/sales.csv?month=2014-07").content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("일자,구분,생산자,사업자등록번호,품목")
    assert client.get(f"/market/hall/{hall.outlet.pk}/sales.pdf").status_code == 404
