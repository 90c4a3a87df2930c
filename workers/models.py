"""A background task's heartbeat: the last sign of life of the worker running it, and how far
the task says it has got."""

from __future__ import annotations

from django.db import models


class TaskHeartbeat(models.Model):
    """One per task that a worker has started (the task queue's row has the same id). The worker
    running the task writes `beat_at` every few seconds while it runs; the task writes `progress`
    as it goes. A running task whose heartbeat is old has lost its worker."""

    task_id = models.UUIDField(primary_key=True)
    beat_at = models.DateTimeField(help_text="The worker's last sign of life.")
    progress = models.CharField(max_length=200, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    requeues = models.PositiveIntegerField(
        default=0, help_text="How many times the task was started again after its worker stopped."
    )

    def __str__(self) -> str:
        return f"task {self.task_id}: {self.progress or 'running'} ({self.beat_at:%H:%M:%S})"
