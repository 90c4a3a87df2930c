"""What a page says of a piece of background work it waits for (a brief, a scan): finished, or
still queued so long after it was asked for that no worker can be running."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone


class QueuedWork:
    """For a model with `status` (its Status choices having QUEUED, READY and FAILED) and
    `created_at`."""

    # Work still queued this long after it was asked for is waiting for a worker that is not
    # running: its page says so (and how to start one) while it keeps waiting.
    WORKER_EXPECTED_WITHIN = timedelta(seconds=30)

    Status: Any
    status: Any
    created_at: Any

    @property
    def is_waiting_for_worker(self) -> bool:
        return (
            self.status == self.Status.QUEUED
            and timezone.now() - self.created_at > self.WORKER_EXPECTED_WITHIN
        )

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}
