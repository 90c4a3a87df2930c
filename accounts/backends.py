"""Who is logged in, read with one plain statement: the user with the names of their roles.

Django's model backend reads the user through the ORM on every request, and the roles are
another query the first time a page asks for them. The same rows are read here with one
statement written once per process from the models' own tables and columns, and the user is made
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
from django.db.models import Field

from accounts import roles


def column(model: Any, name: str) -> str:
    """The column of one of the model's fields, for a statement written by hand."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field.column


@cache
def _statement(alias: str) -> str:
    """The user's row by primary key, once for each of their groups (with the group's name
    last), or once with no name when they have none."""
    user_model = get_user_model()
    quote = connections[alias].ops.quote_name
    through = user_model.groups.through
    user_column = quote(column(through, user_model.groups.field.m2m_field_name()))
    columns = ", ".join(f"u.{quote(column(user_model, name))}" for name in _names(user_model))
    pk = quote(column(user_model, user_model._meta.pk.name))
    group_pk, group_column = quote(column(Group, "id")), quote(column(through, "group"))
    return (
        f"SELECT {columns}, g.{quote(column(Group, 'name'))} "  # noqa: S608 - our quoted names
        f"FROM {quote(user_model._meta.db_table)} u "
        f"LEFT JOIN {quote(through._meta.db_table)} ug ON ug.{user_column} = u.{pk} "
        f"LEFT JOIN {quote(Group._meta.db_table)} g ON g.{group_pk} = ug.{group_column} "
        f"WHERE u.{pk} = %s"
    )


@cache
def _names(model: Any) -> list[str]:
    """The model's concrete fields' names, in the order of its row."""
    return [field.name for field in model._meta.concrete_fields]


@cache
def _attnames(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


@cache
def _columns(model: Any) -> tuple[Any, ...]:
    """The model's concrete fields as the ORM selects them (column expressions)."""
    return tuple(field.get_col(model._meta.db_table) for field in model._meta.concrete_fields)


def _converters(connection: Any, model: Any) -> list[tuple[int, Any, list]]:
    """The converters the ORM applies to each column of the model's row on this connection
    (SQLite's text dates and integer booleans made the fields' types, for one), found once per
    connection: only the columns that have any."""
    attribute = f"_numbers_desk_converters_{model._meta.label_lower}"
    found = connection.__dict__.get(attribute)
    if found is None:
        found = []
        for position, column in enumerate(_columns(model)):
            converters = connection.ops.get_db_converters(column)
            converters = converters + column.get_db_converters(connection)
            if converters:
                found.append((position, column, converters))
        connection.__dict__[attribute] = found
    return found


def read_user(user_id: Any) -> Any | None:
    """The user with this primary key, with their role names attached, or None."""
    user_model = get_user_model()
    try:
        pk = user_model._meta.pk.to_python(user_id)
    except Exception:  # a session holding something that is not a key
        return None
    alias = router.db_for_read(user_model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_statement(alias), [pk])
        rows = cursor.fetchall()
    if not rows:
        return None
    values = list(rows[0][:-1])
    for position, column, converters in _converters(connection, user_model):
        for converter in converters:
            values[position] = converter(values[position], column, connection)
    user = user_model.from_db(alias, _attnames(user_model), values)
    roles.remember_roles(user, frozenset(row[-1] for row in rows if row[-1] is not None))
    return user


class NewsroomBackend(ModelBackend):
    """The model backend, reading the logged-in user (and their roles) with plain statements."""

    def get_user(self, user_id: Any) -> Any | None:
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
