"""Claims: what was said, by whom and when, and who may see it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Expression, Q
from django.db.models.expressions import Col
from django.urls import reverse
from django.utils import timezone

from accounts.roles import is_staff_reader
from claims.engine.text import normalise
from datasets.models import Document, check_web_urls
from datasets.pagination import Key, Ordering
from factcheck.site_generation import ContentQuerySet

if TYPE_CHECKING:
    from claims.engine import ClaimInput

MAX_QUOTE_LENGTH = 10_000


# The claim filters that are a plain field lookup: filter name → lookup.
FIELD_FILTERS = {
    "status": "status",
    "claimant": "claimant__icontains",
    "said_from": "said_on__gte",
    "said_to": "said_on__lte",
}


# Full-text search on PostgreSQL: each claim's row stores the words of its quote and claimant
# (`claim_words`) and of its ruling's headline, "in short" and summary (`ruling_words`), read
# with this configuration. Migration 0010_stored_search_words makes and keeps both columns; the
# model does not declare them, so that no query loads them (ClaimQuerySet.search reads them).
SEARCH_CONFIG = "english"
STORED_WORDS = ("claim_words", "ruling_words")

# The claims list: the latest said first (a claim with no date before any dated one, as
# PostgreSQL sorts NULL), by the index on (said_on, id).
LIST_ORDER = Ordering(
    (
        Key("said_on", "date", descending=True, nullable=True),
        Key("pk", "int", descending=True),
    )
)
# Published rulings (the API, the feed, the home page): the latest published first, by the
# ruling's index on (published_at, id).
PUBLISHED_ORDER = Ordering(
    (
        Key("ruling__published_at", "datetime", descending=True),
        Key("ruling__id", "int", descending=True),
    )
)


def quote_key(text: str) -> str:
    """The quote as "the same quote" compares it: read as the engine reads it, its whitespace
    made single spaces, its case folded."""
    return " ".join(normalise(text).split()).casefold()


def quote_fingerprint(text: str) -> str:
    """The quote's key, hashed so that a quote of any length fits a B-tree index (the checked
    before of the quick check and of a scan look quotes up by it). Stored on each claim: a
    change to `quote_key` (or to what `normalise` does) needs a migration that stores it
    again."""
    return hashlib.sha256(quote_key(text).encode()).hexdigest()


class StoredWords(Expression):
    """A `tsvector` column that PostgreSQL keeps on the claims table but the model does not
    declare (migration 0010), read from the query's claims table whatever its alias."""

    def __init__(self, column: str) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column = column

    def resolve_expression(  # type: ignore[override] # resolves to a column, not to itself
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: set[str] | None = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Col:
        target = self.output_field.clone()
        target.set_attributes_from_name(self.column)
        target.model = query.model  # what a column is compared and hashed by
        return Col(query.get_initial_alias(), target, output_field=self.output_field)


def one_line(text: str, *, limit: int) -> str:
    """The text on one line, cut with an ellipsis to at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "…"


def whole_words(text: str, *, limit: int) -> str:
    """The text on one line, shortened to at most `limit` characters at a space, never inside a
    word, with an ellipsis when shortened."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:—-") + "…"


