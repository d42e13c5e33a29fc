"""Writes for programme teams."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import District
from bombaram.registry.reference_data import read_rows


@transaction.atomic
def load_reference_teams() -> int:
    """Create or update the 13 teams of the report's appendix (idempotent)."""
    districts = {d.name_ko: d for d in District.objects.all()}
    for row in read_rows("seoul2014", "programme_teams.csv"):
        year, month = (int(part) for part in row["started"].split("-"))
        ProgrammeTeam.objects.update_or_create(
            district=districts[row["district"]],
            name=row["team_name"],
            defaults={
                "cohort": int(row["cohort"]),
                "started": dt.date(year, month, 1),
                "website": row["website"],
                "phone": row["phone"],
                "email": row["email"],
                "address": row["address"],
            },
        )
    return ProgrammeTeam.objects.count()


def update_team_contacts(*, user, team: ProgrammeTeam, phone: str, email: str, website: str, address: str) -> list[str]:
    """Change a team's contact details; only its own staff or an administrator of its district may.

    Returns the names of the fields that changed (empty when nothing did).
    """
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    check(can_edit_team(user, team))
    new = {"phone": phone, "email": email, "website": website, "address": address}
    changed = {k: (getattr(team, k), v) for k, v in new.items() if getattr(team, k) != v}
    if not changed:
        return []
    with transaction.atomic():
        for field, (_, value) in changed.items():
            setattr(team, field, value)
        team.save(update_fields=list(changed))
        audit.record("programmes.team.contacts_updated", actor=user, obj=team,
                     changes={k: {"from": old, "to": new_value} for k, (old, new_value) in changed.items()})
    return list(changed)


# ------------------------------------------------------------------ the activity ledger (활동 대장)


class StaleRecord(Exception):
    """The record changed since the form was shown (someone else saved it meanwhile)."""


def _resolve_organisations(entry) -> None:
    """Registry ids named by the entry must exist; a participant's name is the registry's name."""
    from bombaram.core.programme_ledger import LedgerError
    from bombaram.registry.models import Organisation

    wanted = {p.organisation_id for p in entry.participants if p.organisation_id is not None}
    if entry.organisation_id is not None:
        wanted.add(entry.organisation_id)
    names = dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    errors = {}
    if entry.organisation_id is not None and entry.organisation_id not in names:
        errors["organisation"] = f"등록부에 없는 조직 번호입니다: #{entry.organisation_id}"
    for participant in entry.participants:
        if participant.organisation_id is None:
            continue
        if participant.organisation_id not in names:
            errors.setdefault("participants", f"등록부에 없는 조직 번호입니다: #{participant.organisation_id}")
        else:
            participant.name = names[participant.organisation_id]
    if errors:
        raise LedgerError(errors)


def record_values(entry) -> dict:
    """The LedgerRecord field values of a validated entry (children apart)."""
    return {
        "kind": str(entry.kind), "date": entry.date, "title": entry.title, "place": entry.place, "stage": entry.stage,
        "hours": entry.hours, "persons": entry.persons, "visitors": entry.visitors, "amount_won": entry.amount_won,
        "proposals": entry.proposals, "given_by_district": entry.given_by_district,
        "organisation_id": entry.organisation_id, "note": entry.note or "",
    }


def _children_of(entry) -> tuple[dict, list]:
    return (dict(sorted((g, n) for g, n in entry.trainees.items() if n)),
            [(p.organisation_id, p.name) for p in entry.participants])


def _current_children(record) -> tuple[dict, list]:
    return (dict(sorted(record.trainee_counts.values_list("group", "persons"))),
            list(record.participants.order_by("pk").values_list("organisation_id", "name")))


def _write_children(record, entry, *, replace: bool) -> None:
    from bombaram.programmes.models import LedgerParticipant, LedgerTrainees

    if replace:
        record.trainee_counts.all().delete()
        record.participants.all().delete()
    LedgerTrainees.objects.bulk_create(
        [LedgerTrainees(record=record, group=g, persons=n) for g, n in entry.trainees.items() if n])
    LedgerParticipant.objects.bulk_create(
        [participant_row(record, p.organisation_id, p.name) for p in entry.participants])


