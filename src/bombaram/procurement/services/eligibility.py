"""Eligibility of a purchase on its date, from the registry's designation history (core.purchase rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bombaram.core import purchase as rules
from bombaram.procurement.models import EligibilityPolicy, Institution
from bombaram.registry.models import Designation, Organisation


def policy_for(institution: Institution) -> rules.EligibilityPolicy:
    """The institution's policy as plain data (성북's defaults when none is stored)."""
    district_code = institution.district.code if institution.district_id else None
    stored = EligibilityPolicy.objects.filter(institution=institution).first()
    if stored is None:
        return rules.EligibilityPolicy(district_code=district_code)
    return rules.EligibilityPolicy(
        eligible_types=tuple(stored.eligible_types) or rules.SEONGBUK_ELIGIBLE_TYPES,
        district_mode=stored.district_mode, district_code=district_code,
        count_sales_hall=stored.sales_hall_counts, count_reseller=stored.reseller_counts,
    )


def designation_history(org_ids: Iterable[int]) -> dict[int, list[tuple[str, dt.date, dt.date | None]]]:
    """Every designation of the given organisations, as (type, granted, ended) for the core rules."""
    wanted = set(org_ids)
    history: dict[int, list[tuple[str, dt.date, dt.date | None]]] = {pk: [] for pk in wanted}
    rows = Designation.objects.filter(organisation_id__in=wanted) if len(wanted) < 900 else Designation.objects.all()
    for org_id, code, granted, ended in rows.values_list("organisation_id", "type__code", "granted", "ended").iterator(chunk_size=10000):
        if org_id in wanted:
            history[org_id].append((code, granted or dt.date.min, ended))
    return history


def designated_by_head(institution: Institution) -> set[int]:
    """Enterprises the district head designates (구청장 지정) count whatever their designations."""
    stored = EligibilityPolicy.objects.filter(institution=institution).first()
    return set(stored.designated.values_list("pk", flat=True)) if stored else set()


def check(institution: Institution, policy: rules.EligibilityPolicy, supplier: Organisation | None,
          history: list[tuple[str, dt.date, dt.date | None]], purchased_on: dt.date, channel: str,
          head_designated: set[int]) -> rules.EligibilityResult:
    """Decide whether one purchase counts; a supplier unknown to the registry never counts."""
    if supplier is None:
        return rules.EligibilityResult(False, "supplier_not_in_registry", "사회적경제 조직 등록부에 없는 업체입니다",
                                       None, None, channel == rules.Channel.RESELLER)
    designations = list(history)
    if supplier.pk in head_designated:
        designations.append(("district_designated", dt.date.min, None))
    district = supplier.district.code if supplier.district_id else None
    return rules.check_eligibility(policy, designations, purchased_on, district, channel)
