from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from bombaram.jobs.models import Job
from bombaram.web.permissions import can_view_job, check

#: jobs listed on "my jobs"
RECENT = 50


def get_job_for_user(user: Any, pk: int) -> Job:
    """The job, when the user may follow it (else 404 for a job that does not exist, 403 otherwise)."""
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    check(can_view_job(user, job))
    return job


def recent_jobs(user: Any) -> list[Job]:
    jobs = Job.objects.defer("row_errors", "result") if not user.is_superuser else Job.objects.defer("row_errors")
    if not user.is_superuser:
        jobs = jobs.filter(created_by=user)
    return list(jobs.select_related("created_by")[:RECENT])
