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

Only this module and datasets.tables (for workbooks) import pandas, so the rest of the app never
pays for it.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

import pandas as pd
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Model

from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    LayTerm,
    RegistrySettings,
    Tenure,
    Unit,
    is_month_day,
    normalise_words,
)
from datasets.periods import MonthDay, parse_date, read_period
from datasets.signals import announce
from datasets.tables import read_csv, read_workbook, split_list

SECTIONS = ("tenures", "units", "categories", "documents", "figures")
# The file's meta comes first in reports and error lists: it changes how the rest is read.
ERROR_ORDER = ("meta", *SECTIONS)
SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
MONTH_DAY = re.compile(r"^(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
RELATION_KINDS = [kind.value for kind in FigureRelation.Kind]
# Inverse names a file may use; stored as the forward relation from the other figure.
INVERSE_RELATIONS = {"superseded_by": FigureRelation.Kind.SUPERSEDES}
MAX_TEXT = 10_000


class ImportFileError(Exception):
    """The file could not be read at all (unknown type, malformed YAML or CSV)."""


@dataclass(frozen=True)
class RowError:
    section: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.section} row {self.row}, column {self.column}: {self.message}"


class ImportValidationError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the file; nothing was written.")


@dataclass
class ImportReport:
    created: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def touched_figures(self) -> set[str]:
        """Figures created or changed, and both ends of new relations."""
        slugs = set(self.created.get("figures", []))
        slugs |= {slug for slug, _ in self.changed.get("figures", [])}
        for line in self.created.get("relations", []):
            source, _, target = line.split(" ")
            slugs |= {source, target}
        return slugs

    @property
    def total_created(self) -> int:
        return sum(len(v) for v in self.created.values())

    @property
    def total_changed(self) -> int:
        return sum(len(v) for v in self.changed.values())

    def lines(self) -> list[str]:
        verb = "Would create" if self.dry_run else "Created"
        change_verb = "Would change" if self.dry_run else "Changed"
        out = []
        for section in (*ERROR_ORDER, "relations"):
            created = self.created.get(section, [])
            changed = self.changed.get(section, [])
            unchanged = self.unchanged.get(section, 0)
            if not (created or changed or unchanged):
                continue
            out.append(
                f"{section}: {len(created)} new, {len(changed)} changed, {unchanged} unchanged"
            )
            out.extend(f"  {verb} {slug}" for slug in created)
            out.extend(f"  {change_verb} {slug}: {', '.join(fields)}" for slug, fields in changed)
        return out or ["Nothing to import."]


# Reading -------------------------------------------------------------------------------------


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


