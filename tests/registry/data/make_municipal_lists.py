"""Make the municipal list files of tests/registry/data (run: python tests/registry/data/make_municipal_lists.py).

The files are made by bombaram's developers, not downloaded: they copy the *shape* of the lists 충청남도 and
its 시군 publish as attachments (붙임) and that officers paste into Excel — a title row and a 기준일/단위 note
above the header, header cells with line breaks ("사업자\\n등록번호"), the 구분 cell merged down each group,
line breaks inside names and addresses, addresses with and without the 시도, and the same organisation
on two lists. Organisations, numbers and addresses are invented (the road 반촌로 is real, the numbers are not).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from bombaram.core.identifiers import make_business_no

HERE = Path(__file__).resolve().parent
#: the organisation on both lists, found by its business number
SHARED_BN = make_business_no("310860101")
DANGJIN_BN = [make_business_no(f"31086{n:04d}") for n in range(102, 110)]


def _sheet(title: str, note: str, header: list[str], rows: list[list[object]], merges: list[str]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "붙임1"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([note])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    return workbook


def dangjin() -> Workbook:
    """당진시 사회적경제기업 현황: one district's own list; two rows give only the road."""
    header = ["연번", "기업\n구분", "기업명", "대표자", "사업자\n등록번호", "소재지", "업종", "지정일", "지정기관"]
    rows = [
        [1, "인증 사회적기업", "(주)반촌나눔", "김반촌", SHARED_BN, "당진시 반촌로 27-20", "일반제조", "2019.03.02", None],
        [2, None, "당진\n푸른밥상", "이푸른", DANGJIN_BN[0], "충남 당진시 반촌로\n11", "식품 제조", "2020-07-01", None],
        [3, None, "(주)해나루돌봄", "박해나", DANGJIN_BN[1], "반촌로 5", "돌봄 서비스", "2021.1.4", None],
        [4, "충남형 예비사회적기업", "솔뫼공방", "최솔뫼", DANGJIN_BN[2], "충청남도 당진시 반촌로 40", "문화", "2023.05.10",
         "충청남도"],
        [5, "부처형 예비사회적기업", "들녘영농조합법인", "정들녘", DANGJIN_BN[3], "반촌로 88", "영농", "2023-09-01",
         "농림축산식품부"],
        [6, None, "바다소리협동조합", "한바다", DANGJIN_BN[4], "충남 당진시 반촌로 61", "환경", "2024-02-15", "해양수산부"],
        [7, "마을기업", "반촌마을 두레", "윤두레", DANGJIN_BN[5], "당진시 반촌로 77", "식품", "2022.04.01", None],
    ]
    return _sheet("2024년 당진시 사회적경제기업 현황", "(2024. 6. 30. 기준, 단위: 개소)", header, rows,
                  ["B5:B7", "B9:B10"])


def chungnam_villages() -> Workbook:
    """충청남도 마을기업 현황: the 시도's list, the 시군 in its own column; 반촌나눔 is on it too."""
    header = ["연번", "시군", "마을기업명", "사업자등록번호", "소재지", "지정일", "업종"]
    rows = [
        [1, "당진시", "(주)반촌나눔", SHARED_BN, "충남 당진시 반촌로 27-20", "2016.05.01", "일반제조"],
        [2, "당진시", "반촌마을두레", None, "당진시 반촌로 77", "2022.04.01", "식품"],   # no number: name + 시군구
        [3, "서산시", "해미읍성마을", make_business_no("310820201"), "충청남도 서산시 해미면 남문2로 1", "2021.06.01",
         "관광"],
        [4, "공주시", "공산성\n마을협동조합", make_business_no("310820202"), "공주시 웅진로 1", "2020.03.01", "문화"],
        [5, "홍성군", "홍성바다마을", make_business_no("310820203"), "홍성군 서부면 남당항로 1", "2020.03.01", "영농"],
    ]
    return _sheet("충청남도 마을기업 지정 현황", "(2024년 6월 말 기준)", header, rows, [])


def main() -> None:
    dangjin().save(HERE / "dangjin_social_economy_2024.xlsx")
    chungnam_villages().save(HERE / "chungnam_village_enterprises_2024.xlsx")


if __name__ == "__main__":
    main()
