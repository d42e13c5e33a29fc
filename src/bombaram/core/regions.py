"""The country's 시도 and 시군구 over time, and finding the 시군구 an address names anywhere in Korea.

Data: ``reference/korea/sido.csv`` and ``sigungu.csv``, taken from 행정안전부's 법정동코드 file
(KIKcd_B, 말소코드 포함) as ``reference/README.md`` explains. Each unit has a validity interval
``[valid_from, valid_to)``; a code that ended (42110 강원도 춘천시 on 2023-06-11) keeps its row, and the
unit that carries it on (51110 강원특별자치도 춘천시) is its *successor*: same name, starting the day the
old code ended.

:func:`load_gazetteer` reads the shipped files once. :meth:`Gazetteer.resolve` answers every input
with FOUND (one 시군구), AMBIGUOUS (a name several 시도 have: "중구 …") or UNKNOWN, the last two with
a Korean message; it never raises on text. Addresses may start with the 시도 in any of its usual
forms ("충청남도", "충남", "전라북도" for 전북특별자치도), may leave it out ("당진시 반촌로 27-20"), and
for a list that is one district's own may give only the road: the officer names the district
(``district=``) and the address is placed there.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bombaram.core.districts import SIDO_NAMES, DistrictResolution, ResolutionStatus
from bombaram.core.districts import District as IndexDistrict

__all__ = [
    "AddressResolution",
    "CountryDistrictIndex",
    "Gazetteer",
    "RegionStatus",
    "Sido",
    "Sigungu",
    "load_gazetteer",
]

_REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference" / "korea"

# 직할시 → 광역시 (1995), 제주도 → 제주특별자치도 (2006), 강원도 → 강원특별자치도 (2023), 전라북도 →
# 전북특별자치도 (2024): the old 시도 code and the one that carried it on (sido.csv, same day).
_SIDO_SUCCESSOR = {"21": "26", "22": "27", "23": "28", "24": "29", "25": "30", "42": "51", "45": "52", "49": "50"}

_POSTCODE_RE = re.compile(r"^(?:우\)?\s*)?[(\[]?(?:\d{5}|\d{3}-\d{3})[)\]]?\s*")
_TOKEN_SPLIT_RE = re.compile(r"[\s,()]+")
_HANGUL_RE = re.compile(r"[가-힣]")


@dataclass(frozen=True, slots=True)
class Sido:
    """A 시도 (광역자치단체): 2-digit code, names, validity ``[valid_from, valid_to)``."""

    code: str
    name_ko: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date | None) -> bool:
        """Valid on ``day``; ``None`` means now (no end date)."""
        return _valid(self.valid_from, self.valid_to, day)


@dataclass(frozen=True, slots=True)
class Sigungu:
    """A 시군구: 5-digit 행정표준코드, name ("수원시 장안구" for a 일반구), its 시도, validity.

    ``parent_code`` is set for a 일반구 (a 구 of a 시 that is not itself a local government): the 시.
    """

    code: str
    name_ko: str
    name_en: str
    sido_code: str
    parent_code: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date | None) -> bool:
        """Valid on ``day``; ``None`` means now (no end date)."""
        return _valid(self.valid_from, self.valid_to, day)

    @property
    def local_government_code(self) -> str:
        """The 기초자치단체 (or 행정시) the unit belongs to: the 시 for a 일반구, else itself."""
        return self.parent_code or self.code

    @property
    def is_general_gu(self) -> bool:
        return bool(self.parent_code)


class RegionStatus(enum.Enum):
    """Outcome of :meth:`Gazetteer.resolve`."""

    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class AddressResolution:
    """Result of :meth:`Gazetteer.resolve`.

    FOUND: ``sigungu`` and ``sido`` are set; ``assumed`` is True when the text named no 시군구 and the
    officer's district was used. AMBIGUOUS: ``candidates`` holds the 시군구 the text may mean.
    ``sido`` is also set for UNKNOWN when the text named a 시도. ``message`` is Korean (None when FOUND
    without assumption).
    """

    status: RegionStatus
    text: str
    sigungu: Sigungu | None = None
    sido: Sido | None = None
    candidates: tuple[Sigungu, ...] = ()
    assumed: bool = False
    message: str | None = None

    @property
    def code(self) -> str | None:
        """The 시군구 code when FOUND, otherwise None."""
        return self.sigungu.code if self.sigungu is not None else None


class Gazetteer:
    """All 시도 and 시군구 with their history; lookups by code, name, date and address."""

    def __init__(self, sidos: Iterable[Sido], sigungus: Iterable[Sigungu]) -> None:
        self._sidos = {s.code: s for s in sidos}
        self._sigungus = {s.code: s for s in sigungus}
        # Every name a 시도 goes by (all its historical names and SIDO_NAMES' short forms) → the
        # codes of its line (old and new code); the one valid on the day is picked at look-up.
        self._sido_lines: dict[str, tuple[str, ...]] = {}
        lines: dict[str, list[str]] = {}
        for code in self._sidos:
            last = code
            while last in _SIDO_SUCCESSOR:
                last = _SIDO_SUCCESSOR[last]
            lines.setdefault(last, []).append(code)
        alias_of = {canonical: aliases for canonical, aliases in SIDO_NAMES}
        for codes in lines.values():
            names: set[str] = set()
            for code in codes:
                sido = self._sidos[code]
                names |= {sido.name_ko, *alias_of.get(sido.name_ko, ())}
            for name in names:
                key = _key(name)
                if key and _HANGUL_RE.search(key):
                    self._sido_lines[key] = tuple(sorted(codes))
        self._glued_sido_keys = sorted((k for k in self._sido_lines if len(k) >= 3), key=len, reverse=True)
        # 시군구 name keys → every unit ever named so: "수원시장안구", "장안구" (last word of a 일반구),
        # "중구" (many 시도).
        self._by_name: dict[str, list[Sigungu]] = {}
        for unit in self._sigungus.values():
            words = unit.name_ko.split()
            for key in {_key(unit.name_ko), words[-1]}:
                self._by_name.setdefault(key, []).append(unit)
        self._successor: dict[str, Sigungu] = {}
        for old in self._sigungus.values():
            if old.valid_to is None:
                continue
            for new in self._by_name.get(_key(old.name_ko), ()):
                if new.valid_from == old.valid_to and new.code != old.code:
                    self._successor[old.code] = new

    # -- listings ---------------------------------------------------------------------------------

    def sidos(self, on: dt.date | None = None) -> list[Sido]:
        """The 시도 valid on ``on`` (now when None), by code."""
        return sorted((s for s in self._sidos.values() if s.valid_on(on)), key=lambda s: s.code)

    def sigungus(
        self, on: dt.date | None = None, *, sido: str | None = None, general_gu: bool = True
    ) -> list[Sigungu]:
        """The 시군구 valid on ``on`` (now when None), by code; of one 시도 (code or any name) if given.

        ``general_gu=False`` leaves out the 일반구 (수원시 장안구 …) so that each 기초자치단체 (and each
        행정시: 제주시, 서귀포시; and 세종) appears once.
        """
        codes: tuple[str, ...] | None = None
        if sido is not None:
            line = self._sido_line(sido)
            codes = line if line else (sido,)
        return sorted(
            (
                u
                for u in self._sigungus.values()
                if u.valid_on(on) and (codes is None or u.sido_code in codes) and (general_gu or not u.parent_code)
            ),
            key=lambda u: u.code,
        )

    def all_sidos(self) -> list[Sido]:
        """Every 시도 code ever valid (25: the 17 of today and the codes they replaced), by code."""
        return sorted(self._sidos.values(), key=lambda s: s.code)

    def all_sigungus(self) -> list[Sigungu]:
        """Every 시군구 code ever valid since 1988, by code."""
        return sorted(self._sigungus.values(), key=lambda u: u.code)

    def sido(self, code_or_name: str, on: dt.date | None = None) -> Sido | None:
        """The 시도 with this code, or named so ("충남", "전라북도"), valid on ``on`` when a name is given."""
        text = code_or_name.strip()
        if text in self._sidos:
            return self._sidos[text]
        line = self._sido_line(text)
        return self._pick_sido(line, on) if line else None

    def sigungu(self, code: str) -> Sigungu | None:
        """The 시군구 with this 5-digit code (or the first five digits of a 10-digit code), any date."""
        code = code.strip()
        return self._sigungus.get(code[:5]) if len(code) in (5, 10) and code.isdigit() else None

    def successor(self, code: str) -> Sigungu | None:
        """The unit that carried on an ended code under the same name (42110 → 51110), following chains."""
        unit = self._successor.get(code)
        while unit is not None and unit.code in self._successor:
            unit = self._successor[unit.code]
        return unit

    def current(self, code: str, on: dt.date | None = None) -> Sigungu | None:
        """The unit valid on ``on`` for a code: itself, or its successor when the code had ended."""
        unit = self.sigungu(code)
        while unit is not None and not unit.valid_on(on):
            unit = self._successor.get(unit.code)
        return unit

    # -- resolution -------------------------------------------------------------------------------

    def resolve(
        self,
        text: str | None,
        *,
        on: dt.date | None = None,
        sido: str | None = None,
        district: str | None = None,
    ) -> AddressResolution:
        """Find the 시군구 an address (or a bare name or code) names, among the units valid on ``on``.

        Tried in order: a 5- or 10-digit code; a leading 시도 (any form, also glued: "충청남도당진시")
        followed by its 시군구 ("수원시 장안구" before "수원시"); without a 시도, the first word(s) as a
        시군구 anywhere, AMBIGUOUS when several 시도 have it ("중구") unless ``sido`` (code or name) or
        the 시도 of ``district`` narrows it. When the text names no 시군구 and ``district`` (a 시군구
        code, the officer's choice for a district's own list) is given, the result is that district
        with ``assumed=True``. A text naming another 시군구 than ``district`` keeps what it names.
        """
        original = text if isinstance(text, str) else ""
        stripped = unicodedata.normalize("NFKC", original).strip()
        hint = self.current(district, on) if district else None
        hint_line: tuple[str, ...] = ()
        if sido:
            hint_line = self._sido_line(sido) or (sido,)
        elif hint is not None:
            hint_line = self._sido_line(hint.sido_code) or (hint.sido_code,)

        if not stripped:
            return self._assume(original, hint) or self._unknown(original, "주소가 비어 있습니다.")
        compact = _key(stripped)
        if compact.isdigit():
            unit = self.current(compact, on) if len(compact) in (5, 10) else None
            if unit is not None:
                return self._found(original, unit)
            return self._unknown(original, f"시군구 코드를 찾을 수 없습니다: '{stripped}'")

        tokens = [t for t in _TOKEN_SPLIT_RE.split(_POSTCODE_RE.sub("", stripped, count=1)) if t]
        if tokens and tokens[0] not in self._sido_lines:
            for key in self._glued_sido_keys:  # "충청남도당진시 …"
                if tokens[0].startswith(key) and len(tokens[0]) > len(key):
                    tokens = [key, tokens[0][len(key) :], *tokens[1:]]
                    break
        if tokens and tokens[0] in self._sido_lines:
            line = self._sido_lines[tokens[0]]
            named_sido = self._pick_sido(line, on)
            units = self._units_at(tokens, 1, on, line)
            if not units and len(tokens) > 1:  # "충남 당진 …"
                units = self._short_name_units(tokens[1], on, line)
            if not units and len(tokens) > 1:  # "경북 군위군": the code ended, its successor goes on
                units = _distinct([
                    nxt for u in self._by_name.get(tokens[1], ())
                    if u.sido_code in line and (nxt := self.current(u.code, on)) is not None
                ])
            if not units:  # 세종특별자치시: a 시도 with a single unit
                alone = self.sigungus(on, sido=line[-1])
                if len(alone) == 1:
                    units = alone
            if len(units) == 1:
                return self._found(original, units[0])
            if hint is not None and hint.sido_code in line and (len(tokens) == 1 or not self._names_unit(tokens[1])):
                return self._found(original, hint, assumed=True)
            name = named_sido.name_ko if named_sido is not None else tokens[0]
            if len(units) > 1:
                return self._ambiguous(original, units)
            ended = self._ended(tokens[1:3], on)
            if ended is not None:
                return self._unknown(original, ended)
            return AddressResolution(
                RegionStatus.UNKNOWN, original, None, named_sido, (), False,
                f"{name}의 시군구를 찾을 수 없습니다: '{stripped}'",
            )
        units = self._units_at(tokens, 0, on, None)
        if len(units) > 1 and hint_line:
            narrowed = [u for u in units if u.sido_code in hint_line]
            if narrowed:
                units = narrowed
        if len(units) > 1 and hint is not None:
            same = [u for u in units if u.code == hint.code]
            units = same or units
        if len(units) == 1:
            return self._found(original, units[0])
        if len(units) > 1:
            return self._ambiguous(original, units)
        if len(tokens) == 1:  # a bare short name: "당진", "성북"
            short = self._short_name_units(tokens[0], on, hint_line)
            if len(short) == 1:
                return self._found(original, short[0])
            if len(short) > 1:
                return self._ambiguous(original, short)
        assumed = self._assume(original, hint)
        if assumed is not None:
            return assumed
        ended = self._ended(tokens[:2], on)
        if ended is not None:
            return self._unknown(original, ended)
        return self._unknown(original, f"주소에서 시도나 시군구를 찾을 수 없습니다: '{stripped}'")

    # -- helpers ----------------------------------------------------------------------------------

    def _sido_line(self, code_or_name: str) -> tuple[str, ...]:
        text = code_or_name.strip()
        if text in self._sidos:
            last = text
            while last in _SIDO_SUCCESSOR:
                last = _SIDO_SUCCESSOR[last]
            return self._sido_lines.get(_key(self._sidos[last].name_ko), (text,))
        return self._sido_lines.get(_key(text), ())

    def _pick_sido(self, line: tuple[str, ...], on: dt.date | None) -> Sido | None:
        valid = [self._sidos[c] for c in line if c in self._sidos and self._sidos[c].valid_on(on)]
        if valid:
            return valid[0]
        return max((self._sidos[c] for c in line if c in self._sidos), key=lambda s: s.valid_from, default=None)

    def _ended(self, tokens: list[str], on: dt.date | None) -> str | None:
        """A Korean message when a token names a unit that no longer existed on ``on`` (청원군, 2014)."""
        for token in tokens:
            for unit in self._by_name.get(token, ()):
                if not unit.valid_on(on) and unit.valid_to is not None and (on is None or on >= unit.valid_to):
                    return (
                        f"'{unit.name_ko}'은(는) {unit.valid_to.isoformat()}에 없어진 시군구입니다. "
                        f"지금의 시군구로 적어 주세요: '{' '.join(tokens)}'"
                    )
        return None

    def _names_unit(self, token: str) -> bool:
        return token in self._by_name

    def _units_at(
        self, tokens: list[str], position: int, on: dt.date | None, line: tuple[str, ...] | None
    ) -> list[Sigungu]:
        """Units valid on ``on`` (in the 시도 line if given) named at ``position``: two words first."""
        if position >= len(tokens):
            return []
        keys = []
        if position + 1 < len(tokens):
            keys.append(tokens[position] + tokens[position + 1])
        keys.append(tokens[position])
        for key in keys:
            found = [
                u for u in self._by_name.get(key, ())
                if u.valid_on(on) and (line is None or u.sido_code in line)
            ]
            if found:
                # "수원시" alone: the 시 itself, not its 일반구 that share no key with it.
                return _distinct(found)
        return []

    def _short_name_units(self, token: str, on: dt.date | None, line: tuple[str, ...]) -> list[Sigungu]:
        if len(token) < 2:
            return []
        found = []
        for suffix in ("시", "군", "구"):
            for unit in self._by_name.get(token + suffix, ()):
                if unit.valid_on(on) and not unit.parent_code and (not line or unit.sido_code in line):
                    found.append(unit)
        return _distinct(found)

    def _found(self, original: str, unit: Sigungu, *, assumed: bool = False) -> AddressResolution:
        message = None
        if assumed:
            message = f"주소에 시군구가 없어 지정한 {unit.name_ko}(으)로 보았습니다: '{original.strip()}'"
        return AddressResolution(
            RegionStatus.FOUND, original, unit, self._sidos.get(unit.sido_code), (), assumed, message
        )

    def _assume(self, original: str, hint: Sigungu | None) -> AddressResolution | None:
        return self._found(original, hint, assumed=True) if hint is not None else None

    def _ambiguous(self, original: str, units: list[Sigungu]) -> AddressResolution:
        names = ", ".join(f"{self._sidos[u.sido_code].name_ko} {u.name_ko}" for u in units)
        return AddressResolution(
            RegionStatus.AMBIGUOUS, original, None, None, tuple(units), False,
            f"'{units[0].name_ko.split()[-1]}'은(는) 여러 시도에 있습니다({names}). "
            f"시도를 함께 적어 주세요: '{original.strip()}'",
        )

    def _unknown(self, original: str, message: str) -> AddressResolution:
        return AddressResolution(RegionStatus.UNKNOWN, original, None, None, (), False, message)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the shipped reference files (read once per process)."""
    return Gazetteer(_read_sidos(_REFERENCE_DIR / "sido.csv"), _read_sigungus(_REFERENCE_DIR / "sigungu.csv"))


