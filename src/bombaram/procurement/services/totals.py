"""Keeping PurchaseTotal in step with the purchases (the annual report reads the sums from it).

Every write of purchases calls ``add_purchases`` with the ids it wrote, inside its transaction; the
sums are added with one INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE per dimension, which
SQLite (3.24+) and PostgreSQL both run. Purchases are never edited or deleted in the application;
``rebuild`` recomputes an institution's sums from its purchases (after a repair in the back office,
and in the tests that compare the sums with core.purchase.tally).
"""

from __future__ import annotations

from django.db import connection, transaction

from bombaram.procurement.choices import TotalDimension
from bombaram.procurement.models import Institution, Purchase, PurchaseTotal


def _dimensions() -> dict[str, tuple[str, str, str]]:
    """Per dimension: (month expression, key1 expression, key2 expression) over the purchase table."""
    if connection.vendor == "sqlite":
        month = 'CAST(substr("purchased_on", 6, 2) AS INTEGER)'
    else:
        month = 'CAST(EXTRACT(MONTH FROM "purchased_on") AS INTEGER)'
    supplier = 'COALESCE(CAST("supplier_id" AS TEXT), "supplier_name")'
    flags = ("(CASE WHEN \"counted\" THEN '1' ELSE '0' END) || ',' || (CASE WHEN \"indirect\" THEN '1' ELSE '0' END)"
             " || ',' || (CASE WHEN \"in_district\" IS NULL THEN '-1' WHEN \"in_district\" THEN '1' ELSE '0' END)")
    return {
        TotalDimension.SUPPLIER_MONTH: (month, supplier, "''"),
        TotalDimension.ITEM_MONTH: (month, '"item"', "''"),
        TotalDimension.DEPARTMENT_SUPPLIER: ("0", 'CAST("department_id" AS TEXT)', supplier),
        TotalDimension.FLAGS: (month, '"category"', flags),
    }


def _year() -> str:
    if connection.vendor == "sqlite":
        return 'CAST(substr("purchased_on", 1, 4) AS INTEGER)'
    return 'CAST(EXTRACT(YEAR FROM "purchased_on") AS INTEGER)'


def _add(where: str, params: list[object]) -> None:
    purchases, totals = Purchase._meta.db_table, PurchaseTotal._meta.db_table
    sums = ('SUM(CASE WHEN "counted" THEN "amount_won" ELSE 0 END), SUM("amount_won"), '
            'SUM(CASE WHEN "counted" THEN 1 ELSE 0 END), COUNT(*)')
    with connection.cursor() as cursor:
        for dimension, (month, key1, key2) in _dimensions().items():
            groups = ['"institution_id"', _year(), month, key1, key2]  # constants are left out: SQLite
            # reads an integer in GROUP BY as a column number
            group_by = ", ".join(t for t in groups if t not in ("0", "''"))
            cursor.execute(
                f'INSERT INTO "{totals}" ("institution_id", "year", "month", "dimension", "key1", "key2", '
                f'"eligible_won", "total_won", "counted_n", "n") '
                f'SELECT "institution_id", {_year()}, {month}, %s, {key1}, {key2}, {sums} FROM "{purchases}" '
                f'WHERE {where} GROUP BY {group_by} '
                f'ON CONFLICT ("institution_id", "year", "dimension", "month", "key1", "key2") DO UPDATE SET '
                f'"eligible_won" = "{totals}"."eligible_won" + excluded."eligible_won", '
                f'"total_won" = "{totals}"."total_won" + excluded."total_won", '
                f'"counted_n" = "{totals}"."counted_n" + excluded."counted_n", '
                f'"n" = "{totals}"."n" + excluded."n"',
                [str(dimension), *params])


def add_purchases(ids: list[int]) -> None:
    """Add the purchases with these ids (just written, not yet in the sums) to the sums.

    Ids come in runs (an import allocates them together): one statement per dimension and run,
    or per 500 ids when they are scattered."""
    ordered = sorted(ids)
    runs: list[list[int]] = []
    for pk in ordered:
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    if len(runs) <= 20:
        for first, last in runs:
            _add('"id" >= %s AND "id" <= %s', [first, last])
        return
    for start in range(0, len(ordered), 500):
        part = ordered[start : start + 500]
        _add(f'"id" IN ({", ".join(["%s"] * len(part))})', part)


@transaction.atomic
def rebuild(institution: Institution) -> None:
    """Recompute the institution's sums from all its purchases."""
    PurchaseTotal.objects.filter(institution=institution).delete()
    _add('"institution_id" = %s', [institution.pk])


def rebuild_all() -> None:
    """Recompute every institution's sums (the migration that introduced them runs this)."""
    with transaction.atomic():
        PurchaseTotal.objects.all().delete()
        _add("1 = 1", [])
