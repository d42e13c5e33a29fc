"""Keeping PurchaseTotal in step with the purchases (the annual report reads the sums from it).

Every write of purchases calls ``add_purchases`` with the ids it wrote, inside its transaction; the
sums are added with one INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE per dimension, which
SQLite (3.24+) and PostgreSQL both run. A correction or withdrawal calls ``remove_purchases`` before
it changes or deletes the rows (the same statements with the sums negated; sums left with no
purchase are deleted), then ``add_purchases`` for the corrected rows. Both stamp the months they
touch in PurchaseMonth, which tells the 사회적경제과 which published months need a correction.
``rebuild`` recomputes an institution's sums from its purchases (the demonstration data, sums found
to have drifted, the migrations that change how sums are keyed, and the tests that compare the sums
with core.purchase.tally).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from bombaram.procurement.choices import TotalDimension
from bombaram.procurement.models import Institution, Purchase, PurchaseMonth, PurchaseTotal
from bombaram.registry import bulk

logger = logging.getLogger(__name__)

#: the sums' key of a supplier not in the registry is this prefix and the name written on the
#: purchase (a registered one's is its id): a name made of digits is never read as an id
UNREGISTERED = "n:"


def _dimensions() -> dict[str, tuple[str, str, str]]:
    """Per dimension: (month expression, key1 expression, key2 expression) over the purchase table."""
    if connection.vendor == "sqlite":
        month = 'CAST(substr("purchased_on", 6, 2) AS INTEGER)'
    else:
        month = 'CAST(EXTRACT(MONTH FROM "purchased_on") AS INTEGER)'
    # registered suppliers by their id, others by their name behind "n:" (a name of digits is no id)
    supplier = f'COALESCE(CAST("supplier_id" AS TEXT), \'{UNREGISTERED}\' || "supplier_name")'
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


def _on_conflict_add(table: str) -> str:
    """A sum row already kept gets the new sums added to it (every writer of sums ends its INSERT so)."""
    return (' ON CONFLICT ("institution_id", "year", "dimension", "month", "key1", "key2") DO UPDATE SET '
            + ", ".join(f'"{c}" = "{table}"."{c}" + excluded."{c}"' for c in ("eligible_won", "total_won", "counted_n", "n")))


_ADD_ON_CONFLICT = _on_conflict_add(PurchaseTotal._meta.db_table)


def _add(where: str, params: list[object], *, sign: str = "") -> None:
    """Add (sign "") or subtract (sign "-") the sums of the purchases matching ``where``."""
    purchases, totals = Purchase._meta.db_table, PurchaseTotal._meta.db_table
    sums = (f'{sign}SUM(CASE WHEN "counted" THEN "amount_won" ELSE 0 END), {sign}SUM("amount_won"), '
            f'{sign}SUM(CASE WHEN "counted" THEN 1 ELSE 0 END), {sign}COUNT(*)')
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
                + _ADD_ON_CONFLICT,
                [str(dimension), *params])


def _stamp(where: str, params: list[object]) -> None:
    """Mark the months of the purchases matching ``where`` as changed now."""
    purchases, months = Purchase._meta.db_table, PurchaseMonth._meta.db_table
    month = _dimensions()[TotalDimension.SUPPLIER_MONTH][0]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{months}" ("institution_id", "year", "month", "changed") '
            f'SELECT DISTINCT "institution_id", {_year()}, {month}, %s FROM "{purchases}" WHERE {where} '
            f'ON CONFLICT ("institution_id", "year", "month") DO UPDATE SET "changed" = excluded."changed"',
            [timezone.now(), *params])


def _selections(ids: list[int]) -> list[tuple[str, list[object]]]:
    """WHERE clauses that select these ids: ids come in runs (an import allocates them together),
    one clause per run, or per 500 ids when they are scattered."""
    ordered = sorted(ids)
    runs: list[list[int]] = []
    for pk in ordered:
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    if len(runs) <= 20:
        return [('"id" >= %s AND "id" <= %s', [first, last]) for first, last in runs]
    return [(f'"id" IN ({", ".join(["%s"] * len(part))})', list(part))
            for part in (ordered[start : start + 500] for start in range(0, len(ordered), 500))]


def add_purchases(ids: list[int]) -> None:
    """Add the purchases with these ids (just written, not yet in the sums) to the sums."""
    for where, params in _selections(ids):
        _add(where, params)
        _stamp(where, params)


#: what ``add_new`` reads of each purchase, in this order
NEW_PURCHASE_FIELDS = ("institution_id", "purchased_on", "department_id", "supplier_id", "supplier_name", "item",
                       "category", "amount_won", "counted", "indirect", "in_district")
_SUM_COLUMNS = ('"institution_id", "year", "month", "dimension", "key1", "key2", '
                '"eligible_won", "total_won", "counted_n", "n"')


def add_new(purchases: Sequence[Sequence[object]], positions: Sequence[int] | None = None) -> None:
    """Add purchases just written to the sums: each a sequence holding the values of
    NEW_PURCHASE_FIELDS at ``positions`` (default: those values in that order).

    The same sums as ``add_purchases`` (and ``rebuild``) with the same keys, summed here from the
    values the import holds instead of read back from the table by one grouping statement per
    dimension: for a million purchases one grouping in memory (:func:`new_sums`), then tens of
    thousands of upserts, instead of four scans and sorts of the million rows. Months are stamped
    as ``add_purchases`` does.
    """
    add_sums(*new_sums(purchases, positions))


def add_sums(rows: list[tuple], months: set[tuple[int, int, int]]) -> None:
    """Add :func:`new_sums`' rows to the sums and stamp its months."""
    table = PurchaseTotal._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_and_add(cursor, table, rows)
        else:
            for start in range(0, len(rows), _UPSERT_ROWS):
                part = rows[start : start + _UPSERT_ROWS]
                marks = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(part))
                cursor.execute(f'INSERT INTO "{table}" ({_SUM_COLUMNS}) VALUES {marks} ' + _ADD_ON_CONFLICT,
                               [value for row in part for value in row])
        now, stamped = timezone.now(), sorted(months)
        for start in range(0, len(stamped), _UPSERT_ROWS):
            part = stamped[start : start + _UPSERT_ROWS]
            marks = ", ".join(["(%s, %s, %s, %s)"] * len(part))
            cursor.execute(
                f'INSERT INTO "{PurchaseMonth._meta.db_table}" ("institution_id", "year", "month", "changed") '
                f'VALUES {marks} '
                f'ON CONFLICT ("institution_id", "year", "month") DO UPDATE SET "changed" = excluded."changed"',
                [value for key in part for value in (*key, now)])


