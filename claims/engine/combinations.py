"""The candidates a number can have beyond a single figure: pairs (sums and differences), three
figures, shares of a whole and changes between periods, each scored by the matcher (mixed
into match.Matcher, which provides the state and the score). Long candidate lists are cut to
the preferred ones, nearest in value first, which bounds the work whatever the registry's
size.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from claims.engine.arithmetic import Combination
from claims.engine.evidence import Candidate
from claims.engine.numbers import QuotedNumber
from claims.engine.tolerance import loose_interval, overlaps

if TYPE_CHECKING:
    from claims.engine.frames import ClaimFrame
    from claims.engine.index import FigureIndex


# More candidate pairs than this for one number are cut (see match.MAX_SINGLES).
MAX_PAIRS = 30


class Combinations:
    """Pairs, triples, shares and changes for one claim frame."""

    parsed: ClaimFrame
    index: FigureIndex
    described: bool
    relevant_categories: frozenset[str]
    _span_days: list[tuple[int, int]]

    # Provided by match.Matcher and evidence.EvidenceFloor.
    _keep: Callable[..., None]
    _consecutive: Callable[[tuple[int, ...]], bool]

    @staticmethod
    def _cut(
        items: list[int],
        values: Sequence[Decimal],
        target: Decimal,
        limit: int,
        preferred: Callable[[int], bool],
    ) -> list[int]:
        """Cut a long candidate list (in order of value) to the preferred ones first, then
        the others; each group nearest in value to the quote first."""
        first = [item for item in items if preferred(item)]
        chosen = _nearest(first, values, target, limit)
        if len(chosen) < limit:
            taken = set(chosen)
            others = [item for item in items if item not in taken]
            chosen += _nearest(others, values, target, limit - len(chosen))
        return chosen

    def _inside(self, position: int) -> float | None:
        """The share of the figure's period inside the claim's spans (see inside_share)."""
        period = self.index.periods[position]
        if period is None or not self._span_days:
            return None
        start, end = period
        inside = 0
        for span_start, span_end in self._span_days:
            low, high = max(start, span_start), min(end, span_end)
            if low <= high:
                inside += high - low + 1
        total = end - start + 1
        return min(inside, total) / total

    def _published(self, position: int) -> bool:
        published, said_on = self.index.published[position], self.parsed.said_on
        return said_on is None or published is None or published <= said_on

    def _relevant(self, position: int) -> bool:
        return self.index.categories[position] in self.relevant_categories

    def _pairs(
        self, number: QuotedNumber, window: tuple[Decimal, Decimal], target: float
    ) -> list[Candidate]:
        index = self.index
        table = index.all_pairs
        # When the claim says what it counts, a sum must involve something it describes (or
        # misreads): otherwise it is arithmetic on unrelated figures.
        meeting = index.pair_positions(
            *window, categories=self.relevant_categories if self.described else None
        )
        if len(meeting) > MAX_PAIRS:
            firsts, seconds = table.firsts, table.seconds
            keep = self._cut(
                meeting,
                table.keys,
                target_of(number),
                MAX_PAIRS,
                lambda k: self._published(firsts[k]) and self._published(seconds[k]),
            )
            meeting = sorted(keep)
        values = index.values
        found: list[Candidate] = []
        for k in meeting:
            pair, low, high = table.pair(k), table.lows[k], table.highs[k]
            parts = (pair.first, pair.second)
            if pair.operation == "sum" and values[pair.second] > values[pair.first]:
                parts = (pair.second, pair.first)  # largest first, as people read a sum
            self._keep(
                found, number, parts, pair.operation, pair.link, low, high, pair.value, True,
                target,
            )  # fmt: skip
        return found

    def _period_sums(
        self, number: QuotedNumber, window: tuple[Decimal, Decimal], target: float
    ) -> list[Candidate]:
        """Sums of one measure over consecutive periods that come near the number only as a
        rounding, when the quote states the time they may make up: "more than 250,000 in
        fiscal 2021 and 2022" for 120,859 and 127,057. People round a total they added up
        themselves as they round a single figure; the evidence floor still requires the
        periods to make up the time stated."""
        if self.parsed.frame is None or not self.described:
            return []
        loose = loose_interval(*window, value=number.value, percent=False)
        found: list[Candidate] = []
        made = 0
        table = self.index.all_pairs
        consecutive = table.kind("sum", "consecutive")
        for k in self.index.pair_positions(*loose, categories=self.relevant_categories):
            if table.kinds[k] != consecutive:
                continue
            low, high = table.lows[k], table.highs[k]
            if overlaps((low, high), window):
                continue  # a strict match: _pairs has it
            pair = table.pair(k)
            parts = (pair.first, pair.second)
            if self.index.figures[pair.second].value > self.index.figures[pair.first].value:
                parts = (pair.second, pair.first)
            self._keep(
                found, number, parts, "sum", pair.link, low, high, pair.value, False, target
            )
            made += 1
            if made >= MAX_PAIRS:
                break
        return found

    def _shares(
        self, number: QuotedNumber, window: tuple[Decimal, Decimal], target: float
    ) -> list[Candidate]:
        """A part over its whole: "7%" for 32,000 of 448,000."""
        loose = loose_interval(*window, value=number.value, percent=True)
        found: list[Candidate] = []
        for share in self.index.arithmetic.meeting("share", *loose, limit=MAX_PAIRS):
            strict = overlaps((share.low, share.high), window)
            self._candidate(found, number, share, "share", strict=strict, target=target)
        return found

    def _changes(self, number: QuotedNumber) -> list[Candidate]:
        """Two counts of one measure over two periods: "doubled", "fell 7 percent"."""
        found: list[Candidate] = []
        target = float(target_of(number))
        # The first of them in order of value, as many as are kept: only those are scored.
        meeting = self.index.arithmetic.meeting(
            number.change, number.low, number.high, limit=MAX_PAIRS * 2
        )
        for change in meeting:
            self._candidate(found, number, change, "change", strict=True, target=target)
        return found

    def _candidate(
        self,
        found: list[Candidate],
        number: QuotedNumber,
        combination: Combination,
        operation: str,
        *,
        strict: bool,
        target: float,
    ) -> None:
        """A share or a change as a candidate (see _keep)."""
        self._keep(
            found, number, (combination.first, combination.second), operation,
            combination.link, combination.low, combination.high, combination.value, strict,
            target,
        )  # fmt: skip

    def _triples(
        self, number: QuotedNumber, window: tuple[Decimal, Decimal], target: float
    ) -> list[Candidate]:
        index = self.index
        seen: set[tuple[int, ...]] = set()
        found: list[Candidate] = []
        relevant = self.relevant_categories if self.described else None
        for triple in index.triples_between(window[0], window[1], categories=relevant):
            parts = tuple(sorted(triple, key=lambda part: (-index.figures[part].value, part)))
            if parts in seen:
                continue
            seen.add(parts)
            intervals = [index.intervals[part] for part in parts]
            interval = (
                sum((i[0] for i in intervals), Decimal(0)),
                sum((i[1] for i in intervals), Decimal(0)),
            )
            if not overlaps(interval, window):
                continue
            total = sum((index.figures[part].value for part in parts), Decimal(0))
            link = "consecutive" if self._consecutive(parts) else "triple"
            self._keep(found, number, parts, "sum", link, *interval, total, True, target)
        return found

    # -- result ------------------------------------------------------------------------------


def _nearest(
    items: list[int], values: Sequence[Decimal], target: Decimal, limit: int
) -> list[int]:
    """The limit items nearest in value to target; items are in order of value, so the
    nearest are found by walking outwards from where the target falls (reading the values
    of only the items it passes: they may be computed when read)."""
    if len(items) <= limit:
        return list(items)
    right = bisect_left(items, target, key=values.__getitem__)
    left = right - 1
    left_key = values[items[left]] if left >= 0 else None
    right_key = values[items[right]] if right < len(items) else None
    chosen: list[int] = []
    while len(chosen) < limit:
        take_left = left_key is not None and (
            right_key is None or target - left_key <= right_key - target
        )
        if take_left:
            chosen.append(items[left])
            left -= 1
            left_key = values[items[left]] if left >= 0 else None
        else:
            chosen.append(items[right])
            right += 1
            right_key = values[items[right]] if right < len(items) else None
    return chosen


def target_of(number: QuotedNumber) -> Decimal:
    """The value a quote points at: the middle of a stated range, else the stated value."""
    if number.stated_high is None:
        return number.value
    return (number.value + number.stated_high) / 2
