"""What researchers and the public see of the registry: all public and read-only."""

from __future__ import annotations

import csv
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from datasets.forms import DocumentFilterForm, SeriesFilterForm, SeriesView
from datasets.http import HtmxHttpRequest
from datasets.models import Category, Document, Figure, LayTerm, Series, SeriesRow, Unit
from datasets.permalinks import permalink
from datasets.series_links import rulings_tracing_to, series_url
from datasets.templatetags.registry import as_of_display, figure_value, number


@require_safe
@vary_on_headers("HX-Request")
def document_list(request: HtmxHttpRequest) -> HttpResponse:
    """Public: documents filtered by agency, kind and year, narrowed as the researcher types."""
    filters = DocumentFilterForm(request.GET).filters()
    documents = Document.objects.matching(filters).with_figure_count().order_by("-date", "slug")

    page = Paginator(documents, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query_string": _query_string(filters),
        "selects": _filter_selects(filters),
    }
    template = "datasets/document_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _filter_selects(filters: dict[str, str]) -> list[dict[str, object]]:
    """The sources list's dropdowns, each with its options and the one selected."""
    agencies = Document.objects.order_by("agency").values_list("agency", flat=True).distinct()
    years = (
        Document.objects.filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [
        {
            "name": name,
            "label": label,
            "everything": everything,
            "options": options,
            "selected": filters.get(name, ""),
        }
        for name, label, everything, options in (
            ("agency", "Agency", "All agencies", [(agency, agency) for agency in agencies]),
            ("kind", "Kind", "All kinds", Document.Kind.choices),
            ("year", "Year", "All years", [(str(year), str(year)) for year in years]),
        )
    ]


def _query_string(filters: dict[str, str]) -> str:
    return urlencode({k: v for k, v in filters.items() if v})


@require_safe
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: one document and every figure it holds."""
    document = get_object_or_404(Document, slug=slug)
    figures = document.figures.select_related("category").order_by("-value", "slug")
    return render(
        request, "datasets/document_detail.html", {"document": document, "figures": figures}
    )


@require_safe
def figure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the permalink of one figure with what it counts and how it relates to others."""
    figure = get_object_or_404(Figure.objects.with_related().with_relations(), slug=slug)
    relations = sorted(
        figure.related_figures(),
        key=lambda pair: (RELATION_ORDER.get(pair[0], 99), pair[1].slug),
    )
    return render(
        request,
        "datasets/figure_detail.html",
        {
            "figure": figure,
            "relations": relations,
            "citation": citation(figure),
            "series_rows": same_measure_rows(figure),
        },
    )


def same_measure_rows(figure: Figure) -> list[dict[str, object]]:
    """The rows of official series that state the figure's measure, side by side: the rows it
    restates (`restated`), then the other series' national rows of its category for exactly its
    period, each with how it differs from the figure. Two queries."""
    restated = list(figure.series_rows.select_related("series").order_by("series__slug"))
    others: list[SeriesRow] = []
    if figure.period_start and figure.period_end:
        others = list(
            SeriesRow.objects.filter(
                series__category_id=figure.category_id,
                period_start=figure.period_start,
                period_end=figure.period_end,
                geo="",
                breakdown_key="",
            )
            .exclude(pk__in=[row.pk for row in restated])
            .select_related("series")
            .order_by("series__slug")
        )
    return [
        {
            "row": row,
            "restated": row in restated,
            "difference": _difference(figure.value, row.value),
            "url": series_url(row.series.slug, [(row.period_start, row.period_end, row.geo)]),
        }
        for row in [*restated, *others]
    ]


RELATION_ORDER = {
    "superseded by": 0,
    "supersedes": 1,
    "same measure as": 2,
    "subset of": 3,
    "includes": 4,
    "disjoint with": 5,
    "conflicts with": 6,
    "derived from": 7,
    "used to derive": 8,
    "related to": 9,
}


def citation(figure: Figure) -> str:
    """How a researcher cites the figure: publisher, title, reference, date, value, permalink.

    The permalink is the public one (SITE_URL), whatever host the page was reached through.
    """
    document = figure.document
    parts = [document.agency, f"“{document.title}”"]
    if document.report_number:
        parts.append(document.report_number)
    parts.append(document.date_display)
    if figure.page:
        parts.append(f"p. {figure.page}")
    statement = f"{figure_value(figure)} ({figure.category.label.lower()})"
    if as_of := as_of_display(figure):
        statement += f", as of {as_of}"
    accessed = timezone.localdate().strftime("%-d %B %Y")
    return f"{', '.join(parts)}. {statement}. {permalink(figure)} (accessed {accessed})."


@require_safe
def category_list(request: HttpRequest) -> HttpResponse:
    """Public: the glossary — what figures count (units, with the words a quote may use for
    them), and what each category means, what it does not, and its lay words."""
    categories = Category.objects.select_related("parent").prefetch_related(
        Prefetch("lay_terms", queryset=LayTerm.objects.order_by("asserts_harm", "term")),
        Prefetch(
            "figures",
            queryset=Figure.objects.select_related("document").order_by("-value", "slug"),
        ),
    )
    return render(
        request,
        "datasets/category_list.html",
        {"categories": categories, "units": Unit.objects.order_by("label", "slug")},
    )


CSV_COLUMNS = [
    ("id", lambda f: f.slug),
    ("kind", lambda f: f.kind),
    ("value", lambda f: number(f.value).replace(",", "")),
    ("qualifier", lambda f: f.qualifier),
    ("unit", lambda f: f.unit),
    ("category", lambda f: f.category.slug),
    ("category_label", lambda f: f.category.label),
    ("population", lambda f: f.population),
    ("period", lambda f: f.period_text),
    ("period_start", lambda f: f.period_start or ""),
    ("period_end", lambda f: f.period_end or ""),
    ("as_of", lambda f: f.as_of_text),
    ("as_of_date", lambda f: f.as_of or ""),
    ("confidence", lambda f: f.confidence),
    ("document", lambda f: f.document.slug),
    ("document_title", lambda f: f.document.title),
    ("agency", lambda f: f.document.agency),
    ("report_number", lambda f: f.document.report_number),
    ("document_date", lambda f: f.document.date or ""),
    ("page", lambda f: f.page),
    ("quote", lambda f: f.quote),
    ("url", lambda f: f.document.url),
    ("permalink", permalink),
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_CHUNK_ROWS = 2_000


@require_safe
def figures_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Public: every figure with its document and category, for spreadsheets. Streamed: the
    figures are read CSV_CHUNK_ROWS at a time (one query, a server-side cursor on PostgreSQL)
    and each chunk is written out as it comes, so memory stays flat and the first bytes leave
    at once, however many figures there are."""
    figures = Figure.objects.with_related().order_by("slug")
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow([name for name, _ in CSV_COLUMNS])
        chunk: list[str] = []
        for figure in figures.iterator(chunk_size=CSV_CHUNK_ROWS):
            chunk.append(
                writer.writerow([spreadsheet_safe(get(figure)) for _, get in CSV_COLUMNS])
            )
            if len(chunk) == CSV_CHUNK_ROWS:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="figures.csv"'
    return response


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: for load balancers; answers only whether the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
def series_list(request: HttpRequest) -> HttpResponse:
    """Public (anonymous visitors, journalists, editors, researchers): every data series with its
    publisher, unit, the period its rows cover and how many rows it has. One query."""
    series = Series.objects.with_coverage().order_by("category__label", "title")
    return render(request, "datasets/series_list.html", {"series_list": series})


def _series_page(request: HttpRequest, slug: str) -> tuple[Series, SeriesFilterForm, SeriesView]:
    series = get_object_or_404(
        Series.objects.select_related("unit", "category", "document"), slug=slug
    )
    states = list(
        series.rows.exclude(geo="").order_by("geo").values_list("geo", flat=True).distinct()
    )
    form = SeriesFilterForm(request.GET, states=states)
    return series, form, form.view()


def _shown_rows(series: Series, view: SeriesView) -> list[SeriesRow]:
    return list(series.rows.within(start=view.start, end=view.end, geo=view.geo))


@require_safe
@vary_on_headers("HX-Request")
def series_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Public (anonymous visitors, journalists, editors, researchers): a series, what it counts
    and does not, a chart and the table of its rows, filtered by period and state (the chart and
    table update together; htmx swaps them, a plain GET form and links work without it), rows
    named by `mark` highlighted, the figures that restate its rows, the rulings that trace to it,
    a CSV download of what is shown and a citation. A fixed number of queries whatever the rows.
    """
    from datasets.charts import series_chart_svg  # matplotlib loads only where charts are drawn

    series, form, view = _series_page(request, slug)
    rows = _shown_rows(series, view)
    restated: dict[int, list[Figure]] = {}
    links = SeriesRow.figures.through.objects.filter(seriesrow__series=series).select_related(
        "figure__document"
    )
    for link in links.order_by("figure__slug"):
        restated.setdefault(link.seriesrow_id, []).append(link.figure)
    table = [
        {
            "row": row,
            "marked": (row.period_start, row.period_end, row.geo) in view.marks,
            "figures": restated.get(row.pk, []),
        }
        for row in rows
    ]
    query = view.query()
    context = {
        "series": series,
        "form": form,
        "view": view,
        "table": table,
        "chart": series_chart_svg(series, rows, marked=view.marks),
        "restating": [
            {"row": row, "figure": figure, "difference": _difference(figure.value, row.value)}
            for row in rows
            for figure in restated.get(row.pk, [])
        ],
        "rulings": rulings_tracing_to(series, request.user),
        "csv_url": reverse("series_csv", args=[series.slug]) + (f"?{query}" if query else ""),
        "citation": series_citation(series, view),
        "marked_count": sum(1 for entry in table if entry["marked"]),
    }
    template = "datasets/series_detail.html"
    if request.htmx:
        template += "#series-view"
    return render(request, template, context)


def _difference(figure_value: Decimal, row_value: Decimal) -> str:
    """How a figure that restates a row differs from it, in words ("" when it agrees)."""
    gap = figure_value - row_value
    if not gap:
        return ""
    return f"the figure is {number(abs(gap))} {'higher' if gap > 0 else 'lower'}"


def series_citation(series: Series, view: SeriesView) -> str:
    """How a researcher cites the series (with the filter shown): publisher, title, source,
    permalink, date accessed."""
    path = series.get_absolute_url()
    if query := view.query():
        path += f"?{query}"
    accessed = timezone.localdate().strftime("%-d %B %Y")
    return (
        f"{series.publisher}, “{series.title}”. {series.unit_text}. "
        f"{permalink(path)} (accessed {accessed})."
    )


SERIES_CSV_COLUMNS = [
    ("series", lambda r: r.series.slug),
    ("period", lambda r: r.period_text),
    ("period_start", lambda r: r.period_start),
    ("period_end", lambda r: r.period_end),
    ("partial", lambda r: r.partial),
    ("geo", lambda r: r.geo),
    ("breakdown", lambda r: r.breakdown_key),
    ("qualifier", lambda r: r.qualifier),
    ("value", lambda r: number(r.value).replace(",", "")),
    ("source", lambda r: r.source or r.series.source),
    ("source_url", lambda r: r.source_url or r.series.source_url),
    ("notes", lambda r: r.notes),
]


@require_safe
def series_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Public (as the series page): the rows the series page shows for the same filter, as CSV."""
    series, _form, view = _series_page(request, slug)
    rows = _shown_rows(series, view)
    writer = csv.writer(_Echo())
    lines = [writer.writerow([name for name, _ in SERIES_CSV_COLUMNS])]
    for row in rows:
        row.series = series
        cells = [spreadsheet_safe(get(row)) for _, get in SERIES_CSV_COLUMNS]
        lines.append(writer.writerow(cells))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{series.slug}.csv"'
    return response
