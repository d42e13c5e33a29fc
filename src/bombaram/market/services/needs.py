"""Writes of needs (수요) and of what came of each suggested supplier (매칭 결과)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from bombaram.market.choices import MatchOutcomeKind, NeedPoster, NeedStatus
from bombaram.market.models import MatchOutcome, Need, NeedBuyer, Product
from bombaram.procurement.choices import Category
from bombaram.web import audit
from bombaram.web.permissions import can_edit_need, can_post_need

MAX_TITLE = 200


class NeedError(Exception):
    """Bad input for a need or an outcome: one Korean sentence, nothing written."""


def _author(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def post_need(*, user: Any, poster: str, title: str, category: str, needed_on: dt.date, district: Any = None,
              department: Any = None, plan_item: Any = None, organisation: Any = None, group_name: str = "",
              description: str = "", quantity: int | None = None, unit: str = "",
              quantity_per_month: int | None = None, budget_won: int | None = None, contact_name: str = "",
              contact_phone: str = "", contact_email: str = "",
              buyers: Iterable[tuple[str, int, int | None]] = (), illustrative: bool = False) -> Need:
    """Post a need. A department's need is in its institution's district, an organisation's in its own
    district; a group purchase lists its buyers (name, quantity, amount) and its quantity is their sum when
    not given."""
    if poster not in NeedPoster.values:
        raise NeedError(f"알 수 없는 수요 등록 주체입니다: {poster}")
    if poster == NeedPoster.DEPARTMENT:
        if department is None:
            raise NeedError("부서의 수요에는 부서가 필요합니다.")
        district = department.institution.district
        if district is None:
            raise NeedError("기관의 자치구가 정해지지 않아 수요를 등록할 수 없습니다.")
    elif poster == NeedPoster.ORGANISATION:
        if organisation is None:
            raise NeedError("수요를 올린 조직을 골라 주세요.")
        district = organisation.district  # an organisation's need is in its own district, as a department's is
        if district is None:
            raise NeedError("조직의 자치구가 정해지지 않아 수요를 등록할 수 없습니다.")
    elif district is None:
        raise NeedError("구매자의 자치구를 골라 주세요.")
    if not can_post_need(user, department=department if poster == NeedPoster.DEPARTMENT else None,
                         organisation=organisation if poster == NeedPoster.ORGANISATION else None, district=district):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise NeedError("필요한 물품이나 서비스를 적어 주세요.")
    if len(title) > MAX_TITLE:
        raise NeedError(f"수요는 {MAX_TITLE}자 이내로 적어 주세요.")
    if category not in Category.values:
        raise NeedError(f"알 수 없는 구분입니다: '{category}' (물품, 용역, 공사 중 하나)")
    buyers = [(str(n).strip(), q, a) for n, q, a in buyers]
    if poster == NeedPoster.GROUP:
        if not (group_name or "").strip():
            raise NeedError("공동구매의 이름을 적어 주세요.")
        if not buyers:
            raise NeedError("공동구매에는 구매자가 한 곳 이상 있어야 합니다.")
    for i, (name, qty, amount) in enumerate(buyers, start=1):
        if not name:
            raise NeedError(f"구매자 {i}번째 줄: 이름이 비어 있습니다.")
        if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
            raise NeedError(f"구매자 {i}번째 줄: 수량은 1 이상의 정수여야 합니다.")
        if amount is not None and (not isinstance(amount, int) or amount < 0):
            raise NeedError(f"구매자 {i}번째 줄: 금액은 0 이상의 원 단위 정수여야 합니다.")
    for label, value in (("수량", quantity), ("월 수량", quantity_per_month), ("예산", budget_won)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise NeedError(f"{label}은(는) 0 이상의 정수여야 합니다.")
    if buyers and quantity is None:
        quantity = sum(q for _n, q, _a in buyers)
    if buyers and budget_won is None and all(a is not None for _n, _q, a in buyers):
        budget_won = sum(a for _n, _q, a in buyers)
    need = Need.objects.create(
        poster=poster, title=title, description=(description or "").strip(), category=category, district=district,
        department=department if poster == NeedPoster.DEPARTMENT else None, plan_item=plan_item,
        organisation=organisation if poster == NeedPoster.ORGANISATION else None,
        group_name=(group_name or "").strip() if poster == NeedPoster.GROUP else "", needed_on=needed_on,
        quantity=quantity, unit=(unit or "").strip(), quantity_per_month=quantity_per_month, budget_won=budget_won,
        contact_name=contact_name.strip(), contact_phone=contact_phone.strip(), contact_email=contact_email.strip(),
        illustrative=illustrative, created_by=_author(user))
    NeedBuyer.objects.bulk_create([NeedBuyer(need=need, name=n, quantity=q, amount_won=a) for n, q, a in buyers])
    audit.record("market.need.posted", actor=user, obj=need, poster=poster, title=title, district=district.code,
                 department=department.name if department is not None else None, buyers=len(buyers))
    return need


@transaction.atomic
def post_need_from_plan_item(*, user: Any, item: Any, needed_on: dt.date | None = None, **extra: Any) -> Need:
    """A department's need drawn from an item of its purchase plan (the item's words, category and
    amount); the date is the plan year's 1 July unless given. The same item gives one need."""
    existing = Need.objects.filter(plan_item=item).first()
    if existing is not None:
        if not can_edit_need(user, existing):
            raise PermissionDenied
        return existing
    plan = item.plan
    return post_need(user=user, poster=NeedPoster.DEPARTMENT, title=item.item, category=item.category,
                     department=plan.department, plan_item=item, needed_on=needed_on or dt.date(plan.year, 7, 1),
                     budget_won=item.planned_won, description=f"{plan.year}년 구매계획 품목", **extra)


