"""Background work: re-checking claims when the figures behind them change."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.tasks import task

logger = logging.getLogger(__name__)

# Rulings are read and re-checked this many at a time.
RECHECK_CHUNK = 500


@task()
def recheck_claims(figure_slugs: list[str], *, every_ruling: bool = False) -> int:
    """Re-run the engine on the claims a change to these figures can alter: those that trace to
    them or to a figure related to them (a superseded snapshot, a subset), and those that trace
    to nothing but have a number one of them can now explain or a finding that names one of
    them (claims/recheck.py); with `every_ruling` (sent when too many figures changed to name
    them), on every claim. The registry is the shared copy of the current generation, not
    loaded again. A changed proposal is flagged for the editor, never written over the ruling.
    Returns the number of rulings flagged."""
    from claims.checking import check_claim, current_registry
    from claims.models import Ruling
    from claims.recheck import could_explain, names_a_figure, reachable_values
    from datasets.models import FigureRelation
    from workers.heartbeat import report_progress

    registry = current_registry()
    slugs = set(figure_slugs)
    if every_ruling:
        chosen = Ruling.objects.all()
    else:
        related = FigureRelation.objects.filter(
            Q(source__slug__in=slugs) | Q(target__slug__in=slugs)
        ).values_list("source__slug", "target__slug")
        for source, target in related:
            slugs |= {source, target}
        traced = set(Ruling.objects.filter(figures__slug__in=slugs).values_list("pk", flat=True))
        values = reachable_values(registry, figure_slugs)
        untraced = Ruling.objects.filter(figures__isnull=True).values_list(
            "pk", "numbers", "findings"
        )
        candidates = {
            pk
            for pk, numbers, findings in untraced
            if could_explain(values, numbers or []) or names_a_figure(findings or [], slugs)
        }
        chosen = Ruling.objects.filter(pk__in=traced | candidates)
    rulings = chosen.select_related("claim").prefetch_related("claim__cited_documents")
    flagged = done = 0
    for ruling in rulings.order_by("pk").iterator(chunk_size=RECHECK_CHUNK):
        done += 1
        report_progress(f"Re-checking claim {done}")
        verdict = check_claim(ruling.claim.engine_input(), registry=registry)
        if ruling.apply_recheck(verdict):
            flagged += 1
    logger.info(
        "Re-checked %d claim(s) after changes to %d figure(s): %d flagged",
        done,
        len(slugs),
        flagged,
    )
    return flagged
