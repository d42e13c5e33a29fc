"""The catalogue's file: export → edit → import in the export's own format, all or nothing, errors by row and
column in Korean (wrong encoding, missing column, malformed number, unknown organisation, someone else's)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bombaram.core import tabular
from bombaram.market.models import Product
from bombaram.market.services import catalogue_io
from bombaram.market.services.catalogue import create_product
from bombaram.web.models import AuditEvent
from tests.market.catalogue_world import build

HEADER = "상품번호,조직번호,조직명,상품·서비스명,분류,물품분류번호,단위,단가(원),월 공급 가능량,설명,관내 배송,판매 중"


@pytest.fixture
def world(reference, make_user):
    w = build(make_user)
    w.product = create_product(user=w.staff, organisation=w.dosirak, values={
        "name": "친환경 도시락", "category": "goods", "goods_code": "50192101", "unit": "개", "price_won": 8000,
        "capacity_per_month": 3000, "description": "국내산 쌀", "delivers_in_district": True})
    return w


def _csv(*rows: str, encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def _read(data: bytes) -> list[dict[str, str]]:
    from bombaram.core.market_catalogue import PRODUCT_ALIASES, PRODUCT_REQUIRED

    return [cells for _n, cells in tabular.read_table(data, filename="x.xlsx", aliases=PRODUCT_ALIASES,
                                                       required=PRODUCT_REQUIRED).rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_unchanged_changes_nothing_and_an_edit_changes_one_product(world, fmt):
    data = catalogue_io.export_file(Product.objects.all(), fmt)
    rows = _read(data)
    assert rows[0]["name"] == "친환경 도시락" and rows[0]["organisation_id"] == str(world.dosirak.pk)
    assert rows[0]["price_won"] == "8000" and rows[0]["delivers_in_district"] == "예"
    plan = catalogue_io.plan_catalogue_import(world.staff, data, filename=f"products.{fmt}")
    assert plan.ok and plan.unchanged == 1 and not plan.creates and not plan.updates
    edited = _csv(f"{world.product.pk},{world.dosirak.pk},행복도시락,친환경 도시락,물품,50192101,개,\"8,500\",3000,국내산 쌀,예,예",
                  f",{world.dosirak.pk},행복도시락,비건 도시락,물품,,개,9000,,,아니오,예")
    plan = catalogue_io.plan_catalogue_import(world.staff, edited, filename="products.csv")
    assert plan.ok and len(plan.updates) == 1 and len(plan.creates) == 1
    result = catalogue_io.apply_catalogue_import(user=world.staff, plan=plan, filename="products.csv")
    assert result == {"created": 1, "updated": 1, "unchanged": 0}
    world.product.refresh_from_db()
    assert world.product.price_won == 8500
    vegan = Product.objects.get(name="비건 도시락")
    assert (vegan.organisation, vegan.price_won, vegan.delivers_in_district) == (world.dosirak, 9000, False)
    assert AuditEvent.objects.get(name="market.catalogue.imported").data["created"] == 1


def test_cp949_file_is_read_and_an_unreadable_one_is_refused(world):
    row = f",{world.dosirak.pk},행복도시락,잡곡밥,물품,,개,3000,,,예,예"
    plan = catalogue_io.plan_catalogue_import(world.staff, _csv(row, encoding="cp949"), filename="p.csv")
    assert plan.ok and plan.creates[0].name == "잡곡밥"
    plan = catalogue_io.plan_catalogue_import(world.staff, "상품명\r\n도시락\r\n".encode("utf-16"), filename="p.csv")
    assert plan.file_error and not plan.ok


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(world):
    data = _csv(
        f",{world.dosirak.pk},행복도시락,김밥,물품,,개,8천5백원원,,,예,예",          # row 2: malformed price
        ",99999,없는조직,김밥,물품,,개,3000,,,예,예",                                 # row 3: unknown organisation
        f",{world.mapo.pk},마포마을부엌,김밥,물품,,개,3000,,,예,예",                 # row 4: not the user's
        f",{world.dosirak.pk},행복도시락,친환경 도시락,물품,,개,3000,,,예,예",        # row 5: name taken
        f",{world.dosirak.pk},행복도시락,떡,가구,123,개,-3,,,예,예",                # row 6: category, code, price
        f",{world.dosirak.pk},행복도시락,주먹밥,물품,,개,2000,,,예,예",              # row 7: fine
    )
    plan = catalogue_io.plan_catalogue_import(world.staff, data, filename="p.csv")
    shown = [str(e) for e in plan.errors]
    assert shown[0].startswith("2행 '단가(원)' 열:") or shown[0].startswith("2행 '단가' 열:")
    assert any(s.startswith("3행 '조직번호' 열: 등록부에 없는 조직 번호입니다: #99999") for s in shown)
    assert any(s.startswith("4행 '조직번호' 열:") and "권한이 없습니다" in s for s in shown)
    assert any(s.startswith("5행 '상품·서비스명' 열:") for s in shown)
    assert {e.column for e in plan.errors if e.row == 6} == {"분류", "물품분류번호", "단가(원)"} or {
        e.column for e in plan.errors if e.row == 6} == {"분류", "물품분류번호", "단가"}
    assert not plan.ok
    with pytest.raises(ValueError):
        catalogue_io.apply_catalogue_import(user=world.staff, plan=plan)
    assert list(Product.objects.values_list("name", flat=True)) == ["친환경 도시락"]


def test_a_missing_column_is_named(world):
    data = "조직번호,상품·서비스명,단위\r\n1,김밥,개\r\n".encode("utf-8-sig")
    plan = catalogue_io.plan_catalogue_import(world.staff, data, filename="p.csv")
    assert "필수 열을 찾지 못했습니다" in plan.file_error and "분류" in plan.file_error


def test_import_page_previews_then_writes_and_is_for_keepers_only(world):
    client = Client()
    client.force_login(world.staff)
    data = _csv(f",{world.dosirak.pk},행복도시락,주먹밥,물품,,개,2000,,,예,예")
    preview = client.post("/market/catalogue/ours/import/", {
        "file": SimpleUploadedFile("p.csv", data), "dry_run": "on"})
    assert preview.status_code == 200 and "새 행 1개" in preview.content.decode()
    assert not Product.objects.filter(name="주먹밥").exists()
    done = client.post("/market/catalogue/ours/import/", {"file": SimpleUploadedFile("p.csv", data)})
    assert done.status_code == 302 and Product.objects.filter(name="주먹밥").exists()
    outsider = Client()
    outsider.force_login(world.public)
    assert outsider.get("/market/catalogue/ours/import/").status_code == 403
    download = client.get("/market/catalogue/ours/download.xlsx")
    assert download.status_code == 200 and len(_read(download.content)) == 2
    public = Client().get("/market/catalogue/download.csv?q=주먹밥")
    assert public.status_code == 200 and [r["name"] for r in _read(public.content)] == ["주먹밥"]
    assert Client().get("/market/catalogue/download.exe").status_code == 404
    assert io.BytesIO(public.content).read(3) == b"\xef\xbb\xbf"  # UTF-8 with BOM for Excel
