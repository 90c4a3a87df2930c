"""Read a YAML, CSV or XLSX file into its sections, before any row is checked.

CSV and XLSX files are read by datasets.tables (which loads pandas only for a workbook), so the
importer's own modules stay light.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import yaml
from django.conf import settings

from datasets.importer.rows import Table
from datasets.tables import TooManyRows, read_workbook

SECTIONS = ("tenures", "units", "categories", "documents", "figures")
# The file's meta comes first in reports and error lists: it changes how the rest is read.
ERROR_ORDER = ("meta", *SECTIONS)

MB = 1024 * 1024
# A workbook is a zip archive: this many members is far beyond any real workbook.
MAX_WORKBOOK_MEMBERS = 1_000
# A YAML file may repeat single values with aliases (`date: *id001`), at most this many times.
MAX_YAML_ALIASES = 1_000_000


class ImportFileError(Exception):
    """The file could not be read at all (unknown type, malformed YAML or CSV, over a bound)."""


def read_sections(source: Path | IO[bytes], *, name: str | None = None) -> dict[str, Any]:
    """Return {section: (rows, first_row_number)} for a YAML, CSV or XLSX file, each row a
    mapping of column to cell, and a YAML file's meta mapping under "meta".

    The file is bounded before it is parsed (IMPORT_MAX_FILE_MB; a workbook's unpacked size,
    IMPORT_MAX_UNPACKED_MB) and as it is read (IMPORT_MAX_ROWS; YAML aliases only repeat single
    values), so that no file makes the importer run out of memory or time."""
    filename = name or str(source)
    shown = Path(filename).name
    suffix = Path(filename).suffix.lower()
    max_rows = settings.IMPORT_MAX_ROWS
    try:
        _check_size(source, shown)
        if suffix in {".yaml", ".yml"}:
            sections = _read_yaml(source)
        elif suffix == ".csv":
            sections = {"figures": (read_csv_table(source, max_rows=max_rows), 2)}
        elif suffix == ".xlsx":
            _check_workbook(source, shown)
            sections = _workbook_sections(_read_workbook(source, shown))
        else:
            raise ImportFileError("Give a .yaml, .yml, .csv or .xlsx file.")
    except TooManyRows:
        raise ImportFileError(_too_many_rows(shown)) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"a cell is longer than {csv.field_size_limit():,} characters"
            raise ImportFileError(f"Could not read {shown}: {message}.") from exc
        raise ImportFileError(f"Could not read {shown}: {exc}") from exc
    except RecursionError:
        raise ImportFileError(f"Could not read {shown}: it is nested too deeply.") from None
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            f"Could not read {shown}: it is a damaged workbook ({exc})."
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise ImportFileError(f"Could not read {shown}: {exc}") from exc
    except OSError as exc:
        raise ImportFileError(f"Could not open {filename}: {exc.strerror or exc}") from exc
    rows = sum(len(value[0]) for key, value in sections.items() if key in SECTIONS)
    if rows > max_rows:
        raise ImportFileError(_too_many_rows(shown))
    return sections


# Lines of a CSV file turned into columns at a time, so that its rows are never all held as rows.
CSV_BATCH = 10_000


def read_csv_table(source: Path | IO[bytes], *, max_rows: int | None = None) -> Table:
    """A CSV file of figures (UTF-8, with or without a byte-order mark) as a Table: read as
    datasets.tables.read_csv reads it (blank lines skipped, the header stripped, a missing cell
    None, cells beyond the header kept with their row), held column by column.

    Raises csv.Error, UnicodeDecodeError or OSError when the file cannot be read, and TooManyRows
    as soon as it reads a row beyond `max_rows`."""
    if isinstance(source, Path):
        with source.open(encoding="utf-8-sig", newline="") as handle:
            return _table(handle, max_rows=max_rows)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        return _table(text, max_rows=max_rows)
    finally:
        text.detach()  # leave the caller's file open


class _LongestLine:
    """The lines of a text file, noting the length of the longest."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines, self.longest = lines, 0

    def __iter__(self) -> Iterator[str]:
        longest = 0
        for line in self.lines:
            if len(line) > longest:
                longest = len(line)
            yield line
        self.longest = longest


def _table(handle: Iterable[str], *, max_rows: int | None) -> Table:
    physical = _LongestLine(handle)
    reader = csv.reader(physical)
    lines = iter(reader)
    header = [name.strip() for name in next(lines, [])]
    width = len(header)
    columns: list[list[str | None]] = [[] for _ in header]
    extra: dict[int, list[str]] = {}
    count = 0
    records = 1 if header else 0  # as the reader gives them, blank lines included
    while chunk := list(itertools.islice(lines, CSV_BATCH)):
        records += len(chunk)
        batch = [line for line in chunk if line]
        if max_rows is not None and count + len(batch) > max_rows:
            raise TooManyRows(f"it has more than {max_rows:,} rows")
        for index, line in enumerate(batch):
            if len(line) != width:
                if len(line) > width:
                    extra[count + index] = line[width:]
                    batch[index] = line[:width]
                else:
                    batch[index] = line + [None] * (width - len(line))  # type: ignore[list-item]
        for column, cells in zip(columns, zip(*batch, strict=True), strict=True):
            column.extend(cells)
        count += len(batch)
    # When every record took one line of the file, no cell is longer than the longest line; a
    # cell that runs over several lines (quoted line breaks) leaves the bound unknown.
    longest = physical.longest if reader.line_num == records else None
    return Table(header, columns, count, extra, longest=longest)


