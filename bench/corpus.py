"""Measure the CPU time the verdict engine takes to check the whole corpus against the
project's own reference data.

    uv run python -m bench.corpus [--rounds 3] [--corpus tests/engine/corpus]

It loads `fixtures/reference.yaml` and `fixtures/series.yaml` into a throwaway in-memory
database, builds the registry and its indexes once (not timed), then checks every corpus quote
in its four wordings (as written, two rewordings, inside a paragraph) --rounds times, and prints
the CPU time of each round and their median. CPU time, not wall-clock time, so that other
processes on a busy machine do not inflate it. Run it from two checkouts (the engine before and
after a change) in alternation, with the same --corpus, to compare them in one sitting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="Rounds over the whole corpus.")
    parser.add_argument(
        "--corpus", type=Path, default=Path("tests/engine/corpus"), help="Corpus folder."
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "true")  # a development run: the settings ask for it
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from claims.checking import load_registry
    from claims.corpus import read_corpus, variants
    from claims.engine import check

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    call_command("migrate", verbosity=0)
    call_command("import_figures", str(fixtures / "reference.yaml"), verbosity=0)
    call_command("import_series", str(fixtures / "series.yaml"), verbosity=0)
    registry = load_registry()
    registry.index  # noqa: B018 (built once, as for every check in a process)
    registry.lexicon  # noqa: B018
    registry.series_index  # noqa: B018
    cases, distractors = read_corpus(args.corpus)
    claims = [case.claim(text) for case in cases for _, text in variants(case, distractors)]
    rounds = []
    for _ in range(args.rounds):
        start = time.process_time()
        for claim in claims:
            check(claim, registry)
        rounds.append(time.process_time() - start)
    print(
        f"{len(cases)} cases, {len(claims)} checks a round; CPU per round:"
        f" {', '.join(f'{seconds:.2f} s' for seconds in rounds)};"
        f" median {statistics.median(rounds):.2f} s"
        f" ({statistics.median(rounds) / len(claims) * 1000:.2f} ms a check)"
    )


if __name__ == "__main__":
    main()
