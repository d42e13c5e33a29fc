"""Writes for the local-currency pilot's mutual-credit ledger (core.mutual_credit).

A transfer locks both accounts in account-id order (``select_for_update``; two transfers between
the same accounts in opposite directions therefore never deadlock), checks the payer's limit on the
locked balance, writes the transfer, its two entries and both balances in one transaction. The
idempotency key is looked up after the locks are held, so a retried or doubled submission finds the
first one and applies nothing. On SQLite a writer that finds the database locked is run again.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from bombaram.cooperatives.models import (
    Cooperative,
    CreditAccount,
    CreditEntry,
    CreditTransfer,
    Member,
)
from bombaram.core import mutual_credit
from bombaram.web import audit
from bombaram.web.permissions import can_keep_share_register, check

ATTEMPTS = 20


def refusal_messages() -> dict[str, str]:
    return {
        "amount_not_positive": _("Enter an amount of at least 1."),
        "same_account": _("The payer and the payee must be different accounts."),
        "over_limit": _("The payer's balance would go below the credit limit."),
        "key_reused": _("This transfer was already submitted with other details; reload the page and enter it again."),
        "other_cooperative": _("Both accounts must belong to this cooperative."),
    }


@transaction.atomic
def open_credit_account(*, user, member: Member, credit_limit: int) -> CreditAccount:
    check(can_keep_share_register(user, member.cooperative))
    if CreditAccount.objects.filter(member=member).exists():
        raise ValidationError(_("This member already has an account."))
    account = CreditAccount.objects.create(member=member, credit_limit=credit_limit)
    audit.record("cooperatives.credit.account_opened", actor=user, obj=account, credit_limit=credit_limit)
    return account


def transfer_credit(*, user, cooperative: Cooperative, payer: CreditAccount, payee: CreditAccount, amount: int,
                    idempotency_key: str, memo: str = "") -> tuple[CreditTransfer, bool]:
    """Apply a transfer once per ``idempotency_key``. Returns (transfer, applied_now)."""
    check(can_keep_share_register(user, cooperative))
    if not idempotency_key:
        raise ValidationError(_("The form has expired; reload the page."))
    for attempt in range(ATTEMPTS):
        try:
            return _transfer(user=user, cooperative=cooperative, payer_id=payer.pk, payee_id=payee.pk, amount=amount,
                             key=idempotency_key, memo=memo)
        except OperationalError as error:  # SQLite: another writer holds the database; try again shortly
            if connection.vendor != "sqlite" or "locked" not in str(error) or connection.in_atomic_block \
                    or attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
        except IntegrityError:  # the same key committed by a concurrent writer in between: it is applied
            existing = CreditTransfer.objects.filter(cooperative=cooperative, idempotency_key=idempotency_key).first()
            if existing is None:
                raise
            _same_or_refuse(existing, payer.pk, payee.pk, amount)
            return existing, False
    raise AssertionError("unreachable")


def _same_or_refuse(existing: CreditTransfer, payer_id: int, payee_id: int, amount: int) -> None:
    if (existing.payer_id, existing.payee_id, existing.amount) != (payer_id, payee_id, amount):
        raise ValidationError(refusal_messages()["key_reused"])


@transaction.atomic
def _transfer(*, user, cooperative, payer_id: int, payee_id: int, amount: int, key: str, memo: str):
    ids = sorted({payer_id, payee_id})
    locked = {a.pk: a for a in CreditAccount.objects.select_for_update().filter(pk__in=ids)
              .select_related("member").order_by("pk")}
    if any(a.member.cooperative_id != cooperative.pk for a in locked.values()) or len(locked) != len(ids):
        raise ValidationError(refusal_messages()["other_cooperative"])
    existing = CreditTransfer.objects.filter(cooperative=cooperative, idempotency_key=key).first()
    if existing is not None:
        _same_or_refuse(existing, payer_id, payee_id, amount)
        return existing, False
    payer = locked[payer_id]
    reason = mutual_credit.refusal(payer=payer_id, payee=payee_id, amount=amount, payer_balance=payer.balance,
                                   payer_limit=payer.credit_limit)
    if reason:
        raise ValidationError(refusal_messages()[reason])
    transfer = CreditTransfer.objects.create(cooperative=cooperative, idempotency_key=key, payer_id=payer_id,
                                             payee_id=payee_id, amount=amount, memo=memo,
                                             created_by=user if user.is_authenticated else None)
    for account_id, signed in mutual_credit.entries(mutual_credit.Transfer(payer_id, payee_id, amount)):
        CreditAccount.objects.filter(pk=account_id).update(balance=F("balance") + signed)
        after = CreditAccount.objects.values_list("balance", flat=True).get(pk=account_id)
        CreditEntry.objects.create(transfer=transfer, account_id=account_id, amount=signed, balance_after=after)
    audit.record("cooperatives.credit.transferred", actor=user, obj=transfer, payer=payer_id, payee=payee_id,
                 amount=amount, key=key)
    return transfer, True

