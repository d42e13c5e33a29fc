"""The weights of the department evaluation (Art. 17), per institution: set by the 사회적경제과."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bombaram.core import purchase as rules
from bombaram.procurement.models import EvaluationSetting, Institution
from bombaram.procurement.queries import WEIGHT_FIELDS, weights_of
from bombaram.web import audit
from bombaram.web.permissions import can_manage_purchases

MAX_WEIGHT = Decimal(1000)


@transaction.atomic
def set_evaluation_weights(*, user: Any, institution: Institution, achievement: Any, plan_on_time: Any,
                           justified_exceptions: Any, supplier_breadth: Any, plan_late_cutoff_days: Any) -> EvaluationSetting:
    """Store the weights after core has checked them (none negative, sum above 0, cutoff ≥ 0).
    Audit event ``procurement.evaluation.weights_changed`` with the old and new values."""
    if not can_manage_purchases(user, institution):
        raise PermissionDenied
    values = {"achievement": achievement, "plan_on_time": plan_on_time,
              "justified_exceptions": justified_exceptions, "supplier_breadth": supplier_breadth}
    try:
        weights = {name: Decimal(str(value)).quantize(Decimal("0.1")) for name, value in values.items()}
        cutoff = int(plan_late_cutoff_days)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError("가중치와 지연 한도 일수는 숫자로 적어 주세요.") from exc
    if any(w > MAX_WEIGHT for w in weights.values()) or cutoff > 366:
        raise ValidationError("가중치는 1,000 이하, 지연 한도 일수는 366일 이하로 적어 주세요.")
    try:
        checked = rules.EvaluationWeights(**{k: float(v) for k, v in weights.items()}, plan_late_cutoff_days=cutoff)
    except ValueError as exc:  # core's Korean message
        raise ValidationError(str(exc)) from exc
    before = dataclasses.asdict(weights_of(institution))
    setting, _ = EvaluationSetting.objects.select_for_update().get_or_create(
        institution=institution, defaults={**weights, "plan_late_cutoff_days": cutoff, "updated_by": user})
    for name, value in weights.items():
        setattr(setting, name, value)
    setting.plan_late_cutoff_days, setting.updated_by = cutoff, user
    setting.save(update_fields=[*WEIGHT_FIELDS, "plan_late_cutoff_days", "updated_by", "updated"])
    audit.record("procurement.evaluation.weights_changed", actor=user, obj=setting, institution=institution.code,
                 before=before, after=dataclasses.asdict(checked))
    return setting
