"""Why a fresh quick check of a quote differs from the ruling saved on the same quote.

A saved ruling keeps the engine's proposal as it was; the quick check runs the engine now. When
the two disagree, the quick check says so, and gives the reasons it can see: a newer engine, a
figure revised or superseded since the ruling, a different trace, or different facts around
the quote (the date said, the cited documents).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import prefetch_related_objects

from claims.engine import ClaimInput, Verdict
from claims.models import Claim, quote_key
from claims.ratings import rating_label
from datasets.models import FigureRelation


@dataclass(frozen=True)
class Difference:
    """A saved ruling on the same quote that a fresh check disagrees with, and why."""

    claim: Claim
    saved_rating: str
    fresh_rating: str
    reasons: list[str] = field(default_factory=list)


def same_quote(a: str, b: str) -> bool:
    """Whether two quotes are the same: what a claim's stored fingerprint finds."""
    return quote_key(a) == quote_key(b)


def differences(
    claims: Iterable[Claim], *, checked: ClaimInput, verdict: Verdict
) -> dict[int, Difference]:
    """For each claim on the same quote whose saved proposal differs from `verdict` (rating,
    findings or traced figures), the difference and its reasons, by claim id. The claims come
    with their rulings; the traced figures and cited documents of those on the same quote are
    read in two queries (none when a claim comes with them), superseding figures in one, for
    all of them."""
    same = [claim for claim in claims if same_quote(claim.text, checked.text)]
    # Only a claim on the same quote is compared: only its figures and documents are read.
    prefetch_related_objects(same, "ruling__figures", "cited_documents")
    fresh_codes = set(verdict.codes)
    fresh_figures = list(verdict.figures)
    differing = []
    for claim in same:
        ruling = claim.ruling
        saved_figures = [figure.slug for figure in ruling.figures.all()]
        saved_codes = {finding["code"] for finding in ruling.findings}
        if (
            ruling.proposed_rating != verdict.rating
            or saved_codes != fresh_codes
            or set(saved_figures) != set(fresh_figures)
        ):
            differing.append((claim, saved_figures))
    if not differing:
        return {}
    superseded = _superseded_by({slug for _, slugs in differing for slug in slugs})
    return {
        claim.pk: Difference(
            claim=claim,
            saved_rating=claim.ruling.proposed_rating,
            fresh_rating=verdict.rating,
            reasons=_reasons(claim, saved_figures, checked, verdict, superseded),
        )
        for claim, saved_figures in differing
    }


def _superseded_by(slugs: set[str]) -> dict[str, list[str]]:
    """Which of these figures a later figure supersedes: slug → the superseding slugs."""
    found: dict[str, list[str]] = {}
    relations = FigureRelation.objects.filter(
        kind=FigureRelation.Kind.SUPERSEDES, target__slug__in=slugs
    ).values_list("target__slug", "source__slug")
    for old, new in relations:
        found.setdefault(old, []).append(new)
    return found


def _reasons(
    claim: Claim,
    saved_figures: list[str],
    checked: ClaimInput,
    verdict: Verdict,
    superseded: dict[str, list[str]],
) -> list[str]:
    ruling = claim.ruling
    reasons = []
    if ruling.engine_version != verdict.engine_version:
        reasons.append(
            f"The ruling was proposed by engine {ruling.engine_version}; this check ran engine "
            f"{verdict.engine_version}."
        )
    if ruling.has_pending_revision:
        reasons.append(f"A figure behind the ruling was revised since: {ruling.revision_note}.")
    for slug in saved_figures:
        if slug in superseded:
            reasons.append(
                f"The ruling traced to {slug}, since superseded by {', '.join(superseded[slug])}."
            )
    only_saved = [slug for slug in saved_figures if slug not in verdict.figures]
    only_fresh = [slug for slug in verdict.figures if slug not in saved_figures]
    if only_saved or only_fresh:
        parts = []
        if only_saved:
            parts.append(f"the ruling traced to {', '.join(only_saved)}")
        if only_fresh:
            parts.append(f"this check traces to {', '.join(only_fresh)}")
        reasons.append("A different trace: " + "; ".join(parts) + ".")
    if claim.said_on != checked.said_on:
        saved = f"was said on {_day(claim.said_on)}" if claim.said_on else "has no date said"
        fresh = (
            f"this check reads it as said on {_day(checked.said_on)}"
            if checked.said_on
            else "this check has no date said"
        )
        reasons.append(
            f"The saved claim {saved}; {fresh} (only figures published by then can be sources)."
        )
    cited = sorted(document.slug for document in claim.cited_documents.all())
    if cited:
        reasons.append(f"The saved claim cites {', '.join(cited)}, which this check is not given.")
    if not reasons:
        reasons.append(
            "The registry changed since the ruling was proposed; open the ruling to compare."
        )
    return reasons


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def describe(difference: Difference) -> str:
    """One line: what differs."""
    if difference.saved_rating != difference.fresh_rating:
        return (
            f"The ruling's proposal was {rating_label(difference.saved_rating)}; checked now, "
            f"the same quote gets {rating_label(difference.fresh_rating)}."
        )
    return "Checked now, the same quote gets other findings or figures than the ruling had."
