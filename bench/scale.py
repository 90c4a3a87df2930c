"""Lists, search, feeds, API pages and the figures CSV with 100,000 claims and 100,000 figures.

    uv run python -m bench.scale --database-url postgres://postgres@127.0.0.1:5432/factcheck_scale
                                 [--claims 100000] [--figures 100000] [--runs 15] [--seed 7]

It remakes the given database (DROP and CREATE: give it one of its own), prepares it as
`quickstart --no-serve` does (the reference registry, the data series, the demo accounts and
the demo rulings) and measures every address below on that demo data. It then adds, in bulk
and reproducibly from the seed, --figures figures in documents of twenty, and --claims claims
with their rulings: 80% published, 10% in review, 10% drafts; 300 claimants; quotes of words
from a list of 84 (and one of 400 counties), rulings' texts of 100 words from the same list;
dates said over ten years (2% unknown); one or two traced figures each; a version or two each;
a correction on one published ruling in a hundred; many rulings published in the same minute.
It runs VACUUM ANALYZE (what autovacuum does soon after a bulk write: it drops the row
versions the write left behind and counts the values the planner weighs) and measures the same
addresses again.

Requests go through Django's test client, in this process, against PostgreSQL, with the
production settings (DEBUG off); no network server is involved, so the figures are the app's
own: its queries, its rendering. For each address it prints the median and 95th percentile of
the wall-clock time and the median CPU time of this process (the database server's work is not
in it), the number of queries and the response's size. Each request renders its page: the
pages a process keeps (factcheck.kept_pages) are forgotten before each one, so what is measured
is the page's queries and rendering, not the copy a repeated request is given (bench/pages.py
measures that under gunicorn). For /figures.csv it also prints the
time to the first byte and the peak memory Python allocated while answering (tracemalloc, in a
run of its own, since tracing slows everything down).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from io import StringIO

from bench.imports import fresh_database

WORDS = [
    "border",
    "agents",
    "children",
    "sponsors",
    "shelters",
    "missing",
    "released",
    "families",
    "cases",
    "calls",
    "migrants",
    "record",
    "surge",
    "crisis",
    "policy",
    "program",
    "minors",
    "unaccompanied",
    "report",
    "audit",
    "custody",
    "placed",
    "caregivers",
    "tracked",
    "lost",
    "found",
    "million",
    "thousand",
    "hundreds",
    "counted",
    "records",
    "office",
    "federal",
    "government",
    "administration",
    "agency",
    "inspector",
    "general",
    "data",
    "release",
    "contacted",
    "reached",
    "welfare",
    "checks",
    "follow",
    "homes",
    "housing",
    "months",
    "weeks",
    "years",
    "numbers",
    "increase",
    "decrease",
    "double",
    "tripled",
    "half",
    "doubled",
    "illegal",
    "crossings",
    "apprehensions",
    "encounters",
    "southwest",
    "monthly",
    "annual",
    "fiscal",
    "budget",
    "funding",
    "staff",
    "caseworkers",
    "investigations",
    "hotline",
    "letters",
    "addresses",
    "verified",
    "unverified",
    "trafficking",
    "labor",
    "schools",
    "safety",
    "oversight",
    "congress",
    "senate",
    "hearing",
    "testimony",
]
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Frank",
    "Grace",
    "Hugo",
    "Iris",
    "Jon",
    "Kara",
    "Luis",
    "Maya",
    "Nate",
    "Olga",
    "Pete",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
]
LAST = [
    "Abbott",
    "Barker",
    "Castillo",
    "Dunmore",
    "Ellison",
    "Fairbanks",
    "Galvez",
    "Holloway",
    "Ingram",
    "Jaworski",
    "Kessler",
    "Lindqvist",
    "Mercado",
    "Norquist",
    "Okafor",
]
SEARCH_WORD = "trafficking"  # in about one claim in seven, and most rulings' texts
SEARCH_RARE = "county123"  # in about one claim in 400
SEARCH_CLAIMANT = "Lindqvist"
DEEP = 0.9  # how far into a list the deep page is


def generate(*, claims: int, figures: int, seed: int) -> dict[str, int]:
    """Add `figures` figures and `claims` claims with rulings, in bulk, reproducibly."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.roles import EDITOR, JOURNALIST
    from claims.models import (
        Claim,
        Correction,
        Ruling,
        RulingVersion,
        TracedFigure,
        quote_fingerprint,
    )
    from claims.ratings import ORDERED_SCALE
    from datasets.models import Category, Document, Figure

    rng = random.Random(seed)
    users = get_user_model().objects
    journalist, editor = users.get(username=JOURNALIST), users.get(username=EDITOR)
    categories = list(Category.objects.order_by("slug"))
    kinds = [value for value, _ in Document.Kind.choices]
    agencies = [f"Agency {chr(65 + n)}" for n in range(12)]
    batch = 5_000
    utc = datetime.UTC
    with transaction.atomic():
        documents = Document.objects.bulk_create(
            (
                Document(
                    slug=f"scale-doc-{n}",
                    title=f"Report {n} on {' '.join(rng.sample(WORDS, 4))}",
                    agency=rng.choice(agencies),
                    kind=rng.choice(kinds),
                    report_number=f"R-{n:05d}",
                    date=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(4000)),
                    url=f"https://example.org/reports/{n}",
                )
                for n in range(max(1, figures // 20))
            ),
            batch_size=batch,
        )
        made = Figure.objects.bulk_create(
            (
                Figure(
                    slug=f"scale-fig-{n}",
                    value=Decimal(rng.randrange(1, 2_000_000)),
                    qualifier=rng.choice(["exact", "about", "more than"]),
                    unit="children",
                    category=rng.choice(categories),
                    document=documents[n // 20],
                    period_text=f"FY{2015 + n % 10}",
                    period_start=datetime.date(2014 + n % 10, 10, 1),
                    period_end=datetime.date(2015 + n % 10, 9, 30),
                    agency=documents[n // 20].agency,
                    page=str(rng.randrange(1, 200)),
                    quote=f'{" ".join(rng.sample(WORDS, 8))}, =SUM(A1) "quoted"',
                )
                for n in range(figures)
            ),
            batch_size=batch,
        )
        claimants = [f"{rng.choice(FIRST)} {last}" for last in LAST for _ in range(20)]
        start = datetime.datetime(2017, 1, 1, tzinfo=utc)
        now = timezone.now()  # when every claim was submitted, as its versions say
        rows = []
        for _n in range(claims):
            roll = rng.random()
            status = (
                Claim.Status.PUBLISHED
                if roll < 0.8
                else Claim.Status.IN_REVIEW
                if roll < 0.9
                else Claim.Status.DRAFT
            )
            said = start.date() + datetime.timedelta(days=rng.randrange(3650))
            text = (
                f"{rng.choice(claimants).split()[1]} says "
                + " ".join(rng.choices(WORDS, k=14))
                + f" {rng.randrange(1000, 400_000):,} in county{rng.randrange(400):03d}."
            )
            rows.append(
                Claim(
                    text=text,
                    text_fingerprint=quote_fingerprint(text),  # as Claim.save() stores it
                    claimant=rng.choice(claimants),
                    said_on=None if rng.random() < 0.02 else said,
                    status=status,
                    author=journalist,
                    created_at=start + datetime.timedelta(seconds=rng.randrange(10**8)),
                    submitted_at=now,
                )
            )
        made_claims = Claim.objects.bulk_create(rows, batch_size=batch)
        rulings = []
        for claim in made_claims:
            published = claim.status == Claim.Status.PUBLISHED
            # Whole minutes: many rulings share a publication time, as imports do.
            moment = start + datetime.timedelta(minutes=rng.randrange(5_000_000))
            rulings.append(
                Ruling(
                    claim=claim,
                    proposed_rating=rng.choice(ORDERED_SCALE),
                    engine_version="2.1",
                    headline=" ".join(rng.sample(WORDS, 7)).capitalize(),
                    in_short=" ".join(rng.choices(WORDS, k=30)) + ".",
                    summary=" ".join(rng.choices(WORDS, k=60)) + ".",
                    editor=editor if published else None,
                    published_at=moment if published else None,
                )
            )
        rulings = Ruling.objects.bulk_create(rulings, batch_size=batch)
        TracedFigure.objects.bulk_create(
            (
                TracedFigure(ruling=ruling, figure=figure, position=position)
                for ruling in rulings
                for position, figure in enumerate(rng.sample(made, rng.choice((1, 1, 2))))
            ),
            batch_size=batch,
        )
        RulingVersion.objects.bulk_create(
            (
                RulingVersion(
                    ruling=ruling,
                    number=number,
                    status=Claim.Status.DRAFT,
                    rating=ruling.proposed_rating,
                    proposed_rating=ruling.proposed_rating,
                    headline=ruling.headline,
                    engine_version="2.1",
                    changed_by=journalist,
                    changed_at=now,
                    change="submitted",
                )
                for ruling in rulings
                for number in range(1, rng.choice((2, 3)))
            ),
            batch_size=batch,
        )
        corrections = Correction.objects.bulk_create(
            (
                Correction(
                    ruling=ruling,
                    note="The figure's period was misstated.",
                    corrected_at=ruling.published_at + datetime.timedelta(days=3),
                    editor=editor,
                    previous_rating=ruling.proposed_rating,
                    new_rating=ruling.proposed_rating,
                )
                for ruling in rulings
                if ruling.published_at and rng.random() < 0.01
            ),
            batch_size=batch,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "documents": len(documents),
        "figures": len(made),
        "claims": len(made_claims),
        "corrections": len(corrections),
    }


def deep_addresses() -> dict[str, str]:
    """The addresses of pages DEEP into each list, as a reader reaches them: by the cursor of
    the page before (the item there is found here with OFFSET, outside what is measured)."""
    from claims.models import LIST_ORDER, PUBLISHED_ORDER, Claim
    from datasets.api import BY_SLUG
    from datasets.models import Figure

    def at(queryset, ordering) -> str:
        count = queryset.count()
        return ordering.cursor(ordering.apply(queryset)[max(0, int(count * DEEP) - 1)])

    published = Claim.objects.latest_published()
    return {
        "claims_list": f"/claims/?after={at(Claim.objects.published(), LIST_ORDER)}",
        "api_claims": f"/api/claims?cursor={at(published, PUBLISHED_ORDER)}",
        "api_figures": f"/api/figures?cursor={at(Figure.objects.all(), BY_SLUG)}",
    }


def addresses() -> list[tuple[str, str | None, str]]:
    """(name, who, address): who is None for an anonymous visitor, else a demo account."""
    deep = deep_addresses()
    quote = "Under Biden 325,000 migrant children are missing"
    return [
        ("home", None, "/"),
        ("claims list", None, "/claims/"),
        ("claims list, deep page", None, deep["claims_list"]),
        ("claims list, page 40", None, "/claims/?page=40"),
        ("document suggestions", None, "/claims/documents/?document=Report+12"),
        ("claims list (editor, drafts too)", "editor", "/claims/"),
        ("claims search: word", None, f"/claims/?q={SEARCH_WORD}"),
        ("claims search: claimant", None, f"/claims/?q={SEARCH_CLAIMANT}"),
        ("claims search: rare word", None, f"/claims/?q={SEARCH_RARE}"),
        ("claims search (editor)", "editor", f"/claims/?q={SEARCH_WORD}"),
        ("corrections log", None, "/corrections/"),
        ("sources list", None, "/sources/"),
        ("review queue (editor)", "editor", "/queue/"),
        ("feed /feeds/rulings/", None, "/feeds/rulings/"),
        ("api claims", None, "/api/claims"),
        ("api claims, deep page", None, deep["api_claims"]),
        ("api claims, page 100", None, "/api/claims?page=100"),
        ("api figures", None, "/api/figures"),
        ("api figures, deep page", None, deep["api_figures"]),
        ("check page (journalist)", "journalist", f"/check/?q={quote.replace(' ', '+')}"),
    ]


def measure(runs: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from factcheck import kept_pages

    clients: dict[str | None, Client] = {None: Client()}
    for username in ("editor", "journalist"):
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))

    results = []
    for name, who, address in [*addresses(), ("figures.csv", None, "/figures.csv")]:
        client = clients[who]
        kept_pages.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
            size = len(_body(response))
        count = len(queries)  # now: the next request empties the connection's log
        walls, cpus, firsts = [], [], []
        for _ in range(runs):
            kept_pages.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(address)
            chunks = _chunks(response)
            next(chunks, b"")
            firsts.append(time.perf_counter() - wall)
            for _chunk in chunks:
                pass
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        row = {
            "name": name,
            "address": address,
            "status": response.status_code,
            "median_ms": statistics.median(walls) * 1000,
            "p95_ms": _p95(walls) * 1000,
            "cpu_ms": statistics.median(cpus) * 1000,
            "queries": count,
            "bytes": size,
        }
        if address == "/figures.csv":
            row["first_byte_ms"] = statistics.median(firsts) * 1000
            tracemalloc.start()
            _body(client.get(address))
            row["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        results.append(row)
        print(_line(row), flush=True)
    return results


def _chunks(response):
    if response.streaming:
        return iter(response.streaming_content)
    return iter([response.content])


def _body(response) -> bytes:
    return b"".join(_chunks(response))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _line(row: dict) -> str:
    extra = ""
    if "first_byte_ms" in row:
        extra = f"  first byte {row['first_byte_ms']:8.1f} ms  peak {row['peak_mb']:7.1f} MB"
    return (
        f"{row['name']:<36} {row['status']}  median {row['median_ms']:8.1f} ms  "
        f"p95 {row['p95_ms']:8.1f} ms  cpu {row['cpu_ms']:8.1f} ms  "
        f"{row['queries']:3d} queries  {row['bytes'] / 1024:9.1f} kB{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="A database of its own: remade.")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="Also write the results to this file.")
    args = parser.parse_args()

    fresh_database(args.database_url)
    os.environ.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # The pages name their static files as the server does, without a collectstatic manifest.
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    override_settings(STORAGES=storages).enable()
    print("Preparing the demo data (quickstart --no-serve)…", flush=True)
    call_command("quickstart", no_serve=True, stdout=StringIO())
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
    print("\nDemo data", flush=True)
    demo = measure(args.runs)

    print(f"\nAdding {args.claims:,} claims and {args.figures:,} figures…", flush=True)
    started = time.perf_counter()
    counts = generate(claims=args.claims, figures=args.figures, seed=args.seed)
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
    print("\nAt scale", flush=True)
    scale = measure(args.runs)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}", flush=True)
    print("\nAt scale / demo (median)")
    for before, after in zip(demo, scale, strict=True):
        print(
            f"{after['name']:<36} {after['median_ms'] / max(before['median_ms'], 0.001):7.1f}x "
            f"time  {after['bytes'] / max(before['bytes'], 1):7.1f}x size  "
            f"queries {before['queries']} → {after['queries']}"
        )
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"demo": demo, "scale": scale, "counts": counts}, out, indent=1)


if __name__ == "__main__":
    sys.exit(main())
