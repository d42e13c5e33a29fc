"""Synthetic Delphi panel answers that reproduce the report's printed figures.

The 2014 report prints, per item and round, the whole-panel figure (전체) and
the local sub-panel's (노원평균 / 성북평균), but not the answers behind them.
:func:`synthesise_study` makes up a panel's answers — one
:class:`~bombaram.core.delphi_responses.DelphiResponse` per panellist, round
and item — such that :func:`~bombaram.core.delphi_responses.analyse` of them
gives back the printed figures, rounded to 2 decimals, wherever a panel of the
report's make-up can produce them.  Each reproduced (or impossible) figure is
listed as a :class:`SampleCheck`, so that a demonstration can say exactly
which printed numbers it rests on.  The answers are illustrative: any of many
answer sets gives the same rounded figures.

Panel (:data:`REFERENCE_PANEL`, one panel rating both districts' frameworks)
------------------------------------------------------------------------------
The report: 29 invited, 27 answered — 21 district-level (자치구 현장) and 6
city-level (시 단위 전문가).  The local columns rest on 6 panellists, so
the 21 district-level panellists are modelled as 6 from 노원 ("노원 현장"),
6 from 성북 ("성북 현장") and 9 from other districts ("자치구 현장").
Round 2 had 26: one 성북 panellist dropped out.  The printed figures say so:

* round 1: every local 지표적합성 of 노원 is k/6; the whole-panel figures of
  both districts fit 27 respondents (activity means 20/24 and 15/15);
* round 2, 성북: all 71 local shares are k/5, and 68/71 local importance
  means and 14/15 activity means are attainable with 5;
* round 2, 노원: all 25 local activity means are sixths (only 3 are
  attainable with 5), so 노원 kept its 6; its local shares often fit 5,
  i.e. one local panellist left that yes/no question blank;
* round 2, whole panel: most means fit 26 respondents.

A figure is a share k/N (N = panellists who answered the yes/no question)
or a mean T/n of 1-7 scores (n = panellists who gave a score), rounded to 2
decimals; N and n may be below the panel size for an item (someone left the
question blank).  Sizes are searched from the full panel downwards, to two
thirds of the panel for the whole panel and half the local group for the
local group.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from bombaram.core.delphi import ALL_GROUP
from bombaram.core.delphi_responses import DelphiResponse
from bombaram.core.frameworks import Framework, PrintedFigures

__all__ = [
    "DEFAULT_SEED",
    "GROUP_CITY",
    "GROUP_DISTRICT",
    "GROUP_NOWON",
    "GROUP_SEONGBUK",
    "REFERENCE_PANEL",
    "Panellist",
    "SampleCheck",
    "attainable_totals",
    "synthesise_study",
]

GROUP_NOWON = "노원 현장"
GROUP_SEONGBUK = "성북 현장"
GROUP_DISTRICT = "자치구 현장"
GROUP_CITY = "시 단위 전문가"

DEFAULT_SEED = 2014


@dataclass(frozen=True, slots=True)
class Panellist:
    """A synthetic panellist: identifier, group and the rounds answered."""

    code: str
    group: str
    rounds: tuple[int, ...] = (1, 2)


def _reference_panel() -> tuple[Panellist, ...]:
    groups = (
        [(GROUP_NOWON, (1, 2))] * 6
        + [(GROUP_SEONGBUK, (1, 2))] * 5
        + [(GROUP_SEONGBUK, (1,))]  # the one who did not answer round 2
        + [(GROUP_DISTRICT, (1, 2))] * 9
        + [(GROUP_CITY, (1, 2))] * 6
    )
    return tuple(
        Panellist(f"P{number:02d}", group, rounds)
        for number, (group, rounds) in enumerate(groups, start=1)
    )


#: 27 panellists in round 1 (노원 현장 6, 성북 현장 6, 자치구 현장 9,
#: 시 단위 전문가 6), 26 in round 2 (성북 현장 5) — see the module docstring.
REFERENCE_PANEL: tuple[Panellist, ...] = _reference_panel()


@dataclass(frozen=True, slots=True)
class SampleCheck:
    """One printed figure and what the synthetic answers give for it.

    ``figure`` is the key of :func:`~bombaram.core.delphi_responses.analyse`'s
    rows ("suitable_share" or "mean"), ``column`` the printed column
    ("suit_r1_all", "r2_local" …), ``group`` "all" or the local group.
    ``reproduced`` is the synthetic value rounded to 2 decimals; None when the
    figure cannot be produced by the panel, ``note`` then says why.
    """

    item_code: str
    item_kind: str
    round: int
    group: str
    figure: str
    column: str
    printed: float
    reproduced: float | None
    note: str = ""

    @property
    def matches(self) -> bool:
        """True when the synthetic value rounds to the printed one.

        Formula: reproduced == printed (both 2-decimal floats).  Source: the fields above.
        """
        return self.reproduced is not None and self.reproduced == self.printed


# ---------------------------------------------------------------------------
# Integer search for attainable totals
# ---------------------------------------------------------------------------


def attainable_totals(hundredths: int, n: int, low: int, high: int) -> range:
    """Totals T of n answers in low..high whose mean T/n prints as hundredths/100.

    Formula: T with low·n <= T <= high·n and (2h − 1)·n < 200·T < (2h + 1)·n,
    i.e. T/n strictly inside (h − ½, h + ½)/100, so that round(T/n, 2) gives
    h/100 whichever way ties are broken.  For a share (low = 0, high = 1) T
    is the "yes" count k; for a 7-point mean (1, 7) the score sum.  Integers
    only.  Source: rounding to two decimals as printed in the report.
    """
    if n <= 0:
        return range(0)
    first = max(low * n, (2 * hundredths - 1) * n // 200 + 1)
    last = min(high * n, -(-(2 * hundredths + 1) * n // 200) - 1)
    return range(first, last + 1)


def _nearest_totals(hundredths: int, n: int, low: int, high: int) -> list[int]:
    """The (up to) three totals whose mean T/n is nearest to hundredths/100."""
    options = range(low * n, high * n + 1)
    return sorted(options, key=lambda t: (abs(100 * t - hundredths * n), t))[:3]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Answer counts and totals of one question: local group and the others."""

    local_n: int
    local_total: int
    other_n: int
    other_total: int


