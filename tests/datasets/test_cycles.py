"""Relations that run one way never go round in a circle: a figure a subset of itself through
others, two figures superseding or derived from each other, a category its own grandparent.
The importer and the admin refuse them, naming the figures or categories and the rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datasets.cycles import find_cycles, path_between
from datasets.importer import ImportValidationError, import_path
from datasets.models import Category, FigureRelation
from tests.factories import make_category, make_figure, relate

# --- the graph (no database)


def test_a_graph_without_cycles_has_none():
    assert find_cycles({"a": ["b", "c"], "b": ["c"], "c": []}) == []


def test_each_cycle_is_found_with_its_nodes_in_order():
    assert find_cycles({"a": ["b"], "b": ["a"]}) == [["a", "b", "a"]]
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": ["a"]}) == [["a", "a"]]


def test_a_long_chain_needs_no_recursion():
    chain = {str(n): [str(n + 1)] for n in range(50_000)}
    assert find_cycles(chain) == []
    chain["50000"] = ["0"]
    assert len(find_cycles(chain)[0]) == 50_002


def test_a_path_is_found_when_there_is_one():
    edges = {"a": ["b"], "b": ["c"]}
    assert path_between(edges, "a", "c") == ["a", "b", "c"]
    assert path_between(edges, "c", "a") is None


# --- the importer


def registry(tmp_path: Path, *, figures: list[dict], categories: list[dict] | None = None) -> Path:
    data = {
        "categories": categories
        or [{"id": "cat", "means": "Something counted.", "does_not_mean": "Something else."}],
        "documents": [{"id": "doc", "title": "An audit", "agency": "An inspector general"}],
        "figures": [
            {"value": 5, "unit": "children", "category": "cat", "document": "doc", **figure}
            for figure in figures
        ],
    }
    path = tmp_path / "registry.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    return path


def errors_of(path: Path) -> dict[tuple[str, int, str], str]:
    with pytest.raises(ImportValidationError) as caught:
        import_path(path)
    return {(e.section, e.row, e.column): e.message for e in caught.value.errors}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["subset_of", "supersedes", "derived_from"])
def test_two_figures_related_both_ways_are_refused_with_both_rows_named(tmp_path, kind):
    path = registry(
        tmp_path,
        figures=[{"id": "fig_a", kind: ["fig_b"]}, {"id": "fig_b", kind: ["fig_a"]}],
    )
    errors = errors_of(path)
    assert set(errors) == {("figures", 1, kind), ("figures", 2, kind)}
    message = errors["figures", 1, kind]
    label = kind.replace("_", " ")
    assert f"fig_a (row 1) {label} fig_b (row 2) {label} fig_a (row 1)" in message
    assert not FigureRelation.objects.exists()


@pytest.mark.django_db
def test_a_longer_circle_is_refused(tmp_path):
    path = registry(
        tmp_path,
        figures=[
            {"id": "fig_a", "subset_of": ["fig_b"]},
            {"id": "fig_b", "subset_of": ["fig_c"]},
            {"id": "fig_c", "subset_of": ["fig_a"]},
        ],
    )
    assert {row for _, row, _ in errors_of(path)} == {1, 2, 3}


@pytest.mark.django_db
def test_superseding_and_being_superseded_by_the_same_figure_is_a_circle(tmp_path):
    path = registry(
        tmp_path,
        figures=[
            {"id": "fig_a", "supersedes": ["fig_b"], "superseded_by": ["fig_b"]},
            {"id": "fig_b"},
        ],
    )
    errors = errors_of(path)
    assert set(errors) == {("figures", 1, "supersedes"), ("figures", 1, "superseded_by")}


@pytest.mark.django_db
def test_a_circle_with_a_stored_relation_is_refused(tmp_path):
    category = make_category(slug="cat")
    stored_a = make_figure(slug="fig_a", category=category)
    stored_b = make_figure(slug="fig_b", category=category)
    relate(stored_a, "subset_of", stored_b)
    path = registry(tmp_path, figures=[{"id": "fig_b", "subset_of": ["fig_a"]}])
    errors = errors_of(path)
    assert set(errors) == {("figures", 1, "subset_of")}
    assert "fig_a subset of fig_b (row 1) subset of fig_a" in errors["figures", 1, "subset_of"]


@pytest.mark.django_db
def test_a_file_may_turn_round_a_relation_it_replaces(tmp_path):
    category = make_category(slug="cat")
    stored_a = make_figure(slug="fig_a", category=category)
    stored_b = make_figure(slug="fig_b", category=category)
    relate(stored_a, "subset_of", stored_b)
    # fig_a is in the file with no relation: its stored one goes, so fig_b may be its subset.
    path = registry(tmp_path, figures=[{"id": "fig_a"}, {"id": "fig_b", "subset_of": ["fig_a"]}])
    import_path(path)
    assert list(FigureRelation.objects.values_list("source__slug", "kind", "target__slug")) == [
        ("fig_b", "subset_of", "fig_a")
    ]


@pytest.mark.django_db
def test_symmetric_relations_both_ways_are_no_circle(tmp_path):
    path = registry(
        tmp_path,
        figures=[
            {"id": "fig_a", "disjoint_with": ["fig_b"], "subset_of": ["fig_c"]},
            {"id": "fig_b", "disjoint_with": ["fig_a"], "subset_of": ["fig_c"]},
            {"id": "fig_c"},
        ],
    )
    import_path(path)
    assert FigureRelation.objects.count() == 3


def category(slug: str, parent: str | None = None) -> dict:
    row = {"id": slug, "means": "Counted.", "does_not_mean": "Not counted."}
    if parent:
        row["parent"] = parent
    return row


@pytest.mark.django_db
def test_a_category_that_would_be_its_own_grandparent_is_refused(tmp_path):
    path = registry(
        tmp_path,
        figures=[],
        categories=[
            category("cat", "child"),
            category("child", "grandchild"),
            category("grandchild", "cat"),
        ],
    )
    errors = errors_of(path)
    assert set(errors) == {
        ("categories", 1, "parent"),
        ("categories", 2, "parent"),
        ("categories", 3, "parent"),
    }
    assert (
        "cat (row 1) → child (row 2) → grandchild (row 3) → cat (row 1)"
        in errors["categories", 1, "parent"]
    )
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_a_category_whose_stored_child_would_become_its_parent_is_refused(tmp_path):
    parent = make_category(slug="cat")
    make_category(slug="child", parent=parent)
    path = registry(tmp_path, figures=[], categories=[category("cat", "child")])
    errors = errors_of(path)
    assert set(errors) == {("categories", 1, "parent")}
    assert "cat (row 1) → child → cat (row 1)" in errors["categories", 1, "parent"]


@pytest.mark.django_db
def test_a_category_tree_imports(tmp_path):
    path = registry(
        tmp_path,
        figures=[],
        categories=[category("cat"), category("child", "cat"), category("grandchild", "child")],
    )
    import_path(path)
    assert Category.objects.get(slug="grandchild").parent.parent.slug == "cat"


# --- the admin


@pytest.mark.django_db
def test_the_admin_refuses_a_relation_that_closes_a_circle(client, admin_user):
    a, b, c = make_figure(slug="fig-a"), make_figure(slug="fig-b"), make_figure(slug="fig-c")
    relate(a, "subset_of", b)
    relate(b, "subset_of", c)
    client.force_login(admin_user)
    response = client.post(
        "/admin/datasets/figurerelation/add/",
        {"source": c.pk, "kind": "subset_of", "target": a.pk},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "fig-c subset of fig-a subset of fig-b subset of fig-c" in str(errors)
    assert FigureRelation.objects.count() == 2
    # Another kind, or the same kind elsewhere, is fine.
    response = client.post(
        "/admin/datasets/figurerelation/add/",
        {"source": c.pk, "kind": "related_to", "target": a.pk},
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_admin_refuses_a_category_that_would_be_its_own_grandparent(client, admin_user):
    top = make_category(slug="top")
    middle = make_category(slug="middle", parent=top)
    bottom = make_category(slug="bottom", parent=middle)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/datasets/category/{top.pk}/change/",
        {
            "slug": "top",
            "label": top.label,
            "means": top.means,
            "does_not_mean": top.does_not_mean,
            "parent": bottom.pk,
            "lay_terms-TOTAL_FORMS": "0",
            "lay_terms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "top → bottom → middle → top" in str(response.context["adminform"].form.errors)
    top.refresh_from_db()
    assert top.parent is None
