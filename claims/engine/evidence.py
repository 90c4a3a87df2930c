"""The evidence behind a trace: what makes a candidate too weak to be an answer (the evidence
floor), what the registry held that contradicts a number, and the periods a claim speaks of.

The matcher (match.py) finds and scores candidates; this module says which of them may be an
answer at all, and why not, in words a reader is shown ("the number is too vague to point at
a figure the words do not describe").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from heapq import merge
from typing import TYPE_CHECKING, Any

from claims.engine.frames import ClaimFrame
from claims.engine.numbers import QuotedNumber
from claims.engine.registry import FigureRecord, Registry
from claims.engine.tolerance import EXACT, overlaps, quote_interval

if TYPE_CHECKING:
    from claims.engine.index import FigureIndex
    from claims.engine.parse import ParsedClaim

RELEVANT, MISREAD, NEUTRAL = 2, 1, 0
# (score, parts, operation, link, low, high, total, strict): a candidate before it is chosen.
Candidate = tuple[float, tuple[int, ...], str, str, Decimal, Decimal, Decimal, bool]
# A figure of another kind than the words describe is traced only when it lies within what the
# quoted value, said exactly, would allow (at most ± 5 %), whatever word hedges it; numbers
# worded this precisely are taken within their own interval...
TIGHT = frozenset({"exact", "just over", "just under"})
# ... and no figure is traced when at most this share of its period falls in the time the
# quote states.
OUTSIDE_SHARE = 0.05


class EvidenceFloor:
    """The matcher's judgement of its own candidates (mixed into match.Matcher, whose
    attributes it reads: parsed, registry, index, unit, described, _span_days, view)."""

    parsed: ClaimFrame
    registry: Registry
    index: FigureIndex
    unit: str
    described: bool
    plain_fits: frozenset[str]
    _span_days: list[tuple[int, int]]

    view: Callable[[int, str], Any]  # match.Matcher.view

    def _contradicted(self, number: QuotedNumber, later: list[Candidate]) -> bool:
        """Whether what the registry held at the claim date says otherwise, not counting
        older counts of a measure that a later matching figure updates."""
        index = self.index
        updated = {part for candidate in later for part in candidate[1]}
        return any(
            not any(
                part in index.superseded_by(position)
                or index.measure[part] == index.measure[position]
                for part in updated
            )
            for position in contradicting(self.parsed, self.registry, number)
        )

    def below_floor(self, number: QuotedNumber, candidate: Candidate) -> str:
        """Why a candidate is too weak to be an answer, or "" when it is strong enough.

        A trace must be supported by more than closeness. A count of one thing never traces
        to a count of another. A vague magnitude ("thousands", "millions") or a loose rounding
        needs the words to describe what the figures count, and so does a combination. A
        single figure of another kind than the words describe must match closely (within an
        exact number's tolerance, whatever word hedges the number): that is how a number gets
        misdescribed; a wider match is a coincidence. A figure whose period lies wholly
        outside the time the quote states is another count, unless the quote repeats its
        digits exactly.

        Words the registry gives as what a category does not count ("deported", where orders
        of removal "do not mean a removal that was carried out") describe the number too: as
        a count the registry does not hold, so that closeness alone cannot trace it to a
        figure of another kind, and as a misreading of that category's own figures.
        """
        _, parts, operation, link, low, high, total, strict = candidate
        # A count of one thing never traces to a count of another, unless the plain words
        # name exactly what the figure counts ("apprehended 149,093 children": apprehensions).
        # (As the figure's view says of its unit, read here before any view is made: most of
        # the candidates a long quote's stray numbers meet fail here.)
        index, unit = self.index, self.unit
        if (
            unit
            and not (number.percent or number.change)
            and not all(
                not index.units[part]
                or unit in index.units[part]
                or index.categories[part] in self.plain_fits
                for part in parts
            )
        ):
            return "it counts something other than what the quote counts"
        views = [self.view(part, unit) for part in parts]
        width = number.high - number.low
        vague = number.qualifier == "vague" or width > abs(number.value) * Decimal("0.3")
        related = [view.relevance >= MISREAD for view in views]
        if vague and not all(related):
            return "the number is too vague to point at a figure the words do not describe"
        if not strict and not any(related) and (self.described or not self.unit):
            return "it comes near the number only as a rounding, and the words do not describe it"
        if operation == "sum" and link != "disjoint" and (reason := self._series_sum(parts)):
            return reason
        if operation == "share" and views[0].relevance < MISREAD:
            return "the words do not say what the share counts"
        if (
            operation == "share"
            and views[0].relevance == RELEVANT
            and not self._names_share(parts)
        ):
            return "the words name a larger group than the share's part, and not its whole"
        if operation == "change" and not any(related) and self._change_time(parts) <= 0:
            return "the words describe neither the measure nor the periods of the change"
        harm_only = not self.described and bool(self.parsed.describing_harms)
        if (
            harm_only
            and operation == "single"
            and not any(view.relevance == RELEVANT for view in views)
            and not repeats(number, total)
        ):
            return "the words speak only of harm, which the figure does not count"
        if self.described and not any(related):
            # A pair the source itself reports as separate groups is no coincidence: people
            # add those up, and the words then misdescribe the sum.
            if operation != "single" and link != "disjoint":
                return "the words describe none of the figures that would add up to it"
            if operation == "single":
                # Words of what no category counts ("deported") say the number is a count the
                # registry does not hold: only the figure's own value, repeated, traces it.
                close = (
                    repeats(number, total)
                    if self.parsed.not_counted
                    else close_as_exact(number, (low, high))
                )
                if not close:
                    return "the words describe something else, and the figure is not close enough"
                time = views[0].time
                exact = repeats(number, total) and specific(number)
                if time is not None and time <= -1.0 + 2 * OUTSIDE_SHARE and not exact:
                    return "the words describe something else, of another time"
        if self.parsed.frame is not None and not (repeats(number, total) and specific(number)):
            timed = [view.time for view in views if view.time is not None]
            if timed and max(timed) <= -1.0 + 2 * OUTSIDE_SHARE:
                return "its period lies outside the time the quote states"
        return ""

    def _names_share(self, parts: tuple[int, ...]) -> bool:
        """Whether the words name a share's part itself, or else its whole. Words that name
        only a larger group the part belongs to, other than the whole it is a share of ("9
        percent of the children released", for a share of all those transferred), say neither
        which part is counted nor of what: any subset of the group would fit them."""
        part, whole = parts
        index = self.index
        named = {m.category for m in self.parsed.mentions if m.asserted and not m.not_counted}
        if index.categories[part] in named:
            return True
        whole_category = index.categories[whole]
        return whole_category in named or bool(named & index.category_ancestors(whole_category))

    def _change_time(self, parts: tuple[int, ...]) -> float:
        """How well two periods fit the times the quote states for a change: 1 when the
        earlier begins where they begin and the later ends where they end, -1 when they do
        not, 0 when the quote states none."""
        times = self.parsed.times
        if not times:
            return 0.0
        earlier, later = (self.index.periods[part] for part in parts)
        if earlier is None or later is None:
            return 0.0
        start = min(time.start.toordinal() for time in times)
        end = max(time.end.toordinal() for time in times)
        fits = abs(earlier[0] - start) <= 31 and abs(later[1] - end) <= 31
        return 1.0 if fits else -1.0

    def _consecutive(self, parts: tuple[int, ...]) -> bool:
        """Whether the figures count one measure over periods that follow one another."""
        ordered = sorted(parts, key=lambda part: self.index.periods[part] or (0, 0))
        return all(self.index.consecutive(a, b) for a, b in itertools.pairwise(ordered))

    def _series_sum(self, parts: tuple[int, ...]) -> str:
        """A sum of one measure over several periods (the same category and unit) stands only
        for consecutive periods that make up the time the quote states (unless the registry
        records the parts as disjoint groups)."""
        index = self.index
        if len({(index.categories[p], index.unit_head[p]) for p in parts}) != 1:
            return ""
        periods = sorted(index.periods[p] or (0, -1) for p in parts)
        if any(end < start for start, end in periods):
            return "a sum of one measure over periods that are not known"
        consecutive = all(periods[k][1] + 1 == periods[k + 1][0] for k in range(len(periods) - 1))
        if not consecutive:
            return "a sum of one measure over periods that do not follow one another"
        if not self._span_days:
            return "a sum of one measure over several periods the quote does not state"
        union = (periods[0][0], periods[-1][1])
        covered = sum(
            max(0, min(union[1], end) - max(union[0], start) + 1) for start, end in self._span_days
        )
        length = union[1] - union[0] + 1
        stated = sum(end - start + 1 for start, end in self._span_days)
        if covered < 0.9 * length or covered < 0.9 * stated:
            return "a sum of one measure over periods other than the one the quote states"
        return ""


def specific(number: QuotedNumber) -> bool:
    """Whether a number has three significant digits or more ("1,475", "291,000"; not "35" or
    "80,000"): repeating it is no coincidence."""
    return len(number.value.normalize().as_tuple().digits) >= 3


def close_as_exact(number: QuotedNumber, interval: tuple[Decimal, Decimal]) -> bool:
    """Whether a figure (its interval) comes as close to a quoted number as an exact quote's
    tolerance allows: how close a figure of another kind than the words describe must come to
    be where the number came from. A hedge ("about 20,000", "more than 19,000") widens what the
    quote may mean, not that: the figure must still lie within what its value, said exactly,
    would allow. A range or a vague magnitude is never that close."""
    if number.qualifier in TIGHT:
        return True
    if number.stated_high is not None or number.qualifier == "vague":
        return False
    return overlaps(interval, quote_interval(number.value, EXACT))


def repeats(number: QuotedNumber, total: Decimal) -> bool:
    """Whether the quote repeats a figure's value ("1,475", "around 500", "about 19
    percent"), whatever word hedges it; a range or a vague magnitude repeats nothing."""
    return number.stated_high is None and number.qualifier != "vague" and total == number.value


# Without a stated time frame or party, a figure speaks to a claim about "now" when its period
# ended (or it was counted) this many days before the claim at most.
RECENT_DAYS = 3 * 365


def contradicting(frame: ClaimFrame, registry: Registry, number: QuotedNumber) -> list[int]:
    """Figures that say what the number should have been: of exactly the category the words
    describe, counting what the number counts, over the time the claim speaks of, published
    by the claim date, from a source with a published method. Positions in the index."""
    if number.change:
        return _contradicting_change(frame, registry)
    index = registry.index
    claimed = narrowest(
        {m.category for m in frame.mentions if m.asserted and not (m.harm or m.not_counted)}, index
    )
    said_on = frame.said_on
    if not claimed or said_on is None:
        return []
    spans = claim_spans(frame, registry)
    found: list[int] = []
    # Only the figures of the categories described, in order of position, until three are found.
    members = [index.category_members.get(category, ()) for category in sorted(claimed)]
    for position in merge(*members):
        figure = index.figures[position]
        if index.percent[position] != number.percent:
            continue
        if figure.confidence == "unverified" or figure.kind == "announcement":
            continue
        units = index.units[position]
        if frame.unit and units and frame.unit not in units:
            continue
        published = index.published[position]
        if published is None or published > said_on:
            continue
        if spans:
            share = inside_share(figure, spans)
            if share is None or share < 0.5:
                continue
        else:
            counted = figure.period_end or figure.as_of
            if counted is None or (said_on - counted).days > RECENT_DAYS:
                continue
        found.append(position)
        if len(found) == 3:
            break
    return found


def narrowest(categories: set[str], index: FigureIndex) -> set[str]:
    """The categories the words name, less those that only contain another one named: "the
    children transferred who were never served a notice" count the narrower group, so a count
    of all those transferred does not say what the number should have been."""
    return {
        category
        for category in categories
        if not any(category in index.category_ancestors(other) for other in categories)
    }


def _contradicting_change(frame: ClaimFrame, registry: Registry) -> list[int]:
    """For a change: the two counts of one measure over exactly the periods the quote names
    ("from fiscal 2022 to fiscal 2023"), of what its words describe or count."""
    if len(frame.times) < 1 or frame.said_on is None:
        return []
    index = registry.index
    start = min(time.start.toordinal() for time in frame.times)
    end = max(time.end.toordinal() for time in frame.times)
    claimed = {m.category for m in frame.mentions if m.asserted and not (m.harm or m.not_counted)}
    # The first, in order of value, of the ratios of what the words describe or count whose
    # periods begin and end within a month of the times named.
    changes = index.arithmetic.ratios_over(claimed, frame.unit, start=start, end=end, days=31)
    for change in changes:
        earlier, later = change.first, change.second
        if (index.published[later] or date.max) > frame.said_on:
            continue
        return [earlier, later]
    return []


def claim_spans(
    parsed: ParsedClaim | ClaimFrame, registry: Registry
) -> tuple[tuple[date, date], ...]:
    """The dates the claim speaks about: its stated frame, else the tenures it blames."""
    if parsed.frame is not None:
        return ((parsed.frame.start, parsed.frame.end),)
    spans = []
    for tenure in registry.tenures:
        if tenure.slug in parsed.tenures:
            end = tenure.end or date.max  # a tenure still running
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
