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
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.engine.index import FigureIndex

HUNDRED = Decimal(100)
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


class _Table:
    def __init__(self, items: list[Combination]) -> None:
        self.items = sorted(items, key=lambda item: (item.value, item.first, item.second))
        self.keys = [item.value for item in self.items]

    def meeting(self, low: Decimal, high: Decimal, *, reach: Decimal) -> list[Combination]:
        """The combinations whose interval meets [low, high]; reach widens the value search
        to cover how far an interval can stand from its value."""
        span = max(abs(low), abs(high)) * reach
        first = bisect_left(self.keys, low - span)
        last = bisect_right(self.keys, high + span)
        return [i for i in self.items[first:last] if i.low <= high and i.high >= low]


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
        self, arithmetic: Arithmetic, entries: list[tuple[float, float, float, int, int, bool]]
    ) -> None:
        entries.sort()
        self._arithmetic = arithmetic
        self.floats = array("d", (entry[0] for entry in entries))
        self.lows = array("d", (entry[1] for entry in entries))
        self.highs = array("d", (entry[2] for entry in entries))
        self.parts = array("i", (entry[3] for entry in entries))
        self.wholes = array("i", (entry[4] for entry in entries))
        self.subset = bytes(entry[5] for entry in entries)

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
        shares: list[tuple[float, float, float, int, int, bool]] = []
        ratios: list[Combination] = []
        percents: list[Combination] = []
        counts = [p for p in range(len(index.figures)) if not index.percent[p]]
        by_document: dict[str, list[int]] = {}
        for position in counts:
            by_document.setdefault(index.figures[position].document, []).append(position)
        values = index.values
        hundreds = [float(value) * 100 for value in values]
        lows = [float(low) for low, _ in index.intervals]
        highs = [float(high) for _, high in index.intervals]

        def share(
            part: int, whole: int, subset: bool
        ) -> tuple[float, float, float, int, int, bool]:
            value = hundreds[part] / float(values[whole])
            high = highs[part] * 100 / lows[whole] if lows[whole] > 0 else value
            return value, lows[part] * 100 / highs[whole], high, part, whole, subset

        seen: set[tuple[int, int]] = set()
        for members in by_document.values():
            if len(members) > MAX_GROUP:
                continue
            # In order of value: a part is smaller than its whole, so each part is tried only
            # against the figures above it.
            ordered = sorted(members, key=values.__getitem__)
            for offset, part in enumerate(ordered):
                if values[part] <= 0:
                    continue
                for whole in ordered[offset + 1 :]:
                    if self._share_ok(part, whole):
                        seen.add((part, whole))
                        subset = index.is_superset(whole, part)
                        shares.append(share(part, whole, subset))
        for part in counts:
            for whole in index.supersets(part):
                if (part, whole) not in seen and self._share_ok(part, whole):
                    shares.append(share(part, whole, True))
        for earlier, later, link in self._change_pairs(by_document):
            ratio, percent = self._changes(earlier, later, link)
            ratios.append(ratio)
            percents.append(percent)
        self.shares = _ShareTable(self, shares)
        self.ratios = _Table(ratios)
        self.percents = _Table(percents)
        # The ratios by the day their earlier figure's period begins, and for each such day
        # in order of the day their later figure's period ends (ends and positions in
        # self.ratios.items), for a change said between two stated times.
        by_start: dict[int, list[tuple[int, int]]] = {}
        for k, item in enumerate(self.ratios.items):
            one, two = index.periods[item.first], index.periods[item.second]
            if one is not None and two is not None:
                by_start.setdefault(one[0], []).append((two[1], k))
        self._ratio_days = sorted(by_start)
        self._ratio_ends = {
            day: ([end for end, _ in entries], [k for _, k in entries])
            for day, entries in ((day, sorted(found)) for day, found in by_start.items())
        }

    def ratios_over(
        self, categories: set[str], unit: str | None, *, start: int, end: int, days: int
    ) -> list[Combination]:
        """The ratios whose earlier figure is of one of these categories or counts this unit,
        its period beginning within `days` of start, and whose later figure's period ends
        within `days` of end (day numbers), in order of value."""
        index = self.index
        items = self.ratios.items
        found = []
        days_from = bisect_left(self._ratio_days, start - days)
        days_to = bisect_right(self._ratio_days, start + days)
        for day in self._ratio_days[days_from:days_to]:
            ends, positions = self._ratio_ends[day]
            first, last = bisect_left(ends, end - days), bisect_right(ends, end + days)
            for k in positions[first:last]:
                earlier = items[k].first
                if index.categories[earlier] in categories or (
                    unit and unit in index.units[earlier]
                ):
                    found.append(k)
        return [items[k] for k in sorted(found)]

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
        pairs: list[tuple[int, int, str]] = []
        for members in by_document.values():
            if len(members) > MAX_GROUP:
                continue
            groups: dict[tuple[str, str], list[int]] = {}
            for position in members:
                key = (index.figures[position].category, index.unit_head[position])
                groups.setdefault(key, []).append(position)
            for group in groups.values():
                for a in group:
                    for b in group:
                        one, two = index.periods[a], index.periods[b]
                        if one and two and one[1] < two[0] and index.figures[a].value > 0:
                            pairs.append((a, b, "series"))
        for a in range(len(index.figures)):
            for later in index.superseded_by(a):
                if not index.percent[a] and index.figures[a].value > 0:
                    pairs.append((a, later, "snapshots"))
        return pairs

    def _changes(self, earlier: int, later: int, link: str) -> tuple[Combination, Combination]:
        index = self.index
        before, after = index.figures[earlier].value, index.figures[later].value
        before_low, before_high = index.intervals[earlier]
        after_low, after_high = index.intervals[later]
        ratio = (after / before).quantize(_PLACES)
        low = (after_low / before_high).quantize(_PLACES)
        high = (after_high / before_low).quantize(_PLACES) if before_low > 0 else ratio
        percent = ((ratio - 1) * HUNDRED).quantize(_PLACES)
        return (
            Combination(ratio, low, high, earlier, later, link),
            Combination(
                percent,
                ((low - 1) * HUNDRED).quantize(_PLACES),
                ((high - 1) * HUNDRED).quantize(_PLACES),
                earlier,
                later,
                link,
            ),
        )

    def meeting(
        self, kind: str, low: Decimal, high: Decimal, *, limit: int | None = None
    ) -> list[Combination]:
        """The shares ("share"), ratios ("ratio") or changes in percent ("percent") whose
        interval meets [low, high], in order of value; the first `limit` of them if given."""
        if kind == "share":
            return self.shares.meeting(low, high, reach=_REACH, limit=limit)
        table = self.ratios if kind == "ratio" else self.percents
        found = table.meeting(low, high, reach=_REACH)
        return found if limit is None else found[:limit]
