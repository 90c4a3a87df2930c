"""The source registry: documents, what figures count (categories and units), figures and their
relations, the official data series behind them, and the registry's own settings (when its
fiscal year begins).

One module a concept; every model and helper is importable from `datasets.models`.
"""

from __future__ import annotations

from datasets.models.categories import Category, LayTerm, Unit, normalise_words
from datasets.models.documents import (
    Document,
    DocumentQuerySet,
    check_web_urls,
    is_web_url,
    slug_validator,
)
from datasets.models.figures import Figure, FigureQuerySet, FigureRelation
from datasets.models.generations import Generation, read_generations, set_generation
from datasets.models.series import (
    Series,
    SeriesQuerySet,
    SeriesRow,
    SeriesRowQuerySet,
    breakdown_key,
)
from datasets.models.settings import RegistrySettings, Tenure, is_month_day

__all__ = [
    "Category",
    "Document",
    "DocumentQuerySet",
    "Figure",
    "FigureQuerySet",
    "FigureRelation",
    "Generation",
    "LayTerm",
    "RegistrySettings",
    "Series",
    "SeriesQuerySet",
    "SeriesRow",
    "SeriesRowQuerySet",
    "Tenure",
    "Unit",
    "breakdown_key",
    "check_web_urls",
    "is_month_day",
    "is_web_url",
    "normalise_words",
    "read_generations",
    "set_generation",
    "slug_validator",
]
