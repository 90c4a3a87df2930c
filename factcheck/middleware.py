"""Project-wide HTTP rules that belong to no one app: what a request's text may hold, and the
headers every response sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict


class DropNulCharactersMiddleware:
    """Drop NUL characters from the query string's names and values before any view reads them.

    Searches and filters (ours and the admin site's, its autocomplete included) are GET, and
    PostgreSQL refuses text that holds a NUL, so one pasted into a search box would otherwise
    be a server error. Nobody means one: the search runs on what is left, as the quick check
    does with the control characters pasted into a quote. Forms that are POSTed refuse a NUL
    through their own fields (Django's fields do), and the JSON API through its validation,
    which answers in the shape its OpenAPI description documents.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and _holds_nul(request.GET):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def _without_nul(data: QueryDict) -> Any:
    """A read-only copy of `data` with its NUL characters dropped (typed as Django types a
    request's GET)."""
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


# Powerful browser features no page of ours uses, turned off for our pages and anything they
# embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy that turns off every browser feature the product does not use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ApiHeadMiddleware:
    """Answer HEAD on the JSON API wherever it answers GET.

    Our own views accept HEAD with GET (`require_safe`); django-ninja routes by method and knows
    no HEAD, so a HEAD request to /api/ runs as the GET it stands for. The server sends the
    headers only (gunicorn and Django's own server drop a HEAD response's body).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not request.path.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"
        try:
            return self.get_response(request)
        finally:
            # What runs after the view (the server, the test client) sees the HEAD it was.
            request.method = "HEAD"
