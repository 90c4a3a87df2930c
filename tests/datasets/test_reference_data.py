from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command

from datasets.importer import import_path
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
from tests.conftest import REFERENCE_DATA

pytestmark = pytest.mark.django_db


def test_reference_data_loads_every_figure_document_and_category(reference_data):
    assert Figure.objects.count() == 115
    assert Document.objects.count() == 50
    assert Category.objects.count() == 30
    assert Tenure.objects.count() == 4
    assert Unit.objects.count() == 15
    assert FigureRelation.objects.count() > 50


def test_fiscal_year_periods_become_real_dates(reference_data):
    figure = Figure.objects.get(slug="oig24_fta_fy19_23")
    assert (figure.period_start.isoformat(), figure.period_end.isoformat()) == (
        "2018-10-01",
        "2023-09-30",
    )
    assert figure.period_text == "FY2019-FY2023"


def test_the_reference_data_counts_from_the_us_federal_fiscal_year(reference_data):
    assert RegistrySettings.current().fiscal_year_start == (10, 1)


def test_fiscal_years_read_from_the_wording_give_the_dates_the_file_states(tmp_path):
    """Without its explicit dates, every figure whose period is worded in fiscal years gets the
    same dates from the file's fiscal_year_start: the data reads as it did before the start
    became data."""
    data = yaml.safe_load(REFERENCE_DATA.read_text(encoding="utf-8"))
    stated = {}
    for figure in data["figures"]:
        if "FY" in str(figure.get("period") or ""):
            stated[figure["id"]] = (figure.pop("period_start"), figure.pop("period_end"))
    assert len(stated) == 30
    path = tmp_path / "reference.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    import_path(path)
    read = {f.slug: (f.period_start, f.period_end) for f in Figure.objects.filter(slug__in=stated)}
    assert read == stated


def test_every_figure_counts_a_unit_and_no_word_belongs_to_two(reference_data):
    units = list(Unit.objects.all())
    assert {unit.slug for unit in units} >= {"children", "calls", "sponsors", "percent"}
    words = [word for unit in units for word in unit.words]
    assert len(words) == len(set(words))
    assert all(word == word.lower() for word in words)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)"
    )
    for unit_text in set(Figure.objects.values_list("unit", flat=True)):
        assert pattern.search(unit_text.lower()), unit_text
    children = Unit.objects.get(slug="children").words
    assert {"kids", "minors", "uacs", "unaccompanied minors", "migrant kids"} <= set(children)


def test_vague_wording_is_kept_beside_the_dates(reference_data):
    document = Document.objects.get(slug="doc_hhs_letter_biggs_2022")
    assert document.date.isoformat() == "2022-02-01"
    assert document.date_text == "2022-02/03"
    unclear = Figure.objects.get(slug="cuffari25_fta_300k_upi")
    assert unclear.period_start is None
    assert unclear.period_text == "unclear"


def test_superseded_by_is_stored_as_the_later_figure_superseding(reference_data):
    assert FigureRelation.objects.filter(
        source__slug="oig25_no_nta_jan2025",
        kind=FigureRelation.Kind.SUPERSEDES,
        target__slug="oig24_no_nta_may2024",
    ).exists()


def test_categories_carry_lay_terms_and_harm_words(reference_data):
    missing = Category.objects.get(slug="orr_missing_runaway")
    assert "missing" in set(missing.lay_terms.values_list("term", flat=True))
    deceased = Category.objects.get(slug="child_found_deceased")
    assert deceased.lay_terms.filter(term="dead", asserts_harm=True).exists()
    # What an order of removal does not mean ("a removal that was carried out").
    orders = Category.objects.get(slug="removal_order_in_absentia")
    assert orders.lay_terms.filter(term="deported", not_counted=True).exists()
    assert not LayTerm.objects.filter(asserts_harm=True, not_counted=True).exists()


def test_importing_the_reference_data_again_changes_nothing(reference_data):
    report = import_path(REFERENCE_DATA)
    assert report.total_created == 0
    assert report.total_changed == 0


def test_quickstart_prepares_everything_and_is_safe_to_run_twice(capsys):
    call_command("quickstart", no_serve=True, verbosity=0)
    first = capsys.readouterr().out
    assert "journalist" in first
    assert "password:" in first
    call_command("quickstart", no_serve=True, verbosity=0)
    second = capsys.readouterr().out
    assert "password:" not in second
    assert Figure.objects.count() == 115
    from datasets.models import Series, SeriesRow

    assert Series.objects.count() == 18
    assert SeriesRow.objects.count() == 1349
    from django.contrib.auth.models import User

    from claims.models import Claim

    assert Claim.objects.published().count() == 7

    assert set(User.objects.values_list("username", flat=True)) == {
        "journalist",
        "editor",
        "researcher",
    }
