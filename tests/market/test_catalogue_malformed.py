"""The generated corpus of malformed files (tests/malformed_files.py) through the catalogue's and the trades'
web imports: no exception, no HTTP 500, a Korean message for every refusal, and a refused file leaves every
table of the market, the registry and the audit trail exactly as it was."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bombaram.core.market_catalogue import PRODUCT_COLUMNS, TRADE_COLUMNS
from bombaram.market.services.catalogue import create_product
from tests.malformed_files import Kind, _cases_for
from tests.market.catalogue_world import build
from tests.test_malformed_files import _changed, snapshot

pytestmark = pytest.mark.corpus

HANGUL = re.compile("[가-힣]")
TABLES = ("market", "registry", "web")


def _product(world, name: str) -> int:
    return create_product(user=world.staff, organisation=world.dosirak, values={
        "name": name, "category": "goods", "goods_code": "", "unit": "개", "price_won": 1000,
        "capacity_per_month": None, "description": "", "delivers_in_district": True}).pk


def _kinds(world) -> dict[str, Kind]:
    """Valid files of both layouts. The products' rows name existing products, so that every accepted file
    is an update (a second import of a new product would be refused for its name, hiding an acceptance)."""
    org, other = world.dosirak.pk, world.mapo.pk
    vegan, rice = _product(world, "비건 도시락"), _product(world, "주먹밥")
    products = Kind("products", [label for _c, label in PRODUCT_COLUMNS],
                    [[vegan, org, "행복도시락", "비건 도시락", "물품", "50192101", "개", "9,000", "300", "국내산", "예", "예"],
                     [rice, org, "행복도시락", "주먹밥", "물품", "", "개", "2000", "", "", "아니오", "예"]],
                    numbers=["단가(원)", "월 공급 가능량", "조직번호"], texts=["상품·서비스명", "단위", "설명"],
                    required=["조직번호", "상품·서비스명", "분류", "단위", "단가(원)"], json=False)
    trades = Kind("trades", [label for _c, label in TRADE_COLUMNS],
                  [["", "2014-05-02", other, "마포마을부엌", org, "행복도시락", "반찬", "", "150,000", ""],
                   ["", "2014-06-02", org, "행복도시락", other, "마포마을부엌", "도시락", "", "80000", "행사"]],
                  numbers=["금액(원)", "판매 조직번호", "구매 조직번호"], dates=["거래일"], texts=["품목", "비고"],
                  required=["거래일", "판매 조직번호", "구매 조직번호", "품목", "금액(원)"], json=False)
    return {"/market/catalogue/ours/import/": products, "/market/trades/ours/import/": trades}


def test_catalogue_and_trade_imports_survive_every_malformed_file(reference, make_user, client):
    world = build(make_user)
    client.force_login(world.staff)
    failures = []
    for url, kind in _kinds(world).items():
        for item in _cases_for(kind):
            before = snapshot(TABLES)
            try:
                response = client.post(url, {"file": SimpleUploadedFile(item.filename, item.data)})
            except BaseException as exc:  # noqa: BLE001
                failures.append(f"{item.name}: {type(exc).__name__} escaped: {exc!s:.200}")
                continue
            # 9,999,999,999 won is a price or an amount the columns hold (BigIntegerField), and a description
            # of 500 characters fits (up to 5,000): accepted
            may_pass = item.may_pass or item.name.endswith(("단가(원) ten billion", "금액(원) ten billion",
                                                            "설명 500 chars"))
            if response.status_code == 302:
                if not may_pass:
                    failures.append(f"{item.name}: imported, expected a refusal")
                continue
            if response.status_code != 200:
                failures.append(f"{item.name}: HTTP {response.status_code}")
            elif not HANGUL.search(response.content.decode()):
                failures.append(f"{item.name}: no Korean message")
            changed = _changed(before, snapshot(TABLES))
            if changed:
                failures.append(f"{item.name}: refused but changed {changed}")
    assert not failures, "\n".join(failures)
