"""Rules every template keeps."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR).glob("*/templates/**/*.html")) + sorted(
    (Path(settings.BASE_DIR) / "templates").glob("**/*.html")
)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


def test_no_comment_runs_over_a_line():
    """Django's {# #} comment ends on its own line: one that runs on is shown on the page."""
    unclosed = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert unclosed == []
