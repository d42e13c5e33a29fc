"""Public purchase (공공구매) rules of the Seongbuk ordinance, as plain functions.

Source throughout: 서울특별시 성북구 사회적경제제품 구매촉진 및 판로지원에 관한 조례
(the first such ordinance in Korea), articles as quoted in the 2014 report
"서울의 사회적경제 '봄, 바람'", section 성북구 공공구매제도 및 사회적경제기업
제품판매관 운용사례 (``shared/seed/seoul-social-economy-2014-report.txt``):

* Art. 2 ① 1 (사회적경제기업): 가. 「사회적기업 육성법」 제2조제1호의 (인증)
  사회적기업 and the (예비)사회적기업 of the 성북구 사회적기업 육성지원 조례 제2조;
  나. 「협동조합 기본법」 제2조제3호의 사회적협동조합; 다. 그 밖에 구청장이 정하는
  기업 — the report lists 자활기업 (국민기초생활보장법 제18조) and 마을기업 under it.
  General cooperatives (일반 협동조합) are not named. Art. 2 ① 3: 관내기업 = head office
  or production site in the district.
* Art. 6 구매계획, Art. 7 구매실적, Art. 8 우선구매 (물품 / 공사·용역, contracts under the
  지방계약법 시행령), Art. 10 우선구매 예외 (six reasons, the reason must be recorded),
  Art. 17 기관평가 (purchase performance in the institutions' evaluation).
* The report's slides: purchases through the 제품판매관 "성북구 공공구매 카운팅 가능";
  monthly disclosure analysis found "10개 내외의 물품종류가 상당한 금액 차지" (편중성).

Conventions: money is ``int`` won; dates are ``datetime.date`` given by the caller
(nothing reads the clock); codes are ``StrEnum`` members, equal to their plain
string values; messages meant for users are Korean. Percentages are floats on
a 0-100 scale, ``None`` when the denominator is zero or missing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import numpy as np

from bombaram.core.measures import concentration_ratio, hhi

__all__ = [
    "CATEGORY_LABELS",
    "CHANNEL_LABELS",
    "CONTRACT_METHOD_LABELS",
    "DESIGNATION_LABELS",
    "EXCEPTION_REASONS",
    "EXCEPTION_SHORT_LABELS",
    "NOT_COUNTED_LABELS",
    "SEONGBUK_DISTRICT_CODE",
    "SEONGBUK_ELIGIBLE_TYPES",
    "SEONGBUK_POLICY",
    "Category",
    "Channel",
    "Concentration",
    "ContractMethod",
    "DepartmentEvaluation",
    "DepartmentPerformance",
    "DepartmentPlan",
    "Designation",
    "DesignationType",
    "DistrictMode",
    "EligibilityPolicy",
    "EligibilityResult",
    "EvaluationWeights",
    "ExceptionSummary",
    "Institution",
    "MonthRow",
    "NotCountedReason",
    "PerformanceReport",
    "PurchaseRecord",
    "ReportInput",
    "TotalRow",
    "annual_report",
    "check_eligibility",
    "evaluate_departments",
    "validate_exception",
]

# ---------------------------------------------------------------------------
# Codes and labels
# ---------------------------------------------------------------------------


class DesignationType(StrEnum):
    """Designation (지정·인증) an organisation can hold; Art. 2 ① 1 of the ordinance."""

    CERTIFIED_SE = "certified_se"
    SEOUL_PRE_SE = "seoul_pre_se"
    REGIONAL_PRE_SE = "regional_pre_se"
    VILLAGE_ENTERPRISE = "village_enterprise"
    COOPERATIVE = "cooperative"
    SOCIAL_COOPERATIVE = "social_cooperative"
    SELF_SUFFICIENCY = "self_sufficiency"
    DISTRICT_DESIGNATED = "district_designated"


DESIGNATION_LABELS: dict[str, str] = {
    DesignationType.CERTIFIED_SE: "인증 사회적기업",
    DesignationType.SEOUL_PRE_SE: "서울형 예비사회적기업",
    DesignationType.REGIONAL_PRE_SE: "지역형(부처형) 예비사회적기업",
    DesignationType.VILLAGE_ENTERPRISE: "마을기업",
    DesignationType.COOPERATIVE: "일반 협동조합",
    DesignationType.SOCIAL_COOPERATIVE: "사회적협동조합",
    DesignationType.SELF_SUFFICIENCY: "자활기업",
    DesignationType.DISTRICT_DESIGNATED: "구청장이 정하는 기업",
}

#: Types that count in 성북, in order of precedence (the order of Art. 2 ① 1 가·나·다;
#: 자활기업 and 마을기업 as the report lists them under 다). 일반 협동조합 is left out.
SEONGBUK_ELIGIBLE_TYPES: tuple[DesignationType, ...] = (
    DesignationType.CERTIFIED_SE,
    DesignationType.SEOUL_PRE_SE,
    DesignationType.REGIONAL_PRE_SE,
    DesignationType.SOCIAL_COOPERATIVE,
    DesignationType.SELF_SUFFICIENCY,
    DesignationType.VILLAGE_ENTERPRISE,
    DesignationType.DISTRICT_DESIGNATED,
)

#: 성북구's 행정표준코드 (``reference/korea/seoul_districts.csv``).
SEONGBUK_DISTRICT_CODE = "11290"


class DistrictMode(StrEnum):
    """How 관내기업 (Art. 2 ① 3) enters eligibility.

    ``flag``: computed and reported, counting unaffected; ``require``: only
    관내기업 count; ``ignore``: not computed (``in_district`` is None).
    """

    FLAG = "flag"
    REQUIRE = "require"
    IGNORE = "ignore"


class Channel(StrEnum):
    """How the goods reached the buyer."""

    DIRECT = "direct"
    SALES_HALL = "sales_hall"
    RESELLER = "reseller"


CHANNEL_LABELS: dict[str, str] = {
    Channel.DIRECT: "직접 구매",
    Channel.SALES_HALL: "사회적경제제품 판매관",
    Channel.RESELLER: "구매대행",
}


class Category(StrEnum):
    """What is bought; Art. 8 ②: 물품 (1호), 공사·용역 (2호)."""

    GOODS = "goods"
    SERVICES = "services"
    CONSTRUCTION = "construction"


CATEGORY_LABELS: dict[str, str] = {
    Category.GOODS: "물품",
    Category.SERVICES: "용역",
    Category.CONSTRUCTION: "공사",
}


class ContractMethod(StrEnum):
    """Contract method of 지방자치단체를 당사자로 하는 계약에 관한 법률 제9조 (Art. 8 ③)."""

    OPEN_COMPETITION = "open_competition"
    RESTRICTED_COMPETITION = "restricted_competition"
    NOMINATED_COMPETITION = "nominated_competition"
    PRIVATE_CONTRACT = "private_contract"


CONTRACT_METHOD_LABELS: dict[str, str] = {
    ContractMethod.OPEN_COMPETITION: "일반경쟁입찰",
    ContractMethod.RESTRICTED_COMPETITION: "제한경쟁입찰",
    ContractMethod.NOMINATED_COMPETITION: "지명경쟁입찰",
    ContractMethod.PRIVATE_CONTRACT: "수의계약",
}

#: Art. 10 ① 1-6, word for word as the report quotes the ordinance.
EXCEPTION_REASONS: dict[int, str] = {
    1: (
        "사회적경제제품의 이용자가 그 품질에 대하여 지속적으로 불만을 제기하고 "
        "이에 대한 합당한 이유가 있다고 판단되는 경우"
    ),
    2: (
        "사회적경제제품의 재고부족 등의 사유로 제품공급에 장기간 소요되어 "
        "구매 목적의 달성이 어려울 경우"
    ),
    3: "긴급 구호물자 조달 등과 같이 긴급한 수요가 발생한 경우",
    4: "사회적경제제품의 가격이 해당 회계연도내의 예산으로 계획된 제품의 구입이 불가능한 경우",
    5: "관련법령에 따라 수의계약의 방식으로 구매할 수 없는 재화나 용역인 경우",
    6: "그 밖에 우선구매가 적절하지 아니하다고 공공기관의 장이 합리적으로 판단한 경우",
}

EXCEPTION_SHORT_LABELS: dict[int, str] = {
    1: "품질 불만",
    2: "재고 부족",
    3: "긴급 수요",
    4: "예산 초과 가격",
    5: "수의계약 불가",
    6: "기관장의 합리적 판단",
}


class NotCountedReason(StrEnum):
    """Why a purchase does not count as a 사회적경제제품 purchase."""

    NO_DESIGNATION = "no_designation"
    DESIGNATION_TYPE_NOT_ELIGIBLE = "designation_type_not_eligible"
    NOT_DESIGNATED_ON_DATE = "not_designated_on_date"
    DESIGNATION_ENDED = "designation_ended"
    SALES_HALL_NOT_COUNTED = "sales_hall_not_counted"
    RESELLER_NOT_COUNTED = "reseller_not_counted"
    OUTSIDE_DISTRICT = "outside_district"
    DISTRICT_UNKNOWN = "district_unknown"


NOT_COUNTED_LABELS: dict[str, str] = {
    NotCountedReason.NO_DESIGNATION: "지정 이력 없음",
    NotCountedReason.DESIGNATION_TYPE_NOT_ELIGIBLE: "인정 대상이 아닌 지정 유형",
    NotCountedReason.NOT_DESIGNATED_ON_DATE: "구매일에 지정 전",
    NotCountedReason.DESIGNATION_ENDED: "구매일에 지정 종료",
    NotCountedReason.SALES_HALL_NOT_COUNTED: "판매관 구매 불인정",
    NotCountedReason.RESELLER_NOT_COUNTED: "구매대행 불인정",
    NotCountedReason.OUTSIDE_DISTRICT: "관외기업",
    NotCountedReason.DISTRICT_UNKNOWN: "관내기업 여부 미확인",
}

# ---------------------------------------------------------------------------
# Eligibility (Art. 2)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Designation:
    """One designation held by an organisation over ``[granted, ended)``.

    ``ended`` is exclusive: the first day on which the designation no longer
    holds (the effective date of a cancellation or the day after the last day
    of a fixed term); None while it still holds. A term printed
    "2012.1.1 ~ 2014.12.31" is stored as granted 2012-01-01, ended 2015-01-01.
    """

    type: str
    granted: date
    ended: date | None = None

    def __post_init__(self) -> None:
        if self.type not in DESIGNATION_LABELS:
            raise ValueError(f"알 수 없는 지정 유형입니다: {self.type}")
        if self.ended is not None and self.ended < self.granted:
            raise ValueError(f"지정 종료일({self.ended})이 지정일({self.granted})보다 앞섭니다.")

    def valid_on(self, day: date) -> bool:
        """True when ``granted <= day < ended`` (``ended`` None: no end)."""
        return self.granted <= day and (self.ended is None or day < self.ended)


@dataclass(frozen=True, slots=True)
class EligibilityPolicy:
    """Which suppliers count, per institution (a database row on the Django side).

    ``eligible_types`` is ordered by precedence: when a supplier holds several
    eligible designations on the purchase date, the first in this order is
    reported as the one used. ``count_sales_hall``: purchases through the
    제품판매관 count, attributed to the producing organisation (the report:
    "성북구 공공구매 카운팅 가능"). ``count_reseller``: purchases through a
    purchasing agent (구매대행) count; when they do they are always flagged
    ``indirect``. Defaults are 성북's (Art. 2 ① 1).
    """

    eligible_types: tuple[str, ...] = SEONGBUK_ELIGIBLE_TYPES
    district_mode: str = DistrictMode.FLAG
    district_code: str | None = None
    count_sales_hall: bool = True
    count_reseller: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "eligible_types", tuple(self.eligible_types))
        unknown = [t for t in self.eligible_types if t not in DESIGNATION_LABELS]
        if unknown:
            raise ValueError(f"알 수 없는 지정 유형입니다: {', '.join(map(str, unknown))}")
        if self.district_mode not in tuple(DistrictMode):
            raise ValueError(f"알 수 없는 관내기업 처리 방식입니다: {self.district_mode}")
        if self.district_mode == DistrictMode.REQUIRE and not self.district_code:
            raise ValueError("관내기업만 인정하려면 자치구 코드가 필요합니다.")


#: 성북구's policy: every type but 일반 협동조합, 관내기업 flagged, 판매관 and 구매대행 counted.
SEONGBUK_POLICY = EligibilityPolicy(district_code=SEONGBUK_DISTRICT_CODE)


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """Outcome of :func:`check_eligibility`.

    ``reason_code``/``reason`` are None when counted. ``designation``: the
    eligible designation type valid on the purchase date (reported even when
    the purchase fails for another reason). ``in_district``: None when unknown
    or not computed. ``indirect``: bought through a purchasing agent.
    """

    counted: bool
    reason_code: str | None
    reason: str | None
    designation: str | None
    in_district: bool | None
    indirect: bool


def check_eligibility(
    policy: EligibilityPolicy,
    designations: Iterable[Designation | tuple[str, date, date | None]],
    purchase_date: date,
    supplier_district: str | Collection[str] | None,
    channel: str = Channel.DIRECT,
) -> EligibilityResult:
    """Does a purchase count as a 사회적경제제품 purchase (Art. 2 ① 1-2, Art. 7)?

    Rule: the supplier (for a 판매관 purchase: the producing organisation, whose
    designations and district the caller passes) must hold, on
    ``purchase_date``, a designation whose type is in
    ``policy.eligible_types``; a designation is valid on d when
    ``granted <= d < ended`` (``ended`` exclusive, see :class:`Designation`).
    Then the channel must be allowed by the policy, and under
    ``district_mode="require"`` the supplier must be a 관내기업 (Art. 2 ① 3: head
    office or production site in the district: pass one district code or the
    set of both).

    The first failing test gives the reason, in this order:
    no designation at all → ``no_designation``; no designation of an eligible
    type ever → ``designation_type_not_eligible``; eligible designations but none
    valid on the date → ``designation_ended`` if one ended on or before it, else
    ``not_designated_on_date`` (granted later); then ``sales_hall_not_counted``,
    ``reseller_not_counted``, ``outside_district`` / ``district_unknown``.
    """
    if channel not in CHANNEL_LABELS:
        raise ValueError(f"알 수 없는 구매 경로입니다: {channel}")
    held = [d if isinstance(d, Designation) else Designation(*d) for d in designations]
    valid_types = {d.type for d in held if d.valid_on(purchase_date)}
    used = next((t for t in policy.eligible_types if t in valid_types), None)
    in_district = _in_district(policy, supplier_district)
    indirect = channel == Channel.RESELLER

    failure: tuple[NotCountedReason, str] | None = None
    if used is None:
        failure = _designation_failure(policy, held, purchase_date)
    elif channel == Channel.SALES_HALL and not policy.count_sales_hall:
        failure = (
            NotCountedReason.SALES_HALL_NOT_COUNTED,
            "이 기관은 사회적경제제품 판매관을 통한 구매를 실적으로 인정하지 않습니다.",
        )
    elif channel == Channel.RESELLER and not policy.count_reseller:
        failure = (
            NotCountedReason.RESELLER_NOT_COUNTED,
            "이 기관은 구매대행을 통한 구매를 실적으로 인정하지 않습니다.",
        )
    elif policy.district_mode == DistrictMode.REQUIRE and in_district is not True:
        if in_district is None:
            failure = (
                NotCountedReason.DISTRICT_UNKNOWN,
                "관내기업만 인정하는데 공급자의 소재지(본사·생산시설)를 알 수 없습니다.",
            )
        else:
            failure = (
                NotCountedReason.OUTSIDE_DISTRICT,
                "관내기업(본사 또는 생산시설이 관내에 있는 기업)만 인정합니다.",
            )
    return EligibilityResult(
        counted=failure is None,
        reason_code=None if failure is None else failure[0],
        reason=None if failure is None else failure[1],
        designation=used,
        in_district=in_district,
        indirect=indirect,
    )


def _in_district(
    policy: EligibilityPolicy, supplier_district: str | Collection[str] | None
) -> bool | None:
    if policy.district_mode == DistrictMode.IGNORE or not policy.district_code:
        return None
    if supplier_district is None:
        return None
    if isinstance(supplier_district, str):
        return supplier_district == policy.district_code
    districts = set(supplier_district)
    if not districts:
        return None
    return policy.district_code in districts


def _designation_failure(
    policy: EligibilityPolicy, held: list[Designation], day: date
) -> tuple[NotCountedReason, str]:
    if not held:
        return NotCountedReason.NO_DESIGNATION, "사회적경제기업 지정 이력이 없습니다."
    eligible = [d for d in held if d.type in policy.eligible_types]
    if not eligible:
        labels = ", ".join(dict.fromkeys(DESIGNATION_LABELS[d.type] for d in held))
        return (
            NotCountedReason.DESIGNATION_TYPE_NOT_ELIGIBLE,
            f"보유한 지정({labels})은 이 기관의 구매실적 인정 대상 유형이 아닙니다.",
        )
    ended = [d for d in eligible if d.ended is not None and d.ended <= day]
    if ended:
        last = max(ended, key=lambda d: d.ended or d.granted)
        return (
            NotCountedReason.DESIGNATION_ENDED,
            f"구매일({day.isoformat()})에는 {DESIGNATION_LABELS[last.type]} 지정이 "
            f"끝난 뒤였습니다(종료일 {last.ended}).",
        )
    first = min(eligible, key=lambda d: d.granted)
    return (
        NotCountedReason.NOT_DESIGNATED_ON_DATE,
        f"구매일({day.isoformat()})에는 아직 {DESIGNATION_LABELS[first.type]} 지정 전이었습니다"
        f"(지정일 {first.granted.isoformat()}).",
    )


# ---------------------------------------------------------------------------
# Exceptions (Art. 10)
# ---------------------------------------------------------------------------


def validate_exception(
    code: int | str | None, justification: str | None, *, min_length: int = 10
) -> list[str]:
    """Korean errors of a 우선구매 예외 record; an empty list means valid.

    Rule (Art. 10): a department may not buy the 사회적경제제품 only for one of
    the six reasons of ① (codes 1-6, :data:`EXCEPTION_REASONS`), and ② it must
    record the reason (그 사유를 기록하여야 한다). So a valid exception has a
    code 1-6 (an int, or its digits as text) and a written justification of at
    least ``min_length`` characters after trimming blanks (default 10: one
    short sentence; a bare word such as "품질" is not a justification).
    """
    errors: list[str] = []
    parsed = _exception_code(code)
    if code is None or (isinstance(code, str) and not code.strip()):
        errors.append("우선구매 예외 사유(조례 제10조 제1항 제1호~제6호)를 선택하십시오.")
    elif parsed is None:
        errors.append(f"알 수 없는 예외 사유 코드입니다: {code} (1~6 중 하나여야 합니다).")
    text = (justification or "").strip()
    if not text:
        errors.append("예외 사유를 서면으로 기록하십시오(조례 제10조 제2항).")
    elif len(text) < min_length:
        errors.append(f"예외 사유를 구체적으로 적어 주십시오({min_length}자 이상).")
    return errors


def _exception_code(code: object) -> int | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code if code in EXCEPTION_REASONS else None
    if isinstance(code, str) and code.strip().isdigit():
        value = int(code.strip())
        return value if value in EXCEPTION_REASONS else None
    return None


# ---------------------------------------------------------------------------
# Report input (plain data the Django side builds from its rows)
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Annual performance report (Art. 7)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepartmentPerformance:
    """One department's row of the annual report.

    ``exceptions``: count by Art. 10 reason code (all six keys);
    ``exceptions_justified``: how many of them pass :func:`validate_exception`;
    ``suppliers``: distinct suppliers of its counted purchases;
    ``plan_days_late``: max(0, submitted − due) in days, None if not submitted.
    """

    department: str
    name: str
    target_won: int | None
    planned_won: int
    eligible_won: int
    total_won: int
    achievement_pct: float | None
    plan_achievement_pct: float | None
    plan_due_on: date | None
    plan_submitted_on: date | None
    plan_days_late: int | None
    exceptions: dict[int, int]
    exceptions_justified: int
    suppliers: int


@dataclass(frozen=True, slots=True)
class TotalRow:
    """Eligible and total amounts of one item, category or supplier.

    ``share_pct``: eligible_won / institution eligible × 100. For suppliers,
    ``new`` tells whether it is absent from the earlier years' set.
    """

    key: str
    label: str
    eligible_won: int
    total_won: int
    share_pct: float | None
    new: bool | None = None


@dataclass(frozen=True, slots=True)
class ExceptionSummary:
    """Art. 10 exceptions of one reason: count, how many justified, amount."""

    code: int
    label: str
    count: int
    justified: int
    amount_won: int


@dataclass(frozen=True, slots=True)
class Concentration:
    """편중성 measures of the eligible amounts (see :func:`annual_report`)."""

    supplier_hhi: float | None
    item_hhi: float | None
    top10_items_share_pct: float | None
    suppliers: int
    new_suppliers: int


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month: amounts and the same concentration measures as the year."""

    month: int
    eligible_won: int
    total_won: int
    supplier_hhi: float | None
    item_hhi: float | None
    top10_items_share_pct: float | None
    suppliers: int
    new_suppliers: int


