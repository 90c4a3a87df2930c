"""The JSON API's rulings and check routers; factcheck.urls mounts them, with the registry's
(datasets.api), under /api/.

Everything is read-only and public. `POST /api/check` (or `GET /api/check?q=`) runs the engine on
a quote and answers what `checkclaims --format jsonl` prints for it (`verdict.to_dict()`) plus
the explanations (`verdict.to_json()`); it saves nothing. The OpenAPI description is served at
/api/openapi.json. The interactive docs page is off: ours would need a script the Content
Security Policy does not allow, and the description is enough for any OpenAPI tool.

CSRF: CSRF protects requests that change something on behalf of a user whose browser carries
their session. This API authenticates nobody (it never reads the session) and nothing it does
changes data; the check only computes an answer. So no operation is CSRF-checked (django-ninja
checks CSRF only for cookie-based authentication, which the API does not use, and django-ninja
1.x has no global `csrf=` switch any more). If an operation that writes is ever added, give it
authentication, and with cookie authentication ninja enforces CSRF again.
"""

from __future__ import annotations

import datetime
import math
from functools import wraps
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import Throttled
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict, field_validator

from accounts.throttling import ClientRateThrottle
from claims.checking import VERDICTS_KEPT, check_claim, record_of
from claims.engine import ClaimInput
from claims.engine.text import normalise
from claims.forms import strip_control_characters
from claims.models import (
    MAX_QUOTE_LENGTH,
    PUBLISHED_ORDER,
    Claim,
    ClaimQuerySet,
    Correction,
    Rating,
    TracedFigure,
)
from datasets.api import ErrorOut, IsoDate, Page, PageQuery, Slug, oversize_body, paginated
from datasets.permalinks import permalink
from datasets.signals import registry_generation
from factcheck.kept import Kept

# A quote of MAX_QUOTE_LENGTH characters, JSON-escaped (up to 6 bytes a character), with the
# other fields, fits well within this; anything larger is refused before it is read.
MAX_CHECK_BODY_BYTES = 100_000
CHECK_RATE = settings.API_CHECK_RATE
MAX_SOURCES = 20
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

check_throttle = ClientRateThrottle(CHECK_RATE, scope="api-check")

router = Router(tags=["rulings"])
check_router = Router(tags=["check"])


