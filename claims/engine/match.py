"""Trace each quoted number to the figure, or combination of figures, it most plausibly came from.

Candidates are single figures, pairs (sums and differences, see index.py for which pairs count)
and three-figure sums from one document, whose interval meets the number's (tolerance.py).
Each candidate gets a score; the highest wins, ties broken by simplicity and then by slug, so
the result never depends on the order of the registry. The score adds up, in this order of
weight:

| consideration                                                            | weight        |
|--------------------------------------------------------------------------|---------------|
| published after the claim was made (the claimant could not have used it) | -4            |
| the figures are the sources the claim names or cites                     | +3            |
| the claim's words describe what it counts (its category or an ancestor)  | +2            |
| the claim's words are a misreading its definition warns against          | +1.5          |
| shape: a pair the source reports as disjoint / a whole minus its part   | -0.75 / -1.25 |
|        a pair from one document / linked by a relation / three figures   | -1.5 / -1.75 / -2.5 |
| matches only as a rounding (the LOOSE band)                              | -1.5          |
| it counts something other than the noun the quote counts                 | -1            |
| its period against the claim's time frame or the tenure blamed           | -1 .. +1      |
| a later snapshot had replaced it when the claim was made                 | -0.5          |
| the source: independence tier, confidence, announcement or not           | -0.7 .. +0.8  |
| distance from the quoted value                                           | -2 × relative |
| a single figure whose value the quote repeats digit for digit            | +1            |

For a combination, the relevance, period and source terms are the average over its parts
(for a difference, the period is the whole's: it counts members of the whole). Pairs that
only approximately reproduce the number are looked for only when nothing reproduces it
within tolerance, and three-figure sums only when no single figure or pair does:
at scale some combination lands near any number by chance, and the simpler explanation is the
likelier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from claims.engine.index import FigureIndex
from claims.engine.numbers import QuotedNumber
from claims.engine.parse import ParsedClaim
from claims.engine.registry import FigureRecord, Registry
from claims.engine.tolerance import loose_interval, overlaps

W_UNAVAILABLE = -4.0
W_NAMED_SOURCE = 3.0
W_RELEVANCE = {2: 2.0, 1: 1.5, 0: 0.0}
W_SHAPE = {
    "single": 0.0,
    "disjoint": -0.75,
    "part_of_whole": -1.0,
    "document": -1.5,
    "related": -1.75,
    "triple": -2.5,
}
W_DIFFERENCE = -0.25  # on top of its shape: a whole minus its part costs -1.25 in all
W_LOOSE = -1.5
W_UNIT = -1.0
W_TIME = 1.0
W_SUPERSEDED = -0.5
W_CLOSENESS = -2.0
W_SAME_VALUE = 1.0

# A figure's interval reaches at most 10 % beyond its value (tolerance.figure_interval), so a
# value window this much wider than the quote's interval finds every overlapping figure.
_REACH_LOW, _REACH_HIGH = Decimal("0.9"), Decimal("1.12")
# Quotes vaguer than this (relative width) are traced to single figures only.
MAX_COMBINABLE_WIDTH = Decimal("0.3")
# More candidates than this for one number (a vague magnitude over a large registry) are cut to
# the ones whose category the claim's words describe, then the nearest in value.
MAX_SINGLES = 300

RELEVANT, MISREAD, NEUTRAL = 2, 1, 0
# A quote is not a table: past this many distinct numbers the rest are not traced, which bounds
# the work a pasted page can cause.
MAX_NUMBERS = 12


@dataclass(frozen=True, slots=True)
class Trace:
    """The figure(s) a quoted number was traced to."""

    number: QuotedNumber
    parts: tuple[int, ...]  # positions in FigureIndex.figures; a difference lists the whole first
    operation: str  # "single", "sum" or "difference"
    link: str  # "" for a single; else index.Pair.link, or "triple"
    low: Decimal  # the interval the figures stand for together
    high: Decimal
    total: Decimal  # their nominal value
    strict: bool  # within the quote's own tolerance, not only as a rounding
    available: bool  # every part published on or before the claim date
    score: float

    def figures(self, index: FigureIndex) -> tuple[FigureRecord, ...]:
        return tuple(index.figures[part] for part in self.parts)


@dataclass(frozen=True, slots=True)
class _View:
    """What the score needs to know about one figure for one claim."""

    available: bool
    relevance: int
    time: float | None  # 2 × share of its period inside the claim's frame - 1
    prior: float
    superseded: bool
    unit_ok: bool


class Matcher:
    """Traces the numbers of one parsed claim against one registry."""

    def __init__(self, parsed: ParsedClaim, registry: Registry) -> None:
        self.parsed = parsed
        self.registry = registry
        self.index = registry.index
        index = self.index
        lexicon = registry.lexicon
        claimed = set(parsed.asserted_categories)
        self.fits = frozenset(
            slug
            for slug in registry.categories
            if slug in claimed or claimed & index.category_ancestors(slug)
        )
        self.misread = frozenset(
            slug for slug in registry.categories if claimed & lexicon.named_by.get(slug, set())
        )
        self.spans = claim_spans(parsed, registry)
        self.sources = frozenset(parsed.sources)
        self._views: dict[tuple[int, str], _View] = {}

    # -- per figure --------------------------------------------------------------------------

    def view(self, position: int, noun: str) -> _View:
        key = (position, noun)
        if (cached := self._views.get(key)) is not None:
            return cached
        index = self.index
        figure = index.figures[position]
        said_on = self.parsed.said_on
        published = index.published[position]
        available = said_on is None or published is None or published <= said_on
        if figure.category in self.fits:
            relevance = RELEVANT
        elif figure.category in self.misread:
            relevance = MISREAD
        else:
            relevance = NEUTRAL
        inside = inside_share(figure, self.spans)
        superseded = said_on is not None and any(
            (index.published[later] or date.max) <= said_on
            for later in index.superseded_by(position)
        )
        unit_ok = not noun or _counts(noun, index.unit_words[position])
        view = _View(
            available=available,
            relevance=relevance,
            time=None if inside is None else 2 * inside - 1,
            prior=index.prior[position],
            superseded=superseded,
            unit_ok=unit_ok,
        )
        self._views[key] = view
        return view

    # -- scoring -----------------------------------------------------------------------------

    def _score(
        self,
        number: QuotedNumber,
        parts: tuple[int, ...],
        *,
        operation: str,
        link: str,
        interval: tuple[Decimal, Decimal],
        total: Decimal,
        strict: bool,
    ) -> Trace:
        views = [self.view(part, number.noun) for part in parts]
        available = all(view.available for view in views)
        score = 0.0 if available else W_UNAVAILABLE
        score += sum(W_RELEVANCE[view.relevance] for view in views) / len(views)
        score += W_SHAPE[link or "single"]
        if operation == "difference":
            score += W_DIFFERENCE
        if not strict:
            score += W_LOOSE
        if not all(view.unit_ok for view in views):
            score += W_UNIT
        # A difference counts members of the whole, so the whole's period is the one that counts.
        timed = views[:1] if operation == "difference" else views
        times = [view.time for view in timed if view.time is not None]
        if times:
            score += W_TIME * sum(times) / len(times)
        if any(view.superseded for view in views):
            score += W_SUPERSEDED
        score += sum(view.prior for view in views) / len(views)
        if self.sources and all(
            self.index.figures[part].document in self.sources for part in parts
        ):
            score += W_NAMED_SOURCE
        if operation == "single" and number.stated_high is None and total == number.value:
            score += W_SAME_VALUE  # a quote that repeats a figure's own number names it
        if number.qualifier != "vague" and number.value:
            target = number.value
            if number.stated_high is not None:
                target = (number.value + number.stated_high) / 2
            score += W_CLOSENESS * float(abs(total - target) / abs(target))
        return Trace(
            number=number,
            parts=parts,
            operation=operation,
            link=link,
            low=interval[0],
            high=interval[1],
            total=total,
            strict=strict,
            available=available,
            score=round(score, 9),
        )

    # -- candidates --------------------------------------------------------------------------

    def candidates(self, number: QuotedNumber) -> list[Trace]:
        index = self.index
        strict = (number.low, number.high)
        loose = loose_interval(*strict, value=number.value, percent=number.percent)
        found: list[Trace] = []
        singles = list(
            index.singles(loose[0] * _REACH_LOW, loose[1] * _REACH_HIGH, percent=number.percent)
        )
        if len(singles) > MAX_SINGLES:
            singles = self._nearest(singles, number)
        # A share means nothing without what it is a share of: when the words say what it is,
        # a percentage is traced only to figures of that category or its known misreadings.
        described = number.percent and bool(self.parsed.asserted_categories)
        for position in singles:
            interval = index.intervals[position]
            if described and self.view(position, "").relevance == NEUTRAL:
                continue
            if overlaps(interval, loose):
                found.append(
                    self._score(
                        number,
                        (position,),
                        operation="single",
                        link="",
                        interval=interval,
                        total=index.figures[position].value,
                        strict=overlaps(interval, strict),
                    )
                )
        width = number.high - number.low
        if number.percent or width > abs(number.value) * MAX_COMBINABLE_WIDTH:
            return found
        pairs = self._pairs(number, strict, strict=True)
        found.extend(pairs)
        if not any(trace.strict for trace in found):
            found.extend(self._pairs(number, loose, strict=False))
            found.extend(self._triples(number, strict))
        return found

    def _nearest(self, singles: list[int], number: QuotedNumber) -> list[int]:
        """Cut a long candidate list: described categories first, then nearest in value."""
        index = self.index
        target = (
            number.value
            if number.stated_high is None
            else ((number.value + number.stated_high) / 2)
        )

        def key(position: int) -> tuple[bool, Decimal, str]:
            figure = index.figures[position]
            return (
                figure.category not in self.fits and figure.category not in self.misread,
                abs(figure.value - target),
                figure.slug,
            )

        return sorted(singles, key=key)[:MAX_SINGLES]

    def _pairs(
        self, number: QuotedNumber, window: tuple[Decimal, Decimal], *, strict: bool
    ) -> list[Trace]:
        index = self.index
        traces = []
        for pair in index.pairs_between(window[0] * _REACH_LOW, window[1] * _REACH_HIGH):
            first, second = index.intervals[pair.first], index.intervals[pair.second]
            if pair.operation == "sum":
                interval = (first[0] + second[0], first[1] + second[1])
            else:
                interval = (first[0] - second[1], first[1] - second[0])
            if not overlaps(interval, window):
                continue
            parts = (pair.first, pair.second)
            if pair.operation == "sum" and index.figures[pair.second].value > (
                index.figures[pair.first].value
            ):
                parts = (pair.second, pair.first)  # largest first, as people read a sum
            traces.append(
                self._score(
                    number,
                    parts,
                    operation=pair.operation,
                    link=pair.link,
                    interval=interval,
                    total=pair.value,
                    strict=strict,
                )
            )
        return traces

    def _triples(self, number: QuotedNumber, window: tuple[Decimal, Decimal]) -> list[Trace]:
        index = self.index
        margin = abs(number.value) * (_REACH_HIGH - 1)
        seen: set[tuple[int, ...]] = set()
        traces = []
        for triple in index.triples_between(window[0], window[1], margin=margin):
            parts = tuple(
                sorted(
                    triple, key=lambda part: (-index.figures[part].value, index.figures[part].slug)
                )
            )
            if parts in seen:
                continue
            seen.add(parts)
            intervals = [index.intervals[part] for part in parts]
            interval = (sum(i[0] for i in intervals), sum(i[1] for i in intervals))
            if not overlaps(interval, window):
                continue
            traces.append(
                self._score(
                    number,
                    parts,
                    operation="sum",
                    link="triple",
                    interval=interval,
                    total=sum((index.figures[part].value for part in parts), Decimal(0)),
                    strict=True,
                )
            )
        return traces

    # -- result ------------------------------------------------------------------------------

    def best(self, number: QuotedNumber) -> Trace | None:
        traces = self.candidates(number)
        if not traces:
            return None
        return min(traces, key=self.rank)

    def rank(self, trace: Trace) -> tuple:
        slugs = tuple(self.index.figures[part].slug for part in trace.parts)
        return (-trace.score, len(trace.parts), trace.operation, slugs)


def _counts(noun: str, unit_words: frozenset[str]) -> bool:
    """Whether a figure's unit counts the noun the quote counts ("children", "calls")."""
    if noun == "children":
        return bool(unit_words & {"children", "child", "minors", "uacs", "ucs", "letters"})
    singular = noun.removesuffix("s")
    return noun in unit_words or singular in unit_words or f"{noun}s" in unit_words


