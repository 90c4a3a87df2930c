"""Multi-claim PDF briefs, made in the background: the job that tracks one."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from factcheck.site_generation import ContentManager
from workers.queued import QueuedWork


class BriefJob(QueuedWork, models.Model):
    """A PDF brief of several claims, made by a background task: what was asked for, how far
    the task has got, and the stored brief's content hash once it is ready. The id is a UUID so
    that the status and download URLs cannot be guessed from one another."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The most claims one brief takes: a longer brief is cut, and its title says so.
    MAX_CLAIMS = 50
    TITLE_LENGTH = 300
    # The longest title an editor may type for the cover.
    TITLE_MAX_LENGTH = 120

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brief_jobs"
    )
    title = models.CharField(max_length=TITLE_LENGTH)
    scope = models.CharField(
        max_length=TITLE_LENGTH,
        blank=True,
        help_text="What the brief holds, in words, printed under a title the editor typed.",
    )
    claim_ids = models.JSONField(default=list, help_text="The claims, in the brief's order.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0, help_text="One step per claim, then one.")
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The background task that makes the brief."
    )
    failure = models.CharField(max_length=300, blank=True, help_text="Why it failed.")

    objects = ContentManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"brief {self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("brief_job", args=[self.pk])

    def start(self) -> None:
        """Queue the task that makes the brief, and remember which it is."""
        from briefs.tasks import make_brief

        result = make_brief.enqueue(str(self.pk))
        BriefJob.objects.filter(pk=self.pk).update(task_id=result.id)
        self.task_id = result.id

    @property
    def stage(self) -> str:
        """Where the task is, in words."""
        if self.status == self.Status.QUEUED:
            return "Waiting for a worker to start"
        if self.status != self.Status.RUNNING:
            return self.get_status_display()
        claims = max(self.total - 1, 0)
        if self.done < claims:
            return f"Setting claim {self.done + 1} of {claims}"
        return "Typesetting the PDF"

    # The task updates the row rather than saving the instance, so that a status page reading
    # it meanwhile never sees a half-written state.

    def report_progress(self, done: int, total: int) -> None:
        from workers.heartbeat import report_progress

        self._update(status=self.Status.RUNNING, done=done, total=total)
        report_progress(self.stage)

    def finish(self, *, sha256: str) -> None:
        self._update(
            status=self.Status.READY, done=self.total, sha256=sha256, finished_at=timezone.now()
        )

    def fail(self, reason: str = "") -> None:
        self._update(status=self.Status.FAILED, failure=reason[:300], finished_at=timezone.now())

    def _update(self, **fields: Any) -> None:
        BriefJob.objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)
