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

The package holds one concept a module: ``codes`` (codes and labels), ``eligibility`` (Art. 2),
``exceptions`` (Art. 10), ``records`` (the plain input of the report), ``report`` (Art. 7: tallies and
the annual report), ``evaluation`` (Art. 17) and ``ocds`` (Open Contracting releases and records).
Every name is also importable from ``bombaram.core.purchase`` itself, as before the split.
"""

from __future__ import annotations

from bombaram.core.purchase import ocds
from bombaram.core.purchase.codes import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    CONTRACT_METHOD_LABELS,
    DESIGNATION_LABELS,
    EXCEPTION_REASONS,
    EXCEPTION_SHORT_LABELS,
    NOT_COUNTED_LABELS,
    SEONGBUK_DISTRICT_CODE,
    SEONGBUK_ELIGIBLE_TYPES,
    Category,
    Channel,
    ContractMethod,
    DesignationType,
    DistrictMode,
    NotCountedReason,
)
from bombaram.core.purchase.eligibility import (
    SEONGBUK_POLICY,
    Designation,
    EligibilityPolicy,
    EligibilityResult,
    check_eligibility,
)
from bombaram.core.purchase.evaluation import (
    DepartmentEvaluation,
    EvaluationWeights,
    evaluate_departments,
)
from bombaram.core.purchase.exceptions import (
    validate_exception,
)
from bombaram.core.purchase.ocds import (
    BRN_SCHEME,
    OCDS_CATEGORY,
    OCDS_METHOD,
    NothingToPublish,
    ocds_release_package,
)
from bombaram.core.purchase.records import (
    DepartmentPlan,
    Institution,
    PurchaseRecord,
    ReportInput,
    default_plan_due,
)
from bombaram.core.purchase.report import (
    Concentration,
    DepartmentPerformance,
    DepartmentTally,
    ExceptionEntry,
    ExceptionSummary,
    GroupedTallies,
    ItemTally,
    MonthRow,
    MonthTally,
    NotCounted,
    PerformanceReport,
    ReportTallies,
    SupplierSummary,
    SupplierTally,
    TotalRow,
    annual_report,
    group_tallies,
    not_counted_entry,
    report_from_grouped,
    report_from_tallies,
    summarise_suppliers,
    tally,
)

__all__ = [
    "BRN_SCHEME",
    "CATEGORY_LABELS",
    "CHANNEL_LABELS",
    "CONTRACT_METHOD_LABELS",
    "Category",
    "Channel",
    "Concentration",
    "ContractMethod",
    "DESIGNATION_LABELS",
    "DepartmentEvaluation",
    "DepartmentPerformance",
    "DepartmentPlan",
    "Designation",
    "DesignationType",
    "DistrictMode",
    "EXCEPTION_REASONS",
    "EXCEPTION_SHORT_LABELS",
    "EligibilityPolicy",
    "EligibilityResult",
    "EvaluationWeights",
    "ExceptionEntry",
    "ExceptionSummary",
    "GroupedTallies",
    "ItemTally",
    "MonthTally",
    "SupplierSummary",
    "SupplierTally",
    "DepartmentTally",
    "Institution",
    "MonthRow",
    "NOT_COUNTED_LABELS",
    "NotCounted",
    "NotCountedReason",
    "NothingToPublish",
    "OCDS_CATEGORY",
    "OCDS_METHOD",
    "PerformanceReport",
    "PurchaseRecord",
    "ReportInput",
    "ReportTallies",
    "SEONGBUK_DISTRICT_CODE",
    "SEONGBUK_ELIGIBLE_TYPES",
    "SEONGBUK_POLICY",
    "TotalRow",
    "annual_report",
    "check_eligibility",
    "default_plan_due",
    "evaluate_departments",
    "not_counted_entry",
    "ocds",
    "ocds_release_package",
    "group_tallies",
    "report_from_grouped",
    "summarise_suppliers",
    "report_from_tallies",
    "tally",
    "validate_exception",
]
