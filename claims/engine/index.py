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

from claims.engine.arithmetic import Arithmetic
from claims.engine.registry import FigureRecord, Registry
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


class PairTable:
    """Every pair in order of (value, operation, first, second), as columns: the values and
    the interval each pair stands for (Decimal, shared with nothing else), the two figures
    and the operation and link as small integers. A Pair is made only for a pair a query
    returns, so a registry of a hundred thousand figures keeps no million objects."""

    __slots__ = ("firsts", "highs", "keys", "kinds", "lows", "seconds")

    def __init__(
        self,
        entries: list[tuple[Decimal, str, int, int, str]],
        intervals: list[tuple[Decimal, Decimal]],
    ) -> None:
        self.keys = [value for value, _, _, _, _ in entries]
        self.firsts = array("i", (first for _, _, first, _, _ in entries))
        self.seconds = array("i", (second for _, _, _, second, _ in entries))
        operation_code = {name: code for code, name in enumerate(_OPERATIONS)}
        link_code = {name: code for code, name in enumerate(_LINKS)}
        self.kinds = bytes(
            operation_code[operation] * 16 + link_code[link]
            for _, operation, _, _, link in entries
        )
        lows: list[Decimal] = []
        highs: list[Decimal] = []
        for value, operation, a, b, _ in entries:
            (low_a, high_a), (low_b, high_b) = intervals[a], intervals[b]
            if operation == "sum":
                low, high = low_a + low_b, high_a + high_b
            else:
                low, high = low_a - high_b, high_a - low_b
            # An exact pair stands for its value alone: keep one object for the three.
            lows.append(value if low == value else low)
            highs.append(value if high == value else high)
        self.lows, self.highs = lows, highs

    def __len__(self) -> int:
        return len(self.keys)

    @staticmethod
    def kind(operation: str, link: str) -> int:
        """The code kinds holds for a pair of this operation and link."""
        return _OPERATIONS.index(operation) * 16 + _LINKS.index(link)

    def pair(self, k: int) -> Pair:
        kind = self.kinds[k]
        return Pair(
            self.keys[k], _OPERATIONS[kind // 16], self.firsts[k], self.seconds[k],
            _LINKS[kind % 16],
        )  # fmt: skip


def _period_overlap(a: FigureRecord, b: FigureRecord) -> bool | None:
    """Whether two figures' periods overlap; None when a period is not known."""
    if None in (a.period_start, a.period_end, b.period_start, b.period_end):
        return None
    return a.period_start <= b.period_end and b.period_start <= a.period_end  # type: ignore[operator]


class FigureIndex:
    """The registry's figures, arranged for fast matching and relation look-ups."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        figures = tuple(sorted(registry.figures, key=lambda figure: figure.slug))
        self.figures = figures
        self.position = {figure.slug: index for index, figure in enumerate(figures)}
        self.published: list[date | None] = []
        self.intervals: list[tuple[Decimal, Decimal]] = []
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
        for figure in figures:
            document = registry.documents.get(figure.document)
            self.published.append(document.date if document and document.date else figure.as_of)
            self.intervals.append(figure_interval(figure.value, figure.qualifier))
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
            built = self.__dict__["_arithmetic"] = Arithmetic(self)
        return built

    # -- relations -------------------------------------------------------------------------

    def _build_relations(self) -> None:
        count = len(self.figures)
        links: list[dict[int, set[str]]] = [{} for _ in range(count)]

        def link(a: int, b: int, kind: str) -> None:
            if a != b:
                links[a].setdefault(b, set()).add(kind)

        for a, figure in enumerate(self.figures):
            for kind, other in figure.relations:
                b = self.position.get(other)
                if b is None:
                    continue
                if kind in STORED:  # written from the other end: "superseded_by"
                    a_, b_, kind = b, a, STORED[kind]
                else:
                    a_, b_ = a, b
                link(a_, b_, kind)
                link(b_, a_, kind if kind in SYMMETRIC else INVERSE.get(kind, kind))
        # A figure with no relation shares one empty mapping (never written to once built).
        none: dict[int, set[str]] = {}
        self.links = [linked or none for linked in links]
        links = self.links
        self._superseded_by = [
            [b for b, kinds in sorted(links[a].items()) if "superseded_by" in kinds]
            for a in range(count)
        ]
        # Figures that are the same measure form one class (union-find).
        parent = list(range(count))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a in range(count):
            for b, kinds in links[a].items():
                if "same_measure_as" in kinds:
                    parent[find(a)] = find(b)
        self.measure = [find(index) for index in range(count)]
        members: dict[int, list[int]] = {}
        for index, root in enumerate(self.measure):
            members.setdefault(root, []).append(index)
        # Supersets through subset_of (and derived_from: a figure computed from others
        # includes them), across same-measure classes, transitively.
        up: dict[int, set[int]] = {}
        for a in range(count):
            for b, kinds in links[a].items():
                if kinds & {"subset_of", "source_of"}:
                    up.setdefault(self.measure[a], set()).add(self.measure[b])
        self.superset_classes: dict[int, frozenset[int]] = {}
        for root in members:
            seen: set[int] = set()
            stack = list(up.get(root, ()))
            while stack:
                current = stack.pop()
                if current in seen or current == root:
                    continue
                seen.add(current)
                stack.extend(up.get(current, ()))
            self.superset_classes[root] = frozenset(seen)
        self.measure_members = {root: tuple(sorted(ids)) for root, ids in members.items()}
        # When a later snapshot of each figure's measure was first published (date.max when
        # none is dated; None when there is none): the figure is outdated for a claim made on
        # or after that day, which a check then reads without walking the relations.
        replaced: dict[int, date | None] = {}
        for root, ids in self.measure_members.items():
            later = [self.published[b] or date.max for a in ids for b in self._superseded_by[a]]
            replaced[root] = min(later) if later else None
        self.replaced_on = [replaced[root] for root in self.measure]

    def kinds(self, a: int, b: int) -> set[str]:
        """The relations from figure a to figure b, with inverses named from a's side."""
        return self.links[a].get(b, set())

    def is_superset(self, whole: int, part: int) -> bool:
        return self.measure[whole] in self.superset_classes.get(self.measure[part], frozenset())

    def supersets(self, index: int) -> list[int]:
        """The figures that directly include this one (subset_of), nearest first."""
        return [b for b, kinds in sorted(self.links[index].items()) if "subset_of" in kinds]

    def superseded_by(self, index: int) -> list[int]:
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
        counts = sorted(
            (figure.value, index)
            for index, figure in enumerate(self.figures)
            if not self.percent[index]
        )
        percents = sorted(
            (figure.value, index)
            for index, figure in enumerate(self.figures)
            if self.percent[index]
        )
        self.count_keys = [value for value, _ in counts]
        self.count_ids = [index for _, index in counts]
        self.percent_keys = [value for value, _ in percents]
        self.percent_ids = [index for _, index in percents]
        self.values = [figure.value for figure in self.figures]
        # Periods as day numbers (None when unknown), so that overlaps are integer arithmetic.
        self.periods: list[tuple[int, int] | None] = [
            (f.period_start.toordinal(), f.period_end.toordinal())
            if f.period_start and f.period_end and f.period_start <= f.period_end
            else None
            for f in self.figures
        ]
        self.lows = [low for low, _ in self.intervals]
        self.highs = [high for _, high in self.intervals]
        self.categories = [figure.category for figure in self.figures]
        # Each category's figures, in order of position.
        self.category_members: dict[str, list[int]] = {}
        for index, category in enumerate(self.categories):
            self.category_members.setdefault(category, []).append(index)
        # Each category's figures in order of value, counts and percentages apart (values
        # and positions, as count_keys and count_ids): a claim whose words name a few
        # categories looks only at theirs.
        self.category_counts = _by_category(self.count_keys, self.count_ids, self.categories)
        self.category_percents = _by_category(self.percent_keys, self.percent_ids, self.categories)
        self.negative = any(value < 0 for value in self.values)

    def singles(self, low: Decimal, high: Decimal, *, percent: bool) -> Iterator[int]:
        """Figures whose value lies within [low, high], in order of value."""
        keys, ids = (
            (self.percent_keys, self.percent_ids) if percent else (self.count_keys, self.count_ids)
        )
        for position in range(bisect_left(keys, low), bisect_right(keys, high)):
            yield ids[position]

    def values_of(
        self, *, percent: bool, category: str | None = None
    ) -> tuple[list[Decimal], list[int]]:
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
        first, second = self.figures[a], self.figures[b]
        if first.category == second.category:
            return _period_overlap(first, second) is False
        return not (
            first.category in self.category_ancestors(second.category)
            or second.category in self.category_ancestors(first.category)
        )

    def difference_link(self, whole: int, part: int) -> str | None:
        """How whole minus part makes sense ("part_of_whole", a snapshot change), or None."""
        if whole == part or self.percent[whole] or self.percent[part]:
            return None
        if self.unit_head[whole] != self.unit_head[part]:
            return None
        if self.figures[whole].value <= self.figures[part].value:
            return None
        if self.is_superset(whole, part) or "derived_from" in self.kinds(whole, part):
            return "part_of_whole"
        if self.kinds(whole, part) & {"supersedes", "superseded_by"}:
            return "snapshots"  # the change between two counts of one measure
        return None

    def consecutive(self, a: int, b: int) -> bool:
        """Whether two figures count one measure (category, unit, document) over periods that
        follow one another: their sum counts the whole span."""
        first, second = self.figures[a], self.figures[b]
        if (first.category, self.unit_head[a], first.document) != (
            second.category,
            self.unit_head[b],
            second.document,
        ):
            return False
        one, two = self.periods[a], self.periods[b]
        if one is None or two is None:
            return False
        return one[1] + 1 == two[0] or two[1] + 1 == one[0]

    def _same_document(self, a: int, b: int) -> bool:
        return self.figures[a].document == self.figures[b].document

    def _pair_entries(self, a: int, b: int) -> Iterator[tuple[Decimal, str, int, int, str]]:
        """The sum and the difference two figures make, where they mean something, as
        (value, operation, first, second, link)."""
        value_a, value_b = self.values[a], self.values[b]
        if self.can_add(a, b):
            if "disjoint_with" in self.kinds(a, b):
                link = "disjoint"
            elif self.consecutive(a, b):
                link = "consecutive"
            else:
                link = "document" if self._same_document(a, b) else "related"
            yield value_a + value_b, "sum", a, b, link
        whole, part = (a, b) if value_a > value_b else (b, a)
        if difference := self.difference_link(whole, part):
            yield self.values[whole] - self.values[part], "difference", whole, part, difference

    def _document_entries(self, members: list[int]) -> list[tuple[Decimal, str, int, int, str]]:
        """The pairs of one document's figures (count figures, in order of position)."""
        entries: list[tuple[Decimal, str, int, int, str]] = []
        unit_head, measure, links = self.unit_head, self.measure, self.links
        for offset, a in enumerate(members):
            head, root, linked = unit_head[a], measure[a], links[a]
            for b in members[offset + 1 :]:
                # Neither a sum nor a difference joins figures of two units, and figures of
                # one measure make a difference only as snapshots (a recorded relation).
                if unit_head[b] != head or (measure[b] == root and b not in linked):
                    continue
                entries.extend(self._pair_entries(a, b))
        return entries

    def _build_pairs(self) -> None:
        by_document: dict[str, list[int]] = {}
        for index, figure in enumerate(self.figures):
            if not self.percent[index]:
                by_document.setdefault(figure.document, []).append(index)
        entries: list[tuple[Decimal, str, int, int, str]] = []
        sums_of: dict[str, set[tuple[int, int]]] = {}
        for slug in sorted(by_document):
            members = by_document[slug]
            if len(members) > MAX_DOCUMENT_FIGURES:
                continue
            found = self._document_entries(members)
            entries.extend(found)
            sums_of[slug] = {(e[2], e[3]) for e in found if e[1] == "sum"}
        for a in range(len(self.figures)):
            for b in sorted(self.links[a]):
                if a < b and not self._same_document(a, b):
                    entries.extend(self._pair_entries(a, b))
        # (value, operation, first, second) is unique: plain tuples sort in that order.
        entries.sort()
        table = self.all_pairs = PairTable(entries, self.intervals)
        position_of = {(e[1], e[2], e[3]): k for k, e in enumerate(entries)}
        # Per document: its pair sums, as positions in the table (so in order of value).
        self.document_sums: dict[str, array[int]] = {
            slug: array("i", sorted(position_of[("sum", a, b)] for a, b in sums))
            for slug, sums in sums_of.items()
        }
        # The same pairs filed under the category of each part, for claims whose words narrow
        # the search to a few categories: positions in the table, in order.
        by_category: dict[str, list[int]] = {}
        categories = self.categories
        for k, (_, _, a, b, _) in enumerate(entries):
            first, second = categories[a], categories[b]
            by_category.setdefault(first, []).append(k)
            if second != first:
                by_category.setdefault(second, []).append(k)
        self.pairs_by_category = {c: array("i", ks) for c, ks in by_category.items()}
        # Pairs the registry records as separate groups: sought whatever the words say.
        self.disjoint_pairs = array("i", (k for k, e in enumerate(entries) if e[4] == "disjoint"))
        self._every_pair = range(len(table))
        # For three-figure sums: each document's pair sums as floats, in the same order, to
        # pass over a document quickly (the exact Decimal test follows), and each figure's
        # document and interval as floats.
        self.document_sum_floats = {
            slug: array("d", (float(table.keys[k]) for k in sums))
            for slug, sums in self.document_sums.items()
        }
        self.documents = [figure.document for figure in self.figures]
        self.float_intervals = [(float(low), float(high)) for low, high in self.intervals]

    def pairs_meeting(
        self, low: Decimal, high: Decimal, *, categories: frozenset[str] | None = None
    ) -> list[tuple[Pair, Decimal, Decimal]]:
        """Pairs whose interval meets [low, high], with that interval, in order of value;
        only pairs with a part in one of these categories, when given, and pairs recorded as
        disjoint (see pair_positions)."""
        table = self.all_pairs
        return [
            (table.pair(k), table.lows[k], table.highs[k])
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
        keys, lows, highs = table.keys, table.lows, table.highs
        value_of = keys.__getitem__
        bottom, top = low * _REACH_LOW, high * _REACH_HIGH
        found: set[int] = set()
        for positions in subsets:
            first = bisect_left(positions, bottom, key=value_of)
            last = bisect_right(positions, top, key=value_of)
            core_first = min(last, max(first, bisect_left(positions, low, key=value_of)))
            core_last = min(last, bisect_right(positions, high, key=value_of))
            core_last = max(core_first, core_last)
            found.update(positions[core_first:core_last])
            for k in positions[first:core_first]:
                if lows[k] <= high and highs[k] >= low:
                    found.add(k)
            for k in positions[core_last:last]:
                if lows[k] <= high and highs[k] >= low:
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
        intervals = self.intervals
        table = self.all_pairs
        lows, highs = table.lows, table.highs
        firsts, seconds = table.firsts, table.seconds
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
        keys, values, documents = table.keys, self.values, self.documents
        for c in largest:
            sums = self.document_sums.get(documents[c])
            if not sums:
                continue
            probes += 1
            if probes > MAX_TRIPLE_PROBES:
                return
            # The window of the rest in floats, wide enough for any rounding of theirs: only
            # the sums inside it are tested exactly.
            part_low, part_high = self.float_intervals[c]
            slack = 1e-6 * (abs(low_float) + abs(high_float) + abs(part_low) + abs(part_high) + 1)
            floats = self.document_sum_floats[documents[c]]
            first = bisect_left(floats, (low_float - part_high) * 0.9 - slack)
            last = bisect_right(floats, (high_float - part_low) * 1.12 + slack)
            if first >= last:
                continue
            rest_low, rest_high = low - intervals[c][1], high - intervals[c][0]
            bottom, top = rest_low * _REACH_LOW, rest_high * _REACH_HIGH
            value = values[c]
            for k in sums[first:last]:
                if not bottom <= keys[k] <= top:
                    continue
                if lows[k] > rest_high or highs[k] < rest_low:
                    continue
                a, b = firsts[k], seconds[k]
                if c in (a, b) or max(values[a], values[b]) > value:
                    continue
                if self.can_add(c, a) and self.can_add(c, b):
                    yield c, a, b


_NO_VALUES: tuple[list[Decimal], list[int]] = ([], [])


def _by_category(
    keys: list[Decimal], ids: list[int], categories: list[str]
) -> dict[str, tuple[list[Decimal], list[int]]]:
    """Sorted values and their positions, split by category (each part still sorted)."""
    split: dict[str, tuple[list[Decimal], list[int]]] = {}
    for key, position in zip(keys, ids, strict=True):
        values, positions = split.setdefault(categories[position], ([], []))
        values.append(key)
        positions.append(position)
    return split


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
    if any(kind == "derived_from" for kind, _ in figure.relations):
        prior -= 0.1
    return prior
