"""Rate limits per client, counted in the shared (database) cache so every web process agrees."""

from __future__ import annotations

import math

from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """At most `rate` requests ("30/min", "10/hour") per client address in a sliding window.

    The client is REMOTE_ADDR only, as for the login throttle: X-Forwarded-For is written by the
    client unless a proxy we trust overwrites it, so counting it would let anyone pick a fresh
    identity per request. Used by the API (ninja's `throttle=`) and by plain views through
    `allow_request()` and `wait()`.
    """

    def __init__(self, rate: str, *, scope: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_ident(self, request: HttpRequest) -> str:
        return request.META.get("REMOTE_ADDR") or "unknown"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def retry_after(self) -> int:
        """Whole seconds to wait after a refusal (at least 1), for the Retry-After header."""
        return max(1, math.ceil(self.wait() or self.duration or 1))
