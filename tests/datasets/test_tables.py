"""One reader for spreadsheets: the importer and the claims-file reader see the same rows and the
same lists."""

from __future__ import annotations

import io

import pytest

from datasets.importer import ImportValidationError, import_path
from datasets.models import Category
from datasets.tables import read_csv, split_list


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("doc_a;doc_b", ["doc_a", "doc_b"]),
        (" lost track of ; missing ;", ["lost track of", "missing"]),
        ("a|b", ["a", "b"]),
        ("a, b", ["a", "b"]),
        ("no court date, yet; missing", ["no court date, yet", "missing"]),
        ("lost track of", ["lost track of"]),
        ("", []),
    ],
)
def test_a_list_in_a_cell_is_split_on_its_first_separator(text, items):
    assert split_list(text) == items


def test_a_list_of_ids_is_also_split_on_spaces():
    assert split_list("doc_a doc_b", ids=True) == ["doc_a", "doc_b"]
    assert split_list("doc_a; doc_b doc_c", ids=True) == ["doc_a", "doc_b", "doc_c"]
    assert split_list("doc_a doc_b") == ["doc_a doc_b"]


def test_csv_rows_are_keyed_by_the_stripped_header_and_keep_extra_cells_apart(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes("\ufeffid , text\nc1,hello\nc2\nc3,a,b\n".encode())
    assert read_csv(path) == [
        {"id": "c1", "text": "hello"},
        {"id": "c2", "text": None},
        {"id": "c3", "text": "a", None: ["b"]},
    ]


def test_an_uploaded_csv_is_read_and_left_open():
    upload = io.BytesIO(b"id,text\nc1,hello\n")
    assert read_csv(upload) == [{"id": "c1", "text": "hello"}]
    assert not upload.closed


@pytest.mark.django_db
def test_the_importer_reports_cells_beyond_the_header_by_row(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        "id,value,unit,category,document\nfig_a,5,children,cat,doc,surplus\n", encoding="utf-8"
    )
    with pytest.raises(ImportValidationError) as caught:
        import_path(path)
    assert (2, "(unnamed column)") in {(e.row, e.column) for e in caught.value.errors}


@pytest.mark.django_db
def test_worksheet_lists_are_split_as_claims_files_split_them(tmp_path):
    import pandas as pd

    path = tmp_path / "registry.xlsx"
    categories = pd.DataFrame(
        [
            {
                "id": "no_nta",
                "means": "No court case started.",
                "does_not_mean": "Missing.",
                "lay_terms": "no court date | never served",
            }
        ]
    )
    with pd.ExcelWriter(path) as writer:
        categories.to_excel(writer, sheet_name="categories", index=False)
    import_path(path)
    terms = Category.objects.get(slug="no_nta").lay_terms.values_list("term", flat=True)
    assert sorted(terms) == ["never served", "no court date"]
