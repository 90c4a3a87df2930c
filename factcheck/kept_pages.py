"""Pages kept rendered by each process until something they may show changes.

A newsroom opens the same pages again and again (the claims list, a ruling, a shared
`/check/?q=…` link) while nothing in them changed. A view marked `@kept_page` is rendered once per
person, address and state of the data, and answered from the process's copy after that:

- **State of the data**: the registry's generation and the site's (factcheck.site_generation),
  read together in one statement: the first changes with anything the engine
  reads, the second with anything else a page may show.
- **Person**: the user's id, roles and flags (a page is never given to someone else); anonymous
  readers share theirs.
- **Address**: the host, script prefix, path and query string, and the htmx headers a view
  answers differently to.

What is never kept: anything but a plain 200 answer to a GET; a page rendered while messages were
waiting to be shown or that queued one; a page whose view set a cookie or changed the session;
one larger than MAX_PAGE_BYTES. Nothing of the request that rendered a page is given with it to
another request: its CSRF token and its Content-Security-Policy nonce are taken out when the page
is kept, and the request's own are put in when the page is given.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils import timezone

from accounts.roles import role_names
from factcheck.kept import Kept
from factcheck.site_generation import generations

# The request headers a view may answer differently to (the htmx ones).
VARY_HEADERS = (
    "HX-Request",
    "HX-Trigger",
    "HX-Target",
    "HX-Boosted",
    "HX-History-Restore-Request",
)

MAX_PAGES = 256
MAX_PAGE_BYTES = 128 * 1024

# Where the CSRF token and the CSP nonce were, in a kept page: random per process, so no text
# shown on a page can spell them.
_TOKEN_MARK = f"csrf-{secrets.token_hex(16)}".encode()
_NONCE_MARK = f"nonce-{secrets.token_hex(16)}".encode()
# A CSRF token as Django writes it into a form or the htmx headers of base.html (a masked
# token: 64 letters and digits).
_TOKEN = re.compile(
    rb'(?<=name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(?=")'
    rb'|(?<="X-CSRFToken": ")[A-Za-z0-9]{64}(?=")'
)

_pages: Kept[_Page | None] = Kept(MAX_PAGES)


class _Page:
    __slots__ = ("content", "has_nonce", "has_token", "headers")

    def __init__(self, content: bytes, headers: list[tuple[str, str]], nonce: str | None) -> None:
        content, count = _TOKEN.subn(_TOKEN_MARK, content)
        self.has_token = count > 0
        spelt = nonce.encode() if nonce else b""
        self.has_nonce = bool(spelt) and spelt in content
        if self.has_nonce:
            content = content.replace(spelt, _NONCE_MARK)
        self.content = content
        self.headers = headers

    def response(self, request: HttpRequest) -> HttpResponse:
        content = self.content
        if self.has_token:
            content = content.replace(_TOKEN_MARK, get_token(request).encode())
        if self.has_nonce:
            content = content.replace(_NONCE_MARK, str(get_nonce(request)).encode())
        response = HttpResponse(content)
        for name, value in self.headers:
            response.headers[name] = value
        return response


def clear() -> None:
    """Forget every kept page of this process (tests)."""
    _pages.clear()


def _key(request: HttpRequest, site: str, registry: str) -> tuple:
    user = request.user
    if user.is_authenticated:
        person: tuple = (user.pk, user.is_superuser, user.is_staff, role_names(user))
    else:
        person = ()
    headers = tuple(request.headers.get(name, "") for name in VARY_HEADERS)
    return (
        site,
        registry,
        timezone.localdate(),  # what a page says of "today" (a default date, an age)
        person,
        request.get_host(),
        get_script_prefix(),
        request.get_full_path(),
        headers,
    )


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_PAGE_BYTES:
        return False
    if getattr(request, "session", None) is not None and request.session.modified:
        return False
    return not len(messages.get_messages(request))


def _used_nonce(request: HttpRequest) -> str | None:
    """The request's CSP nonce if rendering the page used it."""
    nonce = get_nonce(request)
    return str(nonce) if nonce else None  # a LazyNonce is true once it has been made


def kept_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer GET requests from the page this process kept for the same person, address and
    state of the data (see the module's docstring); render and keep it otherwise."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        key = (view.__module__, view.__qualname__, *_key(request, *generations()))
        made: list[HttpResponse] = []

        def make() -> _Page | None:
            response = view(request, *args, **kwargs)
            made.append(response)
            if not _may_keep(request, response):
                return None
            headers = list(response.headers.items())
            return _Page(response.content, headers, _used_nonce(request))

        page = _pages.get(key, make, keep=lambda page: page is not None)
        if made or page is None:  # rendered by this request (None is never kept)
            return made[0]
        return page.response(request)

    return wrapper
