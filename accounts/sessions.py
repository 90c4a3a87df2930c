"""Django's database sessions, read with one plain statement.

Every page of the newsroom reads its session first. Through the ORM that read costs more CPU than
the statement does in the database (building and compiling the query, making a model instance);
here it is one SELECT of the session's data, written once per process from the model's own table
and column names. Writing, creating and deleting sessions stay Django's.
"""

from __future__ import annotations

import logging
from functools import cache

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from accounts.backends import column

logger = logging.getLogger("django.security.SuspiciousSession")


@cache
def _statement(vendor: str) -> str:
    del vendor  # one statement per database vendor: the quoting of names differs
    quote = connections[router.db_for_read(Session)].ops.quote_name
    data, key = quote(column(Session, "session_data")), quote(column(Session, "session_key"))
    expires = quote(column(Session, "expire_date"))
    return (
        f"SELECT {data} FROM {quote(Session._meta.db_table)} "  # noqa: S608 - our quoted names
        f"WHERE {key} = %s AND {expires} > %s"
    )


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        """The session's data, or an empty session when its key is unknown or expired (the key
        is then forgotten, as Django's own store does)."""
        connection = connections[router.db_for_read(Session)]
        now = Session._meta.get_field("expire_date").get_db_prep_value(timezone.now(), connection)
        with connection.cursor() as cursor:
            cursor.execute(_statement(connection.vendor), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
