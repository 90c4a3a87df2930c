from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The people who use the product: their roles, logging in, and the demo accounts."""

    name = "accounts"
