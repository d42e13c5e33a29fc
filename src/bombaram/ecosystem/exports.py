"""Writing a statistics table as CSV (UTF-8 with BOM for Excel), JSON or XLSX (Korean headers, numbers as numbers)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from bombaram.core import tabular
from bombaram.ecosystem.queries import Statistics
from bombaram.ecosystem.tables import BUILDERS, TITLES, korean_header

__all__ = ["BUILDERS", "ILLUSTRATIVE_NOTE", "TITLES", "render", "write"]

ILLUSTRATIVE_NOTE = "예시 데이터: 지어낸 조직으로 계산했습니다 (합계는 2014년 보고서의 표를 재현합니다)"


def _number(value: object) -> object:
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def render(stats: Statistics, table: str, *, fmt: str, totals: bool) -> str | dict:
    columns, rows = BUILDERS[table](stats, totals=totals)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(tabular.csv_safe_row(columns))
        writer.writerows(tabular.csv_safe_row(row) for row in rows)
        return buf.getvalue()
    if fmt == "json":
        return {
            "table": table, "as_of": stats.as_of.isoformat(), "mode": stats.mode, "illustrative": stats.illustrative,
            "columns": columns, "rows": [dict(zip(columns, (_number(v) for v in row), strict=True)) for row in rows],
        }
    raise ValueError(fmt)


def write(stats: Statistics, table: str, *, fmt: str, totals: bool, output: Path | None) -> str | None:
    """Write to ``output`` (or return the text for stdout). XLSX needs an output file."""
    if fmt == "xlsx":
        if output is None:
            raise ValueError("XLSX는 --output 파일이 필요합니다")
        columns, rows = BUILDERS[table](stats, totals=totals)
        notes = [f"{TITLES[table]} ({stats.as_of.isoformat()} 기준, {'조직 기준 중복 제외' if stats.mode == 'organisation' else '지정 기준'})"]
        if stats.illustrative:
            notes.append(ILLUSTRATIVE_NOTE)
        tabular.write_xlsx(output, {TITLES[table][:31]: ([korean_header(c, stats) for c in columns],
                                                         [[_number(v) for v in row] for row in rows])}, notes=notes)
        return None
    content = render(stats, table, fmt=fmt, totals=totals)
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, indent=2)
    if output is None:
        return text
    if fmt == "csv":
        output.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    else:
        output.write_text(text, encoding="utf-8")
    return None
