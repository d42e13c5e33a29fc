"""Importing an organisation list: read → parse → match → plan → (write).

``plan_import`` reads and checks a file and decides, row by row, what would happen, without writing;
``apply_plan`` writes a plan in one transaction. The CLI's --dry-run and the web preview show a plan;
confirming writes it. Nothing is written when any row is rejected, unless ``skip_invalid``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from bombaram.core import collector, tabular
from bombaram.core.districts import District as CoreDistrict
from bombaram.core.districts import DistrictIndex
from bombaram.core.regions import CountryDistrictIndex, load_gazetteer
from bombaram.core.registry_import import (
    API_FIELDS,
    COLUMN_ALIASES,
    FIGURE_COLUMNS,
    KnownOrganisation,
    OrganisationIndex,
    OrganisationRow,
    RowContext,
    RowError,
    designation_lookup,
    industry_lookup,
    parse_row,
)
from bombaram.registry.bulk import allocate_ids, insert_rows
from bombaram.registry.models import (
    CooperativeCount,
    Designation,
    DesignationType,
    District,
    IndustryGroup,
    Organisation,
    Region,
    YearlyFigure,
    bump_revision,
)
from bombaram.web.field_limits import column_problem, limit_of

ORG_FIELDS = [
    "name", "business_no", "corporate_no", "legal_form", "representative", "location", "outside_area", "address",
    "industry_text", "ksic", "founded", "closed", "status", "phone", "website", "email",
]
EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


class ImportFileError(Exception):
    """The file cannot be read at all (exit code 2); the message says why, in Korean."""


@dataclass
class PlannedRow:
    row: OrganisationRow
    outcome: str                      # created | merged | updated | unchanged
    org_key: object                   # database id, or ("new", n) for an organisation made from this file
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    file: str
    designation: str | None
    as_of: dt.date
    rows_total: int = 0
    planned: list[PlannedRow] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    not_seen: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for p in self.planned if p.outcome == outcome)

    @property
    def has_problems(self) -> bool:
        return bool(self.rejected or self.ambiguous)

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.has_problems else EXIT_OK

    def report(self) -> dict[str, Any]:
        """The report JSON of ``bombaram import --report`` (row numbers as a spreadsheet shows them)."""
        return {
            "file": self.file,
            "designation": self.designation,
            "as_of": self.as_of.isoformat(),
            "rows": self.rows_total,
            "created": self.count("created"),
            "merged": self.count("merged"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "rejected": [e.as_dict() for e in self.rejected],
            "warnings": [e.as_dict() for e in self.warnings],
            "ambiguous": self.ambiguous,
            "not_seen": self.not_seen,
            "written": self.written,
        }


def row_context(designation: str | None, money_unit: str = "원", money_units: dict[str, str] | None = None, *,
                district: str | None = None, as_of: dt.date | None = None) -> RowContext:
    """What parsing needs. A registry that holds the country's geography (registry.services.
    load_national_geography) places addresses anywhere in Korea (core.regions); a Seoul registry places
    them in Seoul's districts, other 시도 being outside the region, as it always has. ``district`` (a
    시군구 code) is the officer's district for a list that is that district's own: rows giving only the
    road are placed there."""
    country = CountryDistrictIndex(load_gazetteer(), district=district, on=as_of)
    if district is not None and load_gazetteer().sigungu(district) is None:
        raise ImportFileError(f"알 수 없는 시군구 코드입니다: {district}")
    if Region.objects.exclude(code="11").exists() or (district is not None and not district.startswith("11")):
        districts = country
    else:
        region = Region.objects.get(code="11")
        districts = DistrictIndex(
            [CoreDistrict(d.code, d.name_ko, d.name_en) for d in District.objects.filter(region=region)],
            region.name_ko,
            [a.strip() for a in region.aliases.split(",") if a.strip()],
        )
        if district is not None:
            districts = _SeoulDistrictIndex(districts, district)
    return RowContext(
        districts=districts,
        industries=industry_lookup(list(IndustryGroup.objects.values_list("code", "name_ko", "name_en"))),
        designations=designation_lookup(list(DesignationType.objects.values_list("code", "name_ko", "name_en"))),
        default_designation=designation,
        money_unit=money_unit,
        money_units=money_units or {},
        sido_codes=country.sido_codes(),
    )


class _SeoulDistrictIndex:
    """Seoul's district index for one district's own list: a row that names no district is that district's."""

    def __init__(self, index: DistrictIndex, district: str) -> None:
        self._index, self._district = index, index.get(district)
        self.region_name = index.region_name

    def resolve(self, text):
        from bombaram.core.districts import DistrictResolution, ResolutionStatus

        found = self._index.resolve(text)
        if found.status is ResolutionStatus.UNKNOWN and found.region_found in (None, self.region_name) \
                and self._district is not None:
            return DistrictResolution(ResolutionStatus.FOUND, found.text, self._district, self.region_name)
        return found


