"""What readers send the outlet: claims they suggest checking."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models import one_line
from datasets.models import check_web_urls
from factcheck.site_generation import ContentQuerySet


class SuggestionQuerySet(ContentQuerySet["Suggestion"]):
    def unhandled(self) -> SuggestionQuerySet:
        return self.filter(handled_at__isnull=True)


class Suggestion(models.Model):
    """A claim a reader suggests checking: the editors' inbox. Never shown publicly."""

    text = models.TextField("claim to check")
    claimant = models.CharField("who said it", max_length=200, blank=True)
    said_on = models.DateField("when", null=True, blank=True)
    source_url = models.URLField("where (a link)", max_length=500, blank=True)
    note = models.TextField("why it should be checked", blank=True)
    email = models.EmailField(
        "your email", blank=True, help_text="Only if you want an answer. Never published."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_suggestions",
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="suggestion_text_not_empty"),
        ]

    def __str__(self) -> str:
        return one_line(self.text, limit=80)

    def clean(self) -> None:
        check_web_urls(self, "source_url")

    @property
    def check_query(self) -> str:
        """The quick check's query string for it, so that an editor can check it at once."""
        fields = {
            "q": self.text,
            "claimant": self.claimant,
            "said_on": self.said_on.isoformat() if self.said_on else "",
        }
        return urlencode({name: value for name, value in fields.items() if value})

    def mark_handled(self, *, by: Any) -> None:
        """Take it out of the inbox; who and when are kept."""
        if self.handled_at is None:
            self.handled_at = timezone.now()
            self.handled_by = by
            self.save(update_fields=["handled_at", "handled_by"])