def _read_sidos(path: Path) -> list[Sido]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Sido(r["sido_cd"], r["name_ko"], r["name_en"], _date(r["valid_from"]), _date_or_none(r["valid_to"]))
            for r in csv.DictReader(fh)
        ]


def _read_sigungus(path: Path) -> list[Sigungu]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Sigungu(
                r["sig_cd"], r["name_ko"], r["name_en"], r["sido_cd"], r["parent_sig_cd"],
                _date(r["valid_from"]), _date_or_none(r["valid_to"]),
            )
            for r in csv.DictReader(fh)
        ]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _date_or_none(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _valid(start: dt.date, end: dt.date | None, day: dt.date | None) -> bool:
    if day is None:
        return end is None
    return start <= day and (end is None or day < end)


def _key(text: str) -> str:
    return "".join(text.split())


def _distinct(units: list[Sigungu]) -> list[Sigungu]:
    seen: dict[str, Sigungu] = {}
    for unit in units:
        seen.setdefault(unit.code, unit)
    return sorted(seen.values(), key=lambda u: u.code)


class CountryDistrictIndex:
    """The registry import's district look-up (``DistrictIndex.resolve``'s answers) for the whole country.

    FOUND for a 시군구 anywhere (``region_found`` is its 시도's name); AMBIGUOUS and UNKNOWN both come
    back as UNKNOWN with the gazetteer's Korean message (a row is never placed by a guess). ``district``
    is the officer's 시군구 for a district's own list: rows that give only the road are placed there.
    Units are those valid on ``on`` (the list's date).
    """

    def __init__(self, gazetteer: Gazetteer, *, district: str | None = None, on: dt.date | None = None) -> None:
        self._gazetteer = gazetteer
        self._district = district
        self._on = on
        self.region_name = "전국"

    def resolve(self, text: str | None):
        found = self._gazetteer.resolve(text, on=self._on, district=self._district)
        if found.status is RegionStatus.FOUND and found.sigungu is not None:
            unit = found.sigungu
            return DistrictResolution(
                ResolutionStatus.FOUND, found.text, IndexDistrict(unit.code, unit.name_ko, unit.name_en),
                found.sido.name_ko if found.sido else None)
        return DistrictResolution(ResolutionStatus.UNKNOWN, found.text, None, None, found.message)

    def sido_codes(self) -> dict[str, str]:
        """Every name of a 시도 today (all forms: "충남", "충청남도") → its code, for 지정기관 columns."""
        names: dict[str, str] = {}
        for key, line in self._gazetteer._sido_lines.items():
            sido = self._gazetteer._pick_sido(line, self._on)
            if sido is not None:
                names[key] = sido.code
        return names
