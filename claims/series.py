"""The rulings that trace to a data series, for the series page (registered with
datasets.series_links, since the registry does not import claims).

A ruling traces to a series when it traced rows of the series themselves, or a figure that
restates a row of the series (the rows are then highlighted on the series page through the
link). Two queries whatever the rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from claims.models import Claim, TracedFigure, TracedRow
from datasets.models import Series
from datasets.series_links import TracingRuling, series_url

# The series page lists at most this many rulings, newest first.
LIMIT = 50


def rulings_tracing_to_series(series: Series, user: Any) -> list[TracingRuling]:
    """The claims `user` may read whose ruling traced rows of `series`, or a figure restating a
    row of it, each linked to the series page with those rows highlighted."""
    traces = TracedFigure.objects.filter(figure__series_rows__series=series)
    traced_rows = TracedRow.objects.filter(series=series)
    claims = list(
        Claim.objects.visible_to(user)
        .filter(
            Q(pk__in=traces.values("ruling__claim_id"))
            | Q(pk__in=traced_rows.values("ruling__claim_id"))
        )
        .select_related("ruling")
        .order_by("-said_on", "-pk")[:LIMIT]
    )
    ids = [c.pk for c in claims]
    rows: dict[int, set[tuple[Any, Any, str]]] = {}
    by_figure = (
        traces.filter(ruling__claim_id__in=ids)
        .order_by()
        .values_list(
            "ruling__claim_id",
            "figure__series_rows__period_start",
            "figure__series_rows__period_end",
            "figure__series_rows__geo",
        )
    )
    direct = (
        traced_rows.filter(ruling__claim_id__in=ids)
        .order_by()
        .values_list("ruling__claim_id", "period_start", "period_end", "geo")
    )
    for claim_id, start, end, geo in by_figure.union(direct, all=True).order_by():
        rows.setdefault(claim_id, set()).add((start, end, geo))
    return [
        TracingRuling(
            url=claim.get_absolute_url(),
            quote=claim.text,
            claimant=claim.claimant,
            rating=claim.ruling.get_final_rating_display(),
            rows=sorted(rows.get(claim.pk, ())),
            series_url=series_url(series.slug, sorted(rows.get(claim.pk, ()))),
        )
        for claim in claims
    ]
