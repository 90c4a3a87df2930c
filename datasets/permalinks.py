"""Permalinks: the addresses that exports, feeds, briefs and citations print.

They always use SITE_URL, the outlet's public address, never the host a request came in on: a
citation copied from a page reached through an internal name or a proxy must still work.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings


class HasAbsoluteUrl(Protocol):
    def get_absolute_url(self) -> str: ...


def permalink(target: HasAbsoluteUrl | str) -> str:
    """The public address of a model instance (its get_absolute_url()) or of a site path."""
    path = target if isinstance(target, str) else target.get_absolute_url()
    return f"{settings.SITE_URL}{path}"
