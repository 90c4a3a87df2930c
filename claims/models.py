"""Claims, the rulings on them, their history and their corrections."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.roles import is_staff_reader
from claims.ratings import Rating, rating_label
from datasets.models import Document, Figure

if TYPE_CHECKING:
    from claims.engine import ClaimInput, Verdict

MAX_QUOTE_LENGTH = 10_000


class ConflictError(Exception):
    """Someone saved the ruling after this edit began; `current` is what they saved."""

    def __init__(self, current: Ruling) -> None:
        self.current = current
        super().__init__("This ruling was changed by someone else while you were editing it.")


class WorkflowError(Exception):
    """A step that the claim's state does not allow (publishing a draft, editing a published
    ruling outside a correction)."""


class ClaimQuerySet(models.QuerySet["Claim"]):
    """The questions views, the API, the feed and the briefs ask about claims, asked one way."""

    def search(self, text: str) -> ClaimQuerySet:
        """Full-text search on PostgreSQL (quote, claimant, summary); a plain match elsewhere."""
        text = text.strip()
        if not text:
            return self
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector("text", "claimant", "ruling__summary", config="english")
            return self.annotate(search=vector).filter(
                search=SearchQuery(text, search_type="websearch", config="english")
            )
        return self.filter(
            Q(text__icontains=text)
            | Q(claimant__icontains=text)
            | Q(ruling__summary__icontains=text)
        )

    def published(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.PUBLISHED)

    def latest_published(self) -> ClaimQuerySet:
        """Published claims with their rulings, the latest published first."""
        return self.published().select_related("ruling").order_by("-ruling__published_at", "-pk")

    def rated(self, rating: str) -> ClaimQuerySet:
        """Claims whose ruling stands at `rating`: the editor's, or else the proposal."""
        return self.filter(
            Q(ruling__rating=rating) | Q(ruling__rating="", ruling__proposed_rating=rating)
        )

    def tracing_to(self, *, document: Any = None, figure: Any = None) -> ClaimQuerySet:
        """Claims whose ruling traces to the figure, or to a figure of the document (each a
        model instance or a slug). A subquery, so no claim is listed twice."""
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
        if status := filters.get("status"):
            claims = claims.filter(status=status)
        if claimant := filters.get("claimant"):
            claims = claims.filter(claimant__icontains=claimant)
        if document := filters.get("document"):
            claims = claims.tracing_to(document=document)
        if figure := filters.get("figure"):
            claims = claims.tracing_to(figure=figure)
        if said_from := filters.get("said_from"):
            claims = claims.filter(said_on__gte=said_from)
        if said_to := filters.get("said_to"):
            claims = claims.filter(said_on__lte=said_to)
        return claims

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

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.short_text

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    @property
    def short_text(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 120 else text[:117].rstrip() + "…"

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

        claim = cls(author=author, **fields)
        claim.full_clean(exclude=["author"])
        claim.save()
        claim.cited_documents.set(cited_documents)
        ruling = Ruling(claim=claim)
        ruling.store_proposal(check_claim(claim.engine_input()))
        return claim


class Ruling(models.Model):
    """The engine's proposal beside the human ruling. One per claim; every change is versioned."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="ruling")
    # What the engine proposed.
    proposed_rating = models.CharField(max_length=16, choices=Rating.choices)
    findings = models.JSONField(default=list, blank=True)
    numbers = models.JSONField(default=list, blank=True)
    engine_version = models.CharField(max_length=40)
    figures = models.ManyToManyField(Figure, through="TracedFigure", related_name="rulings")
    # What people decided.
    rating = models.CharField(
        max_length=16,
        choices=Rating.choices,
        blank=True,
        help_text="Empty while the proposal stands.",
    )
    summary = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edited_rulings",
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Optimistic locking: each save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    # A re-check after a source changed proposes, never rewrites.
    revised_rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    revised_findings = models.JSONField(default=list, blank=True)
    revision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating="")
                | Q(rating=models.F("proposed_rating"))
                | ~Q(override_reason=""),
                name="ruling_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_final_rating_display()}: {self.claim}"

    @property
    def final_rating(self) -> str:
        return self.rating or self.proposed_rating

    def get_final_rating_display(self) -> str:
        return rating_label(self.final_rating)

    @property
    def is_overridden(self) -> bool:
        return bool(self.rating) and self.rating != self.proposed_rating

    @property
    def has_pending_revision(self) -> bool:
        return bool(self.revision_note)

    def store_proposal(self, verdict: Verdict) -> None:
        """Record what the engine proposed, with the figures it traced, in order."""
        self.proposed_rating = verdict.rating
        self.findings = verdict_findings(verdict)
        self.numbers = verdict_numbers(verdict)
        self.engine_version = verdict.engine_version
        self.save()
        self._trace(verdict.figures)

    def _trace(self, slugs) -> None:
        figures = Figure.objects.in_bulk(list(slugs), field_name="slug")
        self.traces.all().delete()
        TracedFigure.objects.bulk_create(
            TracedFigure(ruling=self, figure=figures[slug], position=n)
            for n, slug in enumerate(slugs)
            if slug in figures
        )

    # Every change below keeps the state it replaces as a RulingVersion and fails with
    # ConflictError if the ruling moved on since `expected_version` was read.

    def _save_versioned(self, *, expected_version: int, by, change: str, **fields) -> None:
        with transaction.atomic():
            current = Ruling.objects.select_for_update().select_related("claim").get(pk=self.pk)
            if current.version != expected_version:
                raise ConflictError(current)
            RulingVersion.objects.create(
                ruling=current,
                number=current.version,
                status=current.claim.status,
                rating=current.final_rating,
                proposed_rating=current.proposed_rating,
                summary=current.summary,
                override_reason=current.override_reason,
                findings=current.findings,
                engine_version=current.engine_version,
                changed_by=by if by and by.is_authenticated else None,
                change=change,
            )
            Ruling.objects.filter(pk=self.pk).update(version=F("version") + 1, **fields)
        self.refresh_from_db()

    def edit(
        self,
        *,
        by,
        expected_version: int,
        summary: str,
        rating: str = "",
        override_reason: str = "",
    ) -> None:
        if self.claim.status == Claim.Status.PUBLISHED:
            raise WorkflowError("A published ruling changes only through a correction.")
        rating, override_reason = self._checked_override(rating, override_reason)
        self._save_versioned(
            expected_version=expected_version,
            by=by,
            change="edited",
            summary=summary,
            rating=rating,
            override_reason=override_reason,
        )

    def _checked_override(self, rating: str, override_reason: str) -> tuple[str, str]:
        if not rating or rating == self.proposed_rating:
            return "", ""
        if not override_reason.strip():
            raise ValidationError(
                {"override_reason": "Say why the rating differs from the proposed one."}
            )
        return rating, override_reason.strip()

    def submit(self, *, by, expected_version: int) -> None:
        self._move(Claim.Status.DRAFT, Claim.Status.IN_REVIEW, by, expected_version, "submitted")

    def publish(self, *, by, expected_version: int) -> None:
        self._move(
            Claim.Status.IN_REVIEW, Claim.Status.PUBLISHED, by, expected_version, "published"
        )

    def _move(self, source: str, target: str, by, expected_version: int, change: str) -> None:
        with transaction.atomic():
            if Claim.objects.filter(pk=self.claim_id, status=source).update(status=target) != 1:
                raise WorkflowError(
                    f"Only a claim that is {Claim.Status(source).label.lower()} can be {change}."
                )
            extra = {}
            if target == Claim.Status.PUBLISHED:
                extra = {"published_at": timezone.now(), "editor": by}
            self._save_versioned(expected_version=expected_version, by=by, change=change, **extra)
        self.claim.refresh_from_db()

    def correct(
        self,
        *,
        by,
        expected_version: int,
        note: str,
        summary: str,
        rating: str = "",
        override_reason: str = "",
    ) -> Correction:
        if self.claim.status != Claim.Status.PUBLISHED:
            raise WorkflowError("Only a published ruling is corrected; edit a draft instead.")
        if not note.strip():
            raise ValidationError({"note": "A correction needs a public note."})
        previous = self.final_rating
        rating, override_reason = self._checked_override(rating, override_reason)
        with transaction.atomic():
            self._save_versioned(
                expected_version=expected_version,
                by=by,
                change="corrected",
                summary=summary,
                rating=rating,
                override_reason=override_reason,
            )
            return Correction.objects.create(
                ruling=self,
                note=note.strip(),
                editor=by,
                previous_rating=previous,
                new_rating=self.final_rating,
            )

    def apply_recheck(self, verdict: Verdict) -> bool:
        """Flag a changed proposal for the editor; never rewrite the ruling. True if flagged."""
        findings = verdict_findings(verdict)
        if verdict.rating == self.proposed_rating and findings == self.findings:
            if self.revision_note:
                Ruling.objects.filter(pk=self.pk).update(
                    revised_rating="", revised_findings=[], revision_note=""
                )
            return False
        note = (
            f"Source revised: proposal changed from {self.proposed_rating} to {verdict.rating}"
            if verdict.rating != self.proposed_rating
            else "Source revised: the findings changed; the proposed rating did not"
        )
        Ruling.objects.filter(pk=self.pk).update(
            revised_rating=verdict.rating, revised_findings=findings, revision_note=note
        )
        self.refresh_from_db()
        return True

    def accept_revision(self, *, by, expected_version: int, verdict: Verdict) -> None:
        """Make the re-checked proposal the proposal (the human rating, if any, stays)."""
        self._save_versioned(
            expected_version=expected_version,
            by=by,
            change=self.revision_note or "re-checked",
            proposed_rating=verdict.rating,
            findings=verdict_findings(verdict),
            numbers=verdict_numbers(verdict),
            engine_version=verdict.engine_version,
            revised_rating="",
            revised_findings=[],
            revision_note="",
        )
        self._trace(verdict.figures)


def verdict_numbers(verdict: Verdict) -> list[dict]:
    """The numbers read from the quote, as stored: the words, the value (a string, so that the
    Decimal survives JSON) and whether it is a percentage."""
    return [{"text": n.text, "value": str(n.value), "percent": n.percent} for n in verdict.numbers]


def claimed_values(numbers: list[dict]) -> list[tuple[str, Decimal]]:
    """The counts (not percentages) among stored numbers, for the comparison chart."""
    return [(n["text"], Decimal(n["value"])) for n in numbers if not n.get("percent")]


def verdict_findings(verdict: Verdict) -> list[dict]:
    """The findings as stored: code, plain-English explanation, figure and document slugs."""
    return [
        {
            "code": finding.code,
            "text": finding.explanation,
            "figures": list(finding.figures),
            "documents": list(finding.documents),
        }
        for finding in verdict.findings
    ]


class TracedFigure(models.Model):
    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="traces")
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="traces")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["ruling", "figure"], name="unique_traced_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.ruling_id} → {self.figure_id}"


class RulingVersion(models.Model):
    """A ruling as it stood before a change: kept forever, shown as the history."""

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Claim.Status.choices)
    rating = models.CharField(max_length=16, choices=Rating.choices)
    proposed_rating = models.CharField(max_length=16, choices=Rating.choices)
    summary = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    findings = models.JSONField(default=list, blank=True)
    engine_version = models.CharField(max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    change = models.CharField(max_length=200, help_text="What the change that followed did.")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["ruling", "number"], name="unique_ruling_version"),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of ruling {self.ruling_id}"


class Correction(models.Model):
    """A dated public note: the only way a published ruling changes."""

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField()
    corrected_at = models.DateTimeField(default=timezone.now, db_index=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="corrections"
    )
    previous_rating = models.CharField(max_length=16, choices=Rating.choices)
    new_rating = models.CharField(max_length=16, choices=Rating.choices)

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty"),
        ]

    def __str__(self) -> str:
        return f"correction of {self.corrected_at:%Y-%m-%d} to ruling {self.ruling_id}"
