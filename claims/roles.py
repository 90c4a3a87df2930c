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


# What each role may do. Views call these; object-level checks take the claim.


def is_editor(user) -> bool:
    return has_role(user, EDITOR)


def is_staff_reader(user) -> bool:
    """Editors, researchers and admins read every claim, drafts included."""
    return has_role(user, EDITOR) or has_role(user, RESEARCHER)


def can_check(user) -> bool:
    """The quick check and saving a claim: the newsroom, not the public."""
    return has_role(user, JOURNALIST) or has_role(user, EDITOR)


def can_edit(user, claim) -> bool:
    """Editors edit any unpublished claim; journalists their own drafts. Published rulings
    change only through a correction."""
    from claims.models import Claim

    if claim.status == Claim.Status.PUBLISHED:
        return False
    if has_role(user, EDITOR):
        return True
    return (
        has_role(user, JOURNALIST)
        and claim.author_id == user.pk
        and claim.status == Claim.Status.DRAFT
    )


def can_submit(user, claim) -> bool:
    from claims.models import Claim

    return claim.status == Claim.Status.DRAFT and can_edit(user, claim)


def can_publish(user, claim) -> bool:
    from claims.models import Claim

    return has_role(user, EDITOR) and claim.status == Claim.Status.IN_REVIEW


def can_correct(user, claim) -> bool:
    from claims.models import Claim

    return has_role(user, EDITOR) and claim.status == Claim.Status.PUBLISHED


def can_override(user) -> bool:
    return has_role(user, EDITOR)
