"""Measure the verdict engine's per-check latency on synthetic registries.

    uv run python -m bench.engine [--sizes 100 1000 10000] [--checks 500] [--seed 7]
                                  [--paragraph-words 2000] [--paragraph-runs 50]
                                  [--series-rows 100000]

For each registry size it builds a synthetic registry shaped like the real one (documents of
about fifteen figures, sub-categories, subset/disjoint/supersedes relations, announcements and
percentages, units with the words a quote may use for them, an October fiscal year, and
documents that give one measure over consecutive fiscal years), builds its index and its
shares and changes once (reported separately, wall-clock and CPU: they are shared by every
check against the same registry), then times `check()` on quotes of the kinds the engine
meets: a figure's value with a qualifier, the sum of two figures of one document, the sum of
consecutive fiscal years, a change between two years ("rose 7 percent", "doubled"), a share
("one in five"), a number that matches nothing, a vague magnitude, with category and unit
words, negation, a named critic, stray numbers ("10 states"), harm words and blame. It prints
p50 and p95 of the wall-clock time per check in milliseconds, and of the CPU time the check
used (which other processes on a busy machine do not inflate).

Then it adds `--series-rows` rows of official tables (seeded, like the figures): series by fiscal
year, by month and by state and fiscal year, each with its national rows; times building their
index once, and `check()` on the same kinds of quotes mixed half and half with quotes that come
from the tables: a row for the year or the month named ("in November 2021 alone"), a state's
row, two consecutive years combined, a change between two years and a state's share of the
national total.

Then it times one check of a long paragraph (about 2,000 words of political news: stray
numbers, dates and names, with a few real claims about the registry's counts among them), the
same paragraph checked `--paragraph-runs` times against each registry. Beside the times it
prints how many of the paragraph's numbers the check read and how many it traced.
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
    SeriesRecord,
    SeriesRowRecord,
    TenureRecord,
    UnitRecord,
    check,
)
from claims.engine.parse import parse_claim

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

# What figures count, with the words a quote may use, like the real registry's units.
UNITS = (
    UnitRecord("children", "children", ("children", "child", "kids", "kid", "minors", "minor",
               "migrant children", "unaccompanied children", "uacs", "teens", "teenagers")),
    UnitRecord("calls", "calls", ("calls", "call", "phone calls", "follow-up calls",
               "welfare calls", "hotline calls")),
    UnitRecord("sponsors", "sponsors", ("sponsors", "sponsor", "caregivers", "guardians")),
    UnitRecord("letters", "letters", ("letters", "letter", "mailings")),
    UnitRecord("apprehensions", "apprehensions and encounters", ("apprehensions",
               "apprehension", "encounters", "border encounters", "crossings")),
    UnitRecord("cases", "cases and case files", ("cases", "case files", "case file")),
    UnitRecord("addresses", "addresses", ("addresses", "address", "sponsor addresses")),
    UnitRecord("recommendations", "recommendations", ("recommendations", "recommendation")),
    UnitRecord("percent", "percent", ("percent", "per cent", "%")),
)  # fmt: skip
# Figures' unit text as sources word it, weighted like the real registry (mostly children).
FIGURE_UNITS = ["children"] * 12 + ["calls", "sponsors", "letters (children)",
                "apprehensions", "case files", "sponsor addresses", "recommendations",
                "children (release addresses)", "calls / concerns"]  # fmt: skip
# Words a quote uses for a figure's unit, by the unit text's first word.
QUOTE_UNITS = {
    "children": ["children", "kids", "minors", "migrant children", "unaccompanied children"],
    "calls": ["calls", "phone calls", "follow-up calls"],
    "sponsors": ["sponsors", "caregivers"],
    "letters": ["letters"],
    "apprehensions": ["apprehensions", "border encounters"],
    "case": ["case files"],
    "sponsor": ["sponsor addresses"],
    "recommendations": ["recommendations"],
}
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2017, 2025
CRITICS = ["Senator Jane Holt", "Rep. Mark Ruiz", "Gov. Ellen Park", "Sen. Frank Doyle"]
STRAY = ["in 10 states", "across 3 hearings", "at 2 p.m. on Tuesday", "in 2019",
         "with 4 senators present", "in a 12-page letter", "on March 3",
         "for the 2nd time"]  # fmt: skip


def fiscal_year(year: int) -> tuple[date, date]:
    """The first and last day of fiscal year `year` (1 October of the year before)."""
    return date(year - 1, 10, 1), date(year, 9, 30)


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

    def add(document: str, siblings: list[FigureRecord], **fields: object) -> None:
        relations: list[tuple[str, str]] = []
        if siblings and rng.random() < 0.3:
            relations.append(("subset_of", siblings[0].slug))
        if siblings and rng.random() < 0.2:
            relations.append(("disjoint_with", rng.choice(siblings).slug))
        if figures and rng.random() < 0.05:
            relations.append(("supersedes", rng.choice(figures).slug))
        start = fields.pop("period_start")
        record = FigureRecord(
            slug=f"f{len(figures)}",
            qualifier=rng.choice(FIGURE_QUALIFIERS),
            kind="announcement" if rng.random() < 0.1 else "figure",
            document=document,
            period_start=start,
            as_of_text="",
            as_of=start,
            confidence=rng.choice(["primary", "secondary", "unverified"]),
            relations=tuple(relations),
            **fields,  # type: ignore[arg-type]
        )
        siblings.append(record)
        figures.append(record)

    for number in range(count_documents):
        document = f"doc{number}"
        share = size // count_documents + (1 if number < size % count_documents else 0)
        siblings: list[FigureRecord] = []
        # Half the documents give one measure over three to five consecutive fiscal years
        # (a table of releases by year): the changes and consecutive sums come from these.
        if share >= 5 and rng.random() < 0.5:
            years = rng.randint(3, 5)
            first = rng.randint(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR - years + 1)
            category = f"cat{rng.randrange(len(WORDS))}"
            unit = rng.choice(FIGURE_UNITS)
            value = rng.randint(500, 150_000)
            for year in range(first, first + years):
                start, end = fiscal_year(year)
                add(document, siblings, value=Decimal(value), unit=unit, category=category,
                    period_text=f"FY{year}", period_start=start, period_end=end)  # fmt: skip
                value = max(1, int(value * rng.choice([0.5, 0.8, 0.93, 1.07, 1.3, 2, 2.5])))
        while len(siblings) < share:
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(3500))
            percent = rng.random() < 0.05
            value = rng.randint(1, 99) if percent else int(10 ** rng.uniform(0, 6.3))
            add(
                document,
                siblings,
                value=Decimal(value),
                unit=rng.choice(["percent", "percent (of sampled case files)"])
                if percent
                else rng.choice(FIGURE_UNITS),
                category=f"cat{rng.randrange(len(WORDS))}",
                period_text="",
                period_start=start,
                period_end=start + timedelta(days=rng.randrange(30, 1500)),
            )
    return Registry(
        figures=tuple(figures),
        documents=documents,
        categories=categories,
        tenures=tenures,
        units=UNITS,
        fiscal_year_start=(10, 1),
    )


def series(registry: Registry) -> list[list[FigureRecord]]:
    """The runs of one measure over consecutive fiscal years, as the registry holds them."""
    runs: dict[tuple[str, str], list[FigureRecord]] = {}
    for figure in registry.figures:
        if figure.period_text.startswith("FY"):
            runs.setdefault((figure.document, figure.category), []).append(figure)
    return list(runs.values())


def unit_word(figure: FigureRecord, rng: random.Random) -> str:
    return rng.choice(QUOTE_UNITS.get(figure.unit.split()[0], ["children"]))


def category_word(figure: FigureRecord) -> str:
    return WORDS[int(figure.category.removeprefix("cat"))]


def change_quote(run: list[FigureRecord], rng: random.Random) -> str:
    """A change between two fiscal years of a run, in the words quotes use for it."""
    position = rng.randrange(len(run) - 1)
    before, after = run[position], run[position + 1]
    ratio = after.value / before.value
    first, second = before.period_text[2:], after.period_text[2:]
    span = f"from fiscal {first} to fiscal {second}"
    if ratio == 2:
        return f"doubled {span}"
    if ratio > 1:
        return f"rose {round((ratio - 1) * 100)} percent {span}"
    return f"fell {round((1 - ratio) * 100)} percent {span}"


def quote(registry: Registry, runs: list[list[FigureRecord]], rng: random.Random) -> str:
    figures = registry.figures
    figure = rng.choice(figures)
    kind = rng.random()
    if kind < 0.3:
        number = f"{rng.choice(QUALIFIERS)}{int(figure.value):,}"
    elif kind < 0.42:
        parts = [f for f in figures if f.document == figure.document][:2]
        number = f"{rng.choice(QUALIFIERS)}{int(sum(f.value for f in parts)):,}"
    elif kind < 0.52 and runs:
        # The sum of three consecutive fiscal years of one measure.
        run = rng.choice([run for run in runs if len(run) >= 3])
        figure = run[0]
        first = rng.randrange(len(run) - 2)
        total = sum(f.value for f in run[first : first + 3])
        years = f"{run[first].period_text[2:]} through {run[first + 2].period_text[2:]}"
        return (
            f"In fiscal years {years} combined, {int(total):,} {unit_word(figure, rng)} were "
            f"{category_word(figure)}, {rng.choice(CRITICS)} said {rng.choice(STRAY)}."
        )
    elif kind < 0.64 and runs:
        run = rng.choice(runs)
        figure = run[0]
        return (
            f"The number of {unit_word(figure, rng)} {category_word(figure)} "
            f"{change_quote(run, rng)}, {rng.choice(CRITICS)}, a critic of the program, "
            f"said {rng.choice(STRAY)}."
        )
    elif kind < 0.74:
        number = f"{rng.randint(1, 3_000_000):,}"
    elif kind < 0.86:
        number = rng.choice(["a third of the", "28.3% of", "half of the", "one in five"])
    else:
        number = rng.choice(["tens of thousands of", "hundreds of thousands of"])
    words = rng.sample(WORDS, 2)
    negation = rng.choice(["", "", "", "not ", "never "])
    text = (
        f"Under Biden {number} {unit_word(figure, rng)} were {negation}{words[0]}, and {words[1]}"
    )
    if rng.random() < 0.4:
        text += f", {rng.choice(CRITICS)} said {rng.choice(STRAY)}"
    text += "."
    if rng.random() < 0.3:
        text += f" Many are {rng.choice(HARMS)}."
    return text


STATES = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
          "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
          "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
          "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
          "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
          "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
          "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia",
          "Washington", "West Virginia", "Wisconsin", "Wyoming"]  # fmt: skip
SERIES_UNITS = ["children"] * 4 + ["apprehensions"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _month(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    return start, date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def synthetic_series(rows: int, rng: random.Random) -> tuple[SeriesRecord, ...]:
    """Tables adding up to about `rows` rows: by fiscal year, by month, and by state and fiscal
    year (with the national total), over FY2012-FY2025, of one measure each."""
    tables: list[SeriesRecord] = []
    total = 0
    while total < rows:
        kind = rng.choice(["fiscal_year", "month", "state_fiscal_year"])
        category = f"cat{rng.randrange(len(WORDS))}"
        unit = rng.choice(SERIES_UNITS)
        made: list[SeriesRowRecord] = []

        def row(
            start: date,
            end: date,
            text: str,
            value: int,
            geo: str = "",
            made: list[SeriesRowRecord] = made,
        ) -> None:
            made.append(
                SeriesRowRecord(
                    period_start=start, period_end=end, period_text=text,
                    value=Decimal(value), qualifier="", geo=geo, breakdown=(),
                    partial=rng.random() < 0.01,
                )
            )  # fmt: skip

        if kind == "month":
            value = rng.randint(500, 20_000)
            for year in range(2014, 2025):
                for month in range(1, 13):
                    row(*_month(year, month), f"{year}-{month:02d}", value)
                    value = max(1, int(value * rng.uniform(0.8, 1.25)))
        else:
            for year in range(2012, 2026):
                national = rng.randint(5_000, 150_000)
                row(*fiscal_year(year), f"FY{year}", national)
                if kind == "state_fiscal_year":
                    for state in STATES:
                        share = rng.uniform(0.001, 0.08)
                        row(*fiscal_year(year), f"FY{year}", int(national * share), state)
        tables.append(
            SeriesRecord(
                slug=f"series{len(tables)}",
                title=f"{WORDS[int(category[3:])].capitalize()} {unit}, {kind}",
                unit=unit, category=category, period_kind=kind, document="",
                publisher="Statistics Office (agency data)",
                confidence=rng.choice(["primary", "secondary"]), rows=tuple(made),
            )
        )  # fmt: skip
        total += len(made)
    return tuple(tables)


def series_quote(registry: Registry, rng: random.Random) -> str:
    """A quote that comes from the tables: a row, a state's row, two years combined, a change
    between two years, a state's share of the national total."""
    table = rng.choice(registry.series)
    word = WORDS[int(table.category[3:])]
    unit = rng.choice(QUOTE_UNITS.get(table.unit, ["children"]))
    national = [r for r in table.rows if not r.geo]
    kind = rng.random()
    if table.period_kind == "month":
        one = rng.choice(national)
        month = MONTHS[one.period_start.month - 1]
        return (
            f"{rng.choice(QUALIFIERS)}{int(one.value):,} {unit} were {word} in {month}"
            f" {one.period_start.year} alone, {rng.choice(CRITICS)} said."
        )
    position = rng.randrange(len(national) - 1)
    one, two = national[position], national[position + 1]
    if kind < 0.35:
        said = f"{rng.choice(QUALIFIERS)}{int(one.value):,}"
        return f"{said} {unit} were {word} in fiscal {one.period_text[2:]}."
    if kind < 0.55:
        total = int(one.value + two.value)
        return (
            f"In fiscal years {one.period_text[2:]} and {two.period_text[2:]} combined,"
            f" {total:,} {unit} were {word}."
        )
    if kind < 0.75:
        change = round((two.value / one.value - 1) * 100)
        verb = "rose" if change >= 0 else "fell"
        return (
            f"The number of {unit} {word} {verb} {abs(change)} percent from fiscal"
            f" {one.period_text[2:]} to fiscal {two.period_text[2:]}."
        )
    states = [r for r in table.rows if r.geo]
    if not states:
        return f"{int(two.value):,} {unit} were {word} in fiscal {two.period_text[2:]}."
    state = rng.choice(states)
    if kind < 0.9:
        return (
            f"{state.geo} sponsors took in {int(state.value):,} {unit} {word} in fiscal"
            f" {state.period_text[2:]}."
        )
    whole = next(r for r in national if r.period_start == state.period_start)
    share = round(state.value * 100 / whole.value)
    return (
        f"{state.geo} took {share} percent of the {unit} {word} in fiscal {state.period_text[2:]}."
    )


