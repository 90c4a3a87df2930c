"""The registry as JSON: documents, categories, units, figures and data series, read-only and
public.

Mounted under /api/ by factcheck.urls. Values are strings ("291000", "28.3") so that no precision
is lost on the way, as in the engine's own output. Every list is paginated and runs a fixed
number of queries whatever its length.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator

from datasets.models import Category, Document, Figure, LayTerm, Series, SeriesRow, Unit
from datasets.pagination import (
    COUNT_LIMIT,
    BadCursor,
    Key,
    Ordering,
    bounded_count,
    keyset_page,
    numbered_page,
)
from datasets.permalinks import permalink

router = Router(tags=["registry"])

# Numbered pages are read with OFFSET, so they stop at MAX_PAGE (at most 9,900 items skipped);
# every page beyond is reached by cursor, through the list's index.
MAX_PAGE = 100
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 1_600
CURSOR_PATTERN = r"^[A-Za-z0-9_\-]+$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
SlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=80)]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD is a date here: pydantic alone also reads a number ("0.0") as a
    timestamp, which no reader of the API means."""
    if value is None or isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        return value
    raise ValueError("Give a date as YYYY-MM-DD.")


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class ErrorOut(Schema):
    detail: Any = Field(description="What was wrong: a message, or the invalid fields.")