@transaction.atomic
def record_outcome(*, user: Any, need: Need, supplier: Any, outcome: str, recorded_on: dt.date,
                   purchase: Any = None, product: Product | None = None, note: str = "") -> MatchOutcome:
    """Record what came of one supplier for the need. A purchase record links an existing purchase of
    the need's department (or, for other needs, of an institution in the need's district) bought from
    that supplier; one outcome of each kind per supplier."""
    if not can_edit_need(user, need):
        raise PermissionDenied
    if outcome not in MatchOutcomeKind.values:
        raise NeedError(f"알 수 없는 결과입니다: {outcome}")
    if product is not None and product.organisation_id != supplier.pk:
        raise NeedError("고른 제품이 이 공급자의 것이 아닙니다.")
    if outcome == MatchOutcomeKind.PURCHASE_RECORD:
        if purchase is None:
            raise NeedError("구매 실적을 연결하려면 구매 건을 골라 주세요.")
        if purchase.supplier_id != supplier.pk:
            raise NeedError("고른 구매 건의 공급자가 이 공급자가 아닙니다.")
        if need.department_id is not None and purchase.department_id != need.department_id:
            raise NeedError("수요를 올린 부서의 구매 건만 연결할 수 있습니다.")
        if need.department_id is None and purchase.institution.district_id != need.district_id:
            raise NeedError("수요와 같은 자치구 기관의 구매 건만 연결할 수 있습니다.")
    elif purchase is not None:
        raise NeedError("구매 건은 '구매 실적' 결과에만 연결합니다.")
    if len(note or "") > 300:
        raise NeedError("메모는 300자 이내로 적어 주세요.")
    try:
        with transaction.atomic():
            row = MatchOutcome.objects.create(need=need, supplier=supplier, product=product, outcome=outcome,
                                              purchase=purchase, recorded_on=recorded_on, note=(note or "").strip(),
                                              created_by=_author(user))
    except IntegrityError as exc:
        raise NeedError("이 공급자에 대해 같은 결과가 이미 기록되어 있습니다.") from exc
    audit.record("market.need.outcome_recorded", actor=user, obj=need, supplier=supplier.pk, outcome=outcome,
                 purchase=purchase.pk if purchase is not None else None, on=recorded_on.isoformat())
    return row


@transaction.atomic
def close_need(*, user: Any, need: Need) -> Need:
    """Close a need (it leaves the public list and the gap view)."""
    if not can_edit_need(user, need):
        raise PermissionDenied
    if need.status != NeedStatus.CLOSED:
        audit.save_changes(need, {"status": NeedStatus.CLOSED})
        audit.record("market.need.closed", actor=user, obj=need)
    return need