@dataclass(frozen=True, slots=True)
class PerformanceReport:
    """The Art. 7 구매실적서 of one institution and year. ``as_dict()`` gives JSON."""

    institution: str
    institution_id: str
    year: int
    target_won: int | None
    planned_won: int
    eligible_won: int
    total_won: int
    achievement_pct: float | None
    plan_achievement_pct: float | None
    counted_share_pct: float | None
    direct_eligible_won: int
    direct_share_pct: float | None
    indirect_won: int
    in_district_won: int
    in_district_share_pct: float | None
    departments: tuple[DepartmentPerformance, ...]
    by_item: tuple[TotalRow, ...]
    by_category: tuple[TotalRow, ...]
    by_supplier: tuple[TotalRow, ...]
    exceptions: tuple[ExceptionSummary, ...]
    by_month: tuple[MonthRow, ...]
    concentration: Concentration
    not_counted: tuple[NotCounted, ...]
    not_counted_n: int = 0
    not_counted_won: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO strings, codes as strings, dict keys as strings."""
        result = _jsonable(asdict(self))
        assert isinstance(result, dict)
        return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a NamedTuple record
        return _jsonable(value._asdict())
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _pct(numerator: int | float, denominator: int | float | None) -> float | None:
    if not denominator:
        return None
    return numerator * 100 / denominator


def _factorise(values: list[Any]) -> tuple[list[Any], np.ndarray]:
    """Distinct values in first-seen order, and each value's index into them."""
    uniques = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(uniques)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return uniques, codes


