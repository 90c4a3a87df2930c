"""A scan: a long text read for checkable numbers, with what was found in it, kept at its URL."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from factcheck.site_generation import ContentManager
from workers.queued import QueuedWork


class Scan(QueuedWork, models.Model):
    """Who scanned what, when; the text with its speaker, date and venue; how far the reading
    has got. The id is a UUID, so one scan's URL says nothing of another's."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being read"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scans"
    )
    source_name = models.CharField(
        max_length=200, blank=True, help_text="The uploaded file's name; empty for pasted text."
    )
    speaker = models.CharField(max_length=200, blank=True)
    said_on = models.DateField("date said", null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True, help_text="Where it was said.")
    text = models.TextField()
    words = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0, help_text="Characters read so far.")
    total = models.PositiveIntegerField(default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ContentManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"scan {self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("scan_detail", args=[self.pk])

    @property
    def title(self) -> str:
        said = ", ".join(
            part
            for part in (self.speaker, self.venue, self.said_on and f"{self.said_on:%-d %B %Y}")
            if part
        )
        return said or self.source_name or "Pasted text"

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def start(self) -> None:
        """Queue the background task that reads the scan."""
        from scans.tasks import run_scan

        result = run_scan.enqueue(str(self.pk))
        Scan.objects.filter(pk=self.pk).update(task_id=result.id)
        self.task_id = result.id

    def run(self) -> None:
        """Read the text, match each candidate to what was checked before, and store the
        sentences found; safe to run again (the sentences found before are replaced)."""
        from claims.checking import current_registry
        from claims.engine import ENGINE_VERSION
        from scans.matching import checked_before, ranked
        from scans.scanner import scan_text

        self._update(status=self.Status.RUNNING, done=0, total=len(self.text))
        found = scan_text(
            self.text,
            registry=current_registry(),
            speaker=self.speaker,
            said_on=self.said_on,
            progress=self.report_progress,
        )
        candidates = [item for item in found if item.candidate]
        matches = checked_before(candidates, user=self.author)
        order = {item.position: rank for rank, item in enumerate(ranked(candidates, matches), 1)}
        rows = [
            ScanSentence.of(self, item, matches.get(item.position, []), order.get(item.position))
            for item in found
        ]
        with transaction.atomic():
            self.sentences.all().delete()
            ScanSentence.objects.bulk_create(rows)
            self._update(
                status=self.Status.READY,
                done=self.total,
                engine_version=ENGINE_VERSION,
                finished_at=timezone.now(),
            )

    def report_progress(self, done: int, total: int) -> None:
        from workers.heartbeat import report_progress

        if done == total or done - self.done >= max(total // 50, 1):
            self._update(done=done, total=total)
            report_progress(f"Read {done:,} of {total:,} characters")

    def fail(self, reason: str) -> None:
        self._update(status=self.Status.FAILED, failure=reason[:300], finished_at=timezone.now())

    def _update(self, **fields: Any) -> None:
        Scan.objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)


class ScanSentence(models.Model):
    """A sentence of a scan with a number in it: a candidate (its number is one the registry
    speaks to), or a sentence whose numbers are not in our sources. Offsets are into the scan's
    text. A candidate saved as a draft claim links to it."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField(help_text="Its place among the scan's sentences.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    turn = models.CharField(max_length=100, blank=True, help_text="The turn's label, as written.")
    speaker = models.CharField(max_length=200, blank=True)
    is_candidate = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(
        null=True, blank=True, help_text="1 for the candidate that matters most to a desk."
    )
    numbers = models.JSONField(default=list)
    rating = models.CharField(max_length=32, blank=True, help_text="The engine's proposal.")
    findings = models.JSONField(default=list, help_text="[{code, title}], in the engine's order.")
    figures = models.JSONField(default=list, help_text="The traced figure slugs.")
    not_traced = models.JSONField(default=list, help_text="[[number, why]]: numbers not traced.")
    matches = models.JSONField(default=list, help_text="Claims checked before: see matching.py.")
    claimed_before = models.PositiveIntegerField(default=0)
    ruled_before = models.BooleanField(default=False)
    repeats = models.PositiveIntegerField(default=0, help_text="The same number, elsewhere in it.")
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_sentences",
        help_text="The draft claim it was saved as.",
    )

    objects = ContentManager()

    class Meta:
        ordering = ["scan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "position"], name="scan_sentence_position"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def of(cls, scan: Scan, item, matches: list[dict], rank: int | None) -> ScanSentence:
        verdict = item.verdict
        return cls(
            scan=scan,
            position=item.position,
            start=item.start,
            end=item.end,
            text=item.text,
            turn=item.turn[:100],
            speaker=item.speaker[:200],
            is_candidate=item.candidate,
            rank=rank,
            numbers=item.numbers,
            rating=item.rating,
            findings=[
                {"code": finding.code, "title": finding.title}
                for finding in (verdict.findings if verdict is not None else ())
            ],
            figures=list(item.figures),
            not_traced=[list(pair) for pair in item.not_traced],
            matches=matches,
            claimed_before=len(matches),
            ruled_before=any(match["published"] for match in matches),
            repeats=item.repeats,
        )

    @property
    def anchor(self) -> str:
        return f"sentence-{self.position}"
