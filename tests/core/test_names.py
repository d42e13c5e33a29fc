import unicodedata

import pytest

from bombaram.core.names import display_name, normalise_name


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("하늘", "하늘"),
        ("사회적협동조합 하늘", "하늘"),
        ("하늘사회적협동조합", "하늘"),
        ("하늘협동조합", "하늘"),
        ("하늘 협동조합", "하늘"),
        ("협동조합 하늘", "하늘"),
        ("㈜하늘", "하늘"),
        ("(주)하늘", "하늘"),
        ("(주) 하늘", "하늘"),
        ("하늘(주)", "하늘"),
        ("하늘 (주)", "하늘"),
        ("주식회사 하늘", "하늘"),
        ("하늘 주식회사", "하늘"),
        ("(주식회사)하늘", "하늘"),
        ("하늘[주식회사]", "하늘"),
        ("【주식회사】하늘", "하늘"),
        ("（주）하늘", "하늘"),  # fullwidth brackets
        ("㈱하늘", "하늘"),
        ("(유)하늘", "하늘"),
        ("유한회사 하늘", "하늘"),
        ("하늘 유한책임회사", "하늘"),
        ("(사)하늘", "하늘"),
        ("㈔하늘", "하늘"),
        ("사단법인 하늘", "하늘"),
        ("(재)하늘", "하늘"),
        ("재단법인 하늘", "하늘"),
        ("(사협)하늘", "하늘"),
        ("하늘(사회적협동조합)", "하늘"),
        ("영농조합법인 하늘", "하늘"),
        ("(주) 하늘 주식회사", "하늘"),  # stripped from both ends
        ("㈜ 사회적협동조합 하늘", "하늘"),  # stripped repeatedly
        ("하 늘", "하늘"),  # whitespace removed
        ("하늘\u3000나눔", "하늘나눔"),  # ideographic space
        ("하늘\u200b나눔", "하늘나눔"),  # zero-width space
        ("\ufeff하늘", "하늘"),  # byte order mark from a CSV's first cell
        ("함께ㆍ나눔", "함께·나눔"),  # U+318D
        ("함께·나눔", "함께·나눔"),  # U+00B7
        ("함께・나눔", "함께·나눔"),  # U+30FB
        ("함께‧나눔", "함께·나눔"),  # U+2027
        ("Green Hub", "greenhub"),
        ("ＧＲＥＥＮ ＨＵＢ", "greenhub"),  # fullwidth letters
        ("(주)ABC협동조합", "abc"),
        ("주식회사사랑방", "사랑방"),
        ("사랑방", "사랑방"),  # 사 without brackets is part of the name
        ("주민공동체", "주민공동체"),  # 주 without brackets is part of the name
        ("아름다운재단", "아름다운재단"),  # only 재단법인 is a legal form
        # nothing would be left: keep the last non-empty form
        ("협동조합", "협동조합"),
        ("사회적협동조합", "사회적협동조합"),
        ("(주)협동조합", "협동조합"),
        ("(주)", "(주)"),
        ("", ""),
    ],
)
def test_normalise_name(name: str, key: str) -> None:
    assert normalise_name(name) == key


@pytest.mark.parametrize(
    "variants",
    [
        ("사회적협동조합 하늘", "하늘협동조합", "하늘 사회적협동조합", "(사협)하늘"),
        ("㈜봄바람", "(주) 봄바람", "봄바람 주식회사", "주식회사봄바람", "봄바람(주)"),
        ("함께ㆍ나눔", "함께 · 나눔", "함께・나눔"),
    ],
)
def test_variants_share_one_key(variants: tuple[str, ...]) -> None:
    assert len({normalise_name(v) for v in variants}) == 1


def test_decomposed_hangul_gives_the_same_key() -> None:
    decomposed = unicodedata.normalize("NFD", "사회적협동조합 하늘")
    assert decomposed != "사회적협동조합 하늘"
    assert normalise_name(decomposed) == "하늘"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("  ㈜하늘  ", "㈜하늘"),  # legal form kept for display
        ("사회적협동조합   하늘", "사회적협동조합 하늘"),
        ("하늘\u3000나눔", "하늘 나눔"),
        ("하늘\u00a0나눔", "하늘 나눔"),  # no-break space
        ("하늘\t\n나눔", "하늘 나눔"),
        ("\ufeff하늘", "하늘"),
        ("함께ㆍ나눔", "함께ㆍ나눔"),  # dot kept as written
        ("Green Hub", "Green Hub"),
        ("", ""),
    ],
)
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


def test_display_name_composes_hangul() -> None:
    assert display_name(unicodedata.normalize("NFD", "하늘")) == "하늘"


WHITESPACE = ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0", "\u2003", "\u2028", "\u3000"]


@pytest.mark.parametrize("space", WHITESPACE)
def test_whitespace_is_what_the_regex_called_whitespace(space: str) -> None:
    """display_name and normalise_name collapse whitespace with str.split (faster); the result is the one
    the regular expression \\s gave before, computed here with it."""
    import re

    name = f"{space} 햇살{space}{space}늘봄 협동조합{space}"
    assert display_name(name) == re.sub(r"\s+", " ", name).strip() == "햇살 늘봄 협동조합"
    assert normalise_name(name) == normalise_name("햇살늘봄") == "햇살늘봄"
