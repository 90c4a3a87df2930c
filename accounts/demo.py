"""Demo accounts: one per role, so that a new instance can be tried at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import ROLES, ensure_roles


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str | None  # None when the account already existed: its password is not shown again


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create one account per role; return each with its new password, or None if it existed."""
    groups = ensure_roles()
    user_model = get_user_model()
    accounts = []
    for role in ROLES:
        user, created = user_model.objects.get_or_create(
            username=role, defaults={"first_name": role.capitalize(), "email": ""}
        )
        password = None
        if created:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(groups[role])
        accounts.append(DemoAccount(username=role, role=role, password=password))
    return accounts
