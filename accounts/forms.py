"""The login forms, ours and the admin site's, both throttled the same way (LoginThrottle)."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from accounts import counters
from accounts.throttling import client_address

# Failed logins on one account from one address before that address is refused for that account
# until the window ends.
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
ACCOUNT_WINDOW_SECONDS = 15 * 60
# Failed logins on real accounts, from anywhere, before every login waits for the minute to end:
# a ceiling on guessing across the whole site that invented usernames never move.
MAX_SITE_FAILURES_PER_MINUTE = 60
SITE_WINDOW_SECONDS = 60


class LoginThrottle:
    """Counts login attempts for one username from one client address.

    The username is counted as Django's login reads it (the form's UsernameField: stripped, NFKC)
    and compared as the model backend compares it (exactly), so "ｅｄｉｔｏｒ" in full-width
    letters is `editor`. An account is refused only to the addresses that failed on it, so
    failures under invented usernames lock no real account; a site-wide ceiling on failures on
    real accounts slows guessing spread over many addresses.

    An attempt takes its place in the count before the password is checked, so that concurrent
    attempts cannot all pass a check made before any of them failed; a successful login clears
    the count.
    """

    def __init__(self, *, username: str, address: str) -> None:
        self.username = username
        self.account_key = counters.counter_key("login", username, address)
        self.site_key = counters.counter_key("login-site")

    def refusal(self) -> tuple[str, int] | None:
        """Take this attempt's place; return (message, seconds to wait) if it must be refused,
        else None."""
        if counters.peek(self.site_key) >= MAX_SITE_FAILURES_PER_MINUTE:
            return (
                "Too many failed logins on this site just now. "
                f"Wait {SITE_WINDOW_SECONDS} seconds before trying again.",
                SITE_WINDOW_SECONDS,
            )
        count = counters.hit(self.account_key, window=ACCOUNT_WINDOW_SECONDS)
        if count.value > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS:
            wait = count.seconds_left()
            minutes = math.ceil(wait / 60)
            return (
                f"Too many failed attempts. Wait {minutes} minute{'s' if minutes > 1 else ''} "
                "before trying again.",
                wait,
            )
        return None

    def failed(self) -> None:
        """The password was wrong: the attempt stays counted; a real account's failure also
        counts towards the site's ceiling."""
        user_model = get_user_model()
        if user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: self.username}
        ).exists():
            counters.hit(self.site_key, window=SITE_WINDOW_SECONDS)

    def succeeded(self) -> None:
        counters.clear(self.account_key)


class ThrottledLoginMixin(forms.Form):
    """Refuse a login that LoginThrottle refuses, before the password is checked. After a
    refusal, `retry_after` holds the seconds to wait."""

    request: Any
    user_cache: Any
    retry_after: int | None = None

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean() or self.cleaned_data
        throttle = LoginThrottle(username=username, address=client_address(self.request))
        if refusal := throttle.refusal():
            message, self.retry_after = refusal
            raise ValidationError(message, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.user_cache is None:
                throttle.failed()
            else:  # the right password for an account that may not log in here
                throttle.succeeded()
            raise
        throttle.succeeded()
        return cleaned or self.cleaned_data


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
