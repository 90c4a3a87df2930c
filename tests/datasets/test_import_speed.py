"""Imports validate against what is loaded once and write in bulk: the queries do not grow with
the rows, a re-import that changes nothing writes nothing, and one import queues at most one
re-check task, of bounded size."""

from __future__ import annotations

import csv
import gc
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import apps as claims_apps
from claims import tasks as claims_tasks
from datasets.importer import ImportValidationError, import_path
from datasets.models import Figure, FigureRelation
from tests.factories import make_category, make_claim, make_document

pytestmark = pytest.mark.django_db

COLUMNS = ["id", "value", "unit", "category", "document", "as_of_date", "period", "subset_of"]


@pytest.fixture
def sources():
    return make_category(slug="cat_a"), make_document(slug="doc_a"), make_document(slug="doc_b")


def write_figures(path, count: int, *, value_of=lambda n: n + 1) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(count):
            writer.writerow(
                {
                    "id": f"fig_{n:05d}",
                    "value": value_of(n),
                    "unit": "children",
                    "category": "cat_a",
                    "document": "doc_a" if n % 2 else "doc_b",
                    "as_of_date": "2024-05-01",
                    "period": "FY2023",
                    "subset_of": f"fig_{n - 1:05d}" if n % 10 == 9 else "",
                }
            )


def queries_to_import(path) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        import_path(path)
    return [query["sql"] for query in captured.captured_queries]


def test_the_queries_of_an_import_do_not_grow_with_its_rows(tmp_path, sources):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_figures(small, 40)
    write_figures(large, 400)

    first = queries_to_import(small)
    Figure.objects.all().delete()
    second = queries_to_import(large)

    assert Figure.objects.count() == 400
    assert FigureRelation.objects.count() == 40
    assert len(second) == len(first)
    assert len(second) <= 25


def test_a_re_import_that_changes_nothing_writes_nothing(tmp_path, sources):
    path = tmp_path / "figures.csv"
    write_figures(path, 300)
    import_path(path)

    again = queries_to_import(path)

    writes = [sql for sql in again if sql.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert len(again) <= 15


def test_the_garbage_collector_is_paused_during_an_import_and_runs_again_after(
    tmp_path, sources, monkeypatch
):
    path = tmp_path / "figures.csv"
    write_figures(path, 30)
    during: list[bool] = []
    original = Figure.objects.order_by

    def order_by(*args):
        during.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(Figure.objects, "order_by", order_by)

    import_path(path)

    assert during == [False]
    assert gc.isenabled()


def test_the_garbage_collector_runs_again_after_a_refused_import(tmp_path, sources):
    path = tmp_path / "figures.csv"
    write_figures(path, 30, value_of=lambda n: "many" if n == 3 else n)

    with pytest.raises(ImportValidationError):
        import_path(path)

    assert gc.isenabled()


def test_a_re_import_writes_only_the_rows_that_changed(tmp_path, sources):
    path = tmp_path / "figures.csv"
    write_figures(path, 300)
    import_path(path)
    write_figures(path, 300, value_of=lambda n: n + 1 if n != 150 else 9999)

    report = import_path(path)

    assert report.changed == {"figures": [("fig_00150", ["value"])]}
    assert report.unchanged["figures"] == 299
    assert Figure.objects.get(slug="fig_00150").value == 9999


def test_a_file_of_stored_new_and_changed_figures_writes_each_as_the_file_gives_it(
    tmp_path, sources
):
    path = tmp_path / "figures.csv"
    write_figures(path, 300)
    import_path(path)
    write_figures(path, 330, value_of=lambda n: n + 1 if n != 7 else 70)

    report = import_path(path)

    assert report.created["figures"] == [f"fig_{n:05d}" for n in range(300, 330)]
    assert report.changed["figures"] == [("fig_00007", ["value"])]
    assert report.unchanged["figures"] == 299
    stored = {
        slug: (value, category, document)
        for slug, value, category, document in Figure.objects.values_list(
            "slug", "value", "category__slug", "document__slug"
        )
    }
    assert len(stored) == 330
    for n in (7, 8, 300, 329):
        value = 70 if n == 7 else n + 1
        assert stored[f"fig_{n:05d}"] == (value, "cat_a", "doc_a" if n % 2 else "doc_b")
    assert FigureRelation.objects.filter(source__slug="fig_00329").get().target.slug == (
        "fig_00328"
    )


def test_a_large_import_queues_one_re_check_of_bounded_size(
    tmp_path, sources, journalist, monkeypatch, django_capture_on_commit_callbacks
):
    make_claim(author=journalist)
    queued: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(
        claims_tasks,
        "recheck_claims",
        SimpleNamespace(enqueue=lambda *a, **kw: queued.append((a, kw))),
    )
    path = tmp_path / "figures.csv"
    write_figures(path, claims_apps.RECHECK_MAX_FIGURES + 500)

    with django_capture_on_commit_callbacks(execute=True):
        import_path(path)

    assert queued == [(([],), {"every_ruling": True})]


def test_a_small_import_names_the_figures_to_re_check(
    tmp_path, sources, journalist, monkeypatch, django_capture_on_commit_callbacks
):
    make_claim(author=journalist)
    queued: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(
        claims_tasks,
        "recheck_claims",
        SimpleNamespace(enqueue=lambda *a, **kw: queued.append((a, kw))),
    )
    path = tmp_path / "figures.csv"
    write_figures(path, 3)

    with django_capture_on_commit_callbacks(execute=True):
        import_path(path)

    assert queued == [((["fig_00000", "fig_00001", "fig_00002"],), {})]
