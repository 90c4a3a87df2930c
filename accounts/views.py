"""Logging in, with failed attempts throttled per account and per address."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from accounts.throttling import client_address

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60


def _keys(request: HttpRequest) -> tuple[str, str]:
    address = client_address(request)
    username = request.POST.get("username", "")[:150].strip().lower()
    return f"login-failures:{address}:{username}", f"login-failures:{address}"


def _locked(request: HttpRequest) -> bool:
    account_key, address_key = _keys(request)
    return (
        cache.get(account_key, 0) >= MAX_FAILURES_PER_ACCOUNT
        or cache.get(address_key, 0) >= MAX_FAILURES_PER_ADDRESS
    )


def _count_failure(request: HttpRequest) -> None:
    for key in _keys(request):
        cache.add(key, 0, WINDOW_SECONDS)
        cache.incr(key)


class ThrottledLoginView(auth_views.LoginView):
    """Everyone: Django's login, refusing further tries for 15 minutes after 5 failures for one
    account from one address (or 20 from one address)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _locked(request):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, "Too many failed attempts. Wait 15 minutes before trying again.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _count_failure(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_keys(self.request)[0])
        return super().form_valid(form)
