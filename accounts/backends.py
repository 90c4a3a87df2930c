"""Who is logged in, read with two plain statements: the user, and the names of their roles.

Django's model backend reads the user through the ORM on every request, and the roles are a
third query the first time a page asks for them. The same rows are read here with statements
written once per process from the models' own tables and columns, and the user object is made
the way the ORM makes one (`Model.from_db`), with its roles already attached
(`accounts.roles.role_names` then asks nothing). Logging in, passwords and permissions are the
model backend's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connections, router

from accounts import roles


@cache
def _statements(alias: str) -> tuple[str, str, tuple[str, ...]]:
    """The user's row by primary key, and the names of the user's groups."""
    user_model = get_user_model()
    quote = connections[alias].ops.quote_name
    meta = user_model._meta
    fields = tuple(field.attname for field in meta.concrete_fields)
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    user = f"SELECT {columns} FROM {table} WHERE {pk} = %s"  # noqa: S608 - our own quoted names
    through = user_model.groups.through._meta
    group = Group._meta
    group_column = through.get_field("group").column
    user_column = through.get_field(user_model.groups.field.m2m_field_name()).column
    names = (
        f"SELECT {quote('g')}.{quote(group.get_field('name').column)} "  # noqa: S608 - as above
        f"FROM {quote(group.db_table)} {quote('g')} "
        f"INNER JOIN {quote(through.db_table)} {quote('ug')} "
        f"ON {quote('g')}.{quote(group.pk.column)} = {quote('ug')}.{quote(group_column)} "
        f"WHERE {quote('ug')}.{quote(user_column)} = %s"
    )
    return user, names, fields


@cache
def _columns(model: Any) -> tuple[Any, ...]:
    """The model's concrete fields as the ORM selects them (column expressions)."""
    return tuple(field.get_col(model._meta.db_table) for field in model._meta.concrete_fields)


def read_user(user_id: Any) -> Any | None:
    """The user with this primary key, with their role names attached, or None."""
    user_model = get_user_model()
    try:
        pk = user_model._meta.pk.to_python(user_id)
    except Exception:  # a session holding something that is not a key
        return None
    alias = router.db_for_read(user_model)
    user_sql, names_sql, fields = _statements(alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(user_sql, [pk])
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute(names_sql, [pk])
        names = frozenset(name for (name,) in cursor.fetchall())
    connection = connections[alias]
    values = list(row)
    for position, column in enumerate(_columns(user_model)):
        # As the ORM reads a row: the database's own types made the fields' (SQLite's text
        # dates and integer booleans, for one).
        converters = connection.ops.get_db_converters(column)
        for converter in converters + column.get_db_converters(connection):
            values[position] = converter(values[position], column, connection)
    user = user_model.from_db(alias, list(fields), values)
    roles.remember_roles(user, names)
    return user


class NewsroomBackend(ModelBackend):
    """The model backend, reading the logged-in user (and their roles) with plain statements."""

    def get_user(self, user_id: Any) -> Any | None:
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
