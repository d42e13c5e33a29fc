"""Fast inserts for imports: one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per table,
primary keys allocated up front where the caller needs them.

Django's ``bulk_create`` compiles every value of every row through the field machinery and, on
SQLite, splits the rows into batches of 999 parameters (about 27 organisations a statement); for
a 100,000-row list that costs most of the import. Here the values are adapted once with the
backend's own adapters and sent with ``executemany`` on SQLite, and streamed with
``COPY … FROM STDIN`` on PostgreSQL (psycopg 3 adapts each value; one statement instead of one
per row, several times faster for a million purchases). Keys come from the sequence on PostgreSQL
(inside COPY itself when the caller does not need them) and from ``max(id)`` inside the import's write
transaction on SQLite (which holds the write lock).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
        start = cursor.fetchone()[0]
    return list(range(start + 1, start + count + 1))


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[list[object]], *, chunk: int = 5000,
                numbered: bool = False) -> None:
    """INSERT ``rows`` (lists of values in ``columns`` order) into ``model``'s table.

    Give ``id`` among the columns when the keys are needed afterwards (``allocate_ids``); leave it
    out and the database numbers the rows. ``numbered``: ids in the rows' order without asking for
    them — PostgreSQL's COPY takes each from the sequence itself (a million ids asked for up front
    cost 2.6 s of a million-row import), SQLite gets them given from max(id) + 1 (numbering them
    itself, an AUTOINCREMENT table updates sqlite_sequence once a row). Date and datetime columns
    are adapted in place with the backend's own adapters (SQLite stores them as text).
    """
    if not rows:
        return
    table = model._meta.db_table
    if numbered and connection.vendor != "postgresql":
        columns = ["id", *columns]
        rows = [[pk, *values] for pk, values in zip(allocate_ids(model, len(rows)), rows, strict=True)]
    quoted = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        copy_rows(table, quoted, rows)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'
    adapters = []
    if connection.vendor == "sqlite":
        for index, name in enumerate(columns):
            field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
            if isinstance(field, models.DateTimeField):
                adapters.append((index, connection.ops.adapt_datetimefield_value))
            elif isinstance(field, models.DateField):
                adapters.append((index, connection.ops.adapt_datefield_value))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            if adapters:
                for index, adapt in adapters:
                    seen: dict[object, object] = {}  # dates repeat: adapt each distinct value once
                    for row in part:
                        value = row[index]
                        if value is not None:
                            done = seen.get(value)
                            if done is None:
                                done = seen[value] = adapt(value)
                            row[index] = done
            cursor.executemany(sql, part)


def copy_rows(table: str, quoted: str, rows: Sequence[Sequence[object]]) -> None:
    """``COPY`` the rows into ``table`` (PostgreSQL): psycopg adapts dates, datetimes, booleans and
    None (NULL) itself, and the rows travel as one stream instead of one statement each."""
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row)
