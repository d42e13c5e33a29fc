"""The share register as a file: CSV (UTF-8 with BOM, for Excel on Korean Windows) and XLSX."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from bombaram.cooperatives.choices import MemberType
from bombaram.cooperatives.queries import kind_label
from bombaram.core import share_register as sr
from bombaram.core import tabular

COLUMNS = ["번호", "이름", "개인/조직", "조합원 구분", "가입일", "탈퇴일", "출자 구좌", "납입 출자금(원)"]
TOTAL_COLUMNS = ["조합원 구분", "조합원(명)", "출자 구좌", "납입 출자금(원)"]


def member_rows(register: sr.Register, members: dict) -> list[list[object]]:
    rows = []
    for h in register.holdings:
        m = members[h.member]
        rows.append([m.number, m.name, str(MemberType(m.member_type).label), kind_label(h.kind), h.joined, h.left,
                     h.shares, h.paid_won])
    return rows


def total_rows(register: sr.Register) -> list[list[object]]:
    rows = [[kind_label(k.kind), k.members, k.shares, k.paid_won] for k in register.by_kind]
    rows.append(["합계", register.total.members, register.total.shares, register.total.paid_won])
    return rows


def notes(cooperative, register: sr.Register) -> list[str]:
    lines = [f"{cooperative.organisation.name} 출자 명부 ({register.as_of.isoformat()} 기준, 1구좌 {cooperative.share_price_won:,}원)"]
    if cooperative.organisation.illustrative:
        lines.append("예시 데이터: 조합원 이름은 지어낸 것입니다")
    return lines


def register_csv(cooperative, register: sr.Register, members: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(tabular.csv_safe_row(COLUMNS))  # a name starting with "=" is shown as text in Excel
    writer.writerows(tabular.csv_safe_row([tabular.cell_text(v) for v in row]) for row in member_rows(register, members))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def register_xlsx(cooperative, register: sr.Register, members: dict) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        tabular.write_xlsx(path, {"출자 명부": (COLUMNS, member_rows(register, members)),
                                  "구분별 합계": (TOTAL_COLUMNS, total_rows(register))},
                           number_formats={"납입 출자금(원)": "#,##0", "출자 구좌": "#,##0"},
                           notes=notes(cooperative, register))
        return path.read_bytes()
