"""Compact columns for the index of a large registry: exact Decimal answers from float arrays.

A registry of a hundred thousand figures makes hundreds of thousands of pairs, shares and
changes. Kept as objects with Decimals of their own they took hundreds of megabytes and most
of the time it took to load them; kept here as arrays of floats and positions they take a few
bytes each, and the exact Decimal is computed again for the few a query looks at.

What makes that exact: the float of a Decimal is its nearest float, so it never orders two
values the other way round (x <= y gives float(x) <= float(y)). A float strictly below or
above another therefore decides the comparison of the Decimals too; only equal floats need
the Decimals themselves. Every search here bisects on the floats and settles those ties with
the exact values, so it returns what the same search over the Decimals returned.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import overload

# The day number (date.toordinal) that stands for "not known" in a column of days.
NO_DAY = -1


def first_at_least(
    positions: Sequence[int],
    bound: Decimal,
    floats: Sequence[float],
    exact: Callable[[int], Decimal],
) -> int:
    """The first k with exact(positions[k]) >= bound, positions being in order of value and
    floats[p] the float of exact(p): bisect_left over the exact values."""
    target = float(bound)
    k = bisect_left(positions, target, key=floats.__getitem__)
    while k < len(positions) and floats[positions[k]] == target and exact(positions[k]) < bound:
        k += 1
    return k


def first_above(
    positions: Sequence[int],
    bound: Decimal,
    floats: Sequence[float],
    exact: Callable[[int], Decimal],
) -> int:
    """The first k with exact(positions[k]) > bound (see first_at_least): bisect_right."""
    target = float(bound)
    k = bisect_right(positions, target, key=floats.__getitem__)
    while k > 0 and floats[positions[k - 1]] == target and exact(positions[k - 1]) > bound:
        k -= 1
    return k


def at_most(value: float, bound: float, exact: Callable[[], bool]) -> bool:
    """Whether a Decimal is at most a bound, from their floats; exact() decides a tie."""
    if value != bound:
        return value < bound
    return exact()


def settle_ties(
    order: list[int],
    floats: Sequence[float],
    exact: Callable[[int], Decimal],
    approximate: Callable[[int], object],
) -> None:
    """Order, in place, each run of `order` whose floats are equal by its exact values (a
    stable sort: ties stay as they were). Only a run with an item whose float is not its
    exact value can hold two values apart: the others are left alone."""
    start = 0
    count = len(order)
    while start < count:
        end = start + 1
        value = floats[order[start]]
        while end < count and floats[order[end]] == value:
            end += 1
        if end - start > 1 and any(approximate(k) for k in order[start:end]):
            order[start:end] = sorted(order[start:end], key=exact)
        start = end


def permuted(column: array, order: Sequence[int]) -> array:  # type: ignore[type-arg]
    """The column in the given order (a new array of the same type)."""
    return array(column.typecode, map(column.__getitem__, order))


class Periods:
    """Each figure's period as day numbers (first, last), or None when it is not known or
    ends before it begins: two arrays of days instead of a tuple per figure."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: array[int], ends: array[int]) -> None:
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, position: int) -> tuple[int, int] | None: ...
    @overload
    def __getitem__(self, position: slice) -> list[tuple[int, int] | None]: ...
    def __getitem__(
        self, position: int | slice
    ) -> tuple[int, int] | list[tuple[int, int] | None] | None:
        if isinstance(position, slice):
            return [self[k] for k in range(*position.indices(len(self)))]
        start, end = self.starts[position], self.ends[position]
        if start == NO_DAY or end < start:
            return None
        return start, end

    def __iter__(self) -> Iterator[tuple[int, int] | None]:
        return (self[k] for k in range(len(self)))


class Intervals:
    """Each figure's interval (low, high), from the two lists of ends the index keeps."""

    __slots__ = ("highs", "lows")

    def __init__(self, lows: list[Decimal], highs: list[Decimal]) -> None:
        self.lows, self.highs = lows, highs

    def __len__(self) -> int:
        return len(self.lows)

    @overload
    def __getitem__(self, position: int) -> tuple[Decimal, Decimal]: ...
    @overload
    def __getitem__(self, position: slice) -> list[tuple[Decimal, Decimal]]: ...
    def __getitem__(
        self, position: int | slice
    ) -> tuple[Decimal, Decimal] | list[tuple[Decimal, Decimal]]:
        if isinstance(position, slice):
            return list(zip(self.lows[position], self.highs[position], strict=True))
        return self.lows[position], self.highs[position]

    def __iter__(self) -> Iterator[tuple[Decimal, Decimal]]:
        return zip(self.lows, self.highs, strict=True)
