"""A team's ledger as a file and back (활동 대장 내보내기·가져오기): export → edit → import is the monthly path.

The file is one row per record in core.programme_ledger.COLUMNS (XLSX, or CSV in UTF-8 with BOM). Importing
plans first (every row read and checked, registry numbers looked up in one query) and writes only when no
row has an error, in one transaction: all or nothing, like the registry import. A row whose 기록번호 is the
team's is an update of that record (written only when something differs: a changed approved record goes back
to review); a new or empty 기록번호 creates a draft. Records not in the file are left as they are.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from bombaram.core import tabular
from bombaram.core.collector import paused as paused_collector
from bombaram.core.programme_ledger import (
    COLUMN_LABELS,
    COLUMNS,
    HEADER_ALIASES,
    PARTICIPANT_POOL,
    REQUIRED_COLUMNS,
    Kind,
    LedgerEntry,
    participant_key,
)
from bombaram.programmes import queries
from bombaram.programmes.choices import RecordStatus
from bombaram.programmes.models import (
    LedgerParticipant,
    LedgerRecord,
    LedgerTrainees,
    ProgrammeTeam,
)
from bombaram.programmes.services import _children_of, next_refs, record_values
from bombaram.registry.bulk import allocate_ids, insert_rows
from bombaram.registry.models import Organisation

RECORD_COLUMNS = ["kind", "date", "title", "place", "stage", "hours", "persons", "visitors", "amount_won", "proposals",
                  "given_by_district", "organisation_id", "note"]

MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class _Written:
    """A record the import inserted (what its child rows need)."""

    pk: int
    ref: str
    kind: str
    date: object


@dataclass
class RowError:
    row: int
    column: str  # the header as in the file ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"{self.row}행" + (f" '{self.column}' 열" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class LedgerPlan:
    team: ProgrammeTeam
    creates: list[LedgerEntry] = field(default_factory=list)
    updates: list[tuple[LedgerRecord, LedgerEntry]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


def export_file(team: ProgrammeTeam, fmt: str) -> bytes:
    """The team's whole ledger as XLSX or CSV (UTF-8 with BOM) bytes, in the import's format."""
    rows = queries.export_rows(team)
    headers = [label for _code, label in COLUMNS]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ledger.{fmt}"
        if fmt == "xlsx":
            notes = ["예시 데이터 (지어낸 기록)"] if LedgerRecord.objects.filter(team=team, illustrative=True).exists() else []
            tabular.write_xlsx(path, {"활동 대장": (headers, rows)}, notes=notes,
                               number_formats={COLUMN_LABELS["amount_won"]: "#,##0"})
        else:
            tabular.write_csv_for_excel(path, headers, rows)
        return path.read_bytes()


def plan_ledger_import(team: ProgrammeTeam, data: bytes, *, filename: str) -> LedgerPlan:
    """Read and check every row; nothing is written."""
    from bombaram.core.programme_ledger import parse_cells

    plan = LedgerPlan(team=team)
    try:
        table = tabular.read_table(data, filename=filename, aliases=HEADER_ALIASES, required=REQUIRED_COLUMNS)
    except tabular.TableError as error:
        plan.file_error = str(error)
        return plan
    if len(table.rows) > MAX_ROWS:
        plan.file_error = f"한 번에 {MAX_ROWS:,}행까지 가져올 수 있습니다 (이 파일은 {len(table.rows):,}행)."
        return plan
    header = {code: table.source_header(code) for code in table.columns if code in COLUMN_LABELS}
    existing = {r.ref: r for r in LedgerRecord.objects.filter(team=team)}
    seen_refs: dict[str, int] = {}
    parsed: list[tuple[int, LedgerEntry]] = []
    with paused_collector():
        for number, cells in table.rows:
            entry, errors = parse_cells(cells)
            for column, message in errors.items():
                plan.errors.append(RowError(number, header.get(column, COLUMN_LABELS.get(column, column)), message))
            if entry is None:
                continue
            if entry.ref:
                if entry.ref in seen_refs:
                    plan.errors.append(RowError(number, header.get("ref", "기록번호"),
                                                f"{seen_refs[entry.ref]}행과 기록번호가 같습니다: {entry.ref}"))
                    continue
                seen_refs[entry.ref] = number
            parsed.append((number, entry))
        wanted = {p.organisation_id for _n, e in parsed for p in e.participants if p.organisation_id is not None}
        wanted |= {e.organisation_id for _n, e in parsed if e.organisation_id is not None}
        names: dict[int, str] = {}
        ids = sorted(wanted)
        for start in range(0, len(ids), 900):
            names.update(Organisation.objects.filter(pk__in=ids[start:start + 900]).values_list("pk", "name"))
        current = _current_children_of([existing[e.ref] for _n, e in parsed if e.ref in existing])
        for number, entry in parsed:
            bad = False
            if entry.organisation_id is not None and entry.organisation_id not in names:
                plan.errors.append(RowError(number, header.get("organisation", "연결 조직"),
                                            f"등록부에 없는 조직 번호입니다: #{entry.organisation_id}"))
                bad = True
            for participant in entry.participants:
                if participant.organisation_id is None:
                    continue
                if participant.organisation_id not in names:
                    plan.errors.append(RowError(number, header.get("participants", "참여 조직"),
                                                f"등록부에 없는 조직 번호입니다: #{participant.organisation_id}"))
                    bad = True
                    break
                participant.name = names[participant.organisation_id]
            if bad:
                continue
            record = existing.get(entry.ref) if entry.ref else None
            if record is None:
                plan.creates.append(entry)
                continue
            values = record_values(entry)
            if all(getattr(record, k) == v for k, v in values.items()) and current[record.pk] == _children_of(entry):
                plan.unchanged += 1
            else:
                plan.updates.append((record, entry))
    return plan


def _current_children_of(records: list[LedgerRecord]) -> dict[int, tuple[dict, list]]:
    out: dict[int, tuple[dict, list]] = {r.pk: ({}, []) for r in records}
    pks = list(out)
    for start in range(0, len(pks), 900):
        chunk = pks[start:start + 900]
        for record_id, group, persons in LedgerTrainees.objects.filter(record_id__in=chunk).values_list(
                "record_id", "group", "persons"):
            out[record_id][0][group] = persons
        for record_id, organisation_id, name in LedgerParticipant.objects.filter(record_id__in=chunk).order_by(
                "pk").values_list("record_id", "organisation_id", "name"):
            out[record_id][1].append((organisation_id, name))
    return {pk: (dict(sorted(t.items())), p) for pk, (t, p) in out.items()}


def apply_ledger_import(*, user, plan: LedgerPlan, filename: str = "") -> dict[str, int]:
    """Write a plan without errors in one transaction; returns counts. Refuses a plan with errors."""
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    team = plan.team
    check(can_edit_team(user, team))
    if not plan.ok:
        raise ValueError("오류가 있는 파일은 가져오지 않습니다.")
    with transaction.atomic(), paused_collector():
        ProgrammeTeam.objects.select_for_update().filter(pk=team.pk).first()
        taken = set(LedgerRecord.objects.filter(team=team).values_list("ref", flat=True))
        clash = [e.ref for e in plan.creates if e.ref and e.ref in taken]
        if clash:
            raise ValueError(f"가져오는 사이에 같은 기록번호가 생겼습니다: {clash[0]}")
        fresh = iter(next_refs(team, sum(1 for e in plan.creates if not e.ref),
                               taken=taken | {e.ref for e in plan.creates if e.ref}))
        ids = allocate_ids(LedgerRecord, len(plan.creates))
        now = timezone.now()
        columns = ["id", "team_id", "ref", "entered_by_id", "status", "return_note", "revision", "illustrative",
                   "updated", *RECORD_COLUMNS]
        rows = []
        created = []
        for pk, entry in zip(ids, plan.creates, strict=True):
            entry.ref = entry.ref or next(fresh)
            values = record_values(entry)
            rows.append([pk, team.pk, entry.ref, user.pk, RecordStatus.DRAFT, "", 1, False, now,
                         *(values[c] for c in RECORD_COLUMNS)])
            created.append(_Written(pk, entry.ref, values["kind"], entry.date))
        insert_rows(LedgerRecord, columns, rows)
        updated = []
        for record, entry in plan.updates:
            for name, value in record_values(entry).items():
                setattr(record, name, value)
            record.status = {RecordStatus.APPROVED: RecordStatus.SUBMITTED,
                             RecordStatus.RETURNED: RecordStatus.DRAFT}.get(record.status, record.status)
            record.entered_by = user
            record.revision += 1
            record.approved = None
            record.approved_by = None
            updated.append(record)
        if updated:
            fields = [*record_values(plan.updates[0][1]), "status", "entered_by", "revision", "approved", "approved_by"]
            fields = ["organisation" if f == "organisation_id" else f for f in fields]
            LedgerRecord.objects.bulk_update(updated, fields, batch_size=1000)
            ids = [r.pk for r in updated]
            for start in range(0, len(ids), 900):
                LedgerTrainees.objects.filter(record_id__in=ids[start:start + 900]).delete()
                LedgerParticipant.objects.filter(record_id__in=ids[start:start + 900]).delete()
        pairs = list(zip(created, plan.creates, strict=True)) + [(r, e) for r, e in plan.updates]
        insert_rows(LedgerTrainees, ["record_id", "group", "persons"],
                    [[r.pk, g, n] for r, e in pairs for g, n in e.trainees.items() if n])
        participant_columns = ["record_id", "organisation_id", "name", "key", "team_id", "date", "pool", "approved"]
        insert_rows(LedgerParticipant, participant_columns,
                    [[r.pk, p.organisation_id, p.name, participant_key(p.organisation_id, p.name), team.pk, r.date,
                      PARTICIPANT_POOL.get(Kind(r.kind), r.kind), False]
                     for r, e in pairs for p in e.participants])
        audit.record("programmes.ledger.imported", actor=user, obj=team, filename=filename, created=len(created),
                     updated=len(updated), unchanged=plan.unchanged,
                     created_refs=[r.ref for r in created], updated_refs=[r.ref for r in updated])
    return {"created": len(created), "updated": len(updated), "unchanged": plan.unchanged}
