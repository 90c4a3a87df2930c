"""Time re-checking after one figure changed: which rulings are chosen, and claims a second.

    uv run python -m bench.recheck [--claims 4000] [--seed 7]

It loads the reference registry into a throwaway in-memory database and saves --claims checked
claims, drawn from the seed: a third quote a figure's value ("more than 85,000 migrant children
were lost"), a third a number no figure explains, a third stray numbers and words. Then, for
the figure most rulings trace to, it times the re-check task (`recheck_claims`) as a figure edit
sends it, and, for comparison, re-checking every ruling (`every_ruling`, what a large import
sends). For each it prints the rulings re-checked, the seconds (wall-clock and CPU) and the
claims a second; for the figure, how many rulings trace to it and how many trace to nothing.
The registry is built before the timing starts, as a running worker has it.
"""

from __future__ import annotations

import argparse
import os
import random
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["ENGINE_CACHE_DIR"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "true")  # a development run: the settings ask for it
    import django

    django.setup()
    from datetime import date, timedelta
    from pathlib import Path

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db.models import Count

    import claims.checking
    from claims.models import Claim, Ruling
    from claims.tasks import recheck_claims
    from datasets.importer import import_path
    from datasets.models import Figure

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    import_path(Path(settings.BASE_DIR) / "fixtures" / "reference.yaml")
    author = User.objects.create_user("bench-journalist")
    rng = random.Random(args.seed)
    values = [int(value) for value in Figure.objects.values_list("value", flat=True) if value > 9]
    words = ["migrant children", "children", "kids", "unaccompanied minors"]
    verbs = ["were lost", "went missing", "were released to sponsors", "were not reached"]
    started = time.perf_counter()
    for n in range(args.claims):
        kind = n % 3
        if kind == 0:
            number = rng.choice(values)
            text = f"More than {number:,} {rng.choice(words)} {rng.choice(verbs)}."
        elif kind == 1:
            number = rng.randint(10, 2_000_000)
            text = f"About {number:,} {rng.choice(words)} {rng.choice(verbs)}."
        else:
            text = f"In {rng.randint(2, 40)} states, {rng.randint(2, 9)} hearings were held."
        said_on = date(2022, 1, 1) + timedelta(days=rng.randrange(900))
        Claim.create_checked(author=author, text=text, said_on=said_on)
    print(f"{args.claims:,} claims checked and saved in {time.perf_counter() - started:.0f} s")

    busiest = Figure.objects.annotate(traced=Count("rulings")).order_by("-traced", "slug").first()
    assert busiest is not None
    traced = Ruling.objects.filter(figures=busiest).count()
    untraced = Ruling.objects.filter(figures__isnull=True).count()
    print(
        f"figure {busiest.slug}: {traced:,} rulings trace to it, {untraced:,} of"
        f" {Ruling.objects.count():,} trace to nothing"
    )
    checked = 0
    original = claims.checking.check_claim

    def counting(claim, registry=None):
        nonlocal checked
        checked += 1
        return original(claim, registry=registry)

    claims.checking.check_claim = counting
    claims.checking.current_registry()  # built, as in a running worker
    print(f"{'re-check':<22} {'rulings':>8} {'seconds':>8} {'CPU s':>7} {'claims/s':>9}")
    for label, call in (
        ("one figure edited", lambda: recheck_claims.call([busiest.slug])),
        ("every ruling", lambda: recheck_claims.call([], every_ruling=True)),
    ):
        checked = 0
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{label:<22} {checked:>8,} {wall:>8.2f} {cpu:>7.2f} {checked / wall:>9,.0f}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