def resolve_designation(text: str | None) -> str | None:
    """A designation given on the command line, as a code or its Korean name; None when not given."""
    if not text:
        return None
    lookup = designation_lookup(list(DesignationType.objects.values_list("code", "name_ko", "name_en")))
    code = lookup.get("".join(text.split()).casefold())
    if code is None:
        known = ", ".join(DesignationType.objects.values_list("code", flat=True))
        raise ImportFileError(f"알 수 없는 지정 유형입니다: {text} (쓸 수 있는 값: {known})")
    return code


def read_file(source: Path | bytes, *, filename: str, sheet: str | None, encoding: str) -> tabular.Table:
    try:
        table = tabular.read_table(  # an empty sheet field of the upload form means the first sheet
            source, filename=filename, aliases=COLUMN_ALIASES, required=["name"], sheet=sheet or None,
            encoding=encoding, json_field_map=API_FIELDS,
        )
    except tabular.TableError as exc:
        raise ImportFileError(str(exc)) from exc
    if "district" not in table.columns and "address" not in table.columns:
        raise ImportFileError(
            "자치구나 소재지(주소) 열이 없습니다. 찾은 열: " + ", ".join(table.source_headers)
        )
    if "figures_year" not in table.columns and any(c in table.columns for c in FIGURE_COLUMNS):
        raise ImportFileError(
            "근로자수·매출액·영업이익 같은 연도별 수치가 있으면 기준연도(연도) 열도 있어야 합니다. 찾은 열: "
            + ", ".join(table.source_headers)
        )
    return table


def _known_index() -> tuple[OrganisationIndex, dict[int, KnownOrganisation]]:
    index = OrganisationIndex()
    known: dict[int, KnownOrganisation] = {}
    rows = Organisation.objects.values_list("pk", "business_no", "corporate_no", "name_key", "district__code")
    for pk, bn, cn, key, district in rows.iterator(chunk_size=5000):
        org = KnownOrganisation(pk, bn, cn, key, district)
        index.add(org)
        known[pk] = org
    return index, known


def plan_import(source: Path | bytes, *, filename: str, designation: str | None, as_of: dt.date,
                sheet: str | None = None, encoding: str = "auto", district: str | None = None) -> ImportPlan:
    """Read, parse and match every row; decide what writing would do. Writes nothing.

    ``district``: the officer's 시군구 code for a list that is one district's own (see row_context)."""
    with collector.paused():  # hundreds of thousands of row objects, no cycles (about a sixth of the time)
        return _plan_import(source, filename=filename, designation=designation, as_of=as_of, sheet=sheet,
                            encoding=encoding, district=district)


def _plan_import(source: Path | bytes, *, filename: str, designation: str | None, as_of: dt.date,
                 sheet: str | None, encoding: str, district: str | None = None) -> ImportPlan:
    table = read_file(source, filename=filename, sheet=sheet, encoding=encoding)
    money_unit = table.money_unit("capital_won") or "원"
    ctx = row_context(designation, money_unit, {c: u for c in ("revenue_won", "operating_profit_won")
                                                if (u := table.money_unit(c))}, district=district, as_of=as_of)
    plan = ImportPlan(file=filename, designation=designation, as_of=as_of, rows_total=len(table.rows))
    if designation is None and "designation" in table.columns:
        _fill_down_designation(table.rows)
    parsed: list[OrganisationRow] = []
    for number, cells in table.rows:
        row, errors = parse_row(number, cells, ctx)
        if row is not None:
            errors = column_errors(row, cells)
            if errors:
                row = None
        if row is None:
            plan.rejected.extend(errors)
        else:
            parsed.append(row)
            plan.warnings.extend(row.warnings)
    if not parsed:
        return plan

    index, known = _known_index()
    existing = _existing_state({r.designation for r in parsed})
    new_count = 0
    seen_designations: set[int] = set()
    for row in parsed:
        match = index.match(row)
        if match.ambiguous:
            plan.ambiguous.append({"row": row.row, "name": row.name, "reason": match.ambiguous})
            continue
        if match.key is None:
            new_count += 1
            key: object = ("new", new_count)
            index.add(KnownOrganisation(key, row.match_business_no, row.match_corporate_no, row.name_key, row.district_code))
            plan.planned.append(PlannedRow(row, "created", key))
            continue
        key = match.key
        entry = known.get(key) if isinstance(key, int) else None
        if entry is not None:
            index.update_numbers(entry, row.match_business_no, row.match_corporate_no)
        if not isinstance(key, int):
            # a second row for an organisation this file creates: same designation again, or another one
            plan.planned.append(PlannedRow(row, "merged", key))
            continue
        known_figures = existing["figures"].get((key, row.figures_year)) if row.figures_year is not None else None
        if known_figures and (conflict := _figure_conflict(known_figures, row)) is not None:
            plan.rejected.append(conflict)
            continue
        outcome, changes, designation_pk = _compare(existing, key, row, as_of)
        if designation_pk is not None:
            seen_designations.add(designation_pk)
        plan.planned.append(PlannedRow(row, outcome, key, changes))

    for code in {r.designation for r in parsed}:
        for pk, org_id, name, last_seen in existing["open_by_type"].get(code, []):
            if pk not in seen_designations and (last_seen is None or last_seen < as_of):
                plan.not_seen.append({"organisation_id": org_id, "name": name, "designation": code,
                                      "last_seen": last_seen.isoformat() if last_seen else None})
    return plan


