from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from datasets.importer import ImportFileError, ImportValidationError, import_path
from datasets.models import Category, Document, Figure, FigureRelation, RegistrySettings, Unit

pytestmark = pytest.mark.django_db

GOOD_YAML = textwrap.dedent(
    """
    meta:
      fiscal_year_start: "10-01"
    categories:
    - id: no_nta_served
      label: No Notice to Appear served
      means: No court case started.
      does_not_mean: Missing.
      lay_terms: [no court date]
    - id: released_to_sponsor
      label: Released to a sponsor
      means: Placed with a sponsor.
      does_not_mean: Lost.
    documents:
    - id: doc_audit
      title: An audit
      agency: DHS Office of Inspector General
      kind: oversight_audit
      report_number: OIG-24-46
      date: 2024-08-19
      url: https://example.org/a.pdf
      method_published: true
      tier: 1
    figures:
    - id: fig_a
      value: 291000
      qualifier: more than
      unit: children
      category: no_nta_served
      document: doc_audit
      period: FY2019-FY2023
      as_of: May 2024
      confidence: primary
      relations:
        subset_of: [fig_b]
    - id: fig_b
      value: "448,000"
      qualifier: more than
      unit: children
      category: released_to_sponsor
      document: doc_audit
      period: FY2019-FY2023
    """
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_imports_and_a_second_run_changes_nothing(tmp_path):
    path = write(tmp_path, "good.yaml", GOOD_YAML)
    first = import_path(path)
    assert first.total_created == 6  # 2 categories, 1 document, 2 figures, 1 relation
    figure = Figure.objects.get(slug="fig_a")
    assert figure.value == Decimal(291000)
    assert figure.period_start.isoformat() == "2018-10-01"
    assert figure.as_of.isoformat() == "2024-05-01"
    assert FigureRelation.objects.filter(
        source=figure, kind="subset_of", target__slug="fig_b"
    ).exists()

    second = import_path(path)
    assert (second.total_created, second.total_changed) == (0, 0)


def test_a_changed_value_is_reported_as_a_change_and_updated(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML))
    report = import_path(write(tmp_path, "new.yaml", GOOD_YAML.replace("291000", "233000")))
    assert report.changed["figures"] == [("fig_a", ["value"])]
    assert Figure.objects.get(slug="fig_a").value == Decimal(233000)


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(tmp_path):
    bad = GOOD_YAML.replace("value: 291000", "value: lots").replace(
        "document: doc_audit\n  period: FY2019-FY2023\n  as_of",
        "document: doc_nowhere\n  period: FY2019-FY2023\n  as_of",
    )
    bad = bad.replace("subset_of: [fig_b]", "subset_of: [fig_ghost]")
    bad = bad.replace('value: "448,000"', 'value: "-5"')
    bad = bad.replace("  means: Placed with a sponsor.\n", "")
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "bad.yaml", bad))
    problems = {(e.section, e.row, e.column) for e in caught.value.errors}
    assert ("figures", 1, "value") in problems
    assert ("figures", 1, "document") in problems
    assert ("figures", 1, "subset_of") in problems
    assert ("figures", 2, "value") in problems
    assert ("categories", 2, "means") in problems
    assert Figure.objects.count() == Document.objects.count() == Category.objects.count() == 0


def test_csv_rows_are_numbered_as_lines_of_the_file(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML))
    csv_text = (
        "id,value,qualifier,unit,category,document,period,subset_of\n"
        "fig_c,32000,more than,children,no_nta_served,doc_audit,FY2019-FY2023,fig_b\n"
        "fig_d,twelve,,children,unknown_category,doc_audit,FY2020,\n"
        "fig_c,5,,children,no_nta_served,doc_audit,2024-02-30 to 2024-03-01,fig_e\n"
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "figures.csv", csv_text))
    problems = {(e.row, e.column) for e in caught.value.errors}
    assert {(3, "value"), (3, "category"), (4, "id"), (4, "subset_of")} <= problems
    assert not Figure.objects.filter(slug="fig_c").exists()


def test_a_csv_row_with_more_cells_than_the_header_is_an_error_on_its_line(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML))
    csv_text = (
        "id,value,unit,category,document\nfig_c,32000,children,no_nta_served,doc_audit,stray\n"
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "figures.csv", csv_text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "(unnamed column)")]
    assert not Figure.objects.filter(slug="fig_c").exists()


def test_a_value_with_more_than_four_decimal_places_is_an_error(tmp_path):
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "bad.yaml", GOOD_YAML.replace("291000", "2.91234")))
    assert {(e.row, e.column) for e in caught.value.errors} == {(1, "value")}


