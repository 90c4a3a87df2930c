from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from datasets.importer import ImportFileError, ImportValidationError
from datasets.importer.series import import_series_path, read_row_period
from datasets.models import Series, SeriesRow, Unit
from tests.factories import make_category, make_figure

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
OCTOBER = (10, 1)

SERIES_YAML = textwrap.dedent(
    """
    meta:
      fiscal_year_start: "10-01"
    series:
    - id: usbp_children_fy
      category: border_children
      unit_id: apprehensions
      title: Border Patrol encounters of unaccompanied children, by fiscal year
      publisher: U.S. Customs and Border Protection
      unit: encounters
      means: Apprehensions of unaccompanied children between ports of entry.
      does_not_mean: Referrals to ORR.
      period_kind: fiscal_year
      source_url: https://example.org/cbp
      confidence: primary (official table)
      notes: Rounded.
      cross_checks:
      - {period: FY2014, value: 68631, note: nationwide total, source_url: 'https://example.org/crs'}
      breakdown_columns:
        usbp: {component: USBP}
      rows:
      - {period: FY2013, value: 38759}
      - {period: FY2014, value: 68541, usbp: 68000}
      - {period: FY2015, value: 39970, partial: Oct-Nov only}
    """
)


@pytest.fixture
def registry(db):
    Unit.objects.create(slug="apprehensions", label="apprehensions", words=["apprehensions"])
    return make_category(slug="border_children", label="Border apprehensions of children")


def write(tmp_path: Path, text: str, name: str = "series.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def errors_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ImportValidationError) as caught:
        import_series_path(path, **kwargs)
    return [str(error) for error in caught.value.errors]


def test_a_series_file_imports_rows_with_real_dates_and_breakdowns(registry, tmp_path):
    import_series_path(write(tmp_path, SERIES_YAML))

    series = Series.objects.get(slug="usbp_children_fy")
    assert series.confidence == Series.Confidence.PRIMARY
    assert "FY2014: 68,631 — nationwide total — https://example.org/crs" in series.conflicts
    rows = list(series.rows.all())
    assert [(r.period_text, r.breakdown) for r in rows] == [
        ("FY2013", {}),
        ("FY2014", {}),
        ("FY2014", {"component": "USBP"}),
        ("FY2015", {}),
    ]
    fy2014 = rows[1]
    assert (fy2014.period_start, fy2014.period_end) == (date(2013, 10, 1), date(2014, 9, 30))
    assert fy2014.value == Decimal(68541)
    assert rows[2].value == Decimal(68000)
    assert rows[2].breakdown_key == "component=USBP"
    assert rows[3].partial == "Oct-Nov only"


def test_a_reimport_changes_only_what_differs_and_says_so(registry, tmp_path):
    import_series_path(write(tmp_path, SERIES_YAML))
    first_ids = dict(SeriesRow.objects.values_list("period_text", "pk").filter(breakdown={}))

    edited = SERIES_YAML.replace("value: 39970", "value: 39971").replace(
        "  - {period: FY2013, value: 38759}\n", ""
    )
    report = import_series_path(write(tmp_path, edited))

    assert report.rows["usbp_children_fy"] == (0, 1, 1, 2)
    assert report.lines()[1:] == [
        "  rows of usbp_children_fy: 0 new, 1 changed, 1 removed, 2 unchanged",
        "    FY2015: value",
        "    FY2013 (removed)",
    ]
    assert SeriesRow.objects.get(period_text="FY2015").value == Decimal(39971)
    assert SeriesRow.objects.get(period_text="FY2015").pk == first_ids["FY2015"]
    assert not SeriesRow.objects.filter(period_text="FY2013").exists()

    again = import_series_path(write(tmp_path, edited))
    assert again.total_created == again.total_changed == 0


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            "- {period: FY20X4, value: 1}",
            "series usbp_children_fy row 4, column period: 'FY20X4' is not a period",
        ),
        (
            "- {period: FY2016, value: about ten thousand}",
            "series usbp_children_fy row 4, column value: 'about ten thousand' is not a number.",
        ),
        (
            "- {period: FY2014, value: 5}",
            "series usbp_children_fy row 4, column period: FY2014 already appears on row 2.",
        ),
        (
            "- {period: FY2016}",
            "series usbp_children_fy row 4, column value: is required.",
        ),
        (
            "- {value: 10}",
            "series usbp_children_fy row 4, column period: is required.",
        ),
        (
            "- {period: 2016-03, fy: FY2015, value: 10}",
            "series usbp_children_fy row 4, column fy: 2016-03 is not in FY2015.",
        ),
    ],
)
def test_a_malformed_row_is_refused_by_row_and_column_and_nothing_is_written(
    registry, tmp_path, bad_row, expected
):
    path = write(tmp_path, SERIES_YAML + "  " + bad_row + "\n")

    errors = errors_of(path)

    assert any(error.startswith(expected) for error in errors), errors
    assert not Series.objects.exists()
    assert not SeriesRow.objects.exists()


