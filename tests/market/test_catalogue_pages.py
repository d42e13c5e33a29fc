"""The catalogue: staff add, edit and withdraw their organisation's products (never another's), the public
searches the catalogue, photos are resized and served, bad input gets one Korean message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bombaram.market.models import Product
from bombaram.market.services import catalogue as services
from bombaram.web.models import AuditEvent
from tests.market.catalogue_world import build, png


@pytest.fixture
def world(reference, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build(make_user)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(org, **over):
    data = {"organisation": org.pk, "name": "친환경 도시락", "category": "goods", "goods_code": "50192101",
            "unit": "개", "price_won": "8000", "capacity_per_month": "3000", "description": "국내산 재료로 만든 도시락",
            "delivers_in_district": "on"}
    data.update(over)
    return data


def test_staff_adds_a_product_with_a_resized_photo_that_the_public_sees(world, settings):
    client = _client(world.staff)
    photo = SimpleUploadedFile("dosirak.png", png(2400, 1200), content_type="image/png")
    response = client.post("/market/catalogue/new/", _form(world.dosirak) | {"photo": photo})
    product = Product.objects.get(name="친환경 도시락")
    assert response.status_code == 302 and response["Location"] == f"/market/catalogue/{product.pk}/"
    assert (product.organisation, product.price_won, product.goods_code, product.capacity_per_month) == (
        world.dosirak, 8000, "50192101", 3000)
    stored = settings.MEDIA_ROOT / product.photo
    from PIL import Image

    with Image.open(stored) as image:  # 2400×1200 fitted into 1200×1200 keeps the ratio
        assert image.format == "JPEG" and image.size == (1200, 600)
    served = _client().get(f"/market/catalogue/{product.pk}/photo.jpg")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == stored.read_bytes()
    page = _client().get(f"/market/catalogue/{product.pk}/").content.decode()
    assert "친환경 도시락" in page and f'href="/organisations/{world.dosirak.pk}/"' in page and "8,000" in page
    event = AuditEvent.objects.get(name="market.product.created")
    assert event.actor == world.staff and event.data["photo"] is True


@pytest.mark.parametrize("upload, message", [
    (("notes.png", b"this is not an image at all", "image/png"), "사진으로 읽을 수 없는 파일입니다"),
    (("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), "image/jpeg"), "사진 파일이 너무 큽니다"),
])
def test_a_non_image_or_an_oversize_file_is_refused_in_korean_and_nothing_is_written(world, upload, message):
    name, data, content_type = upload
    response = _client(world.staff).post("/market/catalogue/new/", _form(world.dosirak) | {
        "photo": SimpleUploadedFile(name, data, content_type=content_type)})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Product.objects.exists() and not AuditEvent.objects.filter(name__startswith="market.").exists()


def test_too_many_pixels_is_refused_before_decoding():
    with pytest.raises(services.PhotoError, match="4천만 화소"):
        services.resize_photo(png(8000, 6000))


@pytest.mark.parametrize("field, value, message", [
    ("price_won", "-1", ""),
    ("goods_code", "1234567", "물품분류번호는 숫자 8자리 또는 10자리입니다"),
    ("goods_code", "123456789", "물품분류번호는 숫자 8자리 또는 10자리입니다"),
    ("category", "furniture", ""),
])
def test_the_form_refuses_a_negative_price_a_bad_goods_code_and_an_unknown_category(world, field, value, message):
    response = _client(world.staff).post("/market/catalogue/new/", _form(world.dosirak, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 200 and f'id="id_{field}_error"' in html and message in html
    assert not Product.objects.exists()


def test_staff_cannot_add_or_edit_another_organisations_product(world):
    response = _client(world.staff).post("/market/catalogue/new/", _form(world.mapo))
    assert response.status_code == 200 and not Product.objects.exists()  # not a choice of the form
    product = services.create_product(user=world.other_staff, organisation=world.mapo, values=_form(world.mapo) | {
        "organisation": world.mapo, "price_won": 7000, "capacity_per_month": None, "delivers_in_district": True})
    assert _client(world.staff).get(f"/market/catalogue/{product.pk}/edit/").status_code == 404
    assert _client(world.staff).post(f"/market/catalogue/{product.pk}/withdraw/").status_code == 404
    assert _client(world.centre).post(f"/market/catalogue/{product.pk}/withdraw/").status_code == 404  # 성북 centre, 마포 org
    product.refresh_from_db()
    assert product.active
    assert _client(world.public).get("/market/catalogue/new/").status_code == 403
    assert _client().get("/market/catalogue/new/").status_code == 302


def test_the_centre_edits_and_withdraws_a_product_of_its_district(world):
    product = services.create_product(user=world.staff, organisation=world.dosirak, values=_form(world.dosirak) | {
        "organisation": world.dosirak, "price_won": 8000, "capacity_per_month": None, "delivers_in_district": True})
    client = _client(world.centre)
    response = client.post(f"/market/catalogue/{product.pk}/edit/", _form(world.dosirak, price_won="8500"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price_won == 8500
    assert AuditEvent.objects.get(name="market.product.updated").data["changes"]["price_won"] == ["8000", "8500"]
    assert client.post(f"/market/catalogue/{product.pk}/withdraw/").status_code == 302
    product.refresh_from_db()
    assert not product.active
    assert _client().get(f"/market/catalogue/{product.pk}/").status_code == 404
    assert "친환경 도시락" not in _client().get("/market/catalogue/").content.decode()
    client.post(f"/market/catalogue/{product.pk}/withdraw/", {"action": "offer"})
    product.refresh_from_db()
    assert product.active


def _product(org, name, user, **values):
    base = {"name": name, "category": "goods", "goods_code": "", "unit": "개", "price_won": 1000,
            "capacity_per_month": None, "description": "", "delivers_in_district": True}
    return services.create_product(user=user, organisation=org, values=base | values)


def test_public_search_by_korean_word_and_filters(world, django_assert_max_num_queries):
    _product(world.dosirak, "친환경 도시락", world.staff, description="국내산 쌀")
    _product(world.mokgong, "원목 책상", world.region, description="성북에서 만든 가구", category="goods")
    _product(world.clean, "사무실 청소", world.region, category="services", delivers_in_district=False)
    _product(world.mapo, "마을 반찬 도시락", world.other_staff)
    client = _client()

    def names(query: str) -> list[str]:
        html = client.get(f"/market/catalogue/?{query}").content.decode()
        return [n for n in ("친환경 도시락", "원목 책상", "사무실 청소", "마을 반찬 도시락") if n in html]

    assert names("q=도시락") == ["친환경 도시락", "마을 반찬 도시락"]
    assert names("q=가구") == ["원목 책상"]                       # description
    assert names("q=노원청소") == ["사무실 청소"]                   # organisation's name
    assert names("category=services") == ["사무실 청소"]
    from bombaram.registry.models import DesignationType, District

    assert names(f"district={District.objects.get(code='11440').pk}") == ["마을 반찬 도시락"]
    cooperative = DesignationType.objects.get(code="cooperative").pk
    assert names(f"designation={cooperative}") == ["원목 책상"]
    assert names("in_district=on") == ["친환경 도시락", "원목 책상", "마을 반찬 도시락"]
    assert names("q=도시락&district=abc") == ["친환경 도시락", "원목 책상", "사무실 청소", "마을 반찬 도시락"]  # bad filter: all
    html = client.get("/market/catalogue/?q=도시락").content.decode()
    assert f'href="/organisations/{world.dosirak.pk}/"' in html
    for i in range(30):
        _product(world.dosirak, f"반찬 {i:02d}", world.staff)
    with django_assert_max_num_queries(12):
        first = client.get("/market/catalogue/?q=반찬")
    assert "다음" in first.content.decode() or "Next" in first.content.decode()
    assert first.content.decode().count('class="product-card"') == 24
    assert client.get("/market/catalogue/?q=반찬&page=2").content.decode().count('class="product-card"') == 7


def test_htmx_gets_the_results_alone(world):
    _product(world.dosirak, "친환경 도시락", world.staff)
    html = _client().get("/market/catalogue/?q=도시락", HTTP_HX_REQUEST="true").content.decode()
    assert "친환경 도시락" in html and "<html" not in html