# Sentences of political news around the claims: numbers, dates and names that trace to
# nothing, as a long quote pasted from an article carries them.
FILLER = [
    "{name} told reporters on {day} that the hearing would resume after {n} witnesses testified.",
    "The committee voted {n} to {m} to advance the bill, with {name} casting the deciding vote.",
    "Lawmakers from {n} states signed a letter to the secretary on {day}.",
    "{name}, who has served {n} terms, said the agency's budget of ${n} million was not enough.",
    "The senator's office released a {n}-page statement on {day} criticizing the administration.",
    "Polls taken in {year} showed {n} percent of voters in the district opposed the plan.",
    "At a rally in Ohio on {day}, {name} spoke for {n} minutes about the border.",
    "The governor signed {n} executive orders during his first week in office.",
    "Officials said {n} buses carried migrants north in {year}, according to state records.",
    "{name} said the administration had ignored {n} warnings from its own inspectors.",
    "The agency has had {n} directors since {year}, a turnover critics call alarming.",
    "A spokesperson for {name} declined to comment on {day}.",
]
NAMES = ["Senator Maria Lopez", "Rep. Tom Baker", "Gov. Ann Reyes", "Secretary Paul Chen",
         "Mayor Dana Fox", "Rep. Luis Ortega", "Senator Ruth King"]  # fmt: skip


