from django import template

register = template.Library()


@register.simple_tag
def ledger_rows(ledger):
    """(label, value, unit, distinct) of the measures with something recorded, in the vocabulary's order."""
    from bombaram.core.programme_measures import MEASURES, How
    from bombaram.programmes.outputs import measure_label, unit_label

    return [(measure_label(m.code), ledger[m.code], unit_label(m.unit), m.how is How.DISTINCT)
            for m in MEASURES if ledger.get(m.code)]