# Cell helpers ---------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _places(number: Decimal) -> int:
    """The digits after the point of a finite number ("1.50" has 2, "1E+3" has none)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class _Row:
    """One row under validation: typed getters that record errors instead of raising."""

    def __init__(
        self, section: str, number: int, data: dict[str, Any], errors: list[RowError]
    ) -> None:
        self.section, self.number, self.data, self.errors = section, number, data, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.section, self.number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
        value = self.data.get(column)
        if _blank(value):
            if required:
                self.error(column, "is required.")
            return ""
        if isinstance(value, (list, dict)):
            self.error(column, "must be text.")
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.error(column, f"is longer than {max_length} characters.")
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
            self.error(column, "contains control characters.")
        return text

    def slug(self, column: str, *, required: bool = True) -> str:
        value = self.text(column, required=required, max_length=80)
        if value and not SLUG.match(value):
            self.error(column, f"{value!r} is not an id (lower-case letters, digits, - and _).")
        return value

    def choice(self, column: str, choices: Iterable[str], *, default: str) -> str:
        value = self.text(column) or default
        allowed = list(choices)
        if value not in allowed:
            self.error(column, f"{value!r} is not one of {', '.join(allowed)}.")
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.data.get(column)
        if _blank(value):
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
        if _blank(value):
            return None
        if isinstance(value, date):
            return value
        parsed = pd.to_datetime(str(value).strip(), format="ISO8601", errors="coerce")
        if pd.isna(parsed):
            self.error(column, f"{value!r} is not a date (use YYYY-MM-DD).")
            return None
        return parsed.date()

    def boolean(self, column: str, *, default: bool) -> bool:
        value = self.data.get(column)
        if _blank(value):
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
        if _blank(value):
            return default
        try:
            return int(str(value).strip())
        except ValueError:
            self.error(column, f"{value!r} is not a whole number.")
            return default

    def url(self, column: str) -> str:
        value = self.text(column, max_length=500)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error(column, f"{value!r} is not an http(s) URL.")
        return value

    def words(self, column: str, *, ids: bool = False) -> list[str]:
        """A list in YAML, or a list written in one cell of CSV and XLSX (see split_list)."""
        value = self.data.get(column)
        if _blank(value):
            return []
        items = value if isinstance(value, list) else split_list(str(value), ids=ids)
        words = [str(item).strip() for item in items if not _blank(item)]
        for word in words:
            if len(word) > 200:
                self.error(column, "has an item longer than 200 characters.")
        return words


def _rows(
    records: list[dict[Any, Any]], first: int, section: str, errors: list[RowError]
) -> list[_Row]:
    rows = []
    for index, record in enumerate(records):
        row = _Row(section, first + index, {}, errors)
        for key, value in record.items():
            if key is None:  # cells beyond the header of a CSV file
                row.error("(unnamed column)", "has more cells than the header row names.")
            else:
                row.data[str(key).strip()] = value
        rows.append(row)
    return rows


# Validation -----------------------------------------------------------------------------------


@dataclass
class _Plan:
    tenures: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    lay_terms: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    relations: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # As the file's meta gives it; None leaves the stored setting as it is.
    fiscal_year_start: MonthDay | None = None


def _check_unique(rows: list[_Row], slugs: list[str], column: str = "id") -> None:
    seen: dict[str, int] = {}
    for row, slug in zip(rows, slugs, strict=True):
        if slug and slug in seen:
            row.error(column, f"{slug!r} already appears on row {seen[slug]}.")
        seen.setdefault(slug, row.number)


def validate(sections: dict[str, Any]) -> _Plan:
    """Check every row of every section; raise ImportValidationError listing all problems."""
    errors: list[RowError] = []
    plan = _Plan()
    rows: dict[str, list[_Row]] = {}
    for name in SECTIONS:
        if name in sections:
            records, first = sections[name]
            rows[name] = _rows(records, first, name, errors)
    plan.fiscal_year_start = _validate_meta(sections.get("meta") or {}, errors)
    fiscal_year_start = plan.fiscal_year_start or RegistrySettings.current().fiscal_year_start

    plan.tenures = _validate_tenures(rows.get("tenures", []))
    plan.units = _validate_units(rows.get("units", []))
    all_categories = _validate_categories(rows.get("categories", []), plan)
    all_documents = _validate_documents(
        rows.get("documents", []), plan, fiscal_year_start=fiscal_year_start
    )
    plan.figures = _validate_figures(
        rows.get("figures", []),
        categories=all_categories,
        documents=all_documents,
        unit_words=_unit_words(plan.units),
        fiscal_year_start=fiscal_year_start,
    )
    plan.relations = _validate_relations(rows.get("figures", []), plan.figures)
    if errors:
        raise ImportValidationError(
            sorted(errors, key=lambda e: (ERROR_ORDER.index(e.section), e.row))
        )
    return plan


def _validate_meta(meta: dict[str, Any], errors: list[RowError]) -> MonthDay | None:
    """Read the fiscal year's start ("10-01") from the file's meta, when it gives one."""
    value = meta.get("fiscal_year_start")
    if _blank(value):
        return None
    match = MONTH_DAY.match(str(value).strip())
    if match is None or not is_month_day(int(match["month"]), int(match["day"])):
        message = f'{value!r} is not a month and day (write MM-DD, as in "10-01").'
        errors.append(RowError("meta", 1, "fiscal_year_start", message))
        return None
    return int(match["month"]), int(match["day"])


def _validate_tenures(rows: list[_Row]) -> list[dict[str, Any]]:
    tenures: list[dict[str, Any]] = []
    for row in rows:
        start, end = row.date("start"), row.date("end")
        if _blank(row.data.get("start")):
            row.error("start", "is required.")
        if start and end and start > end:
            row.error("end", "is before start.")
        tenures.append(
            {
                "slug": row.slug("id"),
                "label": row.text("label", required=True, max_length=120),
                "start": start,
                "end": end,
                "aliases": [w.lower() for w in row.words("aliases")],
            }
        )
    _check_unique(rows, [t["slug"] for t in tenures])
    return tenures


def _validate_units(rows: list[_Row]) -> list[dict[str, Any]]:
    """Units with their words; a word may belong to one unit only, or a quoted noun would count
    two different things."""
    units: list[dict[str, Any]] = []
    for row in rows:
        slug = row.slug("id")
        words = normalise_words(row.words("words"))
        if not words:
            row.error("words", "is required: give the words a quote may use for this unit.")
        units.append(
            {
                "slug": slug,
                "label": row.text("label", max_length=120) or slug.replace("_", " "),
                "words": words,
            }
        )
    _check_unique(rows, [u["slug"] for u in units])
    in_file = {u["slug"] for u in units}
    owner = {
        word: f"unit {slug!r}"
        for slug, words in Unit.objects.exclude(slug__in=in_file).values_list("slug", "words")
        for word in words
    }
    for row, unit in zip(rows, units, strict=True):
        for word in unit["words"]:
            if word in owner:
                row.error("words", f"{word!r} is already a word of {owner[word]}.")
            else:
                owner[word] = f"unit {unit['slug']!r} (row {row.number})"
    return units


def _validate_categories(rows: list[_Row], plan: _Plan) -> set[str]:
    """Fill the plan's categories and lay terms; return every category slug known after import."""
    known_categories = set(Category.objects.values_list("slug", flat=True))
    for row in rows:
        slug = row.slug("id")
        plan.categories.append(
            {
                "slug": slug,
                "label": row.text("label", max_length=120) or slug.replace("_", " ").capitalize(),
                "means": row.text("means", required=True),
                "does_not_mean": row.text("does_not_mean", required=True),
                "parent": row.slug("parent", required=False),
            }
        )
        terms = [(t.lower(), False) for t in row.words("lay_terms")]
        terms += [(t.lower(), True) for t in row.words("harm_terms")]
        plan.lay_terms[slug] = sorted(set(terms))
    _check_unique(rows, [c["slug"] for c in plan.categories])
    all_categories = known_categories | {c["slug"] for c in plan.categories}
    for row, cat in zip(rows, plan.categories, strict=True):
        if cat["parent"] and cat["parent"] not in all_categories:
            row.error("parent", f"unknown category {cat['parent']!r}.")
        if cat["parent"] and cat["parent"] == cat["slug"]:
            row.error("parent", "a category cannot be its own parent.")
    return all_categories


