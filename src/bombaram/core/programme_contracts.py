"""The programme teams' yearly contracts with the city and the sunset rule (일몰제).

Source: the 2014 report (사업 개요): a 지역특화사업단 is contracted for one year at a time, and the contract
may be extended at most twice, each time after an evaluation of the year just ended: three years at most.

``check_new_contract(existing, start, end)`` returns the reasons (Korean, the rule quoted) why a new
contract may not be made; an empty list means it may. ``sunset_status`` says where a team stands on a date
(year n of 3, the next evaluation), ``quarter_actions`` what the centre has to do about a team in a
quarter (evaluate, extend, end). Dates are arguments, never "today".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MAX_CONTRACTS = 3  # the first year and at most two extensions
RULE_KO = ("일몰제: 지역특화사업단 협약은 1년 단위로 맺으며, 평가를 통과한 경우에만 최대 2회 연장할 수 있어 "
           "최장 3년입니다.")


class Evaluation(StrEnum):
    PENDING = ""
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Term:
    """One contract as the rule sees it: its period (both days included) and its evaluation result."""

    start: dt.date
    end: dt.date
    evaluation: Evaluation = Evaluation.PENDING
    evaluation_date: dt.date | None = None


def one_year_end(start: dt.date) -> dt.date:
    """The last day a one-year contract starting on ``start`` may run: the day before the same date a year
    later (2012-07-01 → 2013-06-30; 2012-02-29 → 2013-02-28)."""
    try:
        next_year = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        next_year = dt.date(start.year + 1, 3, 1)
    return next_year - dt.timedelta(days=1)


def check_new_contract(existing: list[Term], start: dt.date, end: dt.date) -> list[str]:
    """Why a contract for [start, end] may not be added to the team's ``existing`` contracts (Korean
    messages, each quoting the rule); empty when it may.

    - the period ends on or after its start and lasts one year at most (``one_year_end``);
    - it overlaps no existing contract;
    - the team has fewer than three contracts (the first year and two extensions);
    - an extension (any contract after the first) starts after the latest contract, and that contract's
      evaluation was passed.
    """
    errors: list[str] = []
    if end < start:
        errors.append(f"협약 종료일({end:%Y-%m-%d})이 시작일({start:%Y-%m-%d})보다 앞설 수 없습니다.")
        return errors
    if end > one_year_end(start):
        errors.append(f"협약 기간은 1년을 넘을 수 없습니다 ({start:%Y-%m-%d}부터 {one_year_end(start):%Y-%m-%d}까지). "
                      f"{RULE_KO}")
    for term in existing:
        if start <= term.end and term.start <= end:
            errors.append(f"협약 기간이 기존 협약({term.start:%Y-%m-%d}~{term.end:%Y-%m-%d})과 겹칩니다.")
    if len(existing) >= MAX_CONTRACTS:
        errors.append(f"이미 협약이 {len(existing)}건 있어 네 번째 협약은 맺을 수 없습니다. {RULE_KO}")
        return errors
    if existing:
        latest = max(existing, key=lambda t: t.start)
        if start <= latest.start:
            errors.append(f"연장 협약은 마지막 협약({latest.start:%Y-%m-%d}~{latest.end:%Y-%m-%d}) 뒤에 시작해야 합니다.")
        if latest.evaluation != Evaluation.PASSED:
            state = "평가 결과가 아직 없습니다" if latest.evaluation == Evaluation.PENDING else "평가를 통과하지 못했습니다"
            errors.append(f"직전 협약({latest.start:%Y-%m-%d}~{latest.end:%Y-%m-%d})의 {state}: "
                          f"평가를 통과해야 연장할 수 있습니다. {RULE_KO}")
    return errors


@dataclass(frozen=True, slots=True)
class SunsetStatus:
    """Where a team stands on ``as_of``: ``year`` is the number of the contract running (1–3, None when
    none runs), ``contracts`` how many it has had, ``extensions_left`` how many more it may get, and
    ``ended`` whether its programme is over (third contract ended, or a failed evaluation ended it)."""

    as_of: dt.date
    year: int | None
    contracts: int
    current: Term | None
    latest: Term | None
    next_evaluation: dt.date | None
    extensions_left: int
    ended: bool

    @property
    def of(self) -> int:
        return MAX_CONTRACTS


def sunset_status(terms: list[Term], as_of: dt.date) -> SunsetStatus:
    ordered = sorted(terms, key=lambda t: t.start)
    current_index = next((i for i, t in enumerate(ordered) if t.start <= as_of <= t.end), None)
    current = ordered[current_index] if current_index is not None else None
    latest = ordered[-1] if ordered else None
    pending = [t.evaluation_date for t in ordered
               if t.evaluation == Evaluation.PENDING and t.evaluation_date is not None]
    ended = latest is not None and latest.end < as_of and (
        len(ordered) >= MAX_CONTRACTS or latest.evaluation == Evaluation.FAILED)
    return SunsetStatus(
        as_of=as_of, year=current_index + 1 if current_index is not None else None, contracts=len(ordered),
        current=current, latest=latest, next_evaluation=min(pending) if pending else None,
        extensions_left=0 if ended or (latest is not None and latest.evaluation == Evaluation.FAILED)
        else max(0, MAX_CONTRACTS - max(1, len(ordered))),
        ended=ended)


# ---- quarters and what is due in them ---------------------------------------------------------------------

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-\s]?\s*[Qq]([1-4])\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    def label_ko(self) -> str:
        return f"{self.year}년 {self.number}분기"

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """"2013Q2", "2013-Q2", "2013 q2" → Quarter(2013, 2). Raises ValueError (Korean) otherwise."""
    match = _QUARTER.match(text or "")
    if not match:
        raise ValueError(f"분기는 '2013Q2'처럼 적어 주세요: '{text}'")
    year = int(match.group(1))
    if not 1900 <= year <= 2100:
        raise ValueError(f"분기의 연도가 올바르지 않습니다: '{text}'")
    return Quarter(year, int(match.group(2)))


class Action(StrEnum):
    EVALUATE = "evaluate"  # 평가: an evaluation date in the quarter, or a contract ending without one recorded
    EXTEND = "extend"  # 연장: a passed contract ends in the quarter and the team may have another
    END = "end"  # 종료: the third contract, or one that failed its evaluation, ends in the quarter


ACTION_LABELS_KO = {Action.EVALUATE: "평가 예정", Action.EXTEND: "연장 협약 필요", Action.END: "사업 종료"}


def quarter_actions(terms: list[Term], quarter: Quarter) -> list[Action]:
    """What the centre has to do about a team in ``quarter``, from its contracts:

    - EVALUATE when a contract not yet evaluated has its evaluation date in the quarter, or (no date set)
      ends in it;
    - EXTEND when the latest contract ends in the quarter, it is not the third, and its evaluation was
      passed or is still to come (the extension follows the evaluation);
    - END when the latest contract ends in the quarter and it is the third, or its evaluation failed.
    """
    ordered = sorted(terms, key=lambda t: t.start)
    actions: list[Action] = []
    inside = lambda day: day is not None and quarter.start <= day <= quarter.end  # noqa: E731
    for term in ordered:
        if term.evaluation != Evaluation.PENDING:
            continue
        if inside(term.evaluation_date) or (term.evaluation_date is None and inside(term.end)):
            actions.append(Action.EVALUATE)
            break
    if ordered and inside(ordered[-1].end):
        latest = ordered[-1]
        if len(ordered) >= MAX_CONTRACTS or latest.evaluation == Evaluation.FAILED:
            actions.append(Action.END)
        else:
            actions.append(Action.EXTEND)
    return actions


# ---- targets against the ledger ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetLine:
    """A contract target beside what the ledger holds: ``achievement_pct`` = actual ÷ target × 100 (None
    without a ledger figure or with a zero target)."""

    measure: str
    target: Decimal
    actual: Decimal | None

    @property
    def achievement_pct(self) -> Decimal | None:
        if self.actual is None or not self.target:
            return None
        return (Decimal(self.actual) * 100 / self.target).quantize(Decimal("0.1"))

    @property
    def achieved(self) -> bool | None:
        return None if self.actual is None else Decimal(self.actual) >= self.target


def target_lines(targets: dict[str, Decimal], actuals: dict[str, object] | None) -> list[TargetLine]:
    """One line per target, in the order given; ``actuals`` is the ledger summary ({code: number}) or None
    when the ledger has nothing (then every actual is None)."""
    out = []
    for code, target in targets.items():
        raw = None if actuals is None else actuals.get(code)
        actual = None if raw is None else Decimal(str(raw))
        out.append(TargetLine(code, Decimal(target), actual))
    return out
