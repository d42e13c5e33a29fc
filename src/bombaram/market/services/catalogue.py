"""Writing the catalogue (상품 목록): an organisation's staff or the centre add, change and withdraw products.

Photos are checked and resized on upload (Pillow): at most ``MAX_PHOTO_BYTES`` uploaded, at most
``MAX_PHOTO_PIXELS`` decoded, turned upright (EXIF), shrunk to fit ``PHOTO_SIZE`` and stored as JPEG under
MEDIA_ROOT/market/photos/. The page serves them itself (market.views.catalogue.product_photo), so they work
under ``bombaram serve`` without a web server.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from bombaram.market.models import Product
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_edit_market_records, check

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_SIZE = (1200, 1200)
PHOTO_FOLDER = "market/photos"

PRODUCT_FIELDS = ("name", "category", "goods_code", "unit", "price_won", "capacity_per_month", "description",
                  "delivers_in_district")


class PhotoError(ValueError):
    """An upload that is not a usable photo (Korean message)."""


def resize_photo(data: bytes) -> bytes:
    """The uploaded image as a JPEG that fits PHOTO_SIZE; PhotoError for what is not an image or too large."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"사진 파일이 너무 큽니다: {MAX_PHOTO_BYTES // (1024 * 1024)}MB까지 올릴 수 있습니다.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PHOTO_PIXELS:
                raise PhotoError(f"사진이 너무 큽니다 ({width:,}×{height:,} 화소): 4천만 화소까지 올릴 수 있습니다.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail(PHOTO_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise PhotoError("사진으로 읽을 수 없는 파일입니다. JPEG, PNG, GIF, WebP 사진을 올려 주세요.") from None


def photo_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _store_photo(product: Product, jpeg: bytes) -> str:
    name = f"{PHOTO_FOLDER}/{product.pk}-{secrets.token_hex(6)}.jpg"
    target = photo_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(jpeg)
    return name


def _remove_photo(name: str) -> None:
    if name:
        photo_path(name).unlink(missing_ok=True)


def _replace_photo(product: Product, jpeg: bytes | None) -> dict[str, list[Any]]:
    """Store ``jpeg`` as the product's photo once the transaction commits, removing the old file then."""
    if jpeg is None:
        return {}
    old = product.photo
    new = _store_photo(product, jpeg)
    Product.objects.filter(pk=product.pk).update(photo=new)
    product.photo = new
    transaction.on_commit(lambda: _remove_photo(old))
    return {"photo": [old, new]}


def create_product(*, user: Any, organisation: Organisation, values: dict[str, Any],
                   photo: bytes | None = None) -> Product:
    """Add a product or service to ``organisation``'s catalogue. ``photo``: the bytes resize_photo made."""
    check(can_edit_market_records(user, organisation))
    with transaction.atomic():
        product = Product.objects.create(organisation=organisation, **{k: values[k] for k in PRODUCT_FIELDS})
        stored = _replace_photo(product, photo)
        audit.record("market.product.created", actor=user, obj=product, organisation=organisation.pk,
                     values={k: values[k] for k in PRODUCT_FIELDS}, photo=bool(stored))
    return product


def update_product(*, user: Any, product: Product, values: dict[str, Any], photo: bytes | None = None,
                   remove_photo: bool = False) -> dict[str, list[Any]]:
    """Change a product's fields (and photo); returns the changes (nothing is written when none)."""
    check(can_edit_market_records(user, product.organisation))
    with transaction.atomic():
        changes = audit.save_changes(product, {k: values[k] for k in PRODUCT_FIELDS})
        if photo is not None:
            changes |= _replace_photo(product, photo)
        elif remove_photo and product.photo:
            old = product.photo
            audit.save_changes(product, {"photo": ""})
            transaction.on_commit(lambda: _remove_photo(old))
            changes["photo"] = [old, ""]
        if changes:
            audit.record("market.product.updated", actor=user, obj=product,
                         changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return changes


def withdraw_product(*, user: Any, product: Product) -> None:
    """Take a product out of the public catalogue (판매 중단); its trades keep pointing at it."""
    check(can_edit_market_records(user, product.organisation))
    with transaction.atomic():
        if audit.save_changes(product, {"active": False}):
            audit.record("market.product.withdrawn", actor=user, obj=product)


def offer_product_again(*, user: Any, product: Product) -> None:
    check(can_edit_market_records(user, product.organisation))
    with transaction.atomic():
        if audit.save_changes(product, {"active": True}):
            audit.record("market.product.offered", actor=user, obj=product)
