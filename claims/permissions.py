"""What a user may do with a given claim. Views call these; the roles come from accounts."""

from __future__ import annotations

from typing import Any

from accounts.roles import EDITOR, JOURNALIST, has_role
from claims.models import Claim


def can_edit(user: Any, claim: Claim) -> bool:
    """Editors edit any unpublished claim; journalists their own drafts. Published rulings
    change only through a correction."""
    if claim.status == Claim.Status.PUBLISHED:
        return False
    if has_role(user, EDITOR):
        return True
    return (
        has_role(user, JOURNALIST)
        and claim.author_id == user.pk
        and claim.status == Claim.Status.DRAFT
    )


def can_submit(user: Any, claim: Claim) -> bool:
    return claim.status == Claim.Status.DRAFT and can_edit(user, claim)


def can_publish(user: Any, claim: Claim) -> bool:
    return has_role(user, EDITOR) and claim.status == Claim.Status.IN_REVIEW


def can_correct(user: Any, claim: Claim) -> bool:
    return has_role(user, EDITOR) and claim.status == Claim.Status.PUBLISHED
