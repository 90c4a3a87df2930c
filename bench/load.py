"""Load the app under gunicorn on PostgreSQL, kill things during the run, check nothing broke.

    uv run python -m bench.load --database-url postgres://postgres@127.0.0.1:5432/factcheck_load
                                [--clients 50] [--seconds 60] [--port 8765] [--workers 2]

Loopback only, and bounded: it remakes the given database (DROP and CREATE: give it one of its
own), prepares it with `quickstart --no-serve` (the reference registry and the published demo
rulings), collects the static files, and starts gunicorn on 127.0.0.1 with production settings
(DEBUG off, a random SECRET_KEY; no TLS on loopback, so no HTTPS redirect). Then --clients
threads request, for --seconds, the public pages (home, rulings list and pages, sources,
figures, glossary, corrections, the feed), the quick check as a logged-in journalist (one client
in five), and the API (claims, figures, and the check, which answers 429 past its limit).

During the run, at fixed moments:
- 20% of the way: one gunicorn worker is killed with SIGKILL (the master starts another);
- 45%: an import of 20,000 figure rows starts (`import_figures`, a process of its own);
- 50%: every other connection to the database is terminated (`pg_terminate_backend`), the
  import's and the web workers' included.

It then stops gunicorn and reports the requests, their statuses, the requests lost to the
killed worker or the terminated connections (those under way at that moment: a reset
connection or a 5xx within two seconds after), and the 5xx outside them (the target is 0). It
checks that every ruling is whole (each claim has its ruling; each ruling's versions are
numbered 1 to version - 1 with none missing; each traced figure exists) and that the import is
whole: all of its rows or none.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.imports import COLUMNS, figure_rows, fresh_database

QUOTES = [
    "They lost 325,000 migrant children.",
    "More than 85,000 children could not be reached by phone.",
    "The administration released 448,000 children to sponsors.",
    "32,000 children failed to appear in immigration court.",
]
IMPORT_ROWS = 20_000
LOST_WINDOW = 2.0  # seconds after a kill during which failures count as lost to it


@dataclass
class Tally:
    started: float
    results: list[tuple[float, str, str]] = field(default_factory=list)  # (time, kind, outcome)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, outcome: str) -> None:
        with self.lock:
            self.results.append((time.monotonic() - self.started, kind, outcome))


def production_env(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env: dict[str, str], password: str) -> None:
    manage(env, "quickstart", "--no-serve")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from accounts.roles import ensure_roles; "
        "u = User.objects.create_user('load-journalist', password='" + password + "'); "
        "u.groups.add(ensure_roles()['journalist'])",
    )


def start_gunicorn(env: dict[str, str], *, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn on loopback, its log (the tracebacks of lost requests included) in `log`."""
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}): is the port taken?")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5):
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not answer /healthz/ within two minutes")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


def fetch_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
        return json.load(response)


