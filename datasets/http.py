"""The request as our middleware leaves it, for type checking the views of every app."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware: `request.htmx` is truthy when the
    request came from htmx."""

    htmx: HtmxDetails
