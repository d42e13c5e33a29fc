"""Find the district (시군구) named in a piece of text, for one region (시도).

The region's districts are data (:func:`load_districts_csv`), not code: a
:class:`DistrictIndex` for Seoul is built from the 25 자치구 records, one for
another 시도 from its own records. The index answers with one of three
statuses: FOUND (a district of the region), OUTSIDE (the text names another
시도: "부산광역시 중구 …" is not Seoul's 중구) and UNKNOWN.
"""

from __future__ import annotations

import csv
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SIDO_NAMES",
    "District",
    "DistrictIndex",
    "DistrictResolution",
    "ParseError",
    "ResolutionStatus",
    "districts_from_records",
    "load_districts_csv",
]


class ParseError(ValueError):
    """A district list that cannot be read (Korean message)."""


# The 17 시도 (광역자치단체) with the other names addresses use: short forms,
# "…시" forms, names before 강원(2023)·전북(2024) became 특별자치도, and English.
# Source: 행정안전부 행정구역 현황 (17 시도). "광주시" is left out on purpose: it is
# also 경기도 광주시.
SIDO_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("서울특별시", ("서울시", "서울", "Seoul")),
    ("부산광역시", ("부산시", "부산", "Busan")),
    ("대구광역시", ("대구시", "대구", "Daegu")),
    ("인천광역시", ("인천시", "인천", "Incheon")),
    ("광주광역시", ("광주", "Gwangju")),
    ("대전광역시", ("대전시", "대전", "Daejeon")),
    ("울산광역시", ("울산시", "울산", "Ulsan")),
    ("세종특별자치시", ("세종시", "세종", "Sejong")),
    ("경기도", ("경기", "Gyeonggi-do", "Gyeonggi")),
    ("강원특별자치도", ("강원도", "강원", "Gangwon-do", "Gangwon")),
    ("충청북도", ("충북", "Chungcheongbuk-do", "Chungbuk")),
    ("충청남도", ("충남", "Chungcheongnam-do", "Chungnam")),
    ("전북특별자치도", ("전라북도", "전북", "Jeollabuk-do", "Jeonbuk")),
    ("전라남도", ("전남", "Jeollanam-do", "Jeonnam")),
    ("경상북도", ("경북", "Gyeongsangbuk-do", "Gyeongbuk")),
    ("경상남도", ("경남", "Gyeongsangnam-do", "Gyeongnam")),
    ("제주특별자치도", ("제주도", "제주", "Jeju-do", "Jeju")),
)

_REQUIRED_COLUMNS = ("sig_cd", "name_ko", "name_en")
# Leading postcode: "03993", "(03993)", "[03993]", old "136-701", "우)03993".
_POSTCODE_RE = re.compile(r"^(?:우\)?\s*)?[(\[]?(?:\d{5}|\d{3}-\d{3})[)\]]?\s*")
_TOKEN_SPLIT_RE = re.compile(r"[\s,]+")
_NOT_LATIN_RE = re.compile(r"[^a-z]+")
_HANGUL_RE = re.compile(r"[가-힣]")
# Korean administrative suffixes of a district name: 구, 시, 군.
_KOREAN_SUFFIXES = ("구", "시", "군")
# English suffixes after a hyphen: Seongbuk-gu, Suwon-si, Yangpyeong-gun.
_ENGLISH_SUFFIXES = ("gu", "si", "gun")


@dataclass(frozen=True, slots=True)
class District:
    """One district: 5-digit 시군구 code (sig_cd), Korean and English names."""

    code: str
    name_ko: str
    name_en: str = ""


class ResolutionStatus(enum.Enum):
    """Outcome of :meth:`DistrictIndex.resolve`."""

    FOUND = "found"  # a district of the region
    OUTSIDE = "outside"  # another 시도 is named
    UNKNOWN = "unknown"  # no district could be found


@dataclass(frozen=True, slots=True)
class DistrictResolution:
    """Result of :meth:`DistrictIndex.resolve`.

    ``district`` is set when FOUND. ``region_found`` is the 시도 the text
    belongs to: the index's region when FOUND, the other 시도 (canonical name,
    "부산광역시") when OUTSIDE, the region when UNKNOWN but the region was named
    ("서울특별시 없는구"), else None. ``message`` is a Korean explanation for
    OUTSIDE and UNKNOWN. ``text`` is the input as given.
    """

    status: ResolutionStatus
    text: str
    district: District | None = None
    region_found: str | None = None
    message: str | None = None

    @property
    def code(self) -> str | None:
        """The district code when FOUND, otherwise None."""
        return self.district.code if self.district is not None else None


@dataclass(slots=True)
class _Keys:
    exact: dict[str, District] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)

    def add(self, key: str, district: District) -> None:
        if not key or key in self.ambiguous:
            return
        known = self.exact.get(key)
        if known is None:
            self.exact[key] = district
        elif known.code != district.code:
            del self.exact[key]
            self.ambiguous.add(key)


