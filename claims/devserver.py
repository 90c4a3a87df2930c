"""The development server that `quickstart` starts: permalinks on the address it serves, and a
background worker beside it, so that nothing needs a second terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
# Addresses that mean "every interface": a browser reaches them at the loopback address.
WILDCARD_HOSTS = {"", "0", "0.0.0.0", "::", "[::]"}  # noqa: S104 (recognised, never bound)


def site_url_for(addrport: str) -> str:
    """The address a browser on this machine uses to reach runserver started at `addrport`
    ("8001", "127.0.0.1:8001", "0.0.0.0:8001", "[::1]:8001", "localhost")."""
    if addrport.isdigit():
        host, port = "127.0.0.1", addrport
    elif addrport.startswith("["):
        host, _, port = addrport.rpartition(":") if "]:" in addrport else (addrport, "", "8000")
    elif addrport.count(":") == 1:
        host, port = addrport.split(":")
    else:
        host, port = addrport, "8000"
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def follow_served_address(addrport: str) -> str | None:
    """In development, with no SITE_URL set explicitly, make permalinks (API, CSV, ClaimReview,
    PDF briefs) use the address being served, here and in the worker started after this.
    Returns the new SITE_URL, or None when it stays as configured."""
    if not settings.DEBUG or os.environ.get("SITE_URL"):
        return None
    site_url = site_url_for(addrport)
    settings.SITE_URL = site_url
    os.environ["SITE_URL"] = site_url
    return site_url


def needs_worker() -> bool:
    """Whether background tasks wait in the database queue for `db_worker` (the default), rather
    than running at once (TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend)."""
    return settings.TASKS["default"]["BACKEND"] == DATABASE_QUEUE


def serve(
    addrport: str,
    *,
    worker: bool,
    say: Callable[[str], None],
    runserver: Callable[..., object] = call_command,
    start: Callable[..., subprocess.Popen] = subprocess.Popen,
) -> None:
    """Serve on `addrport` with a `db_worker` process beside the server (when `worker` and the
    tasks go through the database queue); the worker stops when the server does."""
    if site_url := follow_served_address(addrport):
        say(f"Permalinks use {site_url} (set SITE_URL to choose another address).")
    process = None
    if worker and needs_worker():
        manage = Path(settings.BASE_DIR) / "manage.py"
        # One process (no reloader of its own), so that stopping it stops the worker.
        command = [sys.executable, str(manage), "db_worker", "--no-reload"]
        process = start(command, env=os.environ.copy())
        say(f"Background worker started (process {process.pid}); it stops with the server.")
    elif needs_worker():
        say("No worker started: run `uv run python manage.py db_worker` for background tasks.")
    else:
        say("Background tasks run at once, in the request (no worker needed).")
    # A polite stop (SIGTERM) unwinds like Ctrl-C, so that the worker is stopped too.
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        runserver("runserver", addrport, use_reloader=False)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        signal.signal(signal.SIGTERM, previous)


def _exit(signum, frame) -> None:
    raise SystemExit(0)
