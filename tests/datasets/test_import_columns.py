"""Figure rows are checked a column at a time, and a row alone only when the column check is
unsure of it: the figures and every message, in order, are those of checking each row alone."""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal

import pytest

from datasets.importer import ImportValidationError, import_path
from datasets.importer.figure_rows import FIGURE_NAMES, FigureContext, FigureRows
from datasets.importer.reading import read_csv_table
from datasets.importer.rows import MAX_CELL, ErrorLog
from datasets.models import Figure, FigureRelation
from tests.factories import make_category, make_document, make_figure

pytestmark = pytest.mark.django_db

COLUMNS = [
    "id",
    "kind",
    "value",
    "qualifier",
    "unit",
    "category",
    "population",
    "period",
    "period_start",
    "period_end",
    "as_of",
    "as_of_date",
    "document",
    "page",
    "quote",
    "quote_source_url",
    "confidence",
    "notes",
]


def good_row(n: int) -> dict[str, str]:
    return {
        "id": f"fig_{n:03d}",
        "kind": "figure",
        "value": str(n * 7 + 1),
        "qualifier": "about",
        "unit": "children",
        "category": "cat_a",
        "population": f"children referred in {2015 + n % 9}",
        "period": f"FY{2015 + n % 9}",
        "period_start": f"{2014 + n % 9}-10-01",
        "period_end": f"{2015 + n % 9}-09-30",
        "as_of": "",
        "as_of_date": "2024-05-01",
        "document": "doc_a",
        "page": str(n % 40 + 1),
        "quote": f"The program counted {n} children.",
        "quote_source_url": "",
        "confidence": "primary",
        "notes": "",
    }


# Row number (index + 2, as a CSV line) -> cells that differ from a good row: each valid but
# unusual (read by the row check) or a problem (a message).
ODD_ROWS = {
    5: {"value": "1,200"},  # valid, not written plainly
    6: {"value": "-5"},
    7: {"value": "many"},
    8: {"value": ""},
    9: {"value": "1.23456"},
    10: {"category": "cat_unknown"},
    11: {"document": "Doc A"},
    12: {"id": "Bad Id"},
    13: {"id": "fig_003"},  # already on line 5
    14: {"as_of_date": "2024-13-01"},
    15: {"period_start": "2024-10-01", "period_end": "2024-01-01"},
    16: {"unit": "widgets"},
    17: {"kind": "rumour"},
    18: {"confidence": ""},  # the default
    19: {"page": "  12  "},
    20: {"quote_source_url": "javascript:alert(1)"},
    21: {"as_of_date": "", "as_of": "May 2024"},
    22: {"period_start": "", "period_end": "", "period": "FY2023"},
    23: {"notes": "x" * (MAX_CELL + 1)},
    24: {"quote": "A bell\x07 rang."},
    25: {"population": "p" * 301},
    26: {"qualifier": "   "},  # blank: "exact"
    27: {"unit": ""},
    28: {"quote": "  Said with spaces around.  "},
    29: {"value": "12.5000"},
    30: {"kind": ""},
}


@pytest.fixture
def context():
    from datasets.models import Unit

    make_category(slug="cat_a")
    make_document(slug="doc_a")
    Unit.objects.create(slug="children", label="children", words=["children", "child"])
    return FigureContext(
        categories={"cat_a"},
        documents={"doc_a"},
        unit_words=re.compile(r"(?<!\w)(?:children|child)(?!\w)"),
        fiscal_year_start=(10, 1),
    )


def records() -> list[dict[str, str]]:
    rows = [good_row(n) for n in range(40)]
    for line, cells in ODD_ROWS.items():
        rows[line - 2] |= cells
    return rows


