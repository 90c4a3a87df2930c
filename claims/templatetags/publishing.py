from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from claims import roles
from claims.models import Claim
from claims.publishing import claim_review, json_ld_script

register = template.Library()


@register.simple_tag
def claim_review_script(claim: Claim) -> SafeString | str:
    """The ClaimReview JSON-LD block of a published claim; nothing for any other."""
    if claim.status != Claim.Status.PUBLISHED:
        return ""
    return json_ld_script(claim_review(claim))


@register.filter
def is_editor(user) -> bool:
    return roles.is_editor(user)
