"""Rulings: the engine's proposal beside the human ruling, and the workflow that changes them."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.engine.verdict import rows_json
from claims.models.claim import Claim
from claims.models.history import Correction, RulingVersion
from claims.ratings import Rating, rating_label
from claims.signals import ruling_published
from datasets.models import Figure, Series
from factcheck.site_generation import ContentManager

if TYPE_CHECKING:
    from claims.engine import Verdict


class ConflictError(Exception):
    """Someone saved the ruling after this edit began; `current` is what they saved."""

    def __init__(self, current: Ruling) -> None:
        self.current = current
        super().__init__("This ruling was changed by someone else while you were editing it.")


class WorkflowError(Exception):
    """A step that the claim's state does not allow (publishing a draft, editing a published
    ruling outside a correction, publishing a ruling that lacks its headline or "in short")."""


HEADLINE_MAX_LENGTH = 160
IN_SHORT_MAX_LENGTH = 600


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
    headline = models.CharField(
        max_length=HEADLINE_MAX_LENGTH,
        blank=True,
        help_text="The editor's headline; required to publish.",
    )
    in_short = models.TextField(
        '"in short"',
        blank=True,
        help_text="Two or three sentences readers see first; required to publish.",
    )
    in_short_is_draft = models.BooleanField(
        default=False,
        help_text="The engine drafted the in-short and no person has saved it yet.",
    )
    summary = models.TextField("our ruling", blank=True)
    override_reason = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edited_rulings",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: each save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    # A re-check after a source changed proposes, never rewrites.
    revised_rating = models.CharField(max_length=16, choices=Rating.choices, blank=True)
    revised_findings = models.JSONField(default=list, blank=True)
    revision_note = models.CharField(max_length=300, blank=True)

    objects = ContentManager()

    class Meta:
        # The published rulings' order (claims.models.claim.PUBLISHED_ORDER).
        indexes = [models.Index(fields=["published_at", "id"], name="ruling_published_id")]
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

    def missing_for_publication(self) -> list[str]:
        """What readers would miss if this ruling were published now, in words; empty when it
        may be published."""
        missing = []
        if not self.headline.strip():
            missing.append("Write a headline before publishing.")
        if not self.in_short.strip():
            missing.append('Write the "in short" (two or three sentences) before publishing.')
        elif self.in_short_is_draft:
            missing.append(
                'The "in short" is still the engine\'s draft: read it, edit it if needed and '
                "save the ruling before publishing."
            )
        return missing

    def store_proposal(self, verdict: Verdict) -> None:
        """Record what the engine proposed, with the figures and series rows it traced, in
        order."""
        self.proposed_rating = verdict.rating
        self.findings = verdict_findings(verdict)
        self.numbers = verdict_numbers(verdict)
        self.engine_version = verdict.engine_version
        if not self.in_short or self.in_short_is_draft:
            self.in_short = drafted_in_short(self.findings, self.numbers, verdict.figures)
            self.in_short_is_draft = bool(self.in_short)
        self.save()
        self._trace(verdict)

    def _trace(self, verdict: Verdict) -> None:
        slugs = verdict.figures
        figures = Figure.objects.in_bulk(list(slugs), field_name="slug")
        self.traces.all().delete()
        TracedFigure.objects.bulk_create(
            TracedFigure(ruling=self, figure=figures[slug], position=n)
            for n, slug in enumerate(slugs)
            if slug in figures
        )
        series = Series.objects.in_bulk({row[0] for row in verdict.series}, field_name="slug")
        self.traced_rows.all().delete()
        TracedRow.objects.bulk_create(
            TracedRow(ruling=self, series=series[slug], period_start=start, period_end=end,
                      geo=geo, position=n)
            for n, (slug, start, end, geo) in enumerate(verdict.series)
            if slug in series
        )  # fmt: skip

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
                headline=current.headline,
                in_short=current.in_short,
                summary=current.summary,
                override_reason=current.override_reason,
                findings=current.findings,
                engine_version=current.engine_version,
                changed_by=by if by and by.is_authenticated else None,
                change=change,
            )
            Ruling.objects.filter(pk=self.pk).update(version=F("version") + 1, **fields)
            if current.claim.status == Claim.Status.PUBLISHED:
                transaction.on_commit(
                    partial(ruling_published.send, sender=Ruling, ruling=self, change=change)
                )
        self.refresh_from_db()

    def edit(
        self,
        *,
        by,
        expected_version: int,
        summary: str,
        rating: str = "",
        override_reason: str = "",
        headline: str | None = None,
        in_short: str | None = None,
    ) -> None:
        """Save what people wrote. A headline or in-short left as None stays as it is; an
        in-short that a person saves is no longer the engine's draft."""
        if self.claim.status == Claim.Status.PUBLISHED:
            raise WorkflowError("A published ruling changes only through a correction.")
        self._save_ruling(
            by=by,
            expected_version=expected_version,
            change="edited",
            summary=summary,
            rating=rating,
            override_reason=override_reason,
            headline=headline,
            in_short=in_short,
        )

    def _save_ruling(
        self,
        *,
        by: Any,
        expected_version: int,
        change: str,
        summary: str,
        rating: str,
        override_reason: str,
        headline: str | None = None,
        in_short: str | None = None,
    ) -> None:
        """Save what people decided. A rating other than the proposal needs a written reason;
        the proposal itself is stored as no override. A published ruling keeps its headline
        and in-short: a correction may change them, never empty them."""
        errors: dict[str, str] = {}
        if not rating or rating == self.proposed_rating:
            rating, override_reason = "", ""
        elif not override_reason.strip():
            errors["override_reason"] = "Say why the rating differs from the proposed one."
        texts: dict[str, Any] = {}
        if headline is not None:
            texts["headline"] = " ".join(headline.split())
            if len(texts["headline"]) > HEADLINE_MAX_LENGTH:
                errors["headline"] = f"Keep the headline to {HEADLINE_MAX_LENGTH} characters."
        if in_short is not None:
            texts["in_short"] = in_short.strip()
            texts["in_short_is_draft"] = False
            if len(texts["in_short"]) > IN_SHORT_MAX_LENGTH:
                errors["in_short"] = (
                    f'Keep the "in short" to {IN_SHORT_MAX_LENGTH} characters '
                    "(two or three sentences)."
                )
        if self.claim.status == Claim.Status.PUBLISHED:
            if "headline" in texts and not texts["headline"]:
                errors["headline"] = "A published ruling needs its headline."
            if "in_short" in texts and not texts["in_short"]:
                errors["in_short"] = 'A published ruling needs its "in short".'
        if errors:
            raise ValidationError(errors)
        self._save_versioned(
            expected_version=expected_version,
            by=by,
            change=change,
            summary=summary,
            rating=rating,
            override_reason=override_reason.strip(),
            **texts,
        )

    def submit(self, *, by, expected_version: int) -> None:
        self._move(Claim.Status.DRAFT, Claim.Status.IN_REVIEW, by, expected_version, "submitted")

    def publish(self, *, by, expected_version: int) -> None:
        """Publish a reviewed ruling; refused, with what is missing, while it lacks its
        headline or a person-saved "in short"."""
        with transaction.atomic():
            current = Ruling.objects.select_for_update().get(pk=self.pk)
            if missing := current.missing_for_publication():
                raise WorkflowError(" ".join(missing))
            self._move(
                Claim.Status.IN_REVIEW, Claim.Status.PUBLISHED, by, expected_version, "published"
            )

    def _move(self, source: str, target: str, by, expected_version: int, change: str) -> None:
        moved: dict[str, Any] = {"status": target}
        if target == Claim.Status.IN_REVIEW:
            moved["submitted_at"] = timezone.now()
        with transaction.atomic():
            if Claim.objects.filter(pk=self.claim_id, status=source).update(**moved) != 1:
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
        headline: str | None = None,
        in_short: str | None = None,
    ) -> Correction:
        if self.claim.status != Claim.Status.PUBLISHED:
            raise WorkflowError("Only a published ruling is corrected; edit a draft instead.")
        if not note.strip():
            raise ValidationError({"note": "A correction needs a public note."})
        previous = self.final_rating
        with transaction.atomic():
            self._save_ruling(
                by=by,
                expected_version=expected_version,
                change="corrected",
                summary=summary,
                rating=rating,
                override_reason=override_reason,
                headline=headline,
                in_short=in_short,
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
        """Make the re-checked proposal the proposal (the human rating, if any, stays; an
        in-short still in draft is drafted again from the new findings)."""
        redraft = {}
        if self.in_short_is_draft or not self.in_short:
            text = drafted_in_short(
                verdict_findings(verdict), verdict_numbers(verdict), verdict.figures
            )
            redraft = {"in_short": text, "in_short_is_draft": bool(text)}
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
            **redraft,
        )
        self._trace(verdict)


