"""Trace a quoted number to the rows of an official table (a series), as a data journalist would.

An aggregate of rows is a candidate beside the registry's figures:

| kind         | what it is                                                                   |
|--------------|------------------------------------------------------------------------------|
| `row`        | one row: the period the quote states (a year, a month "in November alone")   |
| `sum`        | consecutive rows that make up exactly the period the quote states            |
| `change`     | one row against another, for the two times the quote states: a ratio         |
|              | ("doubled"), a change in percent ("fell by a third") or a difference         |
| `share`      | a state's row over the national total of the same measure and period         |

What keeps an aggregate from matching by coincidence:
- the rows must fit the time the quote states: a row, its period; a sum, exactly the span of the
  times stated (never a sum over a period the quote did not state); a change, the earliest and
  the latest time stated. With no time stated, only a single row whose digits the quote repeats
  (three significant digits or more) can be the source;
- a state's row only when the quote names that state, the national row only when it names none;
- a row of a breakdown (a sponsor category, a component) only when the words name it, and the
  total row not when they name one;
- the number must be precise (a vague magnitude is traced to figures only) and match within its
  own tolerance, not only as a rounding;
- rows whose period ends after the claim was made cannot be its source.

A row the source marks as partial can still be the source, and the checks say it is partial.

Everything a check needs is computed once per registry (SeriesIndex): the rows by value, and for
each series, geography and breakdown, the rows in period order with their prefix sums and where
each run of consecutive periods begins, so that a sum over any stated span is two bisections.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from claims.engine.changes import FALL, RISE
from claims.engine.evidence import (
    MISREAD,
    NEUTRAL,
    RELEVANT,
    close_as_exact,
    repeats,
    specific,
)
from claims.engine.registry import FigureRecord, Registry, RowRef, SeriesRecord, SeriesRowRecord
from claims.engine.text import normalise, tokenize
from claims.engine.tolerance import figure_interval, overlaps

if TYPE_CHECKING:
    from claims.engine.match import Matcher, Trace
    from claims.engine.numbers import QuotedNumber

HUNDRED = Decimal(100)
_PLACES = Decimal("0.0001")
# A row fits a stated time when this share of each falls inside the other: a fiscal year fits
# the calendar year it mostly covers (three quarters), a month does not fit a year.
FIT_SHARE = 0.6
# A partial row fits a stated time it lies (nearly) wholly inside.
PARTIAL_INSIDE = 0.9
# The longest stated time (days) a count on a given day stands for: up to a year.
DATE_ROW_SPAN = 366
# With no time stated, a count on a given day this many days before the quote at most speaks
# for "now".
NOW_DAYS = 45
# Days by which the ends of a sum's rows may miss the ends of the span stated.
SUM_SLACK = 3
# Precision needed for any aggregate: a quote vaguer than this (relative width) is not traced
# to rows.
MAX_WIDTH = Decimal("0.3")
# A range this long ("from fiscal 2015 to fiscal 2019") compares years, not months.
YEARS_RANGE_DAYS = 700
# Words that make a count the difference between two times.
COMPARING = RISE | FALL | frozenset({"than", "since"})
# The shapes of match.W_SHAPE that aggregates take, by kind.
SHAPE = {"row": "row", "sum": "rows_sum", "change": "rows_change", "share": "rows_share"}
# More candidate rows than this near one value are cut, nearest first: a bound on the work.
MAX_ROWS = 200

_TIER_PRIOR = {1: 0.6, 2: 0.4, 3: 0.2, 4: 0.0}
_CONFIDENCE_PRIOR = {"primary": 0.2, "secondary": 0.1}


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Rows of one or two series that together explain a number."""

    kind: str  # "row", "sum", "change" or "share"
    series: SeriesRecord
    rows: tuple[SeriesRowRecord, ...]  # in period order; a share: the part, then the whole
    value: Decimal  # a count, a share in percent, a ratio or a change in percent
    low: Decimal
    high: Decimal
    operation: str = ""  # for a change: "ratio", "percent" or "difference"
    whole: SeriesRecord | None = None  # for a share: the series of the national total
    figure: FigureRecord = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "figure", _as_figure(self))

    @property
    def refs(self) -> tuple[RowRef, ...]:
        """The rows as findings and outputs cite them."""
        series = [self.series] * len(self.rows)
        if self.kind == "share" and self.whole is not None:
            series[-1] = self.whole
        return tuple(
            (s.slug, row.period_start, row.period_end, row.geo)
            for s, row in zip(series, self.rows, strict=True)
        )

    @property
    def partial(self) -> tuple[SeriesRowRecord, ...]:
        return tuple(row for row in self.rows if row.partial)

    @property
    def restated_by(self) -> frozenset[str]:
        """Registry figures that restate one of the rows."""
        return frozenset(slug for row in self.rows for slug in row.figures)


