"""Measure the verdict engine's per-check latency on synthetic registries.

    uv run python -m bench.engine [--sizes 100 1000 10000] [--checks 500] [--seed 7]

For each registry size it builds a synthetic registry shaped like the real one (documents of
about fifteen figures, sub-categories, subset/disjoint/supersedes relations, announcements and
percentages), builds its index once (reported separately: it is shared by every check against
the same registry), then times `check()` on quotes of the kinds the engine meets: a figure's
value with a qualifier, the sum of two figures of one document, a number that matches
nothing, a share, a vague magnitude, with category words, harm words and blame. It prints
p50 and p95 of the wall-clock time per check in milliseconds, and of the CPU time the check
used (which other processes on a busy machine do not inflate).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from claims.engine import (
    CategoryRecord,
    ClaimInput,
    DocumentRecord,
    FigureRecord,
    Registry,
    TenureRecord,
    check,
)

# One everyday word per category, as many categories as the real registry has.
WORDS = ["missing", "lost track of", "released", "apprehended", "located", "no court date",
         "failed to appear", "unreachable", "separated", "rescued", "transferred", "referred",
         "in custody", "reunified", "deported", "placed with sponsors", "unvetted", "ran away",
         "arrested", "reached", "called", "represented", "in shelters", "encountered",
         "ordered removed", "bad address", "welfare checks", "taken into custody", "hotline",
         "recommendations"]  # fmt: skip
HARMS = ["dead", "trafficked", "sold", "sex slaves"]
QUALIFIERS = ["", "more than ", "about ", "nearly ", "over ", "at least ", "some ", ""]
FIGURE_QUALIFIERS = ["exact", "exact", "more than", "about", "nearly", "exact (rounded)"]


def synthetic_registry(size: int, rng: random.Random) -> Registry:
    categories = {}
    for number, word in enumerate(WORDS):
        # Like the real definitions, each warns against a couple of other readings.
        warned = ", ".join(rng.sample([w for w in WORDS if w != word], 2))
        categories[f"cat{number}"] = CategoryRecord(
            slug=f"cat{number}",
            label=word.capitalize(),
            means=f"Children counted as {word}.",
            does_not_mean=f"Not {warned}" + (", trafficked or dead." if number % 5 == 0 else "."),
            parent=f"cat{number - 1}" if number % 4 == 3 else None,
            lay_terms=(word,),
            harm_terms=(),
        )
    categories["harm"] = CategoryRecord(
        slug="harm", label="Harm", means="", does_not_mean="", parent=None, lay_terms=(),
        harm_terms=tuple(HARMS),
    )  # fmt: skip
    tenures = (
        TenureRecord("t1", "First", date(2017, 1, 20), date(2021, 1, 20), ("trump",)),
        TenureRecord("t2", "Second", date(2021, 1, 20), date(2025, 1, 20), ("biden", "harris")),
    )
    documents = {}
    figures: list[FigureRecord] = []
    count_documents = max(1, size // 15)
    for number in range(count_documents):
        slug = f"doc{number}"
        documents[slug] = DocumentRecord(
            slug=slug,
            title=f"Report {number}",
            agency=rng.choice(["DHS Office of Inspector General", "Axios (news)", "HHS"]),
            kind="oversight_audit",
            report_number=f"R-{number}",
            date=date(2015, 1, 1) + timedelta(days=rng.randrange(4000)),
            method_published=rng.random() < 0.7,
            tier=rng.randint(1, 4),
        )
    by_document: dict[str, list[FigureRecord]] = {}
    for number in range(size):
        document = f"doc{number % count_documents}"
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(3500))
        percent = rng.random() < 0.05
        value = rng.randint(1, 99) if percent else int(10 ** rng.uniform(0, 6.3))
        relations: list[tuple[str, str]] = []
        siblings = by_document.setdefault(document, [])
        if siblings and rng.random() < 0.3:
            relations.append(("subset_of", siblings[0].slug))
        if siblings and rng.random() < 0.2:
            relations.append(("disjoint_with", rng.choice(siblings).slug))
        if figures and rng.random() < 0.05:
            relations.append(("supersedes", rng.choice(figures).slug))
        record = FigureRecord(
            slug=f"f{number}",
            value=Decimal(value),
            qualifier=rng.choice(FIGURE_QUALIFIERS),
            unit="percent" if percent else "children",
            category=f"cat{rng.randrange(len(WORDS))}",
            kind="announcement" if rng.random() < 0.1 else "figure",
            document=document,
            period_text="",
            period_start=start,
            period_end=start + timedelta(days=rng.randrange(30, 1500)),
            as_of_text="",
            as_of=start,
            confidence=rng.choice(["primary", "secondary", "unverified"]),
            relations=tuple(relations),
        )
        siblings.append(record)
        figures.append(record)
    return Registry(
        figures=tuple(figures), documents=documents, categories=categories, tenures=tenures
    )


def quote(registry: Registry, rng: random.Random) -> str:
    figures = registry.figures
    kind = rng.random()
    if kind < 0.45:
        number = f"{rng.choice(QUALIFIERS)}{int(rng.choice(figures).value):,}"
    elif kind < 0.65:
        document = rng.choice(figures).document
        parts = [f for f in figures if f.document == document][:2]
        number = f"{rng.choice(QUALIFIERS)}{int(sum(f.value for f in parts)):,}"
    elif kind < 0.8:
        number = f"{rng.randint(1, 3_000_000):,}"
    elif kind < 0.9:
        number = rng.choice(["a third of the", "28.3% of", "half of the", "one in five"])
    else:
        number = rng.choice(["tens of thousands of", "hundreds of thousands of"])
    words = rng.sample(WORDS, 2)
    text = f"Under Biden {number} migrant children were {words[0]}, and {words[1]}."
    if rng.random() < 0.3:
        text += f" Many are {rng.choice(HARMS)}."
    return text


def measure(size: int, checks: int, seed: int) -> tuple[float, float, float, float, float]:
    """Return index build time, then p50 and p95 of wall-clock and of CPU time, in ms."""
    rng = random.Random(seed)
    registry = synthetic_registry(size, rng)
    start = time.perf_counter()
    _ = registry.index, registry.lexicon
    build = (time.perf_counter() - start) * 1000
    claims = [
        ClaimInput(
            id=str(n),
            text=quote(registry, rng),
            said_on=date(2018, 1, 1) + timedelta(days=rng.randrange(2500)),
            attributed_to=rng.choice(["Kamala Harris", "", "Trump administration"]),
        )
        for n in range(checks)
    ]
    wall, cpu = [], []
    for claim in claims:
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        check(claim, registry)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.thread_time() - begin_cpu) * 1000)
    cuts, cpu_cuts = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return build, cuts[49], cuts[94], cpu_cuts[49], cpu_cuts[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--checks", type=int, default=500, help="checks timed per size")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    options = parser.parse_args()
    columns = ("figures", "index build", "p50", "p95", "CPU p50", "CPU p95")
    print(
        "  ".join(
            f"{name:>{width}}" for name, width in zip(columns, (8, 11, 8, 8, 8, 8), strict=True)
        )
    )
    for size in options.sizes:
        build, p50, p95, cpu50, cpu95 = measure(size, options.checks, options.seed)
        print(
            f"{size:>8,}  {build:>8.0f} ms  {p50:>5.2f} ms  {p95:>5.2f} ms"
            f"  {cpu50:>5.2f} ms  {cpu95:>5.2f} ms"
        )


if __name__ == "__main__":
    main()
