from __future__ import annotations

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What the outlet publishes beyond the rulings themselves (the feed, ClaimReview, the
    methodology and about pages) and what readers send it (suggestions, the editors' inbox)."""

    name = "publishing"
