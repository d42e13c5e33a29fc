"""Loading the demonstration registry (예시 데이터) into the database.

1,871 invented organisations for Seoul as of 2014-01-31 (datagen.seoul_2014) whose statistics
reproduce the report's district, industry and cooperative tables exactly. Every row is marked
``illustrative``. Idempotent: when the demonstration organisations are already there, nothing
is written.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bombaram.core.names import normalise_name
from bombaram.datagen.seoul_2014 import generate_seoul_2014
from bombaram.registry.bulk import allocate_ids, insert_rows
from bombaram.registry.importer import ORG_INSERT_COLUMNS
from bombaram.registry.models import (
    CooperativeCount,
    Designation,
    DesignationType,
    District,
    IndustryGroup,
    Organisation,
    YearlyFigure,
    bump_revision,
)

DEMO_SOURCE = "예시 데이터 (2014-01-31 보고서 표를 재현하도록 생성)"


@transaction.atomic
def load_demo_registry() -> int:
    """Write the demonstration organisations unless they are there already; returns how many exist."""
    demo = generate_seoul_2014()
    existing = Organisation.objects.filter(illustrative=True).count()
    if existing:
        load_demo_figures(demo)  # a registry loaded before the demonstration had yearly figures
        return existing
    districts = dict(District.objects.values_list("code", "pk"))
    industries = dict(IndustryGroup.objects.values_list("code", "pk"))
    types = dict(DesignationType.objects.values_list("code", "pk"))
    now = timezone.now()
    ids = allocate_ids(Organisation, len(demo.organisations))
    org_rows, designation_rows, count_rows = [], [], []
    for pk, org in zip(ids, demo.organisations, strict=True):
        values = dict.fromkeys(ORG_INSERT_COLUMNS, "")
        values.update(
            id=pk, name=org.name, name_key=normalise_name(org.name), business_no=org.business_no,
            business_no_confirmed=False, corporate_no=org.corporate_no or "", corporate_no_confirmed=False,
            legal_form=org.legal_form, district_id=districts.get(org.district_code or ""),
            location="outside" if org.outside_region else "in_region",
            outside_area=org.region if org.outside_region else "", address=org.address,
            industry_id=industries[org.industry], founded=org.founded, closed=None, status="active",
            illustrative=True, created=now, updated=now,
        )
        org_rows.append([values[c] for c in ORG_INSERT_COLUMNS])
        for d in org.designations:
            designation_rows.append([pk, types[d.type], d.granted, d.ended, d.certificate_no, DEMO_SOURCE, demo.as_of, demo.as_of])
        if org.cooperative_scale is not None:
            scale = org.cooperative_scale
            count_rows.append([pk, scale.counted_on, scale.members, scale.capital_won])
    bump_revision()
    insert_rows(Organisation, ORG_INSERT_COLUMNS, org_rows)
    insert_rows(Designation, ["organisation_id", "type_id", "granted", "ended", "certificate_no", "source", "first_seen", "last_seen"], designation_rows)
    insert_rows(CooperativeCount, ["organisation_id", "counted_on", "members", "capital_won"], count_rows)
    load_demo_figures(demo)
    return len(org_rows)


def load_demo_figures(demo=None) -> int:
    """Write the illustrative yearly figures (datagen.seoul_2014_figures) unless the demonstration has some already."""
    from bombaram.datagen.seoul_2014_figures import generate_demo_figures

    illustrative = Organisation.objects.filter(illustrative=True)
    if YearlyFigure.objects.filter(organisation__in=illustrative).exists():
        return 0
    ids = dict(illustrative.values_list("business_no", "pk"))
    rows = [[ids[f.business_no], f.year, f.employees, f.vulnerable_employees, f.revenue_won, f.operating_profit_won,
             f.wage_support_ends, timezone.now()]
            for f in generate_demo_figures(demo or generate_seoul_2014()) if f.business_no in ids]
    if rows:
        bump_revision()
        insert_rows(YearlyFigure, ["organisation_id", "year", "employees", "vulnerable_employees", "revenue_won",
                                   "operating_profit_won", "wage_support_ends", "updated"], rows)
    return len(rows)

