"""The rating scale as people see it: the engine's canonical scale, under the outlet's labels.

The scale is defined once, by the engine (`claims.engine.policy.RATING_SCALE`); the model
choices, the settings' validation, the system check and every page derive from it. Pages show a
rating through `rating_label()`, which applies the outlet's own labels (settings.RATING_LABELS);
exports (ClaimReview's ratingValue, the API's values) keep the canonical values.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.engine.policy import ORDERED_SCALE, RATING_SCALE


def canonical_label(value: str) -> str:
    """The scale's own words for a rating: "mostly-false" → "Mostly false"."""
    return value.replace("-", " ").capitalize()


Rating = models.TextChoices(  # type: ignore[call-overload]  # the functional API
    "Rating",
    [(value.replace("-", "_").upper(), (value, canonical_label(value))) for value in RATING_SCALE],
)
Rating.__doc__ = (
    "The canonical scale. Outlets may show their own labels; exports use these values."
)


def ordered_scale() -> list[str]:
    """The ordinal scale, truest first, as Rating members; unverifiable stands outside it."""
    return [Rating(value) for value in ORDERED_SCALE]


def rating_label(value: str) -> str:
    """The label readers see for a rating: the outlet's own (RATING_LABELS) or the canonical
    one. A value that is not a rating is shown as it is."""
    if value in settings.RATING_LABELS:
        return str(settings.RATING_LABELS[value])
    return canonical_label(value) if value in RATING_SCALE else value


def rating_choices(empty_label: str) -> list[tuple[str, str]]:
    """The scale for a form's select, under the outlet's labels, after an empty choice."""
    return [("", empty_label), *((value, rating_label(value)) for value in RATING_SCALE)]
