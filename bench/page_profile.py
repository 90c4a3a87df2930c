"""Where a page's time goes: its queries and a profile of a loop of requests, in one process.

    uv run python -m bench.page_profile --database-url postgres://postgres@127.0.0.1:5432/x \
                                        [--prepare] [--requests 200] [--page NAME] [--top 40]
                                        [--sort tottime] [-v]

With `--prepare` it remakes the given database (DROP and CREATE: give it one of its own) as
bench/pages.py does: `quickstart --no-serve` and a journalist. Then, with production settings
(DEBUG off, the cached template loader), it sends the same requests as bench/pages.py through
Django's test client: for each page the queries of one warm request (printed with `-v`), the CPU
milliseconds a request takes over `--requests` of them, and with `--top N` the N functions of
the most cumulative time under cProfile. No server and no network: what is measured is Django,
the views and the database's answers.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import time
import urllib.parse

from bench.imports import fresh_database
from bench.load import prepare, production_env
from bench.pages import BENCH_RATE, QUOTE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="A database of its own.")
    parser.add_argument("--prepare", action="store_true", help="Remake and prepare it first.")
    parser.add_argument("--requests", type=int, default=200, help="Requests timed per page.")
    parser.add_argument("--page", default="", help="Only the pages whose name holds this.")
    parser.add_argument("--top", type=int, default=0, help="Print the profile's top N lines.")
    parser.add_argument("--sort", default="cumulative", help="The profile's order (tottime…).")
    parser.add_argument("-v", "--verbose", action="store_true", help="Print each query.")
    args = parser.parse_args()

    env = production_env(args.database_url) | {
        "API_CHECK_RATE": BENCH_RATE,
        "ALLOWED_HOSTS": "testserver",
    }
    if args.prepare:
        fresh_database(args.database_url)
        prepare(env, secrets.token_urlsafe(16))
    os.environ.update(env)

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim

    journalist = Client()
    journalist.force_login(User.objects.get(username="load-journalist"))
    reader = Client()
    claim = Claim.objects.latest_published().values_list("pk", flat=True).first()
    quote = urllib.parse.quote(QUOTE)
    pages = [
        ("/healthz/", reader, "/healthz/", {}),
        ("quick check (full page)", journalist, f"/check/?q={quote}", {}),
        ("quick check (htmx)", journalist, f"/check/?q={quote}", {"HX-Request": "true"}),
        ("claims list", journalist, "/claims/", {}),
        ("ruling page (journalist)", journalist, f"/claims/{claim}/", {}),
        ("published ruling (reader)", reader, f"/claims/{claim}/", {}),
        ("/api/check", reader, f"/api/check?q={quote}", {}),
    ]
    for name, client, path, headers in pages:
        if args.page not in name:
            continue
        for _ in range(3):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(path, headers=headers)
        queries = list(captured.captured_queries)  # before the next request clears the log
        started = time.process_time()
        for _ in range(args.requests):
            client.get(path, headers=headers)
        cpu = (time.process_time() - started) * 1000 / args.requests
        print(f"{name}: {len(queries)} queries, {cpu:.2f} CPU ms a request")
        if args.verbose:
            for query in queries:
                print(f"    {query['sql'][:300]}")
        if args.top:
            profile = cProfile.Profile(time.process_time)  # CPU, not waits
            profile.enable()
            for _ in range(args.requests):
                client.get(path, headers=headers)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
