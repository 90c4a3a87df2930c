"""Small factory functions for the engine's frozen records: each makes one valid record,
overridable by keyword, so that every test builds only the registry it talks about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

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
    check,
)


def document(slug: str = "doc_audit", **fields) -> DocumentRecord:
    values = {
        "slug": slug,
        "title": f"Audit {slug}",
        "agency": "DHS Office of Inspector General",
        "kind": "oversight_audit",
        "report_number": "OIG-24-46",
        "date": date(2024, 8, 19),
        "method_published": True,
        "tier": 1,
    }
    values.update(fields)
    return DocumentRecord(**values)


def category(slug: str, **fields) -> CategoryRecord:
    values = {
        "slug": slug,
        "label": slug.replace("_", " ").capitalize(),
        "means": f"What {slug} counts.",
        "does_not_mean": "",
        "parent": None,
        "lay_terms": (),
        "harm_terms": (),
    }
    values.update(fields)
    return CategoryRecord(**values)


def figure(slug: str, value: str | int, **fields) -> FigureRecord:
    values = {
        "slug": slug,
        "value": Decimal(str(value)),
        "qualifier": "exact",
        "unit": "children",
        "category": "counted",
        "kind": "figure",
        "document": "doc_audit",
        "period_text": "FY2022",
        "period_start": date(2021, 10, 1),
        "period_end": date(2022, 9, 30),
        "as_of_text": "2024-08-19",
        "as_of": date(2024, 8, 19),
        "confidence": "primary",
        "relations": (),
    }
    values.update(fields)
    return FigureRecord(**values)


def disjoint_pair() -> tuple[FigureRecord, FigureRecord]:
    """More than 291,000 with no court date and more than 32,000 who missed court: two
    disjoint counts of one document, the parts of the best-known combined figure."""
    no_date = figure(
        "no_date",
        291000,
        qualifier="more than",
        category="no_court_date",
        relations=(("disjoint_with", "missed"),),
    )
    missed = figure("missed", 32000, qualifier="more than", category="missed_court")
    return no_date, missed


def tenure(slug: str, start: date, end: date | None, *aliases: str) -> TenureRecord:
    return TenureRecord(
        slug=slug,
        label=f"{slug.capitalize()} administration",
        start=start,
        end=end,
        aliases=aliases,
    )


TENURES = (
    tenure("first", date(2017, 1, 20), date(2021, 1, 20), "first", "the first administration"),
    tenure("second", date(2021, 1, 20), date(2025, 1, 20), "second", "she", "harris"),
)

# A small lexicon in the shape of the real one: what figures count, the everyday words for
# each, and what each does not mean.
CATEGORIES = (
    category("counted", lay_terms=("counted",)),
    category("released", lay_terms=("released", "released to")),
    category(
        "no_court_date",
        parent="released",
        lay_terms=("no court date", "without a court date"),
        does_not_mean="Missing, trafficked or dead.",
    ),
    category(
        "missed_court",
        parent="released",
        lay_terms=("missed court", "failed to appear"),
        does_not_mean="Confirmed missing.",
    ),
    category(
        "unreachable",
        lay_terms=("lost track of", "could not reach", "unreachable"),
        does_not_mean="Missing or lost: sponsors need not answer.",
    ),
    category("missing", lay_terms=("missing", "lost", "gone", "can't find")),
    category("apprehended", lay_terms=("apprehended", "caught at the border")),
    category("crossed", lay_terms=("crossed the border", "smuggled")),
    category("separated", lay_terms=("separated", "ripped from")),
    category("located", lay_terms=("located", "found")),
    category("trafficked", harm_terms=("trafficked", "sex slaves", "sold")),
    category("dead", harm_terms=("dead", "died")),
    category("share", lay_terms=("share",)),
)


UNITS = (
    UnitRecord("children", "children", ("children", "child", "kids", "kid", "minors", "minor")),
    UnitRecord("calls", "calls", ("calls", "call", "phone calls")),
    UnitRecord("letters", "letters", ("letters", "letter")),
)


def registry(
    *figures: FigureRecord,
    documents: tuple[DocumentRecord, ...] = (),
    categories: tuple[CategoryRecord, ...] = CATEGORIES,
    tenures: tuple[TenureRecord, ...] = TENURES,
    units: tuple[UnitRecord, ...] = UNITS,
) -> Registry:
    """A registry of these figures; documents they cite and that are not given are made."""
    by_slug = {doc.slug: doc for doc in documents}
    for record in figures:
        by_slug.setdefault(record.document, document(record.document))
    return Registry(
        figures=tuple(figures),
        documents=by_slug,
        categories={record.slug: record for record in categories},
        tenures=tenures,
        units=units,
        fiscal_year_start=(10, 1),
    )


def claim(text: str, *, said_on: date | None = date(2024, 9, 23), **fields) -> ClaimInput:
    return ClaimInput(text=text, said_on=said_on, **fields)


def verdict_for(text: str, *figures: FigureRecord, registry_: Registry | None = None, **fields):
    """Check one quote against a registry of the given figures."""
    return check(claim(text, **fields), registry_ or registry(*figures))


def codes(verdict) -> set[str]:
    return set(verdict.codes)


def finding(verdict, code: str):
    """The verdict's finding with this code (the test fails if there is none)."""
    matches = [f for f in verdict.findings if f.code == code]
    assert matches, f"no {code} finding in {verdict.codes}"
    return matches[0]


def fiscal_year(year: int) -> tuple[date, date]:
    return date(year - 1, 10, 1), date(year, 9, 30)


def row(period: str, value: str | int, **fields) -> SeriesRowRecord:
    """A row by its period's wording: "FY2014" (a fiscal year) or "2021-11" (a month)."""
    if period.startswith("FY"):
        start, end = fiscal_year(int(period[2:]))
    else:
        year, month = (int(part) for part in period.split("-"))
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    values = {
        "period_start": start,
        "period_end": end,
        "period_text": period,
        "value": Decimal(str(value)),
        "qualifier": "",
        "geo": "",
        "breakdown": (),
        "partial": False,
    }
    values.update(fields)
    return SeriesRowRecord(**values)


def series(slug: str, *rows: SeriesRowRecord, **fields) -> SeriesRecord:
    values = {
        "slug": slug,
        "title": slug.replace("_", " ").capitalize(),
        "unit": "children",
        "category": "apprehended",
        "period_kind": "fiscal_year",
        "document": "",
        "publisher": "Border Agency (statistics office)",
        "confidence": "primary",
        "rows": rows,
    }
    values.update(fields)
    return SeriesRecord(**values)


def with_series(*tables: SeriesRecord, figures: tuple[FigureRecord, ...] = ()) -> Registry:
    """A registry of these series (and figures, if given)."""
    return replace(registry(*figures), series=tables)
