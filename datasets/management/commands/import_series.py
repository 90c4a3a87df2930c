"""Import official data series: the series file (fixtures/series.yaml), or one agency table
(CSV or XLSX, exactly as published) with the header file that describes it.

Every row is validated before anything is written; any error leaves the database untouched. A
re-import changes only what differs and says what changed.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datasets.importer import ImportFileError, ImportValidationError
from datasets.importer.series import import_series_path


class Command(BaseCommand):
    help = (
        "Import data series from FILE: a series YAML file, or a CSV/XLSX table with its header "
        "file. All rows or none; a re-import changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="A series YAML file, or a .csv/.xlsx table of one series."
        )
        parser.add_argument(
            "--header",
            type=Path,
            help="The table's header file (YAML); by default FILE with the suffix .yaml.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and print what would be created and changed, without writing.",
        )

    def handle(self, *args, file: Path, header: Path | None, dry_run: bool, verbosity, **options):
        try:
            report = import_series_path(file, header=header, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ImportValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc), returncode=2) from exc
        if verbosity > 0:
            if dry_run or verbosity > 1 or report.total_changed:
                for line in report.lines():
                    self.stdout.write(line)
            summary = f"{report.total_created} new, {report.total_changed} changed" + (
                " (dry run: nothing written)" if dry_run else ""
            )
            self.stdout.write(self.style.SUCCESS(summary))
