"""Exporting the registry: one row per designation, in the import's canonical columns (lossless)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from django.db.models import Q

from bombaram.core import tabular
from bombaram.core.registry_import import COLUMN_LABELS
from bombaram.registry.models import CooperativeCount, Designation

EXPORT_COLUMNS = [
    "name", "designation", "business_no", "corporate_no", "district", "address", "industry", "ksic", "legal_form",
    "founded", "granted", "ended", "certificate_no", "members", "capital_won", "members_counted_on", "phone",
    "website", "email", "representative", "status", "closed", "illustrative", "authority",
]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def export_rows(as_of: dt.date | None = None) -> Iterator[list[object]]:
    """Rows in EXPORT_COLUMNS order. With ``as_of``: only designations valid on that day."""
    designations = Designation.objects.select_related("organisation__district__region", "organisation__industry", "type",
                                                      "designating_region")
    if as_of is not None:
        designations = designations.filter(Q(granted__isnull=True) | Q(granted__lte=as_of)).filter(
            Q(ended__isnull=True) | Q(ended__gt=as_of))
    latest: dict[int, CooperativeCount] = {}
    for count in CooperativeCount.objects.order_by("organisation_id", "counted_on"):
        if as_of is None or count.counted_on <= as_of:
            latest[count.organisation_id] = count
    for d in designations.order_by("organisation__name", "organisation_id", "type__precedence", "granted").iterator(chunk_size=2000):
        org = d.organisation
        count = latest.get(org.pk) if d.type.report_column == "cooperative" else None
        district = org.district.name_ko if org.district else (org.outside_area or "")
        if org.district and org.district.region.code != "11":  # "부산광역시 중구": a 시군구 name is not unique
            district = f"{org.district.region.name_ko} {district}"
        authority = d.designating_ministry or (d.designating_region.name_ko if d.designating_region else "")
        yield [
            org.name, d.type.code, org.business_no, org.corporate_no, district, org.address,
            org.industry.name_ko if org.industry else org.industry_text, org.ksic, org.legal_form, _iso(org.founded),
            _iso(d.granted), _iso(d.ended), d.certificate_no,
            count.members if count and count.members is not None else "",
            count.capital_won if count and count.capital_won is not None else "",
            _iso(count.counted_on) if count else "", org.phone, org.website, org.email, org.representative,
            org.status, _iso(org.closed), "예시 데이터" if org.illustrative else "", authority,
        ]


def export_organisations(path: Path, *, as_of: dt.date | None = None) -> int:
    """Write CSV (UTF-8 with BOM, for Excel on Korean Windows) or XLSX by the file's extension."""
    rows = list(export_rows(as_of))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        tabular.write_csv_for_excel(path, EXPORT_COLUMNS, rows)
    elif suffix == ".xlsx":
        headers = [f"{COLUMN_LABELS[c]}" for c in EXPORT_COLUMNS]
        notes = [f"사회적경제 조직 ({'기준일 ' + as_of.isoformat() if as_of else '전체 이력'})"]
        if any(r[-2] for r in rows):
            notes.append("예시 데이터가 들어 있습니다: 이름, 주소, 번호는 지어낸 것입니다")
        tabular.write_xlsx(path, {"조직": (headers, rows)}, notes=notes)
    else:
        raise ValueError(f"파일 확장자는 .csv 또는 .xlsx여야 합니다: {path.name}")
    return len(rows)
