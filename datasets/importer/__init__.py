"""Import the registry from YAML, CSV or XLSX: validate every row first, then write all or nothing.

File formats:
- YAML: the reference format (fixtures/reference.yaml): sections `tenures`, `units`,
  `categories`, `documents` and `figures`, each a list of mappings; any section may be absent.
  Its `meta:` mapping may give `fiscal_year_start: "MM-DD"`, stored as the registry's setting and
  used to read "FY2019" in this file (without it, the stored setting is used).
- XLSX: one sheet per section, named like the YAML sections; a workbook with a single sheet of
  any other name holds figures.
- CSV: figure rows. Relations are columns named after the relation kind (`subset_of`,
  `superseded_by`, ...) holding figure ids.

CSV and XLSX files are read by datasets.tables, as claims files are; a list in one cell (lay
terms, aliases, a unit's words, figure ids) is separated by `;` (see tables.split_list).

Units list the words a quote may use for what figures count; once the registry has units, every
figure's `unit` must contain one of them.

Rows are numbered as a person sees them: the item's position in a YAML list, the line of a CSV
file (the header is line 1), the row of a worksheet.

The package reads (`reading`), checks each row and section (`rows`, `validation`; figure rows a
column at a time, `figure_rows`) and writes (`writing`). Only `rows` (for dates in ISO forms
other than YYYY-MM-DD) and datasets.tables (for workbooks) import pandas, each when it needs it,
so neither the rest of the app nor an import of a CSV or YAML file pays for it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from datasets.importer.reading import SECTIONS, ImportFileError, read_sections
from datasets.importer.rows import ImportValidationError, RowError
from datasets.importer.validation import validate
from datasets.importer.writing import ImportReport, write_plan
from datasets.signals import announce

__all__ = [
    "SECTIONS",
    "ImportFileError",
    "ImportReport",
    "ImportValidationError",
    "RowError",
    "import_path",
    "import_sections",
    "import_upload",
    "read_sections",
    "validate",
]


class _DryRun(Exception):
    pass


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is read, checked and written.

    An import holds millions of cells and tuples, none of them in reference cycles; the collector,
    set off by every few thousand new objects, would walk them again and again (about a quarter of
    the importer's CPU time at 100,000 rows). What an import frees is freed by reference counting
    as usual; only cycles wait for the collector, which runs again as soon as the import ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_sections(
    sections: dict[str, Any],
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    """Validate every row, then write all rows or none. A dry run reports and rolls back."""
    with collection_paused():
        return _import_sections(sections, dry_run=dry_run, progress=progress)


def _import_sections(
    sections: dict[str, Any],
    *,
    dry_run: bool,
    progress: Callable[[Iterable], Iterable] | None,
) -> ImportReport:
    plan = validate(sections)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            write_plan(plan, report, progress or (lambda rows: rows))
            if dry_run:
                raise _DryRun
            if report.total_created or report.total_changed:
                announce(report.touched_figures())  # also marks categories and tenures changed
    except _DryRun:
        pass
    return report


def import_path(
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    with collection_paused():
        return import_sections(read_sections(path), dry_run=dry_run, progress=progress)


def import_upload(fileobj: IO[bytes], *, name: str, dry_run: bool = False) -> ImportReport:
    """The same import for an uploaded file (the upload page)."""
    with collection_paused():
        return import_sections(read_sections(fileobj, name=name), dry_run=dry_run)
