"""The file a built registry is shared through (claims/registry_cache.py), made to load fast
and with little more memory than the registry itself takes.

A registry of a hundred thousand figures pickled whole took seconds to load and, at the peak
of the load, about twice its own memory: the unpickler keeps every object it makes until the
end, and each figure record, Decimal, date and array made objects of its own on the way (a
list of fields, a string, bytes). So the file keeps those apart, in three parts:

1. a header: the figures as columns (their values as one text, their days as day numbers,
   the other fields as lists, in which the words figures share are kept once), the days
   they name, and the type and length of every array the registry and its index hold;
2. those arrays, as raw machine values, read straight into arrays;
3. the rest of the registry, pickled, where a figure record, a figure's value or day and an
   array stand as their place in the list of objects parts 1 and 2 made (pickle's persistent
   ids), so each is made once and shared as it was when written.

A file that is not one of these, or was written on a machine of another byte order, raises
ValueError; a cut one raises EOFError or pickle's errors: the caller builds the registry
again.
"""

from __future__ import annotations

import io
import pickle
import sys
from array import array
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from claims.engine import FigureRecord, Registry

MAGIC = b"factcheck registry file 1\n"
_PROTOCOL = 5
_NO_DAY = 0  # date.toordinal() is at least 1
# What the file keeps apart but arrays, found by identity: figure records, values and days.
_KEPT_APART = frozenset({FigureRecord, Decimal, date})


class _Pickler(pickle.Pickler):
    """Pickles the registry with the figures, their values and days and every array left out,
    by their place in the list of objects the reader makes first."""

    def __init__(self, file: BinaryIO, figures: tuple[FigureRecord, ...], days: list[int]):
        super().__init__(file, protocol=_PROTOCOL)
        count = len(figures)
        # Ids of objects the registry holds all through the dump: none is freed and reused.
        self._places: dict[int, int] = {id(figure): k for k, figure in enumerate(figures)}
        for k, figure in enumerate(figures):
            self._places.setdefault(id(figure.value), count + k)
        place_of_day = {day: 2 * count + k for k, day in enumerate(days)}
        for figure in figures:
            for day in (figure.period_start, figure.period_end, figure.as_of):
                if type(day) is date:
                    self._places.setdefault(id(day), place_of_day[day.toordinal()])
        self._next = 2 * count + len(days)
        self.arrays: list[array[int] | array[float]] = []

    def persistent_id(self, obj: object) -> int | None:
        kind = type(obj)
        if kind in _KEPT_APART:
            return self._places.get(id(obj))
        if kind is array:
            place = self._places.get(id(obj))
            if place is None:
                place = self._places[id(obj)] = self._next
                self._next += 1
                self.arrays.append(obj)  # type: ignore[arg-type]
            return place
        return None


class _Unpickler(pickle.Unpickler):
    """Unpickles the rest of the registry, each persistent id the place of an object made
    before."""

    def __init__(self, file: BinaryIO, objects: list[object]) -> None:
        super().__init__(file)
        self._objects = objects

    def persistent_load(self, pid: int) -> object:
        return self._objects[pid]


def write_registry(registry: Registry, file: BinaryIO) -> None:
    """Write the registry with everything built on it (see claims.registry_cache.prepared)."""
    figures = registry.figures
    columns = {field.name: _column([getattr(f, field.name) for f in figures])
               for field in fields(FigureRecord)}  # fmt: skip
    days = sorted(
        {
            day.toordinal()
            for figure in figures
            for day in (figure.period_start, figure.period_end, figure.as_of)
            if type(day) is date
        }
    )
    rest = io.BytesIO()
    pickler = _Pickler(rest, figures, days)
    pickler.dump(registry)
    header = {
        "byteorder": sys.byteorder,
        "figures": columns,
        "days": array("i", days),
        "arrays": [(a.typecode, a.itemsize, len(a)) for a in pickler.arrays],
    }
    file.write(MAGIC)
    pickle.dump(header, file, protocol=_PROTOCOL)
    for values in pickler.arrays:
        values.tofile(file)
    file.write(rest.getbuffer())


def read_registry(file: BinaryIO) -> Registry:
    """Read a registry write_registry wrote (ValueError if the file is not one)."""
    if file.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a registry file")
    header = pickle.load(file)  # noqa: S301 (a file of this user's own: see registry_cache)
    if header["byteorder"] != sys.byteorder:
        raise ValueError("a registry file written on a machine of another byte order")
    day_of = {day: date.fromordinal(day) for day in header["days"]}
    columns = [_values(header["figures"][field.name], day_of) for field in fields(FigureRecord)]
    figures = [FigureRecord(*row) for row in zip(*columns, strict=True)]
    del columns
    objects: list[object] = [*figures]
    objects += [figure.value for figure in figures]
    objects += [day_of[day] for day in header["days"]]
    for typecode, itemsize, length in header["arrays"]:
        values = array(typecode)
        if values.itemsize != itemsize:
            raise ValueError("a registry file written with arrays of other sizes")
        values.fromfile(file, length)
        objects.append(values)
    registry = _Unpickler(file, objects).load()
    if not isinstance(registry, Registry):
        raise ValueError("a registry file holding something else")
    return registry


def _column(values: list[object]) -> tuple[str, object]:
    """A column of figure fields as the file keeps it: Decimals as one text, days (or None)
    as day numbers, anything else as a list."""
    if all(type(value) is Decimal for value in values):
        return "decimal", "\n".join(map(str, values))
    if all(value is None or type(value) is date for value in values):
        return "day", array("i", (value.toordinal() if value else _NO_DAY for value in values))  # type: ignore[attr-defined]
    return "list", values


def _values(column: tuple[str, object], day_of: dict[int, date]) -> list[object]:
    kind, stored = column
    if kind == "decimal":
        return list(map(Decimal, stored.split("\n"))) if stored else []  # type: ignore[attr-defined]
    if kind == "day":
        return [day_of[day] if day != _NO_DAY else None for day in stored]  # type: ignore[attr-defined]
    return stored  # type: ignore[return-value]
