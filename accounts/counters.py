"""Atomic counters in fixed windows, shared by every web process: the one place rate limits and
login throttling count.

`hit()` adds one and returns the new count with the end of its window, in one atomic step, so
that concurrent requests never read the same count: the 31st check in a minute sees 31, however
many arrive at once. A window opens at the first hit and lasts `window` seconds; after it, the
count starts again from one.

With `REDIS_URL` set, counts live in Redis through Django's Redis cache backend (an INCR is
atomic). Otherwise they live in the database table of `RateCounter`, changed by single UPDATE
statements that the database serialises row by row.

Keys are hashes of what is counted (`counter_key()`), so that text a client chose (a username,
a forwarded address) never reaches a key or a column as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import RateCounter

# After how many new windows, on average, expired database rows are deleted.
PRUNE_ONE_IN = 50
PRUNE_BATCH = 1000


@dataclass(frozen=True)
class Count:
    value: int
    resets_at: datetime.datetime

    def seconds_left(self) -> int:
        """Whole seconds until the window ends, at least 1 (for Retry-After)."""
        left = (self.resets_at - timezone.now()).total_seconds()
        return max(1, int(left + 0.999))


def counter_key(*parts: str) -> str:
    """A fixed-length key for what is counted: the parts, as a JSON list (so that no two lists
    of parts give the same text), hashed."""
    joined = json.dumps(parts, ensure_ascii=True)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def uses_cache() -> bool:
    """Whether counts live in the cache (Redis) rather than in the database."""
    return bool(getattr(settings, "REDIS_URL", ""))


def hit(key: str, *, window: int) -> Count:
    """Add one to `key`'s count in its current window (opening one if none is open) and return
    the new count, atomically."""
    if uses_cache():
        return _cache_hit(key, window=window)
    return _database_hit(key, window=window)


def peek(key: str) -> int:
    """The count in `key`'s open window; 0 when none is open."""
    if uses_cache():
        return int(cache.get(_cache_key(key), 0))
    row = (
        RateCounter.objects.filter(key=key, expires_at__gt=timezone.now())
        .values_list("count", flat=True)
        .first()
    )
    return row or 0


def clear(key: str) -> None:
    """Close `key`'s window: the next hit counts one."""
    if uses_cache():
        cache.delete_many([_cache_key(key), _cache_key(key) + ":until"])
    else:
        RateCounter.objects.filter(key=key).delete()


# --- the database


def _database_hit(key: str, *, window: int) -> Count:
    ops = connection.ops
    table = ops.quote_name(RateCounter._meta.db_table)
    count, expires = ops.quote_name("count"), ops.quote_name("expires_at")
    # One statement adds one to an open window or opens a new one, and reads the count back:
    # the database runs it atomically (a concurrent hit on the row waits for it, then counts
    # on what it wrote), in one round trip instead of a transaction of four. PostgreSQL and
    # SQLite (from 3.35; Django needs 3.37) return the row an UPDATE changed.
    sql = (
        f"UPDATE {table} SET "  # noqa: S608 - our own quoted names
        f"{count} = CASE WHEN {expires} > %s THEN {count} + 1 ELSE 1 END, "
        f"{expires} = CASE WHEN {expires} > %s THEN {expires} ELSE %s END "
        f"WHERE {ops.quote_name('key')} = %s RETURNING {count}, {expires}"
    )
    while True:
        now = timezone.now()
        ends = now + datetime.timedelta(seconds=window)
        at, until = ops.adapt_datetimefield_value(now), ops.adapt_datetimefield_value(ends)
        with connection.cursor() as cursor:
            cursor.execute(sql, [at, at, until, key])
            row = cursor.fetchone()
        if row is not None:
            return Count(row[0], _aware(row[1]))
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=1, expires_at=ends)
        except IntegrityError:
            continue  # another request created it first: count on its row
        if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 - not for security
            transaction.on_commit(_prune)
        return Count(1, ends)


def _aware(value: datetime.datetime | str) -> datetime.datetime:
    """A datetime column as the cursor returns it (SQLite: text in UTC), as an aware datetime."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        raise ValueError(f"Not a datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


def _prune() -> None:
    """Delete rows whose window closed more than a minute ago, a batch at a time, skipping rows
    another request holds."""
    cutoff = timezone.now() - datetime.timedelta(minutes=1)
    with transaction.atomic():
        expired = RateCounter.objects.filter(expires_at__lt=cutoff)
        if connection.features.has_select_for_update_skip_locked:
            expired = expired.select_for_update(skip_locked=True)
        keys = list(expired.values_list("pk", flat=True)[:PRUNE_BATCH])
        RateCounter.objects.filter(pk__in=keys, expires_at__lt=cutoff).delete()


# --- the cache (Redis)


def _cache_key(key: str) -> str:
    return f"counter:{key}"


def _cache_hit(key: str, *, window: int) -> Count:
    count_key = _cache_key(key)
    while True:
        resets_at = timezone.now() + datetime.timedelta(seconds=window)
        # The first request of a window writes its end and a zero count, each only if missing.
        cache.add(count_key + ":until", resets_at, timeout=window)
        cache.add(count_key, 0, timeout=window)
        try:
            count = cache.incr(count_key)
        except ValueError:
            continue  # the window closed between the two calls: open the next one
        return Count(count, cache.get(count_key + ":until") or resets_at)
