from django import template

register = template.Library()


@register.filter
def thousands(value):
    """1228 → "1,228" (the separator Korean tables use), whatever the active language."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"
