"""Reads of needs, the ranked suppliers (core.market_match over the catalogue), the gap view and the
매칭 건수 indicator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bombaram.core import market_match as mm
from bombaram.core import purchase as rules
from bombaram.market.choices import MatchOutcomeKind, NeedStatus
from bombaram.market.models import MatchOutcome, Need, OrganisationStaff, Product
from bombaram.procurement.models import Institution, Purchase
from bombaram.procurement.services.eligibility import (
    designated_by_head,
    designation_history,
    policy_for,
)
from bombaram.registry.models import District, Organisation
from bombaram.web.choices import Role
from bombaram.web.permissions import can_edit_need, centre_admin_districts, has_role

#: outcomes that make a need count as matched (매칭 건수)
MATCHED_OUTCOMES = (MatchOutcomeKind.CONTRACTED, MatchOutcomeKind.PURCHASE_RECORD)


def _base() -> QuerySet[Need]:
    return Need.objects.select_related("district", "department__institution", "organisation", "plan_item")


def needs_for_user(user: Any) -> QuerySet[Need]:
    """The public: open needs. A department officer: open needs and every need of their own
    departments. Organisation staff: open needs and every need of their own organisations. The centre:
    every need of the districts it administers."""
    visible = Q(status=NeedStatus.OPEN)
    if getattr(user, "is_authenticated", False):
        if user.is_superuser:
            visible = Q()
        for a in user.role_assignments.all():
            if a.role == Role.DEPARTMENT_OFFICER and a.department_id is not None:
                visible |= Q(department_id=a.department_id)
            elif a.role == Role.CENTRE_ADMIN:
                visible |= Q() if a.district_id is None else Q(district_id=a.district_id)
            elif a.role == Role.ORGANISATION_STAFF:
                visible |= Q(organisation_id__in=OrganisationStaff.objects.filter(user=user).values("organisation_id"))
    return _base().filter(visible).annotate(
        matched=Exists(MatchOutcome.objects.filter(need=OuterRef("pk"), outcome__in=MATCHED_OUTCOMES)))


def own_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose needs ``user`` posts in the browser: those it keeps as market staff (never
    another organisation's)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not has_role(user, Role.ORGANISATION_STAFF):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=OrganisationStaff.objects.filter(user=user).values("organisation_id")).select_related(
        "district").order_by("name", "pk")


def group_need_districts(user: Any) -> list[District]:
    """The districts for which ``user`` posts a group purchase's need: those it administers as the centre
    (every district for a whole-region administrator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    ids = centre_admin_districts(user)
    districts = District.objects.select_related("region").order_by("region__code", "order", "name_ko")
    if ids is None:
        return list(districts.filter(valid_to__isnull=True))
    return list(districts.filter(pk__in=ids))


def get_need_for_user(user: Any, pk: int, *, write: bool = False) -> Need:
    need = _base().filter(pk=pk).first()
    if need is None:
        raise Http404
    if write and not can_edit_need(user, need):
        raise Http404
    if need.status != NeedStatus.OPEN and not can_edit_need(user, need):
        raise Http404
    return need


def policy_for_need(need: Need) -> tuple[rules.EligibilityPolicy, set[int]]:
    """The eligibility rule of the buyer: the department's institution's, else that of an institution
    of the need's district, else 성북's defaults with the need's district. With the enterprises the
    district head designates."""
    institution = need.department.institution if need.department_id else (
        Institution.objects.filter(district=need.district).order_by("pk").first())
    if institution is None:
        return rules.EligibilityPolicy(district_code=need.district.code), set()
    return policy_for(institution), designated_by_head(institution)


def catalogue_offers(products: list[Product], head_designated: set[int] = frozenset()) -> list[mm.Offer]:
    history = designation_history({p.organisation_id for p in products})
    offers = []
    for p in products:
        designations = list(history.get(p.organisation_id, []))
        if p.organisation_id in head_designated:
            designations.append(("district_designated", dt.date.min, None))
        district = p.organisation.district.code if p.organisation.district_id else None
        offers.append(mm.Offer(key=p.pk, supplier=p.organisation_id, name=p.name, category=p.category,
                               description=p.description, district=district,
                               capacity_per_month=p.capacity_per_month, designations=tuple(designations)))
    return offers


def active_products() -> list[Product]:
    return list(Product.objects.filter(active=True).select_related("organisation__district").order_by("pk"))


def as_core_need(need: Need) -> mm.Need:
    """The need as the ranker sees it: its title is what is matched (the details are context for the
    supplier, and their extra words would lower the text score of every product)."""
    return mm.Need(text=need.title, on=need.needed_on, category=need.category, district=need.district.code,
                   quantity_per_month=need.quantity_per_month)


@dataclass(frozen=True)
class Suggested:
    product: Product
    match: mm.Suggestion
    outcomes: list[MatchOutcome]


def suggestions_for(need: Need, *, top: int = 10) -> list[Suggested]:
    """The ranked suppliers for ``need`` with their reasons and the outcomes recorded so far."""
    products = active_products()
    policy, head = policy_for_need(need)
    index = mm.MatchIndex(catalogue_offers(products, head))
    by_pk = {p.pk: p for p in products}
    recorded: dict[int, list[MatchOutcome]] = {}
    for o in need.outcomes.select_related("purchase").order_by("recorded_on", "pk"):
        recorded.setdefault(o.supplier_id, []).append(o)
    return [Suggested(by_pk[s.offer.key], s, recorded.get(s.offer.supplier, []))
            for s in index.rank(as_core_need(need), policy, top=top)]


def outcomes_of(need: Need) -> QuerySet[MatchOutcome]:
    return need.outcomes.select_related("supplier", "product", "purchase").order_by("recorded_on", "pk")


def linkable_purchases(need: Need, supplier_ids: set[int]) -> QuerySet[Purchase]:
    """Purchases a purchase record may point to: the need's department's (other needs: the district's
    institutions'), bought from one of the suppliers, from a year before the need on."""
    rows = Purchase.objects.filter(supplier_id__in=supplier_ids, purchased_on__gte=need.needed_on - dt.timedelta(days=366))
    rows = rows.filter(department=need.department) if need.department_id else rows.filter(
        institution__district=need.district)
    return rows.select_related("supplier").order_by("-purchased_on", "-pk")


# ---------------------------------------------------------------------------
# The gap view
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class UnmetNeed:
    need: Need
    best: mm.Suggestion | None
    why: str


def gaps(*, year: int, district: Any = None) -> tuple[list[UnmetNeed], list[Product]]:
    """Open needs of the year that no eligible supplier can meet (no suggestion that is eligible on the
    need's date, has the capacity and a text score ≥ core.market_match.MEET_THRESHOLD), and the products
    nobody buys: no need matched to their supplier (any outcome) and no purchase from it in the year."""
    needs = list(_base().filter(status=NeedStatus.OPEN, needed_on__year=year).order_by("needed_on", "pk"))
    if district is not None:
        needs = [n for n in needs if n.district_id == district.pk]
    products = active_products()
    unmet: list[UnmetNeed] = []
    indexes: dict[tuple[rules.EligibilityPolicy, frozenset[int]], mm.MatchIndex] = {}
    for need in needs:
        policy, head = policy_for_need(need)
        key = (policy, frozenset(head))
        if key not in indexes:
            indexes[key] = mm.MatchIndex(catalogue_offers(products, head))
        found = indexes[key].rank(as_core_need(need), policy, top=10)
        if any(s.meets for s in found):
            continue
        if not found:
            why = "어떤 제품과도 일치하는 낱말이 없음"
        elif not any(s.eligible for s in found):
            why = "일치하는 공급자가 모두 그날 구매실적 인정 대상이 아님"
        elif not any(s.eligible and s.capacity_enough is not False for s in found):
            why = "인정 대상 공급자의 월 공급능력 부족"
        else:
            why = "일치 정도가 기준에 못 미침"
        unmet.append(UnmetNeed(need, found[0] if found else None, why))
    bought = set(Purchase.objects.filter(purchased_on__year=year, supplier__isnull=False)
                 .values_list("supplier_id", flat=True))
    matched = set(MatchOutcome.objects.filter(need__needed_on__year=year).values_list("supplier_id", flat=True))
    idle = [p for p in products if p.organisation_id not in bought and p.organisation_id not in matched
            and (district is None or p.organisation.district_id == district.pk)]
    return unmet, idle


def gap_years() -> list[int]:
    return sorted({d.year for d in Need.objects.dates("needed_on", "year")}, reverse=True)


# ---------------------------------------------------------------------------
# The indicator
# ---------------------------------------------------------------------------

def matches_count(district: Any, year: int) -> int | None:
    """수요-공급 매칭 건수: needs of the district's buyers (the need's district) dated in ``year``
    (``needed_on``) with at least one outcome "contracted" or "purchase recorded", each need once
    however many suppliers or outcomes it has. None when the district posted no need in the year."""
    needs = Need.objects.filter(district=district, needed_on__year=year)
    if not needs.exists():
        return None
    return needs.filter(outcomes__outcome__in=MATCHED_OUTCOMES).distinct().count()