def test_a_bad_reimport_leaves_the_stored_series_as_it_was(registry, tmp_path):
    import_series_path(write(tmp_path, SERIES_YAML))
    bad = SERIES_YAML.replace("value: 38759", "value: 1").replace("value: 39970", "value: n/a")

    errors_of(write(tmp_path, bad))

    assert SeriesRow.objects.get(period_text="FY2013").value == Decimal(38759)


def test_a_series_must_name_a_unit_and_category_of_the_registry(registry, tmp_path):
    path = write(tmp_path, SERIES_YAML.replace("unit_id: apprehensions", "unit_id: parcels"))

    assert "series row 1, column unit_id: 'parcels' is not a unit of the registry." in errors_of(
        path
    )


def test_a_row_links_the_figures_that_restate_it(registry, tmp_path):
    figure = make_figure(slug="crs_fy2014", value=Decimal(68541))
    text = SERIES_YAML.replace(
        "{period: FY2014, value: 68541, usbp: 68000}",
        "{period: FY2014, value: 68541, usbp: 68000, same_measure_as: [crs_fy2014]}",
    )

    import_series_path(write(tmp_path, text))

    row = SeriesRow.objects.get(period_text="FY2014", breakdown={})
    assert list(row.figures.all()) == [figure]
    assert (
        "'nope' is not a figure of the registry."
        in errors_of(write(tmp_path, text.replace("[crs_fy2014]", "[nope]")))[0]
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("FY2014", date(2013, 10, 1), date(2014, 9, 30)),
        ("2021-03", date(2021, 3, 1), date(2021, 3, 31)),
        ("2021-04-13", date(2021, 4, 13), date(2021, 4, 13)),
        ("2014-01-01..2014-07-31", date(2014, 1, 1), date(2014, 7, 31)),
        ("2017-10..2017-12", date(2017, 10, 1), date(2017, 12, 31)),
        ("2021..2023 (NYT analysis)", date(2021, 1, 1), date(2023, 12, 31)),
        ("FY2022 Q1 (Oct-Dec 2021)", date(2021, 10, 1), date(2021, 12, 31)),
        ("FY2015-FY2023 (cumulative)", date(2014, 10, 1), date(2023, 9, 30)),
        ("FY2021 (Oct 2020 - Apr 2021)", date(2020, 10, 1), date(2021, 4, 30)),
    ],
)
def test_row_periods_read_as_the_source_words_them(text, start, end):
    span = read_row_period(text, fiscal_year_start=OCTOBER)
    assert span is not None
    assert (span.start, span.end) == (start, end)


def test_the_shipped_series_import_with_no_error_and_reimport_unchanged(reference_data):
    report = import_series_path(FIXTURES / "series.yaml")

    assert len(report.created) == Series.objects.count() == 18
    assert SeriesRow.objects.count() == 1349  # 1,117 rows, 232 of them split by breakdown
    new_york = SeriesRow.objects.get(
        series__slug="orr_released_to_sponsors_by_state_fy", geo="New York", period_text="FY2018"
    )
    assert (new_york.value, new_york.period_start) == (Decimal(2845), date(2017, 10, 1))
    partial = SeriesRow.objects.filter(series__slug="cbp_usbp_uac_apprehensions_sw_fy_ohss")
    assert partial.get(period_text="FY2025").partial.startswith("Oct-Nov 2024 only")

    links = SeriesRow.figures.through.objects.select_related("figure", "seriesrow")
    assert len(links) == 14
    fy2019 = {(link.seriesrow.series_id, link.figure.slug) for link in links}
    assert len({series for series, slug in fy2019 if slug == "crs_uc_apprehensions_fy2019"}) == 2

    again = import_series_path(FIXTURES / "series.yaml")
    assert again.total_created == again.total_changed == 0


