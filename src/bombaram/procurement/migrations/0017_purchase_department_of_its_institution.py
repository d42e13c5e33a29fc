"""A purchase's department must be one of its institution's: on PostgreSQL one foreign key on
(department_id, institution_id) → procurement_department (id, institution_id) replaces the two
single-column keys.

Why: PostgreSQL checks a deferred foreign key row by row at commit; for a million imported purchases
each key cost about 3 s (docs/benchmarks.md). The pair is one check instead of two, and a stronger rule:
until now nothing in the database stopped a purchase of one institution naming another's department.

SQLite checks its keys as cheaply as it writes the row (no measurable difference with them off), and
adding a table constraint there means rebuilding the purchase table: SQLite keeps its two column
REFERENCES, and the state says db_constraint=False for both engines (the pair is no Django field).

Mind the difference: a later migration that rebuilds procurement_purchase on SQLite (Django rebuilds the
table for most changes there) writes it from the state, without those REFERENCES — it must add them back,
and tests/procurement/test_purchase_keys.py fails until it does; on PostgreSQL Django does not know the
pair, so a migration that changes the type of department.id or purchase.institution_id must drop and
re-add it."""

import django.db.models.deletion
from django.db import migrations, models

PAIR = "purchase_department_of_institution"
OLD = [("department_id", "procurement_department"), ("institution_id", "procurement_institution")]


def _single_keys(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.conrelid = 'procurement_purchase'::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1 "
        "AND a.attname IN ('department_id', 'institution_id')")
    return [name for (name,) in cursor.fetchall()]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in _single_keys(cursor):
            cursor.execute(f'ALTER TABLE "procurement_purchase" DROP CONSTRAINT "{name}"')
        # the existing rows are checked by one join (5 s for the generated country's 10M purchases); the
        # migration's transaction holds the table's lock until then, as any Django migration of it does
        cursor.execute(f'ALTER TABLE "procurement_purchase" ADD CONSTRAINT "{PAIR}" FOREIGN KEY ("department_id", '
                       '"institution_id") REFERENCES "procurement_department" ("id", "institution_id") '
                       'DEFERRABLE INITIALLY DEFERRED')


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "procurement_purchase" DROP CONSTRAINT IF EXISTS "{PAIR}"')
        for column, table in OLD:
            cursor.execute(f'ALTER TABLE "procurement_purchase" ADD CONSTRAINT "purchase_{column}_fk" FOREIGN KEY '
                           f'("{column}") REFERENCES "{table}" ("id") DEFERRABLE INITIALLY DEFERRED')


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0016_purchases_drop_indexes_led_by_others'),
    ]

    operations = [
        # the pair a key may refer to must be unique (it is: id is the primary key)
        migrations.AddConstraint(
            model_name='department',
            constraint=models.UniqueConstraint(fields=('id', 'institution'), name='department_id_institution_unique'),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.AlterField(
                    model_name='purchase',
                    name='department',
                    field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='purchases', to='procurement.department'),
                ),
                migrations.AlterField(
                    model_name='purchase',
                    name='institution',
                    field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='purchases', to='procurement.institution'),
                ),
            ],
        ),
    ]
