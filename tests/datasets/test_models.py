from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from datasets.models import FigureRelation
from tests.factories import make_category, make_document, make_figure, relate

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_figure_value_cannot_be_negative():
    assert refused(lambda: make_figure(value=Decimal(-1)))


def test_a_period_cannot_end_before_it_starts():
    assert refused(lambda: make_figure(period_start=date(2024, 1, 2), period_end=date(2024, 1, 1)))


def test_slugs_are_unique():
    make_document(slug="same")
    assert refused(lambda: make_document(slug="same"))
    make_figure(slug="same-figure")
    assert refused(lambda: make_figure(slug="same-figure"))


def test_a_figure_cannot_supersede_itself():
    figure = make_figure()
    assert refused(lambda: relate(figure, FigureRelation.Kind.SUPERSEDES, figure))


def test_a_relation_is_recorded_once():
    a, b = make_figure(), make_figure()
    relate(a, FigureRelation.Kind.SUBSET_OF, b)
    assert refused(lambda: relate(a, FigureRelation.Kind.SUBSET_OF, b))


def test_a_category_cannot_be_its_own_parent():
    category = make_category()
    category.parent = category
    assert refused(lambda: category.save())


def test_document_dates_read_as_precisely_as_the_source():
    assert make_document(date=date(2024, 8, 19)).date_display == "19 August 2024"
    assert make_document(date=date(2025, 12, 1), date_text="2025-12").date_display == (
        "December 2025"
    )
    assert make_document(date=None, date_text="").date_display == "undated"
