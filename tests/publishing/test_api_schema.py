"""Property-based testing of the API against its own OpenAPI description (schemathesis): valid
and invalid requests to every operation, through the real WSGI application, never get a server
error, and every answer has a documented status and matches its documented schema. The example
counts are kept low enough for CI (well under a minute)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from claims.api import check_throttle
from datasets.importer.series import import_series_path
from scans.api import scan_throttle
from tests.factories import make_claim

SERIES_DATA = Path(settings_module.BASE_DIR) / "fixtures" / "series.yaml"

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = {GenerationMode.POSITIVE: 150, GenerationMode.NEGATIVE: 100}


@pytest.fixture
def wsgi_app(monkeypatch):
    """The project's WSGI application, sharing the test's database transaction: like Django's
    test client, keep requests from closing the connection the test runs in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    monkeypatch.setattr(check_throttle, "num_requests", 10_000)
    monkeypatch.setattr(scan_throttle, "num_requests", 10_000)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, reference_data, editor, publish):
    for claim in [make_claim(author=editor, figures=[]) for _ in range(3)]:
        publish(claim)
    import_series_path(SERIES_DATA)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=str)
def test_every_request_gets_no_server_error_and_a_documented_answer(api_schema, mode):
    @given(case=api_schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate()  # every built-in check, not_a_server_error among them

    run()
