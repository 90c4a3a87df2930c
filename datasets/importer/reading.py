"""Read a YAML, CSV or XLSX file into its sections, before any row is checked.

CSV and XLSX files are read by datasets.tables (which loads pandas only for a workbook), so the
importer's own modules stay light.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

import yaml

from datasets.tables import read_csv, read_workbook

SECTIONS = ("tenures", "units", "categories", "documents", "figures")
# The file's meta comes first in reports and error lists: it changes how the rest is read.
ERROR_ORDER = ("meta", *SECTIONS)


class ImportFileError(Exception):
    """The file could not be read at all (unknown type, malformed YAML or CSV)."""


def read_sections(source: Path | IO[bytes], *, name: str | None = None) -> dict[str, Any]:
    """Return {section: (rows, first_row_number)} for a YAML, CSV or XLSX file, each row a
    mapping of column to cell, and a YAML file's meta mapping under "meta"."""
    filename = name or str(source)
    suffix = Path(filename).suffix.lower()
    try:
        if suffix in {".yaml", ".yml"}:
            return _read_yaml(source)
        if suffix == ".csv":
            return {"figures": (read_csv(source), 2)}
        if suffix == ".xlsx":
            sheets = read_workbook(source)
            named = {k.strip().lower(): v for k, v in sheets.items()}
            if any(k in SECTIONS for k in named):
                return {k: (v, 2) for k, v in named.items() if k in SECTIONS}
            if len(sheets) == 1:
                return {"figures": (next(iter(sheets.values())), 2)}
            raise ImportFileError(
                f"Name the worksheets {', '.join(SECTIONS)}; found {', '.join(sheets)}."
            )
    except (yaml.YAMLError, csv.Error, UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(f"Could not read {Path(filename).name}: {exc}") from exc
    except OSError as exc:
        raise ImportFileError(f"Could not open {filename}: {exc.strerror or exc}") from exc
    raise ImportFileError("Give a .yaml, .yml, .csv or .xlsx file.")


def _read_yaml(source: Path | IO[bytes]) -> dict[str, Any]:
    if isinstance(source, Path):
        with source.open("rb") as fh:
            data = yaml.safe_load(fh)
    else:
        data = yaml.safe_load(source)
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