def paragraph(registry: Registry, words: int, seed: int) -> str:
    """A deterministic paragraph of about `words` words, one real claim every ~150 words."""
    rng = random.Random(seed)
    runs = series(registry)
    sentences: list[str] = []
    count = 0
    while count < words:
        if count and len(sentences) % 12 == 0:
            sentence = quote(registry, runs, rng)
        else:
            sentence = rng.choice(FILLER).format(
                name=rng.choice(NAMES),
                day=f"{rng.choice(['March', 'June', 'October'])} {rng.randint(1, 28)}",
                n=rng.randint(2, 60),
                m=rng.randint(2, 60),
                year=rng.randint(2015, 2024),
            )
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def prepared(
    size: int, seed: int
) -> tuple[Registry, tuple[float, float], tuple[float, float], random.Random]:
    """A registry of `size` figures with its index and its shares and changes built (the
    wall-clock and CPU milliseconds of each), and the random source that made it, to draw
    quotes from."""
    rng = random.Random(seed)
    registry = synthetic_registry(size, rng)
    start, start_cpu = time.perf_counter(), time.process_time()
    _ = registry.index, registry.lexicon
    build = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    start, start_cpu = time.perf_counter(), time.process_time()
    _ = registry.index.arithmetic
    arithmetic = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    return registry, build, arithmetic, rng


