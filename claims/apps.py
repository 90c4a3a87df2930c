from __future__ import annotations

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"

    def ready(self) -> None:
        from django.core import checks

        from claims.checks import check_rating_labels
        from claims.series import rulings_tracing_to_series
        from datasets.series_links import register_rulings_source
        from datasets.signals import figures_changed

        checks.register(check_rating_labels)
        register_rulings_source(rulings_tracing_to_series)

        figures_changed.connect(_enqueue_recheck, dispatch_uid="claims_recheck")


def _enqueue_recheck(sender, slugs: set[str], **kwargs) -> None:
    from claims.models import Ruling
    from claims.tasks import recheck_claims

    if Ruling.objects.exists():  # nothing to re-check on a fresh registry import
        recheck_claims.enqueue(sorted(slugs))
