"""Heartbeats of running tasks, and what becomes of a task whose worker stopped.

The worker (`manage.py db_worker`, this app's version of django-tasks-db's command) writes a
heartbeat for the task it runs as soon as it starts it, then every TASK_HEARTBEAT_SECONDS from a
separate thread, so that a task busy in one long step (typesetting a brief of fifty claims) still
shows that its worker is alive. The task says how far it has got with `report_progress()`.

A worker killed mid-task (SIGKILL, an out-of-memory kill, a lost machine) stops beating and
leaves its task RUNNING. `sweep()` finds such tasks, those whose last sign of life (the last
heartbeat, or the start when there was none) is older than TASK_STALLED_SECONDS, whatever their
age: it puts each back in the queue, and fails it once it has been started TASK_MAX_ATTEMPTS
times, with the reason. Every worker sweeps every TASK_HEARTBEAT_SECONDS; `manage.py
requeue_stalled` sweeps once, for a scheduler or by hand. A task that is started again runs from
its beginning, so tasks must be safe to run twice (ours are: a brief is stored by its content, a
re-check flags and never rewrites).

A task that hangs without dying keeps beating; stopping those is not the heartbeat's job.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from workers.models import TaskHeartbeat

logger = logging.getLogger(__name__)

# The exception class a failed task names when its worker stopped rather than it raising.
WORKER_LOST = "workers.heartbeat.WorkerLost"
# Progress is written at most this often; the heartbeat thread writes the latest in between.
PROGRESS_EVERY_SECONDS = 1.0


def stalled_after() -> timedelta:
    return timedelta(seconds=settings.TASK_STALLED_SECONDS)


# --- the task being run by this process


@dataclass
class _Running:
    task_id: str
    progress: str = ""
    progress_at: datetime | None = None
    written_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


_running: _Running | None = None


def report_progress(text: str) -> None:
    """Say how far the task this worker is running has got ("Setting claim 19 of 50"). Does
    nothing outside a worker (tests, the immediate backend)."""
    running = _running
    if running is None:
        return
    with running.lock:
        running.progress = text[:200]
        running.progress_at = timezone.now()
        due = time.monotonic() - running.written_at >= PROGRESS_EVERY_SECONDS
    if due:
        _write(running)


def _write(running: _Running) -> None:
    with running.lock:
        running.written_at = time.monotonic()
        fields = {
            "beat_at": timezone.now(),
            "progress": running.progress,
            "progress_at": running.progress_at,
        }
    try:
        if not TaskHeartbeat.objects.filter(task_id=running.task_id).update(**fields):
            TaskHeartbeat.objects.get_or_create(task_id=running.task_id, defaults=fields)
    except DatabaseError:
        # A lost connection: say so and try again at the next beat, on a new connection.
        logger.warning("Could not write the heartbeat of task %s", running.task_id, exc_info=True)
        connection.close()


class Beating:
    """While in this block, the task `task_id` has a heartbeat: written at once, then every
    `interval` seconds from a thread; the heartbeat row is removed at the end."""

    def __init__(self, task_id: str, *, interval: float) -> None:
        self.running = _Running(task_id=str(task_id))
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="task-heartbeat", daemon=True)

    def __enter__(self) -> Beating:
        global _running
        _write(self.running)
        _running = self.running
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        global _running
        _running = None
        self.stopped.set()
        self.thread.join(timeout=self.interval + 5)
        try:
            TaskHeartbeat.objects.filter(task_id=self.running.task_id).delete()
        except DatabaseError:
            logger.warning("Could not remove the heartbeat of task %s", self.running.task_id)

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                _write(self.running)
        finally:
            connection.close()


# --- finding tasks whose worker stopped


def last_sign_of_life(task: DBTaskResult, beat: TaskHeartbeat | None) -> datetime:
    """When the task last showed it was being worked on: its last heartbeat, else its start."""
    moments = [task.started_at or task.enqueued_at]
    if beat is not None:
        moments.append(beat.beat_at)
    return max(moments)


@dataclass
class Sweep:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def sweep(*, now: datetime | None = None) -> Sweep:
    """Requeue every RUNNING task whose worker has shown no sign of life for longer than
    TASK_STALLED_SECONDS, or fail it once it has been started TASK_MAX_ATTEMPTS times."""
    now = now or timezone.now()
    cutoff = now - stalled_after()
    result = Sweep()
    with transaction.atomic():
        running = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            # Another worker sweeping at the same moment skips what this one holds.
            .select_for_update(skip_locked=True)
        )
        beats = TaskHeartbeat.objects.in_bulk([task.id for task in running])
        for task in running:
            beat = beats.get(task.id)
            last = last_sign_of_life(task, beat)
            if last >= cutoff:
                continue
            attempts = len(task.worker_ids)
            if attempts >= settings.TASK_MAX_ATTEMPTS:
                _fail(task, now=now, last=last, attempts=attempts)
                TaskHeartbeat.objects.filter(task_id=task.id).delete()
                result.failed.append(str(task.id))
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                TaskHeartbeat.objects.update_or_create(
                    task_id=task.id,
                    defaults={"beat_at": last, "requeues": (beat.requeues if beat else 0) + 1},
                )
                result.requeued.append(str(task.id))
    for task_id in result.requeued:
        logger.warning("Task %s lost its worker: queued again", task_id)
    for task_id in result.failed:
        logger.error("Task %s lost its worker too many times: failed", task_id)
    return result


def _fail(task: DBTaskResult, *, now: datetime, last: datetime, attempts: int) -> None:
    task.status = TaskResultStatus.FAILED
    task.finished_at = now
    task.return_value = None
    task.exception_class_path = WORKER_LOST
    task.traceback = (
        f"The worker running this task stopped (no sign of life since "
        f"{last:%Y-%m-%d %H:%M:%S %Z}), {attempts} time(s) out of {attempts}; "
        f"it was not started again."
    )
    task.save(
        update_fields=[
            "status",
            "finished_at",
            "return_value",
            "exception_class_path",
            "traceback",
        ]
    )
    transaction.on_commit(partial(_announce_failure, task))


def _announce_failure(task: DBTaskResult) -> None:
    """Tell receivers of the tasks framework's task_finished, as the worker does for a task
    that raised, so that what waits on the task (a brief's job) learns it failed."""
    try:
        backend = type(task.task.get_backend())
        result = task.task_result
    except ImportError:
        logger.exception("Task %s names a task that no longer exists", task.id)
        return
    task_finished.send(sender=backend, task_result=result)


# --- what a page says of a task


@dataclass(frozen=True)
class TaskState:
    """A task as the page waiting on it tells it: `state` is "queued" (no worker has started it),
    "running", "stalled" (its worker stopped; it will be started again), "retrying" (queued again
    after its worker stopped), "failed" or "finished"."""

    state: str
    attempt: int
    max_attempts: int
    queued_at: datetime | None = None
    last_sign_of_life: datetime | None = None
    progress: str = ""
    progress_at: datetime | None = None
    reason: str = ""

    @property
    def will_retry(self) -> bool:
        return self.attempt < self.max_attempts


def task_state(task_id: Any, *, now: datetime | None = None) -> TaskState | None:
    """The state of a queued task, in two queries; None when the queue has no such task."""
    try:
        task_uuid = uuid.UUID(str(task_id))
    except ValueError:  # no task, or one another backend ran (the tests' immediate backend)
        return None
    task = DBTaskResult.objects.filter(pk=task_uuid).first()
    if task is None:
        return None
    beat = TaskHeartbeat.objects.filter(task_id=task.id).first()
    now = now or timezone.now()
    common: dict[str, Any] = {
        "attempt": len(task.worker_ids),
        "max_attempts": settings.TASK_MAX_ATTEMPTS,
        "queued_at": task.enqueued_at,
        "progress": beat.progress if beat else "",
        "progress_at": beat.progress_at if beat else None,
    }
    if task.status == TaskResultStatus.READY:
        state = "retrying" if beat and beat.requeues else "queued"
        return TaskState(state, **common)
    if task.status == TaskResultStatus.RUNNING:
        last = last_sign_of_life(task, beat)
        state = "stalled" if now - last > stalled_after() else "running"
        return TaskState(state, last_sign_of_life=last, **common)
    if task.status == TaskResultStatus.FAILED:
        reason = (
            task.traceback
            if task.exception_class_path == WORKER_LOST
            else "The task stopped with an error; the worker's log has the details."
        )
        return TaskState("failed", reason=reason, **common)
    return TaskState("finished", **common)
