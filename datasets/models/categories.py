"""What figures count: categories with the everyday words that point to them, and units."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from datasets.models.documents import slug_validator


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

    @property
    def pointing_terms(self) -> list[LayTerm]:
        """The words that point to the category, harm words among them (from the prefetched
        lay terms, in their order)."""
        return [term for term in self.lay_terms.all() if not term.not_counted]

    @property
    def not_counted_terms(self) -> list[LayTerm]:
        """The words of what the category does not count (from the prefetched lay terms)."""
        return [term for term in self.lay_terms.all() if term.not_counted]

    def clean(self) -> None:
        """A category may not be its own ancestor: its parent, grandparent or further up."""
        chain = [self.slug]
        seen = {self.pk}
        ancestor = self.parent
        while ancestor is not None and self.pk is not None:
            chain.append(ancestor.slug)
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": "A category cannot be its own ancestor: "
                        + " → ".join(chain)
                        + " (each arrow: has parent)."
                    }
                )
            if ancestor.pk in seen:
                return  # a loop above that does not pass through this category
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class LayTerm(models.Model):
    """An everyday word or phrase that points to a category ("lost track of" → unreachable), or
    one that names what the category does not count, as its "does not mean" says
    ("deported", for orders of removal that were issued, not carried out)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="lay_terms")
    term = models.CharField(max_length=80)
    asserts_harm = models.BooleanField(
        default=False,
        help_text="The words claim that someone came to harm (dead, trafficked, sold).",
    )
    not_counted = models.BooleanField(
        default=False,
        help_text="The words name what the category does not count, as its 'does not mean' "
        "says: a number they describe is not a count of this category.",
    )

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "term"], name="unique_lay_term_per_category"
            ),
            models.CheckConstraint(condition=~Q(term=""), name="lay_term_not_empty"),
            models.CheckConstraint(
                condition=~Q(asserts_harm=True, not_counted=True),
                name="lay_term_harm_or_not_counted",
            ),
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
