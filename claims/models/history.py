"""A ruling's history: every earlier version, and the dated public corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.claim import Claim
from claims.ratings import Rating, rating_label
from factcheck.site_generation import ContentManager


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

    objects = ContentManager()

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

    objects = ContentManager()

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty"),
        ]

    def __str__(self) -> str:
        return f"correction of {self.corrected_at:%Y-%m-%d} to ruling {self.ruling_id}"


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a ruling's history, as a sentence, with the rating the ruling had after it."""

    number: int
    when: datetime
    sentence: str
    rating: str


def ruling_history(ruling, versions, corrections) -> list[HistoryEntry]:
    """What happened to a ruling, oldest first, in sentences: "Submitted by journalist",
    "Rating overridden from Mostly false to False by editor: reason", "Published by editor",
    "Corrected by editor: note". Each RulingVersion holds the ruling as it stood *before* its
    change, so a change is read by comparing it with the version after it (or the ruling as it
    stands now). Ratings are named by the outlet's labels."""
    versions = sorted(versions, key=lambda version: version.number)
    corrections = sorted(
        corrections, key=lambda correction: (correction.corrected_at, correction.pk)
    )
    states = [*versions, ruling]
    first = states[0]
    claim = ruling.claim
    entries = [
        HistoryEntry(
            number=1,
            when=claim.created_at,
            sentence=(
                f"Saved as a draft by {_name(claim.author)} with the engine's proposal, "
                f"{rating_label(first.proposed_rating)}."
            ),
            rating=_rating(first),
        )
    ]
    corrected = iter(corrections)
    for version, after in zip(versions, states[1:], strict=True):
        by = _name(version.changed_by)
        sentence = _sentence(
            version,
            after,
            by=by,
            correction=(next(corrected, None) if version.change == "corrected" else None),
        )
        entries.append(
            HistoryEntry(
                number=version.number + 1,
                when=version.changed_at,
                sentence=_full_stop(sentence),
                rating=_rating(after),
            )
        )
    return entries


def _name(user) -> str:
    return user.get_username() if user is not None else "the system"


def _rating(state) -> str:
    """The rating a state stood at: a version stores it; the ruling computes it."""
    return getattr(state, "final_rating", None) or state.rating


def _sentence(version: RulingVersion, after, *, by: str, correction: Correction | None) -> str:
    before_rating, after_rating = _rating(version), _rating(after)
    rating_change = (
        f"rating changed from {rating_label(before_rating)} to {rating_label(after_rating)}"
        if before_rating != after_rating
        else ""
    )
    if version.change == "submitted":
        return f"Submitted for review by {by}"
    if version.change == "published":
        return f"Published by {by}"
    if version.change == "corrected":
        parts = [f"Corrected by {by}"]
        if rating_change:
            parts.append(rating_change)
        if correction is not None:
            parts.append(f"“{correction.note}”")
        return ": ".join(parts)
    if version.change == "edited":
        return _edit_sentence(version, after, by=by)
    # A re-check's revised proposal, accepted: the change names what the source revision did.
    return f"{version.change}; the revised proposal accepted by {by}"


def _edit_sentence(version: RulingVersion, after, *, by: str) -> str:
    before_rating, after_rating = _rating(version), _rating(after)
    sentences = []
    if before_rating != after_rating:
        if after_rating != after.proposed_rating:
            sentences.append(
                f"Rating overridden from {rating_label(before_rating)} to "
                f"{rating_label(after_rating)} by {by}: {after.override_reason}"
            )
        else:
            sentences.append(
                f"Rating set back to the engine's proposal, {rating_label(after_rating)}, by {by}"
            )
    texts = [
        label
        for field, label in (
            ("headline", "headline"),
            ("in_short", "in short"),
            ("summary", "ruling"),
        )
        if getattr(version, field) != getattr(after, field)
    ]
    if texts:
        sentences.append(f"{_joined(texts).capitalize()} edited by {by}")
    if not sentences:
        sentences.append(f"Saved by {by} without changes")
    return ". ".join(sentence.rstrip(".") for sentence in sentences)


def _full_stop(sentence: str) -> str:
    return sentence if sentence.endswith((".", "!", "?", "”")) else sentence + "."


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
