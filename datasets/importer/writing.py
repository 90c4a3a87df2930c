"""Write a checked plan: create or update rows by id, and report what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

from datasets.importer.figure_rows import FIGURE_NAMES
from datasets.importer.reading import ERROR_ORDER
from datasets.importer.validation import Plan
from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    LayTerm,
    RegistrySettings,
    Tenure,
    Unit,
)


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


# Slugs per `slug__in` look-up: PostgreSQL takes at most 65,535 parameters a query.
LOOKUP_CHUNK = 10_000
BATCH_SIZE = 1_000


def _differs(obj: Model, name: str, value: Any) -> bool:
    """Whether the stored field differs from the value; a related row is compared by its id,
    so that comparing never loads it."""
    if isinstance(value, Model):
        return getattr(obj, f"{name}_id") != value.pk
    return getattr(obj, name) != value


def _merge[M: Model](
    model: type[M],
    existing: Mapping[str, M],
    values: dict[str, Any],
    report: ImportReport,
    section: str,
) -> tuple[M, list[str] | None]:
    """The row `values` describe, cleaned but not saved, noted in the report: a new instance
    (with None), or the stored one with the fields that differ set (with their names, none when
    nothing changed)."""
    slug = values["slug"]
    obj = existing.get(slug)
    if obj is None:
        obj = model(**values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        report.created.setdefault(section, []).append(slug)
        return obj, None
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        report.changed.setdefault(section, []).append((slug, changed))
    else:
        report.unchanged[section] = report.unchanged.get(section, 0) + 1
    return obj, changed


def in_chunks[T](items: list[T], size: int = LOOKUP_CHUNK) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _upsert[M: Model](
    model: type[M], rows: list[dict[str, Any]], report: ImportReport, section: str
) -> dict[str, M]:
    """Create or update rows by slug; return {slug: instance}. Relations given as slugs in rows
    must already be resolved to instances by the caller."""
    existing = model._default_manager.in_bulk([r["slug"] for r in rows], field_name="slug")
    result: dict[str, M] = {}
    for values in rows:
        obj, changed = _merge(model, existing, values, report, section)
        if changed is None or changed:
            obj.save()
        result[values["slug"]] = obj
    return result


def write_plan(plan: Plan, report: ImportReport, progress: Callable[[Iterable], Iterable]) -> None:
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
        current = set(category.lay_terms.values_list("term", "asserts_harm", "not_counted"))
        if current != set(terms):
            category.lay_terms.all().delete()
            LayTerm.objects.bulk_create(
                LayTerm(category=category, term=term, asserts_harm=harm, not_counted=not_counted)
                for term, harm, not_counted in terms
            )
            if slug not in report.created.get("categories", []):
                _note_change(report, "categories", slug, "lay_terms")

    _upsert(Document, plan.documents, report, "documents")

    if plan.figures:
        category_ids = {slug: category.pk for slug, category in all_categories.items()}
        documents = set(plan.figure_columns[DOCUMENT])
        document_ids = {
            slug: pk
            for slug, pk in _named(Document.objects.values_list("slug", "pk"), "slug", documents)
            if slug in documents
        }
        _upsert_figures(
            plan.figures, plan.figure_columns, category_ids, document_ids, report, progress
        )

    _write_relations(plan, report)


def _write_settings(plan: Plan, report: ImportReport) -> None:
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


# The figure's stored columns, in table order, as the importer writes them (FIGURE_NAMES).
FIGURE_FIELDS = [field for field in Figure._meta.concrete_fields if not field.primary_key]
FIGURE_COLUMNS = [field.attname for field in FIGURE_FIELDS]
CATEGORY = FIGURE_NAMES.index("category")
DOCUMENT = FIGURE_NAMES.index("document")
assert CATEGORY < DOCUMENT  # as _stored_form puts them


def _stored_form(
    figure: tuple[Any, ...], category_ids: dict[str, int], document_ids: dict[str, int]
) -> tuple[Any, ...]:
    """A figure of the file as its row is stored: its category and document by their ids."""
    return (
        *figure[:CATEGORY],
        category_ids[figure[CATEGORY]],
        *figure[CATEGORY + 1 : DOCUMENT],
        document_ids[figure[DOCUMENT]],
        *figure[DOCUMENT + 1 :],
    )


def _upsert_figures(
    figures: list[tuple[Any, ...]],
    columns: list[list[Any]],
    category_ids: dict[str, int],
    document_ids: dict[str, int],
    report: ImportReport,
    progress: Callable[[Iterable], Iterable],
) -> None:
    """Create and update figures in bulk (`figures` the file's, as tuples and as `columns`).
    Each stored figure is read as a tuple of its columns (in one pass of a server-side cursor,
    never held all at once) and compared with the file's in one step, a category or document by
    its id; only new and changed rows are written, so a file that changes nothing writes
    nothing."""
    slugs = columns[0]
    position = {slug: index for index, slug in enumerate(slugs)}
    stored = bytearray(len(slugs))
    updates: list[tuple[int, int, list[int]]] = []  # (row index, pk, indexes of changed fields)
    queryset = Figure.objects.order_by().values_list("pk", *FIGURE_COLUMNS)
    for current in _named(queryset, "slug", set(position)):
        index = position.get(current[1])
        if index is None:
            continue
        stored[index] = 1
        values = current[1:]
        row = _stored_form(figures[index], category_ids, document_ids)
        if values != row:
            changed = [
                n for n, (old, new) in enumerate(zip(values, row, strict=True)) if old != new
            ]
            updates.append((index, current[0], changed))
    created = [slug for slug, known in zip(progress(slugs), stored, strict=True) if not known]
    if created:
        report.created.setdefault("figures", []).extend(created)
    updates.sort()
    if updates:
        report.changed.setdefault("figures", []).extend(
            (slugs[index], [FIGURE_NAMES[n] for n in changed]) for index, _, changed in updates
        )
    unchanged = len(slugs) - len(created) - len(updates)
    if unchanged:
        report.unchanged["figures"] = report.unchanged.get("figures", 0) + unchanged
    if len(created) == len(slugs):
        # Every figure is new: its columns are the file's, a category and document by id.
        new_columns = list(columns)
        new_columns[CATEGORY] = list(map(category_ids.__getitem__, columns[CATEGORY]))
        new_columns[DOCUMENT] = list(map(document_ids.__getitem__, columns[DOCUMENT]))
    else:
        new_rows = (
            _stored_form(figure, category_ids, document_ids)
            for figure, known in zip(figures, stored, strict=True)
            if not known
        )
        new_columns = [list(column) for column in zip(*new_rows, strict=True)]
    del created
    _create_figures(new_columns)
    del new_columns
    if updates:
        # One UPDATE per batch, setting only the fields that changed somewhere.
        changed_fields = sorted({FIGURE_NAMES[n] for _, _, changed in updates for n in changed})
        to_update = []
        for index, pk, changed in updates:
            row = _stored_form(figures[index], category_ids, document_ids)
            to_update.append(Figure(pk=pk, **{FIGURE_COLUMNS[n]: row[n] for n in changed}))
        Figure.objects.bulk_update(to_update, changed_fields, batch_size=BATCH_SIZE)


def _create_figures(columns: Sequence[Sequence[Any]]) -> None:
    """Insert new figures, given column by column (FIGURE_COLUMNS)."""
    _insert_columns(Figure, FIGURE_FIELDS, columns)


def _named(queryset: Any, field: str, slugs: set[str]) -> Iterable[Any]:
    """The rows of `queryset` whose `field` is among `slugs`: a few looked up by chunks of
    `field__in`, many by one pass over the table (a hundred thousand query parameters cost more
    than reading the rows). Rows of the pass that are not wanted are left for the caller to
    skip."""
    if len(slugs) <= LOOKUP_CHUNK:
        return queryset.filter(**{f"{field}__in": sorted(slugs)})
    return queryset.iterator(chunk_size=5_000)


# COPY's text format: a backslash and the characters that end a cell or a line are escaped.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_SPECIAL = ("\\", "\t", "\n", "\r")
COPY_BATCH = 10_000
TEXT_FIELDS = {"CharField", "SlugField", "TextField", "URLField"}
# Columns of a few values, each written many times (dates, a category's or a document's id):
# each value is turned into text once.
FEW_VALUES_FIELDS = {"DateField", "ForeignKey"}
# Columns whose text never holds a character COPY escapes (numbers, dates, ids).
OTHER_FIELDS = {"DateField", "DecimalField", "ForeignKey", "IntegerField", "BigAutoField"}


def _copy_cells(field: Any, cells: Sequence[Any]) -> Sequence[str]:
    """One column of rows in COPY's text format: None as \\N, text escaped where it needs it."""
    if field.get_internal_type() in TEXT_FIELDS:
        try:
            joined = "".join(cells)
        except TypeError:  # a cell that is not text
            pass
        else:
            if any(special in joined for special in COPY_SPECIAL):
                return [cell.translate(COPY_ESCAPES) for cell in cells]
            return cells
    if field.get_internal_type() not in OTHER_FIELDS:
        return ["\\N" if cell is None else str(cell).translate(COPY_ESCAPES) for cell in cells]
    if field.get_internal_type() in FEW_VALUES_FIELDS:
        text = {cell: "\\N" if cell is None else str(cell) for cell in set(cells)}
        return list(map(text.__getitem__, cells))
    texts = list(map(str, cells))
    if "None" in texts:  # compared as text: a Decimal compared with None is slow
        return ["\\N" if cell is None else text for cell, text in zip(cells, texts, strict=True)]
    return texts


def _insert(model: type[Model], fields: list[Any], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows, each a tuple of `fields`' column values (see _insert_columns)."""
    if rows:
        _insert_columns(model, fields, list(zip(*rows, strict=True)))


def _insert_columns(
    model: type[Model], fields: list[Any], columns: Sequence[Sequence[Any]]
) -> None:
    """Insert rows given column by column (`fields`' values, each column in row order): with
    COPY on PostgreSQL, a batch of rows turned into its text a column at a time; else in batches
    of INSERTs.

    The COPY's text is handed to a thread that sends it, so that the next batch is made while
    PostgreSQL, in its own process, stores the one before: without it each batch waits for the
    server to take the last."""
    if not columns or not columns[0]:
        return
    if connection.vendor != "postgresql":
        names = [field.attname for field in fields]
        model._default_manager.bulk_create(
            (model(**dict(zip(names, row, strict=True))) for row in zip(*columns, strict=True)),
            batch_size=BATCH_SIZE,
        )
        return
    from psycopg.copy import QueuedLibpqWriter  # PostgreSQL's driver: only on this path

    quoted = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({quoted}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(statement, writer=QueuedLibpqWriter(cursor.cursor)) as copy,
    ):
        for start in range(0, len(columns[0]), COPY_BATCH):
            cells = [
                _copy_cells(field, column[start : start + COPY_BATCH])
                for field, column in zip(fields, columns, strict=True)
            ]
            copy.write("\n".join(map("\t".join, zip(*cells, strict=True))) + "\n")


def _figure_ids(slugs: set[str]) -> dict[str, int]:
    """{slug: id} of the figures `slugs` name: on PostgreSQL by one query carrying the slugs as
    one array (looked up in the index, however many), elsewhere as _named reads them."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Figure._meta.db_table)
        with connection.cursor() as cursor:
            query = f"SELECT slug, id FROM {table} WHERE slug = ANY(%s)"  # noqa: S608
            cursor.execute(query, [list(slugs)])
            return dict(cursor.fetchall())
    queryset = Figure.objects.values_list("slug", "pk")
    return {slug: pk for slug, pk in _named(queryset, "slug", slugs) if slug in slugs}


RELATION_FIELDS = [FigureRelation._meta.get_field(name) for name in ("source", "target", "kind")]


def _write_relations(plan: Plan, report: ImportReport) -> None:
    """Make each imported figure's outgoing relations exactly those the file declares."""
    imported = set(plan.figure_columns[0]) if plan.figures else set()
    wanted: set[tuple[str, str, str]] = set()
    for source, pairs in plan.relations.items():
        for kind, target in pairs:
            # A symmetric relation declared from both ends is stored once.
            if kind in FigureRelation.SYMMETRIC and (target, kind, source) in wanted:
                continue
            wanted.add((source, kind, target))
    slugs = imported | {s for s, _, _ in wanted} | {t for _, _, t in wanted}
    relations = FigureRelation.objects.values_list("pk", "source__slug", "kind", "target__slug")
    current = {
        (source, kind, target): pk
        for pk, source, kind, target in _named(relations, "source__slug", slugs)
        if source in slugs
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
    for chunk in in_chunks(to_delete):
        FigureRelation.objects.filter(pk__in=chunk).delete()
    if to_add:
        # The ids of the figures the new relations join, and only theirs.
        ids = _figure_ids({s for s, _, _ in to_add} | {t for _, _, t in to_add})
        _insert(FigureRelation, RELATION_FIELDS, [(ids[s], ids[t], k) for s, k, t in to_add])
        report.created["relations"] = [f"{s} {k} {t}" for s, k, t in to_add]
    if to_delete:
        report.changed["relations"] = [(f"{len(to_delete)} relation(s)", ["removed"])]
    report.unchanged["relations"] = len(wanted & set(current))
