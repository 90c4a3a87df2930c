from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.engine.verdict import finding_title as engine_finding_title
from claims.models.claim import one_line
from claims.ratings import rating_label as label_of

# How much of the "in short" a list shows on its one line.
SUMMARY_LINE = 180

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


@register.simple_tag
def rating_badge(value: str) -> SafeString:
    """A rating as lists show it: its label in words, on the colour of its step (a class of
    site.css and brief.css), so colour only ever adds to the words."""
    return format_html(
        '<span class="rating-badge rating-{}"><span class="visually-hidden">Rating: </span>'
        "{}</span>",
        value,
        label_of(value),
    )


@register.filter
def summary_line(text: str) -> str:
    """The "in short" on one line, for rating lists."""
    return one_line(text or "", limit=SUMMARY_LINE)
