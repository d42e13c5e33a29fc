"""A local fund's (지역기금) balance, pure Python.

balance(as_of) = Σ contributions received − Σ grants − Σ loans + Σ repayments, over the movements dated on or
before ``as_of``. Pledges (약정) are promises, not money: they are reported beside the balance, never in it.
The fund cannot pay out what it does not hold (the balance after each day's movements stays ≥ 0, a day's
contributions counted before its grants and loans, its repayments after them) and a loan cannot be repaid beyond what is outstanding on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CONTRIBUTION = "contribution"
GRANT = "grant"
LOAN = "loan"
REPAYMENT = "repayment"
SIGN = {CONTRIBUTION: +1, GRANT: -1, LOAN: -1, REPAYMENT: +1}
DAY_ORDER = {CONTRIBUTION: 0, GRANT: 1, LOAN: 1, REPAYMENT: 2}


class FundError(ValueError):
    def __init__(self, code: str, movement: Movement | None = None):
        super().__init__(code)
        self.code = code
        self.movement = movement


@dataclass(frozen=True)
class Movement:
    day: dt.date
    kind: str  # CONTRIBUTION, GRANT, LOAN, REPAYMENT
    amount_won: int
    loan: object = None  # for a repayment: the loan's key; for a loan: its own key
    seq: int = 0


@dataclass
class Balance:
    as_of: dt.date
    contributions_won: int = 0
    grants_won: int = 0
    loans_won: int = 0
    repayments_won: int = 0
    outstanding: dict = field(default_factory=dict)  # loan key → amount still owed

    @property
    def balance_won(self) -> int:
        return self.contributions_won - self.grants_won - self.loans_won + self.repayments_won

    @property
    def loans_outstanding_won(self) -> int:
        return sum(self.outstanding.values())


def balance(movements: list[Movement], *, as_of: dt.date) -> Balance:
    """The fund on ``as_of``; raises FundError when the movements (all of them, also later ones) break a rule."""
    result = Balance(as_of=as_of)
    check = Balance(as_of=dt.date.max)
    # on one day: contributions, then grants and loans, then repayments; each in recorded order
    ordered = sorted(movements, key=lambda m: (m.day, DAY_ORDER.get(m.kind, 3), m.seq))
    for m in ordered:
        if m.kind not in SIGN:
            raise FundError("unknown_kind", m)
        if m.amount_won <= 0:
            raise FundError("not_positive", m)
        for target in (check, result) if m.day <= as_of else (check,):
            _apply(target, m)
        if check.balance_won < 0:
            raise FundError("overdrawn", m)
    return result


def _apply(b: Balance, m: Movement) -> None:
    if m.kind == CONTRIBUTION:
        b.contributions_won += m.amount_won
    elif m.kind == GRANT:
        b.grants_won += m.amount_won
    elif m.kind == LOAN:
        b.loans_won += m.amount_won
        b.outstanding[m.loan] = b.outstanding.get(m.loan, 0) + m.amount_won
    else:
        owed = b.outstanding.get(m.loan)
        if owed is None:
            raise FundError("not_a_loan", m)
        if m.amount_won > owed:
            raise FundError("overrepaid", m)
        b.repayments_won += m.amount_won
        b.outstanding[m.loan] = owed - m.amount_won
