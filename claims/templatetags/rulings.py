from __future__ import annotations

from typing import Any

from django import template

from claims.engine.verdict import finding_title as engine_finding_title
from claims.ratings import rating_label as label_of

register = template.Library()


@register.filter
def rating_label(value: str) -> str:
    """ "mostly-false" → "Mostly false", or the outlet's own label for it (RATING_LABELS)."""
    return label_of(value)


@register.filter
def finding_title(finding: Any) -> str:
    """A finding's plain-language title, for stored findings (dicts) and engine ones alike."""
    if isinstance(finding, dict):
        return engine_finding_title(finding.get("code", ""), finding.get("degree", ""))
    return engine_finding_title(finding.code, finding.degree)
