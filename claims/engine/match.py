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
(for a difference, the period is the whole's: it counts members of the whole).

Which candidates are considered at all: a combination must reproduce the number within
tolerance (a sum that only comes near it is a coincidence at scale), except a sum of one
measure over consecutive periods when the quote states the time they make up (people round a
total they added up as they round a figure), and three-figure sums are
sought only when no single figure or pair does. When the claim's words say what it counts, a
figure that only comes near the number (a rounding), a percentage, a pair or a triple must
involve a category the words describe or misread: otherwise it is arithmetic on unrelated
figures. The simpler, better supported explanation is the likelier one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from heapq import merge
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from claims.engine.combinations import Combinations, target_of
from claims.engine.evidence import (
    MISREAD,
    NEUTRAL,
    RELEVANT,
    Candidate,
    EvidenceFloor,
    claim_spans,
)
from claims.engine.frames import ClaimFrame
from claims.engine.index import FigureIndex, outward
from claims.engine.numbers import QuotedNumber
from claims.engine.parse import ParsedClaim
from claims.engine.registry import FigureRecord, Registry
from claims.engine.series import prefer
from claims.engine.tolerance import loose_interval, overlaps

if TYPE_CHECKING:
    from claims.engine.series import Aggregate

W_UNAVAILABLE = -4.0
W_NAMED_SOURCE = 3.0
W_RELEVANCE = {2: 2.0, 1: 1.5, 0: 0.0}
W_SHAPE = {
    "single": 0.0,
    "consecutive": -0.25,  # one measure over periods that follow one another
    "subset": -0.25,  # a share of a recorded whole
    "series": -0.25,  # a change between two periods of one measure
    "snapshots": -0.5,  # a change between two counts of one measure
    "disjoint": -0.75,
    "part_of_whole": -1.0,
    "document": -1.5,
    "related": -1.75,
    "triple": -2.5,
    # Aggregates of the rows of an official table (series.py).
    "row": 0.0,  # one row
    "rows_sum": -0.25,  # consecutive rows over the period stated
    "rows_change": -0.25,  # a row against another, for the two times stated
    "rows_share": -0.25,  # a state's row over the national total
}
W_DIFFERENCE = -0.25  # on top of its shape: a whole minus its part costs -1.25 in all
W_LOOSE = -1.5
W_UNIT = -1.0
W_TIME = 1.0
W_SUPERSEDED = -1.0
# The share of the kinds of thing the words describe that a trace accounts for: "never got a
# notice or failed to appear" is better explained by both counts than by one.
W_COVERAGE = 1.5
W_CLOSENESS = -2.0
W_SAME_VALUE = 1.0

# A figure's interval reaches at most 10 % beyond its value (tolerance.figure_interval), so a
# value window this much wider than the quote's interval finds every overlapping figure.
_REACH_LOW, _REACH_HIGH = Decimal("0.9"), Decimal("1.12")
# Quotes vaguer than this (relative width) are traced to single figures only.
MAX_COMBINABLE_WIDTH = Decimal("0.3")
# More candidates than this for one number (a vague magnitude over a large registry) are cut,
# keeping first those the words describe and that were published by the claim date, nearest
# in value first. Together they bound the work of a check whatever the registry's size.
MAX_SINGLES = 50
# A stated span at least this long may be made up of three periods of one measure.
MULTI_YEAR_DAYS = 700

# A quote is not a table: past this many distinct numbers the rest are not traced, which bounds
# the work a pasted page can cause.
MAX_NUMBERS = 24


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
    # Figures published after the claim that agree with it: they confirm the number, but the
    # claimant could not have taken it from them.
    confirmed_later: tuple[int, ...] = ()
    # Rows of official tables instead of figures (series.py); parts is then empty.
    aggregate: Aggregate | None = None

    def figures(self, index: FigureIndex) -> tuple[FigureRecord, ...]:
        if self.aggregate is not None:
            return (self.aggregate.figure,)
        return tuple(index.figures[part] for part in self.parts)


class _View(NamedTuple):
    """What the score needs to know about one figure for one claim."""

    available: bool
    relevance: int
    soft: float  # relevance and source weights, averaged over a combination's parts
    time: float | None  # 2 × share of its period inside the claim's frame - 1
    superseded: bool
    unit_ok: bool
    alone: float  # everything a single figure's score owes to the figure itself


class Matcher(Combinations, EvidenceFloor):
    """Traces the numbers of one claim frame against one registry."""

    def __init__(self, parsed: ClaimFrame, registry: Registry) -> None:
        self.parsed = parsed
        self.unit = parsed.unit
        self.registry = registry
        self.rejected: dict[QuotedNumber, str] = {}  # why the best candidate fell below the floor
        self.index = registry.index
        index = self.index
        lexicon = registry.lexicon
        claimed = set(parsed.asserted_categories)
        # A harm word ("trafficked") can name what a figure counts, but asserting harm is not a
        # misreading of another figure: only the plain category words make one.
        described = {
            m.category for m in parsed.mentions if m.asserted and not (m.harm or m.not_counted)
        }
        # Words of what a category does not count describe the number too: as a count the
        # registry does not hold, and as a misreading of that category's counts.
        excluded = parsed.not_counted
        self.described = bool(described or excluded)
        self.plain_categories = frozenset(described)
        self.fits = frozenset(
            slug
            for slug in registry.categories
            if slug in claimed or claimed & index.category_ancestors(slug)
        )
        self.plain_fits = frozenset(
            slug
            for slug in registry.categories
            if slug in described or described & index.category_ancestors(slug)
        )
        self.misread = frozenset(
            slug
            for slug in registry.categories
            if described & lexicon.named_by.get(slug, set())
            or slug in excluded
            or excluded & index.category_ancestors(slug)
        )
        self.relevant_categories = self.fits | self.misread
        self.spans = claim_spans(parsed, registry)
        self._span_days = [(start.toordinal(), end.toordinal()) for start, end in self.spans]
        self.sources = frozenset(parsed.sources)
        self._views: dict[tuple[int, str], _View] = {}
        self._strict_found = False  # whether a number's candidates met it within tolerance

    # -- per figure --------------------------------------------------------------------------

    def view(self, position: int, noun: str) -> _View:
        key = (position, noun)
        if (cached := self._views.get(key)) is not None:
            return cached
        index = self.index
        figure = index.figures[position]
        said_on = self.parsed.said_on
        published = index.published[position]
        if figure.category in self.fits:
            relevance = RELEVANT
        elif figure.category in self.misread:
            relevance = MISREAD
        else:
            relevance = NEUTRAL
        inside = self._inside(position)
        available = said_on is None or published is None or published <= said_on
        soft = W_RELEVANCE[relevance] + index.prior[position]
        time = None if inside is None else W_TIME * (2 * inside - 1)
        # A restatement of a measure (same_measure_as) is as outdated as the measure itself.
        replaced_on = index.replaced_on[position]
        superseded = said_on is not None and replaced_on is not None and replaced_on <= said_on
        units = index.units[position]
        unit_ok = not noun or not units or noun in units
        alone = (
            soft
            + (time or 0.0)
            + (0.0 if available else W_UNAVAILABLE)
            + (W_SUPERSEDED if superseded else 0.0)
            + (0.0 if unit_ok else W_UNIT)
            + (W_NAMED_SOURCE if figure.document in self.sources else 0.0)
        )
        view = _View(available, relevance, soft, time, superseded, unit_ok, alone)
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
        total: Decimal,
        strict: bool,
        target: float,
    ) -> float:
        """The trace's score (see the table above); target is the quote's value as a float,
        or 0 when closeness does not count (a vague magnitude)."""
        coverage = W_COVERAGE * self._coverage(parts[:1] if operation == "share" else parts)
        if operation == "single":  # the common case, from the figure's own precomputed part
            score = self.view(parts[0], self.unit).alone + coverage
            if not strict:
                score += W_LOOSE
            view = self.view(parts[0], self.unit)
            if (
                number.stated_high is None
                and total == number.value
                and not (self.described and view.relevance == NEUTRAL)
            ):
                # A quote that repeats a figure's own number names it, unless its words say it
                # counts something else: repeated digits alone do not make a trace.
                score += W_SAME_VALUE
            if target:
                score += W_CLOSENESS * abs(float(total) - target) / abs(target)
            return round(score, 9)
        views = [self.view(part, self.unit) for part in parts]
        # A share is about its part: the words describe the part, its whole is the scale.
        weighed = views[:1] if operation == "share" else views
        score = sum(view.soft for view in weighed) / len(weighed) + W_SHAPE[link or "single"]
        score += coverage
        if operation == "share":  # of two wholes, the one its source states itself
            score += self.index.prior[parts[1]] / 2
        if not all(view.available for view in views):
            score += W_UNAVAILABLE
        if operation == "difference":
            score += W_DIFFERENCE
        if not strict:
            score += W_LOOSE
        if operation not in ("share", "change") and not all(view.unit_ok for view in views):
            score += W_UNIT
        if operation == "change":
            score += W_TIME * self._change_time(parts)
        else:
            # A difference counts members of the whole, and a share its part: that one's
            # period is the one that counts.
            timed = views[:1] if operation in ("difference", "share") else views
            times = [view.time for view in timed if view.time is not None]
            if times:
                score += sum(times) / len(times)
        if any(view.superseded for view in views):
            score += W_SUPERSEDED
        if self.sources and all(
            self.index.figures[part].document in self.sources for part in parts
        ):
            score += W_NAMED_SOURCE
        if target:
            score += W_CLOSENESS * abs(float(total) - target) / abs(target)
        return round(score, 9)

    # -- candidates --------------------------------------------------------------------------

    def candidates(self, number: QuotedNumber) -> list[Candidate]:
        """The candidates for a number that clear the evidence floor, scored, in the order
        they are found; the reason the first one that does not was refused is kept in
        rejected. Only those kept are scored: a refused one's score decides nothing."""
        index = self.index
        self._strict_found = False
        if number.change:
            return self._changes(number)
        strict = (number.low, number.high)
        loose = loose_interval(*strict, value=number.value, percent=number.percent)
        found: list[Candidate] = []
        target = 0.0 if number.qualifier == "vague" else float(target_of(number))
        for position in self._singles(number, strict, loose):
            interval = index.intervals[position]
            total = index.figures[position].value
            self._keep(
                found, number, (position,), "single", "", *interval, total,
                overlaps(interval, strict), target,
            )  # fmt: skip
        width = number.high - number.low
        if number.percent:
            found.extend(self._shares(number, strict, target))
            return found
        if width > abs(number.value) * MAX_COMBINABLE_WIDTH:
            return found
        found.extend(self._pairs(number, strict, target))
        found.extend(self._period_sums(number, strict, target))
        # Three figures when nothing simpler matches, or when the quote states a span that
        # several periods of one measure may make up ("in fiscal years 2021 through 2023").
        frame = self.parsed.frame
        spans_years = frame is not None and (frame.end - frame.start).days >= MULTI_YEAR_DAYS
        if not self._strict_found or spans_years:
            found.extend(self._triples(number, strict, target))
        return found

    def _keep(
        self,
        found: list[Candidate],
        number: QuotedNumber,
        parts: tuple[int, ...],
        operation: str,
        link: str,
        low: Decimal,
        high: Decimal,
        total: Decimal,
        strict: bool,
        target: float,
    ) -> None:
        """Add a candidate to found, scored, when it clears the evidence floor; else keep
        the reason, if it is the first."""
        self._strict_found = self._strict_found or strict
        candidate = (0.0, parts, operation, link, low, high, total, strict)
        if reason := self.below_floor(number, candidate):
            self.rejected.setdefault(number, reason)
            return
        score = self._score(
            number, parts, operation=operation, link=link, total=total, strict=strict,
            target=target,
        )  # fmt: skip
        found.append((score, parts, operation, link, low, high, total, strict))

    def _singles(
        self,
        number: QuotedNumber,
        strict: tuple[Decimal, Decimal],
        loose: tuple[Decimal, Decimal],
    ) -> list[int]:
        """The single figures worth scoring for a number: those whose interval meets its
        loose interval, in order of value.

        A share means nothing without what it is a share of: when the words say what it is,
        a percentage is traced only to figures of that category or its known misreadings (or
        that repeat it). Likewise a count that only comes near a figure (a rounding) needs the
        words' support. Past MAX_SINGLES, the list is cut: first the figures the words
        describe, published by the claim date, then the others, each group nearest in value
        to the quote first (each in order of value when it is kept whole).

        The figures are walked outwards from the quote's value, the categories the words
        describe apart from the rest, so a vague magnitude that meets thousands of figures
        looks at about as many as it keeps."""
        index = self.index
        percent = number.percent
        low, high = strict
        loose_low, loose_high = loose
        if index.negative or loose_low < 0:
            return self._singles_listed(number, strict, loose)
        lows, highs, categories = index.lows, index.highs, index.categories
        relevant = self.relevant_categories
        published = self._published
        target = target_of(number)
        bottom, top = loose_low * _REACH_LOW, loose_high * _REACH_HIGH

        def meets(p: int) -> bool:
            return lows[p] <= loose_high and highs[p] >= loose_low

        def walk(
            category: str | None,
            accept: Callable[[int], bool],
            window: tuple[Decimal, Decimal] = (bottom, top),
        ) -> Iterator[tuple[Decimal, int, int, int]]:
            keys, ids = index.values_of(percent=percent, category=category)
            return outward(keys, ids, max(window[0], bottom), min(window[1], top), target, accept)

        described = sorted(relevant)
        preferred = merge(*(walk(c, lambda p: meets(p) and published(p)) for c in described))
        first = [p for *_, p in islice(preferred, MAX_SINGLES + 1)]
        if len(first) > MAX_SINGLES:
            return first[:MAX_SINGLES]
        # The rest: figures of those categories published later, and figures of other
        # categories (when the words say what the number counts, only those that meet the
        # quote's own interval or, for a percentage, repeat it).
        if not self.described:
            window, fits = (bottom, top), meets
        elif percent:
            window = (number.value, number.value)
            fits = meets
        else:
            window = (low * _REACH_LOW, high * _REACH_HIGH)

            def fits(p: int) -> bool:
                return lows[p] <= high and highs[p] >= low and meets(p)

        others = merge(
            *(walk(c, lambda p: meets(p) and not published(p)) for c in described),
            walk(None, lambda p: categories[p] not in relevant and fits(p), window),
        )
        need = MAX_SINGLES - len(first)
        rest = [p for *_, p in islice(others, need + 1)]
        values = index.values
        if len(rest) <= need:  # no more than MAX_SINGLES in all: every one, in order of value
            return sorted(first + rest, key=lambda p: (values[p], p))
        return sorted(first, key=lambda p: (values[p], p)) + rest[:need]

    def _singles_listed(
        self,
        number: QuotedNumber,
        strict: tuple[Decimal, Decimal],
        loose: tuple[Decimal, Decimal],
    ) -> list[int]:
        """_singles, by listing every figure that meets the loose interval: for negative
        values, where the walk's windows do not hold."""
        index = self.index
        singles = index.singles_meeting(*loose, percent=number.percent)
        if self.described:
            relevant = self.relevant_categories
            lows, highs, categories = index.lows, index.highs, index.categories
            low, high = strict
            singles = [
                p
                for p in singles
                if categories[p] in relevant
                or (not number.percent and lows[p] <= high and highs[p] >= low)
                or (number.percent and index.values[p] == number.value)
            ]
        if len(singles) > MAX_SINGLES:
            singles = self._cut(
                singles,
                index.values,
                target_of(number),
                MAX_SINGLES,
                lambda p: self._relevant(p) and self._published(p),
            )
        return singles

    def best(self, number: QuotedNumber) -> Trace | None:
        """The best explanation of the number that clears the evidence floor.

        Only figures published by the claim date can be where the number came from; a later
        one is the answer only when nothing earlier explains the number (figure_after_claim),
        and otherwise is kept as confirming it.

        The rows of official tables compete with the figures: a figure that restates a row
        is preferred, as that row published; otherwise the better score wins.
        """
        return prefer(self, number, self._best_figures(number))

    def _best_figures(self, number: QuotedNumber) -> Trace | None:
        kept = self.candidates(number)
        if not kept:
            return None
        earlier: list[Candidate] = []
        later: list[Candidate] = []
        for candidate in kept:
            published = all(self._published(part) for part in candidate[1])
            (earlier if published else later).append(candidate)
        if not earlier and self._contradicted(number, later):
            # What the registry held when the claim was made already says otherwise: a later
            # figure cannot rescue the number.
            self.rejected.setdefault(number, "a figure of what the words describe says otherwise")
            return None
        pool = earlier or later
        score, parts, operation, link, low, high, total, strict = min(pool, key=_order)
        if operation == "single":
            parts = (self._primary(parts[0], pool),)
        # Later figures that agree: of a category traced, or restating a measure traced (a
        # figure another publisher later gives for the same count confirms it, whatever it
        # calls it). When the answer itself is later, its restatements confirm it too.
        index = self.index
        traced_categories = {index.categories[part] for part in parts}
        traced_measures = {index.measure[part] for part in parts}

        def agrees(candidate: Candidate) -> bool:
            position = candidate[1][0]
            if candidate[2] != "single" or not candidate[7] or position in parts:
                return False
            if index.measure[position] in traced_measures:
                return True
            return bool(earlier) and index.categories[position] in traced_categories

        confirmed = tuple(sorted({c[1][0] for c in later if agrees(c)}))
        self.rejected.pop(number, None)
        return Trace(
            number=number,
            parts=parts,
            operation=operation,
            link=link,
            low=low,
            high=high,
            total=total,
            strict=strict,
            available=bool(earlier),
            score=score,
            confirmed_later=confirmed,
        )

    def _primary(self, position: int, pool: list[Candidate]) -> int:
        """Among the candidates that restate the chosen figure's measure, the one from the
        most primary publisher (a news report that quoted an agency gives way to the agency)."""
        index = self.index
        measure = index.measure[position]
        restating = [
            c[1][0]
            for c in pool
            if c[2] == "single" and c[7] and index.measure[c[1][0]] == measure
        ]
        return max([position, *restating], key=lambda p: (index.prior[p], p == position))

    def _coverage(self, parts: tuple[int, ...]) -> float:
        """The share of the kinds of thing the words describe that these figures count."""
        if len(self.plain_categories) < 2:
            return 0.0  # one kind named: relevance already weighs it
        index, named_by = self.index, self.registry.lexicon.named_by
        covered = {
            category
            for category in self.plain_categories
            for part in parts
            if category == index.categories[part]
            or category in index.category_ancestors(index.categories[part])
            or category in named_by.get(index.categories[part], ())
        }
        return len(covered) / len(self.plain_categories)

    @staticmethod
    def rank(trace: Trace) -> tuple[float, int, str, tuple[int, ...]]:
        return (-trace.score, len(trace.parts), trace.operation, trace.parts)


def _order(candidate: Candidate) -> tuple[float, int, str, tuple[int, ...]]:
    """Highest score first; then the simplest; then by slug (positions follow slug order), so
    the result never depends on the order of the registry."""
    return (-candidate[0], len(candidate[1]), candidate[2], candidate[1])


def trace_numbers(
    parsed: ParsedClaim, registry: Registry
) -> list[tuple[QuotedNumber, Trace | None, ClaimFrame, str]]:
    """Trace the number of every traceable frame; a value said more than once is traced once,
    by the best of its wordings ("more than 325,000" and "three hundred and twenty-five
    thousand"). Returns (number, trace or None, frame, why nothing cleared the floor)."""
    results = []
    for frame in parsed.traceable[:MAX_NUMBERS]:
        matcher = Matcher(frame, registry)
        members: dict[tuple[Decimal, Decimal], QuotedNumber] = {}
        for number in frame.numbers:
            members.setdefault((number.low, number.high), number)
        traces = [trace for number in members.values() if (trace := matcher.best(number))]
        best = min(traces, key=matcher.rank) if traces else None
        number = best.number if best else frame.number
        reason = "" if best else next(iter(matcher.rejected.values()), "")
        results.append((number, best, frame, reason))
    return results