def _too_many_rows(shown: str) -> str:
    return (
        f"{shown} has more than {settings.IMPORT_MAX_ROWS:,} rows, the most one import takes "
        f"(IMPORT_MAX_ROWS): split it into several files."
    )


def _check_size(source: Path | IO[bytes], shown: str) -> None:
    if isinstance(source, Path):
        size = source.stat().st_size
    else:
        position = source.tell()
        size = source.seek(0, 2)
        source.seek(position)
    limit = settings.IMPORT_MAX_FILE_MB
    if size > limit * MB:
        raise ImportFileError(
            f"{shown} is {size / MB:,.1f} MB; the importer takes files up to {limit} MB "
            f"(IMPORT_MAX_FILE_MB)."
        )


def _check_workbook(source: Path | IO[bytes], shown: str) -> None:
    """Refuse what is not a workbook, and a workbook that would unpack to more than
    IMPORT_MAX_UNPACKED_MB, before anything unpacks it. Python's zip reader never unpacks a
    member beyond the size the archive declares for it, so the declared sizes are a bound."""
    if not zipfile.is_zipfile(source):
        raise ImportFileError(
            f"{shown} is not an XLSX workbook: an XLSX file is a zip archive, and this one is "
            f"not (a text or CSV file renamed .xlsx?)."
        )
    if not isinstance(source, Path):
        source.seek(0)
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
    if not isinstance(source, Path):
        source.seek(0)
    if len(members) > MAX_WORKBOOK_MEMBERS:
        raise ImportFileError(f"{shown} holds {len(members):,} files: it is not a workbook.")
    unpacked = sum(member.file_size for member in members)
    limit = settings.IMPORT_MAX_UNPACKED_MB
    if unpacked > limit * MB:
        raise ImportFileError(
            f"{shown} would unpack to {unpacked / MB:,.0f} MB; the importer unpacks workbooks "
            f"of up to {limit} MB (IMPORT_MAX_UNPACKED_MB). Save large registries as CSV."
        )


def _read_workbook(source: Path | IO[bytes], shown: str) -> dict[str, Any]:
    """The workbook's sheets. Its zip members are parsed by openpyxl, which a damaged member
    fails in many ways (zlib, XML, missing parts): each is the same "damaged workbook"."""
    try:
        return read_workbook(source)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:
        raise ImportFileError(
            f"Could not read {shown}: it is not a readable workbook ({type(exc).__name__}: "
            f"{str(exc)[:200]})."
        ) from exc


def _workbook_sections(sheets: dict[str, Any]) -> dict[str, Any]:
    named = {k.strip().lower(): v for k, v in sheets.items()}
    if any(k in SECTIONS for k in named):
        return {k: (v, 2) for k, v in named.items() if k in SECTIONS}
    if len(sheets) == 1:
        return {"figures": (next(iter(sheets.values())), 2)}
    raise ImportFileError(f"Name the worksheets {', '.join(SECTIONS)}; found {', '.join(sheets)}.")


# An anchor (`&id001`) is the only way a YAML file can repeat a node. A file with none is read by
# the fast C loader; one with anchors (or text that looks like one) by the checking loader.
ANCHOR = re.compile(rb"&[^\s,\[\]{}]")


class _SingleValueAliases(yaml.SafeLoader):
    """A safe loader on which an alias may repeat a single value, never a list or a mapping
    (nor may a `<<` merge key, which takes one): nested aliases to lists ("billion laughs") grow
    a few hundred bytes into billions of items."""

    aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and not isinstance(node, yaml.ScalarNode):
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"the alias *{event.anchor} repeats a list or a mapping; in these files an "
                    f"alias may repeat only a single value",
                    event.start_mark,
                )
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_YAML_ALIASES:,} aliases", event.start_mark
                )
        return super().compose_node(parent, index)


def _load_yaml(data: bytes) -> Any:
    if ANCHOR.search(data) is None:
        return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return yaml.load(data, Loader=_SingleValueAliases)  # noqa: S506


def _read_yaml(source: Path | IO[bytes]) -> dict[str, Any]:
    raw = source.read_bytes() if isinstance(source, Path) else source.read()
    data = _load_yaml(raw)
    if isinstance(data, list):
        data = {"figures": data}
    if not isinstance(data, dict):
        raise ImportFileError("The YAML file must map section names to lists of rows.")
    sections: dict[str, Any] = {}
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise ImportFileError("The meta section must be a mapping.")
    for section in SECTIONS:
        rows = data.get(section)
        if rows is None:
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFileError(f"The {section} section must be a list of mappings.")
        sections[section] = (rows, 1)
    if not sections and not meta:
        raise ImportFileError(f"The YAML file has none of the sections {', '.join(SECTIONS)}.")
    if meta:
        sections["meta"] = meta
    return sections