def new_sums(purchases: Sequence[Sequence[object]],
             positions: Sequence[int] | None = None) -> tuple[list[tuple], set[tuple[int, int, int]]]:
    """The sums of these purchases (``positions`` as :func:`add_new`) as rows in _SUM_COLUMNS
    order, and the (institution, year, month) they touch.

    numpy groups them (a million purchases in about a second, where a loop over dictionaries took
    four); :func:`_sums_by_loop` — the same sums one purchase at a time, in Python's unbounded
    integers — is the reference the tests hold this to, and what runs when a sum could pass the
    64 bits numpy adds in (a sum the database's bigint column could not hold either)."""
    positions = range(len(NEW_PURCHASE_FIELDS)) if positions is None else positions
    n = len(purchases)
    if not n:
        return [], set()
    (institution, day, department, supplier_id, supplier_name, item, category, amount, counted, indirect,
     in_district) = (list(map(itemgetter(k), purchases)) for k in positions)
    if max(max(amount), -min(amount)) * n >= 1 << 62:
        return _sums_by_loop(purchases, positions)
    institutions, inst = _factorise(institution)
    days, day_code = _factorise(day)
    periods, period_of_day = _factorise([(d.year, d.month) for d in days])
    period = period_of_day[day_code]
    years, year_of_period = _factorise([year for year, _month in periods])
    year = year_of_period[period]
    suppliers, supplier = _factorise([str(s) if s is not None else UNREGISTERED + name
                                      for s, name in zip(supplier_id, supplier_name, strict=True)])
    items, item_code = _factorise(item)
    departments, department_code = _as_text(*_factorise(department), str)
    categories, category_code = _factorise(category)
    flag_texts, flag_code = _as_text(*_factorise(list(zip(counted, indirect, in_district, strict=True))), _flag_text)
    won = np.fromiter(amount, np.int64, n)
    one = np.fromiter(counted, bool, n).astype(np.int64)
    weights = (won * one, won, one)  # eligible (the amount when counted), total, counted_n
    supplier_month, item_month, department_supplier, flags = (str(d) for d in _DIMENSION_ORDER)
    sizes = {"i": len(institutions), "p": len(periods), "y": len(years), "s": len(suppliers), "t": len(items),
             "d": len(departments), "c": len(categories), "f": len(flag_texts)}
    if any(math.prod(sizes[k] for k in keys) >= 1 << 62 for keys in ("ips", "ipt", "iyds", "ipcf")):
        return _sums_by_loop(purchases, positions)  # too many distinct keys to number each group in one int64
    rows: list[tuple] = []
    for (i, p, s), sums in _grouped([(inst, sizes["i"]), (period, sizes["p"]), (supplier, sizes["s"])], weights):
        rows.append((institutions[i], *periods[p], supplier_month, suppliers[s], "", *sums))
    for (i, p, t), sums in _grouped([(inst, sizes["i"]), (period, sizes["p"]), (item_code, sizes["t"])], weights):
        rows.append((institutions[i], *periods[p], item_month, items[t], "", *sums))
    for (i, y, d, s), sums in _grouped([(inst, sizes["i"]), (year, sizes["y"]), (department_code, sizes["d"]),
                                        (supplier, sizes["s"])], weights):
        rows.append((institutions[i], years[y], 0, department_supplier, departments[d], suppliers[s], *sums))
    months: set[tuple[int, int, int]] = set()
    for (i, p, c, f), sums in _grouped([(inst, sizes["i"]), (period, sizes["p"]), (category_code, sizes["c"]),
                                        (flag_code, sizes["f"])], weights):
        rows.append((institutions[i], *periods[p], flags, categories[c], flag_texts[f], *sums))
        months.add((institutions[i], *periods[p]))
    return rows, months


