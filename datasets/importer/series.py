"""Import official data series: the series file (fixtures/series.yaml) or one agency table.

Two kinds of file, one set of rules (validate every row first, name the row and column of each
problem, then write everything or nothing, changing only what differs):

- A series file (YAML): `meta:` (its `fiscal_year_start`, as for figures) and `series:`, a list
  of series, each with its `rows`. See fixtures/series.yaml.
- An agency table (CSV or XLSX) exactly as published, one series per file, beside a small header
  file (YAML) that describes the series and says which column holds what. See
  fixtures/series_tables/ and the README.

A row's period is the source's wording ("FY2014", "2021-03", "2021-04-13",
"2014-01-01..2014-07-31", "FY2022 Q1 (Oct-Dec 2021)"): read into real dates with the registry's
fiscal-year start, the dates of an aside first (it is the precise one), else the wording itself.
Wording that is not a plain period gets explicit `start` and `end` beside it. A series'
`breakdown_columns` turn the columns of a row that split its value (Border Patrol and ports of
entry, sponsor categories, age bands) into rows of their own, each with its breakdown.

pandas reads the agency tables; like the rest of the importer, this module is imported only where
a file is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import yaml
from django.db import transaction

from datasets.importer.reading import ImportFileError
from datasets.importer.rows import ImportValidationError, Row, RowError, is_blank, read_rows
from datasets.importer.validation import fiscal_year_start_of
from datasets.models import (
    Category,
    Document,
    Figure,
    RegistrySettings,
    Series,
    SeriesRow,
    Unit,
    breakdown_key,
)
from datasets.periods import MonthDay, Span, parse_period, parse_point
from datasets.signals import bump_generation

# Row keys the importer reads itself; any other key of a row is a further measure the source
# gives beside the value (beds, occupancy), kept in the row's notes.
ROW_KEYS = {
    "period",
    "start",
    "end",
    "value",
    "qualifier",
    "partial",
    "state",
    "geo",
    "breakdown",
    "source",
    "source_url",
    "source_repo",
    "note",
    "notes",
    "quote",
    "basis",
    "confidence",
    "fy",
    "same_measure_as",
}
PERIOD_KINDS = [kind.value for kind in Series.PeriodKind]
ROW_FIELDS = (
    "period_text",
    "partial",
    "value",
    "qualifier",
    "source",
    "source_url",
    "notes",
)
ISO_DATETIME_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
RANGE = re.compile(r"^(?P<first>[^.]+?)\s*\.\.\s*(?P<last>[^.]+)$")


@dataclass
class SeriesReport:
    """What an import created, changed and removed, by series."""

    created: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    rows: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    links: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The rows changed and removed, in words: "FY2015: value", "FY2013 (removed)".
    row_changes: dict[str, list[str]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total_created(self) -> int:
        return len(self.created) + sum(r[0] for r in self.rows.values())

    @property
    def total_changed(self) -> int:
        """Series and rows changed or removed, and links to figures made or undone."""
        rows = sum(r[1] + r[2] for r in self.rows.values())
        return len(self.changed) + rows + sum(a + b for a, b in self.links.values())

    def lines(self) -> list[str]:
        create, change = ("Created", "Changed")
        if self.dry_run:
            create, change = ("Would create", "Would change")
        out = [
            f"series: {len(self.created)} new, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged"
        ]
        out += [f"  {create} {slug}" for slug in self.created]
        out += [f"  {change} {slug}: {', '.join(fields)}" for slug, fields in self.changed]
        for slug, (new, changed, removed, unchanged) in self.rows.items():
            if new or changed or removed:
                out.append(
                    f"  rows of {slug}: {new} new, {changed} changed, {removed} removed, "
                    f"{unchanged} unchanged"
                )
                out.extend(f"    {change}" for change in self.row_changes.get(slug, []))
        for slug, (added, removed) in self.links.items():
            out.append(f"  figures restating rows of {slug}: {added} linked, {removed} unlinked")
        return out


@dataclass
class Entry:
    """One series as read from a file, before it is checked."""

    data: dict[str, Any]
    rows: list[dict[Any, Any]]
    first_row: int
    label: str  # how errors name where the rows are: "series orr_referrals_fy", "table.csv"
    number: int  # the series' position in the file


@dataclass
class PlannedSeries:
    values: dict[str, Any]
    rows: list[dict[str, Any]]
    figures: dict[tuple[date, date, str, str], list[str]]


# Reading -------------------------------------------------------------------------------------


def read_series_file(
    source: Path | IO[bytes], *, name: str | None = None, header: Path | IO[bytes] | None = None
) -> tuple[dict[str, Any], list[Entry]]:
    """Return (meta, entries) of a series YAML file, or of an agency table (.csv, .xlsx) with its
    header file (by default the table's path with the suffix .yaml)."""
    filename = name or str(source)
    suffix = Path(filename).suffix.lower()
    try:
        if suffix in {".yaml", ".yml"}:
            return _read_series_yaml(_load_yaml(source))
        if suffix in {".csv", ".xlsx"}:
            if header is None:
                if not isinstance(source, Path):
                    raise ImportFileError("Give the table's header file.")
                header = source.with_suffix(".yaml")
            return _read_table(source, suffix=suffix, header=_load_yaml(header), name=filename)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(f"Could not read {Path(filename).name}: {exc}") from exc
    except OSError as exc:
        raise ImportFileError(
            f"Could not open {exc.filename or filename}: {exc.strerror}"
        ) from exc
    raise ImportFileError("Give a .yaml, .yml, .csv or .xlsx file.")


def _load_yaml(source: Path | IO[bytes]) -> Any:
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return yaml.safe_load(handle)
    return yaml.safe_load(source)


def _read_series_yaml(data: Any) -> tuple[dict[str, Any], list[Entry]]:
    if not isinstance(data, dict) or not isinstance(data.get("series"), list):
        raise ImportFileError("The series file must have a `series:` list.")
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise ImportFileError("The meta section must be a mapping.")
    entries = []
    for number, item in enumerate(data["series"], start=1):
        if not isinstance(item, dict):
            raise ImportFileError(f"Series {number} must be a mapping.")
        rows = item.get("rows") or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFileError(f"The rows of series {number} must be a list of mappings.")
        label = f"series {item.get('id') or number}"
        entries.append(Entry(item, rows, 1, label, number))
    return meta, entries


def _read_table(
    source: Path | IO[bytes], *, suffix: str, header: Any, name: str
) -> tuple[dict[str, Any], list[Entry]]:
    """The rows of an agency table under its header file's column mapping.

    Long tables name a `period` column; wide tables (a column per period, as state tables are
    published) map each period's column heading to its period in `period_columns`.
    """
    import pandas as pd

    if not isinstance(header, dict) or not isinstance(header.get("series"), dict):
        raise ImportFileError("The header file must describe the series under `series:`.")
    table = header.get("table") or {}
    if not isinstance(table, dict):
        raise ImportFileError("The header file's `table:` must be a mapping.")
    skip = int(table.get("skip_rows") or 0)
    columns: dict[str, str] = {str(k): str(v) for k, v in (table.get("columns") or {}).items()}
    period_columns = table.get("period_columns") or {}
    if not period_columns and not (columns.get("value") and columns.get("period")):
        raise ImportFileError(
            "The header file must name the `period` and `value` columns, or `period_columns`."
        )
    if suffix == ".csv":
        frame = pd.read_csv(
            source, dtype=str, keep_default_na=False, skiprows=skip, encoding="utf-8-sig"
        )
    else:
        frame = pd.read_excel(
            source,
            sheet_name=table.get("sheet") or 0,
            dtype=str,
            keep_default_na=False,
            skiprows=skip,
            engine="openpyxl",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    label = Path(name).name
    header_line = skip + 1
    missing = [
        heading
        for heading in [*columns.values(), *map(str, period_columns)]
        if heading not in frame.columns
    ]
    if missing:
        errors = [
            RowError(label, header_line, heading, "is not a column of the table.")
            for heading in missing
        ]
        raise ImportValidationError(errors)
    records: list[dict[Any, Any]] = []
    for index, cells in enumerate(frame.to_dict("records")):
        line = header_line + 1 + index
        if all(is_blank(cell) for cell in cells.values()):
            continue
        base = {ours: cells[theirs] for ours, theirs in columns.items() if ours != "value"}
        if period_columns:
            for heading, period in period_columns.items():
                record = {**base, "value": cells[str(heading)], "_line": line}
                record.update(period if isinstance(period, dict) else {"period": period})
                records.append(record)
        else:
            records.append({**base, "value": cells[columns["value"]], "_line": line})
    meta = header.get("meta") or {}
    return meta, [Entry(header["series"], records, header_line + 1, label, 1)]


# Checking ------------------------------------------------------------------------------------


def validate_series(meta: dict[str, Any], entries: list[Entry]) -> list[PlannedSeries]:
    """Check every series and every row; raise ImportValidationError listing all problems."""
    errors: list[RowError] = []
    fiscal_year_start = (
        fiscal_year_start_of(meta, errors) or RegistrySettings.current().fiscal_year_start
    )
    units = {u.slug: u for u in Unit.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    documents = {d.slug: d for d in Document.objects.all()}
    figures = set(Figure.objects.values_list("slug", flat=True))
    planned: list[PlannedSeries] = []
    seen: dict[str, int] = {}
    for entry in entries:
        row = Row("series", entry.number, dict(entry.data), errors)
        values = _series_values(row, units=units, categories=categories, documents=documents)
        if values["slug"] in seen:
            row.error(
                "id", f"{values['slug']!r} already appears as series {seen[values['slug']]}."
            )
        seen.setdefault(values["slug"], entry.number)
        breakdowns = _breakdown_columns(row)
        rows, links = _rows(
            entry,
            breakdowns=breakdowns,
            fiscal_year_start=fiscal_year_start,
            figures=figures,
            errors=errors,
        )
        planned.append(PlannedSeries(values, rows, links))
    if errors:
        raise ImportValidationError(errors)
    return planned


def _series_values(
    row: Row,
    *,
    units: dict[str, Unit],
    categories: dict[str, Category],
    documents: dict[str, Document],
) -> dict[str, Any]:
    slug = row.text("id", required=True, max_length=100)
    if slug and not re.match(r"^[a-z0-9][a-z0-9_\-]*$", slug):
        row.error("id", f"{slug!r} is not an id (lower-case letters, digits, - and _).")
    unit_slug = row.text("unit_id", required=True)
    if unit_slug and unit_slug not in units:
        row.error("unit_id", f"{unit_slug!r} is not a unit of the registry.")
    category_slug = row.text("category", required=True)
    if category_slug and category_slug not in categories:
        row.error("category", f"{category_slug!r} is not a category of the registry.")
    document_slug = row.text("document")
    if document_slug and document_slug not in documents:
        row.error("document", f"{document_slug!r} is not a document of the registry.")
    confidence_text = row.text("confidence", required=True)
    confidence = (
        Series.Confidence.PRIMARY
        if confidence_text.lower().startswith("primary")
        else Series.Confidence.SECONDARY
    )
    source, source_url = _source(row, own=row.text("source"))
    if not source:
        source = row.text("publisher")
    notes = row.text("notes")
    if confidence_text.lower() not in {"primary", "secondary"}:
        notes = "\n\n".join(filter(None, [notes, f"Confidence: {confidence_text}"]))
    return {
        "slug": slug,
        "title": row.text("title", required=True, max_length=300),
        "publisher": row.text("publisher", required=True, max_length=300),
        "document": documents.get(document_slug),
        "unit": units.get(unit_slug),
        "unit_text": row.text("unit", required=True, max_length=300),
        "category": categories.get(category_slug),
        "period_kind": row.choice("period_kind", PERIOD_KINDS, default="")
        if row.text("period_kind", required=True)
        else "",
        "means": row.text("means", required=True),
        "does_not_mean": row.text("does_not_mean", required=True),
        "source": source,
        "source_url": source_url,
        "confidence": confidence,
        "notes": notes,
        "conflicts": _conflicts(row),
    }


def _source(row: Row, *, own: str) -> tuple[str, str]:
    """(source text, source URL) of a series or a row: its URL, else the original's, else the
    stored copy's address in its repository; wording that is not a URL joins the text."""
    texts = [own] if own else []
    urls: list[str] = []
    for column in ("source_url", "original_source_url"):
        value = row.text(column, max_length=1000)
        if value.startswith(("http://", "https://")) and " " not in value and len(value) <= 500:
            urls.append(row.url(column))
        elif value and value not in {"row-level"}:
            texts.append(value)
    repo = row.data.get("source_repo")
    if isinstance(repo, dict) and repo.get("repo") and repo.get("path"):
        where = f"{repo['repo']}, {repo['path']}"
        if repo.get("commit"):
            where += f" (commit {str(repo['commit'])[:12]})"
            urls.append(
                f"https://github.com/{repo['repo']}/blob/{repo['commit']}/{quote(str(repo['path']))}"
            )
        texts.append(f"Stored copy: {where}")
    elif repo is not None and not isinstance(repo, dict):
        row.error("source_repo", "must be a mapping of repo, path and commit.")
    return "; ".join(texts), next(iter(urls), "")


def _conflicts(row: Row) -> str:
    """The series' conflicts as text: its own `conflicts`, and each cross-check (another
    source's value for the same or an overlapping period) on a line of its own."""
    lines = [row.text("conflicts")] if row.text("conflicts") else []
    checks = row.data.get("cross_checks") or []
    if not isinstance(checks, list):
        row.error("cross_checks", "must be a list.")
        return ""
    for check in checks:
        if not isinstance(check, dict):
            row.error("cross_checks", "must be a list of mappings.")
            continue
        value = check.get("value", check.get("values", check.get("values_nationwide_usbp")))
        parts = [f"{check.get('period', '')}: {_value_words(value)}"]
        if check.get("qualifier"):
            parts[0] = f"{check.get('period', '')}: {check['qualifier']} {_value_words(value)}"
        if check.get("note"):
            parts.append(str(check["note"]))
        if check.get("source_url"):
            parts.append(str(check["source_url"]))
        lines.append(" — ".join(parts))
    return "\n".join(lines)


def _value_words(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value_words(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value_words(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _breakdown_columns(row: Row) -> dict[str, dict[str, str]]:
    value = row.data.get("breakdown_columns") or {}
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        row.error(
            "breakdown_columns", "must map each column to its breakdown ({component: USBP})."
        )
        return {}
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in value.items()}


def read_row_period(text: str, *, fiscal_year_start: MonthDay) -> Span | None:
    """The dates a row's period wording covers: an aside's period first ("FY2022 Q1 (Oct-Dec
    2021)" is October to December 2021), then the wording ("FY2014", "2021-03", "2021-04-13",
    "FY2015-FY2023 (cumulative)"), then a range written with two dots ("2014-01-01..2014-07-31",
    "2021..2023"). None when it is none of these."""
    for aside in re.findall(r"\(([^()]*)\)", text):
        if span := parse_period(aside, fiscal_year_start=fiscal_year_start):
            return span
    if span := parse_period(text, fiscal_year_start=fiscal_year_start):
        return span
    bare = re.sub(r"\s*\([^()]*\)", "", text).strip()
    if match := RANGE.match(bare):
        first = parse_point(match["first"], fiscal_year_start=fiscal_year_start)
        last = parse_point(match["last"], fiscal_year_start=fiscal_year_start)
        if first and last and first.start <= last.end:
            return Span(first.start, last.end)
    return None


def _rows(
    entry: Entry,
    *,
    breakdowns: dict[str, dict[str, str]],
    fiscal_year_start: MonthDay,
    figures: set[str],
    errors: list[RowError],
) -> tuple[list[dict[str, Any]], dict[tuple[date, date, str, str], list[str]]]:
    """The rows of one series, each split into its breakdown rows, and the figures that
    restate each row (by row key)."""
    rows: list[dict[str, Any]] = []
    links: dict[tuple[date, date, str, str], list[str]] = {}
    seen: dict[tuple[date, date, str, str], int] = {}
    for row in read_rows(entry.rows, entry.first_row, entry.label, errors):
        if "_line" in row.data:  # a table row: numbered by its line in the file
            row.number = int(row.data.pop("_line"))
        values = _row_values(row, fiscal_year_start=fiscal_year_start, skip=set(breakdowns))
        slugs = row.words("same_measure_as", ids=True)
        for slug in slugs:
            if slug not in figures:
                row.error("same_measure_as", f"{slug!r} is not a figure of the registry.")
        if values is None:
            continue
        split: list[tuple[str, dict[str, Any]]] = [("period", values)]
        for column, extra in breakdowns.items():
            if not is_blank(row.data.get(column)) and (part := row.decimal(column)) is not None:
                merged = {**values["breakdown"], **extra}
                split.append((column, {**values, "value": part, "notes": "", "breakdown": merged}))
        for column, planned in split:
            planned["breakdown_key"] = breakdown_key(planned["breakdown"])
            key = _key(planned)
            if key in seen:
                where = f" ({planned['geo']})" if planned["geo"] else ""
                message = f"{planned['period_text']}{where} already appears on row {seen[key]}."
                row.error(column, message)
                continue
            seen[key] = row.number
            rows.append(planned)
        if slugs:
            links[_key(values)] = slugs
    return rows, links


def _row_values(row: Row, *, fiscal_year_start: MonthDay, skip: set[str]) -> dict[str, Any] | None:
    period_text = row.text("period", required=True, max_length=200)
    period_text = ISO_DATETIME_MIDNIGHT.sub(r"\1", period_text)
    start, end = row.date("start"), row.date("end")
    if (start is None) != (end is None):
        row.error("end" if start else "start", "give both start and end, or neither.")
    elif start and end:
        if start > end:
            row.error("end", "is before start.")
    elif period_text:
        span = read_row_period(period_text, fiscal_year_start=fiscal_year_start)
        if span is None:
            row.error(
                "period",
                f"{period_text!r} is not a period (write FY2019, 2021-03, 2021-03-15 or "
                "2021-01-01..2021-05-31, or give start and end).",
            )
        else:
            start, end = span.start, span.end
    value = row.decimal("value")
    fy = row.text("fy")
    if fy and start and end:
        span = parse_period(fy, fiscal_year_start=fiscal_year_start)
        if span is None or not (span.start <= start and end <= span.end):
            row.error("fy", f"{period_text} is not in {fy}.")
    breakdown = row.data.get("breakdown") or {}
    if not isinstance(breakdown, dict):
        row.error("breakdown", "must be a mapping ({coverage: ...}).")
        breakdown = {}
    qualifier = row.text("qualifier", max_length=60)
    source, source_url = _source(row, own=row.text("source"))
    extras = [
        f"{str(key).replace('_', ' ')}: {_value_words(cell)}"
        for key, cell in row.data.items()
        if key not in ROW_KEYS and key not in skip and not is_blank(cell)
    ]
    notes = [row.text(c) for c in ("note", "notes")]
    if quoted := row.text("quote"):
        notes.append(f"Quote: “{quoted}”")
    if basis := row.text("basis"):
        notes.append(f"Basis: {basis}")
    if confidence := row.text("confidence"):
        notes.append(f"Confidence: {confidence}")
    if start is None or end is None or value is None:
        return None
    return {
        "period_start": start,
        "period_end": end,
        "period_text": period_text,
        "partial": row.text("partial", max_length=300),
        "value": value,
        "qualifier": "" if qualifier.lower() == "exact" else qualifier,
        "geo": row.text("state", max_length=80) or row.text("geo", max_length=80),
        "breakdown": {str(k): str(v) for k, v in breakdown.items()},
        "source": source,
        "source_url": source_url,
        "notes": "\n".join(filter(None, [*notes, *extras])),
    }


# Writing -------------------------------------------------------------------------------------


def write_series(planned: list[PlannedSeries], report: SeriesReport) -> None:
    """Create or update each series by slug and make its rows exactly those planned, touching
    only what differs."""
    existing = Series.objects.in_bulk([p.values["slug"] for p in planned], field_name="slug")
    for plan in planned:
        slug = plan.values["slug"]
        series = existing.get(slug)
        if series is None:
            series = Series(**plan.values)
            series.full_clean(validate_unique=False, validate_constraints=False)
            series.save()
            report.created.append(slug)
        else:
            changed = [k for k, v in plan.values.items() if getattr(series, k) != v]
            if changed:
                for name in changed:
                    setattr(series, name, plan.values[name])
                series.full_clean(validate_unique=False, validate_constraints=False)
                series.save()
                report.changed.append((slug, changed))
            else:
                report.unchanged += 1
        _write_rows(series, plan, report)
    if report.created or report.changed or any(r[0] or r[1] or r[2] for r in report.rows.values()):
        bump_generation()


def _key(row: SeriesRow | dict[str, Any]) -> tuple[date, date, str, str]:
    if isinstance(row, dict):
        return row["period_start"], row["period_end"], row["geo"], row["breakdown_key"]
    return row.period_start, row.period_end, row.geo, row.breakdown_key


def _row_words(row: SeriesRow) -> str:
    words = row.period_text + (f" {row.geo}" if row.geo else "")
    return words + (f" ({row.breakdown_label})" if row.breakdown else "")


def _write_rows(series: Series, plan: PlannedSeries, report: SeriesReport) -> None:
    current = {_key(r): r for r in series.rows.all()}
    to_create, to_update, fields = [], [], set()
    unchanged = 0
    changes: list[str] = []
    for values in plan.rows:
        stored = current.pop(_key(values), None)
        if stored is None:
            to_create.append(SeriesRow(series=series, **values))
            continue
        changed = [
            name for name in (*ROW_FIELDS, "breakdown") if getattr(stored, name) != values[name]
        ]
        if changed:
            for name in changed:
                setattr(stored, name, values[name])
            to_update.append(stored)
            fields.update(changed)
            changes.append(f"{_row_words(stored)}: {', '.join(changed)}")
        else:
            unchanged += 1
    changes += [f"{_row_words(row)} (removed)" for row in current.values()]
    if changes:
        report.row_changes[series.slug] = changes
    removed = [r.pk for r in current.values()]
    SeriesRow.objects.filter(pk__in=removed).delete()
    SeriesRow.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        SeriesRow.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    report.rows[series.slug] = (len(to_create), len(to_update), len(removed), unchanged)
    _write_links(series, plan, report)


def _write_links(series: Series, plan: PlannedSeries, report: SeriesReport) -> None:
    """Make the figures that restate each row exactly those the file names."""
    through = SeriesRow.figures.through
    rows = {_key(r): r.pk for r in series.rows.all()}
    figure_ids = dict(
        Figure.objects.filter(
            slug__in={s for slugs in plan.figures.values() for s in slugs}
        ).values_list("slug", "pk")
    )
    wanted = {
        (rows[key], figure_ids[slug]) for key, slugs in plan.figures.items() for slug in slugs
    }
    current = set(
        through.objects.filter(seriesrow__series=series).values_list("seriesrow_id", "figure_id")
    )
    removed = current - wanted
    added = wanted - current
    for row_id, figure_id in removed:
        through.objects.filter(seriesrow_id=row_id, figure_id=figure_id).delete()
    through.objects.bulk_create(
        through(seriesrow_id=row_id, figure_id=figure_id) for row_id, figure_id in sorted(added)
    )
    if added or removed:
        report.links[series.slug] = (len(added), len(removed))


# Entry points --------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def import_series(
    meta: dict[str, Any], entries: Iterable[Entry], *, dry_run: bool = False
) -> SeriesReport:
    """Validate every series and row, then write all or nothing. A dry run reports and rolls
    back."""
    planned = validate_series(meta, list(entries))
    report = SeriesReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            write_series(planned, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def import_series_path(
    path: Path, *, header: Path | None = None, dry_run: bool = False
) -> SeriesReport:
    meta, entries = read_series_file(path, header=header)
    return import_series(meta, entries, dry_run=dry_run)