def _as_figure(aggregate: Aggregate) -> FigureRecord:
    """How the category, period and harm checks read an aggregate: as a figure of the series'
    category and unit over the rows' period."""
    rows = aggregate.rows
    first, last = rows[0], rows[-1]
    if aggregate.kind == "share":
        last = first
    text = first.period_text if first is last else f"{first.period_text} to {last.period_text}"
    series = aggregate.series
    refs = aggregate.refs
    return FigureRecord(
        slug=f"series:{series.slug}:{first.period_start}:{last.period_end}:{first.geo}",
        value=aggregate.value,
        qualifier=first.qualifier if len(rows) == 1 else "",
        unit={"share": "percent", "change": "change"}.get(aggregate.kind, series.unit),
        category=series.category,
        kind="figure",
        document=series.document,
        period_text=text,
        period_start=first.period_start,
        period_end=last.period_end,
        as_of_text="",
        as_of=None,
        confidence=series.confidence,
        rows=refs,
    )


@dataclass(slots=True)
class _Group:
    """The rows of one series for one geography and breakdown, in period order."""

    series: SeriesRecord
    geo: str
    breakdown: tuple[tuple[str, str], ...]
    rows: list[SeriesRowRecord]
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    prefix: list[Decimal] = field(default_factory=list)  # sum of the rows before each
    prefix_low: list[Decimal] = field(default_factory=list)
    prefix_high: list[Decimal] = field(default_factory=list)
    run: list[int] = field(default_factory=list)  # where each row's run of consecutive rows begins

    def build(self) -> None:
        self.rows.sort(key=lambda row: (row.period_start, row.period_end))
        total, low, high = Decimal(0), Decimal(0), Decimal(0)
        self.prefix, self.prefix_low, self.prefix_high = [total], [low], [high]
        for k, row in enumerate(self.rows):
            start, end = row.period_start.toordinal(), row.period_end.toordinal()
            one, two = interval(row)
            total, low, high = total + row.value, low + one, high + two
            self.prefix.append(total)
            self.prefix_low.append(low)
            self.prefix_high.append(high)
            follows = k > 0 and self.ends[-1] + 1 == start
            self.run.append(self.run[-1] if follows else k)
            self.starts.append(start)
            self.ends.append(end)

    def fitting(self, start: int, end: int) -> SeriesRowRecord | None:
        """The row whose period best fits the span (both ways, see FIT_SHARE)."""
        first = bisect_left(self.starts, start - 92)
        best: tuple[float, int] | None = None
        for k in range(first, len(self.rows)):
            if self.starts[k] > end:
                break
            fit = _fit(self.starts[k], self.ends[k], start, end)
            if fit >= FIT_SHARE and (best is None or fit > best[0]):
                best = (fit, k)
        return self.rows[best[1]] if best else None

    def ends_of(
        self, start: int, end: int
    ) -> tuple[SeriesRowRecord | None, SeriesRowRecord | None]:
        """The row that begins a range and the row that ends it. A range of years is read in
        rows of a year at least: its ends are years, not months."""
        yearly = end - start >= YEARS_RANGE_DAYS
        first = bisect_left(self.starts, start - SUM_SLACK)
        earlier = later = None
        if first < len(self.rows) and self.starts[first] <= start + SUM_SLACK:
            earlier = self.rows[first]
        last = bisect_right(self.starts, end) - 1
        if last >= 0 and abs(self.ends[last] - end) <= SUM_SLACK:
            later = self.rows[last]
        for row in (earlier, later):
            if row is not None and yearly and (row.period_end - row.period_start).days < 300:
                return None, None
        return earlier, later

    def run_over(self, start: int, end: int) -> tuple[int, int] | None:
        """The consecutive rows (first, last) that make up exactly the span, two or more."""
        first = bisect_left(self.starts, start - SUM_SLACK)
        if first >= len(self.rows) or self.starts[first] > start + SUM_SLACK:
            return None
        last = bisect_right(self.starts, end) - 1
        if last <= first or abs(self.ends[last] - end) > SUM_SLACK or self.run[last] > first:
            return None
        return first, last


