"""Generations: tokens that change whenever what they name changes.

Processes keep what they make from the database (the engine's built registry, verdicts, rendered
pages) under the tokens they read, and read the tokens again on every request: one row a name,
read together in one plain statement (`read_generations`), far cheaper than through the cache's
API. "registry" changes with anything the verdict engine reads (datasets.signals), "site" with
anything else a page shows (factcheck.site_generation). A token is a random hex string: a new
one never equals an old one, so nothing kept under an old token is ever given again.
"""

from __future__ import annotations

import uuid
from functools import cache

from django.db import connections, models, router

REGISTRY = "registry"
SITE = "site"


def new_token() -> str:
    return uuid.uuid4().hex


class Generation(models.Model):
    name = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32, default=new_token)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


@cache
def _statement(vendor: str) -> str:
    del vendor  # one statement per database vendor: the quoting of names differs
    quote = connections[router.db_for_read(Generation)].ops.quote_name
    table, name, token = quote(Generation._meta.db_table), quote("name"), quote("token")
    return f"SELECT {name}, {token} FROM {table}"  # noqa: S608 - our own quoted names


def read_generations() -> dict[str, str]:
    """Every generation's token, by name, in one statement; a name never set yet gets its
    first token."""
    connection = connections[router.db_for_read(Generation)]
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor))
        tokens = dict(cursor.fetchall())
    for name in (REGISTRY, SITE):
        if name not in tokens:  # a database made before the rows, or emptied by a test
            tokens[name] = Generation.objects.get_or_create(name=name)[0].token
    return tokens


def set_generation(name: str) -> None:
    """A new token for `name`."""
    Generation.objects.update_or_create(name=name, defaults={"token": new_token()})
