"""Rows of an organisation list: column names, parsing, and matching to known organisations.

Plain data in, plain data out: the registry app reads the file (core.tabular), parses each row here,
matches it against an index of the organisations it already holds, and writes the result.

Matching rule (DESIGN.md "Organisation registry"): the same 사업자등록번호, else the same
법인등록번호, else the same normalised name in the same district. Anything that points at two
different organisations is *ambiguous*: reported, never merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from bombaram.core import dates, identifiers, names, numbers
from bombaram.core.districts import DistrictIndex, ResolutionStatus
from bombaram.core.tabular import shown_text

#: canonical column → header spellings found in public files (matched without spaces, case-folded)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "기업명", "기관명", "법인명", "조합명", "마을기업명", "업체명", "상호", "조직명", "단체명", "사업체명"),
    "business_no": ("business_no", "사업자등록번호", "사업자번호"),
    "corporate_no": ("corporate_no", "법인등록번호", "법인번호"),
    "district": ("district", "자치구", "시군구", "구", "시군"),
    "address": ("address", "소재지", "주소", "사업장주소", "소재지주소", "본점소재지", "사업장소재지"),
    "industry": ("industry", "업종", "주업종", "사업분야", "분야", "업종구분"),
    "ksic": ("ksic", "표준산업분류", "산업분류코드", "KSIC"),
    "legal_form": ("legal_form", "법인형태", "조직형태", "법적형태", "법인격"),
    "founded": ("founded", "설립일", "설립일자", "설립연월일"),
    "granted": ("granted", "인증·지정일", "인증일", "지정일", "인가일", "설립인가일", "인증일자", "지정일자", "인가일자", "선정일"),
    "ended": ("ended", "종료일", "지정종료일", "인증취소일", "취소일", "해산일", "지정해제일"),
    "certificate_no": ("certificate_no", "인증·지정번호", "인증번호", "지정번호", "인가번호"),
    "members": ("members", "조합원수", "조합원"),
    "capital_won": ("capital_won", "출자금", "출자금액", "출자금총액"),
    "phone": ("phone", "전화", "전화번호", "연락처", "대표전화"),
    "website": ("website", "홈페이지", "누리집", "웹사이트"),
    # beyond the public lists: what bombaram's own export writes, so that export → import is lossless
    "designation": ("designation", "지정유형", "지정구분", "기업구분", "기업유형"),
    # who designated it (a 시도 for 지역형 예비사회적기업, a ministry for 부처형)
    "authority": ("authority", "지정기관", "지정권자", "지정주체", "지정부처", "지정시도"),
    "representative": ("representative", "대표자", "대표자명", "대표"),
    "email": ("email", "이메일", "전자우편"),
    "status": ("status", "상태"),
    "closed": ("closed", "폐업일"),
    "members_counted_on": ("members_counted_on", "조합원수기준일"),
    "illustrative": ("illustrative", "예시데이터"),
    # yearly figures (연도별 실적): the year they are of, employment, revenue, operating profit, wage support
    "figures_year": ("figures_year", "기준연도", "연도", "회계연도", "사업연도", "실적연도"),
    "employees": ("employees", "근로자수", "근로자", "고용인원", "직원수", "종업원수", "상시근로자수", "전체근로자수"),
    "vulnerable_employees": ("vulnerable_employees", "취약계층고용", "취약계층고용인원", "취약계층근로자수", "취약계층근로자"),
    "revenue_won": ("revenue_won", "매출액", "매출", "연매출", "연매출액"),
    "operating_profit_won": ("operating_profit_won", "영업이익", "영업손익", "영업이익(손실)"),
    "wage_support_ends": ("wage_support_ends", "인건비지원종료일", "인건비지원종료", "인건비지원만료일", "인건비지원기간종료일"),
}
#: the columns of yearly figures: a row giving any of them needs the year (figures_year)
FIGURE_COLUMNS: tuple[str, ...] = ("employees", "vulnerable_employees", "revenue_won", "operating_profit_won", "wage_support_ends")

#: the national certified social enterprise open API (data.go.kr 15082035) record keys
API_FIELDS: dict[str, str] = {
    "entNmV": "name", "certiNumV": "certificate_no", "certiIssuD": "granted", "addr": "address",
    "telNo": "phone", "homepageAddrV": "website", "busiContV": "industry", "ceoNmV": "representative",
}

#: Korean labels of the columns, for messages and exports
COLUMN_LABELS: dict[str, str] = {
    "name": "기업명", "business_no": "사업자등록번호", "corporate_no": "법인등록번호", "district": "자치구",
    "address": "소재지", "industry": "업종", "ksic": "표준산업분류", "legal_form": "법인형태", "founded": "설립일",
    "granted": "인증·지정일", "ended": "종료일", "certificate_no": "인증·지정번호", "members": "조합원수",
    "capital_won": "출자금(원)", "phone": "전화번호", "website": "홈페이지", "designation": "지정유형",
    "representative": "대표자", "email": "전자우편", "authority": "지정기관", "status": "상태", "closed": "폐업일",
    "members_counted_on": "조합원수 기준일", "illustrative": "예시 데이터",
    "figures_year": "기준연도", "employees": "근로자수", "vulnerable_employees": "취약계층 고용",
    "revenue_won": "매출액(원)", "operating_profit_won": "영업이익(원)", "wage_support_ends": "인건비 지원 종료일",
}

STATUS_WORDS = {"active": "active", "운영": "active", "운영중": "active", "정상": "active",
                "suspended": "suspended", "휴업": "suspended", "closed": "closed", "폐업": "closed", "해산": "closed"}

#: keywords that place a free-text industry in one of the report's ten groups (first match wins)
INDUSTRY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("교육", "education"), ("학습", "education"), ("문화", "culture"), ("예술", "culture"), ("공연", "culture"),
    ("관광", "culture"), ("복지", "welfare"), ("돌봄", "welfare"), ("간병", "welfare"), ("보건", "welfare"),
    ("의료", "welfare"), ("식품", "food_beverage"), ("음식", "food_beverage"), ("카페", "food_beverage"),
    ("급식", "food_beverage"), ("제과", "food_beverage"), ("농업", "farming"), ("영농", "farming"), ("농산", "farming"),
    ("유통", "distribution"), ("판매", "distribution"), ("도소매", "distribution"), ("도매", "distribution"),
    ("소매", "distribution"), ("제조", "manufacturing"), ("주택", "housing_construction"), ("건축", "housing_construction"),
    ("건설", "housing_construction"), ("집수리", "housing_construction"), ("환경", "environment"),
    ("재활용", "environment"), ("청소", "environment"), ("서비스", "other_services"),
)

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _parse_date_cached(text: str) -> dt.date | None:
    parsed = dates.parse_date(text)
    return parsed.value if parsed else None


@lru_cache(maxsize=65536)
def _parse_amount_cached(text: str, unit: str | int) -> int | None:
    return numbers.parse_amount(text, unit)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    error: str

    def as_dict(self) -> dict[str, object]:
        """For reports and messages: NUL shown as "\\x00" (PostgreSQL's JSON refuses it), long texts cut."""
        return {"row": self.row, "column": self.column, "value": shown_text(self.value, 200),
                "error": shown_text(self.error, 400)}


@dataclass(slots=True)
class OrganisationRow:
    """One accepted row, every value parsed; empty strings and None mean "not given"."""

    row: int
    name: str
    name_key: str
    designation: str
    business_no: str = ""
    business_no_check_ok: bool | None = None
    corporate_no: str = ""
    corporate_no_check_ok: bool | None = None
    district_code: str | None = None
    location: str = "unknown"
    outside_area: str = ""
    address: str = ""
    industry_code: str | None = None
    industry_text: str = ""
    ksic: str = ""
    legal_form: str = ""
    founded: dt.date | None = None
    granted: dt.date | None = None
    ended: dt.date | None = None
    certificate_no: str = ""
    members: int | None = None
    capital_won: int | None = None
    members_counted_on: dt.date | None = None
    phone: str = ""
    website: str = ""
    email: str = ""
    representative: str = ""
    status: str = ""
    closed: dt.date | None = None
    illustrative: bool = False
    designating_sido: str = ""          # 2-digit 시도 code of a 지역형 (서울형, 충남형 …) designation
    designating_ministry: str = ""      # the ministry of a 부처형 designation
    figures_year: int | None = None
    employees: int | None = None
    vulnerable_employees: int | None = None
    revenue_won: int | None = None
    operating_profit_won: int | None = None
    wage_support_ends: dt.date | None = None
    warnings: list[RowError] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, object]:
        """The yearly figures the row gives (only those it gives: a list that leaves one out keeps it)."""
        return {c: getattr(self, c) for c in FIGURE_COLUMNS if getattr(self, c) is not None}

    @property
    def match_business_no(self) -> str:
        return self.business_no if self.business_no and "*" not in self.business_no else ""

    @property
    def match_corporate_no(self) -> str:
        return self.corporate_no if self.corporate_no and "*" not in self.corporate_no else ""


