"""How findings name things: values as people write them, figures with their document and
period ("more than 291,000 children counted as 'No Notice to Appear served' (OIG-24-46,
FY2019-FY2023)"), and the evidence each finding carries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from claims.engine.registry import FigureRecord, Registry
from claims.engine.verdict import Finding


def amount(value: Decimal) -> str:
    """Write a value for people: 291000.0000 → "291,000"; 28.30 → "28.3"."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


def quote_list(words: Iterable[str], *, limit: int = 4) -> str:
    """'a', 'b' and 'c'; past the limit, the first ones "and others"."""
    quoted = [f"'{word}'" for word in dict.fromkeys(words)]
    if len(quoted) > limit:
        quoted = [*quoted[: limit - 1], "others"]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


class Describer:
    """Names figures and documents the way findings cite them."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def document(self, slug: str) -> str:
        document = self.registry.documents.get(slug)
        return document.cite_name if document else slug

    def category(self, slug: str) -> str:
        category = self.registry.categories.get(slug)
        return category.label if category else slug

    def value(self, figure: FigureRecord) -> str:
        qualifier = figure.qualifier.strip().lower()
        number = amount(figure.value)
        if figure.unit.lower().startswith("percent"):
            number = f"{number}%"
        if qualifier.startswith("exact") and "rounded" in qualifier:
            return f"about {number}"
        if not qualifier or qualifier.startswith("exact") or any(c.isdigit() for c in qualifier):
            return number
        return f"{qualifier} {number}"

    def figure(self, figure: FigureRecord) -> str:
        """ "more than 291,000 children counted as 'No Notice to Appear served' (OIG-24-46,
        FY2019-FY2023)"."""
        unit = figure.unit.split("(")[0].strip()
        unit = "" if unit.lower().startswith("percent") else f" {unit}"
        return (
            f"{self.value(figure)}{unit} counted as '{self.category(figure.category)}' "
            f"({self.document(figure.document)}, {self.period(figure)})"
        )

    @staticmethod
    def period(figure: FigureRecord) -> str:
        """The period as the source words it, with the as-of date when that says more."""
        period = figure.period_text
        as_of = figure.as_of_text
        useful_as_of = (
            as_of and len(as_of) <= 20 and not as_of[:1].isdigit() and as_of not in period
        )
        if period and useful_as_of:
            return f"{period}, as of {as_of}"
        return period or (f"as of {as_of}" if as_of else "undated")

    def sources(self, figures: Sequence[FigureRecord]) -> str:
        return ", ".join(dict.fromkeys(self.document(figure.document) for figure in figures))

    def figures(self, figures: Sequence[FigureRecord]) -> str:
        return and_list(self.figure(figure) for figure in figures)

    def briefly(self, figures: Sequence[FigureRecord]) -> str:
        """The shorter form for a second mention, grouped by document: "more than 291,000
        'No Notice to Appear served' and more than 32,000 'Failed to appear in immigration
        court' (OIG-24-46, FY2019-FY2023)"."""
        groups: dict[str, list[FigureRecord]] = {}
        for figure in unique(figures):
            groups.setdefault(figure.document, []).append(figure)
        parts = []
        for document, members in groups.items():
            named = and_list(
                # A change between two rows has no one value to show: its rows say what.
                f"{'' if figure.unit == 'change' else self.value(figure) + ' '}"
                f"'{self.category(figure.category)}'"
                for figure in members
            )
            spans = {(figure.period_start, figure.period_end) for figure in members}
            cite = self.document(document) if document else self.series_source(members[0])
            if len(spans) == 1 and members[0].period_text:
                cite = f"{cite}, {members[0].period_text}"
            parts.append(f"{named} ({cite})")
        return and_list(parts)

    def series_source(self, figure: FigureRecord) -> str:
        """Who published the series an aggregate of rows comes from ("DHS Office of Homeland
        Security Statistics")."""
        if not figure.rows:
            return self.document(figure.document)
        series = self.registry.series_index.by_slug.get(figure.rows[0][0])
        return publisher_name(series.publisher) if series else figure.rows[0][0]

    @staticmethod
    def dates(start: date, end: date) -> str:
        """ "1 Oct 2018 to 30 Sep 2023" """
        return f"{start:%-d %b %Y} to {end:%-d %b %Y}"


def publisher_name(publisher: str) -> str:
    """A publisher's name without its parenthesis and detail: "DHS Office of Homeland Security
    Statistics (OHSS), Key ..." → "DHS Office of Homeland Security Statistics"."""
    return publisher.split("(")[0].split(",")[0].split(";")[0].strip() or publisher


def and_list(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c" """
    listed = list(items)
    if len(listed) <= 2:
        return " and ".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def finding(
    code: str,
    explanation: str,
    figures: Iterable[FigureRecord] = (),
    *,
    degree: str = "",
    documents: Iterable[str] = (),
) -> Finding:
    """A finding whose evidence is these figures and their documents (plus any documents
    given, such as a cited source that does not hold the number)."""
    figures = list(figures)
    return Finding(
        code=code,
        explanation=explanation,
        # An aggregate of series rows reads as a figure to the checks; it is cited by its rows.
        figures=tuple(dict.fromkeys(figure.slug for figure in figures if not figure.rows)),
        documents=tuple(dict.fromkeys([*documents, *(f.document for f in figures if f.document)])),
        degree=degree,
        series=tuple(dict.fromkeys(row for figure in figures for row in figure.rows)),
    )


def unique(figures: Iterable[FigureRecord]) -> list[FigureRecord]:
    """The figures without repeats, in order of first appearance."""
    return list({figure.slug: figure for figure in figures}.values())
