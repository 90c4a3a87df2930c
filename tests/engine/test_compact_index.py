"""The index keeps its pairs, shares and changes as arrays of floats and positions and makes the
exact Decimals again for what a query looks at. These tests hold it to what plain lists of
every pair, share and change, made and sorted in Decimals, give: the same items in the same
order, the same answers to every search."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from engine_factories import CATEGORIES, category, document, figure, registry

from claims.engine.arithmetic import MAX_GROUP, Combination
from claims.engine.index import MAX_DOCUMENT_FIGURES, FigureIndex

RELATIONS = ("supersedes", "superseded_by", "subset_of", "disjoint_with", "same_measure_as",
             "conflicts_with", "derived_from", "related_to")  # fmt: skip
# Values whose floats are not exact, whose floats are equal though the Decimals differ, and
# whole numbers written with an exponent or a trailing zero (equal, printed otherwise).
ODD_VALUES = ("0.1", "0.2", "0.3", "12.5", "1E+3", "1000.0", "1000", "2.5", "7.25", "33.3",
              "0.1000000000000000000001", "0.1000000000000000000002", "250000.5",
              "9007199254740993", "9007199254740992")  # fmt: skip


def _mixed_registry(seed: int):
    """Two hundred and forty figures in twelve documents, with relations of every kind (some
    written from the other end), odd values, every qualifier, periods that follow one another,
    overlap, are not known or end before they begin, and a few percentages."""
    rng = random.Random(seed)
    categories = (*CATEGORIES, category("sub_counted", parent="counted"))
    slugs = [f"f{k:03}" for k in range(240)]
    figures = []
    for k, slug in enumerate(slugs):
        # Half the relations within the document (every twelfth figure is of one), and
        # chains of subsets there, which include without a relation of their own.
        offsets = [rng.choice((-24, -12, 12, 24, rng.randint(-12, 12))) for _ in range(3)]
        relations = tuple(
            (rng.choice(RELATIONS), slugs[min(len(slugs) - 1, max(0, k + offset))])
            for offset in offsets[: rng.choice((0, 0, 1, 2))]
        )
        if k >= 12 and rng.random() < 0.3:
            relations += (("subset_of", slugs[k - 12]),)
        percent = k % 9 == 0
        if percent:
            value: str | int = rng.randint(1, 99)
        elif rng.random() < 0.3:
            value = rng.choice(ODD_VALUES)
        elif rng.random() < 0.5:
            value = rng.choice((100, 200, 300, 400, 500, 1000))  # sums equal to differences
        else:
            value = rng.randint(1, 200_000)
        start = date(2016, 10, 1) + timedelta(days=365 * rng.randrange(8))
        end = start + timedelta(days=364)
        periods = rng.random()
        if periods < 0.1:
            start = end = None  # type: ignore[assignment]
        elif periods < 0.15:
            start, end = end, start  # ends before it begins
        elif periods < 0.3:
            end = start + timedelta(days=rng.randrange(30, 900))
        figures.append(
            figure(
                slug, value, unit="percent" if percent else rng.choice(("children", "calls")),
                category=rng.choice([c.slug for c in categories[:6]] + ["sub_counted"]),
                document=f"doc_{k % 12}", relations=relations,
                qualifier=rng.choice(("exact", "about", "more than", "nearly", "at least")),
                period_start=start, period_end=end,
            )
        )  # fmt: skip
    documents = tuple(document(f"doc_{n}", date=date(2019 + n % 5, 1, 1)) for n in range(12))
    made = registry(*figures, documents=documents)
    return type(made)(
        figures=made.figures, documents=made.documents,
        categories={record.slug: record for record in categories}, tenures=made.tenures,
        units=made.units, fiscal_year_start=made.fiscal_year_start,
    )  # fmt: skip


@pytest.fixture(scope="module", params=[1, 2, 3])
def index(request) -> FigureIndex:
    return _mixed_registry(request.param).index


def _plain_pairs(index: FigureIndex) -> list[tuple[Decimal, str, int, int, str]]:
    """Every pair, as (value, operation, first, second, link), sorted as tuples."""
    values = index.values
    entries = []

    def add(a: int, b: int) -> None:
        if index.can_add(a, b):
            if "disjoint_with" in index.kinds(a, b):
                link = "disjoint"
            elif index.consecutive(a, b):
                link = "consecutive"
            else:
                link = "document" if index.documents[a] == index.documents[b] else "related"
            entries.append((values[a] + values[b], "sum", a, b, link))
        whole, part = (a, b) if values[a] > values[b] else (b, a)
        if difference := index.difference_link(whole, part):
            entries.append((values[whole] - values[part], "difference", whole, part, difference))

    by_document: dict[str, list[int]] = {}
    for position, slug in enumerate(index.documents):
        if not index.percent[position]:
            by_document.setdefault(slug, []).append(position)
    for members in by_document.values():
        if len(members) <= MAX_DOCUMENT_FIGURES:
            for offset, a in enumerate(members):
                for b in members[offset + 1 :]:
                    add(a, b)
    for a in range(len(index.figures)):
        for b in sorted(index.links[a]):
            if a < b and index.documents[a] != index.documents[b]:
                add(a, b)
    return sorted(entries)


def _interval(index: FigureIndex, entry: tuple[Decimal, str, int, int, str]):
    value, operation, a, b = entry[:4]
    (low_a, high_a), (low_b, high_b) = index.intervals[a], index.intervals[b]
    if operation == "sum":
        low, high = low_a + low_b, high_a + high_b
    else:
        low, high = low_a - high_b, high_a - low_b
    return (value if low == value else low), (value if high == value else high)


def test_the_pair_table_holds_every_pair_in_order_with_its_exact_value_and_interval(index):
    table = index.all_pairs
    plain = _plain_pairs(index)
    assert len(table) == len(plain) > 100
    made = [
        ((pair := table.pair(k)).value, pair.operation, pair.first, pair.second, pair.link)
        for k in range(len(table))
    ]
    # repr: Decimals that are equal but printed otherwise ("1E+3", "1000.0") must not pass.
    assert repr(made) == repr(plain)
    assert repr([(table.lows[k], table.highs[k]) for k in range(len(table))]) == repr(
        [_interval(index, entry) for entry in plain]
    )


def test_each_float_of_the_pair_table_is_the_float_of_its_exact_value(index):
    table = index.all_pairs
    for k in range(len(table)):
        assert table.floats[k] == float(table.value(k))
        assert table.float_lows[k] == float(table.low(k))
        assert table.float_highs[k] == float(table.high(k))


def test_the_pairs_are_filed_by_document_category_and_disjointness_in_order(index):
    table = index.all_pairs
    sums: dict[str, list[int]] = {}
    by_category: dict[str, list[int]] = {}
    for k in range(len(table)):
        pair = table.pair(k)
        first, second = index.categories[pair.first], index.categories[pair.second]
        if pair.operation == "sum" and index.documents[pair.first] == index.documents[pair.second]:
            sums.setdefault(index.documents[pair.first], []).append(k)
        by_category.setdefault(first, []).append(k)
        if second != first:
            by_category.setdefault(second, []).append(k)
    assert {slug: list(found) for slug, found in index.document_sums.items()} == sums
    assert {c: list(found) for c, found in index.pairs_by_category.items()} == by_category
    assert list(index.disjoint_pairs) == [
        k for k in range(len(table)) if table.pair(k).link == "disjoint"
    ]
    for slug, found in index.document_sums.items():
        assert list(index.document_sum_floats[slug]) == [float(table.value(k)) for k in found]


def test_the_figures_in_order_of_value_are_sorted_exactly(index):
    counts = sorted(
        (value, position)
        for position, value in enumerate(index.values)
        if not index.percent[position]
    )
    assert list(index.count_ids) == [position for _, position in counts]
    assert repr(index.count_keys) == repr([value for value, _ in counts])


def test_a_search_of_pairs_returns_those_whose_interval_meets_it(index):
    """Among the pairs whose value lies within the reach the search assumes (a figure's
    interval lies within 10 % of its value; a difference's may not, and is then not found)."""
    table = index.all_pairs
    rng = random.Random(5)
    values = sorted({table.value(k) for k in range(len(table))})
    for _ in range(200):
        middle = rng.choice(values)
        width = middle * Decimal(rng.choice(("0", "0.01", "0.1")))
        low, high = middle - width, middle + width
        categories = frozenset(rng.sample(sorted(index.pairs_by_category), 2))
        for chosen in (None, categories):
            expected = [
                k
                for k in range(len(table))
                if low * Decimal("0.9") <= table.value(k) <= high * Decimal("1.12")
                and table.low(k) <= high
                and table.high(k) >= low
                and (
                    chosen is None
                    or k in index.disjoint_pairs
                    or {index.categories[table.firsts[k]], index.categories[table.seconds[k]]}
                    & chosen
                )
            ]
            assert index.pair_positions(low, high, categories=chosen) == expected


# -- shares and changes ------------------------------------------------------------------------


def _order(items: list[Combination]) -> list[Combination]:
    return sorted(items, key=lambda item: (item.value, item.first, item.second))


def _plain_shares(index: FigureIndex) -> list[Combination]:
    arithmetic = index.arithmetic
    by_document: dict[str, list[int]] = {}
    counts = [p for p in range(len(index.figures)) if not index.percent[p]]
    for position in counts:
        by_document.setdefault(index.documents[position], []).append(position)
    found, seen = [], set()
    for members in by_document.values():
        if len(members) > MAX_GROUP:
            continue
        for part in members:
            for whole in members:
                if arithmetic._share_ok(part, whole):
                    seen.add((part, whole))
                    subset = index.is_superset(whole, part)
                    found.append(
                        arithmetic._share(part, whole, "subset" if subset else "document")
                    )
    for part in counts:
        for whole in index.supersets(part):
            if (part, whole) not in seen and arithmetic._share_ok(part, whole):
                found.append(arithmetic._share(part, whole, "subset"))
    return _order(found)


def _plain_changes(index: FigureIndex) -> tuple[list[Combination], list[Combination]]:
    arithmetic = index.arithmetic
    by_document: dict[str, list[int]] = {}
    for position in range(len(index.figures)):
        if not index.percent[position]:
            by_document.setdefault(index.documents[position], []).append(position)
    made = [arithmetic._changes(*pair) for pair in arithmetic._change_pairs(by_document)]
    return _order([ratio for ratio, _ in made]), _order([percent for _, percent in made])


def _meeting(items: list[Combination], low: Decimal, high: Decimal) -> list[Combination]:
    span = max(abs(low), abs(high)) * Decimal("0.2")
    return [
        item
        for item in items
        if low - span <= item.value <= high + span and item.low <= high and item.high >= low
    ]


def test_the_shares_ratios_and_changes_are_those_made_in_decimals(index):
    shares = _plain_shares(index)
    ratios, percents = _plain_changes(index)
    assert len(shares) > 50
    assert len(ratios) > 5
    assert repr(index.arithmetic.shares.items) == repr(shares)
    assert repr(index.arithmetic.ratios.items) == repr(ratios)
    assert repr(index.arithmetic.percents.items) == repr(percents)


def test_a_search_of_shares_ratios_and_changes_returns_the_first_that_meet_it(index):
    arithmetic = index.arithmetic
    shares = _plain_shares(index)
    ratios, percents = _plain_changes(index)
    rng = random.Random(9)
    for kind, items in (("share", shares), ("ratio", ratios), ("percent", percents)):
        for _ in range(150):
            middle = rng.choice(items).value
            width = abs(middle) * Decimal(rng.choice(("0", "0.001", "0.05", "0.3")))
            low, high = middle - width, middle + width
            limit = rng.choice((None, 1, 3, 30))
            expected = _meeting(items, low, high)[:limit]
            assert repr(arithmetic.meeting(kind, low, high, limit=limit)) == repr(expected)


def test_the_ratios_between_two_times_are_found_in_order_of_value(index):
    arithmetic = index.arithmetic
    ratios, _ = _plain_changes(index)
    periods = index.periods
    for category_ in ("counted", "released", "sub_counted"):
        for start in range(date(2016, 10, 1).toordinal(), date(2024, 10, 1).toordinal(), 180):
            end = start + 700
            expected = [
                ratio
                for ratio in ratios
                if periods[ratio.first] is not None
                and periods[ratio.second] is not None
                and abs(periods[ratio.first][0] - start) <= 200  # type: ignore[index]
                and abs(periods[ratio.second][1] - end) <= 200  # type: ignore[index]
                and (
                    index.categories[ratio.first] == category_
                    or "calls" in index.units[ratio.first]
                )
            ]
            found = arithmetic.ratios_over({category_}, "calls", start=start, end=end, days=200)
            assert repr(list(found)) == repr(expected)
