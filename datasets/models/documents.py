"""Documents: the reports, releases and records the registry's figures come from."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_\-]*$",
    "Use lower-case letters, digits, hyphens and underscores.",
)

# Every link the registry, a claim or a suggestion stores is a web address: a page shows it as a
# link, so any other scheme (javascript:, data:, file:) must never be stored, nor shown.
web_url_validator = URLValidator(
    schemes=["http", "https"], message="Give a web address starting with http:// or https://."
)
MAX_URL_LENGTH = 500
MAX_OTHER_URLS = 20


def is_web_url(value: object) -> bool:
    """Whether `value` is an http(s) address a page may link to."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL_LENGTH:
        return False
    try:
        web_url_validator(value)
    except ValidationError:
        return False
    return True


def check_web_urls(instance: models.Model, *fields: str) -> None:
    """For a model's clean(): each of `fields` is empty or a web address."""
    errors = {
        field: web_url_validator.message
        for field in fields
        if getattr(instance, field) and not is_web_url(getattr(instance, field))
    }
    if errors:
        raise ValidationError(errors)


class DocumentQuerySet(models.QuerySet["Document"]):
    def with_figure_count(self) -> DocumentQuerySet:
        """Annotate `figure_count`, the figures each document holds, in the same query: a
        subquery per document, which PostgreSQL works out only for the rows of the page asked
        for (a join and GROUP BY would count every figure of the registry first)."""
        from datasets.models.figures import Figure

        counts = (
            Figure.objects.filter(document=models.OuterRef("pk"))
            .order_by()
            .values("document")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(figure_count=Coalesce(models.Subquery(counts), 0))

    def matching(self, filters: Mapping[str, str]) -> DocumentQuerySet:
        """The documents a researcher's filters keep (see DocumentFilterForm.filters): `q` in the
        title, publisher, report number or notes; `agency`, `kind` and `year` exactly. An empty
        or missing filter keeps every document."""
        documents = self
        if q := filters.get("q"):
            documents = documents.filter(
                Q(title__icontains=q)
                | Q(agency__icontains=q)
                | Q(report_number__icontains=q)
                | Q(notes__icontains=q)
            )
        if agency := filters.get("agency"):
            documents = documents.filter(agency=agency)
        if kind := filters.get("kind"):
            documents = documents.filter(kind=kind)
        if year := filters.get("year"):
            documents = documents.filter(date__year=int(year))
        return documents


RELIABILITY_PRIMARY = "Primary report"
RELIABILITY_SECONDARY = "Secondary report"
RELIABILITY_ANNOUNCEMENT = "Announcement"
RELIABILITY_NOTES = {
    RELIABILITY_PRIMARY: "The publisher's own audit, statistics, testimony or records.",
    RELIABILITY_SECONDARY: "Reports figures that others produced.",
    RELIABILITY_ANNOUNCEMENT: "An agency's statement; the method behind its numbers may not "
    "be published.",
}


class Document(models.Model):
    class Kind(models.TextChoices):
        OVERSIGHT_AUDIT = "oversight_audit", "Oversight audit"
        STATISTICAL_RELEASE = "statistical_release", "Statistical release"
        TESTIMONY = "testimony", "Testimony"
        AGENCY_ANNOUNCEMENT = "agency_announcement", "Agency announcement"
        LEGISLATIVE_REPORT = "legislative_report", "Legislative report"
        COURT_RECORD = "court_record", "Court record"
        NEWS_REPORT = "news_report", "News report"
        ADVOCACY_ANALYSIS = "advocacy_analysis", "Advocacy analysis"
        FACT_CHECK = "fact_check", "Fact-check"
        OTHER = "other", "Other"

    class Tier(models.IntegerChoices):
        """How far the publisher stands from the people whose work the figure measures."""

        INDEPENDENT_OVERSIGHT = 1, "Independent oversight"
        OFFICIAL_STATISTICS = 2, "Official statistics or records"
        OFFICIAL_STATEMENT = 3, "Official statement"
        SECONDARY = 4, "Secondary reporting"

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    title = models.CharField(max_length=400)
    agency = models.CharField("publisher or agency", max_length=200, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    report_number = models.CharField(max_length=80, blank=True)
    date = models.DateField(
        null=True,
        blank=True,
        help_text="Date of publication; the first day when only a month or year is known.",
    )
    date_text = models.CharField(
        max_length=200, blank=True, help_text="The date as the source gives it, when it is vague."
    )
    url = models.URLField(max_length=500, blank=True)
    other_urls = models.JSONField(default=list, blank=True)
    method_published = models.BooleanField(
        default=False, help_text="Whether the document explains how its figures were produced."
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.SECONDARY)
    notes = models.TextField(blank=True)
    archived_file = models.FileField(upload_to="documents/", blank=True)
    archived_sha256 = models.CharField(
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 is 64 lower-case hex digits.")],
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="document_slug_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="document_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.report_number} {self.title}".strip() if self.report_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.slug])

    def clean(self) -> None:
        check_web_urls(self, "url")
        urls = self.other_urls
        if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
            raise ValidationError({"other_urls": "Give a list of web addresses."})
        if len(urls) > MAX_OTHER_URLS:
            raise ValidationError({"other_urls": f"Give at most {MAX_OTHER_URLS} addresses."})
        if bad := [url for url in urls if not is_web_url(url)]:
            raise ValidationError(
                {"other_urls": f"{bad[0]!r} is not a web address starting with http(s)://."}
            )

    @property
    def date_display(self) -> str:
        """The date in words, as precise as the source: "19 August 2024", "May 2024", "2022"."""
        if self.date is None:
            return self.date_text or "undated"
        if not self.date_text:
            return self.date.strftime("%-d %B %Y")
        if re.fullmatch(r"\d{4}-\d{2}", self.date_text):
            return self.date.strftime("%B %Y")
        return self.date_text

    @property
    def short_name(self) -> str:
        return self.report_number or self.title

    @property
    def reliability(self) -> str:
        """How much weight the document carries, in readers' words: a primary report (the
        publisher's own audit, statistics or records), a secondary report (it reports figures
        others produced) or an announcement (an agency's statement)."""
        if self.kind == self.Kind.AGENCY_ANNOUNCEMENT:
            return RELIABILITY_ANNOUNCEMENT
        if self.tier == self.Tier.SECONDARY or self.kind in SECONDARY_KINDS:
            return RELIABILITY_SECONDARY
        return RELIABILITY_PRIMARY

    @property
    def reliability_note(self) -> str:
        return RELIABILITY_NOTES[self.reliability]


# Kinds of document that report figures produced by someone else.
SECONDARY_KINDS = {
    Document.Kind.NEWS_REPORT,
    Document.Kind.ADVOCACY_ANALYSIS,
    Document.Kind.FACT_CHECK,
}