def write_csv(path, rows, *, extra_cells: dict[int, list[str]] | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index, row in enumerate(rows):
            writer.writerow([row[c] for c in COLUMNS] + (extra_cells or {}).get(index, []))


def checked(rows, context, *, by_row: bool):
    errors = ErrorLog()
    figures, columns = FigureRows(rows, 2, errors, by_row=by_row).validate(context)
    assert columns == [list(column) for column in zip(*figures, strict=True)]
    return figures, list(errors)


def test_the_column_check_of_a_csv_file_agrees_with_checking_each_row_alone(tmp_path, context):
    path = tmp_path / "figures.csv"
    write_csv(path, records(), extra_cells={31: ["surplus"]})

    figures, errors = checked(read_csv_table(path), context, by_row=False)
    expected_figures, expected_errors = checked(read_csv_table(path), context, by_row=True)

    assert errors == expected_errors
    assert figures == expected_figures
    messages = {(e.row, e.column) for e in errors}
    assert {(6, "value"), (7, "value"), (8, "value"), (9, "value")} <= messages
    assert {(10, "category"), (11, "document"), (12, "id"), (13, "id"), (14, "as_of_date")} <= (
        messages
    )
    assert {(15, "period_end"), (16, "unit"), (17, "kind"), (20, "quote_source_url")} <= messages
    assert {(23, "notes"), (24, "quote"), (25, "population"), (27, "unit")} <= messages
    assert (33, "(unnamed column)") in messages
    for line in (5, 18, 19, 21, 22, 26, 28, 29, 30):
        assert not [e for e in errors if e.row == line]

    def on_line(line: int) -> dict:
        return dict(zip(FIGURE_NAMES, figures[line - 2], strict=True))

    assert on_line(5)["value"] == Decimal(1200)
    assert on_line(18)["confidence"] == "primary"
    assert on_line(19)["page"] == "12"
    assert on_line(21)["as_of"] == date(2024, 5, 1)
    assert (on_line(22)["period_start"], on_line(22)["period_end"]) == (
        date(2022, 10, 1),
        date(2023, 9, 30),
    )
    assert on_line(26)["qualifier"] == "exact"
    assert on_line(28)["quote"] == "Said with spaces around."
    assert on_line(29)["value"] == Decimal("12.5")
    assert on_line(30)["kind"] == "figure"


def test_a_csv_file_of_one_line_a_row_tells_its_longest_line(tmp_path):
    rows = [good_row(n) for n in range(5)]
    rows[2] |= {"notes": "n" * 500}
    path = tmp_path / "figures.csv"
    write_csv(path, rows)

    table = read_csv_table(path)

    assert table.longest is not None
    assert 500 < table.longest < 800
    rows[3] |= {"quote": "A quote\nover two lines."}
    write_csv(path, rows)
    assert read_csv_table(path).longest is None


def test_cells_too_long_written_over_several_short_lines_are_still_refused(tmp_path, context):
    rows = [good_row(n) for n in range(8)]
    rows[2] |= {"notes": ("y" * 99 + "\n") * 210}  # 21,000 characters, no line over 100
    rows[4] |= {"population": ("p" * 99 + "\n") * 4}  # 400 characters over 4 lines
    rows[5] |= {"quote": "Two\nlines, each short."}
    path = tmp_path / "figures.csv"
    write_csv(path, rows)

    figures, errors = checked(read_csv_table(path), context, by_row=False)
    expected_figures, expected_errors = checked(read_csv_table(path), context, by_row=True)

    assert errors == expected_errors
    assert figures == expected_figures
    assert [(e.row, e.column, e.message) for e in errors] == [
        (4, "notes", f"is longer than {MAX_CELL:,} characters."),
        (6, "population", "is longer than 300 characters."),
    ]


def test_the_column_check_of_mappings_agrees_with_checking_each_row_alone(context):
    rows = records()
    rows[1] |= {"value": 300, "page": 4, "as_of_date": date(2024, 6, 1)}  # as YAML reads them
    rows[2] |= {"quote": ["a", "list"]}
    rows[3] |= {"notes": None}

    figures, errors = checked(rows, context, by_row=False)
    expected_figures, expected_errors = checked(rows, context, by_row=True)

    assert errors == expected_errors
    assert figures == expected_figures
    assert (4, "quote") in {(e.row, e.column) for e in errors}
    assert dict(zip(FIGURE_NAMES, figures[1], strict=True))["value"] == 300


def test_a_file_of_good_rows_and_unusual_ones_imports_each_as_written(tmp_path, context):
    rows = [good_row(n) for n in range(30)]
    rows[3] |= {"value": "1,200", "quote": "Tab\there, a new\nline, a back\\slash and \\N."}
    rows[4] |= {"notes": "\\N", "page": "  7 "}
    path = tmp_path / "figures.csv"
    write_csv(path, rows)

    report = import_path(path)

    assert report.total_created == 30
    figure = Figure.objects.get(slug="fig_003")
    assert figure.value == Decimal(1200)
    assert figure.quote == "Tab\there, a new\nline, a back\\slash and \\N."
    other = Figure.objects.get(slug="fig_004")
    assert (other.notes, other.page) == ("\\N", "7")
    assert other.period_start == date(2018, 10, 1)
    assert Figure.objects.get(slug="fig_000").value == Decimal(1)
    assert import_path(path).total_changed == 0


def test_relation_problems_name_their_rows_beside_good_relations(tmp_path, context):
    make_figure(slug="stored_fig")
    rows = [good_row(n) for n in range(20)]
    for row in rows:
        row |= {"subset_of": "", "superseded_by": ""}
    rows[2]["subset_of"] = "fig_001"
    rows[3]["subset_of"] = "stored_fig"
    rows[4]["superseded_by"] = "fig_005"
    rows[6]["subset_of"] = "fig_missing"
    rows[7]["subset_of"] = "Not An Id"
    rows[8]["subset_of"] = "fig_008"
    rows[9]["subset_of"] = "fig_001; fig_002"
    path = tmp_path / "figures.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "subset_of", "superseded_by"])
        writer.writeheader()
        writer.writerows(rows)

    with pytest.raises(ImportValidationError) as caught:
        import_path(path)

    assert [str(e) for e in caught.value.errors] == [
        "figures row 8, column subset_of: unknown figure 'fig_missing'.",
        "figures row 9, column subset_of: 'Not' is not a figure id.",
        "figures row 9, column subset_of: 'An' is not a figure id.",
        "figures row 9, column subset_of: 'Id' is not a figure id.",
        "figures row 10, column subset_of: a figure cannot relate to itself.",
    ]

    for index in (6, 7, 8):
        rows[index]["subset_of"] = ""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "subset_of", "superseded_by"])
        writer.writeheader()
        writer.writerows(rows)
    import_path(path)
    stored = set(FigureRelation.objects.values_list("source__slug", "kind", "target__slug"))
    assert stored == {
        ("fig_002", "subset_of", "fig_001"),
        ("fig_003", "subset_of", "stored_fig"),
        ("fig_005", "supersedes", "fig_004"),
        ("fig_009", "subset_of", "fig_001"),
        ("fig_009", "subset_of", "fig_002"),
    }