def participant_row(record, organisation_id, name):
    """A participant of ``record`` with the record's team, date, pool and approval repeated on it."""
    from bombaram.core.programme_ledger import PARTICIPANT_POOL, participant_key
    from bombaram.programmes.choices import RecordStatus
    from bombaram.programmes.models import LedgerParticipant

    return LedgerParticipant(record_id=record.pk, organisation_id=organisation_id, name=name,
                             key=participant_key(organisation_id, name), team_id=record.team_id, date=record.date,
                             pool=PARTICIPANT_POOL.get(record.kind, record.kind),
                             approved=record.status == RecordStatus.APPROVED)


def next_refs(team: ProgrammeTeam, count: int, *, taken: set[str] | None = None) -> list[str]:
    """``count`` unused record numbers of the team ("000001", …)."""
    from bombaram.programmes.models import LedgerRecord

    if taken is None:
        taken = set(LedgerRecord.objects.filter(team=team).values_list("ref", flat=True))
    numbers = [int(r) for r in taken if r.isdigit()]
    start = max(numbers, default=0) + 1
    refs = []
    n = start
    while len(refs) < count:
        ref = f"{n:06d}"
        if ref not in taken:
            refs.append(ref)
        n += 1
    return refs


def _validated(entry):
    from bombaram.core.programme_ledger import validate_entry

    validate_entry(entry)
    _resolve_organisations(entry)
    return entry


def create_ledger_record(*, user, team: ProgrammeTeam, entry, illustrative: bool = False):
    """Record what a team did (a draft). Only the team's own staff or an administrator of its district may.

    Raises PermissionDenied, or core.programme_ledger.LedgerError with Korean messages per field.
    """
    from bombaram.programmes.models import LedgerRecord
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    check(can_edit_team(user, team))
    _validated(entry)
    with transaction.atomic():
        ProgrammeTeam.objects.select_for_update().filter(pk=team.pk).first()
        ref = entry.ref or next_refs(team, 1)[0]
        if LedgerRecord.objects.filter(team=team, ref=ref).exists():
            from bombaram.core.programme_ledger import LedgerError

            raise LedgerError({"ref": f"이미 있는 기록번호입니다: {ref}"})
        record = LedgerRecord.objects.create(team=team, ref=ref, entered_by=user if user.is_authenticated else None,
                                             illustrative=illustrative, **record_values(entry))
        _write_children(record, entry, replace=False)
        audit.record("programmes.ledger.created", actor=user, obj=record, team=team.pk, kind=record.kind,
                     values=_audit_values(record_values(entry), entry))
    return record


def _audit_values(values: dict, entry) -> dict:
    trainees, participants = _children_of(entry)
    shown = {k: (str(v) if v is not None and not isinstance(v, (int, bool, str)) else v) for k, v in values.items()}
    shown["trainees"] = trainees
    shown["participants"] = [f"#{o}" if o else n for o, n in participants]
    return shown


def update_ledger_record(*, user, record, entry, revision: int) -> list[str]:
    """Change a record. A changed approved record goes back to review (submitted); a returned one becomes a
    draft again. ``revision`` is the one the form showed: a record changed meanwhile raises StaleRecord.
    Returns the names of what changed (nothing written when nothing did)."""
    from bombaram.programmes.choices import RecordStatus
    from bombaram.programmes.models import LedgerRecord
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    check(can_edit_team(user, record.team))
    _validated(entry)
    with transaction.atomic():
        locked = LedgerRecord.objects.select_for_update().get(pk=record.pk)
        if locked.revision != revision:
            raise StaleRecord
        values = record_values(entry)
        changes = {k: [_plain(getattr(locked, k)), _plain(v)] for k, v in values.items() if getattr(locked, k) != v}
        old_children, new_children = _current_children(locked), _children_of(entry)
        if old_children[0] != new_children[0]:
            changes["trainees"] = [old_children[0], new_children[0]]
        if old_children[1] != new_children[1]:
            changes["participants"] = [[f"#{o}" if o else n for o, n in old_children[1]],
                                       [f"#{o}" if o else n for o, n in new_children[1]]]
        if not changes:
            return []
        status = locked.status
        new_status = {RecordStatus.APPROVED: RecordStatus.SUBMITTED,
                      RecordStatus.RETURNED: RecordStatus.DRAFT}.get(status, status)
        for k, v in values.items():
            setattr(locked, k, v)
        locked.status = new_status
        locked.entered_by = user
        locked.revision += 1
        locked.approved = None
        locked.approved_by = None
        locked.save(update_fields=[*values, "status", "entered_by", "revision", "approved", "approved_by", "updated"])
        if "trainees" in changes or "participants" in changes:
            _write_children(locked, entry, replace=True)
        else:
            from bombaram.core.programme_ledger import PARTICIPANT_POOL

            locked.participants.update(date=locked.date, pool=PARTICIPANT_POOL.get(locked.kind, locked.kind),
                                       approved=False)
        audit.record("programmes.ledger.updated", actor=user, obj=locked, changes=changes,
                     status={"from": status, "to": new_status})
    record.refresh_from_db()
    return list(changes)


