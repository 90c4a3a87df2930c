"""Checks reuse one copy of the registry until something the engine reads changes; it is built
once per generation, whoever asks at once."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.checking import check_claim, current_registry
from claims.engine import ClaimInput, FigureRecord, Registry, check
from claims.registry_cache import SharedRegistry, cache_key
from datasets.models import RegistrySettings, Unit
from tests.factories import make_category, make_figure

pytestmark = pytest.mark.django_db


def test_a_second_check_reads_only_the_generation_token(reference_data):
    check_claim(ClaimInput(text="They lost 80,000 children."))
    with CaptureQueriesContext(connection) as queries:
        check_claim(ClaimInput(text="They lost 85,000 children."))
    assert len(queries) == 1


def test_a_new_figure_is_seen_by_the_next_check():
    before = current_registry()
    figure = make_figure(value=Decimal(123457))
    after = current_registry()
    assert after is not before
    assert figure.slug in {f.slug for f in after.figures}
    verdict = check_claim(ClaimInput(text="123,457 children"))
    assert figure.slug in verdict.figures


def test_a_new_lay_term_is_seen_by_the_next_check():
    before = current_registry()
    make_category(lay_terms=("spirited away",))
    assert current_registry() is not before


def test_a_new_unit_word_is_seen_by_the_next_check():
    unit = Unit.objects.create(slug="letters", label="letters", words=["letters"])
    before = current_registry()
    unit.words = ["letters", "notices"]
    unit.save()
    after = current_registry()
    assert after is not before
    assert after.units[0].words == ("letters", "notices")


def test_a_new_fiscal_year_start_is_seen_by_the_next_check():
    before = current_registry()
    assert before.fiscal_year_start == (1, 1)
    RegistrySettings.objects.create(fiscal_year_start_month=7, fiscal_year_start_day=1)
    after = current_registry()
    assert after is not before
    assert after.fiscal_year_start == (7, 1)


# -- one build per generation, shared by threads and processes ------------------------------

SHARED_FIGURE = FigureRecord(
    slug="shared", value=Decimal(325000), qualifier="exact", unit="children", category="lost",
    kind="figure", document="audit", period_text="", period_start=None, period_end=None,
    as_of_text="", as_of=None, confidence="primary",
)  # fmt: skip


def _counting_build(pause: float = 0.0):
    """A registry builder that counts its calls and takes `pause` seconds, so that threads
    asking at once overlap."""
    calls: list[int] = []
    gate = threading.Lock()

    def build() -> Registry:
        with gate:
            calls.append(1)
        time.sleep(pause)
        return Registry(figures=(SHARED_FIGURE,))

    return build, calls


def _ask_at_once(asks) -> list[Registry]:
    barrier = threading.Barrier(len(asks))
    results: list[Registry] = [None] * len(asks)  # type: ignore[list-item]

    def run(number: int) -> None:
        barrier.wait()
        results[number] = asks[number]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(asks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_threads_asking_at_once_build_the_registry_once():
    shared = SharedRegistry()
    build, calls = _counting_build(pause=0.2)
    results = _ask_at_once([lambda: shared.get("g1", build)] * 4)
    assert len(calls) == 1
    assert all(result is results[0] for result in results)
    # Built with everything checks derive from it.
    assert "index" in results[0].__dict__
    assert "_arithmetic" in results[0].index.__dict__


def test_a_new_generation_is_built_again_and_the_same_one_is_not(tmp_path):
    shared = SharedRegistry()
    build, calls = _counting_build()
    first = shared.get("g1", build, tmp_path)
    assert shared.get("g1", build, tmp_path) is first
    second = shared.get("g2", build, tmp_path)
    assert second is not first
    assert len(calls) == 2
    # Only the current generation's file is kept.
    assert [path.name for path in tmp_path.glob("registry-*.pickle")] == ["registry-g2.pickle"]


def test_processes_sharing_a_directory_build_once_and_the_others_load_it(tmp_path):
    # Each SharedRegistry stands for a process: they share nothing but the directory, and take
    # its file lock through their own file handles, as processes do.
    processes = [SharedRegistry() for _ in range(4)]
    build, calls = _counting_build(pause=0.2)
    results = _ask_at_once([lambda p=p: p.get("g1", build, tmp_path) for p in processes])
    assert len(calls) == 1
    assert sum(p.built for p in processes) == 1
    assert sum(p.loaded for p in processes) == 3
    assert {r.figures for r in results} == {(SHARED_FIGURE,)}
    verdicts = {repr(check(ClaimInput(text="325,000 children"), r).figures) for r in results}
    assert verdicts == {"('shared',)"}


def test_a_damaged_file_is_built_again(tmp_path):
    (tmp_path / "registry-g1.pickle").write_bytes(b"not a registry")
    shared = SharedRegistry()
    build, calls = _counting_build()
    registry = shared.get("g1", build, tmp_path)
    assert len(calls) == 1
    assert registry.figures == (SHARED_FIGURE,)
    assert SharedRegistry().get("g1", build, tmp_path).figures == (SHARED_FIGURE,)
    assert len(calls) == 1  # the file written over is loaded by the next process


def test_a_directory_others_can_write_is_not_loaded_from(tmp_path):
    tmp_path.chmod(0o777)
    build, calls = _counting_build()
    SharedRegistry().get("g1", build, tmp_path)
    SharedRegistry().get("g1", build, tmp_path)
    assert len(calls) == 2
    assert not list(tmp_path.glob("registry-*.pickle"))


def test_the_file_is_named_by_database_generation_and_engine_code():
    assert cache_key("db-a", "g1") != cache_key("db-b", "g1")
    assert cache_key("db-a", "g1") != cache_key("db-a", "g2")
    assert cache_key("db-a", "g1") == cache_key("db-a", "g1")


def test_a_folder_that_cannot_be_made_leaves_each_process_its_own_build(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    build, calls = _counting_build()
    registry = SharedRegistry().get("g1", build, blocked / "engine")
    assert registry.figures == (SHARED_FIGURE,)
    assert len(calls) == 1
