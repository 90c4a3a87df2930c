"""Official data series: the tables agencies publish (by fiscal year, month, date or state), row by
row, each row with its period as real dates beside the source's wording, and the figures of the
registry that restate a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.urls import reverse

from datasets.models.categories import Category, Unit
from datasets.models.documents import Document, slug_validator
from datasets.models.figures import Figure


class SeriesQuerySet(models.QuerySet["Series"]):
    def with_coverage(self) -> SeriesQuerySet:
        """Annotate `row_count`, `first_day` and `last_day` (the period the rows cover), and
        fetch the unit, category and document, in the same query."""
        return self.select_related("unit", "category", "document").annotate(
            row_count=Count("rows"),
            first_day=Min("rows__period_start"),
            last_day=Max("rows__period_end"),
        )


class Series(models.Model):
    """One official table: what it counts (category and unit), who publishes it, how its periods
    run, and how much it can be trusted. The slug is the reference data's id."""

    class PeriodKind(models.TextChoices):
        FISCAL_YEAR = "fiscal_year", "by fiscal year"
        MONTH = "month", "by month"
        DATE = "date", "on given dates"
        STATE_FISCAL_YEAR = "state_fiscal_year", "by state and fiscal year"
        IRREGULAR = "irregular", "over irregular periods"

    class Confidence(models.TextChoices):
        PRIMARY = "primary", "Primary: the official table"
        SECONDARY = "secondary", "Secondary: official figures as reported by others"

    slug = models.SlugField(max_length=100, unique=True, validators=[slug_validator])
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="series"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="series")
    unit_text = models.CharField(
        "unit as stated", max_length=300, help_text="The source's own wording of what it counts."
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="series")
    period_kind = models.CharField(max_length=20, choices=PeriodKind.choices)
    means = models.TextField()
    does_not_mean = models.TextField()
    source = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    confidence = models.CharField(max_length=16, choices=Confidence.choices)
    notes = models.TextField(blank=True)
    conflicts = models.TextField(
        blank=True, help_text="Other sources' values for the same or overlapping periods."
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "series"
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="series_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("series_detail", args=[self.slug])

    @property
    def by_state(self) -> bool:
        return self.period_kind == self.PeriodKind.STATE_FISCAL_YEAR


def breakdown_key(breakdown: Mapping[str, str]) -> str:
    """The canonical form of a row's breakdown, for uniqueness: "k=v;k=v", keys sorted."""
    return ";".join(f"{key}={breakdown[key]}" for key in sorted(breakdown))


class SeriesRowQuerySet(models.QuerySet["SeriesRow"]):
    def within(
        self, *, start: date | None = None, end: date | None = None, geo: str | None = None
    ) -> SeriesRowQuerySet:
        """The rows whose period lies inside [start, end] (either end open), of one state when
        `geo` is given ("" for national rows)."""
        rows = self
        if start is not None:
            rows = rows.filter(period_start__gte=start)
        if end is not None:
            rows = rows.filter(period_end__lte=end)
        if geo is not None:
            rows = rows.filter(geo=geo)
        return rows


class SeriesRow(models.Model):
    """One value of a series for one period (and state, and breakdown such as a sponsor
    category). `period_end` is inclusive; `partial` holds the source's note when the period is
    only part of what its wording names."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rows")
    period_start = models.DateField()
    period_end = models.DateField()
    period_text = models.CharField("period as stated", max_length=200)
    partial = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4, validators=[MinValueValidator(0)])
    qualifier = models.CharField(max_length=60, blank=True)
    geo = models.CharField(max_length=80, blank=True, help_text="A state; empty for national.")
    breakdown = models.JSONField(default=dict, blank=True)
    breakdown_key = models.CharField(max_length=200, blank=True, editable=False)
    source = models.TextField(blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    figures = models.ManyToManyField(Figure, related_name="series_rows", blank=True)

    objects = SeriesRowQuerySet.as_manager()

    class Meta:
        ordering = ["period_start", "geo", "breakdown_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period_start", "period_end", "geo", "breakdown_key"],
                name="unique_series_row",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="series_row_start_before_end",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="series_row_not_negative"),
        ]

    def __str__(self) -> str:
        where = f" {self.geo}" if self.geo else ""
        return f"{self.series_id} {self.period_text}{where}"

    def save(self, *args, **kwargs) -> None:
        self.breakdown_key = breakdown_key(self.breakdown)
        super().save(*args, **kwargs)

    @property
    def breakdown_label(self) -> str:
        """The breakdown in words: "component USBP", "sponsor category 1"."""
        pairs = sorted(self.breakdown.items())
        return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in pairs)
