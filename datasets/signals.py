"""`figures_changed` tells the rest of the product which figures were added, edited or related.

Sent after the change is committed: by the importer (whose bulk writes send no model signals) and
by saves and deletes of single figures and relations (the admin). Receivers get `slugs`, a set.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    LayTerm,
    RegistrySettings,
    Series,
    SeriesRow,
    Tenure,
    Unit,
    read_generations,
    set_generation,
)
from datasets.models.generations import REGISTRY

figures_changed = Signal()


def registry_generation() -> str:
    """A token that changes whenever anything the verdict engine reads changes, so that every
    process can keep its copy of the registry until then (one statement per check,
    datasets.models.generations)."""
    return read_generations()[REGISTRY]


def bump_generation() -> None:
    # Set at once (this connection sees it inside the transaction) and again on commit (so
    # other processes never keep a registry read before the change committed).
    set_generation(REGISTRY)
    transaction.on_commit(lambda: set_generation(REGISTRY))


def announce(slugs: set[str]) -> None:
    """Mark the registry changed, and send figures_changed once the current transaction commits
    (at once outside one)."""
    bump_generation()
    if slugs:
        transaction.on_commit(lambda: figures_changed.send(sender=Figure, slugs=set(slugs)))


def _lexicon_or_source_saved(sender, **kwargs) -> None:
    bump_generation()


# What the engine reads besides figures: a change marks the registry changed and names no figure.
for _model in (Category, LayTerm, Document, Tenure, Unit, RegistrySettings, Series, SeriesRow):
    receiver([post_save, post_delete], sender=_model)(_lexicon_or_source_saved)
# A figure linked to a series row, or unlinked: the engine prefers a figure that restates a row.
receiver(m2m_changed, sender=SeriesRow.figures.through)(_lexicon_or_source_saved)


@receiver([post_save, post_delete], sender=Figure)
def _figure_saved(sender, instance: Figure, **kwargs) -> None:
    announce({instance.slug})


@receiver([post_save, post_delete], sender=FigureRelation)
def _relation_saved(sender, instance: FigureRelation, **kwargs) -> None:
    slugs = set(
        Figure.objects.filter(pk__in=[instance.source_id, instance.target_id]).values_list(
            "slug", flat=True
        )
    )
    announce(slugs)
