"""Checks reuse one copy of the registry until something the engine reads changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.checking import check_claim, current_registry
from claims.engine import ClaimInput
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


def test_threads_that_need_a_new_registry_at_once_load_it_once(monkeypatch):
    import threading
    import time

    from claims import checking

    registry = current_registry()
    loads = []

    def slow_load():
        loads.append(threading.get_ident())
        time.sleep(0.2)
        return registry

    monkeypatch.setattr(checking, "load_registry", slow_load)
    got = []
    threads = [
        threading.Thread(target=lambda: got.append(checking._registry_of("a-new-generation")))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert got == [registry] * 4
