"""The national annual report: every institution's year of purchases, rolled up by 시도, category and month.

The database sums the purchase lines (ten million a year for the country) into groups of
(institution, month, category); :func:`national_report` rolls those few tens of thousands of groups up.
Achievement (달성률) = eligible ÷ target, as in the Art. 7 report; the share counted (인정 비율) =
eligible ÷ total. Percentages are floats on a 0-100 scale, ``None`` when the denominator is zero or
missing (no target).

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bombaram.core.purchase.codes import CATEGORY_LABELS

#: the 17 시도 by their 행정표준코드 (the first two digits of every 시군구 code), as of 2024
SIDO_NAMES: dict[str, str] = {
    "11": "서울특별시", "26": "부산광역시", "27": "대구광역시", "28": "인천광역시", "29": "광주광역시",
    "30": "대전광역시", "31": "울산광역시", "36": "세종특별자치시", "41": "경기도", "51": "강원특별자치도",
    "43": "충청북도", "44": "충청남도", "52": "전북특별자치도", "46": "전라남도", "47": "경상북도",
    "48": "경상남도", "50": "제주특별자치도",
}


@dataclass(frozen=True, slots=True)
class Group:
    """The sums of one institution's purchases of one month and category (what the database returns)."""

    institution_id: int
    month: int
    category: str
    total_won: int
    eligible_won: int
    n: int
    counted_n: int


@dataclass(frozen=True, slots=True)
class InstitutionInfo:
    id: int
    code: str
    name: str
    sido_code: str
    target_won: int | None


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the report: an institution, a 시도, a category, a month or the whole country."""

    key: str
    label: str
    target_won: int | None
    total_won: int
    eligible_won: int
    n: int
    counted_n: int

    @property
    def achievement_pct(self) -> float | None:
        return self.eligible_won * 100 / self.target_won if self.target_won else None

    @property
    def counted_share_pct(self) -> float | None:
        return self.eligible_won * 100 / self.total_won if self.total_won else None


@dataclass(frozen=True, slots=True)
class NationalReport:
    year: int
    country: Line
    by_sido: tuple[Line, ...]
    by_category: tuple[Line, ...]
    by_month: tuple[Line, ...]
    institutions: tuple[Line, ...]      # by eligible amount, largest first


def _line(key: str, label: str, groups: Iterable[Group], target: int | None) -> Line:
    total = eligible = n = counted = 0
    for g in groups:
        total += g.total_won
        eligible += g.eligible_won
        n += g.n
        counted += g.counted_n
    return Line(key, label, target, total, eligible, n, counted)


def national_report(year: int, groups: Iterable[Group], institutions: Iterable[InstitutionInfo],
                    sido_names: Mapping[str, str] = SIDO_NAMES) -> NationalReport:
    """Roll the groups up. Institutions without purchases are listed with zeros (their target still
    counts in their 시도's and the country's); a 시도 code without a name is shown as its code."""
    infos = {i.id: i for i in institutions}
    groups = list(groups)
    by_institution: dict[int, list[Group]] = {pk: [] for pk in infos}
    by_category: dict[str, list[Group]] = {}
    by_month: dict[int, list[Group]] = {m: [] for m in range(1, 13)}
    for g in groups:
        by_institution.setdefault(g.institution_id, []).append(g)
        by_category.setdefault(g.category, []).append(g)
        by_month[g.month].append(g)

    def target_of(ids: Iterable[int]) -> int | None:
        targets = [infos[pk].target_won for pk in ids if pk in infos and infos[pk].target_won is not None]
        return sum(targets) if targets else None

    institution_lines = [
        _line(infos[pk].code if pk in infos else str(pk), infos[pk].name if pk in infos else str(pk), rows,
              infos[pk].target_won if pk in infos else None)
        for pk, rows in by_institution.items()]
    institution_lines.sort(key=lambda line: (-line.eligible_won, line.key))
    sidos: dict[str, list[int]] = {}
    for pk in by_institution:
        sidos.setdefault(infos[pk].sido_code if pk in infos else "", []).append(pk)
    sido_lines = tuple(
        _line(code, sido_names.get(code, code) or "시도 미상", (g for pk in ids for g in by_institution[pk]), target_of(ids))
        for code, ids in sorted(sidos.items()))
    return NationalReport(
        year=year,
        country=_line("", "전국", groups, target_of(by_institution)),
        by_sido=sido_lines,
        by_category=tuple(_line(c, CATEGORY_LABELS.get(c, c), rows, None) for c, rows in sorted(by_category.items())),
        by_month=tuple(_line(str(m), f"{m}월", rows, None) for m, rows in by_month.items()),
        institutions=tuple(institution_lines),
    )