class DistrictIndex:
    """Districts of one region, looked up by code, Korean or English name.

    ``region_name`` and ``region_aliases`` name the region ("서울특별시",
    "서울시", "서울"); when one of them is a :data:`SIDO_NAMES` entry, that
    entry's other names count as the region too. Every other :data:`SIDO_NAMES`
    name marks text as OUTSIDE.
    """

    def __init__(
        self,
        districts: Iterable[District],
        region_name: str,
        region_aliases: Iterable[str] = (),
    ) -> None:
        self.region_name = region_name
        self._districts: dict[str, District] = {}
        for district in districts:
            if district.code in self._districts:
                raise ParseError(f"시군구 코드가 중복되었습니다: '{district.code}'")
            self._districts[district.code] = district

        region_keys = {_korean_key(region_name)} | {_korean_key(a) for a in region_aliases}
        region_keys |= {_latin_key(region_name), *(_latin_key(a) for a in region_aliases)}
        region_keys.discard("")
        # name key → canonical name of every 시도 other than the region.
        self._other_regions: dict[str, str] = {}
        self._region_keys: set[str] = set(region_keys)
        for canonical, aliases in SIDO_NAMES:
            names = (canonical, *aliases)
            keys = {_korean_key(n) for n in names} | {_latin_key(n) for n in names}
            keys.discard("")
            if keys & region_keys:
                self._region_keys |= keys
            else:
                for key in keys:
                    self._other_regions[key] = canonical
        # Full 시도 names (not two-letter short forms) that may be glued to what
        # follows: "서울특별시성북구". Longest first.
        self._glued_prefixes = sorted(
            (
                k
                for k in (*self._region_keys, *self._other_regions)
                if _HANGUL_RE.match(k) and len(k) >= 3
            ),
            key=len,
            reverse=True,
        )

        self._full = _Keys()  # full Korean names, for addresses
        self._any = _Keys()  # full and short Korean names, for bare text
        self._latin = _Keys()
        for district in self._districts.values():
            words = district.name_ko.split()
            full = "".join(words)
            self._full.add(full, district)
            self._any.add(full, district)
            short_forms = [_without_suffix(full)]
            if len(words) > 1:  # "수원시 장안구": also "장안구", "장안"
                self._full.add(words[-1], district)
                self._any.add(words[-1], district)
                short_forms.append(_without_suffix(words[-1]))
            for short in short_forms:
                if short is not None:
                    self._any.add(short, district)
            if district.name_en:
                self._latin.add(_latin_key(district.name_en), district)
                self._latin.add(_latin_short_key(district.name_en), district)

    @property
    def districts(self) -> tuple[District, ...]:
        """The districts in the order given."""
        return tuple(self._districts.values())

    def __len__(self) -> int:
        return len(self._districts)

    def get(self, code: str) -> District | None:
        """District with this 5-digit code, or None."""
        return self._districts.get(code)

    def resolve(self, text: str | None) -> DistrictResolution:
        """Find the district named in ``text``.

        Tried in order: a bare name ("성북구", "성북", "Seongbuk-gu",
        "seongbuk"); a code ("11290", or a 10-digit 법정동/행정동 code whose first
        five digits are the 시군구 code); an address, after any leading postcode
        ("03993 서울특별시 마포구 …"): if the first word names the region the
        next word(s) must be a district; if it names another 시도 the result is
        OUTSIDE; otherwise the first word(s) may be a district ("성북구
        종암로25길 29"). A bare "중구" is the region's 중구. Text without Hangul is
        read as an English address split at commas ("29, Jongam-ro 25-gil,
        Seongbuk-gu, Seoul"). Each step is a few dictionary look-ups.
        """
        original = text if text is not None else ""
        if text is None or not text.strip():
            return self._unknown(original, "주소가 비어 있습니다.")
        stripped = text.strip()
        if not stripped.isascii():
            stripped = unicodedata.normalize("NFKC", stripped)

        compact = _korean_key(stripped)
        district = self._any.exact.get(compact)
        if district is not None:
            return DistrictResolution(ResolutionStatus.FOUND, original, district, self.region_name)
        if compact.isdigit():
            return self._resolve_code(compact, original)
        if not _HANGUL_RE.search(stripped):
            return self._resolve_latin(stripped, original)
        return self._resolve_korean_address(stripped, original)

    def _resolve_code(self, digits: str, original: str) -> DistrictResolution:
        if len(digits) in (5, 10):
            district = self._districts.get(digits[:5])
            if district is not None:
                return DistrictResolution(
                    ResolutionStatus.FOUND, original, district, self.region_name
                )
        return self._unknown(original)

    def _resolve_latin(self, text: str, original: str) -> DistrictResolution:
        key = _latin_key(text)
        district = self._latin.exact.get(key)
        if district is not None:
            return DistrictResolution(ResolutionStatus.FOUND, original, district, self.region_name)
        found: District | None = None
        in_region = False
        for part in text.split(","):
            key = _latin_key(part)
            if not key:
                continue
            other = self._other_regions.get(key)
            if other is not None:
                return self._outside(original, other)
            if key in self._region_keys:
                in_region = True
            elif found is None:
                found = self._latin.exact.get(key)
        if found is not None:
            return DistrictResolution(ResolutionStatus.FOUND, original, found, self.region_name)
        return self._unknown(original, region_named=in_region)

    def _resolve_korean_address(self, text: str, original: str) -> DistrictResolution:
        text = _POSTCODE_RE.sub("", text, count=1)
        tokens = [t for t in _TOKEN_SPLIT_RE.split(text) if t]
        if not tokens:
            return self._unknown(original)
        first = tokens[0]
        if first not in self._region_keys and first not in self._other_regions:
            # "서울특별시성북구": split a glued full 시도 name off the first word.
            for prefix in self._glued_prefixes:
                if first.startswith(prefix) and len(first) > len(prefix):
                    tokens = [prefix, first[len(prefix) :], *tokens[1:]]
                    first = prefix
                    break
        if first in self._region_keys:
            district = self._district_at(tokens, 1)
            if district is not None:
                return DistrictResolution(
                    ResolutionStatus.FOUND, original, district, self.region_name
                )
            return self._unknown(original, region_named=True)
        other = self._other_regions.get(first)
        if other is not None:
            return self._outside(original, other)
        district = self._district_at(tokens, 0)
        if district is not None:
            return DistrictResolution(ResolutionStatus.FOUND, original, district, self.region_name)
        return self._unknown(original)

    def _district_at(self, tokens: list[str], position: int) -> District | None:
        if position >= len(tokens):
            return None
        if position + 1 < len(tokens):  # two-word names: "수원시 장안구"
            district = self._full.exact.get(tokens[position] + tokens[position + 1])
            if district is not None:
                return district
        return self._full.exact.get(tokens[position])

    def _outside(self, original: str, other: str) -> DistrictResolution:
        return DistrictResolution(
            ResolutionStatus.OUTSIDE,
            original,
            None,
            other,
            f"{self.region_name} 밖의 주소입니다({other}): '{original.strip()}'",
        )

    def _unknown(
        self, original: str, message: str | None = None, *, region_named: bool = False
    ) -> DistrictResolution:
        if message is None:
            message = f"{self.region_name}의 시군구를 찾을 수 없습니다: '{original.strip()}'"
        return DistrictResolution(
            ResolutionStatus.UNKNOWN,
            original,
            None,
            self.region_name if region_named else None,
            message,
        )


