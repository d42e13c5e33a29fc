"""Tallying a questionnaire's choice answers (의견조사): counts and shares.

Pure Python (no Django). share_c = count_c / n × 100, where n is the number of answers to the
question (blank answers are not counted in n). The 독산고 parent survey of the 2014 report:
278 forms returned, "64.75% 찬성": 180 / 278 = 64.748…% is the only count that prints as 64.75
(179 → 64.39, 181 → 65.11).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChoiceShare:
    choice: str
    count: int
    share_pct: float | None


def tally(choices: Sequence[str], answers: Iterable[str | None]) -> tuple[int, list[ChoiceShare]]:
    """(n, one row per choice in the questionnaire's order); an answer not among ``choices`` is an error."""
    counts = Counter(a for a in answers if a is not None)
    unknown = set(counts) - set(choices)
    if unknown:
        raise ValueError(f"answers outside the choices: {sorted(unknown)}")
    n = sum(counts.values())
    return n, [ChoiceShare(c, counts[c], counts[c] / n * 100 if n else None) for c in choices]


def counts_for_share(n: int, share_pct: float, decimals: int = 2) -> list[int]:
    """The counts k (0 ≤ k ≤ n) whose share k/n×100 rounds to ``share_pct`` at ``decimals`` places."""
    return [k for k in range(n + 1) if round(k / n * 100, decimals) == round(share_pct, decimals)]