def _plan(
    all_h: int,
    local_h: int,
    exact_all: bool,
    exact_local: bool,
    local_size: int,
    other_size: int,
    low: int,
    high: int,
) -> _Plan | None:
    """Largest answer counts whose totals give the wanted whole and local means.

    Searches n (whole) from local_size + other_size down to ⌈⅔·panel⌉ and,
    for each, n_l (local) from local_size down to ⌈½·local_size⌉; the first
    (n, n_l) with a local total T_l and a whole total T such that the others'
    total T − T_l lies in [low·(n − n_l), high·(n − n_l)] wins.  An "exact"
    side must print as wanted (:func:`attainable_totals`), a soft side takes
    the nearest attainable total.
    """
    full = local_size + other_size
    floor_all = max(1, math.ceil(2 * full / 3))
    floor_local = math.ceil(local_size / 2) if local_size else 0
    for n in range(full, floor_all - 1, -1):
        for n_l in range(min(local_size, n), floor_local - 1, -1):
            n_o = n - n_l
            if n_o > other_size:
                break
            if n_l:
                locals_ = (
                    attainable_totals(local_h, n_l, low, high)
                    if exact_local
                    else _nearest_totals(local_h, n_l, low, high)
                )
            else:
                locals_ = [0]
            wholes = (
                attainable_totals(all_h, n, low, high)
                if exact_all
                else _nearest_totals(all_h, n, low, high)
            )
            for t_l in locals_:
                for t in wholes:
                    if low * n_o <= t - t_l <= high * n_o:
                        return _Plan(n_l, t_l, n_o, t - t_l)
    return None


def _attainable_alone(hundredths: int, sizes: range, low: int, high: int) -> bool:
    return any(attainable_totals(hundredths, n, low, high) for n in sizes)


# ---------------------------------------------------------------------------
# Individual answers
# ---------------------------------------------------------------------------


