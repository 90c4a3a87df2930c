"""Keyset (cursor) pagination: a page starts after the last item of the one before it, found
through the list's index, so that a page deep in a list of 100,000 rows costs what the first
one costs (OFFSET would read and drop every row before it).

A list's order is a tuple of `Key`s ending in a unique one (the primary key, a slug), so that
items with equal timestamps still have one place each and no page repeats or skips one. A
cursor holds the keys of one item: the last of a page (`after`, the next page) or the first
(`before`, the page before it). It is opaque to readers (URL-safe base64 of a JSON list) and
checked when read: a cursor that is not one of this list's is refused with `BadCursor`, before
any query.

NULL sorts as PostgreSQL sorts it by default: above every value (last going up, first going
down). The order is written out with `nulls_first` / `nulls_last` so that SQLite sorts the same
way, and a nullable key's comparisons say what they mean for NULL.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy

MAX_INT = 2**63 - 1
MAX_TEXT = 400
# Lists count their items exactly up to here; beyond, they say "more than COUNT_LIMIT". An exact
# count reads every match (80,000 published rulings joined to their claims: a scan of both
# tables), a bounded one at most COUNT_LIMIT + 1 rows, through the same plan as a page.
COUNT_LIMIT = 10_000


class BadCursor(ValueError):
    """A cursor that is not one of this list's."""

    def __init__(self) -> None:
        super().__init__(
            "This page's cursor is not valid for this list: start again from the first page."
        )


@dataclass(frozen=True)
class Count:
    """How many items a list holds: `value` exactly when `exact`, else more than `value`."""

    value: int
    exact: bool

    def __str__(self) -> str:
        return str(self.value) if self.exact else f"more than {self.value:,}"


def bounded_count(queryset: QuerySet, *, limit: int | None = None) -> Count:
    """The queryset's count, exact up to `limit` (COUNT_LIMIT unless told); beyond, `limit`
    marked inexact. One query, which reads at most `limit` + 1 rows."""
    limit = COUNT_LIMIT if limit is None else limit
    found = queryset.order_by()[: limit + 1].count()
    return Count(min(found, limit), exact=found <= limit)


