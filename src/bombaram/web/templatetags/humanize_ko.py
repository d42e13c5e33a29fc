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


@register.filter
def won_korean(value):
    """2500000000 → "25억원" (grouped by 조·억·만 as Korean prose writes money)."""
    from bombaram.core.numbers import format_won_korean

    try:
        return format_won_korean(int(value))
    except (TypeError, ValueError):
        return value
