"""Scan a transcript or an article for checkable numbers and print what was found.

    manage.py scantext FILE [--speaker NAME] [--said-on YYYY-MM-DD]

FILE is a .txt, .docx or .pdf file, read as the scan page reads an upload (or `-` for standard
input, as text). One JSON object a line: first the candidates, ranked, each with `"kind":
"candidate"`, its sentence, offsets, speaker, numbers, proposed rating, finding codes and
titles, traced figures and the published rulings it matches; then each sentence whose numbers
are not in our sources, with `"kind": "not_in_our_sources"`. The objects are those of
`POST /api/scan`. A file that cannot be read is reported (exit status 2) and nothing is printed.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from claims.forms import strip_control_characters
from scans.api import scan_json
from scans.extract import ExtractionError, extract_text
from scans.scanner import MAX_SCAN_CHARS


class Command(BaseCommand):
    help = "Scan FILE (.txt, .docx or .pdf) for checkable numbers; print JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .txt, .docx or .pdf file, or - for standard input.")
        parser.add_argument("--speaker", default="", help="Who speaks where no turn is marked.")
        parser.add_argument(
            "--said-on", type=date.fromisoformat, default=None, help="The date said."
        )

    def handle(self, *args, file: str, speaker: str, said_on: date | None, **options):
        try:
            if file == "-":
                text = extract_text("stdin.txt", io.BytesIO(sys.stdin.buffer.read()))
            else:
                path = Path(file)
                with path.open("rb") as handle:
                    text = extract_text(path.name, handle)
        except (ExtractionError, OSError) as exc:
            raise CommandError(f"{file}: {exc}", returncode=2) from exc
        text = strip_control_characters(text.replace("\r\n", "\n")).strip()
        if len(text) > MAX_SCAN_CHARS:
            raise CommandError(
                f"{file}: the text is {len(text):,} characters long; a scan reads at most "
                f"{MAX_SCAN_CHARS:,}.",
                returncode=2,
            )
        result = scan_json(text, speaker=speaker, said_on=said_on, user=AnonymousUser())
        for candidate in result["candidates"]:
            self.stdout.write(json.dumps({"kind": "candidate", **candidate}, ensure_ascii=False))
        for sentence in result["not_in_our_sources"]:
            line = {"kind": "not_in_our_sources", **sentence}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
