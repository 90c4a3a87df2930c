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
from django.db.models import F
from django.utils import timezone

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
    while True:
        with transaction.atomic():
            now = timezone.now()
            rows = RateCounter.objects.filter(key=key)
            # An open window: add one. The UPDATE locks the row until this transaction ends, so
            # the count read back below is this hit's own.
            changed = rows.filter(expires_at__gt=now).update(count=F("count") + 1)
            if not changed:
                # A closed window: open a new one. Of two requests racing here, the second
                # finds the window open once the first commits, and matches nothing.
                changed = rows.filter(expires_at__lte=now).update(
                    count=1, expires_at=now + datetime.timedelta(seconds=window)
                )
            if not changed:
                try:
                    with transaction.atomic():
                        RateCounter.objects.create(
                            key=key,
                            count=1,
                            expires_at=now + datetime.timedelta(seconds=window),
                        )
                except IntegrityError:
                    continue  # another request created it first: count on its row
                if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 - not for security
                    transaction.on_commit(_prune)
            count, resets_at = rows.values_list("count", "expires_at").get()
            return Count(count, resets_at)


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
