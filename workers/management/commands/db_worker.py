"""django-tasks-db's worker, with heartbeats: `manage.py db_worker` runs this one.

Each task it runs has a heartbeat while it runs, and a thread sweeps the queue every
TASK_HEARTBEAT_SECONDS for tasks whose worker stopped (see workers.heartbeat).
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from workers import heartbeat

logger = logging.getLogger(__name__)


class HeartbeatWorker(db_worker.Worker):
    def run(self) -> None:
        threading.Thread(target=self._sweep_forever, name="task-sweeper", daemon=True).start()
        super().run()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with heartbeat.Beating(db_task_result.id, interval=settings.TASK_HEARTBEAT_SECONDS):
            super().run_task(db_task_result)

    def _sweep_forever(self) -> None:
        stop = threading.Event()
        while self.running:
            try:
                heartbeat.sweep()
            except DatabaseError:
                logger.warning("Could not sweep the task queue for stalled tasks", exc_info=True)
                connection.close()
            stop.wait(settings.TASK_HEARTBEAT_SECONDS)


class Command(db_worker.Command):
    help = (
        "Run the background worker on the database queue. Each task it runs has a heartbeat; "
        "tasks whose worker stopped are queued again, then failed (TASK_MAX_ATTEMPTS)."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HeartbeatWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
