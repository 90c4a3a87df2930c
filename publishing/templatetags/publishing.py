from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from claims.models import Claim, Correction
from publishing.claimreview import claim_review, json_ld_script

register = template.Library()


@register.simple_tag
def claim_review_script(
    claim: Claim,
    *,
    generation: str | None = None,
    corrections: Sequence[Correction] | None = None,
) -> SafeString | str:
    """The ClaimReview JSON-LD block of a published claim; nothing for any other. The page may
    give the registry generation and the ruling's corrections it has already read."""
    if claim.status != Claim.Status.PUBLISHED:
        return ""
    return json_ld_script(claim_review(claim, generation=generation, corrections=corrections))