def logged_in_jar(base: str, password: str) -> http.cookiejar.CookieJar:
    """One journalist's session, shared by the clients that use the quick check (logging in
    fifty times from one address would be throttled, as it should)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": "load-journalist", "password": password, "csrfmiddlewaretoken": token[1]}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (our own loopback address)
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    return jar


def client(
    number: int,
    base: str,
    paths: dict[str, list[str]],
    jar: http.cookiejar.CookieJar,
    until: float,
    tally: Tally,
) -> None:
    rng = random.Random(number)
    journalist = number % 5 == 0
    opener = (
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        if journalist
        else urllib.request.build_opener()
    )
    while time.monotonic() < until:
        kind = rng.choice(
            ["check", "page", "page", "api"] if journalist else ["page"] * 3 + ["api"]
        )
        path = rng.choice(paths[kind])
        try:
            with opener.open(base + path, timeout=60) as response:
                response.read()
                outcome = str(response.status)
        except urllib.error.HTTPError as error:
            outcome = str(error.code)
        except (OSError, urllib.error.URLError) as error:
            outcome = f"connection: {type(error).__name__}"
        tally.add(kind, outcome)


def terminate_connections(database_url: str) -> int:
    import psycopg

    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()
    return int(row[0]) if row else 0


def integrity(database_url: str, figures_before: int) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url) as connection:

        def count(sql: str) -> int:
            row = connection.execute(sql).fetchone()
            return int(row[0]) if row else 0

        return {
            "claims without a ruling": count(
                "SELECT count(*) FROM claims_claim c "
                "LEFT JOIN claims_ruling r ON r.claim_id = c.id WHERE r.id IS NULL"
            ),
            "rulings with versions missing": count(
                "SELECT count(*) FROM claims_ruling r LEFT JOIN ("
                " SELECT ruling_id, count(DISTINCT number) AS n, max(number) AS top"
                " FROM claims_rulingversion GROUP BY ruling_id) v ON v.ruling_id = r.id "
                "WHERE coalesce(v.n, 0) <> r.version - 1 OR coalesce(v.top, 0) <> r.version - 1"
            ),
            "traces to missing figures": count(
                "SELECT count(*) FROM claims_tracedfigure t "
                "LEFT JOIN datasets_figure f ON f.id = t.figure_id WHERE f.id IS NULL"
            ),
            "figures before": figures_before,
            "figures after": count("SELECT count(*) FROM datasets_figure"),
            "rulings": count("SELECT count(*) FROM claims_ruling"),
        }


def import_file(folder: Path, base: str) -> Path:
    categories = [c["slug"] for c in fetch_json(base, "/api/categories?page_size=100")["items"]]
    documents = [d["slug"] for d in fetch_json(base, "/api/documents?page_size=100")["items"]]
    rows = figure_rows(
        IMPORT_ROWS,
        categories=0,
        documents=0,
        seed=11,
        category_slugs=categories,
        document_slugs=documents,
        prefix="load",
    )
    path = folder / "load-figures.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="A database of its own: remade.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent clients.")
    parser.add_argument("--seconds", type=float, default=60, help="How long the load runs.")
    parser.add_argument(
        "--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)."
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients is 1 to 200 and --seconds 1 to 600")

    port = args.port or free_port()
    env = production_env(args.database_url)
    password = secrets.token_urlsafe(16)
    print("Preparing the database (quickstart --no-serve)…", flush=True)
    fresh_database(args.database_url)
    prepare(env, password)
    folder = Path(tempfile.mkdtemp(prefix="load-"))
    log = folder / "gunicorn.log"
    gunicorn = start_gunicorn(env, port=port, workers=args.workers, log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        claims = [c["id"] for c in fetch_json(base, "/api/claims?page_size=100")["items"]]
        figures = [f["slug"] for f in fetch_json(base, "/api/figures?page_size=100")["items"]]
        csv_path = import_file(folder, base)
        quotes = [urllib.parse.quote(q) for q in QUOTES]
        paths = {
            "page": [
                "/",
                "/claims/",
                "/sources/",
                "/categories/",
                "/corrections/",
                "/feeds/rulings/",
                "/healthz/",
                *(f"/claims/{pk}/" for pk in claims),
                *(f"/figures/{slug}/" for slug in figures[:30]),
            ],
            "check": [f"/check/?q={q}" for q in quotes],
            "api": [
                "/api/claims",
                "/api/figures?page_size=50",
                *(f"/api/claims/{pk}" for pk in claims[:10]),
                *(f"/api/check?q={q}" for q in quotes),
            ],
        }
        figures_before = integrity(args.database_url, 0)["figures after"]
        jar = logged_in_jar(base, password)

        started = time.monotonic()
        until = started + args.seconds
        tally = Tally(started=started)
        threads = [
            threading.Thread(target=client, args=(n, base, paths, jar, until, tally), daemon=True)
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()

        events: dict[str, float] = {}
        importer: subprocess.Popen | None = None
        plan = [(0.2, "kill"), (0.45, "import"), (0.5, "terminate")]
        for share, event in plan:
            time.sleep(max(0.0, started + share * args.seconds - time.monotonic()))
            events[event] = time.monotonic() - started
            if event == "kill":
                pids = worker_pids(gunicorn.pid)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    print(f"{events[event]:5.1f} s: killed gunicorn worker {pids[0]}", flush=True)
            elif event == "import":
                importer = subprocess.Popen(  # noqa: S603
                    [sys.executable, "manage.py", "import_figures", str(csv_path), "-v0"],
                    env=env,
                    stderr=subprocess.PIPE,
                )
                print(f"{events[event]:5.1f} s: started an import of {IMPORT_ROWS:,} rows")
            else:
                ended = terminate_connections(args.database_url)
                print(f"{events[event]:5.1f} s: terminated {ended} database connection(s)")
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        import_status = "not run"
        if importer is not None:
            _, err = importer.communicate(timeout=600)
            import_status = (
                "completed"
                if importer.returncode == 0
                else f"exit {importer.returncode}: " + err.decode().strip().splitlines()[-1][:200]
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)

    def lost(moment: float, outcome: str) -> bool:
        failed = outcome.startswith(("connection", "5"))
        kills = (events[name] for name in ("kill", "terminate") if name in events)
        return failed and any(0 <= moment - at <= LOST_WINDOW for at in kills)

    outcomes = Counter(outcome for _, _, outcome in tally.results)
    by_kind = Counter(kind for _, kind, _ in tally.results)
    lost_count = sum(lost(at, outcome) for at, _, outcome in tally.results)
    server_errors = [
        (round(at, 1), kind, outcome)
        for at, kind, outcome in tally.results
        if outcome.startswith("5") and not lost(at, outcome)
    ]
    broken = [
        (round(at, 1), kind, outcome)
        for at, kind, outcome in tally.results
        if outcome.startswith("connection") and not lost(at, outcome)
    ]
    total = len(tally.results)
    print(
        f"\n{total:,} requests in {args.seconds:.0f} s ({total / args.seconds:,.1f}/s), "
        f"{args.clients} clients: {dict(by_kind)}"
    )
    print("statuses:", dict(sorted(outcomes.items())))
    print(f"lost to the kill or the terminated connections: {lost_count}")
    print(f"5xx outside them: {len(server_errors)} {server_errors[:10]}")
    print(f"connection errors outside them: {len(broken)} {broken[:10]}")
    checks = integrity(args.database_url, figures_before)
    print(f"import during the run: {import_status}")
    print(f"gunicorn's log: {log}")
    whole_import = checks["figures after"] in {
        checks["figures before"],
        checks["figures before"] + IMPORT_ROWS,
    }
    print("integrity:", checks, "import whole:", whole_import)
    ok = (
        not server_errors
        and not broken
        and whole_import
        and not checks["claims without a ruling"]
        and not checks["rulings with versions missing"]
        and not checks["traces to missing figures"]
    )
    print("RESULT:", "pass" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
