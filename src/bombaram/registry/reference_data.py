"""Where the shipped reference files are, and how they are read (plain rows, no database)."""

from __future__ import annotations

import csv
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


def reference_path(*parts: str) -> Path:
    return REFERENCE_DIR.joinpath(*parts)


def read_rows(*parts: str) -> list[dict[str, str]]:
    with reference_path(*parts).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
