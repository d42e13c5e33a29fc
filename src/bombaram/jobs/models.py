"""A job and its files, kept in the database so that every server and worker sharing it sees the
same state, and a restart loses nothing (docs/deployment.md, "Several servers")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bombaram.jobs.choices import FINISHED, JobKind, JobState


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=JobKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    #: what the job works on (institution code, year, file name …): plain JSON, read by its runner
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    done = models.BigIntegerField(_("done"), default=0)
    total = models.BigIntegerField(_("total"), default=0)
    #: what the job is doing now, or how it ended (Korean, shown as is)
    message = models.CharField(_("message"), max_length=500, blank=True)
    #: the figures of a finished job (rows, created, counted …)
    result = models.JSONField(_("result"), default=dict, blank=True)
    #: the rows refused, as the import reports them: [{"row", "column", "value", "error"}, …]
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    row_errors_total = models.PositiveIntegerField(_("row errors in all"), default=0)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    result_type = models.CharField(_("result content type"), max_length=100, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    #: last sign of life of a running job (progress); a running job silent for long was abandoned
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["created_by", "-created"], name="job_owner_idx"),
                   models.Index(fields=["state"], name="job_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished_state(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        """Whole percent done; None while the total is not known (an indeterminate bar)."""
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))


class JobFile(models.Model):
    """A job's uploaded file or its result, in pieces of at most ``CHUNK`` bytes: stored in the
    database, so any server can read what another received (no shared disk to set up)."""

    CHUNK = 1024 * 1024

    class Role(models.TextChoices):
        INPUT = "input", _("uploaded file")
        RESULT = "result", _("result file")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=8, choices=Role.choices)
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "role", "seq"], name="job_file_piece_unique")]
        ordering = ["job", "role", "seq"]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.role}/{self.seq}"
