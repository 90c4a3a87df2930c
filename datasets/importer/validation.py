"""Check every section of a file against the registry and turn it into a plan to write.

Units list the words a quote may use for what figures count; once the registry has units, every
figure's `unit` must contain one of them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from datasets.cycles import find_cycles
from datasets.importer.figure_rows import FigureContext, FigureRows
from datasets.importer.reading import ERROR_ORDER, SECTIONS
from datasets.importer.rows import (
    SLUG,
    ErrorLog,
    ImportValidationError,
    Row,
    RowError,
    is_blank,
    read_rows,
)
from datasets.models import (
    Category,
    Document,
    Figure,
    FigureRelation,
    RegistrySettings,
    Unit,
    is_month_day,
    normalise_words,
)
from datasets.periods import MonthDay, parse_date
from datasets.tables import split_list

MONTH_DAY = re.compile(r"^(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
RELATION_KINDS = [kind.value for kind in FigureRelation.Kind]
# Read once, not per row: a choices list is rebuilt each time it is asked for.
DOCUMENT_KINDS = tuple(Document.Kind.values)
# Inverse names a file may use; stored as the forward relation from the other figure.
INVERSE_RELATIONS = {"superseded_by": FigureRelation.Kind.SUPERSEDES}
# The columns of a figure row that may declare relations.
RELATION_COLUMNS = ("relations", *RELATION_KINDS, *INVERSE_RELATIONS)


@dataclass
class Plan:
    tenures: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    lay_terms: dict[str, list[tuple[str, bool, bool]]] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    # Each figure a tuple of FIGURE_NAMES, its category and document by slug; and the same
    # figures column by column, in the order of FIGURE_NAMES.
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    figure_columns: list[list[Any]] = field(default_factory=list)
    relations: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # As the file's meta gives it; None leaves the stored setting as it is.
    fiscal_year_start: MonthDay | None = None


def _check_unique(rows: list[Row], slugs: list[str], column: str = "id") -> None:
    seen: dict[str, int] = {}
    for row, slug in zip(rows, slugs, strict=True):
        if slug and slug in seen:
            row.error(column, f"{slug!r} already appears on row {seen[slug]}.")
        seen.setdefault(slug, row.number)


def validate(sections: dict[str, Any]) -> Plan:
    """Check every row of every section; raise ImportValidationError listing all problems."""
    errors = ErrorLog()
    plan = Plan()
    rows: dict[str, list[Row]] = {}
    figure_rows = FigureRows([], 1, errors)
    for name in SECTIONS:
        if name in sections:
            records, first = sections[name]
            if name == "figures":
                figure_rows = FigureRows(records, first, errors)
            else:
                rows[name] = read_rows(records, first, name, errors)
    plan.fiscal_year_start = fiscal_year_start_of(sections.get("meta") or {}, errors)
    fiscal_year_start = plan.fiscal_year_start or RegistrySettings.current().fiscal_year_start

    plan.tenures = _validate_tenures(rows.get("tenures", []))
    plan.units = _validate_units(rows.get("units", []))
    all_categories = _validate_categories(rows.get("categories", []), plan)
    all_documents = _validate_documents(
        rows.get("documents", []), plan, fiscal_year_start=fiscal_year_start
    )
    plan.figures, plan.figure_columns = figure_rows.validate(
        FigureContext(
            categories=all_categories,
            documents=all_documents,
            unit_words=_unit_words(plan.units),
            fiscal_year_start=fiscal_year_start,
        )
    )
    declared_by: dict[tuple[str, str, str], tuple[int, str]] = {}
    plan.relations = _validate_relations(figure_rows, plan.figures, declared_by)
    _check_relation_cycles(figure_rows, plan, declared_by)
    if errors:
        raise ImportValidationError(
            sorted(errors, key=lambda e: (ERROR_ORDER.index(e.section), e.row)),
            more=errors.more,
        )
    return plan


def fiscal_year_start_of(meta: dict[str, Any], errors: list[RowError]) -> MonthDay | None:
    """Read the fiscal year's start ("10-01") from a file's meta, when it gives one (the
    registry's files and the series files alike)."""
    value = meta.get("fiscal_year_start")
    if is_blank(value):
        return None
    match = MONTH_DAY.match(str(value).strip())
    if match is None or not is_month_day(int(match["month"]), int(match["day"])):
        message = f'{value!r} is not a month and day (write MM-DD, as in "10-01").'
        errors.append(RowError("meta", 1, "fiscal_year_start", message))
        return None
    return int(match["month"]), int(match["day"])


def _validate_tenures(rows: list[Row]) -> list[dict[str, Any]]:
    tenures: list[dict[str, Any]] = []
    for row in rows:
        start, end = row.date("start"), row.date("end")
        if is_blank(row.data.get("start")):
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


def _validate_units(rows: list[Row]) -> list[dict[str, Any]]:
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


def _validate_categories(rows: list[Row], plan: Plan) -> set[str]:
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
        # (term, asserts harm, not counted): words that point to the category, words that
        # assert harm, and words of what its "does not mean" excludes.
        terms = {(t.lower(), False, False) for t in row.words("lay_terms")}
        terms |= {(t.lower(), True, False) for t in row.words("harm_terms")}
        terms |= {(t.lower(), False, True) for t in row.words("not_counted_terms")}
        words = [term for term, _, _ in terms]
        if twice := sorted({word for word in words if words.count(word) > 1}):
            row.error("lay_terms", f"each word belongs to one list; given twice: {twice}.")
        plan.lay_terms[slug] = sorted(terms)
    _check_unique(rows, [c["slug"] for c in plan.categories])
    all_categories = known_categories | {c["slug"] for c in plan.categories}
    for row, cat in zip(rows, plan.categories, strict=True):
        if cat["parent"] and cat["parent"] not in all_categories:
            row.error("parent", f"unknown category {cat['parent']!r}.")
        if cat["parent"] and cat["parent"] == cat["slug"]:
            row.error("parent", "a category cannot be its own parent.")
    _check_parent_cycles(rows, plan)
    return all_categories


def _check_parent_cycles(rows: list[Row], plan: Plan) -> None:
    """Refuse parents that would make a category its own ancestor (its grandparent, or further
    up) once the file is written, naming the categories and rows."""
    in_file = {c["slug"]: row for row, c in zip(rows, plan.categories, strict=True)}
    parents: dict[str, set[str]] = {
        slug: {parent}
        for slug, parent in Category.objects.exclude(slug__in=in_file)
        .filter(parent__isnull=False)
        .values_list("slug", "parent__slug")
    }
    for category in plan.categories:
        if category["parent"] and category["parent"] != category["slug"]:
            parents[category["slug"]] = {category["parent"]}
    for cycle in find_cycles(parents):
        chain = " → ".join(
            f"{slug} (row {in_file[slug].number})" if slug in in_file else slug for slug in cycle
        )
        message = f"a category would be its own ancestor: {chain} (each arrow: has parent)."
        for slug in dict.fromkeys(cycle):
            if slug in in_file:
                in_file[slug].error("parent", message)


def _validate_documents(rows: list[Row], plan: Plan, *, fiscal_year_start: MonthDay) -> set[str]:
    """Fill the plan's documents; return every document slug known after import."""
    known_documents = set(Document.objects.values_list("slug", flat=True))
    for row in rows:
        raw_date = row.data.get("date")
        date_text = row.text("date_text", max_length=200)
        parsed = raw_date if isinstance(raw_date, date) else None
        if parsed is None and not is_blank(raw_date):
            parsed = parse_date(str(raw_date), fiscal_year_start=fiscal_year_start)
            if parsed is None or str(raw_date).strip() != parsed.isoformat():
                date_text = date_text or str(raw_date).strip()
        plan.documents.append(
            {
                "slug": row.slug("id"),
                "title": row.text("title", required=True, max_length=400),
                "agency": row.text("agency", required=True, max_length=200),
                "kind": row.choice("kind", DOCUMENT_KINDS, default=Document.Kind.OTHER),
                "report_number": row.text("report_number", max_length=80),
                "date": parsed,
                "date_text": date_text,
                "url": row.url("url"),
                "other_urls": row.urls("other_urls"),
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


def _validate_relations(
    rows: FigureRows,
    figures: list[tuple[Any, ...]],
    declared_by: dict[tuple[str, str, str], tuple[int, str]],
) -> dict[str, set[tuple[str, str]]]:
    """Return {source slug: {(kind, target slug)}}, inverse names turned round; note in
    `declared_by` the row (by index) and column that declared each (source, kind, target).

    Only the rows that declare a relation are read: from their relation cells when every id in
    them is one the file or the registry holds, else one row at a time, which notes the
    problems."""
    relations: dict[str, set[tuple[str, str]]] = {}
    declaring = rows.relation_rows(RELATION_COLUMNS)
    if not declaring:
        return relations
    in_file = {figure[0] for figure in figures}
    cells = list(_plain_relations(rows, declaring, figures))
    known = in_file
    if any(targets is None or not in_file.issuperset(targets) for _, _, targets in cells):
        # Stored figures, read only when a row names a figure that is not in the file.
        known = in_file | set(Figure.objects.values_list("slug", flat=True))
    plain: dict[int, list[tuple[str, list[str]]] | None] = {index: [] for index in declaring}
    for index, kind, targets in cells:
        declared = plain[index]
        if declared is not None and targets is not None and known.issuperset(targets):
            declared.append((kind, targets))
        else:
            plain[index] = None
    for index in declaring:
        slug = figures[index][0]
        declared = plain[index]
        if declared is None:
            declared = _checked_relations(rows.row(index), slug, known)
        for kind, targets in declared:
            for target in targets:
                if kind in INVERSE_RELATIONS:
                    forward = INVERSE_RELATIONS[kind].value
                    relations.setdefault(target, set()).add((forward, slug))
                    declared_by.setdefault((target, forward, slug), (index, kind))
                else:
                    relations.setdefault(slug, set()).add((kind, target))
                    declared_by.setdefault((slug, kind, target), (index, kind))
    return relations


def _plain_relations(
    rows: FigureRows, declaring: list[int], figures: list[tuple[Any, ...]]
) -> Iterator[tuple[int, str, list[str] | None]]:
    """(row index, kind, ids) for each relation cell of the declaring rows, in the order a row
    declares them; ids None where the cell needs the row's own check (not text, an id not
    well formed, too long or the row's own, a nested `relations` mapping)."""
    nested = rows.column("relations")
    read = [(kind, rows.column(kind)) for kind in (*RELATION_KINDS, *INVERSE_RELATIONS)]
    columns = [(kind, cells) for kind, cells in read if cells is not None]
    match = SLUG.match
    for index in declaring:
        if nested is not None and not is_blank(nested[index]):
            yield index, "relations", None
            continue
        slug = figures[index][0]
        for kind, cells in columns:
            cell = cells[index]
            if cell is None or cell == "":
                continue
            if cell.__class__ is not str:
                yield index, kind, None
                continue
            targets = split_list(cell, ids=True)
            if all(len(t) <= 200 and t != slug and match(t) for t in targets):
                yield index, kind, targets
            else:
                yield index, kind, None


def _checked_relations(row: Row, slug: str, known: set[str]) -> list[tuple[str, list[str]]]:
    """The relations one row declares, each problem noted against its row and column."""
    checked: list[tuple[str, list[str]]] = []
    for kind, targets in _declared_relations(row).items():
        valid = []
        for target in targets:
            if not SLUG.match(target):
                row.error(kind, f"{target!r} is not a figure id.")
            elif target not in known:
                row.error(kind, f"unknown figure {target!r}.")
            elif target == slug:
                row.error(kind, "a figure cannot relate to itself.")
            else:
                valid.append(target)
        checked.append((kind, valid))
    return checked


def _check_relation_cycles(
    rows: FigureRows, plan: Plan, declared_by: dict[tuple[str, str, str], tuple[int, str]]
) -> None:
    """Refuse relations that would lead back to where they started once the file is written
    (a subset of a subset of itself, two figures superseding each other), naming the figures and
    rows: the file's relations replace those of the figures it holds, and every other stored
    relation stays."""
    if not plan.relations:
        return  # the file adds no relation, so none can close a circle
    imported = set(plan.figure_columns[0])
    edges: dict[str, dict[str, set[str]]] = {kind: {} for kind in FigureRelation.ONE_WAY}
    # Every stored one-way relation, those of the file's figures left out here rather than by a
    # query that would carry every slug of the file.
    stored = (
        FigureRelation.objects.filter(kind__in=FigureRelation.ONE_WAY)
        .order_by()
        .values_list("source__slug", "kind", "target__slug")
    )
    for source, kind, target in stored:
        if source not in imported:
            edges[kind].setdefault(source, set()).add(target)
    for source, pairs in plan.relations.items():
        for kind, target in pairs:
            if kind in edges:
                edges[kind].setdefault(source, set()).add(target)
    found = [(kind, cycle) for kind, graph in edges.items() for cycle in find_cycles(graph)]
    if not found:
        return
    row_of = {f[0]: rows.number(index) for index, f in enumerate(plan.figures)}
    for kind, cycle in found:
        label = FigureRelation.Kind(kind).label
        chain = f" {label} ".join(
            f"{slug} (row {row_of[slug]})" if slug in row_of else slug for slug in cycle
        )
        message = f"relations would go round in a circle: {chain}."
        for link in itertools.pairwise(cycle):
            if (declared := declared_by.get((link[0], kind, link[1]))) is not None:
                index, column = declared
                rows.row(index).error(column, message)


def _declared_relations(row: Row) -> dict[str, list[str]]:
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
            declared[kind] = [str(t).strip() for t in targets if not is_blank(t)]
    elif not is_blank(nested):
        row.error("relations", "must map relation kinds to lists of figure ids.")
    for kind in (*RELATION_KINDS, *INVERSE_RELATIONS):
        if kind in row.data:
            declared.setdefault(kind, []).extend(row.words(kind, ids=True))
    return declared
