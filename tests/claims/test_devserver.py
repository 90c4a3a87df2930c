"""quickstart's server: permalinks on the address it serves, and a worker beside it."""

from __future__ import annotations

import pytest

from claims.devserver import serve, site_url_for
from datasets.permalinks import permalink


@pytest.mark.parametrize(
    ("addrport", "url"),
    [
        ("8001", "http://127.0.0.1:8001"),
        ("127.0.0.1:8002", "http://127.0.0.1:8002"),
        ("0.0.0.0:8003", "http://127.0.0.1:8003"),
        ("localhost:8004", "http://localhost:8004"),
        ("[::1]:8005", "http://[::1]:8005"),
        ("localhost", "http://localhost:8000"),
    ],
)
def test_the_site_url_is_the_address_served(addrport, url):
    assert site_url_for(addrport) == url


class FakeWorker:
    pid = 4242

    def __init__(self, command, env):
        self.command, self.env = command, env
        self.terminated = False

    def terminate(self):
        self.terminated = True

    def wait(self, timeout):
        return 0


@pytest.fixture
def development(settings, monkeypatch):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Recorded so that the address serve() exports for its worker is undone after the test.
    monkeypatch.setenv("SITE_URL", "")
    monkeypatch.delenv("SITE_URL")
    return settings


def test_serving_on_another_port_moves_the_permalinks_and_starts_a_worker(development):
    served, workers, said = [], [], []

    def start(command, env):
        workers.append(FakeWorker(command, env))
        return workers[-1]

    def runserver(*args, **kwargs):
        served.append(args)
        # While serving: the permalinks printed by the API, CSV, ClaimReview and briefs.
        assert permalink("/claims/1/") == "http://127.0.0.1:8001/claims/1/"

    serve("8001", worker=True, say=said.append, runserver=runserver, start=start)
    assert served == [("runserver", "8001")]
    (worker,) = workers
    assert worker.command[-2:] == ["db_worker", "--no-reload"]
    assert worker.command[-3].endswith("manage.py")
    assert worker.env["SITE_URL"] == "http://127.0.0.1:8001", "the worker's links match too"
    assert worker.terminated, "the worker stops with the server"
    assert any("Background worker started" in line for line in said)


def test_an_explicit_site_url_is_kept(development, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://desk.example.org")
    development.SITE_URL = "https://desk.example.org"
    serve("8001", worker=False, say=lambda line: None, runserver=lambda *a, **k: None)
    assert permalink("/") == "https://desk.example.org/"


def test_no_worker_is_started_when_tasks_run_at_once(development):
    development.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    said = []

    def start(command, env):
        raise AssertionError("no worker is needed")

    serve("8001", worker=True, say=said.append, runserver=lambda *a, **k: None, start=start)
    assert any("run at once" in line for line in said)


def test_the_worker_stops_even_when_the_server_fails(development):
    workers = []

    def start(command, env):
        workers.append(FakeWorker(command, env))
        return workers[-1]

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        serve("8001", worker=True, say=lambda line: None, runserver=broken, start=start)
    assert workers[0].terminated
