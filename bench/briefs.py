"""Measure how long a single-claim PDF brief takes, against the floor of typesetting it.

    uv run python -m bench.briefs [--runs 20] [--quote "..."]

It loads the reference registry into a throwaway in-memory database, saves one checked claim
(by default the development set's 325,000 quote, a two-page brief with two traced figures and a
chart), then times, each as the median of --runs:

- the brief: what `/claims/<id>/brief.pdf` does on a cache miss (load the claim and its
  figures, render the templates, hash, typeset, store);
- the floor: WeasyPrint typesetting a static HTML file of the same content, with the same
  options, fonts and URL fetcher;
- the assembly alone: loading, templates and hash, without typesetting;
- a cache hit: the same brief asked for again.

Brief and floor alternate within each round, so that a change in the machine's load falls on
both. It prints the medians in milliseconds and the ratio of the brief to the floor.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

QUOTE = (
    "She lost more than 325,000 migrant children. They're gone, nobody knows where they are. "
    "Many of them are dead, many of them are in sex trade."
)


def medians_ms(runs: int, *measured: Callable[[], object]) -> list[float]:
    """Median time of each callable, run in turn within each round so that a change in the
    machine's load during the benchmark falls on all of them alike."""
    times: list[list[float]] = [[] for _ in measured]
    for _ in range(runs):
        for run, samples in zip(measured, times, strict=True):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
    return [statistics.median(samples) * 1000 for samples in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="Runs per measurement (median).")
    parser.add_argument("--quote", default=QUOTE, help="The claim to make a brief of.")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "true")  # a development run: the settings ask for it
    import django

    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    from datetime import date

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from briefs import pdf as briefs
    from claims.models import Claim
    from datasets.importer import import_path

    work = Path(tempfile.mkdtemp(prefix="bench-briefs-"))
    settings.MEDIA_ROOT = work / "media"
    call_command("migrate", verbosity=0)
    import_path(Path(settings.BASE_DIR) / "fixtures" / "reference.yaml")
    author = User.objects.create_user("bench")
    pk = Claim.create_checked(
        author=author,
        text=args.quote,
        claimant="Donald Trump",
        said_on=date(2024, 9, 23),
        status=Claim.Status.PUBLISHED,
    ).pk

    def load() -> Claim:
        # As the view loads it.
        return Claim.objects.select_related("ruling", "author", "ruling__editor").get(pk=pk)

    def brief_on_a_miss() -> None:
        brief = briefs.claim_brief(load())
        default_storage.delete(brief.name)

    static_html = work / "brief.html"
    static_html.write_text(briefs._stamped(briefs.claim_html(load())), encoding="utf-8")

    def floor() -> None:
        briefs.render_pdf(static_html.read_text(encoding="utf-8"))

    brief_on_a_miss()  # warm up: imports, template loading, font discovery
    floor()
    brief_ms, floor_ms = medians_ms(args.runs, brief_on_a_miss, floor)
    (assembly_ms,) = medians_ms(args.runs, lambda: briefs.content_hash(briefs.claim_html(load())))
    briefs.claim_brief(load())
    (hit_ms,) = medians_ms(args.runs, lambda: briefs.claim_brief(load()))
    pages = len(PdfReader(io.BytesIO(briefs.render_pdf(static_html.read_text("utf-8")))).pages)

    print(f"single-claim brief, {args.runs} runs each (medians)")
    print(f"  brief (cache miss): {brief_ms:8.1f} ms")
    print(f"  floor (static HTML file, WeasyPrint only): {floor_ms:8.1f} ms")
    print(f"  ratio brief / floor: {brief_ms / floor_ms:8.2f}")
    print(f"  of which assembly (queries, templates, hash): {assembly_ms:8.1f} ms")
    print(f"  brief (cache hit): {hit_ms:8.1f} ms")
    print(f"  the brief: {pages} pages, {static_html.stat().st_size:,} bytes of HTML")


if __name__ == "__main__":
    main()
