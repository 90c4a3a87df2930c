from __future__ import annotations

from django.apps import AppConfig


class ScansConfig(AppConfig):
    """Scans: a transcript or article read for checkable numbers, and its candidates."""

    name = "scans"
