"""The site's generation: a token that changes whenever anything a page may show changes,
besides the registry (whose own generation is datasets.signals').

It changes with every write to the models of CONTENT_APPS (claims, rulings and their history,
scans, readers' suggestions, briefs, users and groups): saves and deletes through their model
signals, many-to-many changes through theirs, and the queryset writes that send no signal
(`update`, `bulk_create`, `bulk_update`) through ContentQuerySet, which every model of ours among
them uses (tests/test_kept_pages.py checks that none is missed). A new token is set at once (this
connection sees it inside its transaction) and again after the transaction commits, so that no
process keeps what it read before the change committed under the new token.
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from datasets.signals import GENERATION_KEY as REGISTRY_GENERATION_KEY
from datasets.signals import registry_generation

SITE_GENERATION_KEY = "site-generation"

# The apps whose rows pages show, besides the registry's (datasets, covered by its generation).
CONTENT_APPS = ("auth", "claims", "scans", "publishing", "briefs")


def generations() -> tuple[str, str]:
    """The site's and the registry's generations, in one read of the shared cache."""
    found = cache.get_many([SITE_GENERATION_KEY, REGISTRY_GENERATION_KEY])
    site = found.get(SITE_GENERATION_KEY)
    registry = found.get(REGISTRY_GENERATION_KEY)
    if site is None:
        site = cache.get_or_set(SITE_GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)
    if registry is None:
        registry = registry_generation()
    return str(site), str(registry)


def bump_site_generation() -> None:
    """A new token: at once (this connection sees it inside its transaction)
    and again on commit (other processes never keep a page read before the change committed)."""
    cache.set(SITE_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(SITE_GENERATION_KEY, uuid.uuid4().hex, timeout=None))


def _changed(sender, **kwargs) -> None:
    bump_site_generation()


class ContentQuerySet[M: models.Model](models.QuerySet[M]):
    """The queryset of every model of ours whose rows a page shows: its writes that send no
    model signal change the site's generation too."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        if rows:
            bump_site_generation()
        return rows

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs) -> list[M]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            bump_site_generation()
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        if rows:
            bump_site_generation()
        return rows

    bulk_update.alters_data = True  # type: ignore[attr-defined]


def watch_content_models() -> None:
    """Connect every model of CONTENT_APPS (and their many-to-many tables) to the site's
    generation. Called once, when the apps are ready."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"kept_pages:{model._meta.label}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_changed, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
                )