def timed(claims: list[ClaimInput], registry: Registry) -> tuple[float, float, float, float]:
    """p50 and p95 of wall-clock and of CPU time per check, in ms."""
    wall, cpu = [], []
    for claim in claims:
        begin, begin_cpu = time.perf_counter(), time.thread_time()
        check(claim, registry)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.thread_time() - begin_cpu) * 1000)
    cuts, cpu_cuts = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return cuts[49], cuts[94], cpu_cuts[49], cpu_cuts[94]


def quotes(registry: Registry, checks: int, rng: random.Random) -> list[ClaimInput]:
    runs = series(registry)
    return [
        ClaimInput(
            id=str(n),
            text=quote(registry, runs, rng),
            said_on=date(2018, 1, 1) + timedelta(days=rng.randrange(2500)),
            attributed_to=rng.choice(["Kamala Harris", "", "Trump administration"]),
        )
        for n in range(checks)
    ]


def measure(size: int, checks: int, seed: int) -> tuple[float, ...]:
    """Return index build and arithmetic build times (wall-clock, then CPU), then p50 and p95
    of wall-clock and of CPU time per check, in ms."""
    registry, build, arithmetic, rng = prepared(size, seed)
    return *build, *arithmetic, *timed(quotes(registry, checks, rng), registry)