def _fill_down_designation(rows) -> None:
    """Published lists group their rows under a 구분 cell merged down the group ("인증 사회적기업" once,
    then blanks): a blank designation of a row with a name is the one above it."""
    above = ""
    for _number, cells in rows:
        if cells.get("designation"):
            above = cells["designation"]
        elif above and cells.get("name"):
            cells["designation"] = above


#: OrganisationRow attribute → (file column, model, field) it is written to
STORED_COLUMNS: tuple[tuple[str, str, type, str], ...] = (
    *((attr, column, Organisation, attr) for attr, column in (
        ("name", "name"), ("legal_form", "legal_form"), ("representative", "representative"),
        ("address", "address"), ("outside_area", "address"), ("industry_text", "industry"), ("ksic", "ksic"),
        ("phone", "phone"), ("website", "website"), ("email", "email"))),
    ("certificate_no", "certificate_no", Designation, "certificate_no"),
    ("members", "members", CooperativeCount, "members"),
    ("capital_won", "capital_won", CooperativeCount, "capital_won"),
    *((attr, attr, YearlyFigure, attr) for attr in ("employees", "vulnerable_employees", "revenue_won",
                                                      "operating_profit_won")),
)


def column_errors(row: OrganisationRow, cells: dict[str, str]) -> list[RowError]:
    """Values that the database columns cannot hold (field_limits: the same on SQLite and
    PostgreSQL), each with its row and column; --dry-run and the preview see them too."""
    errors = []
    for attr, column, model, field_name, (max_length, low, high) in _stored_limits():
        value = getattr(row, attr)
        if value is None or value == "":
            continue
        # the usual cells, decided here without a call: text short enough with nothing column_problem would
        # refuse, whole numbers within the column's range
        if value.__class__ is str:
            if max_length is not None and len(value) <= max_length and "\x00" not in value \
                    and (value.isascii() or not _has_surrogate(value)):
                continue
        elif value.__class__ is int and low is not None and high is not None and low <= value <= high:
            continue
        problem = column_problem(model, field_name, value)
        if problem is not None:
            errors.append(RowError(row.row, column, cells.get(column, "") or str(value), problem))
    return errors
@cache
def _stored_limits() -> tuple[tuple[str, str, type, str, tuple[int | None, int | None, int | None]], ...]:
    """STORED_COLUMNS with each column's (max_length, lowest, highest) (field_limits.limit_of), looked up once."""
    return tuple((attr, column, model, field_name, limit_of(model, field_name))
                 for attr, column, model, field_name in STORED_COLUMNS)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _figure_conflict(known: dict[str, Any], row: OrganisationRow) -> RowError | None:
    """A row whose employees from vulnerable groups would exceed the employees the registry keeps for the year."""
    employees = row.employees if row.employees is not None else known.get("employees")
    vulnerable = row.vulnerable_employees if row.vulnerable_employees is not None else known.get("vulnerable_employees")
    if employees is None or vulnerable is None or vulnerable <= employees:
        return None
    column = "vulnerable_employees" if row.vulnerable_employees is not None else "employees"
    return RowError(row.row, column, str(getattr(row, column)),
                    f"취약계층 고용({vulnerable}명)이 {row.figures_year}년 근로자수({employees}명)보다 많습니다")


