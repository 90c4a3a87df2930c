from __future__ import annotations

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    """The background worker: task heartbeats, and stalled tasks requeued or failed."""

    name = "workers"
