"""Purchases whose contract method was stored as its Korean name (the demonstration data stored
수의계약, 제한경쟁입찰, 일반경쟁입찰) get the code every other purchase has, which the OCDS
procurementMethod is read from. The names are written out here, as they were when this ran."""

from django.db import migrations

#: code -> the spellings services.purchases.parse_contract_method accepted (spaces ignored)
CODES = {
    "open_competition": ("일반경쟁입찰", "일반경쟁"),
    "restricted_competition": ("제한경쟁입찰", "제한경쟁"),
    "nominated_competition": ("지명경쟁입찰", "지명경쟁"),
    "private_contract": ("수의계약", "수의"),
}


def names_to_codes(apps, schema_editor):
    Purchase = apps.get_model("procurement", "Purchase")
    lookup = {name: code for code, names in CODES.items() for name in names}
    stored = Purchase.objects.exclude(contract_method="").values_list("contract_method", flat=True).distinct()
    for value in list(stored):
        code = lookup.get("".join(value.split()))
        if code is not None:
            Purchase.objects.filter(contract_method=value).update(contract_method=code)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0012_purchase_revisions_for_ocds_releases")]

    operations = [migrations.RunPython(names_to_codes, migrations.RunPython.noop)]