def _validate_documents(rows: list[_Row], plan: _Plan, *, fiscal_year_start: MonthDay) -> set[str]:
    """Fill the plan's documents; return every document slug known after import."""
    known_documents = set(Document.objects.values_list("slug", flat=True))
    for row in rows:
        raw_date = row.data.get("date")
        date_text = row.text("date_text", max_length=200)
        parsed = raw_date if isinstance(raw_date, date) else None
        if parsed is None and not _blank(raw_date):
            parsed = parse_date(str(raw_date), fiscal_year_start=fiscal_year_start)
            if parsed is None or str(raw_date).strip() != parsed.isoformat():
                date_text = date_text or str(raw_date).strip()
        plan.documents.append(
            {
                "slug": row.slug("id"),
                "title": row.text("title", required=True, max_length=400),
                "agency": row.text("agency", required=True, max_length=200),
                "kind": row.choice("kind", Document.Kind.values, default=Document.Kind.OTHER),
                "report_number": row.text("report_number", max_length=80),
                "date": parsed,
                "date_text": date_text,
                "url": row.url("url"),
                "other_urls": row.words("other_urls", ids=True),
                "method_published": row.boolean("method_published", default=False),
                "tier": row.integer("tier", default=Document.Tier.SECONDARY),
                "notes": row.text("notes"),
            }
        )
        if plan.documents[-1]["tier"] not in Document.Tier.values:
            row.error("tier", f"must be one of {Document.Tier.values}.")
    _check_unique(rows, [d["slug"] for d in plan.documents])
    return known_documents | {d["slug"] for d in plan.documents}


