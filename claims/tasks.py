"""Background work: re-checking claims when the figures behind them change."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def recheck_claims(figure_slugs: list[str], *, every_ruling: bool = False) -> int:
    """Re-run the engine on every claim that traces to these figures, to a figure related to
    them (a superseded snapshot, a subset), or to no figure at all (new data may explain it);
    with `every_ruling` (sent when too many figures changed to name them), on every claim.
    A changed proposal is flagged for the editor, never written over the ruling. Returns the
    number of rulings flagged."""
    from claims.checking import check_claim, load_registry
    from claims.models import Ruling
    from datasets.models import FigureRelation
    from workers.heartbeat import report_progress

    slugs = set(figure_slugs)
    related = FigureRelation.objects.filter(
        Q(source__slug__in=slugs) | Q(target__slug__in=slugs)
    ).values_list("source__slug", "target__slug")
    for source, target in related:
        slugs |= {source, target}
    chosen = (
        Ruling.objects.all()
        if every_ruling
        else Ruling.objects.filter(Q(figures__slug__in=slugs) | Q(figures__isnull=True))
    )
    rulings = chosen.select_related("claim").prefetch_related("claim__cited_documents").distinct()
    registry = load_registry()
    flagged = 0
    for done, ruling in enumerate(rulings, 1):
        report_progress(f"Re-checking claim {done}")
        verdict = check_claim(ruling.claim.engine_input(), registry=registry)
        if ruling.apply_recheck(verdict):
            flagged += 1
    logger.info("Re-checked claims after changes to %d figure(s): %d flagged", len(slugs), flagged)
    return flagged
