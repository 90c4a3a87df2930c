"""Logging in, throttled per account and address (accounts.forms.LoginThrottle)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

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
