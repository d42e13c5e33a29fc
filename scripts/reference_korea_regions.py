"""Build reference/korea/sido.csv and sigungu.csv from 행정안전부's 법정동코드 file (KIKcd_B, 말소코드포함).

Usage: python scripts/reference_korea_regions.py KIKcd_B.20240801.xlsx src/bombaram/reference/korea

The file is the one 행정안전부 publishes as 주민등록 행정기관 및 법정동 코드 (columns 법정동코드, 시도명,
시군구명, 읍면동명, 동리명, 생성일자, 말소일자). Only 시도 rows (code ending in eight zeros) and 시군구 rows
(last five digits zero, no 읍면동) are kept; 출장소 rows (not local governments) are left out.
English names come from seoul_districts.csv (Seoul) and core.districts.SIDO_NAMES (시도); others stay empty.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl

SIDO_EN = {
    "11": "Seoul", "26": "Busan", "27": "Daegu", "28": "Incheon", "29": "Gwangju", "30": "Daejeon",
    "31": "Ulsan", "36": "Sejong", "41": "Gyeonggi-do", "42": "Gangwon-do", "43": "Chungcheongbuk-do",
    "44": "Chungcheongnam-do", "45": "Jeollabuk-do", "46": "Jeollanam-do", "47": "Gyeongsangbuk-do",
    "48": "Gyeongsangnam-do", "49": "Jeju-do", "50": "Jeju", "51": "Gangwon", "52": "Jeonbuk",
    "21": "Busan", "22": "Daegu", "23": "Incheon", "24": "Gwangju", "25": "Daejeon",
}


def _day(value: object) -> str:
    text = str(value or "").strip()
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if text else ""


def main(source: str, target: str) -> None:
    workbook = openpyxl.load_workbook(source, read_only=True)
    rows = [tuple(c if c is not None else "" for c in r) for r in workbook.active.iter_rows(values_only=True)][1:]
    out = Path(target)
    seoul_en = {}
    with (out / "seoul_districts.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            seoul_en[r["sig_cd"]] = r["name_en"]

    sido_rows = []
    for code, sido, sgg, _emd, _ri, born, gone in rows:
        code = str(code)
        if code.endswith("00000000") and not sgg and str(sido).endswith(("시", "도")):
            sido_rows.append([code[:2], sido, SIDO_EN.get(code[:2], ""), _day(born), _day(gone), code])
    sgg_rows = []
    for code, sido, sgg, emd, _ri, born, gone in rows:
        code = str(code)
        if code[5:] != "00000" or code.endswith("00000000") or emd:
            continue
        name = sgg or (sido if code[:5] == "36110" else "")
        if not name or "출장" in str(sido) + str(name) or str(name).endswith("출"):  # 출장소 (also cut short)
            continue
        words = str(name).split()
        parent = ""
        if len(words) == 2:  # 일반구 of a 시: "수원시 장안구" under 수원시 (same 시도 code, alive at the time)
            candidates = [
                (c[:5], b, g) for c, s, n, e, _r, b, g in rows
                if str(c)[:2] == code[:2] and n == words[0] and not e and str(c)[5:] == "00000"
            ]
            for cand, cb, cg in candidates:
                if (not cg or str(cg) > str(born)) and str(cb) <= str(born or "99999999") or len(candidates) == 1:
                    parent = cand
        sgg_rows.append([code[:5], name, seoul_en.get(code[:5], ""), code[:2], parent, _day(born), _day(gone), code])

    with (out / "sido.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["sido_cd", "name_ko", "name_en", "valid_from", "valid_to", "bjd_cd_10"])
        w.writerows(sido_rows)
    with (out / "sigungu.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["sig_cd", "name_ko", "name_en", "sido_cd", "parent_sig_cd", "valid_from", "valid_to", "bjd_cd_10"])
        w.writerows(sgg_rows)
    print(len(sido_rows), "시도 rows,", len(sgg_rows), "시군구 rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
