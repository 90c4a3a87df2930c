"""Logging in, throttled per account and address (accounts.forms.LoginThrottle), and the
pages of refusal: a role's (403) and a stale form's (CSRF)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import LoginForm


class ThrottledLoginView(auth_views.LoginView):
    """Everyone: Django's login through the throttled form. A refused attempt is 429 with
    Retry-After, the form saying how long to wait."""

    authentication_form = LoginForm

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.retry_after is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Everyone (the 403 handler): a page refused to someone's role, saying why. An htmx
    request gets the refusal in the region it asked for (`refusal`)."""
    return refusal(request, "403.html", {"exception": str(exception or "")})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Everyone (CSRF_FAILURE_VIEW): a form sent without a valid security token, mostly one
    opened before a log-in or log-out that changed the token. Nothing was done; the page says
    why in its reader's terms and how to send the form again."""
    if reason == csrf.REASON_NO_CSRF_COOKIE:
        cause = "cookie"
    elif reason.startswith(("Origin checking failed", "Referer checking failed")):
        cause = "origin"
    else:
        cause = "token"
    return refusal(request, "403_csrf.html", {"cause": cause})


def refusal(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """A 403 page, or for htmx (whose configuration swaps 403 answers, see base.html) its
    heading and text only, put inside the region that asked rather than in its place, and never
    pushed to the history. The region keeps its id, so the next request still finds it."""
    fragment = bool(getattr(request, "htmx", False))
    context |= {"fragment": fragment, "reload_url": same_site_path(request)}
    response = render(request, template_name, context, status=403)
    if fragment:
        response["HX-Reswap"] = "innerHTML"
        response["HX-Push-Url"] = "false"
    return response


def same_site_path(request: HttpRequest) -> str:
    """The address of the page an htmx request came from (its HX-Current-URL), when that page is
    one of ours; the home page otherwise."""
    htmx = getattr(request, "htmx", None)
    current = htmx.current_url_abs_path if htmx else None
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return current
    return reverse("home")