def drafted_in_short(findings: list[dict], numbers: list[dict], slugs) -> str:
    """The engine's draft of the "in short", from the stored findings and the traced figures
    (what each counts, which document holds it and when)."""
    from claims.summaries import FigureFacts, draft_in_short

    wanted = set(slugs) | {slug for finding in findings for slug in finding.get("figures", ())}
    figures = Figure.objects.filter(slug__in=wanted).select_related("category", "document")
    facts = {
        figure.slug: FigureFacts(
            slug=figure.slug,
            value=figure.value,
            qualifier=figure.qualifier,
            unit=figure.unit,
            counts=figure.category.label,
            does_not_mean=figure.category.does_not_mean,
            document_kind=figure.document.get_kind_display(),
            publisher=figure.document.agency,
            published=figure.document.date,
            period_start=figure.period_start,
            period_end=figure.period_end,
            as_of=figure.as_of,
        )
        for figure in figures
    }
    return draft_in_short(
        findings=findings, numbers=numbers, figures=facts, limit=IN_SHORT_MAX_LENGTH
    )


def verdict_numbers(verdict: Verdict) -> list[dict]:
    """The numbers read from the quote, as stored: the words, the value (a string, so that the
    Decimal survives JSON) and whether it is a percentage."""
    return [{"text": n.text, "value": str(n.value), "percent": n.percent} for n in verdict.numbers]


