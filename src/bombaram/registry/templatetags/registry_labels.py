from django import template

from bombaram.core.registry_import import COLUMN_LABELS

register = template.Library()


@register.filter
def column_label(column: str) -> str:
    """The Korean header of a canonical import column (name → 기업명)."""
    return COLUMN_LABELS.get(column, column)