def _plain(value):
    if value is None or isinstance(value, (int, bool, str)):
        return value
    return str(value)


def submit_ledger_records(*, user, team: ProgrammeTeam, pks: list[int]) -> int:
    """Send the team's drafts (and returned records) to the centre for approval. Returns how many."""
    from bombaram.programmes.choices import RecordStatus
    from bombaram.programmes.models import LedgerRecord
    from bombaram.web import audit
    from bombaram.web.permissions import can_edit_team, check

    check(can_edit_team(user, team))
    with transaction.atomic():
        records = list(LedgerRecord.objects.select_for_update().filter(
            team=team, pk__in=pks, status__in=[RecordStatus.DRAFT, RecordStatus.RETURNED]))
        for record in records:
            LedgerRecord.objects.filter(pk=record.pk).update(status=RecordStatus.SUBMITTED, return_note="")
            audit.record("programmes.ledger.submitted", actor=user, obj=record, status={"from": record.status})
    return len(records)


class SameUser(Exception):
    """Whoever last changed a record may not approve it (separation of duties)."""


def approve_ledger_record(*, user, record, revision: int) -> None:
    """The centre approves a submitted record; never the person who last changed it."""
    from django.utils import timezone

    from bombaram.programmes.choices import RecordStatus
    from bombaram.programmes.models import LedgerRecord
    from bombaram.web import audit
    from bombaram.web.permissions import can_approve_ledger, check

    check(can_approve_ledger(user, record.team))
    with transaction.atomic():
        locked = LedgerRecord.objects.select_for_update().get(pk=record.pk)
        if locked.revision != revision or locked.status != RecordStatus.SUBMITTED:
            raise StaleRecord
        if locked.entered_by_id == user.pk:
            raise SameUser
        locked.status = RecordStatus.APPROVED
        locked.approved_by = user
        locked.approved = timezone.now()
        locked.return_note = ""
        locked.save(update_fields=["status", "approved_by", "approved", "return_note", "updated"])
        locked.participants.update(approved=True)
        audit.record("programmes.ledger.approved", actor=user, obj=locked, revision=locked.revision)


def return_ledger_record(*, user, record, revision: int, note: str) -> None:
    """The centre sends a submitted record back to the team with a note saying what to change."""
    from bombaram.programmes.choices import RecordStatus
    from bombaram.programmes.models import LedgerRecord
    from bombaram.web import audit
    from bombaram.web.permissions import can_approve_ledger, check

    check(can_approve_ledger(user, record.team))
    note = (note or "").strip()
    if not note:
        raise ValueError("돌려보내는 까닭을 적어 주세요.")
    with transaction.atomic():
        locked = LedgerRecord.objects.select_for_update().get(pk=record.pk)
        if locked.revision != revision or locked.status != RecordStatus.SUBMITTED:
            raise StaleRecord
        locked.status = RecordStatus.RETURNED
        locked.return_note = note[:2000]
        locked.save(update_fields=["status", "return_note", "updated"])
        audit.record("programmes.ledger.returned", actor=user, obj=locked, note=locked.return_note)
