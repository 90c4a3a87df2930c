"""The settings the test suite and the type checker load: the project's own, in development
mode, stated explicitly (factcheck.settings runs in debug only when DEBUG=true is set)."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "true")

from factcheck.settings import *  # noqa: F403

# Each test's registry is built in its process: tests that share it across processes set it.
ENGINE_CACHE_DIR = ""