def measure_series(size: int, rows: int, checks: int, seed: int) -> tuple[float, ...]:
    """With `rows` series rows beside `size` figures: the series index build time, then p50 and
    p95 of wall-clock and of CPU time per check on quotes half from the figures' kinds and half
    from the tables', in ms."""
    registry, _, _, rng = prepared(size, seed)
    registry = Registry(
        figures=registry.figures, documents=registry.documents,
        categories=registry.categories, tenures=registry.tenures, units=registry.units,
        fiscal_year_start=registry.fiscal_year_start,
        series=synthetic_series(rows, random.Random(seed)),
    )  # fmt: skip
    start = time.perf_counter()
    _ = registry.index, registry.lexicon, registry.index.arithmetic
    figures_build = time.perf_counter() - start
    start = time.perf_counter()
    _ = registry.series_index
    build = (time.perf_counter() - start) * 1000
    del figures_build
    claims = quotes(registry, checks // 2, rng) + [
        ClaimInput(
            id=f"s{n}",
            text=series_quote(registry, rng),
            said_on=date(2026, 1, 1),
            attributed_to=rng.choice(["", "Trump administration"]),
        )
        for n in range(checks - checks // 2)
    ]
    rng.shuffle(claims)
    traced = sum(bool(check(claim, registry).series) for claim in claims)
    return (
        sum(len(table.rows) for table in registry.series),
        build,
        traced,
        *timed(claims, registry),
    )


def measure_paragraph(size: int, words: int, runs: int, seed: int) -> tuple[float, ...]:
    """Return the paragraph's word count, how many of its numbers the check read and traced,
    then p50 and p95 of wall-clock and of CPU time per check of it, in ms.

    The engine bounds the work a long quote can cause (characters read, numbers read, numbers
    traced), so the counts say how much of the paragraph the timed check covered."""
    registry, *_ = prepared(size, seed)
    text = paragraph(registry, words, seed)
    claim = ClaimInput(id="paragraph", text=text, said_on=date(2024, 9, 23))
    read = len(parse_claim(claim, registry).frames)
    traced = len(check(claim, registry).numbers)
    return len(text.split()), read, traced, *timed([claim] * runs, registry)


def table(columns: tuple[str, ...], widths: tuple[int, ...]) -> None:
    print("  ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--checks", type=int, default=500, help="checks timed per size")
    parser.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    parser.add_argument(
        "--paragraph-words", type=int, default=2000,
        help="words in the long paragraph checked at each size (0 skips it)",
    )  # fmt: skip
    parser.add_argument(
        "--paragraph-runs", type=int, default=50, help="times the paragraph is checked per size"
    )
    parser.add_argument(
        "--series-rows", type=int, default=100_000,
        help="rows of official tables added to each registry for the series timing (0 skips it)",
    )  # fmt: skip
    options = parser.parse_args()
    table(
        ("figures", "index build", "its CPU", "arithmetic", "its CPU", "p50", "p95", "CPU p50",
         "CPU p95"),
        (8, 11, 8, 10, 8, 8, 8, 8, 8),
    )  # fmt: skip
    for size in options.sizes:
        build, build_cpu, arithmetic, arithmetic_cpu, p50, p95, cpu50, cpu95 = measure(
            size, options.checks, options.seed
        )
        print(
            f"{size:>8,}  {build:>8.0f} ms  {build_cpu:>5.0f} ms  {arithmetic:>7.0f} ms"
            f"  {arithmetic_cpu:>5.0f} ms  {p50:>5.2f} ms  {p95:>5.2f} ms  {cpu50:>5.2f} ms"
            f"  {cpu95:>5.2f} ms"
        )
    if options.series_rows > 0:
        print()
        table(
            ("figures", "rows", "series index", "traced", "p50", "p95", "CPU p50", "CPU p95"),
            (8, 8, 12, 6, 8, 8, 8, 8),
        )
        for size in options.sizes:
            rows, build, traced, p50, p95, cpu50, cpu95 = measure_series(
                size, options.series_rows, options.checks, options.seed
            )
            print(
                f"{size:>8,}  {rows:>8,}  {build:>9.0f} ms  {traced:>6}  {p50:>5.2f} ms"
                f"  {p95:>5.2f} ms  {cpu50:>5.2f} ms  {cpu95:>5.2f} ms"
            )
    if options.paragraph_words <= 0:
        return
    print()
    table(
        ("figures", "words", "read", "traced", "p50", "p95", "CPU p50", "CPU p95"),
        (8, 6, 4, 6, 9, 9, 9, 9),
    )
    for size in options.sizes:
        words, read, traced, p50, p95, cpu50, cpu95 = measure_paragraph(
            size, options.paragraph_words, options.paragraph_runs, options.seed
        )
        print(
            f"{size:>8,}  {words:>6,}  {read:>4}  {traced:>6}  {p50:>6.1f} ms  {p95:>6.1f} ms"
            f"  {cpu50:>6.1f} ms  {cpu95:>6.1f} ms"
        )


if __name__ == "__main__":
    main()
