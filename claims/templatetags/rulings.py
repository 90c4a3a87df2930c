from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from claims.engine.verdict import finding_title as engine_finding_title
from claims.ratings import rating_label as label_of
from datasets.series_links import series_url

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
