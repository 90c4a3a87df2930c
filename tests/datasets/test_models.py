from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from datasets.models import Document, Figure, FigureRelation, RegistrySettings, Unit
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


def test_documents_match_the_search_words_in_any_text_and_the_other_filters_exactly():
    make_document(slug="alert", title="Management Alert", agency="DHS OIG")
    make_document(slug="gao", title="Sponsors", agency="GAO", report_number="GAO-20-245")
    make_document(slug="undated", title="Undated", agency="GAO", date=None)

    def slugs(**filters: str) -> set[str]:
        return set(Document.objects.matching(filters).values_list("slug", flat=True))

    assert slugs(q="alert") == {"alert"}
    assert slugs(q="gao-20") == {"gao"}
    assert slugs(agency="GAO") == {"gao", "undated"}
    assert slugs(agency="GAO", year="2024") == {"gao"}
    assert slugs(q="", agency="", kind="", year="") == {"alert", "gao", "undated"}


def test_documents_count_their_figures_in_one_query(django_assert_num_queries):
    document = make_document(slug="counted")
    make_figure(document=document)
    make_figure(document=document)
    make_document(slug="empty")
    with django_assert_num_queries(1):
        counts = dict(Document.objects.with_figure_count().values_list("slug", "figure_count"))
    assert counts == {"counted": 2, "empty": 0}


def test_a_figure_reads_its_relations_both_ways_from_what_was_fetched_with_it(
    django_assert_num_queries,
):
    old = make_figure(slug="old")
    new = make_figure(slug="new")
    part = make_figure(slug="part")
    relate(new, FigureRelation.Kind.SUPERSEDES, old)
    relate(part, FigureRelation.Kind.SUBSET_OF, new)
    with django_assert_num_queries(3):
        figure = Figure.objects.with_relations().get(slug="new")
        related = [
            (label, other.slug, other.document.slug) for label, other in figure.related_figures()
        ]
    assert related == [
        ("supersedes", "old", old.document.slug),
        ("includes", "part", part.document.slug),
    ]
