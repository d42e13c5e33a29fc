"""Mutual credit (상호신용) for a local-currency pilot: rules of one transfer and the ledger's invariant.

Pure Python (no Django). After MCCS and Cyclos: every account starts at zero; a transfer of ``amount``
from payer to payee is one debit (−amount on the payer) and one credit (+amount on the payee), so

    Σ balances = Σ over transfers (−amount + amount) = 0      at every moment;

money is created only as the payer's debt, bounded by the payer's credit limit:

    balance_payer − amount ≥ −limit_payer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Transfer:
    payer: int
    payee: int
    amount: int


def refusal(*, payer: int, payee: int, amount: int, payer_balance: int, payer_limit: int) -> str | None:
    """Why a transfer is refused (a code), or None when it may be applied."""
    if amount <= 0:
        return "amount_not_positive"
    if payer == payee:
        return "same_account"
    if payer_balance - amount < -payer_limit:
        return "over_limit"
    return None


def entries(transfer: Transfer) -> list[tuple[int, int]]:
    """The two entries of a transfer: (payer, −amount), (payee, +amount)."""
    return [(transfer.payer, -transfer.amount), (transfer.payee, transfer.amount)]


def apply_all(transfers: Iterable[Transfer], *, limits: Mapping[int, int]) -> tuple[dict[int, int], list[tuple[Transfer, str]]]:
    """Apply the transfers in order from zero balances; refused ones change nothing and are returned
    with their reason. Returns (balances, refused)."""
    balances = dict.fromkeys(limits, 0)
    refused = []
    for t in transfers:
        reason = refusal(payer=t.payer, payee=t.payee, amount=t.amount, payer_balance=balances[t.payer],
                         payer_limit=limits[t.payer])
        if reason:
            refused.append((t, reason))
            continue
        for account, amount in entries(t):
            balances[account] += amount
    return balances, refused
