"""One bulk import at a time: a second one waits for the first instead of failing half-way.

On SQLite two imports cannot write at once anyway (the second would wait for the write lock and,
after the busy timeout, fail with "database is locked"); on PostgreSQL they could deadlock on the
same organisations. ``bombaram import`` and ``bombaram procurement import``/``load-targets`` take
this lock: a file lock beside the SQLite database (the database lives on this machine), an advisory
lock on PostgreSQL (every server that shares the database sees it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

WAITING = "다른 가져오기가 진행 중입니다: 그 작업이 끝나면 이어서 가져옵니다 (기다리는 중…)"
GO = "앞선 가져오기가 끝났습니다: 이제 가져옵니다."
#: the advisory lock's key on PostgreSQL ("bombaram import" in the 64-bit key space)
ADVISORY_KEY = 0x626F6D62_696D7074


@contextmanager
def import_lock(say: Callable[[str], None]) -> Iterator[None]:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                say(WAITING)
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
                say(GO)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    if connection.is_in_memory_db():  # the test suite's SQLite: the lock in the home folder
        from django.conf import settings

        path = Path(settings.HOME) / "import.lock"
    else:
        path = Path(str(connection.settings_dict["NAME"]) + ".import-lock")
    with open(path, "a+b") as handle:
        if not _try_lock(handle):
            say(WAITING)
            while not _try_lock(handle):
                time.sleep(0.2)
            say(GO)
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
