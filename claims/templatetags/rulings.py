from __future__ import annotations

from django import template

from claims.models import Rating

register = template.Library()


@register.filter
def rating_label(value: str) -> str:
    """ "mostly-false" → "Mostly false"; unknown values are shown as they are."""
    try:
        return Rating(value).label
    except ValueError:
        return value
