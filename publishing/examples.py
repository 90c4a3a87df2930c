"""Live examples for the methodology page: for each finding code, a quote that produces it, and
for each kind of arithmetic (a share, a change, a sum of consecutive periods) a quote the engine
works out from two figures.

The quotes come from data, never from code: first the development claims (real quotes that
fact-checkers rated, fixtures/dev_claims.yaml), then quotes written from the registry's own
figures to show what those claims do not (a figure quoted before it was published, after a later
snapshot replaced it, or credited to another publisher; an announcement; two snapshots added up;
a number nothing explains). Whatever the domain, the examples are about its figures.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.cache import cache

from claims.checking import check_claim, current_registry
from claims.claimfile import ClaimFileError, read_claim_file
from claims.demo import DEV_CLAIMS
from claims.engine import ENGINE_VERSION, FINDING_CODES, ClaimInput, Registry
from claims.engine.changes import FALL, RISE
from claims.engine.describe import amount
from claims.engine.registry import FigureRecord

EXAMPLES_CACHE_SECONDS = 300
ONE_DAY = datetime.timedelta(days=1)
# Pairs of figures tried as a sum, at most: enough to find two snapshots of one measure, and a
# bound on the work whatever the size of the registry.
MAX_PAIRS = 5_000
# Quotes tried for each kind of arithmetic before the page does without an example of it.
MAX_TRIES = 40
# The degree of combined_figures each kind of arithmetic produces, and the quotes that try it.
ARITHMETIC_KINDS: tuple[tuple[str, str], ...] = (
    ("share", "shares"),
    ("change", "changes"),
    ("consecutive", "consecutive_sums"),
)
# An acronym in a publisher's name ("DHS OIG", "HHS/ORR"): what a quote would credit.
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def development_claims() -> Iterator[ClaimInput]:
    """The development claims, or none if the file is missing or unreadable (a deployment may
    leave it out; the registry's figures still give examples)."""
    try:
        rows = read_claim_file(DEV_CLAIMS)
    except (OSError, ClaimFileError):
        return
    for row in rows:
        yield row.claim


class _Writer:
    """Quotes about the registry's figures, in the words its categories give people."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.counts = [
            figure
            for figure in sorted(registry.figures, key=lambda f: f.slug)
            if not figure.unit.startswith("percent") and "(" not in figure.unit
        ]
        self.by_slug = {figure.slug: figure for figure in self.counts}

    def words(self, figure: FigureRecord) -> str:
        category = self.registry.categories.get(figure.category)
        # The longest of its everyday phrases reads most like a sentence: "did not appear".
        terms = sorted(category.lay_terms, key=lambda t: (-len(t), t)) if category else []
        term = terms[0] if terms else ""
        return f"{amount(figure.value)} {figure.unit} {term}".strip()

    def published(self, figure: FigureRecord) -> datetime.date | None:
        document = self.registry.documents.get(figure.document)
        return document.date if document and document.date else figure.as_of

    def publishers(self, figure: FigureRecord) -> set[str]:
        document = self.registry.documents.get(figure.document)
        return set(_ACRONYM.findall(document.agency)) if document else set()

    def about_each_figure(self, figure: FigureRecord) -> Iterator[ClaimInput]:
        day = self.published(figure)
        if day is None:
            return
        text = f"{self.words(figure)}."
        yield ClaimInput(text=text, said_on=day + ONE_DAY)
        yield ClaimInput(text=text, said_on=day - ONE_DAY)
        for kind, slug in figure.relations:
            if kind == "supersedes" and slug in self.by_slug:
                older = f"{self.words(self.by_slug[slug])}."
                yield ClaimInput(text=older, said_on=day + ONE_DAY)
        mine = self.publishers(figure)
        others = sorted(
            {a for d in self.registry.documents.values() for a in _ACRONYM.findall(d.agency)}
            - mine
        )
        if others:
            yield ClaimInput(text=f"According to {others[0]}, {text}", said_on=day + ONE_DAY)

    def sums_of_two_snapshots(self) -> Iterator[ClaimInput]:
        """Sums of two related counts from different releases, counted at different dates:
        the words of the first, the total of both."""
        pairs = (
            (a, self.by_slug[slug])
            for a in self.counts
            for kind, slug in a.relations
            if kind in ("disjoint_with", "related_to")
            and slug in self.by_slug
            and self.by_slug[slug].document != a.document
            and self.by_slug[slug].as_of != a.as_of
            and self.by_slug[slug].unit == a.unit
        )
        for a, b in itertools.islice(pairs, MAX_PAIRS):
            days = [day for day in (self.published(a), self.published(b)) if day]
            if days:
                words = self.words(a).split(" ", 1)[-1]
                text = f"{amount(a.value + b.value)} {words}."
                yield ClaimInput(text=text, said_on=max(days) + ONE_DAY)

    def unexplained(self) -> ClaimInput:
        total = sum((figure.value for figure in self.counts), Decimal(0))
        unit = self.counts[0].unit if self.counts else "people"
        return ClaimInput(text=f"Officials lost {amount(total * 7 + 1987)} {unit}.")

    def said_after(self, *figures: FigureRecord) -> datetime.date | None:
        """The day after the last of the figures was published: a claim that could use them."""
        days = [day for day in map(self.published, figures) if day]
        return max(days) + ONE_DAY if days else None

    def counted(self, figure: FigureRecord) -> str:
        """What a figure counts, in everyday words, without its value."""
        return self.words(figure).split(" ", 1)[-1]

    def shares(self) -> Iterator[ClaimInput]:
        """Shares, "N% of <what the part counts>": a part over a whole of the same unit, the
        recorded subsets first, as people quote them (a whole percent between 1 and 99)."""
        index = self.registry.index
        items = sorted(
            index.arithmetic.shares.items,
            key=lambda item: (item.link != "subset", item.first, item.second),
        )
        for item in items:
            part, whole = index.figures[item.first], index.figures[item.second]
            share = round(item.value)
            if part.slug in self.by_slug and part.unit == whole.unit and 1 <= share <= 99:
                said_on = self.said_after(part, whole)
                yield ClaimInput(text=f"{share}% of {self.counted(part)}.", said_on=said_on)

    def same_length(self, a: int, b: int) -> bool:
        """Whether two figures' periods are of about one length (within a month)."""
        one, two = self.registry.index.periods[a], self.registry.index.periods[b]
        if one is None or two is None:
            return False
        return abs((one[1] - one[0]) - (two[1] - two[0])) <= 31

    def changes(self) -> Iterator[ClaimInput]:
        """Changes, "<what it counts> rose (or fell) N percent": one measure over two
        periods."""
        index = self.registry.index
        rise, fall = _first_word(RISE, "rose"), _first_word(FALL, "fell")
        # Periods of one length first ("a year on the year before"): a change between a
        # four-year total and a nine-month one is arithmetic, not a trend.
        items = sorted(
            index.arithmetic.percents.items,
            key=lambda item: (not self.same_length(item.first, item.second), item.value),
        )
        for item in items:
            earlier, later = index.figures[item.first], index.figures[item.second]
            change = abs(round(item.value))
            if earlier.slug not in self.by_slug or not change:
                continue
            verb = rise if item.value > 0 else fall
            text = f"{self.counted(earlier).capitalize()} {verb} {change} percent."
            yield ClaimInput(text=text, said_on=self.said_after(earlier, later))

    def consecutive_sums(self) -> Iterator[ClaimInput]:
        """A total of one measure over two periods that follow one another, with the span
        they make up: "N <what it counts> between <first month> and <last month>"."""
        index = self.registry.index
        by_measure: dict[tuple[str, str, str], list[int]] = {}
        for figure in self.counts:
            position = index.position[figure.slug]
            if index.periods[position] is not None:
                key = (figure.category, index.unit_head[position], figure.document)
                by_measure.setdefault(key, []).append(position)
        pairs = (
            (a, b)
            for members in by_measure.values()
            for a, b in itertools.pairwise(
                sorted(members, key=lambda p: index.periods[p] or (0, 0))
            )
            if index.consecutive(a, b)
        )
        for a, b in itertools.islice(pairs, MAX_PAIRS):
            first, second = index.figures[a], index.figures[b]
            if first.period_start is None or second.period_end is None:
                continue
            text = (
                f"{amount(first.value + second.value)} {self.counted(first)} between"
                f" {first.period_start:%B %Y} and {second.period_end:%B %Y}."
            )
            yield ClaimInput(text=text, said_on=self.said_after(first, second))

    def quotes(self) -> Iterator[ClaimInput]:
        for figure in self.counts:
            yield from self.about_each_figure(figure)
        yield from self.sums_of_two_snapshots()
        yield self.unexplained()


def sample_quotes(registry: Registry) -> Iterator[ClaimInput]:
    """The development claims, then quotes written from the registry's figures."""
    yield from development_claims()
    yield from _Writer(registry).quotes()


def _examples() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    registry = current_registry()
    for sample in sample_quotes(registry):
        verdict = check_claim(sample, registry)
        for finding in verdict.findings:
            found.setdefault(
                finding.code,
                {
                    "quote": sample.text,
                    "said_on": sample.said_on,
                    "claimant": sample.claimant,
                    "explanation": finding.explanation,
                    "rating": verdict.rating,
                },
            )
        if len(found) == len(FINDING_CODES):
            break
    return found


def finding_examples() -> dict[str, dict[str, Any]]:
    """For each finding code, a quote that produces it against today's registry, with the
    explanation the engine wrote. Kept for a few minutes: the engine is deterministic and the
    registry changes rarely."""
    key = f"methodology-examples:{ENGINE_VERSION}"
    examples = cache.get_or_set(key, _examples, EXAMPLES_CACHE_SECONDS)
    return examples if isinstance(examples, dict) else _examples()


def _first_word(words: frozenset[str], preferred: str) -> str:
    """The engine's own word for a direction of change: the usual one when it has it."""
    return preferred if preferred in words else min(words)


def _arithmetic_examples() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    registry = current_registry()
    writer = _Writer(registry)
    for degree, quotes in ARITHMETIC_KINDS:
        for sample in itertools.islice(getattr(writer, quotes)(), MAX_TRIES):
            verdict = check_claim(sample, registry)
            explanation = next(
                (f.explanation for f in verdict.findings if f.degree == degree), None
            )
            if explanation is not None:
                found[degree] = {
                    "quote": sample.text,
                    "said_on": sample.said_on,
                    "explanation": explanation,
                    "rating": verdict.rating,
                }
                break
    return found


def arithmetic_examples() -> dict[str, dict[str, Any]]:
    """For each kind of arithmetic ("share", "change", "consecutive"), a quote written from the
    registry's figures that the engine explains with it, and the explanation it wrote. Kinds
    the registry has no figures for are left out. Kept like the finding examples."""
    key = f"methodology-arithmetic:{ENGINE_VERSION}"
    examples = cache.get_or_set(key, _arithmetic_examples, EXAMPLES_CACHE_SECONDS)
    return examples if isinstance(examples, dict) else _arithmetic_examples()
