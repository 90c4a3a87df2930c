"""The site's generation: a token that changes whenever anything a page may show changes,
besides the registry (whose own generation is datasets.signals').

Its token is the "site" row of datasets.models.generations, read with the registry's in one
statement. It changes with every write to the models of CONTENT_APPS (claims, rulings and their
history, scans, readers' suggestions, briefs, users and groups): saves and deletes through their
model signals, many-to-many changes through theirs, and the queryset writes that send no signal
(`update`, `bulk_create`, `bulk_update`) through ContentQuerySet, which every model of ours among
them uses (tests/test_kept_pages.py checks that none is missed).

Inside a transaction, a change is the transaction's own until it commits: its connection sees a
token of its own added to the shared one at once, and the shared token changes once the
transaction commits (so no process keeps under the new token what it read before the change
committed). The shared token is written after the commit, in a statement of its own, so that no
transaction holds its row while it runs: two transactions changing content never wait on each
other for it, nor lock it in opposite orders with the rows they change.
"""

from __future__ import annotations

import threading
import uuid
from typing import TypeVar

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from datasets.models.generations import REGISTRY, SITE, read_generations, set_generation

# The apps whose rows pages show, besides the registry's (datasets, covered by its generation).
CONTENT_APPS = ("auth", "claims", "scans", "publishing", "briefs")


# The token of the changes the current transaction made, with the transaction (its outermost
# atomic block), for this thread's connection.
_own = threading.local()


def generations() -> tuple[str, str]:
    """The site's and the registry's generations, in one statement."""
    tokens = read_generations()
    site, own = tokens[SITE], _own_token()
    return (f"{site}+{own}" if own else site), tokens[REGISTRY]


def bump_site_generation() -> None:
    """Mark the site changed: for this transaction at once, for everyone once it commits (at
    once outside a transaction)."""
    if not connection.in_atomic_block:
        _publish()
        return
    if _own_token() is None:
        _own.published = [False]
    published = _own.published

    def publish_once() -> None:  # once per transaction, however many changes it made
        if not published[0]:
            published[0] = True
            _publish()

    # Registered with every change: a savepoint rolled back drops what was registered in it.
    transaction.on_commit(publish_once)
    _own.block, _own.token = connection.atomic_blocks[0], uuid.uuid4().hex


def _own_token() -> str | None:
    """The token of the current transaction's changes, if it made any."""
    block = getattr(_own, "block", None)
    if block is None:
        return None
    if connection.in_atomic_block and connection.atomic_blocks[0] is block:
        return _own.token
    _own.block = _own.token = None  # committed (and published) or rolled back
    return None


def _publish() -> None:
    set_generation(SITE)


def _changed(sender, **kwargs) -> None:
    bump_site_generation()


_M = TypeVar("_M", bound=models.Model, covariant=True)


class ContentQuerySet(models.QuerySet[_M, _M]):
    """The queryset of every model of ours whose rows a page shows: its writes that send no
    model signal change the site's generation too."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        if rows:
            bump_site_generation()
        return rows

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs) -> list[_M]:
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


# The manager of a model whose queryset needs no methods of its own (`objects = ContentManager()`).
ContentManager = models.Manager.from_queryset(ContentQuerySet)


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
