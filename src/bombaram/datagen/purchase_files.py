"""A department's purchase file as officers send it (예시 데이터), for the import benchmarks.

CP949 CSV with Korean headers, dates of 2013-2014, hyphenated business numbers of registry
organisations for 90 % of the rows and names of suppliers unknown to the registry for the rest,
"1,234,000"-style amounts, some sales hall and reseller purchases, Art. 10 exceptions on some
purchases from unknown suppliers. Deterministic.
"""

from __future__ import annotations

import random
from pathlib import Path

DEPARTMENTS = [
    "기획예산과", "총무과", "행정지원과", "재무과", "사회적경제과", "일자리경제과", "문화체육과", "교육지원과",
    "복지정책과", "어르신복지과", "여성가족과", "보건소", "청소행정과", "공원녹지과", "건설관리과",
    "주택정책과", "교통행정과", "환경과", "정보통신과", "감사담당관",
]
ITEMS = [("복사용지", "goods"), ("도시락", "goods"), ("현수막", "goods"), ("청소 용역", "services"),
         ("행사 대행", "services"), ("교육 프로그램", "services"), ("사무용품", "goods"), ("화분", "goods"),
         ("방역 용역", "services"), ("보도블록 보수", "construction"), ("인쇄물", "goods"), ("간식", "goods")]
CATEGORY_KO = {"goods": "물품", "services": "용역", "construction": "공사"}


def make_csv(path: Path, rows: int, business_numbers: list[str]) -> None:
    from bombaram.core.identifiers import format_business_no

    rng = random.Random(2014)
    formatted = [format_business_no(b) for b in business_numbers]
    names = [f"데모업체{i:04d}" for i in range(len(business_numbers))]
    unknown = [f"일반상사 {i:03d}" for i in range(300)]
    methods = ["수의계약", "수의계약", "수의계약", "일반경쟁입찰", "제한경쟁입찰", ""]
    lines = ["구매일자,부서,업체명,사업자등록번호,품목,구분,금액,계약방법,구매경로,예외사유,예외사유 설명,비고"]
    append = lines.append
    for i in range(rows):
        day = f"{2013 + i % 2}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        department = DEPARTMENTS[i % len(DEPARTMENTS)]
        item, category = ITEMS[rng.randrange(len(ITEMS))]
        amount = f'"{rng.randint(1, 5000) * 1000:,}"'
        channel = "" if i % 10 < 8 else ("판매관" if i % 10 == 8 else "구매대행")
        if i % 10 == 0:
            supplier = f"{unknown[rng.randrange(len(unknown))]},"
            exception, why = ("3", "긴급 구호물자 조달로 사회적경제기업 제품을 기다릴 수 없었음") if i % 30 == 0 else ("", "")
            channel = ""
        else:
            k = rng.randrange(len(formatted))
            supplier = f"{names[k]},{formatted[k]}"
            exception, why = "", ""
        append(f"{day},{department},{supplier},{item},{CATEGORY_KO[category]},{amount},"
               f"{methods[i % len(methods)]},{channel},{exception},{why},")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