def _factorise(values: Sequence[object]) -> tuple[list, np.ndarray]:
    """The distinct values in order of first appearance, and each value's index among them (two
    passes in C — dict.fromkeys, then map — rather than a Python step per value)."""
    index: dict[object, int] = dict.fromkeys(values)  # type: ignore[arg-type]
    for code, value in enumerate(index):
        index[value] = code
    return list(index), np.fromiter(map(index.__getitem__, values), np.int64, len(values))


def _as_text(values: list, codes: np.ndarray, text: Callable[[Any], str]) -> tuple[list[str], np.ndarray]:
    """Distinct values whose keys are the same text (5 and "5", True and 1) made one, as the loop's
    dictionary keyed by the text makes them."""
    texts, remap = _factorise([text(v) for v in values])
    return texts, remap[codes]


def _flag_text(flags: tuple) -> str:
    """The flags dimension's key2: "counted,indirect,in_district" as 1, 0 (and -1: in-district unknown)."""
    counted, indirect, in_district = flags
    return ("1," if counted else "0,") + ("1," if indirect else "0,") + (
        "-1" if in_district is None else "1" if in_district else "0")


def _grouped(codes: list[tuple[np.ndarray, int]], weights: tuple[np.ndarray, ...]) -> Iterable[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Per distinct combination of the code arrays (each with its number of distinct codes): the
    codes, and Σ of each weight array then the count of rows."""
    key = codes[0][0]
    for code, size in codes[1:]:
        key = key * size + code
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sums = [np.add.reduceat(w[order], starts).tolist() for w in weights]
    sums.append(np.diff(np.append(starts, len(key))).tolist())
    rest = ordered[starts]
    parts = []
    for _code, size in reversed(codes[1:]):
        parts.append((rest % size).tolist())
        rest = rest // size
    parts.append(rest.tolist())
    parts.reverse()
    return zip(zip(*parts, strict=True), zip(*sums, strict=True), strict=True)


def _sums_by_loop(purchases: Sequence[Sequence[object]],
                  positions: Sequence[int]) -> tuple[list[tuple], set[tuple[int, int, int]]]:
    """:func:`new_sums` one purchase at a time."""
    values = itemgetter(*positions)
    supplier_month, item_month, department_supplier, flags = (str(d) for d in _DIMENSION_ORDER)
    sums: dict[tuple, list[int]] = {}
    months: set[tuple[int, int, int]] = set()
    get = sums.get
    for (institution_id, day, department_id, supplier_id, supplier_name, item, category, amount, counted, indirect,
         in_district) in map(values, purchases):
        year, month = day.year, day.month
        supplier = str(supplier_id) if supplier_id is not None else UNREGISTERED + supplier_name
        flag = _flag_text((counted, indirect, in_district))
        eligible = amount if counted else 0
        one = 1 if counted else 0
        months.add((institution_id, year, month))
        for key in ((institution_id, year, month, supplier_month, supplier, ""),
                    (institution_id, year, month, item_month, item, ""),
                    (institution_id, year, 0, department_supplier, str(department_id), supplier),
                    (institution_id, year, month, flags, category, flag)):
            total = get(key)
            if total is None:
                sums[key] = [eligible, amount, one, 1]
            else:
                total[0] += eligible
                total[1] += amount
                total[2] += one
                total[3] += 1
    return [(*key, *total) for key, total in sums.items()], months


def _copy_and_add(cursor, table: str, rows: list[tuple]) -> None:
    """PostgreSQL: the new sums are COPYed into a temporary table and added with one INSERT … SELECT.
    As hundreds of multi-row upserts, psycopg spliced each statement's 5,000 parameters into its text
    one by one: about a fifth of a million-row import's time in the profile, for what COPY streams."""
    with transaction.atomic():  # the temporary table goes with the transaction, also when it fails
        cursor.execute('CREATE TEMPORARY TABLE "bombaram_new_sums" ("institution_id" bigint, "year" smallint, '
                       '"month" smallint, "dimension" text, "key1" text, "key2" text, "eligible_won" bigint, '
                       '"total_won" bigint, "counted_n" integer, "n" integer) ON COMMIT DROP')
        bulk.copy_rows("bombaram_new_sums", _SUM_COLUMNS, rows)
        cursor.execute(f'INSERT INTO "{table}" ({_SUM_COLUMNS}) SELECT {_SUM_COLUMNS} FROM "bombaram_new_sums"'
                       + _ADD_ON_CONFLICT)
        cursor.execute('DROP TABLE "bombaram_new_sums"')


_DIMENSION_ORDER = (TotalDimension.SUPPLIER_MONTH, TotalDimension.ITEM_MONTH, TotalDimension.DEPARTMENT_SUPPLIER,
                    TotalDimension.FLAGS)
#: sums per upsert statement (10 values each: 5,000 parameters, well below SQLite's 32,766)
_UPSERT_ROWS = 500


def remove_purchases(ids: list[int]) -> None:
    """Take the purchases with these ids out of the sums, before they are corrected or deleted."""
    years = set(Purchase.objects.filter(pk__in=ids).order_by().values_list("institution_id", "purchased_on__year")
                .distinct())
    for where, params in _selections(ids):
        _stamp(where, params)
        _add(where, params, sign="-")
    for institution_id, year in years:
        # sums left at zero or below: one lookup through the (normally empty) partial index
        emptied = list(PurchaseTotal.objects.filter(institution_id=institution_id, year=year, n__lte=0)
                       .values_list("pk", "n"))
        PurchaseTotal.objects.filter(pk__in=[pk for pk, n in emptied if n == 0], n=0).delete()
        if any(n < 0 for _pk, n in emptied):
            # the sums had drifted from the purchases (a row written behind the services' back):
            # taking a purchase out left a negative sum, so the institution's sums are recomputed
            logger.warning("PurchaseTotal of institution %s, %s had drifted; rebuilt", institution_id, year)
            rebuild(Institution.objects.get(pk=institution_id), excluding=ids)


@transaction.atomic
def rebuild(institution: Institution, *, excluding: list[int] = ()) -> None:
    """Recompute the institution's sums from all its purchases (but those ``excluding``, which are
    being taken out of the sums)."""
    PurchaseTotal.objects.filter(institution=institution).delete()
    left_out = f' AND "id" NOT IN ({", ".join(["%s"] * len(excluding))})' if excluding else ""
    _add(f'"institution_id" = %s{left_out}', [institution.pk, *excluding])


def rebuild_all() -> None:
    """Recompute every institution's sums (the migration that introduced them runs this)."""
    with transaction.atomic():
        PurchaseTotal.objects.all().delete()
        _add("1 = 1", [])
