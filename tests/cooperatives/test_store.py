"""The healthy store (건강매점) against the database: the demonstration store's report worked out by hand,
the product import (all or nothing, errors by row and column), pages, downloads, scopes and audit."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bombaram.cooperatives import store as store_services
from bombaram.cooperatives.models import StoreProduct
from bombaram.core import tabular
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent


@pytest.fixture
def store(doksan):
    from bombaram.datagen.demo.store import load_demo_store

    return load_demo_store()


def rules_by_name(store):
    _report, rows = store_services.store_report(store)
    return {r.product.name: [f.rule for f in r.findings] for r in rows}


def test_demo_store_report_matches_the_hand_count(store):
    from bombaram.datagen.demo.store import load_demo_store

    assert load_demo_store().pk == store.pk and store.products.count() == 30      # idempotent
    report, _rows = store_services.store_report(store)
    # food 24 (15 eco-friendly, 9 not), non-food 6: 15/24 = 62.5 % < 70 %; ⌈0.7 × 24⌉ = 17 → 2 more needed
    assert (report.products, report.food, report.eco_food) == (30, 24, 15)
    assert float(report.eco_share) == 62.5 and not report.eco_ok and report.replacements_needed == 2
    rules = rules_by_name(store)
    assert rules["유기농 초코칩 쿠키"] == ["high_calorie_low_nutrition"]            # 270 kcal > 250, protein 1.8 < 2
    assert rules["우리밀 크림빵"] == ["high_calorie_low_nutrition", "price_above_market"]  # 520 kcal > 500 (×2)
    assert rules["컵라면 (소컵)"] == ["restricted_item", "high_calorie_low_nutrition", "eco_share"]  # Na 1,200 > 600, P 6 < 9
    assert rules["콜라"] == ["restricted_item", "high_calorie_low_nutrition", "eco_share"]   # sugars 27 > 17, P 0
    assert rules["막대사탕"] == ["restricted_item", "eco_share"]
    assert rules["매점 조리 떡볶이"] == ["restricted_item", "nutrition_missing", "eco_share"]
    assert rules["초콜릿 바"] == ["eco_share"]           # sugars 22 > 17 but protein 2.5 ≥ 2, and 22 ≤ 34
    assert rules["감자칩"] == ["price_above_market", "eco_share"]
    assert rules["과일 젤리"] == ["high_calorie_low_nutrition", "eco_share"]
    assert rules["즉석 볶음밥"] == ["high_calorie_low_nutrition", "eco_share"]  # 620 > 500, P 8 < 9
    assert rules["오렌지 주스"] == ["nutrition_missing", "eco_share"]
    assert rules["여행용 치약"] == ["price_above_market"] and rules["즉석 복권 카드"] == ["restricted_item"]
    assert rules["볼펜"] == [] and rules["유기농 현미 주먹밥"] == [] and rules["친환경 바나나"] == []
    assert report.failing_products == 13


def test_officer_sees_the_report_with_korean_reasons(client, store, officer):
    client.force_login(officer)
    page = client.get(f"/cooperatives/stores/{store.pk}/").content.decode()
    assert "62.5%" in page and "식품 24개 중 15개" in page and "친환경 품목 2개가 더 필요합니다" in page
    assert "판매가 2,000원이 시중가 1,800원보다 200원 비쌉니다." in page
    assert "컵라면은(는) 허가조건의 판매 제한 품목입니다." in page
    report = client.get(f"/cooperatives/stores/{store.pk}/report/").content.decode()
    assert "열량 500kcal 초과" in report and "식약처고시 제2013-84호" in report   # the crème bread's doubled limit
    assert client.get("/cooperatives/stores/").content.decode().count("독산고 건강매점") >= 1
    assert store.name in client.get(f"/cooperatives/{store.cooperative.pk}/").content.decode()


def test_report_downloads(client, store, officer):
    client.force_login(officer)
    body = client.get(f"/cooperatives/stores/{store.pk}/report.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0].startswith("친환경 식품 비율: 식품 24개 중 친환경 15개 = 62.5%")
    header = rows.index(["품목", "구분", "식품군", "친환경", "판매가(원)", "시중가(원)", "위반 규칙", "내용"])
    data = rows[header + 1:]
    # one row per broken rule, one "적합" row per product that breaks none: 17 passing products and
    # 25 findings (쿠키 1, 크림빵 2, 컵라면 3, 콜라 3, 막대사탕 2, 떡볶이 3, 초콜릿 바 1, 감자칩 2, 젤리 2,
    # 볶음밥 2, 주스 2, 치약 1, 복권 1)
    assert sum(1 for r in data if r[7] == "적합") == 17 and len(data) == 17 + 25
    assert ["콜라", "식품", "간식용 어린이 기호식품", "아니오", "1000", "1000", "판매 제한 품목"] == data[[r[0] for r in data].index("콜라")][:7]
    xlsx = client.get(f"/cooperatives/stores/{store.pk}/report.xlsx")
    table = tabular.read_table(xlsx.content, filename="r.xlsx", aliases={"품목": [], "위반 규칙": []},
                               required=["품목", "위반 규칙"])
    assert len(table.rows) == 42


def test_report_csv_neutralises_formulas(client, store, officer):
    store_services.add_product(user=officer, store=store, name="=HYPERLINK(\"x\")", category="non_food", price_won=1,
                               market_price_won=1)
    client.force_login(officer)
    body = client.get(f"/cooperatives/stores/{store.pk}/report.csv").content.decode("utf-8-sig")
    assert "\n=HYPERLINK" not in body and "'=HYPERLINK" in body


CSV_GOOD = ("품목,구분,식품군,판매 제한,친환경,친환경 인증,1회 제공량,열량(kcal),단백질(g),포화지방(g),당류(g),나트륨(mg),판매가(원),시중가(원)\n"
            "유기농 감귤 주스,식품,간식용,,예,유기농,100ml,45,0.5,0,10,5,900,1000\n"
            "우리밀 쌀과자,식품,간식용,,예,무농약,30g,140,2.5,0.8,6,120,750,1000\n"
            "매점 커피,식품,기타,커피류,아니오,,,,,,,,1500,1500\n")


def test_import_adds_and_updates_by_name(store, officer):
    result = store_services.import_products(user=officer, store=store, data=CSV_GOOD.encode("utf-8"), filename="p.csv")
    assert (result.created, result.updated, result.errors) == (2, 1, [])
    assert StoreProduct.objects.get(store=store, name="우리밀 쌀과자").price_won == 750
    coffee = StoreProduct.objects.get(store=store, name="매점 커피")
    assert coffee.restricted == "coffee" and coffee.food_group == "other" and not coffee.eco_friendly
    assert AuditEvent.objects.filter(name="cooperatives.store.products_imported").count() == 1
    # CP949 as Excel on Korean Windows writes it reads the same
    result = store_services.import_products(user=officer, store=store, data=CSV_GOOD.encode("cp949"), filename="p.csv")
    assert (result.created, result.updated) == (0, 3)


def test_bad_import_names_row_and_column_and_writes_nothing(store, officer):
    bad = ("품목,구분,식품군,판매 제한,친환경,열량(kcal),판매가(원),시중가(원)\n"
           "새 과자,과자류,간식용,,예,abc,900,1000\n"         # row 2: 구분 and 열량 wrong
           "새 음료,식품,간식용,샌드위치,모름,50,1,000원,1000\n"  # row 3: 판매 제한, 친환경; "1,000원" is split by the comma
           ",식품,,,,,,\n"                                   # row 4: no name, no prices
           "새 과자,식품,간식용,,아니오,10,-5,10\n")           # row 5: duplicate name, negative price
    before = (StoreProduct.objects.count(), AuditEvent.objects.count())
    result = store_services.import_products(user=officer, store=store, data=bad.encode("utf-8"), filename="bad.csv")
    cells = {(e.row, e.column) for e in result.errors}
    assert {(2, "구분"), (2, "열량(kcal)"), (3, "판매 제한"), (3, "친환경"), (4, "품목"), (4, "판매가(원)"),
            (5, "품목"), (5, "판매가(원)")} <= cells
    assert next(e.error for e in result.errors if (e.row, e.column) == (2, "구분")) == "'식품' 또는 '비식품'으로 적어 주세요."
    assert next(e.error for e in result.errors if (e.row, e.column) == (5, "품목")) == "2행에도 있습니다."
    assert (StoreProduct.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(ValidationError) as raised:
        store_services.import_products(user=officer, store=store, data=b"a,b\n1,2\n", filename="x.csv")
    assert "필수 열을 찾지 못했습니다" in raised.value.messages[0]


def test_bad_import_through_the_page(client, store, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    upload = SimpleUploadedFile("p.csv", "품목,구분,판매가,시중가\n새 품목,식품,비싸요,1000\n".encode())
    response = client.post(f"/cooperatives/stores/{store.pk}/", {"action": "import", "i-file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "아무것도 가져오지 않았습니다: 고쳐야 할 칸이 1개 있습니다" in page
    assert "판매가" in page and "숫자로 읽을 수 없습니다" in page
    assert not StoreProduct.objects.filter(name="새 품목").exists()


def test_add_edit_remove_product_through_pages(client, store, officer):
    client.force_login(officer)
    data = {"action": "add", "p-name": "유기농 귤", "p-category": "food", "p-food_group": "other", "p-eco_friendly": "on",
            "p-price_won": "500", "p-market_price_won": "600"}
    assert client.post(f"/cooperatives/stores/{store.pk}/", data).status_code == 302
    product = StoreProduct.objects.get(store=store, name="유기농 귤")
    assert product.eco_friendly
    duplicate = client.post(f"/cooperatives/stores/{store.pk}/", data)
    assert duplicate.status_code == 400 and "같은 이름의 품목이 이미 있습니다" in duplicate.content.decode()
    edit = {k.replace("action", "action"): v for k, v in data.items()} | {"action": "save", "p-price_won": "700"}
    assert client.post(f"/cooperatives/stores/{store.pk}/products/{product.pk}/", edit).status_code == 302
    product.refresh_from_db()
    assert product.price_won == 700
    page = client.get(f"/cooperatives/stores/{store.pk}/products/{product.pk}/").content.decode()
    assert "판매가 700원이 시중가 600원보다 100원 비쌉니다." in page
    assert client.post(f"/cooperatives/stores/{store.pk}/products/{product.pk}/", {"action": "remove"}).status_code == 302
    assert not StoreProduct.objects.filter(pk=product.pk).exists()
    names = list(AuditEvent.objects.filter(name__startswith="cooperatives.store.product").values_list("name", flat=True))
    assert sorted(names) == ["cooperatives.store.product_added", "cooperatives.store.product_changed",
                             "cooperatives.store.product_removed"]


def test_scopes(client, store, officer, make_user, geumcheon_admin, reference):
    from bombaram.registry.models import District

    operator = make_user("store-operator", Role.ORGANISATION_STAFF)
    store.operators.add(operator)
    outsider = make_user("other-staff", Role.ORGANISATION_STAFF)
    nowon_admin = make_user("nowon-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="노원구"))
    for user, allowed in ((operator, True), (officer, True), (geumcheon_admin, True), (outsider, False), (nowon_admin, False)):
        client.force_login(user)
        assert client.get(f"/cooperatives/stores/{store.pk}/").status_code == (200 if allowed else 403)
        assert client.get(f"/cooperatives/stores/{store.pk}/report.csv").status_code == (200 if allowed else 403)
        assert (store.name in client.get("/cooperatives/stores/").content.decode()) is allowed
    # the operator runs the store but does not keep the share register
    client.force_login(operator)
    assert client.get(f"/cooperatives/{store.cooperative.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        store_services.add_product(user=outsider, store=store, name="x", category="non_food", price_won=1,
                                   market_price_won=1)
    client.logout()
    assert client.get(f"/cooperatives/stores/{store.pk}/").status_code == 302


def test_import_from_xlsx_below_note_rows(store, officer, tmp_path):
    path = tmp_path / "products.xlsx"
    tabular.write_xlsx(path, {"품목": (["품목", "구분", "식품군", "친환경", "열량(kcal)", "단백질(g)", "포화지방(g)", "당류(g)",
                                        "판매가(원)", "시중가(원)"],
                                       [["유기농 떡", "식품", "간식용", "예", 180, 3, 0.2, 8, 1200, 1300],
                                        ["우리밀 도넛", "식품", "간식용", "아니오", 320, 4, 6, 15, 1500, 1500]])},
                       notes=["예시 데이터"])
    result = store_services.import_products(user=officer, store=store, data=path.read_bytes(), filename="products.xlsx")
    assert (result.created, result.errors) == (2, [])
    # 우리밀 도넛: 320 kcal > 250 and saturated fat 6 > 4, but protein 4 ≥ 2 and none above twice → it passes that rule
    assert rules_by_name(store)["우리밀 도넛"] == ["eco_share"]
    assert StoreProduct.objects.get(store=store, name="유기농 떡").saturated_fat_g == Decimal("0.2")


def test_store_page_queries_do_not_grow_with_products(client, store, officer, django_assert_max_num_queries):
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        assert client.get(f"/cooperatives/stores/{store.pk}/").status_code == 200
    for i in range(20):
        store_services.add_product(user=officer, store=store, name=f"추가 품목 {i}", category="food", food_group="snack",
                                   price_won=1, market_price_won=1)
    with django_assert_max_num_queries(14):
        assert client.get(f"/cooperatives/stores/{store.pk}/").status_code == 200
