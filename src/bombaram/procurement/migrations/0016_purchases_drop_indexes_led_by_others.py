"""Drop the single-column indexes on purchases' institution and department and on the sums' institution:
the (institution, purchased_on), (department, purchased_on) and unique (institution, year, …) indexes lead
with the same columns and serve every look-up by them, and each was one more index to write for every
imported purchase and sum (docs/explain.md).

AlterField alone would rebuild the whole purchase table on SQLite (twice) and, on PostgreSQL, leave the
indexes in place; so the state changes as AlterField says and the database only loses the three indexes,
named as Django named them on both engines."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    ("procurement_purchase_institution_id_d919a773", "procurement_purchase", "institution_id"),
    ("procurement_purchase_department_id_1f65dc66", "procurement_purchase", "department_id"),
    ("procurement_purchasetotal_institution_id_23fedabd", "procurement_purchasetotal", "institution_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0015_national_report_reads_flags_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='purchase',
                    name='department',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='purchases', to='procurement.department'),
                ),
                migrations.AlterField(
                    model_name='purchase',
                    name='institution',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='purchases', to='procurement.institution'),
                ),
                migrations.AlterField(
                    model_name='purchasetotal',
                    name='institution',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='purchase_totals', to='procurement.institution'),
                ),
            ],
        ),
    ]
