"""`figures_changed` tells the rest of the product which figures were added, edited or related.

Sent after the change is committed: by the importer (whose bulk writes send no model signals) and
by saves and deletes of single figures and relations (the admin). Receivers get `slugs`, a set.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from datasets.models import Figure, FigureRelation

figures_changed = Signal()


def announce(slugs: set[str]) -> None:
    """Send figures_changed once the current transaction commits (at once outside one)."""
    if slugs:
        transaction.on_commit(lambda: figures_changed.send(sender=Figure, slugs=set(slugs)))


@receiver(post_save, sender=Figure)
@receiver(post_delete, sender=Figure)
def _figure_saved(sender, instance: Figure, **kwargs) -> None:
    announce({instance.slug})


@receiver(post_save, sender=FigureRelation)
@receiver(post_delete, sender=FigureRelation)
def _relation_saved(sender, instance: FigureRelation, **kwargs) -> None:
    slugs = set(
        Figure.objects.filter(pk__in=[instance.source_id, instance.target_id]).values_list(
            "slug", flat=True
        )
    )
    announce(slugs)
