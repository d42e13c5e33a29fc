"""Writing the trades between organisations (상호거래): entered by either party's staff or the centre.

A trade is a ValueFlows EconomicEvent (action ``transfer``, seller = provider, buyer = receiver, amount in won);
see market.models.Trade. Every write checks ``can_enter_trade`` and is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from bombaram.market.models import Product, Trade
from bombaram.registry.models import Organisation
from bombaram.web import audit
from bombaram.web.permissions import can_enter_trade, check


class TradeError(ValueError):
    """A trade that cannot be recorded (Korean message)."""


def _check_values(buyer: Organisation, seller: Organisation, product: Product | None, amount_won: int) -> None:
    if buyer.pk == seller.pk:
        raise TradeError("판매 조직과 구매 조직이 같습니다.")
    if amount_won < 0:
        raise TradeError("금액은 0원 이상입니다.")
    if product is not None and product.organisation_id != seller.pk:
        raise TradeError("상품은 판매 조직의 상품이어야 합니다.")


def record_trade(*, user: Any, buyer: Organisation, seller: Organisation, item: str, amount_won: int,
                 date: dt.date, product: Product | None = None, note: str = "") -> Trade:
    check(can_enter_trade(user, buyer, seller))
    _check_values(buyer, seller, product, amount_won)
    with transaction.atomic():
        trade = Trade.objects.create(buyer=buyer, seller=seller, item=item, product=product, amount_won=amount_won,
                                     date=date, note=note, entered_by=user if user.is_authenticated else None)
        audit.record("market.trade.recorded", actor=user, obj=trade, buyer=buyer.pk, seller=seller.pk, item=item,
                     product=product.pk if product else None, amount_won=amount_won, date=date.isoformat(), note=note)
    return trade


def delete_trade(*, user: Any, trade: Trade) -> None:
    """Remove a trade entered by mistake; every value stays in the audit event."""
    check(can_enter_trade(user, trade.buyer, trade.seller))
    with transaction.atomic():
        audit.record("market.trade.deleted", actor=user, obj=trade, buyer=trade.buyer_id, seller=trade.seller_id,
                     item=trade.item, amount_won=trade.amount_won, date=trade.date.isoformat(), note=trade.note)
        trade.delete()