def interval(row: SeriesRowRecord) -> tuple[Decimal, Decimal]:
    """The values a row stands for: its value, or the interval its qualifier allows."""
    if not row.qualifier:
        return row.value, row.value
    return figure_interval(row.value, row.qualifier)


def _inside_span(start: int, end: int, span_start: int, span_end: int) -> float:
    """The share of the row inside the span."""
    inside = min(end, span_end) - max(start, span_start) + 1
    return max(0, inside) / (end - start + 1)


def _fit(start: int, end: int, span_start: int, span_end: int) -> float:
    """The smaller of the shares of the row inside the span and of the span inside the row."""
    inside = min(end, span_end) - max(start, span_start) + 1
    if inside <= 0:
        return 0.0
    return min(inside / (end - start + 1), inside / (span_end - span_start + 1))


class _ValueTable:
    """Rows by value: those that stand for their value alone found by bisection on the quote's
    interval, the few with a qualifier through a window wide enough for theirs."""

    def __init__(self, entries: list[tuple[Decimal, Decimal, Decimal, int, int]]) -> None:
        exact = sorted((e[0], e[3], e[4]) for e in entries if e[1] == e[2])
        self.exact_values = [entry[0] for entry in exact]
        self.exact = [(entry[1], entry[2]) for entry in exact]
        self.loose = sorted(e for e in entries if e[1] != e[2])
        self.loose_values = [entry[0] for entry in self.loose]

    def meeting(self, low: Decimal, high: Decimal) -> list[tuple[int, int]]:
        first = bisect_left(self.exact_values, low)
        last = bisect_right(self.exact_values, high)
        found = self.exact[first:last]
        if self.loose:
            first = bisect_left(self.loose_values, low * Decimal("0.9"))
            last = bisect_right(self.loose_values, high * Decimal("1.12"))
            found = found + [
                (e[3], e[4]) for e in self.loose[first:last] if e[1] <= high and e[2] >= low
            ]
        return found


