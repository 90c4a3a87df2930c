"""A task carries a heartbeat while a worker runs it. A worker killed mid-task (simulated here by
a RUNNING row whose heartbeat is old) has its task queued again, at most TASK_MAX_ATTEMPTS times,
then failed with the reason; the brief's page says which of these is true."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from briefs.models import BriefJob
from workers import heartbeat
from workers.management.commands.db_worker import HeartbeatWorker
from workers.models import TaskHeartbeat

pytestmark = pytest.mark.django_db


def queued_task(task_path: str, *args, **fields) -> DBTaskResult:
    values = {
        "args_kwargs": {"args": list(args), "kwargs": {}},
        "task_path": task_path,
        "backend_name": "default",
        "queue_name": "default",
        "run_after": get_date_max(),
        "exception_class_path": "",
        "traceback": "",
    }
    return DBTaskResult.objects.create(**(values | fields))


def running(task: DBTaskResult, *, worker: str, started: timedelta, beat: timedelta | None):
    """The task as a worker leaves it when it is killed: RUNNING, started `started` ago, last
    heartbeat `beat` ago (None: killed before its first)."""
    now = timezone.now()
    task.status = TaskResultStatus.RUNNING
    task.started_at = now - started
    task.worker_ids = [*task.worker_ids, worker]
    task.save()
    if beat is not None:
        TaskHeartbeat.objects.update_or_create(task_id=task.id, defaults={"beat_at": now - beat})
    return task


@pytest.fixture
def brief_job(editor):
    job = BriefJob.objects.create(
        requested_by=editor, title="Fifty claims", claim_ids=list(range(1, 51)), total=51
    )
    task = queued_task("briefs.tasks.make_brief", str(job.pk))
    BriefJob.objects.filter(pk=job.pk).update(task_id=str(task.id))
    job.refresh_from_db()
    return job, task


def page(client, job) -> str:
    return client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()


def test_a_task_whose_worker_was_killed_is_queued_again_then_failed(
    settings, brief_job, django_capture_on_commit_callbacks
):
    settings.TASK_MAX_ATTEMPTS = 3
    job, task = brief_job
    running(task, worker="w1", started=timedelta(minutes=5), beat=timedelta(minutes=2))

    first = heartbeat.sweep()
    task.refresh_from_db()
    assert first.requeued == [str(task.id)]
    assert task.status == TaskResultStatus.READY
    assert task.started_at is None
    assert TaskHeartbeat.objects.get(task_id=task.id).requeues == 1

    running(task, worker="w2", started=timedelta(minutes=1), beat=timedelta(seconds=50))
    assert heartbeat.sweep().requeued == [str(task.id)]
    running(task, worker="w3", started=timedelta(minutes=1), beat=None)
    with django_capture_on_commit_callbacks(execute=True):
        third = heartbeat.sweep()

    task.refresh_from_db()
    job.refresh_from_db()
    assert third.failed == [str(task.id)]
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == heartbeat.WORKER_LOST
    assert "3 time(s)" in task.traceback
    assert job.status == BriefJob.Status.FAILED
    assert "worker stopped" in job.failure


def test_stalled_is_measured_from_the_last_heartbeat_not_from_creation(settings, brief_job):
    settings.TASK_STALLED_SECONDS = 30
    _, task = brief_job
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(hours=2))
    running(task, worker="w1", started=timedelta(hours=1), beat=timedelta(seconds=5))
    fresh_start = running(
        queued_task("briefs.tasks.make_brief", "x"),
        worker="w1",
        started=timedelta(seconds=10),
        beat=None,
    )
    no_heartbeat = running(
        queued_task("briefs.tasks.make_brief", "y"),
        worker="w1",
        started=timedelta(seconds=40),
        beat=None,
    )

    result = heartbeat.sweep()

    assert result.requeued == [str(no_heartbeat.id)]
    assert heartbeat.task_state(task.id).state == "running"
    assert heartbeat.task_state(fresh_start.id).state == "running"


def test_the_page_of_a_long_job_that_is_progressing_shows_its_last_progress(
    client, editor, brief_job
):
    job, task = brief_job
    BriefJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(hours=1), status="running", done=18
    )
    running(task, worker="w1", started=timedelta(minutes=50), beat=timedelta(seconds=4))
    TaskHeartbeat.objects.filter(task_id=task.id).update(
        progress="Setting claim 19 of 50", progress_at=timezone.now() - timedelta(seconds=4)
    )
    client.force_login(editor)
    text = page(client, job)

    assert "Setting claim 19 of 50" in text
    assert "Last progress at" in text
    assert "Stalled" not in text
    assert 'hx-trigger="every 1s"' in text


def test_the_page_says_a_job_is_stalled_within_a_minute_of_its_worker_dying(
    client, settings, editor, brief_job
):
    settings.TASK_STALLED_SECONDS = 30
    job, task = brief_job
    BriefJob.objects.filter(pk=job.pk).update(status="running", done=18)
    running(task, worker="w1", started=timedelta(seconds=50), beat=timedelta(seconds=40))
    TaskHeartbeat.objects.filter(task_id=task.id).update(progress="Setting claim 19 of 50")
    client.force_login(editor)
    text = page(client, job)

    assert "Stalled" in text
    assert "“Setting claim 19 of 50”" in text
    assert "It will be started again (attempt 2 of 3)" in text
    assert 'hx-trigger="every 1s"' in text

    heartbeat.sweep()
    text = page(client, job)
    assert "queued again (attempt 2 of 3)" in text


def test_the_page_says_why_a_job_failed_and_stops_polling(
    client, settings, editor, brief_job, django_capture_on_commit_callbacks
):
    settings.TASK_MAX_ATTEMPTS = 1
    job, task = brief_job
    running(task, worker="w1", started=timedelta(minutes=3), beat=timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        heartbeat.sweep()
    client.force_login(editor)
    text = page(client, job)

    assert "The brief could not be made" in text
    assert "worker stopped" in text
    assert "hx-trigger" not in text


def test_requeue_stalled_sweeps_once_and_says_what_it_did(capsys, brief_job):
    _, task = brief_job
    running(task, worker="w1", started=timedelta(minutes=5), beat=timedelta(minutes=5))
    call_command("requeue_stalled")
    out = capsys.readouterr().out
    assert f"Queued again: {task.id}" in out
    assert "1 queued again, 0 failed" in out


def worker() -> HeartbeatWorker:
    return HeartbeatWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_the_worker_gives_the_task_it_runs_a_heartbeat_and_removes_it_after(monkeypatch):
    monkeypatch.setattr(heartbeat, "PROGRESS_EVERY_SECONDS", 0)
    task_id = uuid.uuid4()
    task = queued_task("tests.workers.sample_tasks.report_and_look", str(task_id), id=task_id)
    task.claim("test-worker")

    worker().run_task(task)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert task.return_value["progress"] == "Halfway there"
    assert not TaskHeartbeat.objects.filter(task_id=task.id).exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_a_long_step_runs(settings, monkeypatch):
    settings.TASK_HEARTBEAT_SECONDS = 0.05
    beats: list = []
    write = heartbeat._write

    def recording(running_task):
        write(running_task)
        beats.append(time.monotonic())

    monkeypatch.setattr(heartbeat, "_write", recording)
    task = queued_task("tests.workers.sample_tasks.take_a_while", 0.5)
    task.claim("test-worker")

    worker().run_task(task)

    assert len(beats) >= 4  # one at the start, then one every 0.05 s of the half second
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
