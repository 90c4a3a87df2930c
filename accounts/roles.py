"""The people who use the product, as Django groups, and what each role may do in general.

A user's roles are read once per user object, so one request asks the database once however
many permission checks its page makes. Checks that depend on a claim live with the claims
(`claims.permissions`): this module imports no model of ours, so any app may import it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

JOURNALIST = "journalist"
EDITOR = "editor"
RESEARCHER = "researcher"
ROLES = (JOURNALIST, EDITOR, RESEARCHER)

# Where role_names() keeps the user's roles on the user object for the rest of the request.
_CACHE_ATTRIBUTE = "_numbers_desk_roles"


def ensure_roles() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def role_names(user: Any) -> frozenset[str]:
    """The names of the user's groups: one query the first time for a given user object (the
    request's user lives as long as the request), none after."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, _CACHE_ATTRIBUTE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, names)
    return names


def remember_roles(user: Any, names: frozenset[str]) -> None:
    """Attach the user's role names, read with the user (accounts.backends), so that
    role_names() asks nothing more."""
    setattr(user, _CACHE_ATTRIBUTE, frozenset(names))


def has_role(user: Any, role: str) -> bool:
    """Superusers hold every role."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser) or role in role_names(user)


def is_editor(user: Any) -> bool:
    return has_role(user, EDITOR)


def is_staff_reader(user: Any) -> bool:
    """Editors, researchers and admins read every claim, drafts included."""
    return has_role(user, EDITOR) or has_role(user, RESEARCHER)


def can_check(user: Any) -> bool:
    """The quick check and saving a claim: the newsroom, not the public."""
    return has_role(user, JOURNALIST) or has_role(user, EDITOR)


def can_override(user: Any) -> bool:
    return has_role(user, EDITOR)
