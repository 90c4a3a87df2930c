"""Write a checked plan: create or update rows by id, and report what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        report.changed.setdefault(section, []).append((slug, changed))
    else:
        report.unchanged[section] = report.unchanged.get(section, 0) + 1
    return obj, changed


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


def _upsert_figures(
    figures: list[dict[str, Any]], report: ImportReport, progress: Callable[[Iterable], Iterable]
) -> None:
    existing = {f.slug: f for f in Figure.objects.filter(slug__in=[f["slug"] for f in figures])}
    to_create: list[Figure] = []
    to_update: list[Figure] = []
    changed_fields: set[str] = set()
    for values in progress(figures):
        obj, changed = _merge(Figure, existing, values, report, "figures")
        if changed is None:
            to_create.append(obj)
        elif changed:
            to_update.append(obj)
            changed_fields.update(changed)
    Figure.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Figure.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)


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
