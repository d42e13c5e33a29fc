"""What the database itself holds a purchase to: its department exists and, on PostgreSQL, belongs to
the purchase's institution (one foreign key on the pair, migration procurement 0017), checked at
commit as the import's million rows are."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, transaction

from bombaram.procurement.models import Department, Institution, Purchase
from bombaram.registry.models import District


def _purchase(institution_id: int, department_id: int) -> None:
    with connection.cursor() as cursor:  # behind the services' back, as a script or a bad migration would
        cursor.execute(
            'INSERT INTO "procurement_purchase" ("institution_id", "department_id", "purchased_on", "supplier_name", '
            '"supplier_business_no", "item", "category", "amount_won", "contract_method", "channel", '
            '"exception_justification", "note", "counted", "not_counted_reason", "indirect", "created") '
            "VALUES (%s, %s, %s, '동네문구', '', '복사용지', 'goods', 10000, '', 'direct', '', '', %s, '', %s, %s)",
            [institution_id, department_id, dt.date(2014, 5, 2), False, False, dt.datetime(2014, 5, 2, tzinfo=dt.UTC)])


def _refused(institution_id: int, department_id: int) -> bool:
    try:
        with transaction.atomic():
            _purchase(institution_id, department_id)
            connection.check_constraints()  # the deferred keys, as the commit would check them
    except IntegrityError:
        return True
    return False


def test_a_purchase_of_a_department_that_does_not_exist_is_refused(seongbuk):
    assert _refused(seongbuk.institution.pk, 987_654)
    assert not _refused(seongbuk.institution.pk, seongbuk.welfare.pk)  # the same row with its own department
    assert Purchase.objects.count() == 1


def test_a_purchase_of_another_institutions_department_is_refused_on_postgresql(seongbuk):
    other = Institution.objects.create(code="jongno", name="종로구청", district=District.objects.get(code="11110"))
    theirs = Department.objects.create(institution=other, code="welfare", name="복지정책과")
    if connection.vendor == "postgresql":
        assert _refused(seongbuk.institution.pk, theirs.pk)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                           "'procurement_purchase'::regclass AND contype = 'f' ORDER BY conname")
            keys = [definition for (definition,) in cursor.fetchall()]
        # the pair instead of two single keys: one check a row at commit
        assert "FOREIGN KEY (department_id, institution_id) REFERENCES procurement_department(id, institution_id) " \
               "DEFERRABLE INITIALLY DEFERRED" in keys
        assert not any(k.startswith(("FOREIGN KEY (department_id)", "FOREIGN KEY (institution_id)")) for k in keys)
    else:
        # SQLite keeps its column keys (no rebuild of the table for a pair it checks as cheaply): there the
        # import looks departments up within the institution ("…에 없는 부서입니다", test_purchases.py)
        with connection.cursor() as cursor:
            cursor.execute('PRAGMA foreign_key_list("procurement_purchase")')
            referenced = {(row[3], row[2]) for row in cursor.fetchall()}
        assert {("department_id", "procurement_department"), ("institution_id", "procurement_institution")} <= referenced
        assert not _refused(seongbuk.institution.pk, theirs.pk)
