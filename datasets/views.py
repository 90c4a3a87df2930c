"""What researchers and the public see of the registry: all public and read-only."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from datasets.forms import DocumentFilterForm
from datasets.http import HtmxHttpRequest
from datasets.models import Category, Document, Figure, LayTerm, Unit
from datasets.permalinks import permalink
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
        },
    )


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


@require_safe
def figures_csv(request: HttpRequest) -> HttpResponse:
    """Public: every figure with its document and category, for spreadsheets."""
    figures = Figure.objects.with_related().order_by("slug")
    writer = csv.writer(_Echo())
    rows = [writer.writerow([name for name, _ in CSV_COLUMNS])]
    rows += [
        writer.writerow([spreadsheet_safe(get(figure)) for _, get in CSV_COLUMNS])
        for figure in figures
    ]
    response = HttpResponse("".join(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="figures.csv"'
    return response


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: for load balancers; answers only whether the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
