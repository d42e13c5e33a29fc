"""Codes and labels of the Seongbuk ordinance: designation types, channels, categories, contract methods,
the Art. 10 exception reasons and why a purchase did not count.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from enum import StrEnum


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
