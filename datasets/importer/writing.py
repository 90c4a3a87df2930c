"""Write a checked plan: create or update rows by id, and report what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

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

    documents = {
        d.slug: d for d in Document.objects.filter(slug__in={f["document"] for f in plan.figures})
    }
    for figure in plan.figures:
        figure["category"] = all_categories[figure["category"]]
        figure["document"] = documents[figure["document"]]
    _upsert_figures(plan.figures, report, progress)

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


# The figure's stored columns, in table order, as the importer writes them.
FIGURE_FIELDS = [field for field in Figure._meta.concrete_fields if not field.primary_key]


def _upsert_figures(
    figures: list[dict[str, Any]], report: ImportReport, progress: Callable[[Iterable], Iterable]
) -> None:
    """Create and update figures in bulk. Stored figures are read as plain values (not model
    instances) and compared field by field, a related row by its id; only new and changed rows
    are written, so a file that changes nothing writes nothing."""
    stored = _stored_figure_values(f["slug"] for f in figures)
    to_create: list[dict[str, Any]] = []
    to_update: list[Figure] = []
    changed_fields: set[str] = set()
    changes: list[tuple[str, list[str]]] = []
    unchanged = 0
    for values in progress(figures):
        current = stored.get(values["slug"])
        if current is None:
            to_create.append(values)
            continue
        changed = [
            field.name
            for field in FIGURE_FIELDS
            if field.name in values and current[field.attname] != _column(field, values)
        ]
        if not changed:
            unchanged += 1
            continue
        to_update.append(Figure(pk=current["pk"], **{name: values[name] for name in changed}))
        changed_fields.update(changed)
        changes.append((values["slug"], changed))
    if to_create:
        report.created.setdefault("figures", []).extend(v["slug"] for v in to_create)
    if changes:
        report.changed.setdefault("figures", []).extend(changes)
    if unchanged:
        report.unchanged["figures"] = report.unchanged.get("figures", 0) + unchanged
    _create_figures(to_create)
    if to_update:
        # One UPDATE per batch, setting only the fields that changed somewhere.
        Figure.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)


def _column(field: Any, values: dict[str, Any]) -> Any:
    value = values[field.name]
    return value.pk if field.is_relation else value


def _stored_figure_values(slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{slug: {column attname: value, "pk": id}} of the stored figures among `slugs`."""
    names = ["pk", *(field.attname for field in FIGURE_FIELDS)]
    wanted = set(slugs)
    return {
        row["slug"]: row
        for row in _named(Figure.objects.values(*names), "slug", wanted)
        if row["slug"] in wanted
    }


def _named(queryset: Any, field: str, slugs: set[str]) -> Iterable[Any]:
    """The rows of `queryset` whose `field` is among `slugs`: a few looked up by chunks of
    `field__in`, many by one pass over the table (a hundred thousand query parameters cost more
    than reading the rows). Rows of the pass that are not wanted are left for the caller to
    skip."""
    if len(slugs) <= LOOKUP_CHUNK:
        return queryset.filter(**{f"{field}__in": sorted(slugs)})
    return queryset.iterator(chunk_size=5_000)


def _create_figures(rows: list[dict[str, Any]]) -> None:
    """Insert new figures: with COPY on PostgreSQL (a hundred thousand rows in a few seconds),
    else in batches of INSERTs."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Figure.objects.bulk_create((Figure(**values) for values in rows), batch_size=BATCH_SIZE)
        return
    defaults = {field.name: field.get_default() for field in FIGURE_FIELDS}
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in FIGURE_FIELDS)
    table = connection.ops.quote_name(Figure._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for values in rows:
            copy.write_row(
                [
                    _column(field, values) if field.name in values else defaults[field.name]
                    for field in FIGURE_FIELDS
                ]
            )


def _write_relations(plan: Plan, report: ImportReport) -> None:
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
    ids = {
        slug: pk
        for slug, pk in _named(Figure.objects.values_list("slug", "pk"), "slug", slugs)
        if slug in slugs
    }
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
    FigureRelation.objects.bulk_create(
        (FigureRelation(source_id=ids[s], kind=k, target_id=ids[t]) for s, k, t in to_add),
        batch_size=BATCH_SIZE,
    )
    if to_add:
        report.created["relations"] = [f"{s} {k} {t}" for s, k, t in to_add]
    if to_delete:
        report.changed["relations"] = [(f"{len(to_delete)} relation(s)", ["removed"])]
    report.unchanged["relations"] = len(wanted & set(current))
