"""What the matcher needs to know about the registry, computed once per registry.

Sorted arrays of figure values (searched with bisect) for single figures, and of the values of
the combinations worth considering: sums and differences of two figures from one document or
linked by a relation, and, for three-figure sums, each document's pair sums. Also the relation
graph (supersets, same measures, snapshots) and the category tree, so that checks never scan
the whole registry.

Which combinations are valid:
- a sum never adds a figure to its own superset (subset_of, directly or through figures that
  are the same measure), to another snapshot of the same measure (supersedes, same_measure_as),
  to a figure it conflicts with or was derived from, nor two figures of the same category over
  overlapping periods, nor a category to its ancestor, unless the registry records the two as
  disjoint_with each other;
- a difference is a whole minus its part (subset_of or derived_from) or the change between two
  snapshots of one measure (supersedes);
- counts combine with counts of the same unit only; percentages never combine.
Sums of unrelated figures from different documents are not considered: with thousands of
figures some pair lands near any number by chance, and nobody reads two unrelated reports and
adds them up without saying so.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from heapq import merge
from itertools import chain
from typing import overload

from claims.engine.arithmetic import Arithmetic
from claims.engine.columns import (
    NO_DAY,
    Intervals,
    Periods,
    first_above,
    first_at_least,
    permuted,
    settle_ties,
)
from claims.engine.registry import FigureRecord, Registry, no_collection
from claims.engine.text import normalise, tokenize
from claims.engine.tolerance import figure_interval

_REACH_LOW, _REACH_HIGH = Decimal("0.9"), Decimal("1.12")
# A document with more figures than this (a statistical table) gets no within-document pair
# index: its pairs would grow with the square of its size.
MAX_DOCUMENT_FIGURES = 300
# Three-figure sums try at most this many figures as the largest part: a bound on the work
# for a number that nothing explains in a large registry.
MAX_TRIPLE_PROBES = 600

SYMMETRIC = frozenset({"disjoint_with", "same_measure_as", "conflicts_with", "related_to"})
INVERSE = {"supersedes": "superseded_by", "subset_of": "superset_of", "derived_from": "source_of"}
STORED = {inverse: kind for kind, inverse in INVERSE.items()}


@dataclass(frozen=True, slots=True)
class Pair:
    """A sum or difference of two figures, by position in FigureIndex.figures."""

    value: Decimal
    operation: str  # "sum" or "difference" (first minus second)
    first: int
    second: int
    link: str  # "disjoint", "consecutive", "document", "related", "part_of_whole", "snapshots"


_OPERATIONS = ("sum", "difference")
_LINKS = ("disjoint", "consecutive", "document", "related", "part_of_whole", "snapshots")
_OPERATION_CODE = {name: code for code, name in enumerate(_OPERATIONS)}
_LINK_CODE = {name: code for code, name in enumerate(_LINKS)}
_SUM, _DIFFERENCE = 0, 16  # the operation's part of a kind code
# Values below this (and no finer than 1/1024) add up exactly, as floats and as Decimals.
_EXACT_LIMIT = 2**52


class PairTable:
    """Every pair in order of (value, operation, first, second), as columns: the two figures
    (positions in the index), the operation and link as one byte, and the float of each pair's
    value and of the ends of the interval it stands for, to search and to pass over pairs far
    from a query. The exact Decimals (keys, lows, highs) are computed from the figures' own
    for the pairs a query looks at (see columns.py), and a Pair is made only for a pair a
    query returns, so a registry of a hundred thousand figures keeps no million objects."""

    __slots__ = (
        "figure_highs", "figure_lows", "firsts", "float_highs", "float_lows", "floats", "kinds",
        "seconds", "values",
    )  # fmt: skip

    def __init__(
        self,
        index: FigureIndex,
        firsts: array[int],
        seconds: array[int],
        kinds: bytearray,
    ) -> None:
        """The pairs given as columns, in any order, each (operation, first, second) once."""
        self.values, self.figure_lows, self.figure_highs = index.values, index.lows, index.highs
        self.firsts, self.seconds, self.kinds = firsts, seconds, bytes(kinds)
        values = [_exact_float(value) for value in self.values]
        floats = self._floats(values, values, self.value)
        # In order of the exact (value, operation, first, second), "difference" before "sum":
        # first by the last three (stable sorts keep that order among equal values), then by
        # the floats, then the runs of equal floats whose values may differ (a part not a
        # whole number), by the values.
        bits = max(1, len(self.values).bit_length())
        composite = [
            ((kind < _DIFFERENCE) << 2 * bits) | (first << bits) | second
            for kind, first, second in zip(kinds, firsts, seconds, strict=True)
        ]
        order = sorted(range(len(firsts)), key=composite.__getitem__)
        del composite
        order.sort(key=floats.__getitem__)
        whole = [value is not None and value.is_integer() for value in values]

        def approximate(k: int) -> bool:
            return not (whole[self.firsts[k]] and whole[self.seconds[k]])

        settle_ties(order, floats, self.value, approximate)
        self.firsts, self.seconds = permuted(firsts, order), permuted(seconds, order)
        self.kinds = bytes(map(self.kinds.__getitem__, order))
        self.floats = permuted(floats, order)
        del floats, order
        lows = [_exact_float(low) for low in self.figure_lows]
        highs = [_exact_float(high) for high in self.figure_highs]
        self.float_lows = self._floats(lows, highs, self.low)
        self.float_highs = self._floats(highs, lows, self.high)

    def _floats(
        self,
        same: list[float | None],
        other: list[float | None],
        exact: Callable[[int], Decimal],
    ) -> array[float]:
        """The float of exact(k) for every pair. same and other are the figures' ends as
        floats (None when a float cannot add them exactly, see _exact_float): a sum adds the
        first's `same` end to the second's, a difference takes the second's `other` end from
        the first's `same` (a low end is low minus high). The floats add as the Decimals do,
        each sum rounded once to the nearest float: the float of the exact value."""
        rows = zip(self.kinds, self.firsts, self.seconds, strict=True)
        if None not in same and None not in other:
            return array(
                "d",
                [
                    same[a] + same[b] if kind < _DIFFERENCE else same[a] - other[b]  # type: ignore[operator]
                    for kind, a, b in rows
                ],
            )
        found = array("d")
        for k, (kind, a, b) in enumerate(rows):
            x = same[a]
            y = same[b] if kind < _DIFFERENCE else other[b]
            if x is None or y is None:
                found.append(float(exact(k)))
            else:
                found.append(x + y if kind < _DIFFERENCE else x - y)
        return found

    def __len__(self) -> int:
        return len(self.firsts)

    @staticmethod
    def kind(operation: str, link: str) -> int:
        """The code kinds holds for a pair of this operation and link."""
        return _OPERATIONS.index(operation) * 16 + _LINKS.index(link)

    def value(self, k: int) -> Decimal:
        """The pair's value: the sum, or the first minus the second."""
        values = self.values
        if self.kinds[k] < _DIFFERENCE:
            return values[self.firsts[k]] + values[self.seconds[k]]
        return values[self.firsts[k]] - values[self.seconds[k]]

    def low(self, k: int) -> Decimal:
        """The low end of the interval the pair stands for (its value, when exact)."""
        a, b = self.firsts[k], self.seconds[k]
        if self.kinds[k] < _DIFFERENCE:
            low = self.figure_lows[a] + self.figure_lows[b]
        else:
            low = self.figure_lows[a] - self.figure_highs[b]
        value = self.value(k)
        return value if low == value else low

    def high(self, k: int) -> Decimal:
        """The high end of the interval the pair stands for (its value, when exact)."""
        a, b = self.firsts[k], self.seconds[k]
        if self.kinds[k] < _DIFFERENCE:
            high = self.figure_highs[a] + self.figure_highs[b]
        else:
            high = self.figure_highs[a] - self.figure_lows[b]
        value = self.value(k)
        return value if high == value else high

    @property
    def keys(self) -> Exact:
        """Every pair's value, by position (computed when read)."""
        return Exact(self.value, len(self))

    @property
    def lows(self) -> Exact:
        return Exact(self.low, len(self))

    @property
    def highs(self) -> Exact:
        return Exact(self.high, len(self))

    def meets(
        self, k: int, low: Decimal, high: Decimal, low_float: float, high_float: float
    ) -> bool:
        """Whether the pair's interval meets [low, high] (their floats given): decided by the
        floats unless one of them ties."""
        pair_low, pair_high = self.float_lows[k], self.float_highs[k]
        if pair_low > high_float or pair_high < low_float:
            return False
        if pair_low < high_float and pair_high > low_float:
            return True
        return self.low(k) <= high and self.high(k) >= low

    def pair(self, k: int) -> Pair:
        kind = self.kinds[k]
        return Pair(
            self.value(k), _OPERATIONS[kind // 16], self.firsts[k], self.seconds[k],
            _LINKS[kind % 16],
        )  # fmt: skip


class Exact(Sequence[Decimal]):
    """A column of exact values computed from their position when read."""

    __slots__ = ("_exact", "_length")

    def __init__(self, exact: Callable[[int], Decimal], length: int) -> None:
        self._exact, self._length = exact, length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, k: int) -> Decimal: ...
    @overload
    def __getitem__(self, k: slice) -> list[Decimal]: ...
    def __getitem__(self, k: int | slice) -> Decimal | list[Decimal]:
        if isinstance(k, slice):
            return [self._exact(i) for i in range(*k.indices(self._length))]
        if not -self._length <= k < self._length:
            raise IndexError(k)
        return self._exact(k % self._length)


