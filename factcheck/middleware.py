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
