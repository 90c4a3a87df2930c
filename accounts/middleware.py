"""Logging in from inside a page that htmx updates."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

from accounts.views import same_site_path


class HtmxLoginRedirectMiddleware:
    """Send the whole page to the login form when an htmx request meets one.

    A region of a page (a check's result, the document picker) asked for after the session has
    ended is redirected to the login form like any other request, and htmx would follow the
    redirect and put the whole login page inside the region. Instead the browser goes to the
    login form (HX-Redirect), and after logging in comes back to the page it was on rather than
    to the region's own address. Put it after django-htmx's middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code in (301, 302, 303, 307, 308)
            and urlsplit(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL)
        ):
            login = redirect_to_login(same_site_path(request))
            return HttpResponseClientRedirect(login["Location"])
        return response
