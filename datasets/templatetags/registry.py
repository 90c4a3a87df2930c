"""Filters that show registry values the way readers expect them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from claims.engine.describe import amount
from datasets.models import is_web_url

register = template.Library()

# Qualifiers that add nothing a reader needs in front of the number.
SILENT_QUALIFIERS = {"", "exact", "exact (rounded)"}


@register.filter
def number(value: Decimal | int | None) -> str:
    """291000.0000 → "291,000"; 28.30 → "28.3"."""
    if value is None:
        return ""
    return amount(value if isinstance(value, Decimal) else Decimal(value))


@register.filter
def figure_value(figure) -> str:
    """The value as the source words it: "more than 291,000", "28.3%"."""
    amount = number(figure.value)
    if figure.unit.startswith("percent"):
        amount += "%"
    qualifier = figure.qualifier.strip()
    if qualifier.lower() in SILENT_QUALIFIERS:
        return amount
    return f"{qualifier} {amount}"


@register.filter
def figure_value_with_unit(figure) -> str:
    """ "more than 291,000 children"; percentages carry their unit in the % sign."""
    text = figure_value(figure)
    if figure.unit.startswith("percent"):
        detail = figure.unit.removeprefix("percent").strip()
        return f"{text} {detail}" if detail else text
    return f"{text} {figure.unit}"


@register.filter
def as_of_display(figure) -> str:
    """The as-of date in words when the source gives a day; otherwise the source's own wording."""
    if figure.as_of and (not figure.as_of_text or figure.as_of_text == figure.as_of.isoformat()):
        return figure.as_of.strftime("%-d %B %Y")
    return figure.as_of_text


@register.filter
def web_url(value: object) -> str:
    """The address if it is an http(s) one a page may link to, else "": a link never carries
    another scheme (javascript:, data:), whatever was stored."""
    return value if isinstance(value, str) and is_web_url(value) else ""
