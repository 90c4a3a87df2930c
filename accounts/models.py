"""Counters for rate limits and login throttling, when they are kept in the database."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many times something happened (a failed login for one account from one address, a
    check from one address) in a window that ends at `expires_at`.

    `key` is a hash of what is counted, so whatever a client sends, it fits. Rows are updated
    in place with one atomic UPDATE (see accounts.counters) and deleted some time after they
    expire. On PostgreSQL the table is UNLOGGED (migration 0002): a count's commit waits for
    no flush of the log to disk, and a crash of the database server empties the table, which
    only opens every window again.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}… = {self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
