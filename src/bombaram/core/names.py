"""Organisation names: a display form and a key for matching.

The same organisation appears as "㈜하늘", "하늘 주식회사", "(주) 하늘" or
"사회적협동조합 하늘" in different lists. :func:`normalise_name` gives them one
key; :func:`display_name` only tidies the original for showing.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CANONICAL_MIDDLE_DOT",
    "LEGAL_FORM_ABBREVIATIONS",
    "LEGAL_FORMS",
    "display_name",
    "normalise_name",
]

CANONICAL_MIDDLE_DOT = "\u00b7"  # ·

# Written out, with or without brackets, at the start or end of a name.
# Longest first where one contains another (사회적협동조합 ⊃ 협동조합).
LEGAL_FORMS: tuple[str, ...] = (
    "사회적협동조합",
    "협동조합",
    "주식회사",
    "유한책임회사",
    "유한회사",
    "합자회사",
    "합명회사",
    "사단법인",
    "재단법인",
    "사회복지법인",
    "영농조합법인",
    "농업회사법인",
)
# Abbreviations, stripped only in brackets: "(주)" yes, "주" never.
LEGAL_FORM_ABBREVIATIONS: tuple[str, ...] = ("사협", "주", "유", "사", "재", "협", "복", "영", "농")

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_MIDDLE_DOTS = "\u318d\u00b7\u30fb\u2027\uff65\u2219\u22c5"  # ㆍ · ・ ‧ ･ ∙ ⋅


def _key_translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "  # ideographic space
    table.update({ord(c): CANONICAL_MIDDLE_DOT for c in _MIDDLE_DOTS})
    table.update({ord(c): None for c in _ZERO_WIDTH})
    table.update(
        {
            ord("㈜"): "(주)",  # U+321C
            ord("㈱"): "(주)",  # U+3231, 株
            ord("㈲"): "(유)",  # U+3232, 有
            ord("㈔"): "(사)",  # U+3214
            ord("㈶"): "(재)",  # U+3236, 財
            ord("【"): "[",
            ord("】"): "]",
            ord("〔"): "[",
            ord("〕"): "]",
            ord("「"): "[",
            ord("」"): "]",
        }
    )
    return table


_KEY_TRANSLATION = _key_translation()
_DISPLAY_TRANSLATION = {ord(c): None for c in _ZERO_WIDTH}
_FORMS = "|".join(LEGAL_FORMS)
_ABBREVIATIONS = "|".join(LEGAL_FORM_ABBREVIATIONS)
_LEGAL_PREFIX_RE = re.compile(rf"^(?:[(\[]?(?:{_FORMS})[)\]]?|[(\[](?:{_ABBREVIATIONS})[)\]])")
_LEGAL_SUFFIX_RE = re.compile(rf"(?:[(\[]?(?:{_FORMS})[)\]]?|[(\[](?:{_ABBREVIATIONS})[)\]])$")


def normalise_name(name: str) -> str:
    """Key for matching organisation names (not for display).

    Steps: Unicode NFC; fullwidth ASCII (U+FF01-FF5E) and the ideographic space
    to their ASCII forms; the middle dots ㆍ (U+318D), · (U+00B7), ・ (U+30FB),
    ‧ (U+2027), ･, ∙, ⋅ to "·"; ㈜/㈱ → (주), ㈲ → (유), ㈔ → (사), ㈶ → (재);
    zero-width characters removed; all whitespace removed; Latin letters
    casefolded. Then :data:`LEGAL_FORMS` (bracketed or not) and
    :data:`LEGAL_FORM_ABBREVIATIONS` (bracketed only) are stripped from both
    ends, repeatedly: "사회적협동조합 하늘", "하늘협동조합" and "㈜ 하늘" all give
    "하늘". A strip that would leave nothing is not made, so "협동조합" keeps the
    key "협동조합" and "(주)협동조합" gives "협동조합".
    """
    key = unicodedata.normalize("NFC", name).translate(_KEY_TRANSLATION)
    key = "".join(key.split()).casefold()  # str.split's whitespace is the regex \s (both str.isspace), faster
    while True:
        before = key
        stripped = _LEGAL_PREFIX_RE.sub("", key, count=1)
        if stripped:
            key = stripped
        stripped = _LEGAL_SUFFIX_RE.sub("", key, count=1)
        if stripped:
            key = stripped
        if key == before:
            return key


def display_name(name: str) -> str:
    """Name for display: NFC, zero-width characters removed, runs of whitespace
    (including the ideographic and no-break spaces) made one space, trimmed.

    Legal forms, dots and letters are kept as written.
    """
    text = unicodedata.normalize("NFC", name).translate(_DISPLAY_TRANSLATION)
    return " ".join(text.split())  # runs of whitespace made one space, trimmed