def _spread(
    rng: random.Random,
    total: int,
    low: int,
    high: int,
    previous: Sequence[int | None],
) -> list[int]:
    """Answers in low..high summing to ``total``, starting from ``previous``.

    Formula: a panellist with a previous-round answer starts from it, others
    from round(T/m + N(0, 0.9)) clipped to low..high (for yes/no: 1 with
    probability T/m); then single steps of ±1 on randomly chosen panellists
    that can move bring the sum to T exactly; when everybody started from a
    previous answer, one pair of panellists moves +1/−1 with probability ½
    (the sum is kept) so that some answers change between rounds.
    Source: none (synthetic data).
    """
    count = len(previous)
    if count == 0:
        return []
    mean = total / count
    values: list[int] = []
    for before in previous:
        if before is not None:
            values.append(before)
        elif high - low == 1:
            values.append(high if rng.random() < mean - low else low)
        else:
            values.append(min(high, max(low, round(mean + rng.gauss(0, 0.9)))))
    difference = total - sum(values)
    while difference:
        step = 1 if difference > 0 else -1
        movable = [i for i, v in enumerate(values) if low <= v + step <= high]
        values[rng.choice(movable)] += step
        difference -= step
    if all(before is not None for before in previous) and rng.random() < 0.5:
        up = [i for i, v in enumerate(values) if v < high]
        down = [i for i, v in enumerate(values) if v > low]
        if up and down:
            i = rng.choice(up)
            j = rng.choice([k for k in down if k != i] or [i])
            if i != j:
                values[i] += 1
                values[j] -= 1
    return values


def _assign(
    rng: random.Random,
    roster: Sequence[str],
    count: int,
    total: int,
    low: int,
    high: int,
    earlier: dict[str, int],
) -> dict[str, int]:
    """Answers of ``count`` panellists of ``roster`` summing to ``total``.

    Panellists who answered the question in the previous round answer again
    first (their earlier answer is the starting point of :func:`_spread`);
    the rest are drawn at random.
    """
    returning = [p for p in roster if p in earlier]
    others = [p for p in roster if p not in earlier]
    rng.shuffle(returning)
    rng.shuffle(others)
    chosen = (returning + others)[:count]
    values = _spread(rng, total, low, high, [earlier.get(p) for p in chosen])
    return dict(zip(chosen, values, strict=True))


# ---------------------------------------------------------------------------
# The study
# ---------------------------------------------------------------------------


def _hundredths(value: float) -> int | None:
    """value × 100 as an integer when the value has at most 2 decimals, else None."""
    scaled = round(value * 100)
    return scaled if abs(value * 100 - scaled) < 1e-6 else None


def _rounds_asked(
    kind: str, code: str, added_in_round2: bool, printed: PrintedFigures
) -> tuple[int, ...]:
    """Rounds in which an item is asked: round 2 only for indicators added in
    round 2 (신규) and for activities printed only in round 2 (노원 1-1-3)."""
    if kind == "indicator":
        return (2,) if added_in_round2 else (1, 2)
    r1 = [printed.value(code, c) for c in ("r1_all", "r1_local")]
    r2 = [printed.value(code, c) for c in ("r2_all", "r2_local")]
    if all(v is None for v in r1) and any(v is not None for v in r2):
        return (2,)
    return (1, 2)