def test_the_command_reports_errors_and_exits_2(registry, tmp_path, capsys):
    path = write(tmp_path, SERIES_YAML.replace("value: 38759", "value: lots"))

    with pytest.raises(CommandError) as caught:
        call_command("import_series", str(path))

    assert caught.value.returncode == 2
    assert "row 1, column value: 'lots' is not a number." in capsys.readouterr().err
    assert not Series.objects.exists()


TABLE_HEADER = textwrap.dedent(
    """
    series:
      id: usbp_children_fy
      category: border_children
      unit_id: apprehensions
      title: Border Patrol encounters of unaccompanied children, by fiscal year
      publisher: U.S. Customs and Border Protection
      unit: encounters
      means: Apprehensions of unaccompanied children between ports of entry.
      does_not_mean: Referrals to ORR.
      period_kind: fiscal_year
      confidence: primary
    meta:
      fiscal_year_start: "10-01"
    table:
      skip_rows: 2
      columns:
        period: Fiscal Year
        value: UAC Apprehensions
        note: Footnote
    """
)
TABLE = (
    "U.S. Border Patrol Southwest Border Apprehensions\n"
    "Unaccompanied Alien Children\n"
    "Fiscal Year,UAC Apprehensions,Footnote\n"
    'FY2013,"38,759",\n'
    'FY2014,"68,541",record\n'
    "FY2015,39970,\n"
)


def write_table(tmp_path: Path, table: str, header: str = TABLE_HEADER) -> Path:
    write(tmp_path, header, "apprehensions.yaml")
    return write(tmp_path, table, "apprehensions.csv")


def test_an_agency_table_imports_through_its_header_file(registry, tmp_path):
    report = import_series_path(write_table(tmp_path, TABLE))

    assert report.rows["usbp_children_fy"] == (3, 0, 0, 0)
    rows = SeriesRow.objects.order_by("period_start")
    assert [(r.period_text, r.value, r.notes) for r in rows] == [
        ("FY2013", Decimal(38759), ""),
        ("FY2014", Decimal(68541), "record"),
        ("FY2015", Decimal(39970), ""),
    ]
    assert rows[1].period_start == date(2013, 10, 1)


def test_an_agency_workbook_imports_the_same_way(registry, tmp_path):
    import pandas as pd

    path = write_table(tmp_path, TABLE)
    frame = pd.read_csv(path, skiprows=2, dtype=str, keep_default_na=False)
    workbook = tmp_path / "apprehensions.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        frame.to_excel(writer, index=False, startrow=2)

    import_series_path(workbook)

    assert sorted(SeriesRow.objects.values_list("value", flat=True)) == [
        Decimal(38759),
        Decimal(39970),
        Decimal(68541),
    ]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (TABLE.replace("FY2015,39970", "Fiscal 2015?,39970"), "row 6, column period:"),
        (
            TABLE.replace("FY2015,39970", "FY2015,(NA)"),
            "row 6, column value: '(NA)' is not a number.",
        ),
        (
            TABLE.replace("FY2015,39970", "FY2014,39970"),
            "row 6, column period: FY2014 already appears on row 5.",
        ),
        (
            TABLE.replace("UAC Apprehensions", "Apprehensions"),
            "apprehensions.csv row 3, column UAC Apprehensions: is not a column of the table.",
        ),
    ],
)
def test_a_malformed_agency_table_is_refused_by_line_and_column(
    registry, tmp_path, table, expected
):
    errors = errors_of(write_table(tmp_path, table))

    assert any(expected in error for error in errors), errors
    assert not SeriesRow.objects.exists()
    assert not Series.objects.exists()


def test_the_shipped_agency_table_reproduces_the_series_file(reference_data):
    import_series_path(FIXTURES / "series.yaml")

    report = import_series_path(
        FIXTURES / "series_tables" / "orr_released_to_sponsors_by_state_fy.csv"
    )

    assert report.total_created == report.total_changed == 0
    assert report.rows["orr_released_to_sponsors_by_state_fy"] == (0, 0, 0, 371)


def test_a_dry_run_reports_and_writes_nothing(registry, tmp_path, capsys):
    call_command("import_series", str(write(tmp_path, SERIES_YAML)), dry_run=True)

    out = capsys.readouterr().out
    assert "Would create usbp_children_fy" in out
    assert "(dry run: nothing written)" in out
    assert not Series.objects.exists()


def test_a_header_file_without_period_or_value_columns_is_refused(registry, tmp_path):
    path = write_table(tmp_path, TABLE, TABLE_HEADER.replace("period: Fiscal Year", "year: x"))

    with pytest.raises(ImportFileError, match="must name the `period` and `value` columns"):
        import_series_path(path)
