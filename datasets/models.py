"""The source registry: documents, what figures count (categories and units), figures and their
relations, and the registry's own settings (when its fiscal year begins)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_\-]*$",
    "Use lower-case letters, digits, hyphens and underscores.",
)


class DocumentQuerySet(models.QuerySet["Document"]):
    def with_figure_count(self) -> DocumentQuerySet:
        """Annotate `figure_count`, the figures each document holds, in the same query."""
        return self.annotate(figure_count=Count("figures"))

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

    @property
    def date_display(self) -> str:
        """The date in words, as precise as the source: "19 August 2024", "May 2024", "2022"."""
        if self.date is None:
            return self.date_text or "undated"
        if not self.date_text:
            return self.date.strftime("%-d %B %Y")
        if re.fullmatch(r"\d{4}-\d{2}", self.date_text):
            return self.date.strftime("%B %Y")
        if re.fullmatch(r"\d{4}", self.date_text):
            return self.date_text
        return self.date_text

    @property
    def short_name(self) -> str:
        return self.report_number or self.title


class Category(models.Model):
    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    label = models.CharField(max_length=120)
    means = models.TextField()
    does_not_mean = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="category_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{reverse('category_list')}#{self.slug}"


class LayTerm(models.Model):
    """An everyday word or phrase that points to a category ("lost track of" → unreachable)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="lay_terms")
    term = models.CharField(max_length=80)
    asserts_harm = models.BooleanField(
        default=False,
        help_text="The words claim that someone came to harm (dead, trafficked, sold).",
    )

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "term"], name="unique_lay_term_per_category"
            ),
            models.CheckConstraint(condition=~Q(term=""), name="lay_term_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


class Unit(models.Model):
    """What a figure counts (children, letters, calls), with every word a quote may use for it.

    The verdict engine traces a quoted number only when the noun it counts is one of these words
    (or when it names none), and reads a figure's free-text unit ("letters (children)") by the
    unit words it contains. Keeping the words here, not in code, is what lets the registry hold
    any subject.
    """

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    label = models.CharField(max_length=120)
    words = models.JSONField(
        default=list,
        help_text="Singular and plural forms, synonyms and phrases a quote may use, lower case "
        '("children", "child", "kids", "unaccompanied minors").',
    )

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="unit_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if not isinstance(self.words, list) or not all(isinstance(w, str) for w in self.words):
            raise ValidationError({"words": "Give a list of words."})
        self.words = normalise_words(self.words)
        if not self.words:
            raise ValidationError({"words": "Give at least one word."})


def normalise_words(words: list[str]) -> list[str]:
    """Lower case, single spaces, each word once, in the order given."""
    cleaned = (" ".join(word.lower().split()) for word in words)
    return list(dict.fromkeys(word for word in cleaned if word))


class RegistrySettings(models.Model):
    """The registry's settings: one row (see `current()`), written by the importer from the file's
    `meta:` and editable in the admin.

    The fiscal year's start is data because it belongs to the subject, not to the product: a US
    federal registry counts from 1 October, a state's school budget from 1 July. Fiscal year N is
    the twelve months that end in year N ("FY2019" with a 1 October start runs from 1 October 2018
    to 30 September 2019; with the default 1 January start it is the calendar year 2019).
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    fiscal_year_start_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "registry settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="registry_settings_single_row"),
        ]

    def __str__(self) -> str:
        return "Registry settings"

    def clean(self) -> None:
        if not is_month_day(self.fiscal_year_start_month, self.fiscal_year_start_day):
            message = "Give a day that exists in that month in every year (not 29 February)."
            raise ValidationError({"fiscal_year_start_day": message})

    @classmethod
    def current(cls) -> RegistrySettings:
        """The stored settings, or the defaults (unsaved) when none were ever stored."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls()

    @property
    def fiscal_year_start(self) -> tuple[int, int]:
        """(month, day) on which the fiscal year begins."""
        return self.fiscal_year_start_month, self.fiscal_year_start_day


def is_month_day(month: int, day: int) -> bool:
    """Whether (month, day) falls in every year: 29 February does not."""
    try:
        date(2001, month, day)
    except (TypeError, ValueError):
        return False
    return True


class Tenure(models.Model):
    """A period in office that a claim can blame or credit ("under Biden", "she lost")."""

    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    label = models.CharField(max_length=120)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty while in office.")
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text='Names and phrases that point to this tenure, lower case ("biden", "harris").',
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                name="tenure_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return self.label


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

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.Kind(self.kind)]
