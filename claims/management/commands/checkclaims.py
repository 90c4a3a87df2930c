"""Check every claim of a YAML or CSV file against the figures in the database.

    manage.py checkclaims FILE [--format jsonl|table] [--evaluate]

jsonl prints one object per claim ({"id", "rating", "findings", "figures", "numbers"}); table
is for people. --evaluate compares each verdict with the file's `expected` rulings and prints
the agreement. A bad file is reported row by row (exit status 2) before any claim is checked.

FILE may also be the engine's corpus (tests/engine/corpus/, or one of its files): --evaluate
then checks every quote, its rewordings and its paragraph, and prints the agreement by
mechanism.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.checking import check_claim, load_registry
from claims.claimfile import (
    ClaimFileError,
    agreement_lines,
    compare,
    jsonl_lines,
    read_claim_file,
    table_lines,
)
from claims.corpus import CorpusError, read_corpus, report_lines
from claims.corpus import evaluate as evaluate_corpus


class Command(BaseCommand):
    help = "Check the claims of FILE (YAML or CSV) and print the engine's verdicts."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="YAML or CSV file of claims.")
        parser.add_argument(
            "--format",
            choices=["jsonl", "table"],
            default="jsonl",
            help="jsonl: one JSON object per claim (default); table: for people.",
        )
        parser.add_argument(
            "--evaluate",
            action="store_true",
            help="Compare each verdict with the row's `expected` ruling and print the agreement.",
        )

    def handle(self, *args, file: Path, format: str, evaluate: bool, **options):
        if file.is_dir() or _is_corpus(file):
            self.corpus(file, evaluate=evaluate)
            return
        try:
            rows = read_claim_file(file)
        except ClaimFileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            count = len(exc.problems)
            summary = (
                f"{count} problem{'s' if count != 1 else ''} in {file.name}; nothing checked."
            )
            raise CommandError(summary, returncode=2) from exc
        if evaluate and not any(row.expected for row in rows):
            raise CommandError(f"{file.name}: no row has an `expected` ruling.", returncode=2)
        registry = load_registry()
        verdicts = [check_claim(row.claim, registry) for row in rows]
        if evaluate:
            lines = agreement_lines(compare(rows, verdicts))
        elif format == "table":
            lines = table_lines(verdicts)
        else:
            lines = jsonl_lines(verdicts)
        for line in lines:
            self.stdout.write(line)

    def corpus(self, path: Path, *, evaluate: bool) -> None:
        if not evaluate:
            raise CommandError("A corpus is checked with --evaluate.", returncode=2)
        try:
            cases, distractors = read_corpus(path)
        except (CorpusError, OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        registry = load_registry()
        results = evaluate_corpus(cases, distractors, lambda claim: check_claim(claim, registry))
        for line in report_lines(results):
            self.stdout.write(line)


def _is_corpus(file: Path) -> bool:
    """A corpus file is a YAML mapping with `cases`; a claims file is a list of rows."""
    if file.suffix.lower() not in (".yaml", ".yml") or not file.is_file():
        return False
    with file.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                return line.startswith(("mechanism:", "cases:"))
    return False