def claim_spans(parsed: ParsedClaim, registry: Registry) -> tuple[tuple[date, date], ...]:
    """The dates the claim speaks about: its stated frame, else the tenures it blames."""
    if parsed.frame is not None:
        return ((parsed.frame.start, parsed.frame.end),)
    spans = []
    for tenure in registry.tenures:
        if tenure.slug in parsed.tenures:
            end = tenure.end or parsed.said_on or date.max
            spans.append((tenure.start, max(end, tenure.start)))
    return tuple(sorted(spans))


def inside_share(figure: FigureRecord, spans: tuple[tuple[date, date], ...]) -> float | None:
    """The share of a figure's period inside the spans; None when either is unknown."""
    start, end = figure.period_start, figure.period_end
    if not spans or start is None or end is None or end < start:
        return None
    total = (end - start).days + 1
    inside = 0
    for span_start, span_end in spans:
        low, high = max(start, span_start), min(end, span_end)
        if low <= high:
            inside += (high - low).days + 1
    return min(inside, total) / total


def outside_days(figure: FigureRecord, spans: tuple[tuple[date, date], ...]) -> tuple[int, int]:
    """Days of the figure's period outside the spans, and its length in days (0 if unknown)."""
    share = inside_share(figure, spans)
    if share is None:
        return 0, 0
    total = (figure.period_end - figure.period_start).days + 1  # type: ignore[operator]
    return round(total * (1 - share)), total


def trace_numbers(
    parsed: ParsedClaim, registry: Registry
) -> list[tuple[QuotedNumber, Trace | None]]:
    """Trace every distinct number of the claim; equal numbers are traced once, by the best of
    their wordings ("more than 325,000" and "three hundred and twenty-five thousand")."""
    matcher = Matcher(parsed, registry)
    groups: dict[tuple, dict[tuple, QuotedNumber]] = {}
    for number in parsed.numbers:
        group = (number.percent, number.value, number.stated_high)
        if group not in groups and len(groups) == MAX_NUMBERS:
            continue
        wording = (number.low, number.high, number.noun)
        groups.setdefault(group, {}).setdefault(wording, number)
    results = []
    for by_wording in groups.values():
        members = list(by_wording.values())
        traces = [trace for number in members if (trace := matcher.best(number))]
        best = min(traces, key=matcher.rank) if traces else None
        results.append((best.number if best else members[0], best))
    return results