def oversize_body(request: HttpRequest, limit: int, contents: str) -> JsonResponse | None:
    """A 413 answer when the request says its body is over `limit` bytes, before anything
    reads the body; None otherwise. `contents` says what the body holds at most."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= limit:
        return None
    detail = f"The request body is {length} bytes; the limit is {limit} bytes ({contents})."
    return JsonResponse({"detail": detail}, status=413)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="From 1; beyond, see `cursor`.")
    page_size: int = Field(settings.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR_LENGTH,
        pattern=CURSOR_PATTERN,
        description=f"A page's `next`: the page after it (`page` is then not read). Numbered "
        f"pages stop at {MAX_PAGE}; every page beyond is reached this way. A cursor that is "
        "not one of this list's is 404.",
    )


class Page(Schema):
    count: int = Field(
        description=f"How many items match, on all pages, counted up to {COUNT_LIMIT:,}: when "
        f"more match, `count` is {COUNT_LIMIT:,} and `count_exact` is false."
    )
    count_exact: bool = Field(
        description=f"False when more than `count` ({COUNT_LIMIT:,}) items match; follow `next` "
        "to read them all."
    )
    page: int | None = Field(description="The page's number; null on a page reached by cursor.")
    page_size: int
    next: str | None = Field(
        description="The cursor of the next page (give it as `cursor`); null on the last page."
    )


def paginated(
    queryset: QuerySet, pages: PageQuery, ordering: Ordering, *, narrow: bool = False
) -> dict[str, Any]:
    """One page of `queryset` in `ordering`: two queries (the count, exact up to COUNT_LIMIT,
    and the page) plus its prefetches, however deep the page. A numbered page is read with
    OFFSET, so numbers stop at MAX_PAGE; a cursor page starts after the item its cursor names,
    through the ordering's index (datasets.pagination). `narrow` chooses the page's items
    before reading their rows (datasets.pagination._rows)."""
    size = pages.page_size
    if pages.cursor:
        try:
            page = keyset_page(queryset, ordering, size, after=pages.cursor, narrow=narrow)
        except BadCursor as exc:
            raise HttpError(404, str(exc)) from None
        count = bounded_count(queryset)
        return {
            "count": count.value,
            "count_exact": count.exact,
            "page": None,
            "page_size": size,
            "next": page.next_cursor,
            "items": page.object_list,
        }
    page = numbered_page(queryset, ordering, size, pages.page, narrow=narrow)
    count = bounded_count(queryset)
    return {
        "count": count.value,
        "count_exact": count.exact,
        "page": pages.page,
        "page_size": size,
        "next": page.next_cursor,
        "items": page.object_list,
    }


def plain_number(value: Decimal) -> str:
    """291000.0000 → "291000"; 28.30 → "28.3"."""
    return format(value.normalize(), "f")


class DocumentOut(Schema):
    slug: str
    url: str = Field(description="The document's page on this site.")
    title: str
    agency: str
    kind: str
    report_number: str
    date: datetime.date | None
    date_text: str = Field(description="The date as the source gives it, when it is vague.")
    source_url: str = Field(description="Where the publisher put it.")
    method_published: bool
    tier: int = Field(description="1 independent oversight … 4 secondary reporting.")
    figure_count: int

    @staticmethod
    def resolve_url(document: Document) -> str:
        return permalink(document.get_absolute_url())

    @staticmethod
    def resolve_source_url(document: Document) -> str:
        return document.url


class LayTermOut(Schema):
    term: str
    asserts_harm: bool


class CategoryOut(Schema):
    slug: str
    url: str
    label: str
    means: str
    does_not_mean: str
    parent: str | None = Field(description="The parent category's slug.")
    lay_terms: list[LayTermOut]
    not_counted_terms: list[str] = Field(
        description="Everyday words of what the category does not count, as its does_not_mean "
        "says: a number they describe is not a count of this category."
    )

    @staticmethod
    def resolve_url(category: Category) -> str:
        return permalink(category.get_absolute_url())

    @staticmethod
    def resolve_parent(category: Category) -> str | None:
        return category.parent.slug if category.parent else None

    @staticmethod
    def resolve_lay_terms(category: Category) -> list[LayTerm]:
        return category.pointing_terms

    @staticmethod
    def resolve_not_counted_terms(category: Category) -> list[str]:
        return [term.term for term in category.not_counted_terms]


class UnitOut(Schema):
    slug: str
    label: str
    words: list[str] = Field(
        description="Every word a quote may use for it, lower case: a quoted number is traced "
        "only when it counts one of these (or names nothing)."
    )


class FigureOut(Schema):
    slug: str
    url: str = Field(description="The figure's permalink.")
    kind: str
    value: str = Field(description="A decimal written as a string: no precision is lost.")
    qualifier: str
    unit: str
    category: str
    population: str
    period_text: str
    period_start: datetime.date | None
    period_end: datetime.date | None
    as_of_text: str
    as_of: datetime.date | None
    document: str
    page: str
    quote: str
    confidence: str

    @staticmethod
    def resolve_url(figure: Figure) -> str:
        return permalink(figure.get_absolute_url())

    @staticmethod
    def resolve_value(figure: Figure) -> str:
        return plain_number(figure.value)

    @staticmethod
    def resolve_category(figure: Figure) -> str:
        return figure.category.slug

    @staticmethod
    def resolve_document(figure: Figure) -> str:
        return figure.document.slug


class RelationOut(Schema):
    relation: str = Field(description='Read from this figure: "supersedes", "superseded by"…')
    figure: str


class FigureDetailOut(FigureOut):
    notes: str
    relations: list[RelationOut]

    @staticmethod
    def resolve_relations(figure: Figure) -> list[dict[str, str]]:
        return [
            {"relation": relation, "figure": other.slug}
            for relation, other in figure.related_figures()
        ]


class DocumentPage(Page):
    items: list[DocumentOut]


class CategoryPage(Page):
    items: list[CategoryOut]


class UnitPage(Page):
    items: list[UnitOut]


class FigurePage(Page):
    items: list[FigureOut]


class FigureFilters(Schema):
    category: Slug | None = Field(None, description="A category slug.")
    document: Slug | None = Field(None, description="A document slug.")
    period_from: IsoDate | None = Field(
        None, description="Figures whose period ends on or after this date."
    )
    period_to: IsoDate | None = Field(
        None, description="Figures whose period starts on or before this date."
    )


BY_SLUG = Ordering((Key("slug", "str"),))
DOCUMENT_ORDER = Ordering(
    (Key("date", "date", descending=True, nullable=True), Key("slug", "str"))
)
CATEGORY_ORDER = Ordering((Key("label", "str"), Key("slug", "str")))


def documents() -> QuerySet[Document]:
    return Document.objects.with_figure_count().order_by("-date", "slug")


@router.get("/documents", response={200: DocumentPage, 404: ErrorOut, 422: ErrorOut})
def document_list(request: HttpRequest, pages: Query[PageQuery]) -> dict[str, Any]:
    """Every source document, newest first."""
    return paginated(documents(), pages, DOCUMENT_ORDER)


@router.get("/documents/{slug}", response={200: DocumentOut, 404: ErrorOut, 422: ErrorOut})
def document_detail(request: HttpRequest, slug: SlugPath):
    """One document; its figures are `/api/figures?document=<slug>`."""
    return get_object_or_404(documents(), slug=slug)


def categories() -> QuerySet[Category]:
    return (
        Category.objects.select_related("parent")
        .prefetch_related(
            Prefetch("lay_terms", queryset=LayTerm.objects.order_by("asserts_harm", "term"))
        )
        .order_by("label", "slug")
    )


@router.get("/categories", response={200: CategoryPage, 404: ErrorOut, 422: ErrorOut})
def category_list(request: HttpRequest, pages: Query[PageQuery]) -> dict[str, Any]:
    """What each category of figure counts and does not count, with its everyday words."""
    return paginated(categories(), pages, CATEGORY_ORDER)


@router.get("/categories/{slug}", response={200: CategoryOut, 404: ErrorOut, 422: ErrorOut})
def category_detail(request: HttpRequest, slug: SlugPath):
    return get_object_or_404(categories(), slug=slug)


@router.get("/units", response={200: UnitPage, 404: ErrorOut, 422: ErrorOut})
def unit_list(request: HttpRequest, pages: Query[PageQuery]) -> dict[str, Any]:
    """What figures count (children, calls, letters…), with the words a quote may use for each."""
    return paginated(Unit.objects.all(), pages, BY_SLUG)


@router.get("/figures", response={200: FigurePage, 404: ErrorOut, 422: ErrorOut})
def figure_list(
    request: HttpRequest, filters: Query[FigureFilters], pages: Query[PageQuery]
) -> dict[str, Any]:
    """Figures, filtered by category, document and period. A period filter keeps the figures
    whose period overlaps it (figures without a known period are left out)."""
    figures = Figure.objects.with_related().order_by("slug")
    if filters.category:
        figures = figures.filter(category__slug=filters.category)
    if filters.document:
        figures = figures.filter(document__slug=filters.document)
    if filters.period_from:
        figures = figures.filter(period_end__gte=filters.period_from)
    if filters.period_to:
        figures = figures.filter(period_start__lte=filters.period_to)
    return paginated(figures, pages, BY_SLUG)


@router.get("/figures/{slug}", response={200: FigureDetailOut, 404: ErrorOut, 422: ErrorOut})
def figure_detail(request: HttpRequest, slug: SlugPath):
    """One figure with its relations to others, read in both directions."""
    return get_object_or_404(Figure.objects.with_related().with_relations(), slug=slug)


# --- data series

SeriesSlugPath = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=100)]
MAX_ROWS_PAGE = 1000


class SeriesOut(Schema):
    slug: str
    url: str = Field(description="The series page on this site.")
    title: str
    publisher: str
    document: str | None = Field(description="The slug of the publisher's document, if any.")
    unit: str = Field(description="The slug of the unit it counts (see /api/units).")
    unit_text: str = Field(description="The unit as the source words it.")
    category: str = Field(description="The slug of the category it counts.")
    period_kind: str = Field(
        description="fiscal_year, month, date, state_fiscal_year or irregular."
    )
    means: str
    does_not_mean: str
    source: str
    source_url: str
    confidence: str = Field(description="primary or secondary.")
    notes: str
    conflicts: str = Field(description="Other sources' values, one per line.")
    row_count: int
    first_day: datetime.date | None = Field(description="The first day its rows cover.")
    last_day: datetime.date | None = Field(description="The last day its rows cover.")

    @staticmethod
    def resolve_url(series: Series) -> str:
        return permalink(series.get_absolute_url())

    @staticmethod
    def resolve_document(series: Series) -> str | None:
        return series.document.slug if series.document else None

    @staticmethod
    def resolve_unit(series: Series) -> str:
        return series.unit.slug

    @staticmethod
    def resolve_category(series: Series) -> str:
        return series.category.slug


class SeriesRowOut(Schema):
    period_start: datetime.date
    period_end: datetime.date = Field(description="Inclusive.")
    period_text: str = Field(description="The period as the source words it.")
    partial: str = Field(description="Not empty when the period is partial: the source's note.")
    value: str = Field(description="A decimal written as a string: no precision is lost.")
    qualifier: str
    geo: str | None = Field(description="A state, or null for a national row.")
    breakdown: dict[str, str] = Field(
        description='How the row splits the series: {"component": "USBP"}, or empty.'
    )
    source: str = Field(description="The row's own source, when it differs from the series'.")
    source_url: str
    notes: str
    figures: list[str] = Field(description="Slugs of the figures that restate this row.")

    @staticmethod
    def resolve_value(row: SeriesRow) -> str:
        return plain_number(row.value)

    @staticmethod
    def resolve_geo(row: SeriesRow) -> str | None:
        return row.geo or None

    @staticmethod
    def resolve_figures(row: SeriesRow) -> list[str]:
        return [figure.slug for figure in row.figures.all()]


class SeriesDetailOut(Schema):
    series: SeriesOut
    rows_matching: int = Field(description="How many rows match the filters, on all pages.")
    rows_page: int
    rows_page_size: int
    rows: list[SeriesRowOut]


class SeriesPage(Page):
    items: list[SeriesOut]


class SeriesRowFilters(Schema):
    start: IsoDate | None = Field(None, description="Rows whose period starts on or after.")
    end: IsoDate | None = Field(None, description="Rows whose period ends on or before.")
    geo: str | None = Field(
        None, max_length=80, description='A state ("New York"); "national" for national rows.'
    )
    rows_page: int = Field(1, ge=1, le=MAX_PAGE)
    rows_page_size: int = Field(MAX_ROWS_PAGE, ge=1, le=MAX_ROWS_PAGE)


@router.get("/series", response={200: SeriesPage, 404: ErrorOut, 422: ErrorOut})
def series_list(request: HttpRequest, pages: Query[PageQuery]) -> dict[str, Any]:
    """Every official data series: what it counts, who publishes it, how many rows it has and the
    period they cover. Its rows are at `/api/series/<slug>`."""
    return paginated(Series.objects.with_coverage(), pages, BY_SLUG)


@router.get("/series/{slug}", response={200: SeriesDetailOut, 404: ErrorOut, 422: ErrorOut})
def series_detail(request: HttpRequest, slug: SeriesSlugPath, filters: Query[SeriesRowFilters]):
    """One series (`series`) with its rows, filtered by period (rows whose period lies within
    `start` and `end`) and by state, each row with the figures that restate it. Rows are
    paginated with `rows_page` and `rows_page_size` (at most 1,000)."""
    series = get_object_or_404(Series.objects.with_coverage(), slug=slug)
    geo = ("" if filters.geo == "national" else filters.geo) if filters.geo else None
    rows = series.rows.within(start=filters.start, end=filters.end, geo=geo).prefetch_related(
        Prefetch("figures", queryset=Figure.objects.only("slug").order_by("slug"))
    )
    first = (filters.rows_page - 1) * filters.rows_page_size
    return {
        "series": series,
        "rows_matching": rows.count(),
        "rows_page": filters.rows_page,
        "rows_page_size": filters.rows_page_size,
        "rows": list(rows[first : first + filters.rows_page_size]),
    }
