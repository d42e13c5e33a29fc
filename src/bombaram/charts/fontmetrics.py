"""Text width from a font file's horizontal metrics (fontTools), for laying out SVG labels."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont


class FontMetrics:
    """Advance widths of a font, read once. ``width("사회적경제", 12)`` is the width in px at 12 px."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(
                f"chart font {self.path} is missing: run the set-up (make install) to install the Korean font"
            )
        font = TTFont(self.path, lazy=True)
        self.family = font["name"].getBestFamilyName()
        self.units_per_em = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        self._advance = {code: metrics[glyph][0] for code, glyph in cmap.items()}
        self._fallback = metrics.get(".notdef", (self.units_per_em, 0))[0]
        font.close()

    def has_glyph(self, char: str) -> bool:
        return ord(char) in self._advance

    def width(self, text: str, size: float) -> float:
        units = sum(self._advance.get(ord(ch), self._fallback) for ch in text)
        return units * size / self.units_per_em


@lru_cache(maxsize=4)
def metrics_for(path: str) -> FontMetrics:
    return FontMetrics(path)
