from __future__ import annotations

from django.apps import AppConfig


class BriefsConfig(AppConfig):
    """PDF briefs of rulings: typesetting, the cache of stored PDFs, and background jobs."""

    name = "briefs"