def synthesise_study(
    framework: Framework,
    printed: PrintedFigures,
    *,
    seed: int = DEFAULT_SEED,
    local_group: str | None = None,
    panel: Sequence[Panellist] = REFERENCE_PANEL,
) -> tuple[list[DelphiResponse], list[SampleCheck]]:
    """Two rounds of synthetic panel answers reproducing the printed figures.

    Formula, per rated item (:meth:`Framework.rated_items`), round and
    question (indicator: yes/no 지표적합성 and 1-7 지표중요도; activity: 1-7
    suitability for the goal):

    1. the printed whole-panel value w and local value l (columns
       suit_r{r}_all/_local, imp_r{r}_…, r{r}_…) in hundredths;
    2. answer counts n (whole) and n_l (local group ``local_group``,
       default "<framework name> 현장") and totals T, T_l with
       round(T/n, 2) = w and round(T_l/n_l, 2) = l, T − T_l attainable by the
       n − n_l other panellists — searched with integers from the full panel
       downwards (:func:`attainable_totals`);
    3. the answers: a multiset of 0/1 or 1-7 values per side with exactly
       those totals, spread around the mean; round-2 answers start from the
       same panellist's round-1 answer and move only as far as the new totals
       require (plus an occasional ±1 swap), so some panellists change.

    A printed value that no panel of this make-up can produce (e.g. a local
    mean of 5.93 with at most 6 panellists, CORRECTIONS.md §6) is replaced by
    the nearest attainable value and reported as a :class:`SampleCheck`
    with ``reproduced=None`` and a Korean note; so is a local value that
    cannot be met together with the whole-panel value.  Items or rounds
    without printed values get plausible answers (mean 5.0-6.2, share
    .80-1.00) and no check.  Indicators added in round 2 (신규) and
    activities printed only for round 2 are asked in round 2 only.  The
    result is deterministic for a given seed (one :class:`random.Random`
    per item, seeded with the seed, framework name and item code).

    Returns the responses (round, panellist order within item) and the
    checks — every printed figure of the framework, whole panel and local.
    Source: the panel of the 2014 report (see the module docstring);
    rounding to two decimals as printed.
    """
    group_of = {p.code: p.group for p in panel}
    groups = set(group_of.values())
    if local_group is None:
        local_group = f"{framework.name} 현장"
    if local_group not in groups:
        raise ValueError(
            f"지역 그룹 '{local_group}'이(가) 패널에 없습니다. 패널의 그룹: "
            f"{', '.join(sorted(groups))}"
        )
    rosters: dict[int, tuple[list[str], list[str]]] = {}
    for round_number in (1, 2):
        members = [p for p in panel if round_number in p.rounds]
        rosters[round_number] = (
            [p.code for p in members if p.group == local_group],
            [p.code for p in members if p.group != local_group],
        )

    indicators = {i.code: i for i in framework.indicators()}
    item_notes = {node.code: getattr(node, "note", "") for node in framework.walk()}
    responses: list[DelphiResponse] = []
    checks: list[SampleCheck] = []
    for item in framework.rated_items():
        rng = random.Random(f"{seed}|{framework.name}|{item.code}")
        added = item.kind == "indicator" and indicators[item.code].added_in_round2
        if item.kind == "indicator":
            # (analyse() figure, column prefix, low, high)
            questions = (("suitable_share", "suit_", 0, 1), ("mean", "imp_", 1, 7))
        else:
            questions = (("mean", "", 1, 7),)
        earlier: dict[tuple[str, str], dict[str, int]] = {}
        for round_number in _rounds_asked(item.kind, item.code, added, printed):
            local_roster, other_roster = rosters[round_number]
            answers: dict[str, list[int | None]] = {}
            for figure, prefix, low, high in questions:
                columns = (f"{prefix}r{round_number}_all", f"{prefix}r{round_number}_local")
                plan, notes = _plan_question(
                    rng,
                    printed.value(item.code, columns[0]),
                    printed.value(item.code, columns[1]),
                    len(local_roster),
                    len(other_roster),
                    low,
                    high,
                    local_group,
                )
                chosen: dict[str, int] = {}
                for roster, count, total, side in (
                    (local_roster, plan.local_n, plan.local_total, "local"),
                    (other_roster, plan.other_n, plan.other_total, "other"),
                ):
                    given = _assign(
                        rng, roster, count, total, low, high, earlier.get((figure, side), {})
                    )
                    earlier[(figure, side)] = given
                    chosen.update(given)
                slot = 0 if figure == "suitable_share" else 1
                for code, value in chosen.items():
                    answers.setdefault(code, [None, None])[slot] = value
                for column, group, count, total in (
                    (
                        columns[0],
                        ALL_GROUP,
                        plan.local_n + plan.other_n,
                        plan.local_total + plan.other_total,
                    ),
                    (columns[1], local_group, plan.local_n, plan.local_total),
                ):
                    value = printed.value(item.code, column)
                    if value is None:
                        continue
                    note = notes.get("all" if group == ALL_GROUP else "local", "")
                    item_note = item_notes.get(item.code, "")
                    if note and f"{column}=" in item_note and "not attainable" in item_note:
                        note += " CORRECTIONS.md §6에서도 도달할 수 없는 값으로 표시되어 있습니다."
                    checks.append(
                        SampleCheck(
                            item_code=item.code,
                            item_kind=item.kind,
                            round=round_number,
                            group=group,
                            figure=figure,
                            column=column,
                            printed=value,
                            reproduced=None if note or not count else round(total / count, 2),
                            note=note,
                        )
                    )
            for code in local_roster + other_roster:
                if code not in answers:
                    continue
                suitable, score = answers[code]
                responses.append(
                    DelphiResponse(
                        round=round_number,
                        panellist=code,
                        group=group_of[code],
                        item_code=item.code,
                        item_kind=item.kind,  # type: ignore[arg-type]
                        suitable=None if suitable is None else bool(suitable),
                        score=score,
                    )
                )
    return responses, checks


