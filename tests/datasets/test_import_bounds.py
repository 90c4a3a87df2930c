"""Hostile and broken files: each is refused quickly with a clear message and exit status 2,
without a traceback and without writing anything. The files are built here, small on disk."""

from __future__ import annotations

import io
import time
import zipfile

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from datasets.importer import ImportFileError, read_sections, writing
from datasets.models import Category, Document, Figure

pytestmark = pytest.mark.django_db

HEADER = "id,value,unit,category,document,notes\n"


def run_import(path) -> tuple[CommandError, str]:
    """Run import_figures, expecting it to fail; return the error and what it wrote to stderr."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_figures", str(path), stderr=stderr)
    return caught.value, stderr.getvalue()


def laughs(levels: int) -> str:
    """The "billion laughs": each level a list of nine aliases of the level before."""
    lines = ['l0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]")
    lines += [
        "tenures:",
        "- id: t",
        "  label: T",
        "  start: 2021-01-20",
        f"  aliases: *l{levels}",
    ]
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_yaml_is_refused_at_once(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(9))
    assert path.stat().st_size < 1_000

    started = time.monotonic()
    with pytest.raises(ImportFileError, match=r"alias \*l0 repeats a list"):
        read_sections(path)
    assert time.monotonic() - started < 1


def test_the_import_command_refuses_aliases_of_lists_with_exit_status_2(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(4))
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "may repeat only a single value" in str(error)
    assert not Category.objects.exists()


def test_aliases_of_single_values_still_read(tmp_path):
    path = tmp_path / "dates.yaml"
    path.write_text(
        "tenures:\n- {id: a, label: A, start: &d 2021-01-20}\n- {id: b, label: B, start: *d}\n"
    )
    rows, _ = read_sections(path)["tenures"]
    assert rows[0]["start"] == rows[1]["start"]


def test_a_merge_key_repeating_a_mapping_is_refused(tmp_path):
    path = tmp_path / "merge.yaml"
    path.write_text(
        "base: &base {unit: children}\nfigures:\n- {<<: *base, id: a}\n- {<<: *base, id: b}\n"
    )
    with pytest.raises(ImportFileError, match="repeats a list or a mapping"):
        read_sections(path)


def test_a_text_file_named_xlsx_is_not_a_workbook(tmp_path):
    path = tmp_path / "figures.xlsx"
    path.write_text(HEADER + "fig_a,5,children,cat,doc,\n")
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "not an XLSX workbook" in str(error)


def workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    frame = pd.DataFrame([{"id": f"fig_{n}", "value": n, "notes": "x" * 200} for n in range(50)])
    frame.to_excel(buffer, index=False, sheet_name="figures")
    return buffer.getvalue()


def test_a_damaged_workbook_is_reported_not_raised(tmp_path):
    data = bytearray(workbook_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # Scramble the middle of the sheet's compressed data; the archive's directory stays intact.
    start = sheet.header_offset + 30 + len(sheet.filename) + 10
    data[start : start + 40] = bytes(40)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))

    error, _ = run_import(path)

    assert error.returncode == 2
    assert "damaged.xlsx" in str(error)
    assert "Traceback" not in str(error)


def test_a_workbook_that_unpacks_beyond_the_bound_is_refused_before_it_is_opened(
    tmp_path, settings, monkeypatch
):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c>0</c>" * 300_000)  # 2.4 MB unpacked
    assert path.stat().st_size < 20_000

    def never(source):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("datasets.importer.reading.read_workbook", never)
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "would unpack to 2 MB" in str(error)
    assert "IMPORT_MAX_UNPACKED_MB" in str(error)


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(tmp_path, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "fig_a,5,children,cat,doc,notes\n" * 40_000)
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "the importer takes files up to 1 MB" in str(error)


def test_a_file_over_the_row_bound_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + "fig_a,5,children,cat,doc,\n" * 11)
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "more than 10 rows" in str(error)


def test_a_file_of_bad_rows_lists_the_first_hundred_errors_and_counts_the_rest(tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text(HEADER + ",,,,,\n" * 1_000)
    error, stderr = run_import(path)

    lines = stderr.strip().splitlines()
    assert error.returncode == 2
    assert len(lines) == 101
    assert lines[0].startswith("figures row 2, column ")
    assert lines[-1] == "… and 4,900 more error(s) not listed."
    assert (
        str(error) == "5000 error(s) in the file; the first 100 are listed; nothing was written."
    )


def test_a_cell_over_the_length_bound_is_reported_once_and_read_no_further(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "fig_a,5,children,cat,doc," + "x" * 30_000 + "\n")
    _, stderr = run_import(path)
    notes = [line for line in stderr.splitlines() if "column notes" in line]
    assert notes == ["figures row 2, column notes: is longer than 20,000 characters."]


def test_a_cell_beyond_what_csv_reads_is_a_clear_message(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + "fig_a,5,children,cat,doc," + "x" * 200_000 + "\n")
    error, _ = run_import(path)
    assert error.returncode == 2
    assert "a cell is longer than 131,072 characters" in str(error)


def test_a_database_lost_mid_import_is_a_clear_message_and_nothing_is_written(
    tmp_path, monkeypatch
):
    path = tmp_path / "registry.yaml"
    path.write_text(
        "categories:\n"
        "- {id: cat, means: Counted., does_not_mean: Lost.}\n"
        "documents:\n"
        "- {id: doc, title: An audit, agency: OIG}\n"
        "figures:\n"
        "- {id: fig_a, value: 5, unit: children, category: cat, document: doc}\n"
    )

    def lose_connection(rows):
        # Categories and documents are written by now, inside the import's transaction.
        assert Document.objects.exists()
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(writing, "_create_figures", lose_connection)
    error, _ = run_import(path)

    assert error.returncode == 2
    assert "server closed the connection unexpectedly" in str(error)
    assert "nothing was written" in str(error)
    assert not Category.objects.exists()
    assert not Document.objects.exists()
    assert not Figure.objects.exists()
