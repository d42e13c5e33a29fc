"""Realistic list files, made the way government offices make them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from bombaram.core.identifiers import make_business_no, make_corporate_no

BN_A = make_business_no("101810001")   # 주식회사
BN_B = make_business_no("209820002")   # 비영리 (사회적협동조합)
BN_C = make_business_no("110860003")
CN_A = make_corporate_no("110111000001")


def cp949_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    return path


def utf8_csv(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = True) -> Path:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


def xlsx_with_titles(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "협동조합 현황"
    ws.append(["서울시 협동조합 설립 현황 (2014년 1월말 기준)"])
    ws.merge_cells("A1:F1")
    ws.append(["(단위: 명, 원)"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
