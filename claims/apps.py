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
        from factcheck.site_generation import watch_content_models

        checks.register(check_rating_labels)
        watch_content_models()
        register_rulings_source(rulings_tracing_to_series)

        figures_changed.connect(_enqueue_recheck, dispatch_uid="claims_recheck")


# A re-check task names at most this many figures: a change to more (a large import) asks for
# every ruling to be re-checked instead, so that one import queues one task of bounded size.
RECHECK_MAX_FIGURES = 1_000


def _enqueue_recheck(sender, slugs: set[str], **kwargs) -> None:
    from claims.models import Ruling
    from claims.tasks import recheck_claims

    if not Ruling.objects.exists():  # nothing to re-check on a fresh registry import
        return
    if len(slugs) > RECHECK_MAX_FIGURES:
        recheck_claims.enqueue([], every_ruling=True)
    else:
        recheck_claims.enqueue(sorted(slugs))