def claimed_values(numbers: list[dict]) -> list[tuple[str, Decimal]]:
    """The counts (not percentages) among stored numbers, for the comparison chart."""
    return [(n["text"], Decimal(n["value"])) for n in numbers if not n.get("percent")]


def verdict_findings(verdict: Verdict) -> list[dict]:
    """The findings as stored: code and degree (from which pages derive the finding's title),
    plain-English explanation, figure and document slugs, and the series rows cited."""
    # "series" only where a finding cites rows: a ruling stored before series existed then
    # compares equal to its re-check.
    return [
        {
            "code": finding.code,
            "degree": finding.degree,
            "text": finding.explanation,
            "figures": list(finding.figures),
            "documents": list(finding.documents),
        }
        | ({"series": rows_json(finding.series)} if finding.series else {})
        for finding in verdict.findings
    ]


class TracedFigure(models.Model):
    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="traces")
    figure = models.ForeignKey(Figure, on_delete=models.PROTECT, related_name="traces")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentManager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["ruling", "figure"], name="unique_traced_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.ruling_id} → {self.figure_id}"


class TracedRow(models.Model):
    """A row of an official data series that the ruling's traced numbers used, named as the
    engine names it (series, period, state) so that a re-import of the series keeps it."""

    ruling = models.ForeignKey(Ruling, on_delete=models.CASCADE, related_name="traced_rows")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="traced_rows")
    period_start = models.DateField()
    period_end = models.DateField()
    geo = models.CharField(max_length=80, blank=True, help_text="A state; empty for national.")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentManager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["ruling", "series", "period_start", "period_end", "geo"],
                name="unique_traced_row",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ruling_id} → {self.series_id} {self.period_start}/{self.period_end}"
