"""`POST /api/scan`: a long text read for checkable numbers, as the scan page reads it.

Like `/api/check` it authenticates nobody and saves nothing: it answers the candidates (each
checked by the engine, ranked, with the published rulings it matches) and the sentences whose
numbers are not in our sources. Rate-limited per client address (SCAN_RATE, 429 with
Retry-After) and size-limited (a body over MAX_SCAN_BODY_BYTES is 413 before it is read; a text
over MAX_SCAN_CHARS characters is 422). For its CSRF stance see claims.api: nothing here
changes data.
"""

from __future__ import annotations

import datetime
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from pydantic import field_validator

from accounts.throttling import ClientRateThrottle
from claims.checking import current_registry
from claims.engine import ENGINE_VERSION
from claims.forms import strip_control_characters
from datasets.api import ErrorOut, IsoDate, oversize_body
from scans.matching import checked_before, ranked
from scans.scanner import MAX_SCAN_CHARS, scan_text

# The longest text, JSON-escaped (up to 6 bytes a character), with the other fields.
MAX_SCAN_BODY_BYTES = 6 * MAX_SCAN_CHARS + 20_000
SCAN_RATE = "6/min"

scan_throttle = ClientRateThrottle(SCAN_RATE, scope="api-scan")
router = Router(tags=["scan"])


def _line(value: str) -> str:
    return " ".join(strip_control_characters(value).split())


class ScanIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=MAX_SCAN_CHARS,
        description='A transcript or an article. Lines that start with "NAME:" or "Q." mark '
        "speaker turns.",
    )
    speaker: str = Field("", max_length=200, description="Who speaks where no turn is marked.")
    said_on: IsoDate | None = None
    venue: str = Field("", max_length=300)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        text = strip_control_characters(value.replace("\r\n", "\n").replace("\r", "\n"))
        if not text.strip():
            raise ValueError("The text is empty.")
        return text

    @field_validator("speaker", "venue")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _line(value)


class FindingTitleOut(Schema):
    code: str
    title: str


class MatchOut(Schema):
    claim: int = Field(description="The earlier claim's id (/api/claims/<id>).")
    text: str
    claimant: str
    said_on: datetime.date | None
    rating: str
    ruled_on: datetime.date | None = Field(description="When the ruling was published.")
    by: list[str] = Field(description='"figures", "wording" or both: how it matched.')
    score: int | None = Field(description="The wording's similarity, 0-100, when it matched.")


class SentenceOut(Schema):
    position: int = Field(description="The sentence's place among those with a number.")
    start: int = Field(description="Its first character's offset in the text.")
    end: int = Field(description="The offset just past its last character.")
    text: str
    turn: str = Field(description='The speaker turn\'s label as written ("SMITH", "Q"), or "".')
    speaker: str
    numbers: list[str]


class CandidateOut(SentenceOut):
    rank: int = Field(description="1 for the candidate that matters most to a desk.")
    rating: str = Field(description="The engine's proposed rating.")
    findings: list[FindingTitleOut]
    figures: list[str] = Field(description="The traced figure slugs.")
    repeats: int = Field(description="Other candidates of the text with the same number.")
    checked_before: list[MatchOut] = Field(description="Published rulings it matches.")


class NotTracedOut(Schema):
    text: str
    why: str


class ElsewhereOut(SentenceOut):
    not_traced: list[NotTracedOut]


class ScanOut(Schema):
    words: int
    engine_version: str
    candidates: list[CandidateOut] = Field(description="Ranked, the most important first.")
    not_in_our_sources: list[ElsewhereOut] = Field(
        description="Sentences with numbers the registry cannot speak to, in the text's order."
    )


def scan_json(text: str, *, speaker: str, said_on, user) -> dict[str, Any]:
    """The scan of a text as the API and `manage.py scantext` give it."""
    found = scan_text(text, registry=current_registry(), speaker=speaker, said_on=said_on)
    candidates = [item for item in found if item.candidate]
    matches = checked_before(candidates, user=user)

    def sentence(item) -> dict[str, Any]:
        return {
            "position": item.position,
            "start": item.start,
            "end": item.end,
            "text": item.text,
            "turn": item.turn,
            "speaker": item.speaker,
            "numbers": item.numbers,
        }

    return {
        "words": len(text.split()),
        "engine_version": ENGINE_VERSION,
        "candidates": [
            sentence(item)
            | {
                "rank": rank,
                "rating": item.rating,
                "findings": [
                    {"code": finding.code, "title": finding.title}
                    for finding in (item.verdict.findings if item.verdict else ())
                ],
                "figures": list(item.figures),
                "repeats": item.repeats,
                "checked_before": [
                    {key: match[key] for key in MatchOut.model_fields}
                    for match in matches.get(item.position, [])
                ],
            }
            for rank, item in enumerate(ranked(candidates, matches), 1)
        ],
        "not_in_our_sources": [
            sentence(item)
            | {"not_traced": [{"text": number, "why": why} for number, why in item.not_traced]}
            for item in found
            if not item.candidate
        ],
    }


def limited(run):
    """Refuse a body over MAX_SCAN_BODY_BYTES with 413 before anything reads it, and more than
    SCAN_RATE scans from one address with 429."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        refusal = oversize_body(
            request, MAX_SCAN_BODY_BYTES, f"a text is at most {MAX_SCAN_CHARS} characters"
        )
        if refusal is not None:
            return refusal
        if not scan_throttle.allow_request(request):
            wait = scan_throttle.retry_after()
            response = JsonResponse(
                {
                    "detail": f"Too many scans from your address (the limit is {SCAN_RATE}). "
                    f"Try again in {wait} seconds."
                },
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        return run(request, *args, **kwargs)

    return wrapper


@router.post(
    "/scan", response={200: ScanOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
@decorate_view(limited)
def scan(request: HttpRequest, body: ScanIn) -> dict[str, Any]:
    """Scan a transcript or an article (JSON body) for checkable numbers. Nothing is saved.

    Every sentence with a number is read by the engine: a candidate when its number is one the
    registry speaks to, checked and ranked (the proposed rating's severity, an earlier
    published ruling, how often the number was claimed), each with the published rulings it
    matches by figure or wording; otherwise listed under `not_in_our_sources`. Rate-limited per
    client address (429 with Retry-After); a body over 740 kB is 413; a text over 120,000
    characters is 422."""
    return scan_json(body.text, speaker=body.speaker, said_on=body.said_on, user=AnonymousUser())