def test_a_csv_of_figures_imports_with_relations(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML))
    csv_text = (
        "id,value,qualifier,unit,category,document,period,as_of,subset_of\n"
        "fig_c,32000,more than,children,no_nta_served,doc_audit,FY2019-FY2023,May 2024,fig_b\n"
    )
    report = import_path(write(tmp_path, "figures.csv", csv_text))
    assert report.created["figures"] == ["fig_c"]
    assert FigureRelation.objects.filter(source__slug="fig_c", target__slug="fig_b").exists()


def test_an_xlsx_workbook_with_named_sheets_imports(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML))
    path = tmp_path / "figures.xlsx"
    units = pd.DataFrame(
        [{"id": "children", "label": "children", "words": "Children; child; kids"}]
    )
    frame = pd.DataFrame(
        [
            {
                "id": "fig_x",
                "value": "19313",
                "unit": "children",
                "category": "released_to_sponsor",
                "document": "doc_audit",
                "period": "December 2018",
            }
        ]
    )
    with pd.ExcelWriter(path) as writer:
        units.to_excel(writer, sheet_name="units", index=False)
        frame.to_excel(writer, sheet_name="figures", index=False)
    import_path(path)
    figure = Figure.objects.get(slug="fig_x")
    assert figure.period_start.isoformat() == "2018-12-01"
    assert figure.period_end.isoformat() == "2018-12-31"
    assert Unit.objects.get(slug="children").words == ["children", "child", "kids"]


def test_a_dry_run_reports_what_would_change_and_writes_nothing(tmp_path):
    report = import_path(write(tmp_path, "good.yaml", GOOD_YAML), dry_run=True)
    assert "fig_a" in report.created["figures"]
    assert any("Would create fig_a" in line for line in report.lines())
    assert Figure.objects.count() == 0


def test_malformed_yaml_is_a_clear_file_error(tmp_path):
    with pytest.raises(ImportFileError, match="Could not read"):
        import_path(write(tmp_path, "broken.yaml", "figures: [unclosed"))


def test_an_unknown_file_type_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match=r"\.yaml"):
        import_path(write(tmp_path, "figures.txt", "id,value"))


def test_the_command_prints_each_error_and_exits_with_status_2(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", GOOD_YAML.replace("value: 291000", "value: lots"))
    with pytest.raises(CommandError) as caught:
        call_command("import_figures", str(path))
    assert caught.value.returncode == 2
    assert "figures row 1, column value: 'lots' is not a number." in capsys.readouterr().err
    assert Figure.objects.count() == 0


def test_the_command_dry_run_lists_what_would_be_created(tmp_path, capsys):
    call_command("import_figures", str(write(tmp_path, "good.yaml", GOOD_YAML)), dry_run=True)
    out = capsys.readouterr().out
    assert "Would create fig_a" in out
    assert "dry run" in out
    assert Figure.objects.count() == 0


def test_a_figure_cannot_relate_to_itself(tmp_path):
    text = GOOD_YAML.replace("subset_of: [fig_b]", "supersedes: [fig_a]")
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "self.yaml", text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "supersedes")]


def test_control_characters_in_text_are_refused(tmp_path):
    text = GOOD_YAML.replace("title: An audit", 'title: "An \\x07audit"')
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "ctl.yaml", text))
    assert [(e.section, e.column) for e in caught.value.errors] == [("documents", "title")]


UNITS_YAML = textwrap.dedent(
    """
    units:
    - id: children
      label: children
      words: [Children, child, kids, "unaccompanied  minors"]
    - id: letters
      words: [letters, letter]
    """
)


def test_units_import_with_their_words_in_lower_case_and_upsert_by_id(tmp_path):
    report = import_path(write(tmp_path, "units.yaml", UNITS_YAML))
    assert report.created["units"] == ["children", "letters"]
    assert Unit.objects.get(slug="children").words == [
        "children",
        "child",
        "kids",
        "unaccompanied minors",
    ]
    assert Unit.objects.get(slug="letters").label == "letters"

    again = import_path(write(tmp_path, "more.yaml", UNITS_YAML.replace("letter]", "mailings]")))
    assert again.changed["units"] == [("letters", ["words"])]
    assert Unit.objects.get(slug="letters").words == ["letters", "mailings"]
    assert Unit.objects.count() == 2


def test_a_word_given_to_two_units_and_a_unit_without_words_are_errors(tmp_path):
    text = UNITS_YAML + "- id: kids\n  words: [kids]\n- id: empty\n  words: []\n"
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "units.yaml", text))
    errors = {(e.section, e.row, e.column): e.message for e in caught.value.errors}
    assert errors[("units", 3, "words")] == "'kids' is already a word of unit 'children' (row 1)."
    assert ("units", 4, "words") in errors
    assert Unit.objects.count() == 0


def test_once_there_are_units_a_figure_must_name_one(tmp_path):
    import_path(write(tmp_path, "units.yaml", UNITS_YAML))
    text = GOOD_YAML.replace(
        "unit: children\n  category: no_nta_served", "unit: widgets\n  category: no_nta_served"
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "good.yaml", text))
    assert [(e.section, e.row, e.column) for e in caught.value.errors] == [("figures", 1, "unit")]
    # A unit word anywhere in the source's wording is enough.
    text = GOOD_YAML.replace("unit: children\n", "unit: letters (children)\n")
    import_path(write(tmp_path, "good.yaml", text))
    assert Figure.objects.get(slug="fig_a").unit == "letters (children)"


