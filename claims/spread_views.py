"""The spread pages: a figure's or a series row's timeline, a claim's family, and /spread/.

All are GET pages open to everyone (anonymous visitors, journalists, editors, researchers,
admins); what each lists follows `Claim.objects.visible_to` (see claims.spread), and /spread/
counts published rulings only. Each runs a fixed number of queries whatever the claims.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from claims import spread
from claims.views import visible_claim
from datasets.forms import MARK
from datasets.models import Figure, Series
from datasets.series_links import mark_value, series_url
from datasets.templatetags.registry import figure_value_with_unit


@require_safe
@vary_on_headers("Cookie")
def figure_spread(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone: the claims the reader may see that trace to the figure, over time."""
    from claims.spread_chart import timeline_chart_svg

    figure = get_object_or_404(Figure.objects.with_related(), slug=slug)
    timeline = spread.figure_timeline(figure, request.user)
    title = f"How {figure_value_with_unit(figure)} ({figure.document.short_name}) was quoted"
    return render(
        request,
        "spread/timeline.html",
        {
            "title": title,
            "figure": figure,
            "timeline": timeline,
            "chart": timeline_chart_svg(timeline, title=title),
            "all_claims_url": f"{reverse('claim_list')}?document={figure.document.slug}",
            "back_url": figure.get_absolute_url(),
            "back_label": "the figure",
            "against": "the figure",
        },
    )


ROW_HELP = "Name a row as ?row=YYYY-MM-DD/YYYY-MM-DD, with /State for a state's row."


@require_safe
@vary_on_headers("Cookie")
def row_spread(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone: the claims the reader may see that trace to one row of a series (the row
    itself, or a figure that restates it), over time. The row is named as the series page's
    `mark` names it: `?row=2013-10-01/2014-09-30` (with `/State` for a state's row)."""
    from claims.spread_chart import timeline_chart_svg

    series = get_object_or_404(Series.objects.select_related("unit", "category"), slug=slug)
    wanted = request.GET.get("row", "")
    match = MARK.match(wanted)
    start = end = None
    if match:
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            start = end = None
    if start is None or end is None:
        shown = wanted[:60]
        message = f"“{shown}” does not name a row. {ROW_HELP}" if shown else ROW_HELP
        return render(
            request,
            "spread/row_error.html",
            {"series": series, "message": message},
            status=400,
        )
    geo = match[3] or "" if match else ""
    row = (
        series.rows.filter(period_start=start, period_end=end, geo=geo, breakdown_key="")
        .order_by("pk")
        .first()
    )
    if row is None:
        return render(
            request,
            "spread/row_error.html",
            {
                "series": series,
                "message": (
                    f"The series has no row for {start.isoformat()} to {end.isoformat()}"
                    f"{f' in {geo}' if geo else ''}. {ROW_HELP}"
                ),
            },
            status=404,
        )
    timeline = spread.row_timeline(series, row, request.user)
    where = f", {row.geo}" if row.geo else ""
    title = f"How {series.title}, {row.period_text}{where}, was quoted"
    return render(
        request,
        "spread/timeline.html",
        {
            "title": title,
            "series": series,
            "row": row,
            "timeline": timeline,
            "chart": timeline_chart_svg(timeline, title=title),
            "back_url": series_url(series.slug, [(row.period_start, row.period_end, row.geo)]),
            "back_label": "the row in its series",
            "against": "the row",
            "row_mark": mark_value(row.period_start, row.period_end, row.geo),
        },
    )


@require_safe
def claim_family(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone for published claims; authors, editors and researchers for drafts (as the
    claim page): the earlier and later claims the reader may see that trace to its figures."""
    claim = visible_claim(request, pk)
    family = spread.claim_family(claim, request.user)
    return render(request, "spread/family.html", {"claim": claim, "family": family})


@require_safe
def spread_list(request: HttpRequest) -> HttpResponse:
    """Public (everyone alike): the figures most often misquoted in published rulings, with the
    size of the distortion, a page at a time."""
    ranking = spread.ranking()
    page = Paginator(ranking.tallies, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spread/list.html",
        {
            "ranking": ranking,
            "page": page,
            "entries": spread.with_figures(list(page.object_list)),
            "query_string": "",
        },
    )
