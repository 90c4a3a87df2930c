"""One row under validation: typed getters for its cells that record errors instead of raising.

Rows are numbered as a person sees them: the item's position in a YAML list, the line of a CSV
file (the header is line 1), the row of a worksheet. A date in another ISO form than YYYY-MM-DD
is read with pandas, as a workbook's are; pandas is loaded only when a file has one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from datasets.models.documents import MAX_OTHER_URLS, MAX_URL_LENGTH, is_web_url
from datasets.tables import split_list

SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
MAX_TEXT = 10_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# No cell is longer than this: one that is, is reported and read no further.
MAX_CELL = 20_000
# Errors listed; beyond these, the rest are counted.
MAX_ERRORS = 100


def read_iso_date(text: str) -> date | None:
    """A date written in ISO 8601: "2024-08-19" read at once, other ISO forms ("2024-08",
    "20240819", with a time) as pandas reads them, as a workbook's are."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    import pandas as pd  # a large library: loaded only for these forms

    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    return None if pd.isna(parsed) else parsed.date()


@dataclass(frozen=True)
class RowError:
    section: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.section} row {self.row}, column {self.column}: {self.message}"


class ErrorLog(list[RowError]):
    """The errors found in a file: the first MAX_ERRORS kept, the rest only counted, so that a
    file of a million bad rows costs a counter, not a million messages."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, error: RowError) -> None:
        if len(self) < MAX_ERRORS:
            super().append(error)
        else:
            self.more += 1

    @property
    def total(self) -> int:
        return len(self) + self.more


class ImportValidationError(Exception):
    """`errors` are the first MAX_ERRORS problems found; `more` counts the others."""

    def __init__(self, errors: list[RowError], *, more: int = 0) -> None:
        self.errors = errors
        self.more = more
        total = len(errors) + more
        listed = f"; the first {len(errors)} are listed" if more else ""
        super().__init__(f"{total} error(s) in the file{listed}; nothing was written.")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _places(number: Decimal) -> int:
    """The digits after the point of a finite number ("1.50" has 2, "1E+3" has none)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class Row:
    """One row under validation: typed getters that record errors instead of raising."""

    def __init__(
        self, section: str, number: int, data: dict[str, Any], errors: list[RowError]
    ) -> None:
        self.section, self.number, self.data, self.errors = section, number, data, errors
        # Columns whose cell was refused as it was read: reported once, then read as empty.
        self.refused: set[str] = set()

    def error(self, column: str, message: str) -> None:
        if column not in self.refused:
            self.errors.append(RowError(self.section, self.number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
        value = self.data.get(column)
        if value.__class__ is str:  # the common case, in one step
            text = value.strip()
            if not text:
                if required:
                    self.error(column, "is required.")
                return ""
            if len(text) > max_length:
                self.error(column, f"is longer than {max_length} characters.")
            if CONTROL.search(text):
                self.error(column, "contains control characters.")
            return text
        if is_blank(value):
            if required:
                self.error(column, "is required.")
            return ""
        if isinstance(value, (list, dict)):
            self.error(column, "must be text.")
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.error(column, f"is longer than {max_length} characters.")
        if CONTROL.search(text):
            self.error(column, "contains control characters.")
        return text

    def slug(self, column: str, *, required: bool = True) -> str:
        value = self.text(column, required=required, max_length=80)
        if value and not SLUG.match(value):
            self.error(column, f"{value!r} is not an id (lower-case letters, digits, - and _).")
        return value

    def choice(self, column: str, choices: Collection[str], *, default: str) -> str:
        value = self.text(column) or default
        if value not in choices:
            self.error(column, f"{value!r} is not one of {', '.join(choices)}.")
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.data.get(column)
        if is_blank(value):
            self.error(column, "is required.")
            return None
        if isinstance(value, bool):
            self.error(column, "must be a number.")
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "").replace("_", ""))
        except InvalidOperation:
            self.error(column, f"{value!r} is not a number.")
            return None
        if not number.is_finite():
            self.error(column, f"{value!r} is not a number.")
            return None
        if number < 0:
            self.error(column, "must not be negative.")
        elif number >= Decimal(10) ** 16 or _places(number) > 4:
            self.error(column, "has more than 16 digits before or 4 after the point.")
        return number

    def date(self, column: str) -> date | None:
        value = self.data.get(column)
        if is_blank(value):
            return None
        if isinstance(value, date):
            return value
        parsed = read_iso_date(str(value).strip())
        if parsed is None:
            self.error(column, f"{value!r} is not a date (use YYYY-MM-DD).")
        return parsed

    def boolean(self, column: str, *, default: bool) -> bool:
        value = self.data.get(column)
        if is_blank(value):
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in {"true", "yes", "1"}:
            return True
        if word in {"false", "no", "0"}:
            return False
        self.error(column, f"{value!r} is not true or false.")
        return default

    def integer(self, column: str, *, default: int) -> int:
        value = self.data.get(column)
        if is_blank(value):
            return default
        try:
            return int(str(value).strip())
        except ValueError:
            self.error(column, f"{value!r} is not a whole number.")
            return default

    def url(self, column: str) -> str:
        value = self.text(column, max_length=MAX_URL_LENGTH)
        if value and len(value) <= MAX_URL_LENGTH and not is_web_url(value):
            self.error(column, f"{value[:100]!r} is not an http(s) URL.")
        return value

    def urls(self, column: str) -> list[str]:
        """A list of http(s) addresses (see words())."""
        urls = self.words(column, ids=True)
        if len(urls) > MAX_OTHER_URLS:
            self.error(column, f"has more than {MAX_OTHER_URLS} addresses.")
        for url in urls:
            if not is_web_url(url):
                self.error(column, f"{url[:100]!r} is not an http(s) URL.")
        return urls

    def words(self, column: str, *, ids: bool = False) -> list[str]:
        """A list in YAML, or a list written in one cell of CSV and XLSX (see split_list)."""
        value = self.data.get(column)
        if is_blank(value):
            return []
        items = value if isinstance(value, list) else split_list(str(value), ids=ids)
        words = [str(item).strip() for item in items if not is_blank(item)]
        for word in words:
            if len(word) > 200:
                self.error(column, "has an item longer than 200 characters.")
        return words


