"""Measure the spread pages as the published rulings grow: /spread/, a figure's timeline and a
claim's family, at 1,000, 10,000 and 100,000 published claims.

    uv run python -m bench.spread --database-url postgres://postgres@127.0.0.1:5432/fc_spread_bench
                                  [--sizes 1000,10000,100000] [--figures 200] [--runs 5] [--seed 7]

It remakes the database (DROP and CREATE: give it one of its own), migrates it, and adds
published claims in bulk (then ANALYZE, as autovacuum would), reproducibly from the seed: each
ruling traces one or two of --figures figures (the first figures far more often than the
rest, as real misquotes cluster on a few numbers), quotes a number between a tenth and fifteen
times the figure, and has a rating drawn from the whole scale. At each size it asks each page
--runs times through Django's test client, as an anonymous visitor (/spread/ twice: with the
cache cleared before each request, so that the ranking is computed, and with it cached), and
prints the median wall time, the median CPU time of this process (the database server's work
is not in it; other processes on a busy machine do not inflate it), and the queries each page
ran (the same at every size).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlparse

RATINGS = ("true", "mostly-true", "half-true", "mostly-false", "false", "unverifiable")


def remake(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def add_claims(count: int, figures: list, author, rng: random.Random, start: int) -> None:
    from claims.models import Claim, Ruling, TracedFigure, quote_fingerprint

    claims = Claim.objects.bulk_create(
        (
            Claim(
                text=(text := f"Claim {start + n}: they lost many children."),
                text_fingerprint=quote_fingerprint(text),
                claimant=f"Speaker {rng.randrange(500)}",
                said_on=date(2015, 1, 1) + timedelta(days=rng.randrange(3650)),
                author=author,
                status=Claim.Status.PUBLISHED,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    rulings, traced = [], []
    for claim in claims:
        # Misquotes cluster: a few figures take most of the claims.
        chosen = {figures[min(int(rng.paretovariate(1.2)) - 1, len(figures) - 1)]}
        if rng.random() < 0.3:
            chosen.add(rng.choice(figures))
        first = next(iter(chosen))
        quoted = (first.value * Decimal(rng.uniform(0.1, 15))).quantize(Decimal(1000))
        rulings.append(
            Ruling(
                claim=claim,
                proposed_rating=rng.choice(RATINGS),
                engine_version="bench",
                headline="Headline",
                in_short="In short.",
                numbers=[{"text": f"{quoted:,}", "value": str(quoted), "percent": False}],
            )
        )
        traced.append(chosen)
    rulings = Ruling.objects.bulk_create(rulings, batch_size=2000)
    TracedFigure.objects.bulk_create(
        (
            TracedFigure(ruling=ruling, figure=figure, position=n)
            for ruling, chosen in zip(rulings, traced, strict=True)
            for n, figure in enumerate(sorted(chosen, key=lambda f: f.pk))
        ),
        batch_size=5000,
    )


def measure(client, url: str, runs: int, *, cold: bool = False) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus, queries = [], [], 0
    for _ in range(runs):
        if cold:
            cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--figures", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    remake(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from tests.factories import make_figure, make_user

    rng = random.Random(args.seed)
    author = make_user("bench-editor", "editor")
    figures = [
        make_figure(slug=f"bench-{n:04d}", value=Decimal(rng.randrange(1, 400)) * 1000)
        for n in range(args.figures)
    ]
    client = Client()
    print(f"load average at start: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print("claims | page | wall ms (median) | CPU ms (median) | queries")
    done = 0
    for size in sizes:
        add_claims(size - done, figures, author, rng, done)
        done = size
        with connection.cursor() as cursor:  # as autovacuum would, after a bulk load
            cursor.execute("ANALYZE")
        from claims.models import Claim

        claim = Claim.objects.filter(ruling__traces__figure=figures[0]).order_by("pk").first()
        assert claim is not None
        pages = {
            "/spread/, ranking computed": ("/spread/", True),
            "/spread/, ranking cached": ("/spread/", False),
            "figure timeline": (f"/figures/{figures[0].slug}/spread/", False),
            "claim family": (f"/claims/{claim.pk}/family/", False),
        }
        for name, (url, cold) in pages.items():
            wall, cpu, queries = measure(client, url, args.runs, cold=cold)
            print(f"{size:,} | {name} | {wall:,.1f} | {cpu:,.1f} | {queries}", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
