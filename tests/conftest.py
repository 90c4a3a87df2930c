from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

REFERENCE_DATA = Path(settings.BASE_DIR) / "fixtures" / "reference.yaml"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(db):
    """The full curated registry, for the few tests that are about the reference data itself."""
    from datasets.importer import import_path

    return import_path(REFERENCE_DATA)