class ClaimQuerySet(ContentQuerySet["Claim"]):
    """The questions views, the API, the feed and the briefs ask about claims, asked one way."""

    def search(self, text: str) -> ClaimQuerySet:
        """Full-text search on PostgreSQL (quote, claimant, headline, in short, our ruling); a
        plain match elsewhere.

        On PostgreSQL a claim matches when the words of its quote and claimant do, or the
        words of its ruling do: two vectors stored on the claim's row, each with its GIN index
        (migration 0010). The test is on the row itself, so that a list in its own order can
        stop after a page of matches instead of collecting every match first."""
        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
            words = {column: StoredWords(column) for column in STORED_WORDS}
            return self.alias(**words).filter(
                reduce(or_, (Q(**{column: query}) for column in STORED_WORDS))
            )
        return self.filter(
            Q(text__icontains=text)
            | Q(claimant__icontains=text)
            | Q(ruling__headline__icontains=text)
            | Q(ruling__in_short__icontains=text)
            | Q(ruling__summary__icontains=text)
        )

    def published(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.PUBLISHED)

    def latest_published(self) -> ClaimQuerySet:
        """Published claims with their rulings, the latest published first."""
        # Publishing stamps the time; asking for it also keeps the index scan off the rulings
        # never published (no time), which its descending order would read first.
        published = self.published().filter(ruling__published_at__isnull=False)
        return PUBLISHED_ORDER.apply(published.select_related("ruling"))

    def rated(self, rating: str) -> ClaimQuerySet:
        """Claims whose ruling stands at `rating`: the editor's, or else the proposal."""
        return self.filter(
            Q(ruling__rating=rating) | Q(ruling__rating="", ruling__proposed_rating=rating)
        )

    def tracing_to(self, *, document: Any = None, figure: Any = None) -> ClaimQuerySet:
        """Claims whose ruling traces to the figure, or to a figure of the document (each a
        model instance or a slug). A subquery, so no claim is listed twice."""
        from claims.models.ruling import TracedFigure

        traces = TracedFigure.objects.all()
        if document is not None:
            traces = traces.filter(figure__document__slug=getattr(document, "slug", document))
        if figure is not None:
            traces = traces.filter(figure__slug=getattr(figure, "slug", figure))
        return self.filter(pk__in=traces.values("ruling__claim_id"))

    def matching(self, filters: Mapping[str, Any]) -> ClaimQuerySet:
        """The claims that match a filter form's cleaned data (the claims list, the API, a
        multi-claim brief): q, rating, status, claimant, document, figure, said_from and
        said_to, each optional; an empty value filters nothing."""
        claims = self.search(filters.get("q") or "")
        if rating := filters.get("rating"):
            claims = claims.rated(rating)
        for name in ("document", "figure"):  # each on its own: both may be asked for
            if value := filters.get(name):
                claims = claims.tracing_to(**{name: value})
        lookups = {name: value for name, value in filters.items() if value}
        return claims.filter(
            **{lookup: lookups[name] for name, lookup in FIELD_FILTERS.items() if name in lookups}
        )

    def awaiting_review(self) -> ClaimQuerySet:
        """Claims in review with their rulings and authors, the longest waiting first: by when
        they were last submitted (`submitted_at`, which every claim in review has), read in
        order from the queue's partial index."""
        return (
            self.filter(status=Claim.Status.IN_REVIEW)
            .select_related("ruling", "author")
            .order_by(models.F("submitted_at").asc(nulls_last=True), "created_at", "pk")
        )

    def visible_to(self, user: Any) -> ClaimQuerySet:
        """Anonymous visitors see published claims only; journalists also see their own drafts;
        editors, researchers and admins see everything."""
        if not user.is_authenticated:
            return self.published()
        if is_staff_reader(user):
            return self
        return self.filter(Q(status=Claim.Status.PUBLISHED) | Q(author=user))


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    text = models.TextField("quote")
    claimant = models.CharField(max_length=200, blank=True)
    said_on = models.DateField("date said", null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True, help_text="Where it was said.")
    venue_url = models.URLField("venue URL", max_length=500, blank=True)
    attributed_to = models.CharField(
        "blames or credits",
        max_length=200,
        blank=True,
        help_text="Whom the claim blames or credits.",
    )
    cited_documents = models.ManyToManyField(Document, blank=True, related_name="cited_by_claims")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    text_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="quote_fingerprint(text), kept by save(): finds the claims on the same quote.",
    )
    submitted_at = models.DateTimeField(
        "last submitted for review",
        null=True,
        blank=True,
        editable=False,
        help_text="Stamped when the claim goes into review: the review queue's order.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["said_on", "id"], name="claim_said_on_id"),
            models.Index(fields=["text_fingerprint"], name="claim_text_fingerprint"),
            # Whether a claim is published, from the index alone: the published lists that
            # follow the rulings' order (the API, the feed) and their counts test each claim
            # without reading its row.
            models.Index(fields=["id"], name="claim_published", condition=Q(status="published")),
            # The review queue (ClaimQuerySet.awaiting_review): only the claims in review.
            models.Index(
                fields=["submitted_at", "created_at", "id"],
                name="claim_review_queue",
                condition=Q(status="review"),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_text

    def save(self, *args, **kwargs) -> None:
        changed = {"text_fingerprint"}
        self.text_fingerprint = quote_fingerprint(self.text)
        # A claim saved straight into review (not through Ruling.submit) waits from now.
        if self.status == Claim.Status.IN_REVIEW and self.submitted_at is None:
            self.submitted_at = timezone.now()
            changed.add("submitted_at")
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, *changed}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    def clean(self) -> None:
        check_web_urls(self, "venue_url")

    @property
    def short_text(self) -> str:
        return one_line(self.text, limit=120)

    def engine_input(self) -> ClaimInput:
        from claims.engine import ClaimInput

        return ClaimInput(
            id=str(self.pk or ""),
            text=self.text,
            claimant=self.claimant,
            said_on=self.said_on,
            attributed_to=self.attributed_to,
            cited_sources=tuple(sorted(d.slug for d in self.cited_documents.all())),
        )

    @classmethod
    @transaction.atomic
    def create_checked(cls, *, author, cited_documents=(), **fields) -> Claim:
        """Save a draft claim with the engine's proposal beside it."""
        from claims.checking import check_claim
        from claims.models.ruling import Ruling

        claim = cls(author=author, **fields)
        claim.full_clean(exclude=["author"])
        claim.save()
        claim.cited_documents.set(cited_documents)
        ruling = Ruling(claim=claim)
        ruling.store_proposal(check_claim(claim.engine_input()))
        return claim
