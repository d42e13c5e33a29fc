"""Writes to the registry's reference tables."""

from __future__ import annotations

from django.db import transaction

from bombaram.registry.models import DesignationType, District, IndustryGroup, Region
from bombaram.registry.reference_data import read_rows

SEOUL = {"code": "11", "name_ko": "서울특별시", "name_en": "Seoul", "aliases": "서울시,서울"}


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update Seoul's districts, the industry groups and the designation types.

    Idempotent: running it again changes nothing. Returns how many rows of each kind exist.
    """
    region, _ = Region.objects.update_or_create(
        code=SEOUL["code"], defaults={k: v for k, v in SEOUL.items() if k != "code"}
    )
    rows = sorted(read_rows("korea", "seoul_districts.csv"), key=lambda r: r["name_ko"])
    for order, row in enumerate(rows, start=1):
        District.objects.update_or_create(
            code=row["sig_cd"],
            defaults={"region": region, "name_ko": row["name_ko"], "name_en": row["name_en"], "order": order},
        )
    for row in read_rows("industry_groups.csv"):
        IndustryGroup.objects.update_or_create(
            code=row["code"],
            defaults={"name_ko": row["name_ko"], "name_en": row["name_en"], "order": int(row["order"])},
        )
    # precedence is unique: clear it first so that a reordering in the file can be applied
    rows = read_rows("designation_types.csv")
    known = {d.code: d for d in DesignationType.objects.all()}
    if any(known.get(r["code"]) and known[r["code"]].precedence != int(r["precedence"]) for r in rows):
        for offset, designation in enumerate(known.values(), start=1000):
            designation.precedence = offset
            designation.save(update_fields=["precedence"])
    for row in rows:
        DesignationType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_ko": row["name_ko"],
                "name_en": row["name_en"],
                "precedence": int(row["precedence"]),
                "report_column": row["report_column"],
                "is_social_enterprise": row["is_social_enterprise"] == "true",
            },
        )
    return {
        "districts": District.objects.count(),
        "industry_groups": IndustryGroup.objects.count(),
        "designation_types": DesignationType.objects.count(),
    }
