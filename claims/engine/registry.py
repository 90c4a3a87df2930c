"""What the engine knows: frozen records of figures, series, documents, categories and tenures.

Plain dataclasses with no Django import. `claims.checking.load_registry()` builds them from the
database; tests and benchmarks build them directly.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.engine.index import FigureIndex
    from claims.engine.lexicon import Lexicon
    from claims.engine.series import SeriesIndex

# One row of a series as findings and outputs cite it: (series slug, period start, period end,
# geography, "" for national).
RowRef = tuple[str, date, date, str]


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    slug: str
    title: str
    agency: str
    kind: str  # Document.Kind value: "oversight_audit", "news_report", ...
    report_number: str  # "" when the document has none
    date: date | None  # publication date (first day of the month or year when vague)
    method_published: bool
    tier: int  # 1 independent oversight .. 4 secondary reporting

    @property
    def short_name(self) -> str:
        """How a finding names the document: its report number, else its title."""
        return self.report_number or self.title

    @property
    def cite_name(self) -> str:
        """A short citation: the report number, else publisher and month ("Axios, Sep 2021")."""
        if self.report_number:
            return self.report_number
        publisher = self.agency.split("(")[0].split(",")[0].strip() or self.title
        return f"{publisher}, {self.date:%b %Y}" if self.date else publisher


@dataclass(frozen=True, slots=True)
class CategoryRecord:
    slug: str
    label: str
    means: str
    does_not_mean: str
    parent: str | None
    lay_terms: tuple[str, ...]  # lower case, everyday words that point to this category
    harm_terms: tuple[str, ...]  # lower case; words asserting harm ("dead", "trafficked")
    # Lower case; everyday words of what its "does not mean" excludes and no category counts
    # ("deported", for orders of removal: the removal carried out is another count).
    not_counted_terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """What figures count, with every word a quote may use for it ("children": "kids",
    "minors", "UACs"). A quoted number is traced only when its noun is one of these words, or
    when it names none ("325,000 are missing")."""

    slug: str
    label: str
    words: tuple[str, ...]  # lower case, singular and plural forms, phrases allowed


@dataclass(frozen=True, slots=True)
class TenureRecord:
    slug: str
    label: str
    start: date
    end: date | None  # None while in office
    aliases: tuple[str, ...]  # lower case ("biden", "harris", "democrats")


@dataclass(frozen=True, slots=True)
class FigureRecord:
    slug: str
    value: Decimal
    qualifier: str  # as the source words it: "more than", "exact (rounded)", "about"...
    unit: str  # "children", "percent (of sampled case files)", ...
    category: str  # category slug
    kind: str  # "figure" or "announcement"
    document: str  # document slug
    period_text: str
    period_start: date | None
    period_end: date | None
    as_of_text: str
    as_of: date | None
    confidence: str  # primary / secondary / derived / unverified
    # (relation kind, other figure slug), as stored: kinds are supersedes, subset_of,
    # disjoint_with, same_measure_as, conflicts_with, derived_from, related_to.
    relations: tuple[tuple[str, str], ...] = ()
    # Set only on the record the checks read for an aggregate of series rows (series.py): the
    # rows it adds up or compares. A registry figure has none.
    rows: tuple[RowRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SeriesRowRecord:
    """One row of an official table: a value over a period, for the nation or one state."""

    period_start: date
    period_end: date  # inclusive
    period_text: str  # as the source words it: "FY2014", "2021-03"
    value: Decimal
    qualifier: str
    geo: str  # "" national
    breakdown: tuple[tuple[str, str], ...]  # sorted (column, value) pairs; () when none
    partial: bool  # the source marks the period as only partly counted
    # Registry figures that restate this row (same measure): the figure is preferred.
    figures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    """An official table: one measure (unit and category) by period, and by state or breakdown
    where the source gives them."""

    slug: str
    title: str
    unit: str  # Unit slug
    category: str  # Category slug
    period_kind: str  # fiscal_year, month, date, state_fiscal_year, irregular
    document: str  # Document slug, "" when none
    publisher: str
    confidence: str  # "primary" / "secondary"
    rows: tuple[SeriesRowRecord, ...]


@dataclass(frozen=True)
class Registry:
    figures: tuple[FigureRecord, ...]
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    categories: dict[str, CategoryRecord] = field(default_factory=dict)
    tenures: tuple[TenureRecord, ...] = ()
    units: tuple[UnitRecord, ...] = ()
    series: tuple[SeriesRecord, ...] = ()
    # (month, day) on which the registry's fiscal year begins: "FY2023" in a quote is read
    # with it. The calendar year unless the data says otherwise.
    fiscal_year_start: tuple[int, int] = (1, 1)

    # Built on first use and kept with the registry: the registry is frozen, so they never go
    # stale, and every check against the same registry shares them. (Imported inside because
    # those modules import this one.)
    @cached_property
    def index(self) -> FigureIndex:
        from claims.engine.index import FigureIndex

        with no_collection():
            return FigureIndex(self)

    @cached_property
    def series_index(self) -> SeriesIndex:
        from claims.engine.series import SeriesIndex

        with no_collection():
            return SeriesIndex(self)

    @cached_property
    def report_numbers(self) -> dict[str, str]:
        """Each document's report number, lower case, to its slug: how a cited source is
        named."""
        return {
            document.report_number.lower(): slug
            for slug, document in self.documents.items()
            if document.report_number
        }

    @cached_property
    def lexicon(self) -> Lexicon:
        from claims.engine.lexicon import build_lexicon

        return build_lexicon(self)


@contextmanager
def no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while an index is built (or a registry loaded): that
    makes millions of objects and frees few, and the collector walked them again and again (a
    sixth of the time of a build at a hundred thousand figures, two thirds of a load)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
