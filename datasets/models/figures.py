"""Figures, each from a document and of a category, and the relations between them."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from datasets.cycles import path_between
from datasets.models.categories import Category
from datasets.models.documents import Document, check_web_urls, slug_validator


class FigureQuerySet(models.QuerySet["Figure"]):
    def with_related(self) -> FigureQuerySet:
        return self.select_related("category", "document")

    def with_relations(self) -> FigureQuerySet:
        """Fetch each figure's relations in both directions, with the figure at the other end
        and its document, in two queries whatever the number of figures (see related_figures)."""
        return self.prefetch_related(
            Prefetch(
                "relations_out",
                queryset=FigureRelation.objects.select_related("target__document").order_by(
                    "kind", "target__slug"
                ),
            ),
            Prefetch(
                "relations_in",
                queryset=FigureRelation.objects.select_related("source__document").order_by(
                    "kind", "source__slug"
                ),
            ),
        )


class Figure(models.Model):
    class Kind(models.TextChoices):
        FIGURE = "figure", "Figure"
        ANNOUNCEMENT = "announcement", "Announcement"

    class Confidence(models.TextChoices):
        PRIMARY = "primary", "Primary: seen in the official text"
        SECONDARY = "secondary", "Secondary: seen only as cited by others"
        DERIVED = "derived", "Derived: computed from other figures"
        UNVERIFIED = "unverified", "Unverified: not confirmed in any source"

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FIGURE)
    value = models.DecimalField(
        max_digits=20, decimal_places=4, validators=[MinValueValidator(Decimal(0))]
    )
    qualifier = models.CharField(
        max_length=60, default="exact", help_text='As the source words it: "more than", "about"…'
    )
    unit = models.CharField(
        max_length=80,
        help_text='What the figure counts, in the source\'s words ("letters (children)"); it must '
        "contain a word of some unit.",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="figures")
    population = models.CharField(max_length=300, blank=True)
    period_text = models.CharField("period as stated", max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    as_of_text = models.CharField("as of, as stated", max_length=200, blank=True)
    as_of = models.DateField(null=True, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="figures")
    report_number = models.CharField(
        max_length=80,
        blank=True,
        help_text="The source's own reference, where it differs from the document's.",
    )
    page = models.CharField(max_length=20, blank=True)
    quote = models.TextField(blank=True)
    quote_source_url = models.URLField(max_length=500, blank=True)
    confidence = models.CharField(
        max_length=16, choices=Confidence.choices, default=Confidence.PRIMARY
    )
    notes = models.TextField(blank=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_not_negative"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="figure_period_start_before_end",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="figure_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("figure_detail", args=[self.slug])

    def clean(self) -> None:
        check_web_urls(self, "quote_source_url")

    @property
    def is_percentage(self) -> bool:
        return self.unit.startswith("percent")

    def related_figures(self) -> list[tuple[str, Figure]]:
        """Every (relation, other figure) pair read from this figure: its own relations first
        ("supersedes"), then those other figures hold to it, turned round ("superseded by").
        Use FigureQuerySet.with_relations() to fetch them with the figure."""
        outgoing = [(r.get_kind_display(), r.target) for r in self.relations_out.all()]
        incoming = [(r.inverse_label, r.source) for r in self.relations_in.all()]
        return outgoing + incoming


class FigureRelation(models.Model):
    class Kind(models.TextChoices):
        SUPERSEDES = "supersedes", "supersedes"
        SUBSET_OF = "subset_of", "subset of"
        DISJOINT_WITH = "disjoint_with", "disjoint with"
        SAME_MEASURE_AS = "same_measure_as", "same measure as"
        CONFLICTS_WITH = "conflicts_with", "conflicts with"
        DERIVED_FROM = "derived_from", "derived from"
        RELATED_TO = "related_to", "related to"

    # How the relation reads from the other end (figure page, both directions).
    INVERSE_LABELS = {
        Kind.SUPERSEDES: "superseded by",
        Kind.SUBSET_OF: "includes",
        Kind.DISJOINT_WITH: "disjoint with",
        Kind.SAME_MEASURE_AS: "same measure as",
        Kind.CONFLICTS_WITH: "conflicts with",
        Kind.DERIVED_FROM: "used to derive",
        Kind.RELATED_TO: "related to",
    }
    SYMMETRIC = {Kind.DISJOINT_WITH, Kind.SAME_MEASURE_AS, Kind.CONFLICTS_WITH, Kind.RELATED_TO}
    # Relations that run one way: no chain of them may lead back to where it started.
    ONE_WAY = (Kind.SUPERSEDES, Kind.SUBSET_OF, Kind.DERIVED_FROM)

    source = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "target__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_figure_relation"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="figure_relation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.get_kind_display()} {self.target_id}"

    def clean(self) -> None:
        """A one-way relation may not lead back to where it started, through any chain of the
        same kind (a subset of a subset of itself, two figures superseding each other)."""
        if self.kind not in self.ONE_WAY or not self.source_id or not self.target_id:
            return
        stored = (
            FigureRelation.objects.filter(kind=self.kind)
            .exclude(pk=self.pk)
            .values_list("source__slug", "target__slug")
        )
        edges: dict[str, set[str]] = {}
        for source, target in stored:
            edges.setdefault(source, set()).add(target)
        back = path_between(edges, self.target.slug, self.source.slug)
        if back is not None:
            label = self.get_kind_display()
            chain = f" {label} ".join([self.source.slug, *back])
            raise ValidationError(
                {"target": f"This relation would go round in a circle: {chain}."}
            )

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.Kind(self.kind)]
