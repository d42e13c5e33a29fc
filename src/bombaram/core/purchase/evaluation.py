"""Evaluation (Art. 17): purchase performance in the departments' evaluation.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bombaram.core.purchase.report import DepartmentPerformance


@dataclass(frozen=True, slots=True)
class EvaluationWeights:
    """Weights of the department evaluation (Art. 17 ① 업무평가 항목에 구매실적 반영).

    Defaults (sum 100): achievement 50 — the ordinance's subject is the
    purchase performance itself; plan on time 20 — the 공시제 절차 makes the
    plan the first duty; justified exceptions 15 — Art. 10 ② requires the
    reason to be recorded; supplier breadth 15 — the report's concern with
    편중성 (few suppliers). ``plan_late_cutoff_days``: lateness at which the
    plan score reaches 0 (linear in between; 0 makes it all-or-nothing).
    These are this system's choices, not the ordinance's: a database row changes them.
    """

    achievement: float = 50
    plan_on_time: float = 20
    justified_exceptions: float = 15
    supplier_breadth: float = 15
    plan_late_cutoff_days: int = 10

    def __post_init__(self) -> None:
        weights = (
            self.achievement,
            self.plan_on_time,
            self.justified_exceptions,
            self.supplier_breadth,
        )
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError("평가 가중치는 0 이상이고 합이 0보다 커야 합니다.")
        if self.plan_late_cutoff_days < 0:
            raise ValueError("계획 지연 한도 일수는 0 이상이어야 합니다.")


@dataclass(frozen=True, slots=True)
class DepartmentEvaluation:
    """One department's component scores (0-100, None = not applicable), total and rank."""

    department: str
    name: str
    achievement_score: float | None
    plan_score: float
    exceptions_score: float
    breadth_score: float
    total_score: float
    rank: int


def evaluate_departments(
    departments: Sequence[DepartmentPerformance], weights: EvaluationWeights | None = None
) -> tuple[DepartmentEvaluation, ...]:
    """Department scores for the Art. 17 기관평가, ranked (pass ``report.departments``).

    Components, each 0-100:

    * achievement = min(eligible / target, 1) × 100; not applicable (None) when
      the department has no target, and its weight is then left out;
    * plan = 100 if submitted on or before the due date; d days late gives
      max(0, 100 × (1 − d / cutoff)) with cutoff = ``plan_late_cutoff_days``
      (cutoff 0: any delay gives 0); no plan or not submitted gives 0;
    * exceptions = justified / recorded exceptions × 100 (justified: passes
      :func:`validate_exception`); 100 when there are none;
    * breadth = distinct counted suppliers / the largest such number among
      the departments × 100; 0 when no department has one.

    total = Σ wᵢ·sᵢ / Σ wᵢ over the applicable components (with the default
    weights summing to 100, the weighted sum divided by 100). Rank: descending
    total, ties (equal to 1e-9) share a rank and the next rank skips
    ("1, 1, 3"); tied rows are listed by name.
    """
    w = weights or EvaluationWeights()
    best = max((d.suppliers for d in departments), default=0)
    rows = []
    for d in departments:
        achievement = None
        if d.target_won:
            achievement = min(d.eligible_won / d.target_won, 1.0) * 100
        plan = 0.0
        if d.plan_days_late is not None:
            if d.plan_days_late == 0:
                plan = 100.0
            elif w.plan_late_cutoff_days > 0:
                plan = max(0.0, 100 * (1 - d.plan_days_late / w.plan_late_cutoff_days))
        recorded = sum(d.exceptions.values())
        exceptions = 100.0 if recorded == 0 else d.exceptions_justified / recorded * 100
        breadth = d.suppliers / best * 100 if best else 0.0
        parts = [
            (w.achievement, achievement),
            (w.plan_on_time, plan),
            (w.justified_exceptions, exceptions),
            (w.supplier_breadth, breadth),
        ]
        applicable = [(wt, s) for wt, s in parts if s is not None]
        weight_sum = sum(wt for wt, _ in applicable)
        total = sum(wt * s for wt, s in applicable) / weight_sum if weight_sum else 0.0
        rows.append((d, achievement, plan, exceptions, breadth, total))
    rows.sort(key=lambda r: (-round(r[5], 9), r[0].name, r[0].department))
    result = []
    for position, (d, achievement, plan, exceptions, breadth, total) in enumerate(rows):
        rank = position + 1
        if position and round(rows[position - 1][5], 9) == round(total, 9):
            rank = result[-1].rank
        result.append(
            DepartmentEvaluation(
                department=d.department,
                name=d.name,
                achievement_score=achievement,
                plan_score=plan,
                exceptions_score=exceptions,
                breadth_score=breadth,
                total_score=total,
                rank=rank,
            )
        )
    return tuple(result)
