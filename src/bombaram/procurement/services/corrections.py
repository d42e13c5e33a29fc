"""Correcting and withdrawing a recorded purchase (구매실적 정정·삭제).

A department officer corrects its own department's purchases (the 사회적경제과 any of its
institution's); the eligibility is decided again on the corrected date, the report's running sums
follow in the same transaction, and the audit trail keeps what the purchase was and why it changed,
so a withdrawn purchase is not lost. The version a correction replaces, or a withdrawal ends, is kept
as a PurchaseRevision: the OCDS releases issued for it stay as they were, and the correction or
withdrawal adds a release (core.purchase.ocds). A published month is never touched: its disclosure stays as
published, and the month is marked as changed so the 사회적경제과 sees it needs a correction (정정 공시).

Two officers correcting one purchase: the form carries the revision it showed, and a correction of
an older revision is refused (StaleRevision) instead of overwriting the other's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bombaram.procurement.choices import DisclosureKind
from bombaram.procurement.models import (
    Department,
    Disclosure,
    Institution,
    Purchase,
    PurchaseRevision,
)
from bombaram.procurement.services import totals
from bombaram.procurement.services.purchases import decided_values
from bombaram.web import audit
from bombaram.web.permissions import can_edit_department, check

#: the fields a correction compares and the audit trail keeps, before and after
FIELDS = ("department_id", "purchased_on", "supplier_id", "supplier_name", "supplier_business_no", "item",
          "category", "amount_won", "contract_method", "channel", "exception_code", "exception_justification",
          "note", "counted", "not_counted_reason", "in_district", "indirect")
MAX_REASON = 500
REASON_REQUIRED = "정정 사유를 적어 주세요 (감사 기록에 남습니다)"
WITHDRAW_REASON_REQUIRED = "삭제 사유를 적어 주세요 (감사 기록에 남습니다)"


class StaleRevision(Exception):
    """Someone corrected the purchase after the form was opened; the message (Korean) says so."""


class NothingChanged(Exception):
    """The correction holds the values already stored (e.g. the form sent twice)."""


@dataclass(frozen=True)
class Outcome:
    purchase: Purchase
    #: (year, month) of the touched months that were already published: they need a correction
    published_months: list[tuple[int, int]]


def _values(purchase: Purchase) -> dict[str, Any]:
    return {name: _plain(getattr(purchase, name)) for name in FIELDS}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _keep(purchase: Purchase, values: dict[str, Any], *, ended: dt.datetime, reason: str, withdrawn: bool) -> None:
    """Keep the version ``values`` of ``purchase`` (its revision as stored) that ends now."""
    PurchaseRevision.objects.create(
        institution_id=purchase.institution_id, purchase_number=purchase.pk, revision=purchase.revision,
        year=dt.date.fromisoformat(values["purchased_on"]).year, values=values,
        recorded=purchase.corrected or purchase.created, ended=ended, withdrawn=withdrawn, reason=reason)


def _reason(reason: str, *, required: str = REASON_REQUIRED) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [required]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [f"사유는 {MAX_REASON}자까지 적을 수 있습니다"]})
    return reason


def _locked(purchase: Purchase, revision: int) -> Purchase:
    """The stored purchase, locked, if it is still at ``revision``.

    The institution is locked first: corrections of one institution run one after another, so two
    that touch the same sums in opposite order (May→July and July→May) never deadlock, and a
    month's publication (which locks it too) never interleaves with a correction of its purchases."""
    Institution.objects.select_for_update().filter(pk=purchase.institution_id).first()
    current = (Purchase.objects.select_for_update(of=("self",)).select_related("department__institution")
               .filter(pk=purchase.pk).first())
    if current is None:
        raise StaleRevision("이 구매실적은 그사이에 삭제되었습니다.")
    if current.revision != revision:
        raise StaleRevision(
            f"그사이에 이 구매실적이 정정되었습니다(제{current.revision}판). 지금 저장된 내용을 보고 다시 고쳐 주세요.")
    return current