def _existing_state(codes: set[str]) -> dict[str, Any]:
    """Current values of every organisation, its designations of the imported types, its latest counts."""
    orgs = {o["pk"]: o for o in Organisation.objects.values("pk", "name_key", "industry__code", "district__code", *ORG_FIELDS).iterator(chunk_size=5000)}
    designations: dict[int, list[dict[str, Any]]] = {}
    open_by_type: dict[str, list[tuple[int, int, str, dt.date | None]]] = {}
    for d in Designation.objects.filter(type__code__in=codes).values(
        "pk", "organisation_id", "organisation__name", "type__code", "granted", "ended", "certificate_no", "last_seen"
    ).iterator(chunk_size=5000):
        designations.setdefault(d["organisation_id"], []).append(d)
        if d["ended"] is None:
            open_by_type.setdefault(d["type__code"], []).append((d["pk"], d["organisation_id"], d["organisation__name"], d["last_seen"]))
    counts = {(c["organisation_id"], c["counted_on"]): c for c in CooperativeCount.objects.values("organisation_id", "counted_on", "members", "capital_won").iterator(chunk_size=5000)}
    figures = {(f["organisation_id"], f["year"]): f for f in YearlyFigure.objects.values("organisation_id", "year", *FIGURE_COLUMNS).iterator(chunk_size=5000)}
    return {"orgs": orgs, "designations": designations, "open_by_type": open_by_type, "counts": counts, "figures": figures}


def _row_org_values(row: OrganisationRow) -> dict[str, Any]:
    values = {
        "name": row.name, "business_no": row.business_no, "corporate_no": row.corporate_no,
        "legal_form": row.legal_form, "representative": row.representative, "address": row.address,
        "industry_text": row.industry_text, "ksic": row.ksic, "founded": row.founded, "closed": row.closed,
        "status": row.status, "phone": row.phone, "website": row.website, "email": row.email,
        "industry__code": row.industry_code, "district__code": row.district_code,
        "location": row.location, "outside_area": row.outside_area,
    }
    # a list that leaves a value out does not erase what the registry knows
    return {k: v for k, v in values.items() if v not in ("", None) or k == "outside_area" and row.location != "unknown"}


def _compare(existing: dict[str, Any], org_id: int, row: OrganisationRow, as_of: dt.date) -> tuple[str, dict, int | None]:
    current = existing["orgs"][org_id]
    changes = {k: (current.get(k), v) for k, v in _row_org_values(row).items() if current.get(k) != v}
    if row.location == "unknown":
        changes.pop("location", None)
    if "name" in changes and current.get("name_key") == row.name_key:
        # the same name spelt with another legal-form prefix (㈜, 협동조합 …): keep the registry's spelling
        changes.pop("name")
    if row.figures_year is not None and row.figures:
        known = existing["figures"].get((org_id, row.figures_year)) or {}
        differ = {c: v for c, v in row.figures.items() if known.get(c) != v}
        if differ:
            changes["yearly_figures"] = ({c: known.get(c) for c in differ} if known else None, {"year": row.figures_year, **differ})
    mine = [d for d in existing["designations"].get(org_id, []) if d["type__code"] == row.designation]
    same = next((d for d in mine if d["granted"] == row.granted), None)
    if same is None and row.granted is None and mine:
        same = max(mine, key=lambda d: (d["granted"] or dt.date.min))
    if same is None:
        return "merged" if not mine else "updated", changes, None
    for column in ("ended", "certificate_no"):
        value = getattr(row, column)
        if value not in ("", None) and same[column] != value:
            changes[f"designation.{column}"] = (same[column], value)
    if row.members is not None or row.capital_won is not None:
        counted_on = row.members_counted_on or as_of
        count = existing["counts"].get((org_id, counted_on))
        if count is None or (row.members is not None and count["members"] != row.members) or (
            row.capital_won is not None and count["capital_won"] != row.capital_won
        ):
            changes["cooperative_count"] = (count and (count["members"], count["capital_won"]), (row.members, row.capital_won))
    return ("updated" if changes else "unchanged"), changes, same["pk"]


def apply_plan(plan: ImportPlan, *, source: str, batch_id: int | None = None) -> ImportPlan:
    """Write a plan: new organisations, new or changed designations, counts, and last-seen dates.

    A designation made from the file records the import (``batch_id``) and its row: the list and file
    it came from, shown on the organisation's page.
    """
    with collector.paused(), transaction.atomic():
        bump_revision()
        return _apply_plan(plan, source=source, batch_id=batch_id)


