"""Writes of a cooperative's founding (설립 준비): founders, founders' meetings, consenting members (설립동의자)
with their pledges, the founding assembly (창립총회) and its resolutions, the documents, the filing, and the
founding itself, which enters the cooperative in the registry (registry.services) and opens its share register
from the consenting members. Every write checks the user's scope and is audited; a refused write changes nothing.
The quorum and the votes are core.founding's (협동조합 기본법 제15조·제85조 제3항)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bombaram.cooperatives.choices import (
    FoundingForm,
    FoundingStage,
    MemberKind,
    MemberType,
    ResolutionSubject,
    ShareEventKind,
)
from bombaram.cooperatives.models import (
    ConsentingMember,
    Cooperative,
    Founder,
    FoundersMeeting,
    Founding,
    FoundingDocument,
    FoundingResolution,
    Member,
    ShareEvent,
)
from bombaram.cooperatives.services import write_registry_counts
from bombaram.core import founding as core
from bombaram.registry.services import create_organisation
from bombaram.web import audit
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_organisation, can_keep_founding, check, has_role

#: the least number of founders (발기인): 5 (협동조합 기본법 제15조 제1항, 제85조 제1항)
MIN_FOUNDERS = 5
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: document file types: extension → accepted leading bytes (HWP 5 is an OLE file, HWPX and OOXML zip archives)
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".hwp": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"),
    ".hwpx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
LEGAL_FORM_NAMES = {FoundingForm.COOPERATIVE: "협동조합", FoundingForm.SOCIAL_COOPERATIVE: "사회적협동조합"}


def _lock(founding: Founding) -> Founding:
    return Founding.objects.select_for_update().get(pk=founding.pk)


def _editable(founding: Founding) -> None:
    if founding.stage == FoundingStage.FOUNDED:
        raise ValidationError(_("The cooperative is founded; its founding can no longer change."))


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def start_founding(*, user, name: str, legal_form: str, district, share_price_won: int, started_on: dt.date,
                   note: str = "") -> Founding:
    """Open a founding; an administrator covering the district may (officers are named on it afterwards)."""
    check(has_role(user, Role.CENTRE_ADMIN, district=district))
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the cooperative's name."))
    if share_price_won <= 0:
        raise ValidationError(_("The share price must be more than zero."))
    founding = Founding.objects.create(name=name, legal_form=legal_form, district=district,
                                       share_price_won=share_price_won, started_on=started_on, note=note)
    audit.record("cooperatives.founding.started", actor=user, obj=founding, district=district.code,
                 legal_form=legal_form, share_price_won=share_price_won)
    return founding


@transaction.atomic
def add_founder(*, user, founding: Founding, name: str, role: str = "") -> Founder:
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    if not name.strip():
        raise ValidationError(_("Enter the founder's name."))
    founder = Founder.objects.create(founding=founding, name=name.strip(), role=role.strip())
    audit.record("cooperatives.founding.founder_added", actor=user, obj=founder, founding=founding.pk)
    return founder


@transaction.atomic
def record_founders_meeting(*, user, founding: Founding, held_on: dt.date, present: int, agenda: str) -> FoundersMeeting:
    """A founders' meeting (발기인회), numbered after the last one; no more present than there are founders."""
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    founders = founding.founders.count()
    if present > founders:
        raise ValidationError(_("More founders present (%(present)s) than there are founders (%(founders)s).")
                              % {"present": present, "founders": founders})
    if held_on < founding.started_on:
        raise ValidationError(_("The meeting cannot be before the founding's preparation started."))
    number = (founding.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
    meeting = FoundersMeeting.objects.create(founding=founding, number=number, held_on=held_on, present=present,
                                             agenda=agenda.strip())
    audit.record("cooperatives.founding.meeting_recorded", actor=user, obj=meeting, founding=founding.pk,
                 number=number, present=present)
    return meeting


@transaction.atomic
def add_consenting_member(*, user, founding: Founding, name: str, kind: str, member_type: str, shares: int,
                          consented_on: dt.date) -> ConsentingMember:
    """A consenting member (설립동의자) and the shares they pledge."""
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    if not name.strip():
        raise ValidationError(_("Enter the member's name."))
    if shares <= 0:
        raise ValidationError(_("Enter at least one share."))
    if consented_on < founding.started_on:
        raise ValidationError(_("The consent cannot be before the founding's preparation started."))
    number = (founding.consenting_members.aggregate(n=Max("number"))["n"] or 0) + 1
    member = ConsentingMember.objects.create(founding=founding, number=number, name=name.strip(), kind=kind,
                                             member_type=member_type, shares=shares, consented_on=consented_on)
    audit.record("cooperatives.founding.consent_added", actor=user, obj=member, founding=founding.pk, shares=shares,
                 consented_on=consented_on.isoformat())
    return member


def consenting_before(founding: Founding, day: dt.date) -> int:
    """Consenting members who handed in their consent on or before ``day`` (the assembly's C)."""
    return founding.consenting_members.filter(consented_on__lte=day).count()


@transaction.atomic
def hold_assembly(*, user, founding: Founding, assembly_on: dt.date, present: int) -> core.Vote:
    """Record the founding assembly: its date and attendance. C is counted from the consents handed in on or
    before the day; the assembly needs at least 5 founders and more than half of C present."""
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    if founding.assembly_on is not None:
        raise ValidationError(_("The founding assembly is already recorded."))
    if founding.founders.count() < MIN_FOUNDERS:
        raise ValidationError(_("A cooperative needs at least %(n)s founders (발기인).") % {"n": MIN_FOUNDERS})
    consenting = consenting_before(founding, assembly_on)
    try:
        vote = core.decide(consenting=consenting, present=present, votes_for=0)
    except core.FoundingError as error:
        raise ValidationError(founding_messages()[error.code] % {"consenting": consenting, "present": present}) from error
    if not vote.quorate:
        raise ValidationError(_("The assembly is not quorate: %(present)s present of %(consenting)s consenting members; "
                                "at least %(needed)s must be present.")
                              % {"present": present, "consenting": consenting, "needed": vote.quorum_needed})
    founding.assembly_on, founding.assembly_present, founding.assembly_consenting = assembly_on, present, consenting
    founding.stage = FoundingStage.ASSEMBLY_HELD
    founding.save(update_fields=["assembly_on", "assembly_present", "assembly_consenting", "stage"])
    audit.record("cooperatives.founding.assembly_held", actor=user, obj=founding, day=assembly_on.isoformat(),
                 present=present, consenting=consenting)
    return vote


def founding_messages() -> dict[str, str]:
    return {
        "negative": _("Counts cannot be negative."),
        "more_present_than_consenting": _("More present (%(present)s) than consenting members (%(consenting)s)."),
        "more_votes_than_present": _("More votes than members present (%(present)s)."),
    }


@transaction.atomic
def record_resolution(*, user, founding: Founding, subject: str, title: str, votes_for: int,
                      votes_against: int = 0) -> FoundingResolution:
    """A resolution of the founding assembly; carried with two thirds of those present (core.founding.decide)."""
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    if founding.assembly_on is None:
        raise ValidationError(_("Record the founding assembly first."))
    try:
        vote = core.decide(consenting=founding.assembly_consenting, present=founding.assembly_present,
                           votes_for=votes_for, votes_against=votes_against)
    except core.FoundingError as error:
        raise ValidationError(founding_messages()[error.code] % {"present": founding.assembly_present,
                                                                 "consenting": founding.assembly_consenting}) from error
    resolution = FoundingResolution.objects.create(founding=founding, subject=subject, title=title.strip(),
                                                   votes_for=votes_for, votes_against=votes_against,
                                                   carried=vote.carried)
    audit.record("cooperatives.founding.resolution_recorded", actor=user, obj=resolution, founding=founding.pk,
                 subject=subject, votes_for=votes_for, votes_against=votes_against, carried=vote.carried)
    return resolution


def check_document(upload) -> None:
    """A founding document: PDF, HWP/HWPX, DOCX or XLSX, at most 10 MB, whose first bytes match its extension."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(_("Documents can be PDF, HWP, HWPX, DOCX or XLSX files: '%(name)s'.") % {"name": name})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("Documents can be at most 10 MB ('%(name)s': %(size)s MB).")
                              % {"name": name, "size": f"{upload.size / 1024 / 1024:.1f}"})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[suffix]):
        raise ValidationError(_("The file's content does not match its extension (%(suffix)s): '%(name)s'.")
                              % {"suffix": suffix, "name": name})


@transaction.atomic
def upload_document(*, user, founding: Founding, kind: str, upload) -> FoundingDocument:
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    check_document(upload)
    name = Path(upload.name).name[:200]
    document = FoundingDocument(founding=founding, kind=kind, original_name=name, size=upload.size,
                                uploaded_by=_user(user))
    document.file.save(name, upload, save=False)
    document.save()
    audit.record("cooperatives.founding.document_uploaded", actor=user, obj=document, founding=founding.pk, kind=kind,
                 file_name=name, size=upload.size)
    return document


def missing_for_filing(founding: Founding) -> list[str]:
    """What the filing still needs: the assembly, the articles carried, the three documents."""
    from bombaram.cooperatives.choices import FoundingDocumentKind

    missing = []
    if founding.assembly_on is None:
        missing.append(_("the founding assembly"))
    if not founding.resolutions.filter(subject=ResolutionSubject.ARTICLES, carried=True).exists():
        missing.append(_("the articles of association carried by the assembly"))
    have = set(founding.documents.values_list("kind", flat=True))
    missing += [str(label) for value, label in FoundingDocumentKind.choices if value not in have]
    return missing


@transaction.atomic
def file_founding(*, user, founding: Founding, filed_on: dt.date) -> Founding:
    """The filing (설립신고 or 설립인가 신청) after the assembly, with the articles carried and the documents."""
    check(can_keep_founding(user, founding))
    founding = _lock(founding)
    _editable(founding)
    missing = missing_for_filing(founding)
    if missing:
        raise ValidationError(_("The filing still needs: %(missing)s.") % {"missing": ", ".join(missing)})
    if filed_on < founding.assembly_on:
        raise ValidationError(_("The filing cannot be before the founding assembly."))
    founding.filed_on, founding.stage = filed_on, FoundingStage.FILED
    founding.save(update_fields=["filed_on", "stage"])
    audit.record("cooperatives.founding.filed", actor=user, obj=founding, day=filed_on.isoformat())
    return founding


@transaction.atomic
def complete_founding(*, user, founding: Founding, founded_on: dt.date) -> Cooperative:
    """The authorisation or accepted report (설립인가/신고): the cooperative enters the registry (by an
    administrator covering the district, through registry.services) and its share register opens."""
    check(can_keep_founding(user, founding) and can_edit_organisation(user, None, district=founding.district))
    return found_cooperative(actor=user, founding=founding, founded_on=founded_on)


def found_cooperative(*, actor, founding: Founding, founded_on: dt.date) -> Cooperative:
    """``complete_founding`` without the permission check (callers check, or are the demo loader).

    The registry organisation is created by registry.services.create_organisation; each consenting member joins
    the register on ``founded_on`` with the shares pledged, paid in full (the pledges are the capital raised);
    the registry's member and capital figures are then written from the register (never typed)."""
    founding = _lock(founding)
    if founding.stage != FoundingStage.FILED or founding.filed_on is None:
        raise ValidationError(_("File the founding first."))
    if founded_on < founding.filed_on:
        raise ValidationError(_("The authorisation or acceptance cannot be before the filing."))
    organisation = create_organisation(actor=actor, name=founding.name, legal_form=LEGAL_FORM_NAMES[founding.legal_form],
                                       district=founding.district, founded=founded_on,
                                       illustrative=founding.illustrative)
    cooperative = Cooperative.objects.create(organisation=organisation, share_price_won=founding.share_price_won,
                                             note=founding.note)
    cooperative.officers.set(founding.officers.all())
    price = founding.share_price_won
    consenting = list(founding.consenting_members.filter(consented_on__lte=founded_on).order_by("number"))
    members = Member.objects.bulk_create([
        Member(cooperative=cooperative, number=i, name=c.name, kind=c.kind if c.kind in MemberKind.values
               else MemberKind.OTHER, member_type=c.member_type if c.member_type in MemberType.values else MemberType.PERSON)
        for i, c in enumerate(consenting, start=1)])
    ShareEvent.objects.bulk_create([
        ShareEvent(cooperative=cooperative, member=m, day=founded_on, kind=ShareEventKind.JOIN, shares=c.shares,
                   amount_won=c.shares * price, note=_("Consenting member no. %(n)s") % {"n": c.number},
                   recorded_by=_user(actor))
        for m, c in zip(members, consenting, strict=True)])
    founding.founded_on, founding.stage, founding.cooperative = founded_on, FoundingStage.FOUNDED, cooperative
    founding.save(update_fields=["founded_on", "stage", "cooperative"])
    count, _changed = write_registry_counts(cooperative=cooperative, as_of=founded_on)
    audit.record("cooperatives.founding.founded", actor=actor, obj=founding, day=founded_on.isoformat(),
                 organisation=organisation.pk, cooperative=cooperative.pk, members=count.members,
                 capital_won=count.capital_won)
    return cooperative

