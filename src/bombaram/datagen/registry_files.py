"""A cooperatives' list as a municipality publishes it (CP949 CSV, Korean headers), for the registry import's benchmarks."""

from __future__ import annotations

from pathlib import Path


def make_registry_csv(path: Path, rows: int) -> None:
    from bombaram.core.identifiers import format_business_no, make_business_no
    from bombaram.registry.reference_data import read_rows

    districts = [r["name_ko"] for r in read_rows("korea", "seoul_districts.csv")]
    industries = ["교육", "기타서비스", "문화", "복지", "식음료", "영농", "유통", "일반제조", "주택건축", "환경"]
    words = ["햇살", "늘봄", "마을", "두레", "푸른", "나눔", "행복", "희망", "새싹", "한울"]
    lines = ["번호,조합명,사업자등록번호,소재지,업종,설립인가일,조합원수,출자금"]
    for i in range(rows):
        bn = format_business_no(make_business_no(f"{100 + i // 10000:03d}86{i % 10000:04d}"))
        district = districts[i % 25]
        name = f"{words[i % 10]}{words[(i // 10) % 10]} 협동조합 {i:06d}"
        lines.append(f'{i + 1},{name},{bn},서울특별시 {district} 가상로{i % 90 + 1}길 {i % 200 + 1},'
                     f'{industries[i % 10]},{2013 - i % 3}.{i % 12 + 1}.{i % 28 + 1},{5 + i % 50},"{(i % 300 + 1) * 10000:,}"')
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
