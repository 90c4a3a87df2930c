"""Queue again the tasks whose worker stopped; fail those started too often.

Every `db_worker` does this on its own every few seconds; this command is for a scheduler, or to
see at once what a dead worker left behind.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from workers.heartbeat import sweep


class Command(BaseCommand):
    help = (
        "Queue again every running task whose worker has shown no sign of life for "
        "TASK_STALLED_SECONDS; fail it once it has been started TASK_MAX_ATTEMPTS times."
    )

    def handle(self, *args, verbosity: int, **options) -> None:
        result = sweep()
        if verbosity > 0:
            for task_id in result.requeued:
                self.stdout.write(f"Queued again: {task_id}")
            for task_id in result.failed:
                self.stdout.write(f"Failed (its worker stopped too often): {task_id}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(result.requeued)} queued again, {len(result.failed)} failed"
                )
            )
