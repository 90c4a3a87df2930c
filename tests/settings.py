"""The settings the test suite and the type checker load: the project's own, in development
mode, stated explicitly (factcheck.settings runs in debug only when DEBUG=true is set)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from factcheck.settings import *  # noqa: F403

# Each test's registry is built in its process: tests that share it across processes set it.
ENGINE_CACHE_DIR = ""

# Files the tests write (PDF briefs, uploads) go to a folder of this test process's own, never
# into the project's media folder, so two test runs at once never meet.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"numbers-desk-test-media-{os.getpid()}"
