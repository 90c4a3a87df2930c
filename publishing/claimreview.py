"""What a published ruling looks like to other systems: schema.org ClaimReview.

Aggregators and search engines read ClaimReview (https://schema.org/ClaimReview). One function
builds it, so the JSON-LD block on the ruling page and `/claims/<id>/claimreview.json` are the
same object.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.engine.policy import ORDERED_SCALE
from claims.models import Claim, Correction
from claims.ratings import rating_label
from datasets.models import Document, is_web_url
from datasets.permalinks import permalink
from datasets.signals import registry_generation

BEST_RATING = 5
WORST_RATING = 1
# The canonical scale mapped onto ClaimReview's 1-5, truest highest: true=5 ... false=1.
# Unverifiable stands outside the scale and so has no ratingValue.
RATING_VALUES: dict[str, int] = {
    rating: BEST_RATING - position for position, rating in enumerate(ORDERED_SCALE)
}

# A claimant is an Organization when its name says so; otherwise a Person. The claimant is free
# text ("Donald Trump", "DHS", "social media posts"), so this is a reading, not a fact. These
# nouns name organisations in any domain; the agencies of a domain come from the registry.
ORGANIZATION_NOUNS = [
    "administration",
    "agency",
    "association",
    "campaign",
    "center",
    "centre",
    "committee",
    "commission",
    "company",
    "congress",
    "council",
    "department",
    "government",
    "group",
    "inc",
    "institute",
    "ministry",
    "network",
    "news",
    "office",
    "organization",
    "organisation",
    "party",
    "post",
    "posts",
    "press",
    "senate",
    "service",
    "times",
    "university",
]
ORGANIZATION_PHRASES = ("white house",)
# An acronym in a publisher's name ("DHS OIG", "HHS/ORR", "GAO"): two or more capitals.
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")

# What json_script escapes: no "<", ">" or "&" survives, so nothing in a quote can close the
# <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def rating_value(rating: str) -> int | None:
    """ClaimReview's 1-5 ratingValue of a canonical rating; None for unverifiable."""
    return RATING_VALUES.get(rating)


def publisher_acronyms(agencies: Iterable[str]) -> frozenset[str]:
    """The acronyms the registry's publishers go by, lower-cased: "DHS OIG" → dhs, oig."""
    return frozenset(word.lower() for agency in agencies for word in _ACRONYM.findall(agency))


@functools.lru_cache(maxsize=8)
def _organization_pattern(acronyms: frozenset[str]) -> re.Pattern[str]:
    words = sorted({*ORGANIZATION_NOUNS, *ORGANIZATION_PHRASES, *acronyms})
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


# The publishers' acronyms of the registry generation last read, per process.
_publishers: dict[str, frozenset[str]] = {}


def organization_pattern(generation: str | None = None) -> re.Pattern[str]:
    """What makes a claimant's name an organisation's, with today's registry's publishers: one
    query for each registry generation (the generation is read unless given), whatever the
    number of documents after that."""
    if generation is None:
        generation = registry_generation()
    acronyms = _publishers.get(generation)
    if acronyms is None:
        agencies = Document.objects.order_by().values_list("agency", flat=True).distinct()
        acronyms = publisher_acronyms(agencies)
        _publishers.clear()
        _publishers[generation] = acronyms
    return _organization_pattern(acronyms)


def _claimant(name: str, generation: str | None) -> dict[str, str]:
    kind = "Organization" if organization_pattern(generation).search(name) else "Person"
    return {"@type": kind, "name": name}


def claim_review(
    claim: Claim,
    *,
    generation: str | None = None,
    corrections: Sequence[Correction] | None = None,
) -> dict[str, Any]:
    """The schema.org ClaimReview of a published claim's ruling.

    Callers show it for published claims only. dateModified is the date of the latest
    correction, when there is one (one query, unless the caller gives the ruling's
    `corrections`). `generation` is the registry generation, if the caller has read it.
    """
    ruling = claim.ruling
    rating = ruling.final_rating
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating_label(rating)}
    value = rating_value(rating)
    if value is not None:
        review_rating |= {
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = _claimant(claim.claimant, generation)
    if claim.said_on:
        item["datePublished"] = claim.said_on.isoformat()
    if is_web_url(claim.venue_url):
        appearance = {"@type": "CreativeWork", "url": claim.venue_url}
        if claim.venue:
            appearance["name"] = claim.venue
        item["appearance"] = appearance
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink(claim),
        "claimReviewed": claim.short_text,
        "itemReviewed": item,
        "reviewRating": review_rating,
        "author": {
            "@type": "Organization",
            "name": settings.OUTLET_NAME,
            "url": settings.SITE_URL,
        },
    }
    if ruling.headline:
        review["headline"] = ruling.headline
    if ruling.published_at:
        review["datePublished"] = timezone.localtime(ruling.published_at).date().isoformat()
    if corrections is not None:
        corrected_at = max((c.corrected_at for c in corrections), default=None)
    else:
        latest = ruling.corrections.order_by("-corrected_at")
        corrected_at = latest.values_list("corrected_at", flat=True).first()
    if corrected_at:
        review["dateModified"] = timezone.localtime(corrected_at).date().isoformat()
    return review


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`data` as a JSON-LD <script> element, escaped like Django's json_script.

    JSON-LD is data, never run, so the Content Security Policy's script-src does not apply.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
