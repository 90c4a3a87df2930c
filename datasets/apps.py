from __future__ import annotations

from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "datasets"
    verbose_name = "Source registry"

    def ready(self) -> None:
        from datasets import signals  # noqa: F401  (connects the receivers)
