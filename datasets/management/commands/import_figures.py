"""Import documents, categories, figures and their relations from a YAML, CSV or XLSX file.

Every row is validated before anything is written; any error leaves the database untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from datasets.importer import ImportFileError, ImportValidationError, import_path

# Below this many figure rows a progress bar is noise.
PROGRESS_THRESHOLD = 200


class Command(BaseCommand):
    help = "Import the registry from FILE (.yaml, .csv or .xlsx): all rows or none, upsert by id."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="YAML, CSV or XLSX file in the reference format."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and print what would be created and changed, without writing.",
        )

    def handle(
        self, *args, file: Path, dry_run: bool, verbosity: int, traceback: bool = False, **options
    ):
        def progress(rows):
            show = verbosity > 0 and len(rows) >= PROGRESS_THRESHOLD
            return tqdm(rows, desc="figures", unit="row", disable=not show, file=sys.stderr)

        try:
            report = import_path(file, dry_run=dry_run, progress=progress)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ImportValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            if exc.more:
                self.stderr.write(f"… and {exc.more:,} more error(s) not listed.")
            raise CommandError(str(exc), returncode=2) from exc
        except DatabaseError as exc:
            # The transaction is rolled back with the connection: nothing was written.
            raise CommandError(
                f"The database could not complete the import ({_first_line(exc)}); nothing was "
                "written. Check that the database is reachable, then run the import again.",
                returncode=2,
            ) from exc
        except MemoryError as exc:
            raise CommandError(
                "The import ran out of memory; nothing was written. Split the file.", returncode=2
            ) from exc
        except Exception as exc:
            if traceback:
                raise
            raise CommandError(
                f"The import stopped: {type(exc).__name__}: {_first_line(exc)}. Nothing was "
                "written (run again with --traceback for the details).",
                returncode=2,
            ) from exc
        if verbosity > 0:
            if dry_run or verbosity > 1:
                for line in report.lines():
                    self.stdout.write(line)
            summary = f"{report.total_created} new, {report.total_changed} changed" + (
                " (dry run: nothing written)" if dry_run else ""
            )
            self.stdout.write(self.style.SUCCESS(summary))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
