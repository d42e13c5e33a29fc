"""A cooperative list as a district or the city publishes it (예시 데이터), for the registry import benchmark.

CP949 CSV with Korean headers (번호, 조합명, 사업자등록번호, 소재지, 업종, 설립인가일, 조합원수, 출자금),
hyphenated business numbers with valid check digits, addresses that name one of Seoul's 25 districts,
dates written "2013.5.1", amounts written "1,230,000", the report's ten industries. Deterministic: the
same ``rows`` give the same bytes (``seed`` shifts the business numbers and names, so two files of
different seeds hold different organisations).
"""

from __future__ import annotations

from pathlib import Path

INDUSTRIES = ["교육", "기타서비스", "문화", "복지", "식음료", "영농", "유통", "일반제조", "주택건축", "환경"]
WORDS = ["햇살", "늘봄", "마을", "두레", "푸른", "나눔", "행복", "희망", "새싹", "한울"]
HEADER = "번호,조합명,사업자등록번호,소재지,업종,설립인가일,조합원수,출자금"


def make_registry_csv(path: Path, rows: int, seed: int = 0) -> Path:
    """Write ``rows`` cooperatives to ``path`` (CP949, CRLF) and return the path.

    Business numbers are ``{100 + seed*10 + i // 10000:03d}86{i % 10000:04d}`` with their check digit,
    so up to 100,000 rows per seed are distinct organisations."""
    from bombaram.core.identifiers import format_business_no, make_business_no
    from bombaram.registry.reference_data import read_rows

    districts = [r["name_ko"] for r in read_rows("korea", "seoul_districts.csv")]
    lines = [HEADER]
    append = lines.append
    for i in range(rows):
        bn = format_business_no(make_business_no(f"{100 + seed * 10 + i // 10000:03d}86{i % 10000:04d}"))
        district = districts[i % 25]
        name = f"{WORDS[i % 10]}{WORDS[(i // 10) % 10]} 협동조합 {seed * 1_000_000 + i:06d}"
        append(f'{i + 1},{name},{bn},서울특별시 {district} 가상로{i % 90 + 1}길 {i % 200 + 1},'
               f'{INDUSTRIES[i % 10]},{2013 - i % 3}.{i % 12 + 1}.{i % 28 + 1},{5 + i % 50},"{(i % 300 + 1) * 10000:,}"')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    return path