def _plan_question(
    rng: random.Random,
    printed_all: float | None,
    printed_local: float | None,
    local_size: int,
    other_size: int,
    low: int,
    high: int,
    local_group: str,
) -> tuple[_Plan, dict[str, str]]:
    """The plan of one question and a Korean note per printed column not reproduced.

    Formula: a local value that no n_l in ⌈½·L⌉..L answers can print is
    dropped first (L = local group size this round).  Then the plans tried
    are, in order: both printed values exact; whole exact and local nearest
    (local note: cannot be met together); whole nearest and local exact
    (whole note: not attainable with ⌈⅔·panel⌉..panel answers); both nearest.
    A missing value takes a plausible target (mean 5.00-6.20, share
    .80-1.00; the whole-panel target for the local side).
    Source: none (search order of this module).
    """
    notes: dict[str, str] = {}
    share = high == 1
    all_h = None if printed_all is None else _hundredths(printed_all)
    local_h = None if printed_local is None else _hundredths(printed_local)
    if printed_all is not None and all_h is None:
        notes["all"] = "소수 둘째 자리까지의 값이 아니어서 재현하지 않습니다."
    if printed_local is not None and local_h is None:
        notes["local"] = "소수 둘째 자리까지의 값이 아니어서 재현하지 않습니다."
    exact_all = all_h is not None
    exact_local = local_h is not None and local_size > 0
    if all_h is None:
        all_h = rng.randint(80, 100) if share else rng.randint(500, 620)
    if local_h is None:
        local_h = all_h
    local_sizes = range(max(1, math.ceil(local_size / 2)), local_size + 1)
    if exact_local and not _attainable_alone(local_h, local_sizes, low, high):
        exact_local = False
        notes["local"] = (
            f"{local_group} {local_sizes.start}~{local_size}명의 응답(점수 합 또는 '예' 수 "
            "÷ 응답자 수)으로는 나올 수 없는 값이라 재현하지 않습니다. 인쇄 또는 OCR "
            "오류일 수 있습니다."
        )
    elif printed_local is not None and local_size == 0:
        notes["local"] = f"이 라운드에는 {local_group} 응답자가 없습니다."
    full = local_size + other_size
    joint = "전체 값과 함께 맞출 수 있는 응답 조합이 없어 재현하지 않습니다."
    whole = (
        f"전체 응답자 {math.ceil(2 * full / 3)}~{full}명으로는 나올 수 없는 값이라 "
        "재현하지 않습니다."
    )
    plan = _plan(all_h, local_h, exact_all, exact_local, local_size, other_size, low, high)
    if plan is None and exact_all and exact_local:
        plan = _plan(all_h, local_h, True, False, local_size, other_size, low, high)
        if plan is not None:
            notes["local"] = joint
        else:
            notes["all"] = whole
            plan = _plan(all_h, local_h, False, True, local_size, other_size, low, high)
            if plan is None:
                notes["local"] = joint
    elif plan is None and exact_all:
        notes["all"] = whole
    elif plan is None and exact_local:
        notes["local"] = joint
    if plan is None:
        plan = _plan(all_h, local_h, False, False, local_size, other_size, low, high)
    if plan is None:
        plan = _plan(all_h, all_h, False, False, local_size, other_size, low, high)
    assert plan is not None  # nearest totals always combine
    return plan, notes