def test_a_figure_without_a_unit_is_an_error(tmp_path):
    text = GOOD_YAML.replace("unit: children\n  category: released", "category: released")
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "good.yaml", text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "unit")]


def test_the_fiscal_year_start_is_stored_and_read_from_the_file(tmp_path):
    text = GOOD_YAML.replace('"10-01"', '"07-01"')
    report = import_path(write(tmp_path, "july.yaml", text))
    assert report.changed["meta"] == [("fiscal_year_start", ["07-01"])]
    assert RegistrySettings.current().fiscal_year_start == (7, 1)
    figure = Figure.objects.get(slug="fig_a")
    assert (figure.period_start.isoformat(), figure.period_end.isoformat()) == (
        "2018-07-01",
        "2023-06-30",
    )
    assert (import_path(write(tmp_path, "july.yaml", text)).total_changed) == 0


def test_a_file_without_a_fiscal_year_start_reads_fiscal_years_with_the_stored_one(tmp_path):
    import_path(write(tmp_path, "good.yaml", GOOD_YAML.replace('"10-01"', '"07-01"')))
    csv_text = (
        "id,value,qualifier,unit,category,document,period\n"
        "fig_c,32000,more than,children,no_nta_served,doc_audit,FY2020\n"
    )
    import_path(write(tmp_path, "figures.csv", csv_text))
    figure = Figure.objects.get(slug="fig_c")
    assert (figure.period_start.isoformat(), figure.period_end.isoformat()) == (
        "2019-07-01",
        "2020-06-30",
    )
    assert RegistrySettings.current().fiscal_year_start == (7, 1)


def test_without_any_fiscal_year_start_a_fiscal_year_is_the_calendar_year(tmp_path):
    text = GOOD_YAML.replace('meta:\n  fiscal_year_start: "10-01"\n', "")
    import_path(write(tmp_path, "good.yaml", text))
    assert Figure.objects.get(slug="fig_a").period_start.isoformat() == "2019-01-01"


@pytest.mark.parametrize("value", ["13-01", "02-29", "10/01", "October", "2024-10-01"])
def test_a_bad_fiscal_year_start_is_an_error_naming_its_field(tmp_path, value):
    text = GOOD_YAML.replace('"10-01"', f'"{value}"')
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "bad.yaml", text))
    assert [(e.section, e.column) for e in caught.value.errors] == [("meta", "fiscal_year_start")]
    assert str(caught.value.errors[0]).startswith("meta row 1, column fiscal_year_start:")
    assert not RegistrySettings.objects.exists()
    assert Figure.objects.count() == 0


def test_a_dry_run_stores_neither_units_nor_the_fiscal_year_start(tmp_path):
    text = GOOD_YAML.replace('"10-01"', '"07-01"') + UNITS_YAML
    report = import_path(write(tmp_path, "all.yaml", text), dry_run=True)
    assert report.created["units"] == ["children", "letters"]
    assert any("fiscal_year_start: 07-01" in line for line in report.lines())
    assert not Unit.objects.exists()
    assert not RegistrySettings.objects.exists()


def test_words_of_what_a_category_does_not_count_import_beside_its_lay_terms(tmp_path):
    text = GOOD_YAML.replace(
        "  lay_terms: [no court date]\n",
        "  lay_terms: [no court date]\n  not_counted_terms: [Deported, sent back]\n",
    )
    import_path(write(tmp_path, "words.yaml", text))
    category = Category.objects.get(slug="no_nta_served")
    terms = set(category.lay_terms.values_list("term", "asserts_harm", "not_counted"))
    assert terms == {
        ("no court date", False, False),
        ("deported", False, True),
        ("sent back", False, True),
    }
    assert import_path(write(tmp_path, "again.yaml", text)).total_changed == 0
    # Taken off the list, they are taken off the category.
    report = import_path(write(tmp_path, "less.yaml", GOOD_YAML))
    assert report.changed["categories"] == [("no_nta_served", ["lay_terms"])]
    assert not category.lay_terms.filter(not_counted=True).exists()


def test_a_word_both_counted_and_not_counted_by_one_category_is_an_error(tmp_path):
    text = GOOD_YAML.replace(
        "  lay_terms: [no court date]\n",
        "  lay_terms: [no court date]\n  not_counted_terms: [no court date]\n",
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(write(tmp_path, "twice.yaml", text))
    errors = {(e.section, e.row, e.column): e.message for e in caught.value.errors}
    assert "given twice: ['no court date']" in errors[("categories", 1, "lay_terms")]
    assert not Category.objects.exists()
