"""Disclosures keep the names they were published with (Disclosure.names), so that renaming an
institution, a department or a supplier later never changes what a closed year shows.

Disclosures published before this migration get their names from their own snapshot where it says
them (the institution; the departments whose present name the snapshot shows; a plan's candidate
suppliers) and the present registry names of a month's suppliers: the best record there is."""

import datetime as dt

from django.db import migrations, models


def fill_names(apps, schema_editor):
    Disclosure = apps.get_model("procurement", "Disclosure")
    Department = apps.get_model("procurement", "Department")
    Purchase = apps.get_model("procurement", "Purchase")
    Organisation = apps.get_model("registry", "Organisation")
    for disclosure in Disclosure.objects.filter(names={}).iterator():
        snapshot = disclosure.snapshot or {}
        shown = {d.get("department") for d in snapshot.get("by_department", [])}
        shown |= {d.get("department") for d in snapshot.get("departments", []) + snapshot.get("not_approved", [])}
        departments = {str(pk): name for pk, name in Department.objects.filter(
            institution_id=disclosure.institution_id, name__in=shown).values_list("pk", "name")}
        if disclosure.month:
            start = dt.date(disclosure.year, disclosure.month, 1)
            end = dt.date(disclosure.year + (disclosure.month == 12), disclosure.month % 12 + 1, 1)
            ids = Purchase.objects.filter(institution_id=disclosure.institution_id, purchased_on__gte=start,
                                          purchased_on__lt=end, supplier__isnull=False).values("supplier_id")
            suppliers = {str(pk): name for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name")}
        else:
            suppliers = {str(s["id"]): s["name"] for s in snapshot.get("suppliers", [])}
        names = {"institution": snapshot.get("institution", {}).get("name", ""), "departments": departments,
                 "suppliers": suppliers}
        Disclosure.objects.filter(pk=disclosure.pk).update(names=names)  # the model refuses save() once stored


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0009_plan_deadline_only_in_plandeadline"),
        ("registry", "0003_registry_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="names",
            field=models.JSONField(blank=True, default=dict, verbose_name="names as published"),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
