from __future__ import annotations

from django import template

from claims.ratings import rating_label as label_of

register = template.Library()


@register.filter
def rating_label(value: str) -> str:
    """ "mostly-false" → "Mostly false", or the outlet's own label for it (RATING_LABELS)."""
    return label_of(value)