FROM_SALE = "판매관 매출에서 생성된 구매실적입니다: 판매관 매출 장부에서 그 매출을 정정하거나 삭제해 주세요"


def _refuse_sale_purchase(purchase: Purchase) -> None:
    """A purchase made from a sale at the sales hall follows its sale (market.services.hall): corrected or
    withdrawn there, so the sale and the purchase never say two different things."""
    from bombaram.market.models import Sale

    if Sale.objects.filter(purchase_id=purchase.pk).exists():
        raise ValidationError(FROM_SALE)


def _published(institution_id: int, months: set[tuple[int, int]]) -> list[tuple[int, int]]:
    found = set(Disclosure.objects.filter(institution_id=institution_id, kind=DisclosureKind.MONTHLY,
                                          year__in={y for y, _m in months}).values_list("year", "month"))
    return sorted(months & found)


@transaction.atomic
def correct_purchase(*, user: Any, purchase: Purchase, revision: int, reason: str, department: Department,
                     allowed: bool | None = None, **typed: Any) -> Outcome:
    """Store the corrected values of ``purchase`` (the fields of the record form in ``typed``).

    The user must be able to edit both the purchase's department and the new one (PermissionDenied).
    ValidationError keyed by field for bad values or a missing reason; StaleRevision when ``revision``
    is not the stored one; NothingChanged when nothing differs. Audit event
    "procurement.purchase.corrected" with the changed fields, before and after, and the reason.
    """
    check(can_edit_department(user, purchase.department) and can_edit_department(user, department)
          if allowed is None else allowed)  # ``allowed``: the caller's own rule (the sales hall's sales)
    if allowed is None:
        _refuse_sale_purchase(purchase)
    reason = _reason(reason)
    if department.institution_id != purchase.institution_id:
        raise ValidationError({"department": ["다른 기관의 부서로는 옮길 수 없습니다"]})
    current = _locked(purchase, revision)
    new = decided_values(department=department, **typed)
    before = _values(current)
    for name, value in new.items():
        setattr(current, name, value)
    after = _values(current)
    changed = {name: [before[name], after[name]] for name in FIELDS if before[name] != after[name]}
    if not changed:
        raise NothingChanged("바뀐 내용이 없어 저장하지 않았습니다.")
    months = {dt.date.fromisoformat(before["purchased_on"]).timetuple()[:2], current.purchased_on.timetuple()[:2]}
    totals.remove_purchases([current.pk])
    now = timezone.now()
    _keep(current, before, ended=now, reason=reason, withdrawn=False)
    current.revision += 1
    current.corrected = now
    current.save(update_fields=[*new, "revision", "corrected"])
    totals.add_purchases([current.pk])
    audit.record("procurement.purchase.corrected", actor=user, obj=current, institution=current.institution.code,
                 revision=current.revision, reason=reason, changed=changed)
    return Outcome(current, _published(current.institution_id, months))


@transaction.atomic
def withdraw_purchase(*, user: Any, purchase: Purchase, revision: int, reason: str,
                      allowed: bool | None = None) -> Outcome:
    """Delete a purchase recorded by mistake (e.g. entered twice); the audit event
    "procurement.purchase.withdrawn" keeps every value it had, and the reason."""
    check(can_edit_department(user, purchase.department) if allowed is None else allowed)
    if allowed is None:
        _refuse_sale_purchase(purchase)
    reason = _reason(reason, required=WITHDRAW_REASON_REQUIRED)
    current = _locked(purchase, revision)
    kept = _values(current)
    month = current.purchased_on.timetuple()[:2]
    totals.remove_purchases([current.pk])
    _keep(current, kept, ended=timezone.now(), reason=reason, withdrawn=True)
    audit.record("procurement.purchase.withdrawn", actor=user, obj=current, institution=current.institution.code,
                 revision=current.revision, reason=reason, purchase=kept)
    institution_id = current.institution_id
    current.delete()
    return Outcome(purchase, _published(institution_id, {month}))