def read_row(
    record: dict[Any, Any],
    number: int,
    section: str,
    errors: list[RowError],
    columns: dict[Any, str],
) -> Row:
    """One record as a Row: each key as a column name (worked out once per file in `columns`),
    cells beyond the header and cells over MAX_CELL reported as they are read."""
    row = Row(section, number, {}, errors)
    data = row.data
    for key, value in record.items():
        column = columns.get(key)
        if column is None:
            if key is None:  # cells beyond the header of a CSV file
                row.error("(unnamed column)", "has more cells than the header row names.")
                continue
            column = columns[key] = str(key).strip()
        if value.__class__ is str and len(value) > MAX_CELL:
            row.error(column, f"is longer than {MAX_CELL:,} characters.")
            row.refused.add(column)
            value = None
        data[column] = value
    return row


def read_rows(
    records: list[dict[Any, Any]] | Table, first: int, section: str, errors: list[RowError]
) -> list[Row]:
    columns: dict[Any, str] = {}
    if isinstance(records, Table):
        return [
            read_row(records.record(index), first + index, section, errors, columns)
            for index in range(len(records))
        ]
    return [
        read_row(record, first + index, section, errors, columns)
        for index, record in enumerate(records)
    ]


class Table:
    """The rows of a CSV file held column by column under its header: a list of cells a column
    rather than a mapping a row, several times smaller, and what the figure check reads.

    A missing cell at the end of a row is None; cells beyond the header are kept apart
    (`extra`, by row index), as csv.DictReader keeps them under the key None. `longest`, when
    known, is a length no cell is longer than (the file's longest line), so that checks of
    length need not measure every cell."""

    __slots__ = ("columns", "count", "extra", "header", "longest")

    def __init__(
        self,
        header: list[str],
        columns: list[list[Any]],
        count: int,
        extra: dict[int, list],
        *,
        longest: int | None = None,
    ) -> None:
        self.header, self.columns, self.count, self.extra = header, columns, count, extra
        self.longest = longest

    def __len__(self) -> int:
        return self.count

    def column(self, name: str) -> list[Any] | None:
        """The cells of the column `name` (the last of that name, as a mapping keeps it)."""
        found = None
        for index, heading in enumerate(self.header):
            if heading == name:
                found = self.columns[index]
        return found

    def record(self, index: int) -> dict[Any, Any]:
        """Row `index` (from 0) as csv.DictReader gives it."""
        record: dict[Any, Any] = {
            name: column[index] for name, column in zip(self.header, self.columns, strict=True)
        }
        if index in self.extra:
            record[None] = self.extra[index]
        return record
