"""Rate limits per client, counted in the shared (database) cache so every web process agrees."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


def client_address(request: HttpRequest) -> str:
    """The address a request came from, for counting: REMOTE_ADDR, or behind
    TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry the outermost trusted proxy wrote.

    Entries to the left of that one were written by the client and are never trusted, so nobody
    can pick a fresh identity per request.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or "unknown"


class ClientRateThrottle(SimpleRateThrottle):
    """At most `rate` requests ("30/min", "10/hour") per client address in a sliding window.

    The client is `client_address()`, as for the login throttle. Used by the API (ninja's
    `throttle=`) and by plain views through `allow_request()` and `wait()`.
    """

    def __init__(self, rate: str, *, scope: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def retry_after(self) -> int:
        """Whole seconds to wait after a refusal (at least 1), for the Retry-After header."""
        return max(1, math.ceil(self.wait() or self.duration or 1))
