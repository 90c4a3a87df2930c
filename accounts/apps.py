from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The people who use the product: their roles, logging in, and the demo accounts."""

    name = "accounts"

    def ready(self) -> None:
        from django.contrib import admin

        from accounts.forms import AdminLoginForm

        # The admin site's login goes through the same throttle as ours.
        admin.site.login_form = AdminLoginForm