class SeriesIndex:
    """The registry's series arranged for tracing (built once per registry)."""

    def __init__(self, registry: Registry) -> None:
        self.series = tuple(sorted(registry.series, key=lambda s: s.slug))
        self.by_slug = {series.slug: series for series in self.series}
        groups: dict[tuple[str, str, tuple[tuple[str, str], ...]], _Group] = {}
        for series in self.series:
            for row in series.rows:
                key = (series.slug, row.geo, row.breakdown)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group(series, row.geo, row.breakdown, [])
                group.rows.append(row)
        self.groups = [groups[key] for key in sorted(groups)]
        # Every row by value (for a quote that states no time), and the rows of each period
        # and geography by value: a stated time finds its rows in a few periods, and their
        # values by bisection.
        everything: list[tuple[Decimal, Decimal, Decimal, int, int]] = []
        at: dict[tuple[int, int, str], list[tuple[Decimal, Decimal, Decimal, int, int]]] = {}
        for position, group in enumerate(self.groups):
            group.build()
            for k, row in enumerate(group.rows):
                low, high = interval(row)
                entry = (row.value, low, high, position, k)
                everything.append(entry)
                at.setdefault((group.starts[k], group.ends[k], group.geo), []).append(entry)
        self._all = _ValueTable(everything)
        self._at = {key: _ValueTable(entries) for key, entries in at.items()}
        self._periods = sorted({(start, end) for start, end, _ in at})
        self._period_starts = [start for start, _ in self._periods]
        self.by_geo: dict[str, list[int]] = {}
        for position, group in enumerate(self.groups):
            self.by_geo.setdefault(group.geo, []).append(position)
        # The groups of counts on given days (children in care on a date).
        self.dated = [
            position
            for position, group in enumerate(self.groups)
            if group.series.period_kind == "date"
        ]
        # The national total of a measure for a period, for a state's share of it: the
        # national, unbroken-down row of (unit, category, start, end).
        self.national: dict[tuple[str, str, date, date], tuple[SeriesRecord, SeriesRowRecord]] = {}
        for group in self.groups:
            if group.geo or group.breakdown:
                continue
            for row in group.rows:
                measure = (group.series.unit, group.series.category)
                self.national.setdefault(
                    (*measure, row.period_start, row.period_end), (group.series, row)
                )
        self.geos = tuple(sorted({group.geo for group in self.groups if group.geo}))
        self._geo_words = {geo: f" {normalise(geo).lower()} " for geo in self.geos}
        # Per series: the breakdown pairs its rows carry, as words a quote would use.
        self.breakdowns: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
        for group in self.groups:
            for column, value in group.breakdown:
                named = self.breakdowns.setdefault(group.series.slug, {})
                named[(column, value)] = _breakdown_words(column, value)
        # What each series counts: its unit, and the units its title names ("encounters of
        # unaccompanied children" counts encounters and children), as a figure's unit wording.
        lexicon = registry.lexicon
        self.units: dict[str, frozenset[str]] = {}
        for series in self.series:
            tokens = tokenize(normalise(series.title))
            words = {found for i in range(len(tokens)) if (found := lexicon.unit_at(tokens, i))}
            self.units[series.slug] = frozenset({series.unit, *words})
        self.priors = {
            series.slug: _TIER_PRIOR.get(
                tier(series, registry), 0.0
            ) + _CONFIDENCE_PRIOR.get(series.confidence, 0.0)
            for series in self.series
        }  # fmt: skip

    def rows_between(self, low: Decimal, high: Decimal) -> list[tuple[int, int]]:
        """(group, row) of the rows that may stand for a number in [low, high]."""
        return self._all.meeting(low, high)

    def periods_near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The rows' periods that begin within a span's length before it and by its end: every
        period that can fit it, or lie inside it."""
        first = bisect_left(self._period_starts, start - (end - start + 1))
        last = bisect_right(self._period_starts, end)
        return self._periods[first:last]

    def rows_at(
        self, start: int, end: int, geo: str, low: Decimal, high: Decimal
    ) -> list[tuple[int, int]]:
        """(group, row) of the rows of exactly this period and geography that may stand for a
        number in [low, high]."""
        table = self._at.get((start, end, geo))
        return table.meeting(low, high) if table is not None else []

    def named_geos(self, text: str) -> frozenset[str]:
        """The states (geographies of the data) the words name."""
        return _named(tuple(self._geo_words.items()), _padded(text))


def _inside(aggregate: Aggregate, spans: tuple[tuple[date, date], ...]) -> float | None:
    """The share of the aggregate's period inside the spans the claim speaks of."""
    if not spans:
        return None
    figure = aggregate.figure
    start, end = figure.period_start, figure.period_end
    if start is None or end is None:
        return None
    inside = 0
    for low, high in spans:
        low, high = max(start, low), min(end, high)
        if low <= high:
            inside += (high - low).days + 1
    return min(1.0, inside / ((end - start).days + 1))


def tier(series: SeriesRecord, registry: Registry) -> int:
    """How independent the series' publisher is: its document's tier, else an agency's own
    table (2) for primary data and secondary reporting (4) for the rest."""
    document = registry.documents.get(series.document)
    if document is not None:
        return document.tier
    return 2 if series.confidence == "primary" else 4


def _plain_words(text: str) -> str:
    """The text's words, lower case, each character that is not a letter or a digit (as
    str.isalnum says) made a space, one space between words."""
    return " ".join(_NOT_ALNUM.sub(" ", normalise(text).lower()).split())


# Every character str.isalnum() refuses: \W is every character that is not alphanumeric
# (str.isalnum) or the underscore.
_NOT_ALNUM = re.compile(r"[\W_]")


