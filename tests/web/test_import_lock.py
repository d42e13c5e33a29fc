"""Two bulk imports never write at once, on SQLite (a file lock) and PostgreSQL (an advisory lock):
the second says it waits, and goes on when the first is done."""

from __future__ import annotations

import threading

from bombaram.web.import_lock import GO, WAITING, import_lock


def test_a_second_import_waits_for_the_first_and_says_so(transactional_db):
    from django.db import connections

    events: list[str] = []
    first_in, release = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with import_lock(events.append):
                events.append("first writes")
                first_in.set()
                release.wait(30)
                events.append("first done")
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with import_lock(events.append):
                events.append("second writes")
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_in.wait(30)
    two = threading.Thread(target=second)
    two.start()
    for _ in range(300):  # the second is waiting, and has said so
        if WAITING in events:
            break
        threading.Event().wait(0.1)
    assert events == ["first writes", WAITING]
    release.set()
    one.join(30)
    two.join(30)
    assert events == ["first writes", WAITING, "first done", GO, "second writes"]


def test_one_import_alone_says_nothing(transactional_db):
    said: list[str] = []
    with import_lock(said.append):
        pass
    with import_lock(said.append):  # released: taken again at once
        pass
    assert said == []
