"""Rate limits per client address, counted atomically (accounts.counters) so that every web
process and thread agrees: the 31st check in a minute is refused however many arrive at once.

The proxy trust model: with TRUSTED_PROXY_COUNT=N, the app trusts the N proxies in front of it
to append, each, the address it saw to X-Forwarded-For. The client is then the Nth entry from
the right: the one the outermost trusted proxy wrote. Everything to its left came from the
client and is ignored, so a forged header cannot pick a fresh identity. This holds only if no
request reaches the app without passing through those proxies (docker-compose.yml publishes
the app on 127.0.0.1 only, for a proxy on the same machine).
"""

from __future__ import annotations

import ipaddress
import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from accounts import counters


def _address(text: str) -> str | None:
    """An IP address as a proxy writes it ("203.0.113.9", "2001:db8::1", "[2001:db8::1]:443",
    "203.0.113.9:5678"), normalised; None if it is not one."""
    text = text.strip()
    if len(text) > 64:  # the longest address with a port is well under this
        return None
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address a request came from, for counting: REMOTE_ADDR, or behind
    TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry the outermost trusted proxy wrote.

    Entries to the left of that one were written by the client and are never read, so nobody
    can pick a fresh identity per request. A header with fewer entries than trusted proxies, or
    whose entry is not an IP address, did not come through them: the connection's address
    counts.
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "") or "unknown"
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # Only the last `count` entries are ever looked at, however long the header is.
        entries = header.rsplit(",", count)
        if len(entries) >= count and (trusted := _address(entries[-count])):
            return trusted
    return remote


class ClientRateThrottle(SimpleRateThrottle):
    """At most `rate` requests ("30/min", "10/hour") per client address in a fixed window that
    opens at the client's first request.

    The client is `client_address()`, as for the login throttle. Used by the API (ninja's
    `throttle=`) and by plain views through `allow_request()` and `retry_after()`. One instance
    serves every thread, so what a refusal needs for its Retry-After is kept per thread.
    """

    def __init__(self, rate: str, *, scope: str) -> None:
        self.scope = scope
        self._last = threading.local()
        super().__init__(rate)

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return counters.counter_key("rate", self.scope or "", self.get_ident(request))

    def allow_request(self, request: HttpRequest) -> bool:
        # A rate is always given (see __init__), so both are set.
        limit, window = self.num_requests or 0, self.duration or 1
        count = counters.hit(self.get_cache_key(request), window=window)
        self._last.count = count
        return count.value <= limit

    def wait(self) -> float | None:
        count = getattr(self._last, "count", None)
        return None if count is None else float(count.seconds_left())

    def retry_after(self) -> int:
        """Whole seconds to wait after a refusal (at least 1), for the Retry-After header."""
        count = getattr(self._last, "count", None)
        return count.seconds_left() if count is not None else max(1, self.duration or 1)
