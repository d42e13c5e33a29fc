"""Eligibility (Art. 2): who counts as a 사회적경제기업 and as 관내기업 on the day of a purchase.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from bombaram.core.purchase.codes import (
    CHANNEL_LABELS,
    DESIGNATION_LABELS,
    SEONGBUK_DISTRICT_CODE,
    SEONGBUK_ELIGIBLE_TYPES,
    Channel,
    DistrictMode,
    NotCountedReason,
)


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
