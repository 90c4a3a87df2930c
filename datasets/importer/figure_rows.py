"""Check a file's figure rows a column at a time, and the few rows that need it one at a time.

A hundred thousand rows checked cell by cell cost seconds of Python; checked a column at a time
(strip every cell at once, look for control characters in the whole column, read each distinct
date, unit and category once) they cost a fraction of that. A column check only decides which
rows are certainly valid: any row it is unsure of (a cell that is not text, too long, a number
not written plainly, an unknown id...) is checked again alone by `figure_values`, the one reading
of a row that writes error messages, so every message, and its order, is the one a row-by-row
check gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import compress
from typing import Any, cast

from datasets.importer.rows import (
    CONTROL,
    MAX_CELL,
    MAX_TEXT,
    SLUG,
    Row,
    RowError,
    Table,
    is_blank,
    read_iso_date,
    read_row,
)
from datasets.models import Figure
from datasets.models.documents import MAX_URL_LENGTH, is_web_url
from datasets.periods import MonthDay, parse_date, read_period

# Read once, not per row: a choices list is rebuilt each time it is asked for.
FIGURE_KINDS = tuple(Figure.Kind.values)
CONFIDENCES = tuple(Figure.Confidence.values)
# A figure as the importer checks and writes it: its stored fields in table order, a category
# and a document by their ids (slugs).
FIGURE_NAMES = tuple(field.name for field in Figure._meta.concrete_fields if not field.primary_key)
# A value written plainly: what Decimal reads exactly as the row check would, and accepts.
PLAIN_NUMBER = re.compile(r"\d{1,16}(?:\.\d{1,4})?")
# A whole column of them, or of ids (see rows.SLUG), one a line: checked in one step.
PLAIN_NUMBERS = re.compile(r"\d{1,16}(?:\.\d{1,4})?(?:\n\d{1,16}(?:\.\d{1,4})?)*")
SLUGS = re.compile(r"[a-z0-9][a-z0-9_\-]*(?:\n[a-z0-9][a-z0-9_\-]*)*")
# What the column check could not read: the row is checked alone.
UNSURE = object()


@dataclass(frozen=True)
class FigureContext:
    """What a figure row is checked against, loaded once per file."""

    categories: set[str]
    documents: set[str]
    unit_words: re.Pattern[str] | None
    fiscal_year_start: MonthDay


def figure_values(row: Row, context: FigureContext) -> dict[str, Any]:
    """One figure row read cell by cell, each problem noted against its row and column."""
    slug = row.slug("id")
    category = row.slug("category")
    document = row.slug("document")
    if category and category not in context.categories:
        row.error("category", f"unknown category {category!r}.")
    if document and document not in context.documents:
        row.error("document", f"unknown document {document!r}.")
    unit = row.text("unit", required=True, max_length=80)
    unit_words = context.unit_words
    if unit and unit_words is not None and not unit_words.search(unit.lower()):
        row.error("unit", f"{unit!r} contains no word of any unit: add one to a unit's words.")
    as_of_text = row.text("as_of", max_length=200)
    as_of = row.date("as_of_date")
    fiscal_year_start = context.fiscal_year_start
    if as_of is None and as_of_text:
        as_of = parse_date(as_of_text, fiscal_year_start=fiscal_year_start)
    period_text = row.text("period", max_length=200)
    start, end = row.date("period_start"), row.date("period_end")
    if start is None and end is None and period_text:
        start, end = read_period(period_text, as_of=as_of, fiscal_year_start=fiscal_year_start)
    if start and end and start > end:
        row.error("period_end", "is before period_start.")
    page = row.data.get("page")
    return {
        "slug": slug,
        "kind": row.choice("kind", FIGURE_KINDS, default=Figure.Kind.FIGURE),
        "value": row.decimal("value"),
        "qualifier": row.text("qualifier", max_length=60) or "exact",
        "unit": unit,
        "category": category,
        "population": row.text("population", max_length=300),
        "period_text": period_text,
        "period_start": start,
        "period_end": end,
        "as_of_text": as_of_text,
        "as_of": as_of,
        "agency": row.text("agency", max_length=200),
        "document": document,
        "report_number": row.text("report_number", max_length=80),
        "page": "" if is_blank(page) else str(page).strip()[:20],
        "quote": row.text("quote"),
        "quote_source_url": row.url("quote_source_url"),
        "confidence": row.choice("confidence", CONFIDENCES, default=Figure.Confidence.PRIMARY),
        "notes": row.text("notes"),
    }


def _date_cell(value: Any) -> Any:
    """A date cell as Row.date reads it, or UNSURE where that would note an error."""
    if is_blank(value):
        return None
    if isinstance(value, date):
        return value
    parsed = read_iso_date(str(value).strip())
    return UNSURE if parsed is None else parsed


def _by_distinct[T](cells: list[Any], read: Callable[[Any], T]) -> list[T]:
    """`read` of every cell, worked out once for each distinct cell."""
    try:
        seen = {cell: read(cell) for cell in set(cells)}
    except TypeError:  # a cell that cannot be a key (a list in a YAML file)
        return [read(cell) if isinstance(cell, Hashable) else cast(T, UNSURE) for cell in cells]
    return list(map(seen.__getitem__, cells))


# Control characters are ASCII: in UTF-8 each is its own byte, never part of another character's.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def has_control(text: str) -> bool:
    """Whether `text` holds a control character (rows.CONTROL): a megabyte of text is checked
    several times faster as bytes than with the pattern."""
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, CONTROL_BYTES)) != len(encoded)


class FigureRows:
    """A file's figure rows, from a CSV file's Table or a list of mappings (YAML, XLSX)."""

    def __init__(
        self,
        records: list[dict[Any, Any]] | Table,
        first: int,
        errors: list[RowError],
        *,
        by_row: bool = False,
    ) -> None:
        """`by_row` reads every row one at a time (as the column check does a row it is unsure
        of): what the column check must agree with."""
        self.first, self.errors = first, errors
        self.count = len(records)
        self.section = "figures"
        self._keys: dict[Any, str] = {}
        # Rows read one at a time, by index from 0: those with a cell refused as it was read, and
        # then those the column check was unsure of.
        self.rows: dict[int, Row] = {}
        if isinstance(records, Table):
            self.table: Table | None = records
            self.records: list[dict[Any, Any]] | None = None
            names = records.header
        else:
            self.table, self.records = None, records
            names = list(dict.fromkeys(key for record in records for key in record))
        # Each column under its name; a name that is not clean text sends every row the long way.
        self.by_row = by_row or any(
            name is not None and (name.__class__ is not str or name.strip() != name)
            for name in names
        )
        self.names = {name for name in names if name is not None}
        odd: set[int] = set()
        # A length no cell is longer than, when the file tells it (see Table.longest).
        self.longest: int | None = None
        if self.table is not None:
            odd.update(self.table.extra)
            self.longest = self.table.longest
            columns = [] if self.within(MAX_CELL) else self.table.columns
        else:
            if None in names:
                odd.update(i for i, record in enumerate(records) if None in record)  # type: ignore[arg-type]
            columns = [self.column(name) for name in self.names] if not self.by_row else []  # type: ignore[misc]
        for cells in columns:
            if _longest(cells) > MAX_CELL:
                odd.update(
                    i
                    for i, cell in enumerate(cells)
                    if cell.__class__ is str and len(cell) > MAX_CELL
                )
        # Cells refused as they are read are reported now, before any section is checked.
        for index in range(self.count) if self.by_row else sorted(odd):
            self.row(index)

    def __len__(self) -> int:
        return self.count

    def within(self, length: int) -> bool:
        """Whether no cell of the file is known to be longer than `length` without measuring."""
        return self.longest is not None and self.longest <= length

    def number(self, index: int) -> int:
        return self.first + index

    def record(self, index: int) -> dict[Any, Any]:
        if self.table is not None:
            return self.table.record(index)
        assert self.records is not None
        return self.records[index]

    def row(self, index: int) -> Row:
        """Row `index` (from 0), read once."""
        row = self.rows.get(index)
        if row is None:
            row = self.rows[index] = read_row(
                self.record(index), self.first + index, self.section, self.errors, self._keys
            )
        return row

    def column(self, name: str) -> list[Any] | None:
        """The cells of a column, None when the file has no such column."""
        if name not in self.names:
            return None
        if self.table is not None:
            return self.table.column(name)
        assert self.records is not None
        return [record.get(name) for record in self.records]

    def validate(self, context: FigureContext) -> tuple[list[tuple[Any, ...]], list[list[Any]]]:
        """Every figure as a tuple of FIGURE_NAMES, and the same figures as columns in that
        order; their problems noted in `errors`."""
        if self.by_row:
            unsure = set(range(self.count))
            columns: dict[str, list[Any]] = {name: [None] * self.count for name in FIGURE_NAMES}
        else:
            unsure = set(self.rows)
            columns = _Columns(self, unsure).figures(context)
        for index in sorted(unsure):
            values = figure_values(self.row(index), context)
            for name in FIGURE_NAMES:
                columns[name][index] = values[name]
        figure_columns = [columns[name] for name in FIGURE_NAMES]
        figures = list(zip(*figure_columns, strict=True))
        self._check_unique(figure_columns[0])
        return figures, figure_columns

    def _check_unique(self, slugs: list[str]) -> None:
        if len(set(slugs)) == len(slugs):
            return
        seen: dict[str, int] = {}
        for index, slug in enumerate(slugs):
            if slug and slug in seen:
                self.row(index).error("id", f"{slug!r} already appears on row {seen[slug]}.")
            seen.setdefault(slug, self.first + index)

    def relation_rows(self, names: tuple[str, ...]) -> list[int]:
        """The rows (by index) that give any of the columns `names` a value, in file order."""
        indexes: set[int] = set()
        for name in names:
            cells = self.column(name)
            if cells is None:
                continue
            if self.table is not None:
                # A CSV file's cells are text or None: those that are not empty picked at once,
                # then those of them that are only spaces left out.
                picked = compress(range(len(cells)), cells)
                indexes.update(i for i in picked if not is_blank(cells[i]))
            else:
                indexes.update(
                    i
                    for i, cell in enumerate(cells)
                    if cell is not None and cell != "" and not is_blank(cell)
                )
        return sorted(indexes)


def _longest(cells: list[Any]) -> int:
    try:
        return max(map(len, cells), default=0)
    except TypeError:  # a cell that is not text (None, a number in a YAML file)
        return max((len(cell) for cell in cells if cell.__class__ is str), default=0)


class _Columns:
    """The column check: each column read at once; rows it is unsure of added to `unsure`."""

    def __init__(self, rows: FigureRows, unsure: set[int]) -> None:
        self.rows, self.unsure, self.count = rows, unsure, rows.count

    def _mark(self, cells: list[Any], bad: Callable[[Any], bool]) -> None:
        self.unsure.update(i for i, cell in enumerate(cells) if bad(cell))

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> list[str]:
        """As Row.text reads each cell: stripped text, "" when blank."""
        cells = self.rows.column(name)
        if cells is None:
            if required:
                self.unsure.update(range(self.count))
            return [""] * self.count
        texts: list[Any]
        try:
            texts = list(map(str.strip, cells))
        except TypeError:  # a cell that is not text: blank when None, else unsure
            texts = [
                cell.strip() if cell.__class__ is str else "" if cell is None else UNSURE
                for cell in cells
            ]
            if UNSURE in texts:
                self._mark(texts, lambda text: text is UNSURE)
                texts = ["" if text is UNSURE else text for text in texts]
        # A stripped cell is no longer than the cell.
        if not self.rows.within(max_length) and max(map(len, texts), default=0) > max_length:
            self._mark(texts, lambda text: len(text) > max_length)
        if has_control("\n".join(texts)):
            self._mark(texts, lambda text: CONTROL.search(text) is not None)
        if required and "" in texts:
            self._mark(texts, lambda text: not text)
        return texts

    def slug(self, name: str, *, known: set[str] | None = None) -> list[str]:
        """As Row.slug reads each cell (required); with `known`, a slug must be one of them."""
        slugs = self.text(name, required=True, max_length=80)
        if known is None:
            if SLUGS.fullmatch("\n".join(slugs)) is None:
                match = SLUG.match
                self._mark(slugs, lambda slug: slug and not match(slug))
        else:
            valid = {slug for slug in set(slugs) if slug in known and SLUG.match(slug)}
            if not valid.issuperset(slugs):
                self._mark(slugs, lambda slug: slug not in valid)
        return slugs

    def choice(self, name: str, choices: tuple[str, ...], *, default: str) -> list[str]:
        values = self.text(name)
        if "" in values:
            values = [text or default for text in values]
        if not set(choices).issuperset(values):
            self._mark(values, lambda value: value not in choices)
        return values

    def dates(self, name: str) -> list[Any]:
        cells = self.rows.column(name)
        if cells is None:
            return [None] * self.count
        dates = _by_distinct(cells, _date_cell)
        if UNSURE in dates:
            self._mark(dates, lambda value: value is UNSURE)
            dates = [None if value is UNSURE else value for value in dates]
        return dates

    def decimals(self, name: str) -> list[Decimal | None]:
        """As Row.decimal reads each cell, for cells that are plain numbers; others unsure."""
        cells = self.rows.column(name) or [None] * self.count
        try:
            plain = PLAIN_NUMBERS.fullmatch("\n".join(cells))
        except TypeError:  # a cell that is not text
            plain = None
        if plain is not None:
            return list(map(Decimal, cells))
        one = PLAIN_NUMBER.fullmatch
        numbers = [
            Decimal(cell) if cell.__class__ is str and one(cell) else None for cell in cells
        ]
        self._mark(numbers, lambda number: number is None)
        return numbers

    def urls(self, name: str) -> list[str]:
        urls = self.text(name, max_length=MAX_URL_LENGTH)
        refused = {url for url in set(urls) if url and not is_web_url(url)}
        if refused:
            self._mark(urls, lambda url: url in refused)
        return urls

    def figures(self, context: FigureContext) -> dict[str, list[Any]]:
        fiscal_year_start = context.fiscal_year_start
        units = self.text("unit", required=True, max_length=80)
        words = context.unit_words
        if words is not None:
            refused = {unit for unit in set(units) if unit and not words.search(unit.lower())}
            if refused:
                self._mark(units, lambda unit: unit in refused)
        as_of_text = self.text("as_of", max_length=200)
        as_of = self.dates("as_of_date")
        if None in as_of:
            read: dict[str, date | None] = {}
            for index, (day, text) in enumerate(zip(as_of, as_of_text, strict=True)):
                if day is None and text:
                    if text not in read:
                        read[text] = parse_date(text, fiscal_year_start=fiscal_year_start)
                    as_of[index] = read[text]
        period_text = self.text("period", max_length=200)
        starts, ends = self.dates("period_start"), self.dates("period_end")
        periods: dict[tuple[str, date | None], tuple[date | None, date | None]] = {}
        for index, (start, end, text) in enumerate(zip(starts, ends, period_text, strict=True)):
            if start is None and end is None and text:
                key = (text, as_of[index])
                if key not in periods:
                    periods[key] = read_period(
                        text, as_of=key[1], fiscal_year_start=fiscal_year_start
                    )
                starts[index], ends[index] = start, end = periods[key]
            if start and end and start > end:
                self.unsure.add(index)
        pages = self.rows.column("page") or [None] * self.count
        return {
            "slug": self.slug("id"),
            "kind": self.choice("kind", FIGURE_KINDS, default=Figure.Kind.FIGURE),
            "value": self.decimals("value"),
            "qualifier": [text or "exact" for text in self.text("qualifier", max_length=60)],
            "unit": units,
            "category": self.slug("category", known=context.categories),
            "population": self.text("population", max_length=300),
            "period_text": period_text,
            "period_start": starts,
            "period_end": ends,
            "as_of_text": as_of_text,
            "as_of": as_of,
            "agency": self.text("agency", max_length=200),
            "document": self.slug("document", known=context.documents),
            "report_number": self.text("report_number", max_length=80),
            "page": [
                cell.strip()[:20]
                if cell.__class__ is str
                else ""
                if is_blank(cell)
                else str(cell).strip()[:20]
                for cell in pages
            ],
            "quote": self.text("quote"),
            "quote_source_url": self.urls("quote_source_url"),
            "confidence": self.choice(
                "confidence", CONFIDENCES, default=Figure.Confidence.PRIMARY
            ),
            "notes": self.text("notes"),
        }