DESIGNATION_INSERT_COLUMNS = ["organisation_id", "type_id", "granted", "ended", "certificate_no", "source", "first_seen",
                              "last_seen", "import_batch_id", "source_row", "designating_region_id", "designating_ministry"]


def _region_ids(codes: set[str]) -> dict[str, int]:
    """Region rows of the designating 시도 (created from core.regions when a Seoul registry lacks them)."""
    have = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
    for code in codes - set(have):
        sido = load_gazetteer().sido(code)
        if sido is not None:
            have[code] = Region.objects.create(code=code, name_ko=sido.name_ko, name_en=sido.name_en,
                                               valid_from=sido.valid_from, valid_to=sido.valid_to).pk
    return have


def _apply_plan(plan: ImportPlan, *, source: str, batch_id: int | None) -> ImportPlan:
    industries = dict(IndustryGroup.objects.values_list("code", "pk"))
    districts = dict(District.objects.values_list("code", "pk"))
    if any(p.row.district_code and p.row.district_code not in districts for p in plan.planned):
        from bombaram.registry.services import load_national_geography

        load_national_geography()  # a 시군구 outside Seoul in a registry that had only Seoul's
        districts = dict(District.objects.values_list("code", "pk"))
    types = dict(DesignationType.objects.values_list("code", "pk"))
    regions = _region_ids({p.row.designating_sido for p in plan.planned if p.row.designating_sido})
    as_of = plan.as_of

    now = timezone.now()
    created = [p for p in plan.planned if p.outcome == "created"]
    ids = allocate_ids(Organisation, len(created))
    org_pk = {p.org_key: pk for p, pk in zip(created, ids, strict=True)}
    insert_rows(Organisation, ORG_INSERT_COLUMNS, [
        _organisation_values(pk, p.row, industries, districts, now) for p, pk in zip(created, ids, strict=True)
    ])

    touched_orgs: dict[int, dict[str, Any]] = {}
    for p in plan.planned:
        if isinstance(p.org_key, int):
            values = {k: v for k, (_, v) in p.changes.items() if not k.startswith(("designation.", "cooperative_count", "yearly_figures"))}
            if values:
                touched_orgs.setdefault(p.org_key, {}).update(values)
    _update_organisations(touched_orgs, industries, districts)

    wanted_orgs = {org_pk.get(p.org_key, p.org_key) for p in plan.planned}
    wanted_types = {types[p.row.designation] for p in plan.planned}
    existing = {
        (d.organisation_id, d.type_id, d.granted): d
        for d in Designation.objects.filter(type_id__in=wanted_types).iterator(chunk_size=5000)
        if d.organisation_id in wanted_orgs
    }
    latest: dict[tuple[int, int], Designation] = {}
    for d in existing.values():
        key = (d.organisation_id, d.type_id)
        if key not in latest or (d.granted or dt.date.min) > (latest[key].granted or dt.date.min):
            latest[key] = d
    create: list[list[object]] = []
    update: dict[int, Designation] = {}
    counts: dict[tuple[int, dt.date], tuple[int | None, int | None]] = {}
    figures: dict[tuple[int, int], dict[str, Any]] = {}
    made: set[tuple[int, int, dt.date | None]] = set()
    for p in plan.planned:
        row, pk, type_id = p.row, org_pk.get(p.org_key, p.org_key), types[p.row.designation]
        key = (pk, type_id, row.granted)
        found = existing.get(key) or (latest.get((pk, type_id)) if row.granted is None else None)
        if found is None:
            if key not in made:
                made.add(key)
                create.append([pk, type_id, row.granted, row.ended, row.certificate_no, source, as_of, as_of, batch_id, row.row,
                               regions.get(row.designating_sido), row.designating_ministry])
        else:
            dirty = False
            for column in ("ended", "certificate_no"):
                value = getattr(row, column)
                if value not in ("", None) and getattr(found, column) != value:
                    setattr(found, column, value)
                    dirty = True
            if found.last_seen is None or found.last_seen < as_of:
                found.last_seen, found.source = as_of, source
                dirty = True
            if dirty:
                update[found.pk] = found
        if row.members is not None or row.capital_won is not None:
            counts[(pk, row.members_counted_on or as_of)] = (row.members, row.capital_won)
        if row.figures_year is not None and row.figures:
            figures.setdefault((pk, row.figures_year), {}).update(row.figures, source_row=row.row)
    insert_rows(Designation, DESIGNATION_INSERT_COLUMNS, create)
    Designation.objects.bulk_update(update.values(), ["ended", "certificate_no", "last_seen", "source"], batch_size=2000)
    _write_counts(counts)
    _write_figures(figures, batch_id)
    plan.written = True
    return plan


