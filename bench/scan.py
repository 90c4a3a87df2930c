"""Measure a scan of a long transcript against the reference registry.

    uv run python -m bench.scan [--words 20000] [--runs 3] [--seed 7]

It loads the reference registry into a throwaway in-memory database and builds a debate
transcript of about --words words (seeded): speaker turns ("MODERATOR:", "SMITH:", "Q."),
sentences of campaign talk with stray numbers the registry cannot speak to (percentages of
taxes, counts of states, jobs and dollars, years), and every so often a quote of the
development claims (fixtures/dev_claims.yaml), so that about one sentence in twelve is a
claim about the registry's counts, some of them said twice.

It then times, each as the median of --runs, in wall-clock and CPU seconds:
- the reading: `scan_text()`, the engine on every sentence with a number;
- the whole scan as the page runs it: reading, "checked before" against the saved claims (the
  development claims, saved and published first) and storing the scan and its candidates;
- the request: `POST /scan/` with the transcript pasted, read within the request (the form's
  checks, the whole scan, the redirect), and the result page it redirects to (`GET`: the text
  with its candidates marked, the table, the sentences not in our sources);
- the floor: the engine's `check()` on the sentences with a number, one by one, with nothing
  else (the reading must stay close to it).
It prints the sentences, candidates and numbers "not in our sources", the times, and the ratio
of the whole scan to the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SPEAKERS = ["MODERATOR", "SMITH", "JONES"]
TALK = [
    "We will cut taxes by {p} percent for working families in every one of the {s} states.",
    "My plan creates {n} jobs in the first {y} years and it pays for itself.",
    "Look, the other side has had {y} years and they did nothing, nothing at all.",
    "I was in Ohio last week and I met a family that pays ${d} a month for insulin.",
    "We built {s} new plants and brought back {n} manufacturing jobs.",
    "That is simply not true and everybody here knows it.",
    "In {year} we passed the biggest bill in history with {s} votes to spare.",
    "Our schools need {p} percent more teachers, and we will hire them.",
    "The deficit went up by ${d} billion under their watch.",
    "I have a plan, a very good plan, and people are talking about it.",
    "We will rebuild {s} bridges and {s} airports across the country.",
    "Thank you, and thank you all for being here tonight.",
]


def transcript(words: int, quotes: list[str], *, seed: int) -> str:
    """A debate of about `words` words with the development claims' quotes among its talk."""
    rng = random.Random(seed)
    turns: list[str] = []
    count = 0
    said = 0
    while count < words:
        speaker = rng.choice(SPEAKERS)
        label = "Q." if rng.random() < 0.1 else f"{speaker}:"
        sentences = []
        for _ in range(rng.randint(3, 9)):
            if rng.random() < 1 / 12:
                sentence = quotes[said % len(quotes)]
                said += 1
            else:
                sentence = rng.choice(TALK).format(
                    p=rng.randint(2, 40),
                    s=rng.randint(3, 50),
                    n=f"{rng.randint(10, 900)},000",
                    y=rng.randint(2, 12),
                    d=f"{rng.randint(1, 999):,}",
                    year=rng.randint(1990, 2023),
                )
            sentences.append(sentence)
            count += len(sentence.split())
        turns.append(f"{label} {' '.join(sentences)}")
    return "\n\n".join(turns)


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20_000, help="Words of the transcript.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per measurement (median).")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "true")  # a development run: the settings ask for it
    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from claims.checking import current_registry
    from claims.claimfile import read_claim_file
    from claims.engine import ClaimInput, check
    from claims.models import Claim
    from datasets.importer import import_path
    from scans.models import Scan
    from scans.scanner import paragraphs as paragraphs_of
    from scans.scanner import scan_text, sentences, turns

    call_command("migrate", verbosity=0)
    import_path(Path(settings.BASE_DIR) / "fixtures" / "reference.yaml")
    rows = read_claim_file(Path(settings.BASE_DIR) / "fixtures" / "dev_claims.yaml")
    author = User.objects.create_user("bench")
    for row in rows:
        Claim.create_checked(
            author=author,
            text=row.claim.text,
            claimant=row.claim.claimant,
            said_on=row.claim.said_on,
            status=Claim.Status.PUBLISHED,
        )
    quotes = [row.claim.text for row in rows if len(row.claim.text) < 400]
    text = transcript(args.words, quotes, seed=args.seed)
    registry = current_registry()
    registry.index  # built once, as a long-running process has it  # noqa: B018

    with_numbers = [
        text[begin:end]
        for turn in turns(text)
        for start, finish in paragraphs_of(text, turn.start, turn.end)
        for begin, end, _ in sentences(text, start, finish)
    ]

    def floor() -> None:
        for sentence in with_numbers:
            check(ClaimInput(text=sentence), registry)

    def reading() -> None:
        scan_text(text, registry=registry, speaker="Smith")

    def whole() -> None:
        scan = Scan.objects.create(author=author, text=text, speaker="Smith")
        scan.run()

    from django.test import Client

    from accounts.roles import JOURNALIST, ensure_roles

    settings.SCAN_INLINE_CHARS = len(text)  # read within the request, not by a worker
    author.groups.add(ensure_roles()[JOURNALIST])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(author)
    pages: list[str] = []

    def request() -> None:
        response = client.post("/scan/", {"text": text, "speaker": "Smith"})
        assert response.status_code == 302, response.status_code
        pages.append(response["Location"])

    def page() -> None:
        response = client.get(pages[-1])
        assert response.status_code == 200
        assert b"candidates to check" in response.content

    found = scan_text(text, registry=registry)
    candidates = sum(1 for item in found if item.candidate)
    measured = {"floor": floor, "reading": reading, "whole": whole, "request": request,
                "page": page}  # fmt: skip
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in measured}
    for _ in range(args.runs):  # alternate, so that a change in the machine's load falls on all
        for name, run in measured.items():
            results[name].append(timed(run))
    words = len(text.split())
    print(
        f"transcript: {words} words, {len(text)} characters, {len(with_numbers)} sentences with "
        f"a number: {candidates} candidates, {len(found) - candidates} not in our sources"
    )
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        medians[name] = (wall, cpu)
        print(f"{name:>8}: wall {wall:.2f} s, CPU {cpu:.2f} s (median of {args.runs})")
    print(
        f"whole / floor: wall {medians['whole'][0] / medians['floor'][0]:.2f}, "
        f"CPU {medians['whole'][1] / medians['floor'][1]:.2f}"
    )


if __name__ == "__main__":
    main()
