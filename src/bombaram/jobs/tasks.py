"""The one task of the queue: run a job. django-tasks' database backend keeps the queue in the
database (SQLite or PostgreSQL, nothing else to run); ``bombaram worker`` (and the worker that
``bombaram serve`` starts) takes tasks from it."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from bombaram.jobs import runners

    return runners.run(job_id)
