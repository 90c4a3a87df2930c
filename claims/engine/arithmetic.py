"""Shares and changes that figures make together, for the numbers that are neither.

- A share ("7%", "one in five", "two-thirds") can come from two counts: a part over its whole.
  Only pairs where that division means something are kept: a figure over one of its recorded
  supersets (subset_of, derived_from), or two counts of one document (a report gives the part
  and the total it is a part of), the part the smaller.
- A change ("doubled", "rose eightfold", "fell 7 percent") comes from two counts of one measure
  (one category and unit, in one document, or snapshots of one measure) over two periods
  that do not overlap, earlier to later.

Both are built once per index, on first use, and kept sorted by value so that a look-up is a
bisection. Documents with very many figures (a statistical table) are bounded, like the pair
index, so the work never grows with the square of the registry.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice, repeat
from typing import TYPE_CHECKING

from claims.engine.columns import first_above, first_at_least, permuted, settle_ties

if TYPE_CHECKING:
    from claims.engine.index import FigureIndex

HUNDRED = Decimal(100)
_NO_CLASSES: frozenset[int] = frozenset()
_PLACES = Decimal("0.0001")
_REACH = Decimal("0.2")
# A document with more count figures than this gets no share or change index of its own.
MAX_GROUP = 40


@dataclass(frozen=True, slots=True)
class Combination:
    """A share or a change made by two figures (positions in the index)."""

    value: Decimal  # the share in percent, the ratio (later / earlier) or the change in percent
    low: Decimal
    high: Decimal
    first: int  # the part, or the earlier figure
    second: int  # the whole, or the later figure
    link: str  # "subset", "document" (shares); "series", "snapshots" (changes)


class _ChangeTable:
    """Ratios or changes in percent kept as columns: each value and the ends of its interval
    as floats (the floats of the exact Decimals, in order of value), the earlier and the
    later figure and the link. The exact Combination is made again for the ones a query
    looks at, and the answer is the one a sorted list of every Combination gave (see
    columns.py)."""

    __slots__ = (
        "_arithmetic",
        "_percent",
        "earlier",
        "floats",
        "highs",
        "later",
        "lows",
        "series",
    )

    def __init__(
        self,
        arithmetic: Arithmetic,
        items: list[Combination],
        *,
        percent: bool,
    ) -> None:
        """The combinations in the order they were made: among equal values, that order
        stays (as a stable sort of the Combinations kept it)."""
        self._arithmetic, self._percent = arithmetic, percent
        floats = array("d", (float(item.value) for item in items))
        order = sorted(range(len(items)), key=floats.__getitem__)
        settle_ties(order, floats, lambda k: items[k].value, lambda k: True)
        self.floats = permuted(floats, order)
        self.lows = array("d", (float(items[k].low) for k in order))
        self.highs = array("d", (float(items[k].high) for k in order))
        self.earlier = array("i", (items[k].first for k in order))
        self.later = array("i", (items[k].second for k in order))
        self.series = bytes(items[k].link == "series" for k in order)

    def __len__(self) -> int:
        return len(self.floats)

    def item(self, k: int) -> Combination:
        """The k-th combination in order of value."""
        link = "series" if self.series[k] else "snapshots"
        if self._percent:
            return self._arithmetic._percent(self.earlier[k], self.later[k], link)
        return self._arithmetic._ratio(self.earlier[k], self.later[k], link)

    def in_order(self, positions: Iterable[int]) -> Iterator[Combination]:
        """The combinations at these positions, in the table's order of (value, earlier,
        later), each made when it is reached: by position, and a run of positions whose
        floats tie by their exact values."""
        ordered = sorted(positions)
        floats = self.floats
        start = 0
        while start < len(ordered):
            end = start + 1
            while end < len(ordered) and floats[ordered[end]] == floats[ordered[start]]:
                end += 1
            run = [self.item(k) for k in ordered[start:end]]
            if len(run) > 1:
                run.sort(key=lambda item: (item.value, item.first, item.second))
            yield from run
            start = end

    @property
    def items(self) -> list[Combination]:
        """Every combination, in order of value (made on each call: for listings, not
        checks)."""
        return list(self.in_order(range(len(self))))

    def value(self, k: int) -> Decimal:
        return self.item(k).value

    def meeting(
        self, low: Decimal, high: Decimal, *, reach: Decimal, limit: int | None = None
    ) -> list[Combination]:
        """The combinations whose interval meets [low, high], in order of value (the first
        `limit` of them, if given); reach widens the value search to cover how far an
        interval can stand from its value."""
        span = max(abs(low), abs(high)) * reach
        positions = range(len(self))
        floats = self.floats
        first = first_at_least(positions, low - span, floats, self.value)
        last = first_above(positions, high + span, floats, self.value)
        low_float, high_float = float(low), float(high)
        lows, highs = self.lows, self.highs
        found: list[int] = []
        for k in range(first, last):
            if limit is not None and len(found) >= limit and floats[k] > floats[found[limit - 1]]:
                break  # every value from here on is above the first `limit` found
            # The floats are those of the exact ends: only a tie needs the exact ends.
            item_low, item_high = lows[k], highs[k]
            if item_low > high_float or item_high < low_float:
                continue
            if item_low == high_float or item_high == low_float:
                item = self.item(k)
                if not (item.low <= high and item.high >= low):
                    continue
            found.append(k)
        return list(islice(self.in_order(found), limit))


# How far a share's value as a float can stand from its exact value, rounded to _PLACES: half
# a place, and the float's own error (relative, far below this).
_FLOAT_SLACK = 0.0001
_FLOAT_RELATIVE = 1e-9


def _slack(bound: float) -> float:
    return _FLOAT_SLACK + abs(bound) * _FLOAT_RELATIVE


class _ShareTable:
    """Shares kept as columns: each value and the ends of its interval as floats (sorted by
    value, to find the window a query needs and to pass over shares far outside it), the
    part, the whole and the link. The exact Combination (Decimal value and interval) is
    computed only for the shares a query may return, and the answer is exactly what a sorted
    list of every Combination would give."""

    def __init__(
        self, arithmetic: Arithmetic, parts: array[int], wholes: array[int], subset: bytearray
    ) -> None:
        """The shares of these parts over these wholes (subset: whether the whole is a
        recorded superset of the part)."""
        self._arithmetic = arithmetic
        index = arithmetic.index
        floats = [float(value) for value in index.values]
        hundreds = [value * 100 for value in floats]
        lows, highs = index.float_lows, index.float_highs
        # In order of value as floats (the exact order is settled by each query).
        shares = [
            hundreds[part] / floats[whole] for part, whole in zip(parts, wholes, strict=True)
        ]
        order = sorted(range(len(shares)), key=shares.__getitem__)
        del shares
        self.parts, self.wholes = permuted(parts, order), permuted(wholes, order)
        self.subset = bytes(map(subset.__getitem__, order))
        del order
        # The formulas of a share's value and interval, in floats (Arithmetic._share in
        # Decimals): a whole's low end of 0 leaves the high end at the value.
        self.floats = array(
            "d",
            [
                hundreds[part] / floats[whole]
                for part, whole in zip(self.parts, self.wholes, strict=True)
            ],
        )
        self.lows = array(
            "d",
            [
                lows[part] * 100 / highs[whole]
                for part, whole in zip(self.parts, self.wholes, strict=True)
            ],
        )
        self.highs = array(
            "d",
            [
                highs[part] * 100 / lows[whole] if lows[whole] > 0 else share
                for part, whole, share in zip(self.parts, self.wholes, self.floats, strict=True)
            ],
        )

    def __len__(self) -> int:
        return len(self.floats)

    def _combination(self, k: int) -> Combination:
        link = "subset" if self.subset[k] else "document"
        return self._arithmetic._share(self.parts[k], self.wholes[k], link)

    @property
    def items(self) -> list[Combination]:
        """Every share, in order of value (made on each call: for listings, not checks)."""
        every = [self._combination(k) for k in range(len(self))]
        return sorted(every, key=lambda item: (item.value, item.first, item.second))

    def meeting(
        self, low: Decimal, high: Decimal, *, reach: Decimal, limit: int | None = None
    ) -> list[Combination]:
        """As _Table.meeting; with a limit, only the first `limit` of them."""
        span = max(abs(low), abs(high)) * reach
        bottom, top = low - span, high + span
        first = bisect_left(self.floats, float(bottom) - _slack(float(bottom)))
        last = bisect_right(self.floats, float(top) + _slack(float(top)))
        # An interval that misses [low, high] by more than the floats can be off is passed
        # over without computing it.
        under = float(low) - _slack(float(low))
        over = float(high) + _slack(float(high))
        floats, lows, highs = self.floats, self.lows, self.highs
        found: list[Combination] = []
        for k in range(first, last):
            if lows[k] > over or highs[k] < under:
                continue
            if limit is not None and len(found) >= limit:
                # Every share from here on is worth at least floats[k], less the slack: once
                # that passes the limit-th kept value, none can come before it.
                found.sort(key=lambda item: (item.value, item.first, item.second))
                del found[limit:]
                if floats[k] - _slack(floats[k]) > found[-1].value:
                    break
            item = self._combination(k)
            if bottom <= item.value <= top and item.low <= high and item.high >= low:
                found.append(item)
        found.sort(key=lambda item: (item.value, item.first, item.second))
        return found if limit is None else found[:limit]


class Arithmetic:
    """The shares and changes of one index."""

    def __init__(self, index: FigureIndex) -> None:
        self.index = index
        counts = [p for p in range(len(index.figures)) if not index.percent[p]]
        by_document: dict[str, list[int]] = {}
        for position in counts:
            by_document.setdefault(index.documents[position], []).append(position)
        self.shares = self._share_table(counts, by_document)
        ratios: list[Combination] = []
        percents: list[Combination] = []
        for earlier, later, link in self._change_pairs(by_document):
            ratio, percent = self._changes(earlier, later, link)
            ratios.append(ratio)
            percents.append(percent)
        del by_document, counts
        self.ratios = _ChangeTable(self, ratios, percent=False)
        del ratios
        self.percents = _ChangeTable(self, percents, percent=True)
        del percents
        # The ratios by the day their earlier figure's period begins, and for each such day
        # in order of the day their later figure's period ends (ends and positions in
        # self.ratios), for a change said between two stated times.
        by_start: dict[int, list[tuple[int, int]]] = {}
        periods = index.periods
        for k, (first, second) in enumerate(
            zip(self.ratios.earlier, self.ratios.later, strict=True)
        ):
            one, two = periods[first], periods[second]
            if one is not None and two is not None:
                by_start.setdefault(one[0], []).append((two[1], k))
        self._ratio_days = array("i", sorted(by_start))
        self._ratio_ends = {
            day: (array("i", (end for end, _ in entries)), array("i", (k for _, k in entries)))
            for day, entries in ((day, sorted(found)) for day, found in by_start.items())
        }

    def _share_table(self, counts: list[int], by_document: dict[str, list[int]]) -> _ShareTable:
        """Every share: each count figure over the larger count figures of its document (a
        document of at most MAX_GROUP of them) and over its recorded supersets."""
        index = self.index
        values, measure, categories = index.values, index.measure, index.categories
        classes, highs = index.superset_classes, index.highs
        parts, wholes, subset = array("i"), array("i"), bytearray()
        for members in by_document.values():
            if len(members) > MAX_GROUP:
                continue
            # In order of value: a part is smaller than its whole, so each part is tried only
            # against the figures above it (what _share_ok asks, written out).
            ordered = sorted(members, key=values.__getitem__)
            for offset, part in enumerate(ordered):
                value = values[part]
                if value <= 0:
                    continue
                root, category, low = measure[part], categories[part], index.lows[part]
                above = classes.get(root, _NO_CLASSES)
                found = [
                    whole
                    for whole in ordered[offset + 1 :]
                    if measure[whole] != root
                    and (categories[whole] != category or measure[whole] in above)
                    and value < values[whole]
                    and low < highs[whole]
                ]
                if found:
                    parts.extend(repeat(part, len(found)))
                    wholes.extend(found)
                    if above:
                        subset.extend(measure[whole] in above for whole in found)
                    else:
                        subset.extend(bytes(len(found)))
        documents = index.documents
        for part in counts:
            if not index.links[part]:
                continue
            for whole in index.supersets(part):
                # The pairs of one small document are all above, save a whole that is a
                # percentage.
                if (
                    documents[whole] == documents[part]
                    and not index.percent[whole]
                    and len(by_document[documents[part]]) <= MAX_GROUP
                ):
                    continue
                if self._share_ok(part, whole):
                    parts.append(part)
                    wholes.append(whole)
                    subset.append(True)
        return _ShareTable(self, parts, wholes, subset)

    def ratios_over(
        self, categories: set[str], unit: str | None, *, start: int, end: int, days: int
    ) -> Iterator[Combination]:
        """The ratios whose earlier figure is of one of these categories or counts this unit,
        its period beginning within `days` of start, and whose later figure's period ends
        within `days` of end (day numbers), in order of value, each made when it is
        reached."""
        index = self.index
        earlier_of = self.ratios.earlier
        found = []
        days_from = bisect_left(self._ratio_days, start - days)
        days_to = bisect_right(self._ratio_days, start + days)
        for day in self._ratio_days[days_from:days_to]:
            ends, positions = self._ratio_ends[day]
            first, last = bisect_left(ends, end - days), bisect_right(ends, end + days)
            for k in positions[first:last]:
                earlier = earlier_of[k]
                if index.categories[earlier] in categories or (
                    unit and unit in index.units[earlier]
                ):
                    found.append(k)
        return self.ratios.in_order(found)

    def _share_ok(self, part: int, whole: int) -> bool:
        index = self.index
        if part == whole or index.measure[part] == index.measure[whole]:
            return False
        if index.categories[part] == index.categories[whole] and not index.is_superset(
            whole, part
        ):
            return False  # one measure over two periods is a change, not a share
        low_part, _ = index.intervals[part]
        _, high_whole = index.intervals[whole]
        return 0 < index.values[part] < index.values[whole] and low_part < high_whole

    def _share(self, part: int, whole: int, link: str) -> Combination:
        index = self.index
        part_low, part_high = index.intervals[part]
        whole_low, whole_high = index.intervals[whole]
        value = index.figures[part].value * HUNDRED / index.figures[whole].value
        low = part_low * HUNDRED / whole_high
        high = part_high * HUNDRED / whole_low if whole_low > 0 else value
        return Combination(
            value.quantize(_PLACES), low.quantize(_PLACES), high.quantize(_PLACES), part, whole,
            link,
        )  # fmt: skip

    def _change_pairs(self, by_document: dict[str, list[int]]) -> list[tuple[int, int, str]]:
        """(earlier, later, link) for every pair of one measure over two periods."""
        index = self.index
        categories, unit_head, values, periods = (
            index.categories, index.unit_head, index.values, index.periods,
        )  # fmt: skip
        pairs: list[tuple[int, int, str]] = []
        for members in by_document.values():
            if len(members) > MAX_GROUP:
                continue
            groups: dict[tuple[str, str], list[int]] = {}
            for position in members:
                key = (categories[position], unit_head[position])
                groups.setdefault(key, []).append(position)
            for group in groups.values():
                if len(group) < 2:
                    continue
                for a in group:
                    one = periods[a]
                    if not one or not values[a] > 0:
                        continue
                    for b in group:
                        two = periods[b]
                        if two and one[1] < two[0]:
                            pairs.append((a, b, "series"))
        for a, later_ones in enumerate(index._superseded_by):
            for later in later_ones:
                if not index.percent[a] and values[a] > 0:
                    pairs.append((a, later, "snapshots"))
        return pairs

    def _changes(self, earlier: int, later: int, link: str) -> tuple[Combination, Combination]:
        """The ratio (later over earlier) and the change in percent two figures make."""
        ratio, low, high = self._ratio_of(earlier, later)
        return (
            Combination(ratio, low, high, earlier, later, link),
            self._as_percent(ratio, low, high, earlier, later, link),
        )

    def _ratio_of(self, earlier: int, later: int) -> tuple[Decimal, Decimal, Decimal]:
        index = self.index
        before, after = index.values[earlier], index.values[later]
        before_low, before_high = index.lows[earlier], index.highs[earlier]
        after_low, after_high = index.lows[later], index.highs[later]
        ratio = (after / before).quantize(_PLACES)
        low = (after_low / before_high).quantize(_PLACES)
        high = (after_high / before_low).quantize(_PLACES) if before_low > 0 else ratio
        return ratio, low, high

    def _ratio(self, earlier: int, later: int, link: str) -> Combination:
        return Combination(*self._ratio_of(earlier, later), earlier, later, link)

    def _percent(self, earlier: int, later: int, link: str) -> Combination:
        return self._as_percent(*self._ratio_of(earlier, later), earlier, later, link)

    @staticmethod
    def _as_percent(
        ratio: Decimal, low: Decimal, high: Decimal, earlier: int, later: int, link: str
    ) -> Combination:
        return Combination(
            ((ratio - 1) * HUNDRED).quantize(_PLACES),
            ((low - 1) * HUNDRED).quantize(_PLACES),
            ((high - 1) * HUNDRED).quantize(_PLACES),
            earlier,
            later,
            link,
        )

    def meeting(
        self, kind: str, low: Decimal, high: Decimal, *, limit: int | None = None
    ) -> list[Combination]:
        """The shares ("share"), ratios ("ratio") or changes in percent ("percent") whose
        interval meets [low, high], in order of value; the first `limit` of them if given."""
        if kind == "share":
            return self.shares.meeting(low, high, reach=_REACH, limit=limit)
        table = self.ratios if kind == "ratio" else self.percents
        return table.meeting(low, high, reach=_REACH, limit=limit)