def _sum_by(codes: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums of ``weights`` grouped by ``codes`` (0..size-1)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, codes, weights)
    return out


def _distinct_per_group(
    groups: np.ndarray, members: np.ndarray, n_groups: int, n_members: int
) -> np.ndarray:
    """Number of distinct members per group (pairs given as two code arrays)."""
    if n_groups == 0:
        return np.zeros(0, dtype=np.int64)
    keys = groups * max(n_members, 1) + members
    if n_groups * n_members <= max(1 << 22, 4 * keys.size):
        seen = np.zeros(n_groups * max(n_members, 1), dtype=bool)
        seen[keys] = True
        return seen.reshape(n_groups, max(n_members, 1)).sum(axis=1)
    distinct = np.unique(keys)
    return np.bincount(distinct // n_members, minlength=n_groups)


def _top10_share(amounts: np.ndarray) -> float | None:
    ratio = concentration_ratio(amounts, 10)
    return None if ratio is None else ratio * 100


_TRISTATE = {True: 1, False: 0, None: -1}
_DATE = attrgetter("purchased_on")
_AMOUNT = attrgetter("amount_won")
_COUNTED = attrgetter("counted")
_INDIRECT = attrgetter("indirect")
_IN_DISTRICT = attrgetter("in_district")
_DEPARTMENT = attrgetter("department")
_SUPPLIER = attrgetter("supplier_id")
_ITEM = attrgetter("item")
_CATEGORY = attrgetter("category")
_EXCEPTION = attrgetter("exception_code")


@dataclass(frozen=True, slots=True)
class ExceptionEntry:
    """One Art. 10 exception as the report reads it."""

    department: str
    code: int
    justification: str
    amount_won: int


class NotCounted(NamedTuple):
    """A purchase that did not count, as the report lists it (a light record: a year can hold
    hundreds of thousands)."""

    id: str
    purchased_on: date
    department: str
    supplier_id: str
    supplier_name: str
    item: str
    category: str
    amount_won: int
    reason_code: str | None
    reason: str | None


def not_counted_entry(purchase: PurchaseRecord) -> NotCounted:
    """The report's entry for a purchase that did not count."""
    return NotCounted(purchase.id, purchase.purchased_on, purchase.department, purchase.supplier_id,
                      purchase.supplier_name, purchase.item, purchase.category, purchase.amount_won,
                      purchase.reason_code, purchase.reason)


@dataclass(frozen=True, slots=True)
class ReportTallies:
    """The year's purchases summed along the dimensions the annual report needs.

    Every figure of :class:`PerformanceReport` is a sum over one of these
    groupings, so a database can keep them up to date as purchases are recorded
    and hand them over without reading a million rows. Rows (all amounts in won;
    ``counted_n`` = number of counted purchases):

    * ``supplier_month``: (month 1-12, supplier key, eligible, total, counted_n);
    * ``item_month``: (month, item, eligible, total);
    * ``department_supplier``: (department code, supplier key, eligible, total, counted_n);
    * ``flags``: (month, category, counted, indirect, in_district (True/False/None), total, number
      of purchases);
    * ``exceptions``: every Art. 10 exception; ``not_counted``: every purchase
      not counted (:class:`NotCounted`), or the first of them by date;
    * ``supplier_names``: the name shown for each supplier key.

    A key may appear in several rows of one grouping; they are added up.
    """

    supplier_month: Sequence[tuple[int, str, int, int, int]]
    item_month: Sequence[tuple[int, str, int, int]]
    department_supplier: Sequence[tuple[str, str, int, int, int]]
    flags: Sequence[tuple[int, str, bool, bool, bool | None, int, int]]
    exceptions: Sequence[ExceptionEntry]
    not_counted: Sequence[NotCounted]
    supplier_names: Mapping[str, str]


def _group_rows(keys: list[np.ndarray], weights: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Distinct combinations of integer ``keys`` and the sum of each weight per combination."""
    stacked = np.stack(keys, axis=1) if keys[0].size else np.zeros((0, len(keys)), dtype=np.int64)
    uniques, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    return uniques, [_sum_by(inverse, w, len(uniques)) for w in weights]


def tally(purchases: Sequence[PurchaseRecord], year: int) -> ReportTallies:
    """Sum ``purchases`` of ``year`` into :class:`ReportTallies` (the grouping
    a database keeps; see :func:`report_from_tallies`).

    Formula: group sums of amount (total) and amount × counted (eligible) per
    (month, supplier), (month, item), (department, supplier) and (month,
    category, counted, indirect, in_district); counted_n = Σ counted. A
    purchase outside ``year`` raises ValueError. Cost: one pass per field,
    then numpy grouping.
    """
    if not isinstance(purchases, list | tuple):
        purchases = list(purchases)
    n = len(purchases)
    ordinals = np.fromiter(map(date.toordinal, map(_DATE, purchases)), dtype=np.int64, count=n)
    outside = np.flatnonzero(
        (ordinals < date(year, 1, 1).toordinal()) | (ordinals >= date(year + 1, 1, 1).toordinal())
    )
    if outside.size:
        first = purchases[int(outside[0])]
        raise ValueError(
            f"{year}년 보고서에 다른 해의 구매가 들어 있습니다: {first.id} ({first.purchased_on})"
        )
    month_starts = np.array([date(year, m, 1).toordinal() for m in range(1, 13)])
    month = np.searchsorted(month_starts, ordinals, side="right")  # 1..12
    amount = np.fromiter(map(_AMOUNT, purchases), dtype=np.int64, count=n)
    counted = np.fromiter(map(_COUNTED, purchases), dtype=np.bool_, count=n)
    indirect = np.fromiter(map(_INDIRECT, purchases), dtype=np.int64, count=n)
    in_district = np.fromiter(
        map(_TRISTATE.__getitem__, map(_IN_DISTRICT, purchases)), dtype=np.int64, count=n
    )
    eligible = np.where(counted, amount, 0)
    counted_n = counted.astype(np.int64)
    supplier_keys = list(map(_SUPPLIER, purchases))
    suppliers, supplier_code = _factorise(supplier_keys)
    items, item_code = _factorise(list(map(_ITEM, purchases)))
    departments, dept_code = _factorise(list(map(_DEPARTMENT, purchases)))
    categories, category_code = _factorise(list(map(_CATEGORY, purchases)))

    keys, (e, t, c) = _group_rows([month, supplier_code], [eligible, amount, counted_n])
    supplier_month = [
        (m, suppliers[s], ei, ti, ci)
        for (m, s), ei, ti, ci in zip(keys.tolist(), e.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    keys, (e, t) = _group_rows([month, item_code], [eligible, amount])
    item_month = [(m, items[i], ei, ti) for (m, i), ei, ti in zip(keys.tolist(), e.tolist(), t.tolist(), strict=True)]
    keys, (e, t, c) = _group_rows([dept_code, supplier_code], [eligible, amount, counted_n])
    department_supplier = [
        (departments[d], suppliers[s], ei, ti, ci)
        for (d, s), ei, ti, ci in zip(keys.tolist(), e.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    keys, (t, c) = _group_rows(
        [month, category_code, counted_n, indirect, in_district], [amount, np.ones(n, dtype=np.int64)]
    )
    from_tristate = {1: True, 0: False, -1: None}
    flags = [
        (m, categories[k], bool(ci), bool(ii), from_tristate[d], ti, ni)
        for (m, k, ci, ii, d), ti, ni in zip(keys.tolist(), t.tolist(), c.tolist(), strict=True)
    ]
    exceptions = [
        ExceptionEntry(p.department, int(p.exception_code), p.exception_justification, p.amount_won)
        for p in purchases
        if p.exception_code is not None
    ]
    last_row = dict(zip(supplier_keys, range(n), strict=True))
    return ReportTallies(
        supplier_month=supplier_month,
        item_month=item_month,
        department_supplier=department_supplier,
        flags=flags,
        exceptions=exceptions,
        not_counted=[not_counted_entry(purchases[i]) for i in np.flatnonzero(~counted).tolist()],
        supplier_names={s: purchases[last_row[s]].supplier_name for s in suppliers},
    )


def annual_report(data: ReportInput, institution: Institution, year: int) -> PerformanceReport:
    """The annual 사회적경제제품 구매실적서 (Art. 7 ① 1 품목별 구매금액 및 구매실적,
    2 구매계획 대비 구매실적) with the monitoring the report asks for.

    Definitions (all amounts in won, over the purchases of ``year``; a purchase
    of another year raises ValueError):

    * total_won = Σ amount of all recorded purchases; eligible_won = Σ amount of
      counted purchases (``counted`` True).
    * achievement_pct = eligible / target × 100 (None without a target);
      plan_achievement_pct = eligible / planned × 100 (Art. 7 ① 2).
    * counted_share_pct = eligible / total × 100; direct_share_pct =
      (eligible − eligible indirect) / total × 100, beside it; in_district_share_pct
      = eligible of 관내기업 / eligible × 100.
    * departments: the same per department (every department with a purchase, a
      target or a plan; ordered by name), exceptions by reason, justified count,
      distinct counted suppliers, plan dates and days late.
    * by_item, by_supplier: ordered by eligible amount, then total, then name;
      by_category in the order 물품, 용역, 공사, then any other code.
    * exceptions: Art. 10 records by reason code 1-6.
    * concentration (편중성; the report: "10개 내외의 물품종류가 상당한 금액 차지"),
      over the eligible amounts of the year and of each month:
      HHI = Σ (100 · xᵢ / Σx)² over suppliers (``supplier_hhi``) and over items
      (``item_hhi``), 0-10,000 with shares in percent, the scale of the U.S.
      DOJ/FTC Horizontal Merger Guidelines (2010, §5.3), computed by
      :func:`bombaram.core.measures.hhi`; top10_items_share_pct = the ten largest
      items' share of the eligible amount (CR₁₀ × 100); suppliers = distinct
      suppliers with a counted purchase; new_suppliers = those not in
      ``earlier_supplier_ids``. A month's new_suppliers counts the new suppliers
      whose first counted purchase of the year falls in that month, so the
      months add up to the year. Measures of a month without eligible amount
      are None.
    * not_counted: the purchases not counted, by date then id, with their reasons
      (``tallies.not_counted`` may hold only the first of them: a page lists a
      few hundred); not_counted_n and not_counted_won count and sum all of them.

    Computed as :func:`report_from_tallies` of :func:`tally` (``data.purchases``).
    """
    return report_from_tallies(tally(data.purchases, year), data, institution, year)


def report_from_tallies(
    tallies: ReportTallies, data: ReportInput, institution: Institution, year: int
) -> PerformanceReport:
    """The report of :func:`annual_report` from the year's tallies (``data.purchases``
    is not read; targets, plans, earlier suppliers and names come from ``data``).

    Same definitions as :func:`annual_report`; every sum is a sum of the tallies'
    group sums.
    """
    # Suppliers × months. Rows in key order, so that the floating-point sums (HHI) do not depend on
    # the order the tallies came in.
    sm = sorted(tallies.supplier_month, key=itemgetter(1, 0))
    suppliers, supplier_code = _factorise([r[1] for r in sm])
    n_sup = len(suppliers)
    sm_month = np.fromiter((r[0] - 1 for r in sm), dtype=np.int64, count=len(sm))
    sm_eligible = np.fromiter((r[2] for r in sm), dtype=np.int64, count=len(sm))
    sm_total = np.fromiter((r[3] for r in sm), dtype=np.int64, count=len(sm))
    sm_counted = np.fromiter((r[4] for r in sm), dtype=np.int64, count=len(sm))
    month_sup = _sum_by(sm_month * n_sup + supplier_code, sm_eligible, 12 * n_sup).reshape(12, n_sup)
    sup_month_seen = (
        _sum_by(sm_month * n_sup + supplier_code, sm_counted, 12 * n_sup).reshape(12, n_sup) > 0
    )
    sup_eligible = month_sup.sum(axis=0)
    sup_total = _sum_by(supplier_code, sm_total, n_sup)

    # Items × months.
    im = sorted(tallies.item_month, key=itemgetter(1, 0))
    items, item_code = _factorise([r[1] for r in im])
    n_item = len(items)
    im_month = np.fromiter((r[0] - 1 for r in im), dtype=np.int64, count=len(im))
    im_eligible = np.fromiter((r[2] for r in im), dtype=np.int64, count=len(im))
    im_total = np.fromiter((r[3] for r in im), dtype=np.int64, count=len(im))
    month_item = _sum_by(im_month * n_item + item_code, im_eligible, 12 * n_item).reshape(12, n_item)
    item_eligible = month_item.sum(axis=0)
    item_total = _sum_by(item_code, im_total, n_item)

    # Months, categories and flags.
    month_total = [0] * 12
    cat_eligible: dict[str, int] = {}
    cat_total: dict[str, int] = {}
    total_won = eligible_won = indirect_won = in_district_won = not_counted_won = not_counted_n = 0
    for month, category, counted, indirect, in_district, amount, count in tallies.flags:
        month_total[month - 1] += amount
        if not counted:
            not_counted_won += amount
            not_counted_n += count
        cat_total[category] = cat_total.get(category, 0) + amount
        cat_eligible.setdefault(category, 0)
        total_won += amount
        if counted:
            cat_eligible[category] += amount
            eligible_won += amount
            indirect_won += amount if indirect else 0
            in_district_won += amount if in_district else 0
    planned_won = sum(p.planned_won for p in data.plans)

    # Exceptions (rare).
    exc_count = dict.fromkeys(EXCEPTION_REASONS, 0)
    exc_justified = dict.fromkeys(EXCEPTION_REASONS, 0)
    exc_amount = dict.fromkeys(EXCEPTION_REASONS, 0)
    dept_exc: dict[str, dict[int, int]] = {}
    dept_exc_justified: dict[str, int] = {}
    for entry in tallies.exceptions:
        ok = not validate_exception(entry.code, entry.justification)
        exc_count[entry.code] += 1
        exc_justified[entry.code] += ok
        exc_amount[entry.code] += entry.amount_won
        dept_exc.setdefault(entry.department, dict.fromkeys(EXCEPTION_REASONS, 0))[entry.code] += 1
        dept_exc_justified[entry.department] = dept_exc_justified.get(entry.department, 0) + ok

    # Departments: those with purchases, then any with only a target or a plan.
    plans: dict[str, DepartmentPlan] = {}
    for plan in data.plans:
        if plan.department in plans:
            raise ValueError(f"부서별 구매계획은 하나여야 합니다: {plan.department}")
        plans[plan.department] = plan
    dept_total: dict[str, int] = {}
    dept_eligible: dict[str, int] = {}
    dept_suppliers: dict[str, set[str]] = {}
    for department, supplier, eligible, total, counted_n in tallies.department_supplier:
        dept_total[department] = dept_total.get(department, 0) + total
        dept_eligible[department] = dept_eligible.get(department, 0) + eligible
        found = dept_suppliers.setdefault(department, set())
        if counted_n:
            found.add(supplier)
    all_departments = list(dict.fromkeys([*dept_total, *data.department_targets, *plans]))
    department_rows = []
    for key in all_departments:
        d_eligible = dept_eligible.get(key, 0)
        target = data.department_targets.get(key)
        plan = plans.get(key)
        late = None
        if plan is not None and plan.submitted_on is not None:
            late = max(0, (plan.submitted_on - plan.due_on).days)
        department_rows.append(
            DepartmentPerformance(
                department=key,
                name=data.department_names.get(key, key),
                target_won=target,
                planned_won=plan.planned_won if plan else 0,
                eligible_won=d_eligible,
                total_won=dept_total.get(key, 0),
                achievement_pct=_pct(d_eligible, target),
                plan_achievement_pct=_pct(d_eligible, plan.planned_won if plan else None),
                plan_due_on=plan.due_on if plan else None,
                plan_submitted_on=plan.submitted_on if plan else None,
                plan_days_late=late,
                exceptions=dept_exc.get(key, dict.fromkeys(EXCEPTION_REASONS, 0)),
                exceptions_justified=dept_exc_justified.get(key, 0),
                suppliers=len(dept_suppliers.get(key, ())),
            )
        )
    department_rows.sort(key=lambda r: (r.name, r.department))

    by_item = _total_rows(items, items, item_eligible, item_total, eligible_won)
    order = {c: i for i, c in enumerate(CATEGORY_LABELS)}
    by_category = tuple(
        TotalRow(
            key=str(c),
            label=CATEGORY_LABELS.get(c, str(c)),
            eligible_won=cat_eligible[c],
            total_won=cat_total[c],
            share_pct=_pct(cat_eligible[c], eligible_won),
        )
        for c in sorted(cat_total, key=lambda c: (order.get(c, 99), c))
    )
    names = [tallies.supplier_names.get(s, s) for s in suppliers]
    earlier = data.earlier_supplier_ids
    is_new = [s not in earlier for s in suppliers]
    by_supplier = _total_rows(suppliers, names, sup_eligible, sup_total, eligible_won, is_new)

    has_counted = sup_month_seen.any(axis=0)
    first_month = sup_month_seen.argmax(axis=0)
    new_mask = has_counted & np.array(is_new, dtype=bool)
    new_by_month = np.bincount(first_month[new_mask], minlength=12).tolist()
    month_suppliers = sup_month_seen.sum(axis=1).tolist()
    month_eligible = month_sup.sum(axis=1).tolist()
    by_month = tuple(
        MonthRow(
            month=m + 1,
            eligible_won=month_eligible[m],
            total_won=month_total[m],
            supplier_hhi=hhi(month_sup[m], scale="percent"),
            item_hhi=hhi(month_item[m], scale="percent"),
            top10_items_share_pct=_top10_share(month_item[m]),
            suppliers=month_suppliers[m],
            new_suppliers=new_by_month[m],
        )
        for m in range(12)
    )
    concentration = Concentration(
        supplier_hhi=hhi(sup_eligible, scale="percent"),
        item_hhi=hhi(item_eligible, scale="percent"),
        top10_items_share_pct=_top10_share(item_eligible),
        suppliers=int(has_counted.sum()),
        new_suppliers=int(new_mask.sum()),
    )
    not_counted = sorted(tallies.not_counted, key=lambda p: (p.purchased_on, p.id))
    target = data.target_won
    return PerformanceReport(
        institution=institution.name,
        institution_id=institution.id,
        year=year,
        target_won=target,
        planned_won=planned_won,
        eligible_won=eligible_won,
        total_won=total_won,
        achievement_pct=_pct(eligible_won, target),
        plan_achievement_pct=_pct(eligible_won, planned_won),
        counted_share_pct=_pct(eligible_won, total_won),
        direct_eligible_won=eligible_won - indirect_won,
        direct_share_pct=_pct(eligible_won - indirect_won, total_won),
        indirect_won=indirect_won,
        in_district_won=in_district_won,
        in_district_share_pct=_pct(in_district_won, eligible_won),
        departments=tuple(department_rows),
        by_item=by_item,
        by_category=by_category,
        by_supplier=by_supplier,
        exceptions=tuple(
            ExceptionSummary(
                code=code,
                label=EXCEPTION_SHORT_LABELS[code],
                count=exc_count[code],
                justified=exc_justified[code],
                amount_won=exc_amount[code],
            )
            for code in EXCEPTION_REASONS
        ),
        by_month=by_month,
        concentration=concentration,
        not_counted=tuple(not_counted),
        not_counted_n=not_counted_n,
        not_counted_won=not_counted_won,
    )


def _total_rows(
    keys: list[Any],
    labels: list[str],
    eligible: np.ndarray,
    total: np.ndarray,
    eligible_won: int,
    new: list[bool] | None = None,
) -> tuple[TotalRow, ...]:
    eligible_list = eligible.tolist()
    total_list = total.tolist()
    order = sorted(
        range(len(keys)),
        key=lambda i: (-eligible_list[i], -total_list[i], labels[i], str(keys[i])),
    )
    return tuple(
        TotalRow(
            key=str(keys[i]),
            label=labels[i],
            eligible_won=eligible_list[i],
            total_won=total_list[i],
            share_pct=_pct(eligible_list[i], eligible_won),
            new=None if new is None else new[i],
        )
        for i in order
    )


# ---------------------------------------------------------------------------
# Evaluation (Art. 17)
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Open Contracting Data Standard (OCDS 1.1): in bombaram.core.ocds, re-exported here
# ---------------------------------------------------------------------------

_OCDS_NAMES = frozenset({"BRN_SCHEME", "OCDS_CATEGORY", "OCDS_METHOD", "NothingToPublish", "ocds_release_package"})


def __getattr__(name: str) -> Any:
    """The OCDS names moved to :mod:`bombaram.core.ocds`; imported lazily (that module imports this one)."""
    if name in _OCDS_NAMES:
        from bombaram.core import ocds

        return getattr(ocds, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
