"""Checked before: the earlier claims and published rulings each candidate of a scan matches,
by the figures it traces to and by its wording, and the order a desk should read them in.

Wording is compared with rapidfuzz's token-set ratio on the claims' text (no network, no
model): a candidate matches an earlier claim whose words it says (or nearly), provided the
two share a number written in digits when both have one, so that "85,000 children" does not
match "325,000 children" on its words alone. A claim saved on the very same quote (as the
quick check's "checked before" finds it, by the quote's stored fingerprint) matches however
old it is. Four queries for a whole scan, whatever its length: the traces to the candidates'
figures, the claims on the same quotes, the latest WORDING_POOL claims' text, and the matched
claims with their rulings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz, process, utils

from claims.models import Claim, TracedFigure, quote_fingerprint
from scans.scanner import ScannedSentence, severity

WORDING_CUTOFF = 90  # token-set ratio, 0-100
WORDING_POOL = 5_000  # the latest claims whose wording a scan is compared with
MATCHES = 20  # the most earlier claims kept for one candidate
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def digits(text: str) -> set[str]:
    """The numbers a text writes in digits, without their thousands separators."""
    return {found.replace(",", "").rstrip(".") for found in _DIGITS.findall(text)}


def checked_before(
    candidates: list[ScannedSentence], *, user: Any
) -> dict[int, list[dict[str, Any]]]:
    """For each candidate (by position), the claims this user may read that trace to one of
    its figures or say nearly its words: published rulings first, then the latest said."""
    if not candidates:
        return {}
    visible = Claim.objects.visible_to(user)
    found: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    slugs = {slug for item in candidates for slug in item.figures}
    if slugs:
        by_figure: dict[str, set[int]] = defaultdict(set)
        traces = TracedFigure.objects.filter(
            figure__slug__in=slugs, ruling__claim__in=visible
        ).values_list("figure__slug", "ruling__claim_id")
        for slug, claim_id in traces:
            by_figure[slug].add(claim_id)
        for item in candidates:
            for slug in item.figures:
                for claim_id in by_figure.get(slug, ()):
                    found[item.position][claim_id].add("figures")
    scores: dict[tuple[int, int], float] = {}
    by_fingerprint: dict[str, list[int]] = defaultdict(list)
    for item in candidates:
        by_fingerprint[quote_fingerprint(item.text)].append(item.position)
    same = visible.filter(text_fingerprint__in=list(by_fingerprint)).values_list(
        "pk", "text_fingerprint"
    )
    for claim_id, fingerprint in same:
        for position in by_fingerprint[fingerprint]:
            found[position][claim_id].add("wording")
            scores[position, claim_id] = 100.0
    pool = list(visible.order_by("-pk").values_list("pk", "text")[:WORDING_POOL])
    if pool:
        matrix = process.cdist(
            [item.text for item in candidates],
            [text for _, text in pool],
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=WORDING_CUTOFF,
            workers=1,
        )
        pool_digits = [digits(text) for _, text in pool]
        for row, item in enumerate(candidates):
            own = digits(item.text)
            for column in matrix[row].nonzero()[0]:
                theirs = pool_digits[column]
                if own and theirs and not own & theirs:
                    continue
                claim_id = pool[column][0]
                found[item.position][claim_id].add("wording")
                scores[item.position, claim_id] = float(matrix[row][column])
    ids = {claim_id for claims in found.values() for claim_id in claims}
    claims = Claim.objects.select_related("ruling").in_bulk(list(ids))
    result: dict[int, list[dict[str, Any]]] = {}
    for position, matched in found.items():
        entries = [
            _entry(claims[claim_id], sorted(how), scores.get((position, claim_id)))
            for claim_id, how in matched.items()
            if claim_id in claims
        ]
        entries.sort(key=lambda entry: entry["said_on"] or "", reverse=True)
        entries.sort(key=lambda entry: not entry["published"])
        result[position] = entries[:MATCHES]
    return result


def _entry(claim: Claim, how: list[str], score: float | None) -> dict[str, Any]:
    ruling = claim.ruling
    published = claim.status == Claim.Status.PUBLISHED
    return {
        "claim": claim.pk,
        "text": claim.short_text,
        "claimant": claim.claimant,
        "said_on": claim.said_on.isoformat() if claim.said_on else None,
        "status": claim.status,
        "published": published,
        "rating": ruling.final_rating,
        "ruled_on": ruling.published_at.date().isoformat()
        if published and ruling.published_at
        else None,
        "by": how,
        "score": round(score) if score is not None else None,
    }


def ranked(
    candidates: list[ScannedSentence], matches: dict[int, list[dict[str, Any]]]
) -> list[ScannedSentence]:
    """The candidates in the order a desk should read them: the severity of the proposed
    rating, then whether the claim was already ruled on (published), then how often the number
    was claimed before (earlier claims, and its other sentences in this text), then the text's
    order."""

    def key(item: ScannedSentence) -> tuple[int, int, int, int]:
        matched = matches.get(item.position, [])
        ruled = any(match["published"] for match in matched)
        claimed = len(matched) + item.repeats
        return (-severity(item.rating), -ruled, -claimed, item.position)

    return sorted(candidates, key=key)