# A quote's words are read once, however many of its numbers look at the tables: each of them
# asks for the same text.
@lru_cache(maxsize=64)
def _padded(text: str) -> str:
    return f" {_plain_words(text)} "


@lru_cache(maxsize=64)
def _named(geo_words: tuple[tuple[str, str], ...], padded: str) -> frozenset[str]:
    return frozenset(geo for geo, words in geo_words if words in padded)


def _breakdown_words(column: str, value: str) -> tuple[str, ...]:
    """The words that name a breakdown value: the value itself when it is a word ("usbp",
    "ofo"), and the column's last word with the value ("category 1")."""
    plain_value = _plain_words(value)
    words = [f"{_plain_words(column).split()[-1]} {plain_value}"] if column else []
    if len(plain_value) >= 3 and not plain_value.isdigit():
        words.append(plain_value)
    return tuple(words)


class SeriesMatcher:
    """The aggregates of series rows that explain the numbers of one claim frame."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        registry = matcher.registry
        self.index = registry.series_index
        self.frame = matcher.parsed
        # The places and breakdowns the number's own sentence names: "Pennsylvania" in the
        # next sentence of a paragraph is not where the children were counted.
        text = self.frame.own_text or self.frame.text
        self.geos = self.index.named_geos(text)
        self.padded = _padded(text)
        said_on = self.frame.said_on
        self.said_on = said_on.toordinal() if said_on else None
        times = sorted(
            (t.start.toordinal(), t.end.toordinal())
            for t in self.frame.times
            if not t.reporting and t.start != date.min and t.end != date.max
        )
        if not times and self.frame.frame is not None:
            frame = self.frame.frame
            if frame.start != date.min and frame.end != date.max:
                times = [(frame.start.toordinal(), frame.end.toordinal())]
        self.times = times
        # The span the times make together, when they follow one another without a gap.
        self.span: tuple[int, int] | None = None
        if times:
            start, end = times[0]
            for one, two in times[1:]:
                if one > end + 1:
                    start = end = -1
                    break
                end = max(end, two)
            if start >= 0:
                self.span = (start, end)

    # -- which rows may speak for this quote -------------------------------------------------

    def _group_ok(self, group: _Group) -> bool:
        """The quote's geography and breakdown: a state's rows only when it names the state,
        the national rows only when it names none; a breakdown's rows only when the words name
        it, the total not when they name one of its breakdowns."""
        if group.geo:
            if group.geo not in self.geos:
                return False
        elif self.geos:
            return False
        named = self.index.breakdowns.get(group.series.slug)
        if not named:
            return True
        said = {pair for pair, words in named.items() if any(w in self.padded for w in words)}
        if group.breakdown:
            return all(pair in said for pair in group.breakdown)
        return not said

    def _available(self, row: SeriesRowRecord) -> bool:
        return self.said_on is None or row.period_end.toordinal() <= self.said_on

    def _groups(self) -> list[_Group]:
        """The groups whose rows may add up to or compare into the number: of the geography
        the quote names, and of a measure the words describe (or misread), else of the unit
        the quote counts; no other could clear the evidence floor."""
        index, matcher = self.index, self.matcher
        positions = [p for geo in (self.geos or {""}) for p in index.by_geo.get(geo, ())]
        groups = []
        for position in sorted(positions):
            group = index.groups[position]
            series = group.series
            if matcher.described:
                if series.category not in matcher.relevant_categories:
                    continue
            elif matcher.unit and matcher.unit not in index.units[series.slug]:
                continue
            if self._group_ok(group):
                groups.append(group)
        return groups

    # -- candidates --------------------------------------------------------------------------

    def aggregates(self, number: QuotedNumber) -> list[Aggregate]:
        """Every aggregate that explains the number within its own tolerance."""
        if not self.index.groups or number.high - number.low > abs(number.value) * MAX_WIDTH:
            return []
        if number.qualifier == "vague":
            return []
        if number.change:
            return self._changes(number)
        if number.percent:
            return self._shares(number)
        return [*self._rows(number), *self._sums(number), *self._differences(number)]

    def _rows(self, number: QuotedNumber) -> list[Aggregate]:
        """Single rows: of a period that fits the time stated, by value within each period and
        geography; with no time stated, a row whose value the quote repeats, or the latest
        count on a given day (see _latest_counts)."""
        index = self.index
        if self.span is not None:
            candidates = [
                ref
                for start, end in index.periods_near(*self.span)
                for geo in self.geos or ("",)
                for ref in index.rows_at(start, end, geo, number.low, number.high)
            ]
        else:
            latest = self._latest_counts(number)
            candidates = list(latest)
            if repeats(number, number.value) and specific(number):
                candidates += index.rows_between(number.value, number.value)
            if not candidates:
                return []
        found = []
        for position, k in candidates[:MAX_ROWS]:
            group = index.groups[position]
            row = group.rows[k]
            if not self._available(row) or not self._group_ok(group):
                continue
            if self.span is not None:
                start, end = group.starts[k], group.ends[k]
                # A row the source marks partial counts only part of the period it names: it
                # may still be what the quote gives for the whole (and the checks say so).
                # A count on a given day (children in care on 13 April 2021) is what the quote
                # gives for a month or a year stated around that day ("in April 2021").
                inside = (
                    _fit(start, end, *self.span) >= FIT_SHARE
                    or (row.partial and _inside_span(start, end, *self.span) >= PARTIAL_INSIDE)
                    or (
                        group.series.period_kind == "date"
                        and self.span[1] - self.span[0] < DATE_ROW_SPAN
                        and _inside_span(start, end, *self.span) == 1.0
                    )
                )
                if not inside:
                    continue
            elif row.value != number.value and (position, k) not in latest:
                continue
            low, high = interval(row)
            found.append(Aggregate("row", group.series, (row,), row.value, low, high))
        return found

    def _latest_counts(self, number: QuotedNumber) -> set[tuple[int, int]]:
        """With no time stated, a count on a given day speaks for "now": the last count of
        each such series taken in the weeks before the quote, when its value may be the
        number's and the words name what it counts ("there are 20,000 children in government
        shelters"). A count that changes every day comes near many numbers: closeness alone
        is not enough."""
        if self.said_on is None:
            return set()
        index = self.index
        named = self.matcher.fits
        found = set()
        for position in index.dated:
            group = index.groups[position]
            if group.series.category not in named:
                continue
            k = bisect_right(group.starts, self.said_on) - 1
            if k < 0 or self.said_on - group.ends[k] > NOW_DAYS:
                continue
            low, high = interval(group.rows[k])
            if low <= number.high and high >= number.low:
                found.add((position, k))
        return found

    def _sums(self, number: QuotedNumber) -> list[Aggregate]:
        if self.span is None:
            return []
        found = []
        for group in self._groups():
            run = group.run_over(*self.span)
            if run is None:
                continue
            first, last = run
            rows = tuple(group.rows[first : last + 1])
            if not self._available(rows[-1]):
                continue
            low = group.prefix_low[last + 1] - group.prefix_low[first]
            high = group.prefix_high[last + 1] - group.prefix_high[first]
            if overlaps((low, high), (number.low, number.high)):
                value = group.prefix[last + 1] - group.prefix[first]
                found.append(Aggregate("sum", group.series, rows, value, low, high))
        return found

    def _pairs(self) -> list[tuple[_Group, SeriesRowRecord, SeriesRowRecord]]:
        """For each group, its rows for the earliest and the latest time the quote states;
        for a single range ("from fiscal 2015 to fiscal 2016"), the rows at its two ends."""
        if len(self.times) >= 2 and self.times[0][1] < self.times[-1][0]:
            ends = None
        elif len(self.times) == 1:
            ends = self.times[0]
        else:
            return []
        pairs = []
        for group in self._groups():
            if ends is None:
                earlier = group.fitting(*self.times[0])
                later = group.fitting(*self.times[-1])
            else:
                earlier, later = group.ends_of(*ends)
            if earlier is None or later is None or earlier.period_end >= later.period_start:
                continue
            if self._available(later) and earlier.value > 0:
                pairs.append((group, earlier, later))
        return pairs

    def _changes(self, number: QuotedNumber) -> list[Aggregate]:
        found = []
        for group, earlier, later in self._pairs():
            before_low, before_high = interval(earlier)
            after_low, after_high = interval(later)
            ratio = later.value / earlier.value
            low = after_low / before_high
            high = after_high / before_low if before_low > 0 else ratio
            if number.change == "percent":
                ratio, low, high = ((x - 1) * HUNDRED for x in (ratio, low, high))
            ratio, low, high = (x.quantize(_PLACES) for x in (ratio, low, high))
            if overlaps((low, high), (number.low, number.high)):
                rows = (earlier, later)
                found.append(
                    Aggregate("change", group.series, rows, ratio, low, high, number.change)
                )
        return found

    def _differences(self, number: QuotedNumber) -> list[Aggregate]:
        """A count that is the rise or fall between the two times the quote states ("39,970
        more in fiscal 2016 than in fiscal 2015"), when its words compare."""
        if not any(f" {word} " in self.padded for word in COMPARING):
            return []
        found = []
        for group, earlier, later in self._pairs():
            before_low, before_high = interval(earlier)
            after_low, after_high = interval(later)
            value = abs(later.value - earlier.value)
            if later.value >= earlier.value:
                low, high = after_low - before_high, after_high - before_low
            else:
                low, high = before_low - after_high, before_high - after_low
            if value and overlaps((low, high), (number.low, number.high)):
                rows = (earlier, later)
                found.append(
                    Aggregate("change", group.series, rows, value, low, high, "difference")
                )
        return found

    def _shares(self, number: QuotedNumber) -> list[Aggregate]:
        """A state's row over the national row of the same measure and period."""
        if not self.geos or self.span is None:
            return []
        found = []
        for group in self._groups():
            if not group.geo or group.breakdown:
                continue
            part = group.fitting(*self.span)
            if part is None or not self._available(part) or part.value <= 0:
                continue
            series = group.series
            key = (series.unit, series.category, part.period_start, part.period_end)
            whole_of = self.index.national.get(key)
            if whole_of is None:
                continue
            whole_series, whole = whole_of
            if whole.value <= part.value:
                continue
            part_low, part_high = interval(part)
            whole_low, whole_high = interval(whole)
            value = (part.value * HUNDRED / whole.value).quantize(_PLACES)
            low = (part_low * HUNDRED / whole_high).quantize(_PLACES)
            high = (part_high * HUNDRED / whole_low).quantize(_PLACES)
            if overlaps((low, high), (number.low, number.high)):
                found.append(
                    Aggregate("share", series, (part, whole), value, low, high, whole=whole_series)
                )
        return found

    # -- the evidence floor and the score ----------------------------------------------------

    def relevance(self, aggregate: Aggregate) -> int:
        category = aggregate.series.category
        if category in self.matcher.fits:
            return RELEVANT
        if category in self.matcher.misread:
            return MISREAD
        return NEUTRAL

    def below_floor(self, number: QuotedNumber, aggregate: Aggregate) -> str:
        """Why an aggregate cannot be the answer (see EvidenceFloor.below_floor: the same
        rules, for rows)."""
        matcher = self.matcher
        series = aggregate.series
        relevance = self.relevance(aggregate)
        counted = aggregate.kind in ("row", "sum") or aggregate.operation == "difference"
        if (
            counted
            and matcher.unit
            and matcher.unit not in self.index.units[series.slug]
            and series.category not in matcher.plain_fits
        ):
            return "it counts something other than what the quote counts"
        harm_only = not matcher.described and bool(self.frame.describing_harms)
        if harm_only and relevance != RELEVANT:
            return "the words speak only of harm, which the series does not count"
        if matcher.described and relevance == NEUTRAL:
            if aggregate.kind != "row":
                return "the words describe none of the rows that would make it up"
            close = (
                repeats(number, aggregate.value)
                if self.frame.not_counted
                else close_as_exact(number, (aggregate.value, aggregate.value))
            )
            if not close:
                return "the words describe something else, and the row is not close enough"
        if (
            aggregate.kind in ("change", "share")
            and relevance == NEUTRAL
            and not (matcher.unit and matcher.unit in self.index.units[series.slug])
        ):
            return "the words do not say what the rows count"
        return ""

    def score(self, number: QuotedNumber, aggregate: Aggregate, target: float) -> float:
        """The matcher's score (match.py's table), for an aggregate."""
        from claims.engine.match import (
            W_CLOSENESS,
            W_NAMED_SOURCE,
            W_RELEVANCE,
            W_SAME_VALUE,
            W_SHAPE,
            W_TIME,
            W_UNIT,
        )

        matcher = self.matcher
        series = aggregate.series
        relevance = self.relevance(aggregate)
        score = W_RELEVANCE[relevance] + self.index.priors[series.slug]
        score += W_SHAPE[SHAPE[aggregate.kind]]
        if (
            aggregate.kind in ("row", "sum")
            and matcher.unit
            and matcher.unit not in self.index.units[series.slug]
        ):
            score += W_UNIT
        if series.document and series.document in matcher.sources:
            score += W_NAMED_SOURCE
        if aggregate.kind != "change":
            inside = _inside(aggregate, matcher.spans)
            if inside is not None:
                score += W_TIME * (2 * inside - 1)
        if (
            aggregate.kind == "row"
            and repeats(number, aggregate.value)
            and not (matcher.described and relevance == NEUTRAL)
        ):
            score += W_SAME_VALUE
        if target:
            score += W_CLOSENESS * abs(float(aggregate.value) - target) / abs(target)
        return round(score, 9)

    def best(self, number: QuotedNumber, target: float) -> tuple[float, Aggregate] | None:
        """The best aggregate that clears the floor, with its score; ties go to the simplest
        kind, then by series slug and period, so the result never depends on order."""
        kept = []
        for aggregate in self.aggregates(number):
            if reason := self.below_floor(number, aggregate):
                self.matcher.rejected.setdefault(number, reason)
                continue
            kept.append((self.score(number, aggregate, target), aggregate))
        if not kept:
            return None
        simplicity = {kind: rank for rank, kind in enumerate(SHAPE)}
        return min(
            kept,
            key=lambda item: (
                -item[0],
                simplicity[item[1].kind],
                item[1].series.slug,
                item[1].rows[0].period_start,
            ),
        )


def restates(figure: FigureRecord, aggregate: Aggregate) -> bool:
    """Whether a registry figure is one of the aggregate's rows as a report published it: linked
    to the row (same measure), or of the series' category with the row's value and period."""
    if figure.slug in aggregate.restated_by:
        return True
    if aggregate.kind != "row":
        return False
    row = aggregate.rows[0]
    return (
        figure.category == aggregate.series.category
        and figure.value == row.value
        and (figure.period_start, figure.period_end) == (row.period_start, row.period_end)
    )


def prefer(matcher: Matcher, number: QuotedNumber, trace: Trace | None) -> Trace | None:
    """The figure trace or the best aggregate of series rows, whichever explains the number
    better. A figure that restates one of the rows is preferred: it is that row, as a report
    published it; otherwise the better score wins, the figure on a tie. Either way one
    explanation is kept, so nothing is counted twice in the findings."""
    from claims.engine.combinations import target_of
    from claims.engine.match import Trace

    if not matcher.registry.series:
        return trace
    target = 0.0 if number.qualifier == "vague" else float(target_of(number))
    rows = SeriesMatcher(matcher)
    found = rows.best(number, target)
    if found is None:
        return trace
    score, aggregate = found
    if trace is not None and trace.available:
        figures = trace.figures(matcher.index)
        if score <= trace.score or any(restates(figure, aggregate) for figure in figures):
            return trace
    elif trace is not None and matcher.described and rows.relevance(aggregate) != RELEVANT:
        # What the words describe was counted, though published only after the claim: a table
        # of something else is no better answer.
        return trace
    matcher.rejected.pop(number, None)
    return Trace(
        number=number,
        parts=(),
        operation=aggregate.kind,
        link=SHAPE[aggregate.kind],
        low=aggregate.low,
        high=aggregate.high,
        total=aggregate.value,
        strict=True,
        available=True,
        score=score,
        aggregate=aggregate,
    )