def _unit_words(file_units: list[dict[str, Any]]) -> re.Pattern[str] | None:
    """A pattern that finds any unit word, as whole words, in a figure's unit text; None when the
    registry has no units yet (a figure's unit is then not checked)."""
    in_file = {u["slug"] for u in file_units}
    words = [w for u in file_units for w in u["words"]]
    for stored in Unit.objects.exclude(slug__in=in_file).values_list("words", flat=True):
        words.extend(stored)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _validate_figures(
    rows: list[_Row],
    *,
    categories: set[str],
    documents: set[str],
    unit_words: re.Pattern[str] | None,
    fiscal_year_start: MonthDay,
) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    for row in rows:
        slug = row.slug("id")
        category = row.slug("category")
        document = row.slug("document")
        if category and category not in categories:
            row.error("category", f"unknown category {category!r}.")
        if document and document not in documents:
            row.error("document", f"unknown document {document!r}.")
        unit = row.text("unit", required=True, max_length=80)
        if unit and unit_words is not None and not unit_words.search(unit.lower()):
            row.error("unit", f"{unit!r} contains no word of any unit: add one to a unit's words.")
        as_of_text = row.text("as_of", max_length=200)
        as_of = row.date("as_of_date")
        if as_of is None and as_of_text:
            as_of = parse_date(as_of_text, fiscal_year_start=fiscal_year_start)
        period_text = row.text("period", max_length=200)
        start, end = row.date("period_start"), row.date("period_end")
        if start is None and end is None and period_text:
            start, end = read_period(period_text, as_of=as_of, fiscal_year_start=fiscal_year_start)
        if start and end and start > end:
            row.error("period_end", "is before period_start.")
        page = row.data.get("page")
        figures.append(
            {
                "slug": slug,
                "kind": row.choice("kind", Figure.Kind.values, default=Figure.Kind.FIGURE),
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
                "page": "" if _blank(page) else str(page).strip()[:20],
                "quote": row.text("quote"),
                "quote_source_url": row.url("quote_source_url"),
                "confidence": row.choice(
                    "confidence", Figure.Confidence.values, default=Figure.Confidence.PRIMARY
                ),
                "notes": row.text("notes"),
            }
        )
    _check_unique(rows, [f["slug"] for f in figures])
    return figures


def _validate_relations(
    rows: list[_Row], figures: list[dict[str, Any]]
) -> dict[str, set[tuple[str, str]]]:
    """Return {source slug: {(kind, target slug)}}, inverse names turned round."""
    known_figures = set(Figure.objects.values_list("slug", flat=True))
    all_figures = known_figures | {f["slug"] for f in figures}
    relations: dict[str, set[tuple[str, str]]] = {}
    for row, figure in zip(rows, figures, strict=True):
        declared = _declared_relations(row)
        for kind, targets in declared.items():
            for target in targets:
                if not SLUG.match(target):
                    row.error(kind, f"{target!r} is not a figure id.")
                elif target not in all_figures:
                    row.error(kind, f"unknown figure {target!r}.")
                elif target == figure["slug"]:
                    row.error(kind, "a figure cannot relate to itself.")
                elif kind in INVERSE_RELATIONS:
                    forward = INVERSE_RELATIONS[kind].value
                    relations.setdefault(target, set()).add((forward, figure["slug"]))
                else:
                    relations.setdefault(figure["slug"], set()).add((kind, target))
    return relations


