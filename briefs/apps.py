from __future__ import annotations

from django.apps import AppConfig


class BriefsConfig(AppConfig):
    """PDF briefs of rulings: typesetting, the cache of stored PDFs, and background jobs."""

    name = "briefs"

    def ready(self) -> None:
        from claims.signals import ruling_published

        ruling_published.connect(_typeset_in_background, dispatch_uid="briefs_typeset")


def _typeset_in_background(sender, ruling, **kwargs) -> None:
    """A published or corrected ruling's brief is typeset by the worker, not by its readers."""
    from briefs.tasks import typeset_claim_brief

    typeset_claim_brief.enqueue(ruling.claim_id)