def too_many_requests(request: HttpRequest, exc: Throttled | type[Throttled]) -> HttpResponse:
    """429 with Retry-After, for the API's throttled operations (the check)."""
    waited = exc.wait if isinstance(exc, Throttled) else None
    wait = check_throttle.retry_after() if waited is None else max(1, math.ceil(waited))
    response = JsonResponse(
        {
            "detail": f"Too many checks from your address (the limit is {CHECK_RATE}). "
            f"Try again in {wait} seconds."
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


# --- published rulings


class FindingOut(Schema):
    code: str
    text: str = ""
    figures: list[str] = []
    documents: list[str] = []


class CorrectionOut(Schema):
    corrected_at: datetime.datetime
    note: str
    previous_rating: str
    new_rating: str


class RulingOut(Schema):
    rating: str = Field(description="The ruling on the canonical scale.")
    rating_label: str
    proposed_rating: str = Field(description="What the engine proposed.")
    override_reason: str
    headline: str = Field(description="The editor's headline.")
    in_short: str = Field(description="Two or three sentences readers see first.")
    summary: str = Field(description="Our ruling: the editor's text.")
    findings: list[FindingOut]
    figures: list[str] = Field(description="The traced figure slugs, in order.")
    engine_version: str
    published_at: datetime.datetime | None
    corrections: list[CorrectionOut] = Field(description="Newest first.")

    @staticmethod
    def resolve_rating(ruling) -> str:
        return ruling.final_rating

    @staticmethod
    def resolve_rating_label(ruling) -> str:
        return ruling.get_final_rating_display()

    @staticmethod
    def resolve_figures(ruling) -> list[str]:
        return [trace.figure.slug for trace in ruling.traces.all()]

    @staticmethod
    def resolve_corrections(ruling) -> list[Correction]:
        return list(ruling.corrections.all())


class ClaimOut(Schema):
    id: int
    url: str = Field(description="The ruling's permalink.")
    claim_review_url: str = Field(description="Its schema.org ClaimReview.")
    text: str
    claimant: str
    said_on: datetime.date | None
    venue: str
    venue_url: str
    attributed_to: str
    ruling: RulingOut

    @staticmethod
    def resolve_url(claim: Claim) -> str:
        return permalink(claim)

    @staticmethod
    def resolve_claim_review_url(claim: Claim) -> str:
        return permalink(reverse("claim_review", args=[claim.pk]))


class ClaimPage(Page):
    items: list[ClaimOut]


class ClaimFilters(Schema):
    rating: Rating | None = Field(None, description="The ruling's rating.")
    claimant: str | None = Field(
        None, max_length=200, pattern=NO_CONTROL_CHARACTERS, description="Part of the name."
    )
    document: Slug | None = Field(None, description="Traced to a figure of this document.")
    figure: Slug | None = Field(None, description="Traced to this figure.")


def published_claims() -> ClaimQuerySet:
    """Published claims with everything ClaimOut reads, in four queries at most."""
    return Claim.objects.latest_published().prefetch_related(
        Prefetch(
            "ruling__traces",
            queryset=TracedFigure.objects.select_related("figure").order_by("position"),
        ),
        Prefetch("ruling__corrections", queryset=Correction.objects.order_by("-corrected_at")),
    )


@router.get("/claims", response={200: ClaimPage, 404: ErrorOut, 422: ErrorOut})
def claim_list(
    request: HttpRequest, filters: Query[ClaimFilters], pages: Query[PageQuery]
) -> dict[str, Any]:
    """Published claims with their rulings, newest ruling first. Drafts are never listed."""
    claims = published_claims().matching(filters.model_dump())
    # The page's claims are chosen first, so that the rulings an OFFSET skips are read from
    # indexes alone (the rulings' order, the published claims' ids), never their rows' columns.
    return paginated(claims, pages, PUBLISHED_ORDER, narrow=True)


@router.get("/claims/{claim_id}", response={200: ClaimOut, 404: ErrorOut, 422: ErrorOut})
def claim_detail(
    request: HttpRequest, claim_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> Claim:
    """One published claim with its ruling; a draft is 404, as on the site."""
    return get_object_or_404(published_claims(), pk=claim_id)


# --- the check


def _clean(text: str) -> str:
    """One line of text as a claims file row holds it: control characters dropped, runs of
    whitespace made one space."""
    return " ".join(strip_control_characters(text).split())


def _quote(text: str) -> str:
    """The quote as the engine reads it, so that the API and `checkclaims` read the same words."""
    text = normalise(_clean(text))
    if not text:
        raise ValueError("The quote is empty.")
    return text


class CheckIn(Schema):
    """A quote to check: the fields of a row of a `checkclaims` claims file."""

    text: str = Field(min_length=1, max_length=MAX_QUOTE_LENGTH)
    id: str = Field("", max_length=200, description="Returned as is, to match answers.")
    claimant: str = Field("", max_length=200)
    said_on: IsoDate | None = None
    attributed_to: str = Field("", max_length=200, description="Whom it blames or credits.")
    cited_sources: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        [], max_length=MAX_SOURCES, description="Slugs or report numbers of cited documents."
    )

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _quote(value)

    @field_validator("id", "claimant", "attributed_to")
    @classmethod
    def _line(cls, value: str) -> str:
        return _clean(value)

    @field_validator("cited_sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        return [cleaned for item in value if (cleaned := _clean(item))]

    def claim_input(self) -> ClaimInput:
        return record_of(ClaimInput, self, cited_sources=tuple(self.cited_sources))


class CheckQuery(Schema):
    q: str = Field(min_length=1, max_length=MAX_QUOTE_LENGTH, description="The quote.")
    claimant: str = Field("", max_length=200)
    said_on: IsoDate | None = None
    attributed_to: str = Field("", max_length=200)

    @field_validator("q")
    @classmethod
    def _text(cls, value: str) -> str:
        return _quote(value)

    @field_validator("claimant", "attributed_to")
    @classmethod
    def _line(cls, value: str) -> str:
        return _clean(value)

    def claim_input(self) -> ClaimInput:
        return ClaimInput(
            text=self.q,
            claimant=self.claimant,
            said_on=self.said_on,
            attributed_to=self.attributed_to,
        )


class _Open(Schema):
    # The engine's JSON may grow: keep fields the schema does not name yet.
    model_config = ConfigDict(extra="allow")


class SeriesRowOut(Schema):
    """One row of an official data series that a traced number used."""

    series: str = Field(description="The series slug (its page is /datasets/<slug>/).")
    start: datetime.date = Field(description="First day of the row's period.")
    end: datetime.date = Field(description="Last day of the row's period (inclusive).")
    geo: str | None = Field(description="The state of a state's row; null for a national row.")


class ExplanationOut(_Open):
    code: str
    title: str = Field(description="The finding in plain language, beside its code.")
    degree: str
    text: str
    figures: list[str]
    documents: list[str]
    series: list[SeriesRowOut] = Field(description="The series rows the finding cites.")


class NumberReadOut(_Open):
    text: str
    value: str
    qualifier: str
    unit: str
    counts: str
    low: str
    high: str


class NotTracedOut(_Open):
    text: str
    value: str
    why: str = Field(
        description='What it counts instead ("states"), "denied" when the quote rejects it, or '
        "why nothing in the registry speaks to it."
    )


class CheckOut(_Open):
    """`verdict.to_json()`: the `checkclaims --format jsonl` object (id, rating, findings,
    figures, numbers, series) plus the explanations."""

    id: str
    rating: str
    findings: list[str] = Field(description="Finding codes, in the engine's order.")
    figures: list[str] = Field(description="Traced figure slugs.")
    numbers: list[str] = Field(description='The numbers read: "325000", "28.3%", "75000-80000".')
    series: list[SeriesRowOut] = Field(
        description="The rows of official data series the traced numbers used (one row, "
        "consecutive rows added up, two rows compared, a state's row and the national total), "
        "one object per row, in the order traced; empty when only figures were traced."
    )
    explanations: list[ExplanationOut]
    numbers_read: list[NumberReadOut]
    not_traced: list[NotTracedOut] = Field(description="Numbers read but not traced, and why.")
    confirmed_later: list[str] = Field(
        description="Figures published after the claim that agree with it: they confirm the "
        "number but could not have been its source."
    )
    steps: int | None
    engine_version: str
    rating_scale_version: str


CHECK_RESPONSES = {200: CheckOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def bounded_body(run):
    """Refuse a body over MAX_CHECK_BODY_BYTES with 413 before anything reads it."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        refusal = oversize_body(
            request, MAX_CHECK_BODY_BYTES, f"a quote is at most {MAX_QUOTE_LENGTH} characters"
        )
        if refusal is not None:
            return refusal
        return run(request, *args, **kwargs)

    return wrapper


@check_router.post("/check", response=CHECK_RESPONSES, throttle=check_throttle)
@decorate_view(bounded_body)
def check_post(request: HttpRequest, claim: CheckIn) -> HttpResponse:
    """Check a quote (JSON body, the fields of a claims file row). Nothing is saved.

    Rate-limited per client address (429 with Retry-After); a body over 100 kB is 413; a quote
    over 10,000 characters is 422."""
    return _check_response(request, claim.claim_input())


@check_router.get("/check", response=CHECK_RESPONSES, throttle=check_throttle)
def check_get(request: HttpRequest, query: Query[CheckQuery]) -> HttpResponse:
    """Check a quote given as `?q=`, like the site's `/check/?q=`. Nothing is saved."""
    return _check_response(request, query.claim_input())


# A check's JSON, kept per process for the registry generation it was made against, as the
# verdicts are (claims.checking): a quote asked again is answered without validating and
# rendering the same verdict again.
_check_json: Kept[bytes] = Kept(VERDICTS_KEPT)
_renderer = JSONRenderer()  # the API's (NinjaAPI's default)
_json_type = f"{_renderer.media_type}; charset={_renderer.charset}"


def _check_response(request: HttpRequest, claim: ClaimInput) -> HttpResponse:
    """The verdict's JSON, made through the response schema (CheckOut) and the API's renderer,
    as the API answers any 200."""
    generation = registry_generation()

    def make() -> bytes:
        data = CheckOut.model_validate(check_claim(claim, generation=generation).to_json())
        return _renderer.render(request, data.model_dump(), response_status=200)

    return HttpResponse(_check_json.get((generation, claim), make), content_type=_json_type)