@dataclass(frozen=True)
class RowContext:
    """What parsing needs to know about the region and the classifications."""

    districts: DistrictIndex
    industries: Mapping[str, str]       # any spelling (code, 한글, English, lower-cased) → code
    designations: Mapping[str, str]     # any spelling → code
    default_designation: str | None
    money_unit: str = "원"
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    money_units: Mapping[str, str] = field(default_factory=dict)  # column → its header's unit (매출액(천원))
    sido_codes: Mapping[str, str] = field(default_factory=dict)  # any name of a 시도 ("충남") → its code

    def resolve_district(self, text: str):
        """Resolve a district column or an address, remembering the answer for the address's first words
        (시도, 시군구 and one more: enough for two-word names such as 수원시 장안구)."""
        key = " ".join(text.split()[:3])
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.districts.resolve(text)
        return found


def designation_lookup(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """(code, name_ko, name_en) rows → a lookup accepting the code, the Korean and English names, without spaces."""
    lookup: dict[str, str] = {}
    for code, ko, en in rows:
        for key in (code, ko, en, ko.replace("(", "").replace(")", "")):
            lookup[_key(key)] = code
    extra = {"인증사회적기업": "certified_se", "사회적기업": "certified_se", "서울형예비사회적기업": "seoul_pre_se",
             "서울형예비": "seoul_pre_se", "지역형예비사회적기업": "regional_pre_se", "부처형예비사회적기업": "regional_pre_se",
             "지역형·부처형예비사회적기업": "regional_pre_se", "협동조합": "cooperative", "일반협동조합": "cooperative"}
    for key, code in extra.items():
        if code in {c for c, _, _ in rows}:
            lookup.setdefault(_key(key), code)
    return lookup


def industry_lookup(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, ko, en in rows:
        for key in (code, ko, en):
            lookup[_key(key)] = code
    return lookup


def _key(text: str) -> str:
    return _SPACES.sub("", text).casefold()


def classify_industry(text: str, lookup: Mapping[str, str]) -> str | None:
    """The report's industry group for a free-text industry: exact name first, then keywords."""
    exact = lookup.get(_key(text))
    if exact:
        return exact
    for word, code in INDUSTRY_KEYWORDS:
        if word in text and code in lookup.values():
            return code
    return None


def parse_row(row: int, cells: Mapping[str, str], ctx: RowContext) -> tuple[OrganisationRow | None, list[RowError]]:
    """Parse one row. Returns the row (None when it has errors) and its errors, each with its column.

    Check-digit failures are warnings on the row (real numbers that fail exist), never errors.
    """
    errors: list[RowError] = []

    def err(column: str, message: str) -> None:
        errors.append(RowError(row, column, cells.get(column, ""), message))

    raw_name = cells.get("name", "")
    shown_name = names.display_name(raw_name) if raw_name else ""
    if not shown_name:
        err("name", "기업명이 비어 있습니다")

    designation = ctx.default_designation
    regional_sido = ""
    if cells.get("designation"):
        designation = ctx.designations.get(_key(cells["designation"]))
        if designation is None:
            designation, regional_sido = _regional_designation(cells["designation"], ctx)
        if designation is None:
            err("designation", "알 수 없는 지정 유형입니다")
        elif ctx.default_designation and designation != ctx.default_designation:
            err("designation", "--designation으로 지정한 유형과 다릅니다")
    elif designation is None:
        err("designation", "지정 유형이 없습니다: --designation으로 지정하거나 지정유형 열을 넣으세요")

    parsed = OrganisationRow(row=row, name=shown_name, name_key=names.normalise_name(shown_name) if shown_name else "",
                             designation=designation or "")
    _parse_authority(parsed, cells, ctx, regional_sido, err)

    for column, normalise in (("business_no", identifiers.normalise_business_no),
                              ("corporate_no", identifiers.normalise_corporate_no)):
        value = cells.get(column, "")
        if not value:
            continue
        try:
            result = normalise(value)
        except ValueError as exc:
            err(column, str(exc))
            continue
        if result is None:
            continue
        setattr(parsed, column, result.digits)
        setattr(parsed, f"{column}_check_ok", result.check_ok)
        if result.check_ok is False:
            label = "사업자등록번호" if column == "business_no" else "법인등록번호"
            parsed.warnings.append(RowError(row, column, value, f"{label}의 검증 숫자가 맞지 않습니다: 확인이 필요합니다"))

    district_text, address = cells.get("district", ""), cells.get("address", "")
    parsed.address = " ".join(address.split())  # runs of whitespace as one space, trimmed
    for column, text in (("district", district_text), ("address", address)):
        if not text:
            continue
        found = ctx.resolve_district(text)
        if found.status is ResolutionStatus.FOUND:
            parsed.district_code, parsed.location = found.code, "in_region"
            break
        if found.status is ResolutionStatus.OUTSIDE:
            parsed.location, parsed.outside_area = "outside", found.region_found or ""
            break
        if column == "district" or not district_text:
            err(column, found.message or "자치구를 찾을 수 없습니다")
            break
    else:
        err("district", "자치구나 소재지가 없습니다")

    text = cells.get("industry", "")
    if text:
        parsed.industry_text = text
        key = "industry:" + text
        if key not in ctx._cache:
            ctx._cache[key] = classify_industry(text, ctx.industries)
        parsed.industry_code = ctx._cache[key]
        if parsed.industry_code is None:
            parsed.warnings.append(RowError(row, "industry", text, "업종을 열 가지 업종 분류에 넣지 못했습니다: 원문만 저장합니다"))
    ksic = cells.get("ksic", "").replace(" ", "")
    if ksic:
        if not re.fullmatch(r"[A-U]?\d{1,5}|[A-U]", ksic):
            err("ksic", "표준산업분류 코드 형식이 아닙니다 (예: 56, 5611, C)")
        parsed.ksic = ksic

    for column in ("founded", "granted", "ended", "members_counted_on", "closed"):
        value = cells.get(column, "")
        if not value:
            continue
        try:
            setattr(parsed, column, _parse_date_cached(value))
        except ValueError as exc:
            err(column, str(exc))
    if parsed.granted and parsed.ended and parsed.ended < parsed.granted:
        err("ended", "종료일이 인증·지정일보다 앞섭니다")

    for column, unit in (("members", 1), ("capital_won", ctx.money_unit)):
        value = cells.get(column, "")
        if not value:
            continue
        try:
            amount = _parse_amount_cached(value, unit)
        except ValueError as exc:
            err(column, str(exc))
            continue
        if amount is not None and amount < 0:
            err(column, "음수일 수 없습니다")
            continue
        setattr(parsed, column, amount)

    if not _FIGURE_KEYS.isdisjoint(cells):  # most lists have no yearly figures
        _parse_figures(parsed, cells, ctx, err)

    email = cells.get("email", "")
    if email and not _EMAIL.match(email):
        err("email", "전자우편 주소 형식이 아닙니다")
    status = cells.get("status", "")
    if status:
        parsed.status = STATUS_WORDS.get(_key(status), "")
        if not parsed.status:
            err("status", "상태는 운영, 휴업, 폐업 가운데 하나여야 합니다")
    parsed.email = email
    parsed.certificate_no = cells.get("certificate_no", "")
    parsed.legal_form = cells.get("legal_form", "")
    parsed.phone = cells.get("phone", "")
    parsed.website = cells.get("website", "")
    parsed.representative = cells.get("representative", "")
    parsed.illustrative = cells.get("illustrative", "") in {"예시 데이터", "예시데이터", "1", "true", "예"}
    if errors:
        return None, errors
    return parsed, []


_REGIONAL = re.compile(r"^(.+?)형(?:예비사회적기업|예비)?$")
_MINISTRY_ENDINGS = ("부", "처", "청", "위원회")


def _regional_designation(text: str, ctx: RowContext) -> tuple[str | None, str]:
    """"충남형 예비사회적기업" (or "충남형"): 지역형 designated by that 시도 — Seoul's is the 서울형 type."""
    found = _REGIONAL.match(_key(text))
    sido = ctx.sido_codes.get(found.group(1)) if found else None
    if sido is None:
        return None, ""
    code = "seoul_pre_se" if sido == "11" and "seoul_pre_se" in ctx.designations.values() else "regional_pre_se"
    return code, sido


def _parse_authority(parsed: OrganisationRow, cells: Mapping[str, str], ctx: RowContext, regional_sido: str,
                     err) -> None:
    """Who designated a 예비사회적기업: the 지정기관 column (a 시도 in any form, or a ministry), else the 시도 of
    an "OO형" designation, else 서울특별시 for the 서울형 type. Other types keep no authority."""
    if parsed.designation not in ("seoul_pre_se", "regional_pre_se"):
        return
    text = _SPACES.sub("", cells.get("authority", ""))
    if text:
        sido = ctx.sido_codes.get(text) or ctx.sido_codes.get(text.removesuffix("청"))
        if sido is not None:
            parsed.designating_sido = sido
        elif text.endswith(_MINISTRY_ENDINGS) and len(text) <= 30:
            parsed.designating_ministry = text
        else:
            err("authority", "지정기관을 알 수 없습니다: 시도 이름(충청남도, 충남)이나 부처 이름(고용노동부)을 적어 주세요")
        return
    if regional_sido:
        parsed.designating_sido = regional_sido
    elif parsed.designation == "seoul_pre_se":
        parsed.designating_sido = "11"


_FIGURE_KEYS = frozenset(("figures_year", *FIGURE_COLUMNS))
_YEAR = re.compile(r"^(\d{4})\s*(?:년|년도)?$")


def _parse_figures(parsed: OrganisationRow, cells: Mapping[str, str], ctx: RowContext, err) -> None:
    """The yearly figures of a row: counts of people ("12", "12명"), amounts ("1억 868만원", "1,000" in
    the header's unit, a loss as "-5,000" or "△5,000"), the date wage support ends, and their year."""
    year = cells.get("figures_year", "").strip()
    if year:
        found = _YEAR.match(year.removesuffix(".0"))
        if found is None or not 1900 <= int(found.group(1)) <= 2100:
            err("figures_year", "기준연도는 2013처럼 네 자리 연도로 적어 주세요")
        else:
            parsed.figures_year = int(found.group(1))
    for column in ("employees", "vulnerable_employees"):
        value = cells.get(column, "").strip().removesuffix("명").strip()
        if not value:
            continue
        try:
            count = _parse_amount_cached(value, 1)
        except ValueError as exc:
            err(column, str(exc))
            continue
        if count is not None and count < 0:
            err(column, "음수일 수 없습니다")
            continue
        setattr(parsed, column, count)
    for column in ("revenue_won", "operating_profit_won"):
        value = cells.get(column, "")
        if not value:
            continue
        try:
            amount = _parse_amount_cached(value, ctx.money_units.get(column) or "원")
        except ValueError as exc:
            err(column, str(exc))
            continue
        if column == "revenue_won" and amount is not None and amount < 0:
            err(column, "매출액은 음수일 수 없습니다")
            continue
        setattr(parsed, column, amount)
    value = cells.get("wage_support_ends", "")
    if value:
        try:
            parsed.wage_support_ends = _parse_date_cached(value)
        except ValueError as exc:
            err("wage_support_ends", str(exc))
    if (parsed.employees is not None and parsed.vulnerable_employees is not None
            and parsed.vulnerable_employees > parsed.employees):
        err("vulnerable_employees", "취약계층 고용이 근로자수보다 많습니다")
    if parsed.figures_year is None and not year and any(cells.get(c, "").strip() for c in FIGURE_COLUMNS):
        err("figures_year", "근로자수·매출액 같은 연도별 수치가 있는데 기준연도가 비어 있습니다")


@dataclass
class KnownOrganisation:
    """What matching needs of an organisation already in the registry (or created earlier in the file)."""

    key: object                  # the database id, or a placeholder for one made from this file
    business_no: str
    corporate_no: str
    name_key: str
    district_code: str | None


@dataclass(frozen=True)
class Match:
    key: object | None           # the matched organisation, None for a new one
    by: str                      # "business_no", "corporate_no", "name_district" or "new"
    ambiguous: str | None = None  # Korean explanation when the row points at several organisations


class OrganisationIndex:
    """Look-ups by business number, corporate number and (normalised name, district)."""

    def __init__(self) -> None:
        self.by_business: dict[str, KnownOrganisation] = {}
        self.by_corporate: dict[str, KnownOrganisation] = {}
        self.by_name: dict[tuple[str, str | None], list[KnownOrganisation]] = {}

    def add(self, org: KnownOrganisation) -> None:
        if org.business_no and "*" not in org.business_no:
            self.by_business.setdefault(org.business_no, org)
        if org.corporate_no and "*" not in org.corporate_no:
            self.by_corporate.setdefault(org.corporate_no, org)
        self.by_name.setdefault((org.name_key, org.district_code), []).append(org)

    def update_numbers(self, org: KnownOrganisation, business_no: str, corporate_no: str) -> None:
        if business_no and not org.business_no:
            org.business_no = business_no
            self.by_business.setdefault(business_no, org)
        if corporate_no and not org.corporate_no:
            org.corporate_no = corporate_no
            self.by_corporate.setdefault(corporate_no, org)

    def match(self, row: OrganisationRow) -> Match:
        """Business number, then corporate number, then name + district; conflicts are ambiguous."""
        bn, cn = row.match_business_no, row.match_corporate_no
        by_bn = self.by_business.get(bn) if bn else None
        by_cn = self.by_corporate.get(cn) if cn else None
        if by_bn is not None and by_cn is not None and by_bn is not by_cn:
            return Match(None, "ambiguous", "사업자등록번호와 법인등록번호가 서로 다른 조직을 가리킵니다")
        if by_bn is not None:
            if cn and by_bn.corporate_no and by_bn.corporate_no != cn:
                return Match(None, "ambiguous", "사업자등록번호는 같지만 법인등록번호가 다른 조직이 있습니다")
            return Match(by_bn.key, "business_no")
        if by_cn is not None:
            if bn and by_cn.business_no and by_cn.business_no != bn:
                return Match(None, "ambiguous", "법인등록번호는 같지만 사업자등록번호가 다른 조직이 있습니다")
            return Match(by_cn.key, "corporate_no")
        candidates = [
            org for org in self.by_name.get((row.name_key, row.district_code), [])
            # an organisation with another registration number is another organisation
            if not (bn and org.business_no and org.business_no != bn)
            and not (cn and org.corporate_no and org.corporate_no != cn)
        ]
        if len(candidates) > 1:
            return Match(None, "ambiguous", f"이름과 자치구가 같은 조직이 {len(candidates)}곳 있습니다")
        if candidates:
            return Match(candidates[0].key, "name_district")
        return Match(None, "new")
