from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from datasets.models import FigureRelation, RegistrySettings, Unit
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


def test_the_registry_settings_default_to_the_calendar_year_until_stored():
    assert RegistrySettings.current().fiscal_year_start == (1, 1)
    RegistrySettings.objects.create(fiscal_year_start_month=10, fiscal_year_start_day=1)
    assert RegistrySettings.current().fiscal_year_start == (10, 1)


def test_the_registry_settings_are_a_single_row():
    RegistrySettings.objects.create()
    assert refused(lambda: RegistrySettings.objects.create(id=2))


@pytest.mark.parametrize(("month", "day"), [(2, 29), (4, 31), (13, 1), (0, 1)])
def test_a_fiscal_year_cannot_start_on_a_day_that_is_not_in_every_year(month, day):
    settings = RegistrySettings(fiscal_year_start_month=month, fiscal_year_start_day=day)
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_a_unit_keeps_its_words_in_lower_case_once_each():
    unit = Unit(slug="calls", label="calls", words=["Calls", "phone  calls", "calls", " "])
    unit.full_clean()
    assert unit.words == ["calls", "phone calls"]
    with pytest.raises(ValidationError):
        Unit(slug="empty", label="empty", words=[]).full_clean()


def test_the_registry_settings_can_be_changed_in_the_admin_but_not_added_twice(client, admin_user):
    client.force_login(admin_user)
    url = "/admin/datasets/registrysettings/"
    assert client.get(f"{url}add/").status_code == 200
    RegistrySettings.objects.create()
    assert client.get(f"{url}add/").status_code == 403
    response = client.post(
        f"{url}1/change/", {"fiscal_year_start_month": 7, "fiscal_year_start_day": 1}
    )
    assert response.status_code == 302
    assert RegistrySettings.current().fiscal_year_start == (7, 1)