def _exact_float(value: Decimal) -> float | None:
    """The value as a float when floats add it to another such value exactly as Decimals do
    (rounded once, to the nearest float): a multiple of a power of two no finer than 1/1024,
    below 2**52 in size (so that a sum has at most 26 digits, which the Decimal context
    keeps); else None."""
    numerator, denominator = value.as_integer_ratio()
    if denominator & (denominator - 1) or denominator > 1024 or abs(numerator) >= _EXACT_LIMIT:
        return None
    return numerator / denominator


class FigureIndex:
    """The registry's figures, arranged for fast matching and relation look-ups."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        figures = tuple(sorted(registry.figures, key=lambda figure: figure.slug))
        self.figures = figures
        self.position = {figure.slug: index for index, figure in enumerate(figures)}
        self.published: list[date | None] = []
        # The interval each figure stands for, as two lists of ends (intervals pairs them).
        self.lows: list[Decimal] = []
        self.highs: list[Decimal] = []
        self.percent: list[bool] = []
        self.unit_head: list[str] = []
        # The units each figure counts, read from its unit's wording with the lexicon
        # ("letters (children)" counts letters and children); empty when no word is known.
        self.units: list[frozenset[str]] = []
        lexicon = registry.lexicon
        self.prior: list[float] = []  # how far the source itself can be trusted, for ranking
        # What a unit's wording says, read once per wording: figures share a few dozen.
        read: dict[str, tuple[bool, frozenset[str], str]] = {}
        priors: dict[float, float] = {}
        documents = registry.documents
        for figure in figures:
            document = documents.get(figure.document)
            self.published.append(document.date if document and document.date else figure.as_of)
            low, high = figure_interval(figure.value, figure.qualifier)
            self.lows.append(low)
            self.highs.append(high)
            wording = read.get(figure.unit)
            if wording is None:
                unit = figure.unit.lower()
                tokens = tokenize(normalise(figure.unit))
                counted = frozenset(
                    found for i in range(len(tokens)) if (found := lexicon.unit_at(tokens, i))
                )
                wording = read[figure.unit] = (
                    unit.startswith("percent"),
                    counted,
                    unit.split("(")[0].strip(),
                )
            self.percent.append(wording[0])
            self.units.append(wording[1])
            self.unit_head.append(wording[2])
            prior = _prior(figure, document.tier if document else 4)
            self.prior.append(priors.setdefault(prior, prior))
        self.intervals = Intervals(self.lows, self.highs)
        self._build_relations()
        self._build_categories()
        self._build_value_arrays()
        self._build_pairs()

    @property
    def arithmetic(self) -> Arithmetic:
        """Shares and changes between figures (arithmetic.py), built on first use: most
        checks never need them."""
        built = self.__dict__.get("_arithmetic")
        if built is None:
            with no_collection():
                built = self.__dict__["_arithmetic"] = Arithmetic(self)
        return built

    # -- relations -------------------------------------------------------------------------

    def _build_relations(self) -> None:
        count = len(self.figures)
        # Only figures with a relation get a mapping of their own.
        linked: dict[int, dict[int, set[str]]] = {}
        position = self.position
        for a, figure in enumerate(self.figures):
            if not figure.relations:
                continue
            for kind, other in figure.relations:
                b = position.get(other)
                if b is None or b == a:
                    continue
                if kind in STORED:  # written from the other end: "superseded_by"
                    a_, b_, kind = b, a, STORED[kind]
                else:
                    a_, b_ = a, b
                linked.setdefault(a_, {}).setdefault(b_, set()).add(kind)
                inverse = kind if kind in SYMMETRIC else INVERSE.get(kind, kind)
                linked.setdefault(b_, {}).setdefault(a_, set()).add(inverse)
        # The few sets of kinds that occur are kept once each, and a figure with no relation
        # shares one empty mapping (never written to once built).
        kept: dict[frozenset[str], frozenset[str]] = {}
        frozen = {
            a: {
                b: kept.setdefault(kinds_ := frozenset(kinds), kinds_)
                for b, kinds in found.items()
            }
            for a, found in sorted(linked.items())
        }
        linked.clear()
        none: dict[int, frozenset[str]] = {}
        self.links = [frozen.get(a, none) for a in range(count)]
        nobody: tuple[int, ...] = ()
        self._superseded_by = [nobody] * count
        for a, found in frozen.items():
            later = tuple(b for b, kinds in sorted(found.items()) if "superseded_by" in kinds)
            if later:
                self._superseded_by[a] = later
        # Figures that are the same measure form one class (union-find); a figure with no
        # relation is a class of its own.
        parent = list(range(count))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, found in frozen.items():
            for b, kinds in found.items():
                if "same_measure_as" in kinds:
                    parent[find(a)] = find(b)
        self.measure = array("i", (find(index) for index in range(count)))
        parent.clear()
        measure = self.measure
        # Supersets through subset_of (and derived_from: a figure computed from others
        # includes them), across same-measure classes, transitively. Only the classes that
        # have any are kept.
        up: dict[int, set[int]] = {}
        for a, found in frozen.items():
            for b, kinds in found.items():
                if kinds & {"subset_of", "source_of"}:
                    up.setdefault(measure[a], set()).add(measure[b])
        self.superset_classes: dict[int, frozenset[int]] = {}
        for root in sorted(up):
            seen: set[int] = set()
            stack = list(up[root])
            while stack:
                current = stack.pop()
                if current in seen or current == root:
                    continue
                seen.add(current)
                stack.extend(up.get(current, ()))
            if seen:
                self.superset_classes[root] = frozenset(seen)
        # When a later snapshot of each figure's measure was first published (date.max when
        # none is dated; None when there is none): the figure is outdated for a claim made on
        # or after that day, which a check then reads without walking the relations.
        replaced: dict[int, date] = {}
        for a, later in enumerate(self._superseded_by):
            if later:
                day = min(self.published[b] or date.max for b in later)
                root = measure[a]
                replaced[root] = min(day, replaced.get(root, day))
        self.replaced_on: list[date | None] = (
            [replaced.get(root) for root in measure] if replaced else [None] * count
        )

    def kinds(self, a: int, b: int) -> frozenset[str]:
        """The relations from figure a to figure b, with inverses named from a's side."""
        return self.links[a].get(b, _NO_KINDS)

    def is_superset(self, whole: int, part: int) -> bool:
        classes = self.superset_classes.get(self.measure[part])
        return classes is not None and self.measure[whole] in classes

    def supersets(self, index: int) -> list[int]:
        """The figures that directly include this one (subset_of), nearest first."""
        return [b for b, kinds in sorted(self.links[index].items()) if "subset_of" in kinds]

    def superseded_by(self, index: int) -> tuple[int, ...]:
        return self._superseded_by[index]

    # -- categories ------------------------------------------------------------------------

    def _build_categories(self) -> None:
        categories = self.registry.categories
        ancestors: dict[str, frozenset[str]] = {}
        for slug in categories:
            seen: list[str] = []
            parent = categories[slug].parent
            while parent and parent not in seen and parent != slug:
                seen.append(parent)
                parent = categories[parent].parent if parent in categories else None
            ancestors[slug] = frozenset(seen)
        self.ancestors = ancestors

    def category_ancestors(self, slug: str) -> frozenset[str]:
        return self.ancestors.get(slug, frozenset())

    # -- values ----------------------------------------------------------------------------

    def _build_value_arrays(self) -> None:
        self.values = [figure.value for figure in self.figures]
        # Every figure in order of value (ties in order of position), counts and percentages
        # apart.
        ordered = _in_order(self.values)
        percent = self.percent
        self.count_ids = array("i", (index for index in ordered if not percent[index]))
        self.percent_ids = array("i", (index for index in ordered if percent[index]))
        del ordered
        self.count_keys = [self.values[index] for index in self.count_ids]
        self.percent_keys = [self.values[index] for index in self.percent_ids]
        # Periods as day numbers, so that overlaps are integer arithmetic.
        self.periods = Periods(
            array("i", (f.period_start.toordinal() if f.period_start else NO_DAY
                        for f in self.figures)),
            array("i", (f.period_end.toordinal() if f.period_end else NO_DAY
                        for f in self.figures)),
        )  # fmt: skip
        self.categories = [figure.category for figure in self.figures]
        self.documents = [figure.document for figure in self.figures]
        # Each category's figures, in order of position.
        members: dict[str, list[int]] = {}
        for index, category in enumerate(self.categories):
            members.setdefault(category, []).append(index)
        self.category_members = {c: array("i", found) for c, found in members.items()}
        del members
        # Each category's figures in order of value, counts and percentages apart (values
        # and positions, as count_keys and count_ids): a claim whose words name a few
        # categories looks only at theirs.
        self.category_counts = _by_category(self.count_keys, self.count_ids, self.categories)
        self.category_percents = _by_category(self.percent_keys, self.percent_ids, self.categories)
        self.negative = any(value < 0 for value in self.values)
        # Each figure's interval as floats, to pass over what lies far from a query.
        self.float_lows = array("d", map(float, self.lows))
        self.float_highs = array("d", map(float, self.highs))

    def singles(self, low: Decimal, high: Decimal, *, percent: bool) -> Iterator[int]:
        """Figures whose value lies within [low, high], in order of value."""
        keys, ids = (
            (self.percent_keys, self.percent_ids) if percent else (self.count_keys, self.count_ids)
        )
        for position in range(bisect_left(keys, low), bisect_right(keys, high)):
            yield ids[position]

    def values_of(
        self, *, percent: bool, category: str | None = None
    ) -> tuple[list[Decimal], Sequence[int]]:
        """The figures' values in order and their positions (ties in order of position):
        every count or every percentage, or those of one category."""
        if category is None:
            if percent:
                return self.percent_keys, self.percent_ids
            return self.count_keys, self.count_ids
        table = self.category_percents if percent else self.category_counts
        return table.get(category, _NO_VALUES)

    def singles_meeting(self, low: Decimal, high: Decimal, *, percent: bool) -> list[int]:
        """Figures whose interval meets [low, high], in order of value."""
        keys, ids = (
            (self.percent_keys, self.percent_ids) if percent else (self.count_keys, self.count_ids)
        )
        lows, highs = self.lows, self.highs
        first, last = bisect_left(keys, low * _REACH_LOW), bisect_right(keys, high * _REACH_HIGH)
        return [i for i in ids[first:last] if lows[i] <= high and highs[i] >= low]

    # -- combinations ----------------------------------------------------------------------

    def can_add(self, a: int, b: int) -> bool:
        if a == b or self.percent[a] or self.percent[b]:
            return False
        if self.unit_head[a] != self.unit_head[b] or self.measure[a] == self.measure[b]:
            return False
        if self.is_superset(a, b) or self.is_superset(b, a):
            return False
        kinds = self.kinds(a, b)
        if kinds & {"supersedes", "superseded_by", "conflicts_with", "derived_from", "source_of"}:
            return False
        if "disjoint_with" in kinds:
            return True
        return self._categories_add(a, b)

    def _categories_add(self, a: int, b: int) -> bool:
        """Whether two figures of no recorded relation count apart by what they count: two
        categories neither of which includes the other, or one over periods that do not
        overlap."""
        first, second = self.categories[a], self.categories[b]
        if first == second:
            starts, ends = self.periods.starts, self.periods.ends
            if NO_DAY in (starts[a], starts[b], ends[a], ends[b]):
                return False  # periods not known: they may overlap
            return not (starts[a] <= ends[b] and starts[b] <= ends[a])
        ancestors = self.ancestors
        return not (first in ancestors.get(second, ()) or second in ancestors.get(first, ()))

    def difference_link(self, whole: int, part: int) -> str | None:
        """How whole minus part makes sense ("part_of_whole", a snapshot change), or None."""
        if whole == part or self.percent[whole] or self.percent[part]:
            return None
        if self.unit_head[whole] != self.unit_head[part]:
            return None
        if self.values[whole] <= self.values[part]:
            return None
        if self.is_superset(whole, part) or "derived_from" in self.kinds(whole, part):
            return "part_of_whole"
        if self.kinds(whole, part) & {"supersedes", "superseded_by"}:
            return "snapshots"  # the change between two counts of one measure
        return None

    def consecutive(self, a: int, b: int) -> bool:
        """Whether two figures count one measure (category, unit, document) over periods that
        follow one another: their sum counts the whole span."""
        if (self.categories[a], self.unit_head[a], self.documents[a]) != (
            self.categories[b],
            self.unit_head[b],
            self.documents[b],
        ):
            return False
        one, two = self.periods[a], self.periods[b]
        if one is None or two is None:
            return False
        return one[1] + 1 == two[0] or two[1] + 1 == one[0]

    def _pair_kinds(self, a: int, b: int) -> Iterator[tuple[int, int, int]]:
        """The sum and the difference two figures make, where they mean something, as
        (kind code, first, second)."""
        if self.can_add(a, b):
            if "disjoint_with" in self.kinds(a, b):
                link = "disjoint"
            elif self.consecutive(a, b):
                link = "consecutive"
            else:
                link = "document" if self.documents[a] == self.documents[b] else "related"
            yield _SUM + _LINK_CODE[link], a, b
        whole, part = (a, b) if self.values[a] > self.values[b] else (b, a)
        if difference := self.difference_link(whole, part):
            yield _DIFFERENCE + _LINK_CODE[difference], whole, part

    def _document_pairs(
        self, members: list[int], firsts: array[int], seconds: array[int], kinds: bytearray
    ) -> None:
        """Add the pairs of one document's count figures (in order of position) to the
        columns. Most figures of a document have no recorded relation to each other: for
        those, what can_add and difference_link ask comes down to whether one includes the
        other (through their measures' supersets) and, if neither does, their categories and
        periods."""
        unit_head, measure, links, values = self.unit_head, self.measure, self.links, self.values
        classes = self.superset_classes
        categories = self.categories
        consecutive = _SUM + _LINK_CODE["consecutive"]
        document = _SUM + _LINK_CODE["document"]
        part_of_whole = _DIFFERENCE + _LINK_CODE["part_of_whole"]
        for offset, a in enumerate(members):
            head, root, linked = unit_head[a], measure[a], links[a]
            above = classes.get(root, _NO_CLASSES)
            category = categories[a]
            for b in members[offset + 1 :]:
                # Neither a sum nor a difference joins figures of two units.
                if unit_head[b] != head:
                    continue
                if b in linked:  # a recorded relation: every rule applies
                    for kind, first, second in self._pair_kinds(a, b):
                        firsts.append(first)
                        seconds.append(second)
                        kinds.append(kind)
                    continue
                other = measure[b]
                if other == root:
                    continue  # one measure makes a difference only as snapshots (recorded)
                # is_superset(a, b) and is_superset(b, a), written out.
                a_includes_b = root in classes.get(other, _NO_CLASSES)
                b_includes_a = other in above
                if a_includes_b or b_includes_a:
                    # No sum; the whole minus its part, the larger the whole.
                    if values[a] > values[b]:
                        if a_includes_b:
                            firsts.append(a)
                            seconds.append(b)
                            kinds.append(part_of_whole)
                    elif values[b] > values[a] and b_includes_a:
                        firsts.append(b)
                        seconds.append(a)
                        kinds.append(part_of_whole)
                    continue
                if not self._categories_add(a, b):
                    continue
                firsts.append(a)
                seconds.append(b)
                if category == categories[b] and self.consecutive(a, b):
                    kinds.append(consecutive)
                else:
                    kinds.append(document)

    def _build_pairs(self) -> None:
        by_document: dict[str, list[int]] = {}
        for index, document in enumerate(self.documents):
            if not self.percent[index]:
                by_document.setdefault(document, []).append(index)
        firsts, seconds, kinds = array("i"), array("i"), bytearray()
        for slug in sorted(by_document):
            members = by_document[slug]
            if len(members) <= MAX_DOCUMENT_FIGURES:
                self._document_pairs(members, firsts, seconds, kinds)
        del by_document
        documents = self.documents
        for a, found in enumerate(self.links):
            if not found:
                continue
            for b in sorted(found):
                if a < b and documents[a] != documents[b]:
                    for kind, first, second in self._pair_kinds(a, b):
                        firsts.append(first)
                        seconds.append(second)
                        kinds.append(kind)
        table = self.all_pairs = PairTable(self, firsts, seconds, kinds)
        del firsts, seconds, kinds
        # Per document: its pair sums, as positions in the table (so in order of value); the
        # same pairs filed under the category of each part, for claims whose words narrow
        # the search to a few categories; and the pairs the registry records as separate
        # groups, sought whatever the words say.
        sums: dict[str, list[int]] = {}
        by_category: dict[str, list[int]] = {}
        disjoint: list[int] = []
        categories = self.categories
        disjoint_kind = _SUM + _LINK_CODE["disjoint"]
        for k, (kind, a, b) in enumerate(
            zip(table.kinds, table.firsts, table.seconds, strict=True)
        ):
            if kind < _DIFFERENCE and documents[a] == documents[b]:
                sums.setdefault(documents[a], []).append(k)
            of_first, of_second = categories[a], categories[b]
            by_category.setdefault(of_first, []).append(k)
            if of_second != of_first:
                by_category.setdefault(of_second, []).append(k)
            if kind == disjoint_kind:
                disjoint.append(k)
        self.document_sums = {slug: array("i", found) for slug, found in sums.items()}
        self.pairs_by_category = {c: array("i", ks) for c, ks in by_category.items()}
        self.disjoint_pairs = array("i", disjoint)
        del sums, by_category, disjoint
        self._every_pair = range(len(table))
        # For three-figure sums: each document's pair sums as floats, in the same order, to
        # pass over a document quickly (the exact Decimal test follows).
        self.document_sum_floats = {
            slug: permuted(table.floats, found) for slug, found in self.document_sums.items()
        }

    def pairs_meeting(
        self, low: Decimal, high: Decimal, *, categories: frozenset[str] | None = None
    ) -> list[tuple[Pair, Decimal, Decimal]]:
        """Pairs whose interval meets [low, high], with that interval, in order of value;
        only pairs with a part in one of these categories, when given, and pairs recorded as
        disjoint (see pair_positions)."""
        table = self.all_pairs
        return [
            (table.pair(k), table.low(k), table.high(k))
            for k in self.pair_positions(low, high, categories=categories)
        ]

    def pair_positions(
        self, low: Decimal, high: Decimal, *, categories: frozenset[str] | None = None
    ) -> list[int]:
        """The positions in all_pairs (so in order of value) of the pairs whose interval
        meets [low, high]; only pairs with a part in one of these categories, when given, and
        pairs recorded as disjoint.

        A pair's interval holds its value and lies within 10 % of it
        (tolerance.figure_interval), so a pair whose value is in [low, high] meets it, and
        only values in [low / 1.1, high / 0.9] need a look.
        """
        table = self.all_pairs
        subsets: list[Sequence[int]]
        if categories is None:
            subsets = [self._every_pair]
        else:
            subsets = [  # type: ignore[assignment]
                self.pairs_by_category[c]
                for c in sorted(categories)
                if c in self.pairs_by_category
            ] + [self.disjoint_pairs]
        floats, value = table.floats, table.value
        pair_lows, pair_highs = table.float_lows, table.float_highs
        low_float, high_float = float(low), float(high)
        bottom, top = low * _REACH_LOW, high * _REACH_HIGH
        found: set[int] = set()
        for positions in subsets:
            first = first_at_least(positions, bottom, floats, value)
            last = first_above(positions, top, floats, value)
            core_first = min(last, max(first, first_at_least(positions, low, floats, value)))
            core_last = min(last, first_above(positions, high, floats, value))
            core_last = max(core_first, core_last)
            found.update(positions[core_first:core_last])
            # Around the core, the pairs whose interval reaches it (table.meets, written out).
            for k in chain(positions[first:core_first], positions[core_last:last]):
                pair_low, pair_high = pair_lows[k], pair_highs[k]
                if pair_low > high_float or pair_high < low_float:
                    continue
                if (pair_low < high_float and pair_high > low_float) or (
                    table.low(k) <= high and table.high(k) >= low
                ):
                    found.add(k)
        return sorted(found)

    def triples_between(
        self,
        low: Decimal,
        high: Decimal,
        *,
        categories: frozenset[str] | None = None,
    ) -> Iterator[tuple[int, int, int]]:
        """Three figures of one document whose intervals add up to meet [low, high].

        The largest of three parts is at least a third of the total, so only figures in
        [low / 3, high] are tried as the largest (and only of these categories, when given),
        each against its document's pair sums; at most MAX_TRIPLE_PROBES of them.
        """
        probes = 0
        lows, highs = self.lows, self.highs
        table = self.all_pairs
        firsts, seconds = table.firsts, table.seconds
        pair_floats, pair_lows, pair_highs = table.floats, table.float_lows, table.float_highs
        bottom, top = low / 3 * _REACH_LOW, high * _REACH_HIGH
        largest: Iterable[int]
        if categories is None:
            largest = self.singles(bottom, top, percent=False)
        else:
            # Only these categories' figures, in the same order (value, then position).
            def values_of(category: str) -> Iterator[tuple[Decimal, int]]:
                keys, ids = self.values_of(percent=False, category=category)
                first, last = bisect_left(keys, bottom), bisect_right(keys, top)
                return zip(keys[first:last], ids[first:last], strict=True)

            largest = (c for _, c in merge(*map(values_of, sorted(categories))))
        low_float, high_float = float(low), float(high)
        values, documents = self.values, self.documents
        for c in largest:
            sums = self.document_sums.get(documents[c])
            if not sums:
                continue
            probes += 1
            if probes > MAX_TRIPLE_PROBES:
                return
            # The window of the rest in floats, wide enough for any rounding of theirs: only
            # the sums inside it are tested exactly.
            part_low, part_high = self.float_lows[c], self.float_highs[c]
            slack = 1e-6 * (abs(low_float) + abs(high_float) + abs(part_low) + abs(part_high) + 1)
            floats = self.document_sum_floats[documents[c]]
            first = bisect_left(floats, (low_float - part_high) * 0.9 - slack)
            last = bisect_right(floats, (high_float - part_low) * 1.12 + slack)
            if first >= last:
                continue
            rest_low, rest_high = low - highs[c], high - lows[c]
            bottom, top = rest_low * _REACH_LOW, rest_high * _REACH_HIGH
            # The same tests as on the exact values, decided by their floats but for a tie.
            bottom_float, top_float = float(bottom), float(top)
            rest_low_float, rest_high_float = float(rest_low), float(rest_high)
            value = values[c]
            for k in sums[first:last]:
                key = pair_floats[k]
                if key < bottom_float or key > top_float:
                    continue
                if key in (bottom_float, top_float) and not (bottom <= table.value(k) <= top):
                    continue
                pair_low, pair_high = pair_lows[k], pair_highs[k]
                if pair_low > rest_high_float or pair_high < rest_low_float:
                    continue
                if (pair_low == rest_high_float or pair_high == rest_low_float) and (
                    table.low(k) > rest_high or table.high(k) < rest_low
                ):
                    continue
                a, b = firsts[k], seconds[k]
                if c in (a, b) or max(values[a], values[b]) > value:
                    continue
                if self.can_add(c, a) and self.can_add(c, b):
                    yield c, a, b


