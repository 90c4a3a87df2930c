"""The ORM glue of the verdict engine: build its frozen registry from the database, and check.

Everything else (views, the checkclaims command, re-checks) calls check_claim().
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from claims.engine import (
    CategoryRecord,
    ClaimInput,
    DocumentRecord,
    FigureRecord,
    Registry,
    TenureRecord,
    UnitRecord,
    Verdict,
    check,
)
from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    RegistrySettings,
    Tenure,
    Unit,
)
from datasets.signals import registry_generation


def load_registry() -> Registry:
    """Read documents, categories (with their lay terms), figures, relations, tenures, units and
    the registry's settings.

    Eight queries, whatever the size of the registry.
    """
    relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for source, kind, target in FigureRelation.objects.order_by(
        "source__slug", "kind", "target__slug"
    ).values_list("source__slug", "kind", "target__slug"):
        relations[source].append((kind, target))
    return Registry(
        figures=tuple(
            figure_record(figure, relations.get(figure.slug, ()))
            for figure in Figure.objects.with_related().order_by("slug")
        ),
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
        fiscal_year_start=RegistrySettings.current().fiscal_year_start,
    )


def document_record(document: Document) -> DocumentRecord:
    return DocumentRecord(
        slug=document.slug,
        title=document.title,
        agency=document.agency,
        kind=document.kind,
        report_number=document.report_number,
        date=document.date,
        method_published=document.method_published,
        tier=document.tier,
    )


def category_record(category: Category) -> CategoryRecord:
    """The category with its lay terms split into everyday words and words that assert harm
    (the lay terms must be prefetched)."""
    terms = sorted(category.lay_terms.all(), key=lambda term: term.term)
    return CategoryRecord(
        slug=category.slug,
        label=category.label,
        means=category.means,
        does_not_mean=category.does_not_mean,
        parent=category.parent.slug if category.parent else None,
        lay_terms=tuple(t.term.lower() for t in terms if not t.asserts_harm),
        harm_terms=tuple(t.term.lower() for t in terms if t.asserts_harm),
    )


def figure_record(figure: Figure, relations: Iterable[tuple[str, str]]) -> FigureRecord:
    """The figure (its category and document selected with it) and its outgoing relations."""
    return FigureRecord(
        slug=figure.slug,
        value=figure.value,
        qualifier=figure.qualifier,
        unit=figure.unit,
        category=figure.category.slug,
        kind=figure.kind,
        document=figure.document.slug,
        period_text=figure.period_text,
        period_start=figure.period_start,
        period_end=figure.period_end,
        as_of_text=figure.as_of_text,
        as_of=figure.as_of,
        confidence=figure.confidence,
        relations=tuple(relations),
    )


def tenure_record(tenure: Tenure) -> TenureRecord:
    return TenureRecord(
        slug=tenure.slug,
        label=tenure.label,
        start=tenure.start,
        end=tenure.end,
        aliases=tuple(str(alias).lower() for alias in tenure.aliases or ()),
    )


def unit_record(unit: Unit) -> UnitRecord:
    return UnitRecord(
        slug=unit.slug,
        label=unit.label,
        words=tuple(str(word).lower() for word in unit.words or ()),
    )


_current: dict[str, object] = {}


def current_registry() -> Registry:
    """The registry as the database holds it now, kept by this process until it changes.

    Loading and indexing take eight queries and grow with the registry (about a second at 10,000
    figures), so every check reuses the same frozen copy while the registry generation stands.
    """
    generation = registry_generation()
    cached = _current.get("registry")
    if isinstance(cached, Registry) and _current.get("generation") == generation:
        return cached
    registry = load_registry()
    _current.update(registry=registry, generation=generation)
    return registry


def check_claim(claim: ClaimInput, registry: Registry | None = None) -> Verdict:
    """Check one claim against the current registry (or the one given)."""
    return check(claim, registry if registry is not None else current_registry())
