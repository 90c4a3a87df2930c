"""The ORM glue of the verdict engine: build its frozen registry from the database, and check.

Everything else (views, the checkclaims command, re-checks) calls check_claim().
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from claims.engine import (
    CategoryRecord,
    ClaimInput,
    DocumentRecord,
    FigureRecord,
    Registry,
    SeriesRecord,
    SeriesRowRecord,
    TenureRecord,
    UnitRecord,
    Verdict,
    check,
)
from claims.registry_cache import SharedRegistry, cache_key
from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    RegistrySettings,
    Series,
    SeriesRow,
    Tenure,
    Unit,
)
from datasets.signals import registry_generation

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def load_registry() -> Registry:
    """Read documents, categories (with their lay terms), figures, relations, tenures, units,
    series with their rows and the registry's settings.

    Eleven queries, whatever the size of the registry.
    """
    relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for source, kind, target in FigureRelation.objects.order_by(
        "source__slug", "kind", "target__slug"
    ).values_list("source__slug", "kind", "target__slug"):
        relations[source].append((kind, target))
    return Registry(
        figures=figure_records(relations),
        documents={
            document.slug: document_record(document)
            for document in Document.objects.order_by("slug")
        },
        categories={
            category.slug: category_record(category)
            for category in Category.objects.select_related("parent").prefetch_related("lay_terms")
        },
        tenures=tuple(map(tenure_record, Tenure.objects.order_by("start", "slug"))),
        units=tuple(map(unit_record, Unit.objects.order_by("slug"))),
        series=load_series(),
        fiscal_year_start=RegistrySettings.current().fiscal_year_start,
    )


_ROW_FIELDS = (
    "id",
    "series_id",
    "period_start",
    "period_end",
    "period_text",
    "value",
    "qualifier",
    "geo",
    "breakdown",
    "partial",
)


def load_series() -> tuple[SeriesRecord, ...]:
    """The series with their rows and the figures that restate each row, in three queries (the
    rows are read as plain values: a hundred thousand of them load in a second or so)."""
    restated: dict[int, list[str]] = defaultdict(list)
    links = SeriesRow.figures.through.objects.order_by("figure__slug")
    for row_id, slug in links.values_list("seriesrow_id", "figure__slug"):
        restated[row_id].append(slug)
    rows: dict[int, list[SeriesRowRecord]] = defaultdict(list)
    ordered = SeriesRow.objects.order_by("series_id", "period_start", "geo", "breakdown_key")
    for values in ordered.values_list(*_ROW_FIELDS):
        row = dict(zip(_ROW_FIELDS, values, strict=True))
        rows[row["series_id"]].append(
            SeriesRowRecord(
                period_start=row["period_start"],
                period_end=row["period_end"],
                period_text=row["period_text"],
                value=row["value"],
                qualifier=row["qualifier"],
                geo=row["geo"],
                breakdown=tuple(sorted((str(k), str(v)) for k, v in row["breakdown"].items())),
                partial=bool(row["partial"]),
                figures=tuple(restated.get(row["id"], ())),
            )
        )
    return tuple(
        record_of(
            SeriesRecord,
            series,
            unit=series.unit.slug,
            category=series.category.slug,
            document=series.document.slug if series.document else "",
            rows=tuple(rows.get(series.pk, ())),
        )
        for series in Series.objects.select_related("unit", "category", "document").order_by(
            "slug"
        )
    )


def record_of[R: DataclassInstance](record_type: type[R], row: object, **computed: object) -> R:
    """The engine's frozen record of a database row or an API payload: each field the record
    declares, read from the attribute of that name unless `computed` gives it (a related row's
    slug, words lower-cased into a tuple). The record's fields are the contract: a field added to
    a record that the row lacks fails here rather than being left at a default."""
    values = {
        name: computed[name] if name in computed else getattr(row, name)
        for name in (f.name for f in fields(record_type))
    }
    return record_type(**values)


def document_record(document: Document) -> DocumentRecord:
    return record_of(DocumentRecord, document)


def category_record(category: Category) -> CategoryRecord:
    """The category with its lay terms split into everyday words, words that assert harm and
    words of what it does not count (the lay terms must be prefetched)."""
    terms = sorted(category.lay_terms.all(), key=lambda term: term.term)
    return record_of(
        CategoryRecord,
        category,
        parent=category.parent.slug if category.parent else None,
        lay_terms=tuple(t.term.lower() for t in terms if not (t.asserts_harm or t.not_counted)),
        harm_terms=tuple(t.term.lower() for t in terms if t.asserts_harm),
        not_counted_terms=tuple(t.term.lower() for t in terms if t.not_counted),
    )


# Where the database keeps each field of a figure's record that is not a column of its own
# name; relations and rows are made apart.
_FIGURE_COLUMNS = {"category": "category__slug", "document": "document__slug"}
_FIGURE_FIELDS = tuple(f.name for f in fields(FigureRecord) if f.name not in ("relations", "rows"))
# The fields whose words figures share.
_SHARED_WORDS = ("category", "document", "unit", "qualifier", "kind", "confidence",
                 "period_text", "as_of_text")  # fmt: skip


def figure_records(relations: dict[str, list[tuple[str, str]]]) -> tuple[FigureRecord, ...]:
    """Every figure in order of slug, with its outgoing relations.

    Read as plain values a chunk of rows at a time: a hundred thousand model instances with
    their categories and documents took seconds to make and more memory than the registry
    built from them. The words figures share (category, document, unit, qualifier...) are kept
    once, whatever the number of figures: a registry of a hundred thousand is that much
    smaller, in this process and in the file other processes load it from. A field the record
    declares and the figure lacks fails here (FieldError) rather than being left at a
    default."""
    columns = [_FIGURE_COLUMNS.get(name, name) for name in _FIGURE_FIELDS]
    rows = Figure.objects.order_by("slug").values_list(*columns)
    records = []
    for row in rows.iterator(5000):
        values = dict(zip(_FIGURE_FIELDS, row, strict=True))
        for name in _SHARED_WORDS:
            values[name] = intern(values[name])
        linked = relations.get(values["slug"], ())
        records.append(
            FigureRecord(
                **values,
                relations=tuple((intern(kind), intern(other)) for kind, other in linked),
                rows=(),  # only an aggregate of series rows has rows
            )
        )
    return tuple(records)


def tenure_record(tenure: Tenure) -> TenureRecord:
    return record_of(TenureRecord, tenure, aliases=_lower(tenure.aliases))


def unit_record(unit: Unit) -> UnitRecord:
    return record_of(UnitRecord, unit, words=_lower(unit.words))


def _lower(words: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(word).lower() for word in words or ())


# The verdicts of the latest checks, for the registry generation they were made against: the
# same quote checked again (a shared /check/ link, the API asked twice) is answered at once.
VERDICTS_KEPT = 1024
_verdicts: OrderedDict[ClaimInput, Verdict] = OrderedDict()
_verdicts_generation: list[str] = [""]
_lock = threading.Lock()
_shared = SharedRegistry()


def current_registry() -> Registry:
    """The registry as the database holds it now, kept by this process until it changes.

    Loading and indexing take eleven queries and grow with the registry (seconds at 100,000
    figures), so every check reuses the same frozen copy while the registry generation stands;
    threads asking at once wait for one build, and with ENGINE_CACHE_DIR the processes of the
    machine share one build through a file (claims/registry_cache.py). Inside a transaction
    the copy is this process's own: what the transaction changed may yet be rolled back.
    """
    return _registry_of(registry_generation())


def _registry_of(generation: str) -> Registry:
    """The registry of this generation: built once however many threads ask at once, and shared
    with the machine's other processes through ENGINE_CACHE_DIR outside a transaction."""
    database = connection.settings_dict
    key = cache_key(f"{database['ENGINE']}|{database['HOST']}|{database['PORT']}|"
                    f"{database['NAME']}", generation)  # fmt: skip
    directory = settings.ENGINE_CACHE_DIR
    shared = Path(directory) if directory and not connection.in_atomic_block else None
    return _shared.get(key, load_registry, shared)


def check_claim(
    claim: ClaimInput, registry: Registry | None = None, *, generation: str | None = None
) -> Verdict:
    """Check one claim against the current registry (or the one given).

    Against the current registry, the verdict is kept (the latest VERDICTS_KEPT of them, per
    process) until the registry generation changes: a verdict depends on nothing else. A caller
    that has just read the generation (`registry_generation()`) may pass it."""
    if registry is not None:
        return check(claim, registry)
    if generation is None:
        generation = registry_generation()
    with _lock:
        if _verdicts_generation[0] != generation:
            _verdicts.clear()
            _verdicts_generation[0] = generation
        kept = _verdicts.get(claim)
        if kept is not None:
            _verdicts.move_to_end(claim)
            return kept
    verdict = check(claim, _registry_of(generation))
    with _lock:
        if _verdicts_generation[0] == generation:
            _verdicts[claim] = verdict
            while len(_verdicts) > VERDICTS_KEPT:
                _verdicts.popitem(last=False)
    return verdict
