"""A year of public purchases at a city's or the country's scale (예시 데이터), for ``bombaram generate``.

Pure: no Django. Deterministic: the same seed gives the same institutions, departments and lines.

* **Institutions** (기관): at the Seoul scale the city hall and the 25 구청; at the national scale 1,000
  institutions spread over the 17 시도 roughly as their populations are (예시기관, invented names).
  Each has 8–40 departments (the national mean about 20), a yearly target and one purchase plan per
  department.
* **Purchase lines**: every line picks an institution (sizes log-normal, so a few are large), a
  department of it, a day of the year, a supplier (85 % from the registry's organisations, 15 %
  named suppliers unknown to the registry), one of 40 items with its category, an amount (log-normal,
  median about 400,000 won, rounded to 1,000), a contract method and a channel (90 % direct, 5 %
  sales hall, 5 % reseller). About 3 % of the lines from unknown suppliers carry an Art. 10
  exception with its written reason.
* **Eligibility** is the registry's: the caller passes, per supplier, the decision of
  :func:`bombaram.core.purchase.check_eligibility` for the year (suppliers whose designations change
  during the year are left out of the pool, so one decision holds for every day); a line counts when
  its supplier's decision does. ``in_district`` compares the supplier's and the institution's 시군구.

Lines come in chunks of numpy columns (:class:`LineChunk`); :func:`rows` turns a chunk into tuples in
:data:`PURCHASE_COLUMNS` order for ``executemany`` or ``COPY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from bombaram.core.purchase.codes import Category, Channel, ContractMethod
from bombaram.core.purchase.national import SIDO_NAMES

#: the 17 시도 (core.purchase.national.SIDO_NAMES) with a weight near their share of the population
#: (2024, rounded): how many of the national scale's institutions each has
SIDO_WEIGHTS: dict[str, int] = {
    "11": 18, "26": 6, "27": 5, "28": 6, "29": 3, "30": 3, "31": 2, "36": 1, "41": 26, "51": 3, "43": 3, "44": 4,
    "52": 3, "46": 3, "47": 5, "48": 6, "50": 1,
}
SIDO: tuple[tuple[str, str, int], ...] = tuple((code, SIDO_NAMES[code], w) for code, w in SIDO_WEIGHTS.items())

ITEMS: tuple[tuple[str, Category], ...] = tuple(
    [(name, Category.GOODS) for name in (
        "복사용지", "도시락", "현수막", "사무용품", "화분", "인쇄물", "간식", "생수", "작업복", "친환경 세제",
        "기념품", "청소용품", "커피", "빵", "전통차", "교구", "방역 물품", "목공 가구", "재생 토너", "친환경 쇼핑백",
        "농산물 꾸러미", "수제 비누", "공예품", "마스크")]
    + [(name, Category.SERVICES) for name in (
        "청소 용역", "행사 대행", "교육 프로그램", "방역 용역", "시설 관리", "홍보 영상 제작", "번역",
        "돌봄 서비스", "급식 위탁", "조경 관리", "디자인")]
    + [(name, Category.CONSTRUCTION) for name in ("보도블록 보수", "도색 공사", "소규모 집수리", "방수 공사", "놀이터 보수")]
)

DEPARTMENT_NAMES = (
    "기획예산과", "총무과", "행정지원과", "재무과", "사회적경제과", "일자리경제과", "문화체육과", "교육지원과",
    "복지정책과", "어르신복지과", "여성가족과", "보건소", "청소행정과", "공원녹지과", "건설관리과", "주택정책과",
    "교통행정과", "환경과", "정보통신과", "감사담당관", "민원여권과", "세무1과", "세무2과", "토지관리과",
    "도시계획과", "치수과", "자치행정과", "아동청소년과", "장애인복지과", "생활보장과", "일자리정책과",
    "관광과", "체육진흥과", "문화유산과", "안전총괄과", "재난관리과", "기후환경과", "자원순환과", "도로과", "홍보담당관",
)

CHANNELS = (Channel.DIRECT, Channel.SALES_HALL, Channel.RESELLER)
CONTRACT_METHODS = ("", ContractMethod.PRIVATE_CONTRACT, ContractMethod.PRIVATE_CONTRACT,
                    ContractMethod.OPEN_COMPETITION, ContractMethod.RESTRICTED_COMPETITION)
UNKNOWN_SUPPLIERS = 500
UNKNOWN_REASON = "사회적경제 조직 등록부에 없는 업체입니다"
EXCEPTION_TEXT = "긴급 구호물자 조달로 사회적경제기업 제품을 기다릴 수 없었음 (예시)"

PURCHASE_COLUMNS = (
    "institution_id", "department_id", "purchased_on", "supplier_id", "supplier_name", "supplier_business_no",
    "item", "category", "amount_won", "contract_method", "channel", "exception_code", "exception_justification",
    "note", "counted", "not_counted_reason", "in_district", "indirect", "created", "revision",
)


@dataclass(frozen=True)
class Scale:
    name: str
    institutions: int
    purchases: int
    organisations: int   # the registry's size at this scale (for the report of what was made)


SCALES = {
    "seoul": Scale("seoul", institutions=26, purchases=1_000_000, organisations=1_871),
    "national": Scale("national", institutions=1_000, purchases=10_000_000, organisations=45_000),
}


@dataclass(frozen=True)
class GenInstitution:
    code: str
    name: str
    sido: str                    # 시도 name
    sido_code: str               # 시도 code (행정표준코드, two digits)
    district_code: str | None    # its 시군구 when the caller knows it (Seoul's 구청), else None
    departments: tuple[str, ...]
    target_won: int
    weight: float                # share of the year's purchase lines


def institutions(scale: Scale, seed: int, *, seoul_districts: Sequence[tuple[str, str]] = (),
                 purchases: int | None = None) -> list[GenInstitution]:
    """The scale's institutions. ``seoul_districts``: (code, name) of Seoul's 25 자치구, whose 구청 the
    Seoul scale has (and the national scale has among Seoul's institutions). Targets are about 8 % of
    the amount an institution buys in ``purchases`` lines (default: the scale's number)."""
    purchases = scale.purchases if purchases is None else purchases
    rng = np.random.default_rng([seed, 1])
    made: list[GenInstitution] = []
    if scale.name == "seoul":
        places = [("11", "서울특별시", None, "서울특별시청")] + [
            ("11", "서울특별시", code, f"{name}청") for code, name in seoul_districts]
    else:
        weights = np.array([w for _, _, w in SIDO], dtype=float)
        counts = np.floor(weights / weights.sum() * scale.institutions).astype(int)
        counts[np.argsort(-weights)[: scale.institutions - counts.sum()]] += 1
        places = []
        districts = list(seoul_districts)
        for (code, name, _), count in zip(SIDO, counts, strict=True):
            for n in range(count):
                if code == "11" and n < len(districts):
                    places.append((code, name, districts[n][0], f"{districts[n][1]}청"))
                else:
                    places.append((code, name, None, f"{name} 예시기관 {n + 1:03d}"))
    sizes = rng.lognormal(0.0, 0.8, len(places))
    sizes /= sizes.sum()
    for index, (sido_code, sido, district, name) in enumerate(places):
        n_departments = int(rng.integers(8, 41)) if scale.name == "national" else int(rng.integers(20, 41))
        first = int(rng.integers(0, len(DEPARTMENT_NAMES)))
        departments = tuple(DEPARTMENT_NAMES[(first + k) % len(DEPARTMENT_NAMES)] for k in range(n_departments))
        expected = sizes[index] * purchases * 700_000  # the amounts' mean is about 700,000 won
        made.append(GenInstitution(
            code=f"gen-{sido_code}-{index + 1:04d}", name=name, sido=sido, sido_code=sido_code, district_code=district,
            departments=departments, target_won=int(round(expected * 0.08, -6)) or 1_000_000,
            weight=float(sizes[index])))
    return made


@dataclass(frozen=True)
class SupplierPool:
    """The registry's organisations that supply, as parallel sequences (index = supplier number)."""

    ids: Sequence[int]
    names: Sequence[str]
    business_nos: Sequence[str]
    district_codes: Sequence[str | None]
    counted: Sequence[bool]
    reasons: Sequence[str]       # "" when counted


@dataclass
class LineChunk:
    institution: np.ndarray      # index into the institutions
    department: np.ndarray       # index into the institution's departments
    day: np.ndarray              # day of the year, 0-based
    supplier: np.ndarray         # index into the pool, or -1 - k for unknown supplier k
    item: np.ndarray
    amount: np.ndarray
    method: np.ndarray
    channel: np.ndarray
    exception: np.ndarray        # 0 = none, else the Art. 10 reason 1-6

    def __len__(self) -> int:
        return len(self.institution)


def line_chunks(made: Sequence[GenInstitution], pool: SupplierPool, *, total: int, year: int, seed: int,
                chunk: int = 250_000) -> Iterator[LineChunk]:
    """``total`` lines in chunks; the same arguments give the same lines."""
    rng = np.random.default_rng([seed, 2])
    weights = np.array([i.weight for i in made])
    weights /= weights.sum()
    n_departments = np.array([len(i.departments) for i in made])
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    pool_size = len(pool.ids)
    for start in range(0, total, chunk):
        n = min(chunk, total - start)
        institution = rng.choice(len(made), size=n, p=weights)
        department = rng.integers(0, 1 << 30, n) % n_departments[institution]
        known = rng.random(n) < (0.85 if pool_size else 0.0)
        supplier = np.where(known, rng.integers(0, max(pool_size, 1), n), -1 - rng.integers(0, UNKNOWN_SUPPLIERS, n))
        amount = np.maximum(np.round(rng.lognormal(np.log(400), 1.0, n)), 1).astype(np.int64) * 1000
        channel = rng.choice(3, size=n, p=[0.9, 0.05, 0.05])
        channel[~known] = 0
        exception = np.where(~known & (rng.random(n) < 0.03), rng.integers(1, 7, n), 0)
        day = rng.integers(0, days, n)
        lines = LineChunk(institution=institution, department=department, day=day, supplier=supplier,
                          item=rng.integers(0, len(ITEMS), n), amount=amount,
                          method=rng.integers(0, len(CONTRACT_METHODS), n), channel=channel, exception=exception)
        # in (institution, day) order, as an institution's import writes them: the indexes on
        # (institution, day) then grow at a few places instead of everywhere
        order = np.lexsort((day, institution))
        yield LineChunk(**{name: values[order] for name, values in vars(lines).items()})


def rows(lines: LineChunk, made: Sequence[GenInstitution], pool: SupplierPool, *, year: int,
         institution_ids: Sequence[int], department_ids: Sequence[Sequence[int]], created: object,
         day_values: Sequence[object] | None = None) -> list[tuple]:
    """The chunk's lines as tuples in :data:`PURCHASE_COLUMNS` order. ``department_ids[i][k]``: the id of
    institution i's k-th department; ``day_values``: how a day is written (default ``datetime.date``)."""
    if day_values is None:
        first = dt.date(year, 1, 1)
        day_values = [first + dt.timedelta(days=d) for d in range(366)]
    items = [name for name, _ in ITEMS]
    categories = [str(category) for _, category in ITEMS]
    channels = [str(c) for c in CHANNELS]
    methods = [str(m) for m in CONTRACT_METHODS]
    unknown_names = [f"일반상사 {k:03d} (예시)" for k in range(UNKNOWN_SUPPLIERS)]
    inst_district = [i.district_code for i in made]
    out = []
    append = out.append
    for inst, dept, day, sup, item, amount, method, channel, exception in zip(
            lines.institution.tolist(), lines.department.tolist(), lines.day.tolist(), lines.supplier.tolist(),
            lines.item.tolist(), lines.amount.tolist(), lines.method.tolist(), lines.channel.tolist(),
            lines.exception.tolist(), strict=True):
        if sup >= 0:
            counted = pool.counted[sup]
            district = inst_district[inst]
            in_district = None if district is None or pool.district_codes[sup] is None \
                else pool.district_codes[sup] == district
            append((institution_ids[inst], department_ids[inst][dept], day_values[day], pool.ids[sup],
                    pool.names[sup], pool.business_nos[sup], items[item], categories[item], amount,
                    methods[method], channels[channel], None, "", "", counted, pool.reasons[sup],
                    in_district, channel == 2, created, 1))
        else:
            append((institution_ids[inst], department_ids[inst][dept], day_values[day], None,
                    unknown_names[-1 - sup], "", items[item], categories[item], amount, methods[method],
                    channels[channel], exception or None, EXCEPTION_TEXT if exception else "", "", False,
                    UNKNOWN_REASON, None, False, created, 1))
    return out
