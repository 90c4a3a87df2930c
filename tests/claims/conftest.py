"""Fixtures for the checkclaims command and claims files."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

DEV_CLAIMS = Path(settings.BASE_DIR) / "fixtures" / "dev_claims.yaml"


@pytest.fixture
def dev_claims() -> Path:
    """The development set: real claims with the rulings professional fact-checkers gave."""
    return DEV_CLAIMS


@pytest.fixture
def claims_file(tmp_path) -> Callable[[str, str], Path]:
    """Write a claims file with the given content and suffix; return its path."""

    def write(content: str, suffix: str = ".yaml") -> Path:
        path = tmp_path / f"claims{suffix}"
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def checkclaims() -> Callable[..., str]:
    """Run the checkclaims command as manage.py would and return what it printed."""

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("checkclaims", *map(str, args), stdout=out, stderr=io.StringIO())
        return out.getvalue()

    return run
