from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.engine.verdict import finding_title as engine_finding_title
from claims.models.claim import whole_words
from claims.ratings import rating_label as label_of
from datasets.series_links import series_url
from factcheck.kept import Kept

# How much of the "in short" a list shows on its one line, and of the quote.
SUMMARY_LINE = 160
QUOTE_LINE = 120

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
    """The "in short" on one line, for rating lists: its first sentence, shortened (at a word,
    never inside one) when that is still long."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'])", text, maxsplit=1)[0]
    return whole_words(first, limit=SUMMARY_LINE)


@register.filter
def quote_line(text: str) -> str:
    """A quote on one line for lists, shortened at a word, never inside one."""
    return whole_words(text or "", limit=QUOTE_LINE)


@register.filter
def series_links(finding: Any) -> list[dict[str, Any]]:
    """The series a finding cites, each with the link to its page with the cited rows
    highlighted, for stored findings (dicts of ISO dates) and engine ones (tuples) alike."""
    cited = finding.get("series", ()) if isinstance(finding, dict) else finding.series
    rows: dict[str, list[tuple[date, date, str]]] = {}
    for row in cited:
        if isinstance(row, dict):
            slug, start, end = row["series"], row["start"], row["end"]
            geo = row.get("geo") or ""
        else:
            slug, start, end, geo = row
        start, end = (d if isinstance(d, date) else date.fromisoformat(d) for d in (start, end))
        rows.setdefault(slug, []).append((start, end, geo))
    return [
        {"slug": slug, "url": series_url(slug, marked), "rows": len(marked)}
        for slug, marked in rows.items()
    ]


# Rendered cards, kept per process under everything a card shows: a claim whose card reads the
# same renders once; any change to what it shows is another key. The latest CARDS_KEPT are kept.
CARDS_KEPT = 2048
_cards: Kept[SafeString] = Kept(CARDS_KEPT)


@register.simple_tag
def ruling_card(claim: Any, *, selectable: bool = False, show_status: bool = False) -> SafeString:
    """`includes/ruling_card.html` for a claim (with its ruling) in a list."""
    ruling = claim.ruling
    key = (
        claim.pk,
        claim.text,
        claim.claimant,
        claim.said_on,
        claim.status,
        ruling.headline,
        ruling.final_rating,
        ruling.in_short,
        ruling.has_pending_revision,
        bool(selectable),
        bool(show_status),
    )
    return _cards.get(
        key,
        lambda: SafeString(
            render_to_string(
                "includes/ruling_card.html",
                {"claim": claim, "selectable": selectable, "show_status": show_status},
            )
        ),
    )
