"""The national annual purchase report, read with the database's own aggregation.

One ``GROUP BY`` returns the sums per (institution, month, category) — at most 1,000 × 12 × 3 rows for
the country — and core.purchase.national rolls them up. It reads the running sums every write of
purchases keeps (``PurchaseTotal``, dimension "flags": per institution, month, category and the
counted/indirect/in-district flags, a few hundred rows an institution) rather than the year's ten
million lines: the report then costs what the sums cost, not what the lines cost (``sums_sql``).
``group_sql`` is the same grouping over the lines themselves, kept for checking the sums against
the lines and for docs/explain.md, which keeps both plans.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from bombaram.core.purchase import national as rules
from bombaram.procurement.models import Institution, Purchase, YearTarget


def group_sql() -> str:
    table = Purchase._meta.db_table
    if connection.vendor == "postgresql":
        return (f'SELECT "institution_id", EXTRACT(MONTH FROM "purchased_on")::int AS month, "category", '
                f'SUM("amount_won"), COALESCE(SUM("amount_won") FILTER (WHERE "counted"), 0), COUNT(*), '
                f'COUNT(*) FILTER (WHERE "counted") '
                f'FROM "{table}" WHERE "purchased_on" >= %s AND "purchased_on" < %s GROUP BY 1, 2, 3')
    return (f'SELECT "institution_id", CAST(substr("purchased_on", 6, 2) AS INTEGER) AS month, "category", '
            f'SUM("amount_won"), SUM(CASE WHEN "counted" THEN "amount_won" ELSE 0 END), COUNT(*), '
            f'SUM(CASE WHEN "counted" THEN 1 ELSE 0 END) '
            f'FROM "{table}" WHERE "purchased_on" >= %s AND "purchased_on" < %s GROUP BY 1, 2, 3')


def sums_sql() -> str:
    """The groups from the running sums of the year (``PurchaseTotal``, dimension flags)."""
    from bombaram.procurement.choices import TotalDimension
    from bombaram.procurement.models import PurchaseTotal

    return (f'SELECT "institution_id", "month", "key1", SUM("total_won"), SUM("eligible_won"), SUM("n"), '
            f'SUM("counted_n") FROM "{PurchaseTotal._meta.db_table}" '
            f"WHERE \"year\" = %s AND \"dimension\" = '{TotalDimension.FLAGS.value}' GROUP BY 1, 2, 3")


def year_bounds(year: int) -> list[object]:
    first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if connection.vendor == "sqlite":
        return [first.isoformat(), after.isoformat()]
    return [first, after]


#: PostgreSQL settings for this one statement (SET LOCAL: the transaction only), from its EXPLAIN ANALYZE
#: at ten million lines (docs/explain.md): the planner expects a million groups where there are 36,000,
#: so with the default 4 MB work_mem it plans a hash aggregate in 64 partitions spilled to disk; and JIT
#: compiling the expressions took 4.2 s of 12 s. Neither buys anything for a scan that reads every line.
PG_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


def groups(year: int) -> list[rules.Group]:
    """The year's groups from the running sums."""
    with connection.cursor() as cursor:
        cursor.execute(sums_sql(), [year])
        return [rules.Group(pk, month, category, int(total), int(eligible), int(n), int(counted))
                for pk, month, category, total, eligible, n, counted in cursor.fetchall() if n]


def groups_from_lines(year: int) -> list[rules.Group]:
    """The same groups summed from every purchase line of the year (checks the sums against the lines)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in PG_SETTINGS:
                cursor.execute(statement)
        cursor.execute(group_sql(), year_bounds(year))
        return [rules.Group(pk, month, category, int(total), int(eligible), n, int(counted))
                for pk, month, category, total, eligible, n, counted in cursor.fetchall()]


def national_report(year: int) -> rules.NationalReport:
    targets = dict(YearTarget.objects.filter(year=year).values_list("institution_id", "target_won"))
    infos = [rules.InstitutionInfo(pk, code, name, sido or (district_code or "")[:2], targets.get(pk))
             for pk, code, name, sido, district_code in
             Institution.objects.values_list("pk", "code", "name", "sido_code", "district__code")]
    return rules.national_report(year, groups(year), infos)
