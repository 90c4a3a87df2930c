"""The people who use the product, as Django groups, and the demo accounts that show them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

JOURNALIST = "journalist"
EDITOR = "editor"
RESEARCHER = "researcher"
ROLES = (JOURNALIST, EDITOR, RESEARCHER)


def ensure_roles() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name == role for group in user.groups.all())


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