ORG_INSERT_COLUMNS = [
    "id", "name", "name_key", "business_no", "business_no_confirmed", "corporate_no", "corporate_no_confirmed",
    "legal_form", "representative", "district_id", "location", "outside_area", "address", "industry_id",
    "industry_text", "ksic", "founded", "closed", "status", "phone", "website", "email", "illustrative",
    "created", "updated",
]


def _organisation_values(pk: int, row: OrganisationRow, industries: dict[str, int], districts: dict[str, int], now) -> list:
    return [
        pk, row.name, row.name_key, row.business_no, False, row.corporate_no, False, row.legal_form,
        row.representative, districts.get(row.district_code or ""), row.location, row.outside_area, row.address,
        industries.get(row.industry_code or ""), row.industry_text, row.ksic, row.founded, row.closed,
        row.status or "active", row.phone, row.website, row.email, row.illustrative, now, now,
    ]


def _update_organisations(values_by_pk: dict[int, dict[str, Any]], industries: dict[str, int], districts: dict[str, int]) -> None:
    if not values_by_pk:
        return
    orgs = Organisation.objects.in_bulk(list(values_by_pk))
    fields: set[str] = set()
    for pk, values in values_by_pk.items():
        org = orgs[pk]
        for name, value in values.items():
            if name == "industry__code":
                org.industry_id, name = industries.get(value), "industry"
            elif name == "district__code":
                org.district_id, name = districts.get(value), "district"
            else:
                setattr(org, name, value)
                if name == "name":
                    from bombaram.core.names import normalise_name

                    org.name_key = normalise_name(value)
                    fields.add("name_key")
            fields.add(name)
    now = timezone.now()
    for org in orgs.values():
        org.updated = now
    Organisation.objects.bulk_update(orgs.values(), sorted(fields | {"updated"}), batch_size=2000)


def _write_counts(counts: dict[tuple[int, dt.date], tuple[int | None, int | None]]) -> None:
    if not counts:
        return
    wanted = {k[0] for k in counts}
    current = {
        (c["organisation_id"], c["counted_on"]): c
        for c in CooperativeCount.objects.values("pk", "organisation_id", "counted_on", "members", "capital_won").iterator(chunk_size=5000)
        if c["organisation_id"] in wanted
    }
    create, update = [], []
    for (pk, day), (members, capital) in counts.items():
        found = current.get((pk, day))
        if found is None:
            create.append([pk, day, members, capital])
        elif (members is not None and found["members"] != members) or (capital is not None and found["capital_won"] != capital):
            update.append(CooperativeCount(
                pk=found["pk"], organisation_id=pk, counted_on=day,
                members=members if members is not None else found["members"],
                capital_won=capital if capital is not None else found["capital_won"]))
    insert_rows(CooperativeCount, ["organisation_id", "counted_on", "members", "capital_won"], create)
    CooperativeCount.objects.bulk_update(update, ["members", "capital_won"], batch_size=2000)


def _write_figures(figures: dict[tuple[int, int], dict[str, Any]], batch_id: int | None) -> None:
    """Yearly figures by (organisation, year): the values a row gives replace those known; the others stay.
    The row that last gave them (and its import) is recorded."""
    if not figures:
        return
    wanted = {k[0] for k in figures}
    current = {(f.organisation_id, f.year): f for f in YearlyFigure.objects.filter(organisation_id__in=wanted)}
    create, update = [], []
    now = timezone.now()
    for (pk, year), values in figures.items():
        found = current.get((pk, year))
        row = values.pop("source_row")
        if found is None:
            create.append([pk, year, *(values.get(c) for c in FIGURE_COLUMNS), batch_id, row, now])
            continue
        changed = {c: v for c, v in values.items() if getattr(found, c) != v}
        if changed:
            for column, value in changed.items():
                setattr(found, column, value)
            found.import_batch_id, found.source_row, found.updated = batch_id, row, now
            update.append(found)
    insert_rows(YearlyFigure, ["organisation_id", "year", *FIGURE_COLUMNS, "import_batch_id", "source_row", "updated"], create)
    YearlyFigure.objects.bulk_update(update, [*FIGURE_COLUMNS, "import_batch_id", "source_row", "updated"], batch_size=2000)
