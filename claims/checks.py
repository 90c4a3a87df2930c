"""System checks: settings that name ratings must name ratings of the engine's scale."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from claims.engine.policy import RATING_SCALE


def check_rating_labels(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse a RATING_LABELS entry for a rating the scale does not have: its label would never
    be shown, and the outlet would believe it is."""
    unknown = sorted(set(settings.RATING_LABELS) - set(RATING_SCALE))
    if not unknown:
        return []
    return [
        Error(
            f"RATING_LABELS names {', '.join(map(repr, unknown))}, not on the rating scale.",
            hint=f"The ratings are {', '.join(RATING_SCALE)}.",
            id="claims.E001",
        )
    ]