@dataclass(frozen=True)
class Key:
    """One key of a list's order: a field path (`ruling__published_at`), its kind (`int`,
    `str`, `date`, `datetime`), whether it sorts descending and whether it may be NULL."""

    path: str
    kind: str
    descending: bool = False
    nullable: bool = False

    def order_by(self, *, reverse: bool = False) -> OrderBy:
        descending = self.descending != reverse
        field = F(self.path)
        # NULL above every value, on every database.
        return field.desc(nulls_first=True) if descending else field.asc(nulls_last=True)

    def value_of(self, item: Any) -> Any:
        value = item
        for name in self.path.split("__"):
            value = getattr(value, name)
        return value

    def encode(self, value: Any) -> Any:
        if value is None or self.kind in {"int", "str"}:
            return value
        return value.isoformat()

    def decode(self, raw: Any) -> Any:
        if raw is None:
            if not self.nullable:
                raise BadCursor
            return None
        if self.kind == "int":
            if type(raw) is not int or not -MAX_INT <= raw <= MAX_INT:
                raise BadCursor
            return raw
        if not isinstance(raw, str) or len(raw) > MAX_TEXT or "\x00" in raw:
            raise BadCursor
        if self.kind == "str":
            return raw
        try:
            if self.kind == "date":
                return datetime.date.fromisoformat(raw)
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            raise BadCursor from None
        if moment.tzinfo is None:
            raise BadCursor
        return moment

    # Comparisons with NULL above every value.

    def above(self, value: Any) -> Q:
        if value is None:
            return Q(pk__in=[])
        above = Q(**{f"{self.path}__gt": value})
        return above | Q(**{f"{self.path}__isnull": True}) if self.nullable else above

    def below(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": False})
        return Q(**{f"{self.path}__lt": value})

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        return Q(**{self.path: value})

    def at_most(self, value: Any) -> Q:
        return Q() if value is None else Q(**{f"{self.path}__lte": value})

    def at_least(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        at_least = Q(**{f"{self.path}__gte": value})
        return at_least | Q(**{f"{self.path}__isnull": True}) if self.nullable else at_least


@dataclass(frozen=True)
class Ordering:
    """A list's order: keys, the last of them unique."""

    keys: tuple[Key, ...]

    def apply[QS: QuerySet[Any, Any]](self, queryset: QS, *, reverse: bool = False) -> QS:
        return queryset.order_by(*(key.order_by(reverse=reverse) for key in self.keys))

    def cursor(self, item: Any) -> str:
        values = [key.encode(key.value_of(item)) for key in self.keys]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read(self, cursor: str) -> list[Any]:
        """The key values a cursor holds; BadCursor if it is not one of this ordering's."""
        if len(cursor) > 4 * MAX_TEXT or not cursor.isascii():
            raise BadCursor
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
        except (binascii.Error, ValueError):
            raise BadCursor from None
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise BadCursor
        return [key.decode(value) for key, value in zip(self.keys, values, strict=True)]

    def beyond(self, values: list[Any], *, forward: bool = True) -> Q:
        """The items after (`forward`) or before the item with these key values, in this order.
        The first key's bound comes first, on its own, so that the database starts its scan of
        the index there instead of filtering from the top."""

        def later(key: Key, value: Any) -> Q:
            return key.below(value) if key.descending == forward else key.above(value)

        def bound(key: Key, value: Any) -> Q:
            return key.at_most(value) if key.descending == forward else key.at_least(value)

        ties: list[Q] = []
        alternatives: list[Q] = []
        for key, value in zip(self.keys, values, strict=True):
            alternatives.append(reduce(and_, [*ties, later(key, value)]))
            ties.append(key.equal(value))
        return bound(self.keys[0], values[0]) & reduce(or_, alternatives)


@dataclass
class KeysetPage:
    """One page: its items, and the cursors of the pages after and before it (None at an end).
    Django's Page's names where they mean the same, so that templates read either."""

    object_list: list[Any]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _rows(
    queryset: QuerySet, ordering: Ordering, start: int, stop: int, *, reverse: bool, narrow: bool
) -> list[Any]:
    """Items `start` to `stop` of the queryset in this order. `narrow` chooses them in a query
    of their own that reads only their primary keys, and then reads their rows: the database
    then plans the choice without the joins of the page's columns, and weighs walking the
    order's index (which stops after a page when most rows match) against the filter's own
    indexes and a sort (when few do) on that alone. Still one query: the choice is a
    subquery."""
    ordered = ordering.apply(queryset, reverse=reverse)
    if narrow:
        chosen = ordered.values("pk")[start:stop]
        ordered = ordering.apply(queryset.filter(pk__in=chosen), reverse=reverse)
        start, stop = 0, stop - start
    return list(ordered[start:stop])


def numbered_page(
    queryset: QuerySet, ordering: Ordering, size: int, number: int, *, narrow: bool = False
) -> KeysetPage:
    """Page `number` (from 1) read with OFFSET, for the numbered addresses lists had before
    cursors; the caller bounds `number`. Its cursors lead on as keyset pages do. `narrow`: see
    `_rows`."""
    start = (number - 1) * size
    rows = _rows(queryset, ordering, start, start + size + 1, reverse=False, narrow=narrow)
    items = rows[:size]
    return KeysetPage(
        items,
        next_cursor=ordering.cursor(items[-1]) if len(rows) > size else None,
        previous_cursor=ordering.cursor(items[0]) if start and items else None,
    )


def keyset_page(
    queryset: QuerySet,
    ordering: Ordering,
    size: int,
    *,
    after: str | None = None,
    before: str | None = None,
    narrow: bool = False,
) -> KeysetPage:
    """The page of `size` items after the cursor `after`, or before the cursor `before`, or
    the first page: one query (size + 1 rows, to know whether there is more) plus the
    queryset's prefetches. BadCursor if a cursor is not one of this ordering's. `narrow`: see
    `_rows`."""
    if before:
        values = ordering.read(before)
        earlier = queryset.filter(ordering.beyond(values, forward=False))
        rows = _rows(earlier, ordering, 0, size + 1, reverse=True, narrow=narrow)
        items = rows[:size][::-1]
        more_before = len(rows) > size
        return KeysetPage(
            items,
            next_cursor=ordering.cursor(items[-1]) if items else None,
            previous_cursor=ordering.cursor(items[0]) if items and more_before else None,
        )
    if after:
        queryset = queryset.filter(ordering.beyond(ordering.read(after)))
    rows = _rows(queryset, ordering, 0, size + 1, reverse=False, narrow=narrow)
    items = rows[:size]
    return KeysetPage(
        items,
        next_cursor=ordering.cursor(items[-1]) if len(rows) > size else None,
        previous_cursor=ordering.cursor(items[0]) if after and items else None,
    )