def load_districts_csv(path: str | Path) -> list[District]:
    """Districts from a CSV with columns sig_cd, name_ko, name_en.

    Other columns are ignored. UTF-8 (with or without BOM) is tried first, then
    CP949 (what Korean Excel saves). A missing column or a code that is not five
    digits raises :class:`ParseError`.
    """
    raw = Path(path).read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp949")
    return districts_from_records(csv.DictReader(content.splitlines()))


def districts_from_records(records: Iterable[Mapping[str, str]]) -> list[District]:
    """Districts from mappings with keys sig_cd, name_ko, name_en (others ignored).

    A missing key or a code that is not five digits raises :class:`ParseError`.
    """
    districts: list[District] = []
    for line, record in enumerate(records, start=2):
        missing = [c for c in _REQUIRED_COLUMNS if record.get(c) is None]
        if missing:
            raise ParseError(f"시군구 목록에 열이 없습니다: {', '.join(missing)}")
        code = record["sig_cd"].strip()
        if len(code) != 5 or not code.isdigit():
            raise ParseError(f"{line}번째 줄의 시군구 코드가 다섯 자리 숫자가 아닙니다: '{code}'")
        name_ko = unicodedata.normalize("NFC", record["name_ko"].strip())
        if not name_ko:
            raise ParseError(f"{line}번째 줄에 시군구 이름(name_ko)이 없습니다.")
        districts.append(District(code, name_ko, record["name_en"].strip()))
    return districts


def _korean_key(text: str) -> str:
    return "".join(text.split())


def _latin_key(text: str) -> str:
    return _NOT_LATIN_RE.sub("", text.casefold())


def _latin_short_key(name_en: str) -> str:
    """Key without the -gu/-si/-gun ending: "Seongbuk-gu" → "seongbuk" (else the full key)."""
    head, _, tail = name_en.rpartition("-")
    if head and tail.strip().casefold() in _ENGLISH_SUFFIXES:
        return _latin_key(head)
    return _latin_key(name_en)


def _without_suffix(name: str) -> str | None:
    """Name without 구/시/군: "성북구" → "성북"; None when under two letters would remain ("중구")."""
    if name.endswith(_KOREAN_SUFFIXES) and len(name) >= 3:
        return name[:-1]
    return None
