"""Writes to the registry's reference tables."""

from __future__ import annotations

from django.db import transaction

from bombaram.registry.models import DesignationType, District, IndustryGroup, Region, bump_revision
from bombaram.registry.reference_data import read_rows
from bombaram.web import audit

SEOUL = {"code": "11", "name_ko": "서울특별시", "name_en": "Seoul", "aliases": "서울시,서울"}


def _upsert(model, *, code: str, defaults: dict):
    """Create the row, or change only the fields that differ: a run that changes nothing writes
    nothing (and so leaves the registry revision, and every cached table, as they are)."""
    row = model.objects.filter(code=code).first()
    if row is None:
        return model.objects.create(code=code, **defaults)
    audit.save_changes(row, defaults)
    return row


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update Seoul's districts, the industry groups and the designation types.

    Idempotent: running it again changes nothing. Returns how many rows of each kind exist.
    """
    region = _upsert(Region, code=SEOUL["code"], defaults={k: v for k, v in SEOUL.items() if k != "code"})
    rows = sorted(read_rows("korea", "seoul_districts.csv"), key=lambda r: r["name_ko"])
    for order, row in enumerate(rows, start=1):
        _upsert(
            District, code=row["sig_cd"],
            defaults={"region": region, "name_ko": row["name_ko"], "name_en": row["name_en"], "order": order},
        )
    for row in read_rows("industry_groups.csv"):
        _upsert(
            IndustryGroup, code=row["code"],
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
        _upsert(
            DesignationType, code=row["code"],
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


@transaction.atomic
def load_national_geography() -> dict[str, int]:
    """Create or update every 시도 and 시군구 of the country, past ones included, with their validity
    (core.regions: reference/korea/sido.csv, sigungu.csv). Idempotent.

    Not part of ``load_reference_data``: a Seoul installation keeps its 25 districts only. Seoul's
    rows keep their names and 가나다 order; other 시도 get theirs in the same way (가나다 within the 시도).
    """
    from bombaram.core.districts import SIDO_NAMES
    from bombaram.core.regions import load_gazetteer

    gazetteer = load_gazetteer()
    aliases = {name: ",".join(a for a in short if not a.isascii()) for name, short in SIDO_NAMES}
    regions = {}
    for sido in gazetteer.all_sidos():
        defaults = {"name_ko": sido.name_ko, "name_en": sido.name_en, "valid_from": sido.valid_from,
                    "valid_to": sido.valid_to}
        if sido.code == SEOUL["code"]:
            defaults["aliases"] = SEOUL["aliases"]
        elif sido.valid_to is None:
            defaults["aliases"] = aliases.get(sido.name_ko, "")
        regions[sido.code] = _upsert(Region, code=sido.code, defaults=defaults)
    by_sido: dict[str, list] = {}
    for unit in gazetteer.all_sigungus():
        by_sido.setdefault(unit.sido_code, []).append(unit)
    for code, units in by_sido.items():
        for order, unit in enumerate(sorted(units, key=lambda u: (u.name_ko, u.valid_from)), start=1):
            _upsert(District, code=unit.code, defaults={
                "region": regions[code], "name_ko": unit.name_ko, "name_en": unit.name_en, "order": order,
                "valid_from": unit.valid_from, "valid_to": unit.valid_to, "parent_code": unit.parent_code})
    bump_revision()
    return {"regions": Region.objects.count(), "districts": District.objects.count()}


def import_organisations(*, source, filename: str, designation: str | None, as_of, sheet: str | None = None,
                         encoding: str = "auto", dry_run: bool = False, skip_invalid: bool = False, user=None,
                         batch=None, district: str | None = None):
    """Import one organisation list (all or nothing unless ``skip_invalid``) and record it.

    Returns the plan; ``plan.written`` tells whether anything was written. Raises
    ``ImportFileError`` when the file cannot be read at all. ``district`` (a 시군구 code): the list is that
    district's own, rows giving only the road are placed there. What is written is recorded as an
    ``ImportBatch`` (``batch``, the web's previewed upload, or a new one for the command line), which
    each designation made from the file points to, with its row.
    """
    import secrets

    from bombaram.registry.choices import ImportStatus
    from bombaram.registry.importer import apply_plan, plan_import, resolve_designation
    from bombaram.registry.models import ImportBatch

    designation = resolve_designation(designation)
    plan = plan_import(source, filename=filename, designation=designation, as_of=as_of, sheet=sheet, encoding=encoding,
                       district=district)
    if dry_run or (plan.has_problems and not skip_invalid) or not plan.planned:
        return plan
    with transaction.atomic():
        if batch is None:
            batch = ImportBatch.objects.create(
                user=user, filename=filename, designation=designation or "", as_of=as_of, status=ImportStatus.WRITTEN,
                token=secrets.token_urlsafe(24), options={"sheet": sheet, "encoding": encoding, "district": district}, report={})
        apply_plan(plan, source=f"{filename} ({as_of.isoformat()})"[-200:], batch_id=batch.pk)  # Designation.source
        report = plan.report()
        if not batch.report:
            batch.report = report
            batch.save(update_fields=["report"])
        audit.record("registry.import.written", actor=user, file=filename, designation=designation,
                     as_of=as_of.isoformat(), **{k: report[k] for k in ("rows", "created", "merged", "updated", "unchanged")},
                     rejected=len(plan.rejected), ambiguous=len(plan.ambiguous))
    return plan


def update_organisation(*, user, organisation, values: dict) -> list[str]:
    """Save the edit form's values; only an administrator whose scope covers the organisation may.

    Returns the names of the fields that changed; the change is recorded in the audit trail.
    """
    from bombaram.core.names import normalise_name
    from bombaram.web.permissions import can_edit_organisation, check

    check(can_edit_organisation(user, organisation))
    values = dict(values)
    confirmed = bool(values.pop("confirm_numbers", False))
    changes = {}
    for field, value in values.items():
        current = getattr(organisation, field)
        if value is None and isinstance(current, str):
            value = ""
        if current != value:
            changes[field] = (current, value)
    if "district" in changes:
        check(can_edit_organisation(user, organisation, district=values["district"]))
    if not changes:
        return []
    with transaction.atomic():
        for field, (_, value) in changes.items():
            setattr(organisation, field, value)
        update_fields = list(changes) + ["updated"]
        if "name" in changes:
            organisation.name_key = normalise_name(organisation.name)
            update_fields.append("name_key")
        if "district" in changes:
            organisation.location = "in_region" if organisation.district else "unknown"
            update_fields.append("location")
        if {"business_no", "corporate_no"} & set(changes):
            organisation.business_no_confirmed = organisation.corporate_no_confirmed = confirmed
            update_fields += ["business_no_confirmed", "corporate_no_confirmed"]
        organisation.save(update_fields=update_fields)
        bump_revision()
        audit.record("registry.organisation.updated", actor=user, obj=organisation,
                     changes={k: {"from": _plain(old), "to": _plain(new)} for k, (old, new) in changes.items()})
    return list(changes)


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def save_yearly_figures(*, user, organisation, year: int, values: dict) -> bool:
    """Create or change an organisation's figures for ``year`` (its district's administrator only).

    ``values`` holds the figure fields (None: not known). Returns whether anything changed; the change
    is recorded in the audit trail, and the figures are marked as entered by hand (no import, no row).
    """
    from bombaram.registry.models import YearlyFigure
    from bombaram.web.permissions import can_edit_organisation, check

    check(can_edit_organisation(user, organisation))
    with transaction.atomic():
        figure = YearlyFigure.objects.select_for_update().filter(organisation=organisation, year=year).first()
        before = {k: getattr(figure, k) for k in values} if figure else dict.fromkeys(values)
        changes = {k: (before[k], v) for k, v in values.items() if before[k] != v}
        if not changes:
            return False
        if figure is None:
            figure = YearlyFigure.objects.create(organisation=organisation, year=year, **values)
        else:
            for field, value in values.items():
                setattr(figure, field, value)
            figure.import_batch, figure.source_row = None, None
            figure.save(update_fields=[*values, "import_batch", "source_row", "updated"])
        bump_revision()
        audit.record("registry.figures.saved", actor=user, obj=organisation, year=year,
                     changes={k: {"from": _plain(old), "to": _plain(new)} for k, (old, new) in changes.items()})
    return True


def register_organisation(*, user, name: str, legal_form: str, district, founded, representative: str = "",
                          address: str = "", illustrative: bool = False):
    """Enter a new organisation in the registry (a cooperative once founded, for one): an administrator whose
    scope covers the district may; the registry's revision moves and the audit trail records it. Refuses a
    name already in the registry (matched as the registry matches names)."""
    from bombaram.web.permissions import can_edit_organisation, check

    check(can_edit_organisation(user, None, district=district))
    return create_organisation(actor=user, name=name, legal_form=legal_form, district=district, founded=founded,
                               representative=representative, address=address, illustrative=illustrative)


def create_organisation(*, actor, name: str, legal_form: str, district, founded, representative: str = "",
                        address: str = "", illustrative: bool = False):
    """``register_organisation`` without the permission check, for callers that checked (or the demo loader)."""
    from django.core.exceptions import ValidationError

    from bombaram.core.names import normalise_name
    from bombaram.registry.models import Organisation

    name = name.strip()
    key = normalise_name(name)
    if not name:
        raise ValidationError("조직 이름을 적어 주세요.")
    if Organisation.objects.filter(name_key=key).exists():
        raise ValidationError(f"같은 이름의 조직이 이미 등록부에 있습니다: {name}")
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name, name_key=key, legal_form=legal_form, district=district, location="in_region", founded=founded,
            representative=representative, address=address, illustrative=illustrative)
        bump_revision()
        audit.record("registry.organisation.registered", actor=actor, obj=organisation, district=district.code,
                     legal_form=legal_form, founded=founded.isoformat() if founded else None)
    return organisation
