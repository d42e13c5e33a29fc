"""What a database column can hold, read from the model field: the same limits on SQLite and PostgreSQL.

SQLite stores any text length and integers up to 2⁶³ − 1 in any integer column; PostgreSQL refuses a
text longer than ``max_length`` ("value too long"), an integer past the column's type ("integer out of
range") and the NUL character in any text. An import that checked only on one of them would call a
file fine on the other and then fail while writing. So every value read from a file is checked
against the limits that hold on both, derived from the field: ``max_length``; for integer fields the
PostgreSQL ranges Django documents (``BaseDatabaseOperations.integer_field_ranges``:
PositiveIntegerField 0 … 2,147,483,647, BigIntegerField ±9,223,372,036,854,775,807 …);
for DecimalField ``max_digits`` and ``decimal_places``; and no NUL in text.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

__all__ = ["column_problem", "limit_of"]

_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


@cache
def limit_of(model: type[models.Model], field_name: str) -> tuple[int | None, int | None, int | None]:
    """(max_length, lowest, highest) of ``model.field_name``; None where the field sets none."""
    field = model._meta.get_field(field_name)
    max_length = getattr(field, "max_length", None)
    internal = field.get_internal_type()
    if internal in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[internal]
        return max_length, low, high
    if isinstance(field, models.DecimalField):
        bound = 10 ** (field.max_digits - field.decimal_places)
        return max_length, -bound + 1, bound - 1
    return max_length, None, None


def column_problem(model: type[models.Model], field_name: str, value: object) -> str | None:
    """A Korean sentence saying why ``value`` cannot be stored in the column, or None when it can.

    Empty values (None, "") are the caller's business (required or not).
    """
    if value is None or value == "":
        return None
    max_length, low, high = limit_of(model, field_name)
    if isinstance(value, str):
        if "\x00" in value:
            return "NUL 문자(\\x00)가 들어 있어 저장할 수 없습니다"
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate, from a JSON "\\ud800"
                return "유니코드 문자가 아닌 값(짝 없는 서로게이트)이 들어 있어 저장할 수 없습니다"
        if max_length is not None and len(value) > max_length:
            return f"{max_length:,}자까지 적을 수 있습니다 ({len(value):,}자)"
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if high is not None and value > high:
            return f"값이 너무 큽니다 (최대 {high:,})"
        if low is not None and value < low:
            return f"값이 너무 작습니다 (최소 {low:,})"
    return None
