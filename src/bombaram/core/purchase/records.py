"""Report input: the plain data (institution, purchases, department plans) the Django side builds from its rows.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bombaram.core.purchase.codes import EXCEPTION_REASONS, Channel


@dataclass(frozen=True, slots=True)
class Institution:
    """A public institution of Art. 4 (구 본청, 보건소, 동주민센터, 구의회 사무국, 공단).

    ``id``: a short stable code (used in OCDS ocids); ``brn``: its
    사업자등록번호 if any.
    """

    id: str
    name: str
    brn: str | None = None


@dataclass(frozen=True, slots=True)
class PurchaseRecord:
    """One recorded purchase, with its eligibility outcome already decided.

    ``counted``/``reason_code``/``reason``/``in_district``/``indirect`` come
    from :func:`check_eligibility` at recording time. ``exception_code`` (1-6)
    and ``exception_justification`` record an Art. 10 exception: a purchase made
    elsewhere instead of from a 사회적경제기업. ``department`` is the
    department's stable code. For a 판매관 purchase the supplier is the
    producing organisation.
    """

    id: str
    purchased_on: date
    department: str
    supplier_id: str
    supplier_name: str
    item: str
    category: str
    amount_won: int
    counted: bool
    reason_code: str | None = None
    reason: str | None = None
    in_district: bool | None = None
    indirect: bool = False
    exception_code: int | None = None
    exception_justification: str = ""
    channel: str = Channel.DIRECT
    method: str | None = None
    supplier_brn: str | None = None
    #: when the purchase was recorded (aware): the date of its first OCDS release; None: the purchase day
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        if isinstance(self.amount_won, bool) or not isinstance(self.amount_won, int):
            raise TypeError(f"구매금액은 원 단위 정수여야 합니다: {self.amount_won!r}")
        if self.amount_won < 0:
            raise ValueError(f"구매금액은 0원 이상이어야 합니다: {self.amount_won}")
        if self.exception_code is not None and self.exception_code not in EXCEPTION_REASONS:
            raise ValueError(f"알 수 없는 예외 사유 코드입니다: {self.exception_code}")


def default_plan_due(year: int) -> date:
    """When the 사회적경제과 set no deadline, a year's plans are due by the end of the year before
    (the plan is made before the fiscal year starts)."""
    return date(int(year) - 1, 12, 31)


@dataclass(frozen=True, slots=True)
class DepartmentPlan:
    """A department's purchase plan for the year (구매계획서, Art. 6 and the 공시제 절차).

    ``submitted_on`` None: not submitted.
    """

    department: str
    planned_won: int
    due_on: date
    submitted_on: date | None = None


@dataclass(frozen=True, slots=True)
class ReportInput:
    """Everything the annual report needs, as plain data.

    ``target_won``: the institution's target (성북: 25억 in 2014);
    ``department_targets``: 부서별 구매목표액 by department code; ``plans``: at
    most one per department; ``earlier_supplier_ids``: suppliers bought from
    (counted) in any earlier year; ``department_names``: display names by code.
    """

    purchases: Sequence[PurchaseRecord]
    target_won: int | None = None
    department_targets: Mapping[str, int] = field(default_factory=dict)
    plans: Sequence[DepartmentPlan] = ()
    earlier_supplier_ids: Collection[str] = frozenset()
    department_names: Mapping[str, str] = field(default_factory=dict)
