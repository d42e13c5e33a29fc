"""Writes of the jobs: start one (queued on the task queue), report its progress, end it.

A job's state lives in its ``Job`` row; the task queue (django-tasks' database backend, see
``tasks.py``) only says which worker runs it. Progress is written outside any transaction of the
work itself, so every server sees it while the work goes on.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from bombaram.jobs.choices import JobKind, JobState
from bombaram.jobs.models import Job, JobFile
from bombaram.web import audit

#: row errors kept on the job (the page shows the first ones; the count is kept in full)
ROW_ERRORS_KEPT = 1000
#: a running job that has not reported progress for this long was abandoned (its worker stopped)
ABANDONED_AFTER = timedelta(minutes=15)
ABANDONED = "작업하던 워커가 멈춰 작업이 중단되었습니다: 다시 시작해 주십시오 (아무것도 반영하지 않았습니다)"
FAILED = "예상하지 못한 오류로 작업이 멈췄습니다: 아무것도 반영하지 않았습니다. 관리자에게 알려 주십시오"


def start_job(*, kind: JobKind | str, user: Any, params: dict[str, Any], upload: Iterable[bytes] | None = None,
              message: str = "") -> Job:
    """Record a job (with its uploaded file) and put it on the queue; the worker runs it."""
    from bombaram.jobs.tasks import run_job

    with transaction.atomic():
        job = Job.objects.create(kind=kind, created_by=user if getattr(user, "is_authenticated", False) else None,
                                 params=params, message=message or "차례를 기다리는 중입니다")
        if upload is not None:
            save_file(job=job, role=JobFile.Role.INPUT, chunks=upload)
        audit.record(f"jobs.{kind}.started", actor=user, obj=job, **params)
    # queued after the commit: a worker that picks the task up finds the job and its file
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


def save_file(*, job: Job, role: str, chunks: Iterable[bytes]) -> int:
    """Store a file as pieces of at most JobFile.CHUNK bytes; its size."""
    JobFile.objects.filter(job=job, role=role).delete()
    size, seq, buffer = 0, 0, bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= JobFile.CHUNK:
            JobFile.objects.create(job=job, role=role, seq=seq, data=bytes(buffer[:JobFile.CHUNK]))
            del buffer[:JobFile.CHUNK]
            seq += 1
        size += len(chunk)
    if buffer or seq == 0:
        JobFile.objects.create(job=job, role=role, seq=seq, data=bytes(buffer))
    return size


def read_file(job: Job, role: str) -> Iterator[bytes]:
    """The pieces of a job's file, in order, one query each (a large file never sits in memory)."""
    for pk in JobFile.objects.filter(job=job, role=role).order_by("seq").values_list("pk", flat=True):
        yield bytes(JobFile.objects.values_list("data", flat=True).get(pk=pk))


@contextmanager
def input_on_disk(job: Job, suffix: str) -> Iterator[Path]:
    """The job's uploaded file as a temporary file (the readers take a path), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bombaram-job-") as folder:
        path = Path(folder) / f"input{suffix}"
        with path.open("wb") as out:
            for piece in read_file(job, JobFile.Role.INPUT):
                out.write(piece)
        yield path


class Progress:
    """Writes a job's progress at most every ``interval`` seconds (and at every change of stage)."""

    def __init__(self, job: Job, *, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0
        self._message = None

    def __call__(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if message == self._message and now - self._last < self.interval and done < total:
            return
        self._last, self._message = now, message
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:500],
                                                  heartbeat=timezone.now())


def claim_job(job_id: int) -> Job | None:
    """Mark a queued job running (None when it is not queued: run once, never twice)."""
    now = timezone.now()
    worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
    if not Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.RUNNING, started=now, heartbeat=now, worker=worker, message="시작했습니다"):
        return None
    return Job.objects.select_related("created_by").get(pk=job_id)


def finish_job(*, job: Job, state: JobState, message: str, result: dict[str, Any] | None = None,
               row_errors: list[dict[str, Any]] | None = None) -> None:
    errors = row_errors or []
    values = {"state": state, "message": message[:500], "finished": timezone.now(), "result": result or {},
              "row_errors": errors[:ROW_ERRORS_KEPT], "row_errors_total": len(errors)}
    if state == JobState.DONE:
        values["done"] = values["total"] = max(job.total, 1)
    Job.objects.filter(pk=job.pk).update(**values)
    # the uploaded file has served (a million-row file is about 110 MB): only the result stays
    JobFile.objects.filter(job=job, role=JobFile.Role.INPUT).delete()
    for key, value in values.items():
        setattr(job, key, value)
    audit.record(f"jobs.{job.kind}.{state}", actor=job.created_by, obj=job, message=message[:200])


def store_result(*, job: Job, name: str, content_type: str, chunks: Iterable[bytes]) -> int:
    size = save_file(job=job, role=JobFile.Role.RESULT, chunks=chunks)
    Job.objects.filter(pk=job.pk).update(result_name=name, result_type=content_type)
    job.result_name, job.result_type = name, content_type
    return size


def fail_abandoned_jobs(*, now: Any = None) -> int:
    """End the running jobs whose worker stopped (no progress for ABANDONED_AFTER); how many.

    Run when a worker starts: a job interrupted by a restart gets a clear end instead of
    "running" for ever. Nothing of it was written (the work is one transaction)."""
    now = now or timezone.now()
    return Job.objects.filter(state=JobState.RUNNING, heartbeat__lt=now - ABANDONED_AFTER).update(
        state=JobState.FAILED, message=ABANDONED, finished=now)
