"""Writes for programme teams: the reference teams, contacts, consortium, staff, contracts and evaluations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from bombaram.core.identifiers import ParseError, normalise_business_no
from bombaram.core.numbers import ParseError as NumberParseError
from bombaram.core.numbers import parse_decimal
from bombaram.core.programme_contracts import check_new_contract
from bombaram.core.programme_measures import BY_CODE
from bombaram.programmes.choices import EvaluationResult, MemberRole
from bombaram.programmes.dashboards import contract_terms
from bombaram.programmes.models import (
    ConsortiumMember,
    Contract,
    ContractTarget,
    ProgrammeTeam,
    TeamStaff,
)
from bombaram.registry.models import District
from bombaram.registry.reference_data import read_rows
from bombaram.web import audit
from bombaram.web.permissions import can_edit_team, can_manage_contracts, check


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
# ---- consortium, staff, contracts -----------------------------------------------------------------------


def _clean_business_no(raw: str) -> str:
    try:
        result = normalise_business_no(raw)
    except ParseError as exc:
        raise ValidationError(f"사업자등록번호가 올바르지 않습니다: {exc}") from None
    if result is None:
        return ""
    if result.masked:
        raise ValidationError("가려진 사업자등록번호는 적을 수 없습니다. 열 자리 숫자를 모두 적어 주세요.")
    if not result.check_ok:
        raise ValidationError(f"사업자등록번호의 검증 숫자가 맞지 않습니다: '{raw}'")
    return result.digits


@transaction.atomic
def add_consortium_member(*, user, team: ProgrammeTeam, role: str = "member", organisation=None,
                          pending_name: str = "", pending_business_no: str = "", illustrative: bool = False):
    """Add a registry organisation, or one not yet registered (name, optional business number), to the
    team's consortium. Its own staff or the centre of its district may; one lead organisation per team."""
    check(can_edit_team(user, team))
    if role not in MemberRole.values:
        raise ValidationError(f"컨소시엄 역할이 올바르지 않습니다: '{role}'")
    pending_name = (pending_name or "").strip()
    if organisation is None:
        if not pending_name:
            raise ValidationError("등록부의 조직을 고르거나, 아직 등록되지 않은 조직의 이름을 적어 주세요.")
        if len(pending_name) > 200:
            raise ValidationError("조직 이름은 200자까지 적을 수 있습니다.")
        business_no = _clean_business_no(pending_business_no)
        if ConsortiumMember.objects.filter(team=team, organisation__isnull=True, pending_name=pending_name).exists():
            raise ValidationError(f"'{pending_name}'은(는) 이미 이 사업단의 컨소시엄에 있습니다.")
    else:
        pending_name, business_no = "", ""
        if ConsortiumMember.objects.filter(team=team, organisation=organisation).exists():
            raise ValidationError(f"'{organisation.name}'은(는) 이미 이 사업단의 컨소시엄에 있습니다.")
    locked = ProgrammeTeam.objects.select_for_update().get(pk=team.pk)  # one lead even when two add at once
    if role == MemberRole.LEAD and ConsortiumMember.objects.filter(team=locked, role=MemberRole.LEAD).exists():
        raise ValidationError("주관기관은 한 곳뿐입니다. 지금의 주관기관을 먼저 빼 주세요.")
    member = ConsortiumMember.objects.create(team=team, organisation=organisation, pending_name=pending_name,
                                             pending_business_no=business_no, role=role, illustrative=illustrative)
    audit.record("programmes.consortium.member_added", actor=user, obj=member, team=team.pk, role=role,
                 organisation=organisation.pk if organisation else None, pending_name=pending_name,
                 pending_business_no=business_no)
    return member


@transaction.atomic
def link_consortium_member(*, user, member, organisation):
    """Link a pending member to the registry organisation it turned out to be; the name it was entered
    under stays on the row (and in the audit trail)."""
    member = ConsortiumMember.objects.select_for_update(of=("self",)).select_related("team__district").get(pk=member.pk)
    check(can_edit_team(user, member.team))
    if member.organisation_id is not None:
        raise ValidationError("이미 등록부의 조직과 연결되어 있습니다.")
    if ConsortiumMember.objects.filter(team=member.team, organisation=organisation).exists():
        raise ValidationError(f"'{organisation.name}'은(는) 이미 이 사업단의 컨소시엄에 있습니다.")
    member.organisation, member.linked = organisation, timezone.now()
    member.save(update_fields=["organisation", "linked"])
    audit.record("programmes.consortium.member_linked", actor=user, obj=member, team=member.team_id,
                 organisation=organisation.pk, organisation_name=organisation.name, pending_name=member.pending_name,
                 pending_business_no=member.pending_business_no)
    return member


@transaction.atomic
def remove_consortium_member(*, user, member) -> None:

    member = (ConsortiumMember.objects.select_for_update(of=("self",)).select_related("team__district", "organisation")
              .get(pk=member.pk))
    check(can_edit_team(user, member.team))
    audit.record("programmes.consortium.member_removed", actor=user, obj=member, team=member.team_id,
                 organisation=member.organisation_id, member_name=member.name, role=member.role)
    member.delete()


