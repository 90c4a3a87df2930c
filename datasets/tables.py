"""Rows of CSV and XLSX files, and the lists written inside their cells.

One reader for the registry importer and the claims-file reader, so that a spreadsheet means the
same thing to both: a header row names the columns (surrounding spaces ignored), each later row is
a mapping of column name to cell, and a list in one cell ("doc_a; doc_b") is split the same way.

pandas is imported only to read a workbook, so reading a CSV file never loads it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

type Row = dict[str | None, Any]

# A list in a cell is separated by the first of these that it contains.
LIST_SEPARATORS = (";", "|", ",")


class TooManyRows(ValueError):
    """The file has more rows than the reader was asked to take."""


def read_csv(source: Path | IO[bytes], *, max_rows: int | None = None) -> list[Row]:
    """The rows of a CSV file (UTF-8, with or without a byte-order mark) under its header.

    As `csv.DictReader` gives them: a cell missing at the end of a row is None, and cells beyond
    the header are kept as a list under the key None, for the caller to report with the row.
    Raises csv.Error, UnicodeDecodeError or OSError when the file cannot be read, and
    TooManyRows as soon as it reads a row beyond `max_rows`.
    """
    if isinstance(source, Path):
        with source.open(encoding="utf-8-sig", newline="") as handle:
            return _rows(csv.reader(handle), max_rows=max_rows)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        return _rows(csv.reader(text), max_rows=max_rows)
    finally:
        text.detach()  # leave the caller's file open


def read_workbook(source: Path | IO[bytes]) -> dict[str, list[Row]]:
    """The rows of every worksheet of an XLSX workbook, by sheet name, every cell as text ("" when
    empty). Raises ValueError when the file is not a workbook."""
    import pandas as pd

    sheets = pd.read_excel(
        source, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl"
    )
    return {
        str(name): [
            {str(key).strip(): value for key, value in record.items()}
            for record in frame.to_dict("records")
        ]
        for name, frame in sheets.items()
    }


def _rows(lines: Iterable[list[str]], *, max_rows: int | None = None) -> list[Row]:
    """Rows as csv.DictReader makes them (blank lines skipped, a missing cell None, extra cells
    in a list under None), with the header stripped once rather than each row's keys."""
    lines = iter(lines)
    header = [name.strip() for name in next(lines, [])]
    width = len(header)
    rows: list[Row] = []
    for line in lines:
        if not line:
            continue
        if max_rows is not None and len(rows) >= max_rows:
            raise TooManyRows(f"it has more than {max_rows:,} rows")
        row: Row = dict(zip(header, line, strict=False))
        if len(line) < width:
            row.update(dict.fromkeys(header[len(line) :]))
        elif len(line) > width:
            row[None] = line[width:]
        rows.append(row)
    return rows


def split_list(text: str, *, ids: bool = False) -> list[str]:
    """The items of a list written in one cell: separated by ";", or when it has none by "|" or
    ",". Ids never hold spaces, so a list of ids is also split on spaces ("doc_a doc_b").
    Items are stripped; empty ones are dropped."""
    parts = [text]
    for separator in LIST_SEPARATORS:
        if separator in text:
            parts = text.split(separator)
            break
    if ids:
        parts = [item for part in parts for item in part.split()]
    return [part.strip() for part in parts if part.strip()]
