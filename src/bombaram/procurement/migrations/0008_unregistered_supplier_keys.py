from django.db import migrations


def rebuild_totals(apps, schema_editor):
    """Suppliers not in the registry are now keyed "n:<name>" in the sums (a name of digits was read
    as a registry id and merged with that organisation): sum the purchases again."""
    from bombaram.procurement.services import totals

    totals.rebuild_all()


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0007_plan_deadlines"),
    ]

    operations = [
        migrations.RunPython(rebuild_totals, migrations.RunPython.noop),
    ]