@transaction.atomic
def add_team_staff(*, user, team: ProgrammeTeam, name: str, role: str = "", phone: str = "", email: str = "",
                   account=None, illustrative: bool = False):
    """Add a staff member to the team (its own staff or the centre of its district may)."""
    check(can_edit_team(user, team))
    name, role, phone, email = ((v or "").strip() for v in (name, role, phone, email))
    if not name:
        raise ValidationError("이름을 적어 주세요.")
    for value, label, size in ((name, "이름", 100), (role, "역할", 100), (phone, "전화", 40)):
        if len(value) > size:
            raise ValidationError(f"{label}은(는) {size}자까지 적을 수 있습니다.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(f"이메일 주소가 올바르지 않습니다: '{email}'") from None
    staff = TeamStaff.objects.create(team=team, name=name, role=role, phone=phone, email=email, user=account,
                                     illustrative=illustrative)
    audit.record("programmes.staff.added", actor=user, obj=staff, team=team.pk, person=name, role=role,
                 account=account.pk if account else None)
    return staff


@transaction.atomic
def remove_team_staff(*, user, staff) -> None:

    staff = TeamStaff.objects.select_for_update(of=("self",)).select_related("team__district").get(pk=staff.pk)
    check(can_edit_team(user, staff.team))
    audit.record("programmes.staff.removed", actor=user, obj=staff, team=staff.team_id, person=staff.name,
                 role=staff.role, phone=staff.phone, email=staff.email)
    staff.delete()


def _clean_targets(targets) -> dict:

    cleaned: dict[str, Decimal] = {}
    for code, raw in (targets or {}).items():
        if code not in BY_CODE:
            raise ValidationError(f"활동 대장에 없는 측정 항목입니다: '{code}'")
        try:
            value = parse_decimal(raw)
        except NumberParseError:
            raise ValidationError(f"{BY_CODE[code].label_ko} 목표: 숫자로 적어 주세요. 입력한 값: '{raw}'") from None
        if value is None:
            continue
        if value < 0 or value >= Decimal(10) ** 16 or value != value.quantize(Decimal("0.01")):
            raise ValidationError(f"{BY_CODE[code].label_ko} 목표: 0 이상, 소수점 아래 두 자리까지 적어 주세요: '{raw}'")
        cleaned[code] = value
    return cleaned


@transaction.atomic
def create_contract(*, user, team: ProgrammeTeam, start, end, amount_won: int, evaluation_date=None,
                    conditions: str = "", targets=None, illustrative: bool = False):
    """Record a yearly contract of the team with the city (the centre of its district only).

    The sunset rule (core.programme_contracts.check_new_contract) is checked on the team's contracts read
    under a lock of the team: a fourth contract, one longer than a year, an extension without a passed
    evaluation of the previous contract or an overlapping period is refused with the rule quoted, and
    nothing is written. ``targets``: {measure code (core.programme_measures): number}."""
    check(can_manage_contracts(user, team))
    if isinstance(amount_won, bool) or not isinstance(amount_won, int) or amount_won < 0:
        raise ValidationError("협약 금액은 0원 이상의 원 단위 정수로 적어 주세요.")
    if amount_won > 9_223_372_036_854_775_807:
        raise ValidationError("협약 금액이 너무 큽니다.")
    if evaluation_date is not None and evaluation_date < start:
        raise ValidationError(f"평가일({evaluation_date:%Y-%m-%d})이 협약 시작일보다 앞설 수 없습니다.")
    cleaned_targets = _clean_targets(targets)
    locked = ProgrammeTeam.objects.select_for_update().get(pk=team.pk)
    existing = list(Contract.objects.filter(team=locked).order_by("start"))
    errors = check_new_contract(contract_terms(existing), start, end)
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.create(team=team, number=len(existing) + 1, start=start, end=end,
                                       amount_won=amount_won, evaluation_date=evaluation_date,
                                       conditions=(conditions or "").strip(), illustrative=illustrative)
    ContractTarget.objects.bulk_create([ContractTarget(contract=contract, measure=code, target=value)
                                        for code, value in cleaned_targets.items()])
    audit.record("programmes.contract.created", actor=user, obj=contract, team=team.pk, number=contract.number,
                 start=start.isoformat(), end=end.isoformat(), amount_won=amount_won,
                 evaluation_date=evaluation_date.isoformat() if evaluation_date else None,
                 conditions=contract.conditions, targets={k: str(v) for k, v in cleaned_targets.items()})
    return contract


@transaction.atomic
def record_evaluation(*, user, contract, result: str, evaluation_date=None, conditions: str | None = None):
    """The centre records a contract's evaluation (passed / not passed, the date, conditions for the next
    year). Changing a recorded result is refused once the next contract rests on it."""
    contract = Contract.objects.select_for_update(of=("self",)).select_related("team__district").get(pk=contract.pk)
    check(can_manage_contracts(user, contract.team))
    if result not in (EvaluationResult.PASSED, EvaluationResult.FAILED):
        raise ValidationError("평가 결과(통과 또는 미통과)를 골라 주세요.")
    evaluation_date = evaluation_date or contract.evaluation_date
    if evaluation_date is None:
        raise ValidationError("평가일을 적어 주세요.")
    if evaluation_date < contract.start:
        raise ValidationError(f"평가일({evaluation_date:%Y-%m-%d})이 협약 시작일({contract.start:%Y-%m-%d})보다 앞설 수 없습니다.")
    later = Contract.objects.filter(team=contract.team, start__gt=contract.start).exists()
    if later and result != contract.evaluation_result:
        raise ValidationError("다음 협약이 이 평가 결과를 근거로 맺어져 있어 결과를 바꿀 수 없습니다.")
    values = {"evaluation_result": result, "evaluation_date": evaluation_date}
    if conditions is not None:
        values["conditions"] = conditions.strip()
    changes = audit.save_changes(contract, values)
    if changes:
        contract.evaluated = timezone.now()
        contract.save(update_fields=["evaluated"])
        audit.record("programmes.contract.evaluated", actor=user, obj=contract, team=contract.team_id,
                     number=contract.number, changes={k: [str(a) if a is not None else None, str(b)]
                                                      for k, (a, b) in changes.items()})
    return contract
