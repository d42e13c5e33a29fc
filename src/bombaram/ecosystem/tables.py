"""The statistics as rows for CSV, XLSX and pages, with exactly the reference files' columns.

Column names follow ../reference/seoul2014/*.csv so that an exported table can be compared with
the report's: org_counts_by_district_type.csv, industry_distribution.csv,
cooperative_scale_by_district.csv, location_quotient_by_district_industry.csv.
"""

from __future__ import annotations

from bombaram.core.ecosystem import REPORT_COLUMNS, share_pct
from bombaram.ecosystem.queries import Statistics

KOREAN_HEADERS = {
    "district": "자치구", "certified_se": "인증 사회적기업 (개)", "seoul_pre_se": "서울형 예비 (개)",
    "regional_pre_se": "지역형 예비 (개)", "social_enterprise_total": "사회적기업 계 (개)",
    "village_enterprise": "마을기업 (개)", "cooperative": "협동조합 (개)", "self_sufficiency": "자활기업 (개)",
    "total": "전체 (개)", "industry_ko": "업종", "industry": "업종 코드", "count": "조직 수 (개)",
    "share_pct": "비율 (%)", "cooperatives": "협동조합 (개)", "members": "조합원 (명)",
    "members_share_pct": "조합원 비율 (%)", "capital_thousand_won": "출자금 (천원)", "capital_share_pct": "출자금 비율 (%)",
    "capital_per_member_won": "조합원 1인당 출자금 (원)",
}


def _one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _short_decimal(value: float | None) -> str:
    """16.0 → "16", 17.6 → "17.6": as the report prints the industry shares."""
    if value is None:
        return ""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _mean(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def district_type_rows(stats: Statistics, *, totals: bool) -> tuple[list[str], list[list[object]]]:
    columns = ["district", *REPORT_COLUMNS]
    rows: list[list[object]] = [[name, *(stats.district_type[name][c] for c in REPORT_COLUMNS)]
                                for name in stats.districts + stats.outside_rows]
    if totals:
        rows.append(["평균", *(_mean(stats.mean[c]) for c in REPORT_COLUMNS)])
        rows.append(["전체", *(stats.total[c] for c in REPORT_COLUMNS)])
    return columns, rows


def industry_rows(stats: Statistics, *, totals: bool) -> tuple[list[str], list[list[object]]]:
    total = sum(stats.industry.values())
    rows: list[list[object]] = [
        [stats.industry_labels[code], code, stats.industry[code], _short_decimal(share_pct(stats.industry[code], total))]
        for code in stats.industries
    ]
    if totals:
        rows.append(["전체", "total", total, "100"])
    return ["industry_ko", "industry", "count", "share_pct"], rows


def cooperative_rows(stats: Statistics, *, totals: bool) -> tuple[list[str], list[list[object]]]:
    keys = [k for k in stats.districts + [k for k in stats.cooperatives if k not in stats.districts]]
    n = sum(stats.cooperatives[k].cooperatives for k in keys)
    m = sum(stats.cooperatives[k].members for k in keys)
    c = sum(stats.cooperatives[k].capital_won for k in keys)
    rows: list[list[object]] = []
    for key in keys:
        row = stats.cooperatives[key]
        rows.append([key, row.cooperatives, _one_decimal(share_pct(row.cooperatives, n)), row.members,
                     _one_decimal(share_pct(row.members, m)), round(row.capital_won / 1000),
                     _one_decimal(share_pct(row.capital_won, c))])
    if totals:
        rows.append(["서울시", n, "100.0", m, "100.0", round(c / 1000), "100.0"])
    columns = ["district", "cooperatives", "share_pct", "members", "members_share_pct", "capital_thousand_won", "capital_share_pct"]
    return columns, rows


def lq_rows(stats: Statistics, *, totals: bool = False) -> tuple[list[str], list[list[object]]]:
    rows = [[name, *("" if stats.lq[name][j].lq is None else f"{stats.lq[name][j].lq:.2f}" for j in stats.industries)]
            for name in stats.districts]
    return ["district", *stats.industries], rows


BUILDERS = {"district-type": district_type_rows, "industry": industry_rows, "cooperatives": cooperative_rows, "lq": lq_rows}
TITLES = {"district-type": "자치구별 사회적경제 조직 분포", "industry": "업종 분포", "cooperatives": "협동조합 경제규모",
          "lq": "업종별 입지계수 (LQ)"}


def korean_header(column: str, stats: Statistics) -> str:
    if column in stats.industry_labels:
        return f"{stats.industry_labels[column]} LQ"
    return KOREAN_HEADERS.get(column, column)
