"""A ruling's history: every earlier version, and the dated public corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.claim import Claim
from claims.ratings import Rating


class RulingVersion(models.Model):
    """A ruling as it stood before a change: kept forever, shown as the history."""

    ruling = models.ForeignKey("claims.Ruling", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Claim.Status.choices)
    rating = models.CharField(max_length=16, choices=Rating.choices)
    proposed_rating = models.CharField(max_length=16, choices=Rating.choices)
    headline = models.CharField(max_length=160, blank=True)
    in_short = models.TextField('"in short"', blank=True)
    summary = models.TextField("our ruling", blank=True)
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

    ruling = models.ForeignKey(
        "claims.Ruling", on_delete=models.CASCADE, related_name="corrections"
    )
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
