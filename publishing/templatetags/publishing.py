from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from claims.models import Claim
from publishing.claimreview import claim_review, json_ld_script

register = template.Library()


@register.simple_tag
def claim_review_script(claim: Claim) -> SafeString | str:
    """The ClaimReview JSON-LD block of a published claim; nothing for any other."""
    if claim.status != Claim.Status.PUBLISHED:
        return ""
    return json_ld_script(claim_review(claim))