def _declared_relations(row: _Row) -> dict[str, list[str]]:
    declared: dict[str, list[str]] = {}
    nested = row.data.get("relations")
    if isinstance(nested, dict):
        for kind, targets in nested.items():
            if kind not in RELATION_KINDS and kind not in INVERSE_RELATIONS:
                row.error("relations", f"unknown relation {kind!r}.")
                continue
            if targets is None:
                continue
            if not isinstance(targets, list):
                targets = [targets]
            declared[kind] = [str(t).strip() for t in targets if not _blank(t)]
    elif not _blank(nested):
        row.error("relations", "must map relation kinds to lists of figure ids.")
    for kind in (*RELATION_KINDS, *INVERSE_RELATIONS):
        if kind in row.data:
            declared.setdefault(kind, []).extend(row.words(kind, ids=True))
    return declared


# Writing --------------------------------------------------------------------------------------


def _upsert[M: Model](
    model: type[M], rows: list[dict[str, Any]], report: ImportReport, section: str
) -> dict[str, M]:
    """Create or update rows by slug; return {slug: instance}. Relations given as slugs in rows
    must already be resolved to instances by the caller."""
    existing = model._default_manager.in_bulk([r["slug"] for r in rows], field_name="slug")
    result: dict[str, M] = {}
    for values in rows:
        obj = existing.get(values["slug"])
        if obj is None:
            obj = model(**values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            report.created.setdefault(section, []).append(values["slug"])
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.full_clean(validate_unique=False, validate_constraints=False)
                obj.save()
                report.changed.setdefault(section, []).append((values["slug"], changed))
            else:
                report.unchanged[section] = report.unchanged.get(section, 0) + 1
        result[values["slug"]] = obj
    return result


def _write(plan: _Plan, report: ImportReport, progress: Callable[[Iterable], Iterable]) -> None:
    _write_settings(plan, report)
    _upsert(Tenure, plan.tenures, report, "tenures")
    _upsert(Unit, plan.units, report, "units")

    # Categories first without parents (a parent may come later in the file), then parents.
    parents = {c["slug"]: c["parent"] for c in plan.categories}
    categories = _upsert(
        Category,
        [{k: v for k, v in c.items() if k != "parent"} for c in plan.categories],
        report,
        "categories",
    )
    all_categories = {c.slug: c for c in Category.objects.all()}
    for slug, parent in parents.items():
        category = categories[slug]
        wanted = all_categories.get(parent) if parent else None
        if category.parent_id != (wanted.pk if wanted else None):
            category.parent = wanted
            category.save(update_fields=["parent"])
            if slug not in report.created.get("categories", []):
                _note_change(report, "categories", slug, "parent")
    for slug, terms in plan.lay_terms.items():
        category = categories[slug]
        current = set(category.lay_terms.values_list("term", "asserts_harm"))
        if current != set(terms):
            category.lay_terms.all().delete()
            LayTerm.objects.bulk_create(
                LayTerm(category=category, term=term, asserts_harm=harm) for term, harm in terms
            )
            if slug not in report.created.get("categories", []):
                _note_change(report, "categories", slug, "lay_terms")

    _upsert(Document, plan.documents, report, "documents")

    documents = {
        d.slug: d for d in Document.objects.filter(slug__in={f["document"] for f in plan.figures})
    }
    for figure in plan.figures:
        figure["category"] = all_categories[figure["category"]]
        figure["document"] = documents[figure["document"]]
    _upsert_figures(plan.figures, report, progress)

    _write_relations(plan, report)


def _write_settings(plan: _Plan, report: ImportReport) -> None:
    """Store the fiscal year's start when the file gives one that differs from the stored one."""
    if plan.fiscal_year_start is None:
        return
    settings = RegistrySettings.current()
    if settings.fiscal_year_start == plan.fiscal_year_start:
        report.unchanged["meta"] = 1
        return
    settings.fiscal_year_start_month, settings.fiscal_year_start_day = plan.fiscal_year_start
    settings.full_clean()
    settings.save()
    month, day = plan.fiscal_year_start
    report.changed["meta"] = [("fiscal_year_start", [f"{month:02d}-{day:02d}"])]


def _note_change(report: ImportReport, section: str, slug: str, field_name: str) -> None:
    entries = report.changed.setdefault(section, [])
    for existing_slug, fields in entries:
        if existing_slug == slug:
            fields.append(field_name)
            return
    entries.append((slug, [field_name]))
    if report.unchanged.get(section):
        report.unchanged[section] -= 1


def _upsert_figures(
    figures: list[dict[str, Any]], report: ImportReport, progress: Callable[[Iterable], Iterable]
) -> None:
    existing = {f.slug: f for f in Figure.objects.filter(slug__in=[f["slug"] for f in figures])}
    to_create, to_update, changed_fields = [], [], set()
    for values in progress(figures):
        obj = existing.get(values["slug"])
        if obj is None:
            obj = Figure(**values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            to_create.append(obj)
            report.created.setdefault("figures", []).append(values["slug"])
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(validate_unique=False, validate_constraints=False)
            to_update.append(obj)
            changed_fields.update(changed)
            report.changed.setdefault("figures", []).append((values["slug"], changed))
        else:
            report.unchanged["figures"] = report.unchanged.get("figures", 0) + 1
    Figure.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Figure.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)


def _write_relations(plan: _Plan, report: ImportReport) -> None:
    """Make each imported figure's outgoing relations exactly those the file declares."""
    imported = {f["slug"] for f in plan.figures}
    wanted: set[tuple[str, str, str]] = set()
    for source, pairs in plan.relations.items():
        for kind, target in pairs:
            # A symmetric relation declared from both ends is stored once.
            if kind in FigureRelation.SYMMETRIC and (target, kind, source) in wanted:
                continue
            wanted.add((source, kind, target))
    slugs = imported | {s for s, _, _ in wanted} | {t for _, _, t in wanted}
    ids = dict(Figure.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    current = {
        (r.source.slug, r.kind, r.target.slug): r.pk
        for r in FigureRelation.objects.filter(source__slug__in=slugs).select_related(
            "source", "target"
        )
    }
    # Only the relations owned by imported figures (or declared by them in reverse) are replaced.
    owned = {key: pk for key, pk in current.items() if key[0] in imported}
    owned |= {key: pk for key, pk in current.items() if key in wanted}
    # Keep a symmetric relation that is already stored the other way round.
    for source, kind, target in list(wanted):
        if kind in FigureRelation.SYMMETRIC and (target, kind, source) in current:
            wanted.discard((source, kind, target))
            owned.pop((target, kind, source), None)
    to_delete = [pk for key, pk in owned.items() if key not in wanted]
    to_add = sorted(wanted - set(current))
    FigureRelation.objects.filter(pk__in=to_delete).delete()
    FigureRelation.objects.bulk_create(
        FigureRelation(source_id=ids[s], kind=k, target_id=ids[t]) for s, k, t in to_add
    )
    if to_add:
        report.created["relations"] = [f"{s} {k} {t}" for s, k, t in to_add]
    if to_delete:
        report.changed["relations"] = [(f"{len(to_delete)} relation(s)", ["removed"])]
    report.unchanged["relations"] = len(wanted & set(current))


class _DryRun(Exception):
    pass


def import_sections(
    sections: dict[str, Any],
    *,
    dry_run: bool = False,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ImportReport:
    """Validate every row, then write all rows or none. A dry run reports and rolls back."""
    plan = validate(sections)
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _write(plan, report, progress or (lambda rows: rows))
            if dry_run:
                raise _DryRun
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
    return import_sections(read_sections(path), dry_run=dry_run, progress=progress)


def import_upload(fileobj: IO[bytes], *, name: str, dry_run: bool = False) -> ImportReport:
    """The same import for an uploaded file (the upload page)."""
    return import_sections(read_sections(fileobj, name=name), dry_run=dry_run)