_NO_KINDS: frozenset[str] = frozenset()
_NO_CLASSES: frozenset[int] = frozenset()
_NO_VALUES: tuple[list[Decimal], Sequence[int]] = ([], array("i"))


def _in_order(values: list[Decimal]) -> list[int]:
    """The positions of values in order of value, ties in order of position: sorted by their
    floats, then any run of equal floats by the exact values (see columns.py)."""
    floats = array("d", map(float, values))
    order = sorted(range(len(values)), key=floats.__getitem__)
    settle_ties(order, floats, values.__getitem__, lambda k: _exact_float(values[k]) is None)
    return order


def _by_category(
    keys: list[Decimal], ids: Sequence[int], categories: list[str]
) -> dict[str, tuple[list[Decimal], array[int]]]:
    """Sorted values and their positions, split by category (each part still sorted)."""
    split: dict[str, tuple[list[Decimal], list[int]]] = {}
    for key, position in zip(keys, ids, strict=True):
        values, positions = split.setdefault(categories[position], ([], []))
        values.append(key)
        positions.append(position)
    return {c: (values, array("i", positions)) for c, (values, positions) in split.items()}


def outward(
    keys: Sequence[Decimal],
    ids: Sequence[int],
    bottom: Decimal,
    top: Decimal,
    target: Decimal,
    accept: Callable[[int], bool],
) -> Iterator[tuple[Decimal, int, int, int]]:
    """The positions ids[k] whose value keys[k] lies in [bottom, top] and that accept, nearest
    to target first, as a walk outwards from target over the list (in order of value) meets
    them: of two at the same distance, the one below target first.

    Each comes as (distance, side, order, position): a key in which the walks over several
    disjoint lists merge (heapq.merge) into the walk over their merged list."""
    first, last = bisect_left(keys, bottom), bisect_right(keys, top)
    right = max(first, min(last, bisect_left(keys, target)))
    left = right - 1
    while True:
        while left >= first and not accept(ids[left]):
            left -= 1
        while right < last and not accept(ids[right]):
            right += 1
        if left < first:
            if right >= last:
                return
            take_left = False
        else:
            take_left = right >= last or target - keys[left] <= keys[right] - target
        if take_left:
            position = ids[left]
            yield target - keys[left], 0, -position, position
            left -= 1
        else:
            position = ids[right]
            yield keys[right] - target, 1, position, position
            right += 1


_TIER_PRIOR = {1: 0.6, 2: 0.4, 3: 0.2, 4: 0.0}
_CONFIDENCE_PRIOR = {"primary": 0.2, "secondary": 0.1, "derived": 0.0, "unverified": -0.5}


def _prior(figure: FigureRecord, tier: int) -> float:
    """How much the ranking trusts a figure for itself: independent, primary, not a boast, and
    the number its source states rather than one computed from others."""
    prior = _TIER_PRIOR.get(tier, 0.0) + _CONFIDENCE_PRIOR.get(figure.confidence, 0.0)
    if figure.kind == "announcement":
        prior -= 0.2
    if figure.relations and any(kind == "derived_from" for kind, _ in figure.relations):
        prior -= 0.1
    return prior
