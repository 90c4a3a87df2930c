"""Tasks that the worker tests run through the real worker."""

from __future__ import annotations

import time

from django.tasks import task

from workers import heartbeat
from workers.models import TaskHeartbeat


@task()
def report_and_look(task_id: str) -> dict:
    """Report progress, then say what the heartbeat row holds while the task runs."""
    heartbeat.report_progress("Halfway there")
    beat = TaskHeartbeat.objects.get(task_id=task_id)
    return {"progress": beat.progress, "beat_at": beat.beat_at.isoformat()}


@task()
def take_a_while(seconds: float) -> None:
    time.sleep(seconds)
