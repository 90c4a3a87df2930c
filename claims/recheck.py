"""Which rulings a change to some figures can alter, chosen without re-checking the others.

A ruling can change when it traces to a changed figure (or to one related to it: a snapshot it
supersedes, a subset), when one of its findings names a changed figure (a figure that
contradicts an untraced number), or when a changed figure can now explain one of its numbers
that traced to nothing. The last is decided by the numbers alone: every value a changed figure
can make with the figures the engine combines it with (itself; sums, differences, shares and
changes with the figures of its document and those related to it; three-figure sums of its
document) is compared with each untraced ruling's stored numbers, read again from their words
with the engine's number reader, each widened well beyond the engine's own tolerances. A ruling
none of whose numbers comes near any of those values cannot be explained by the change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from itertools import combinations

from claims.engine import Registry
from claims.engine.changes import read_changes
from claims.engine.index import MAX_DOCUMENT_FIGURES
from claims.engine.numbers import read_numbers
from claims.engine.text import normalise, tokenize

HUNDRED = Decimal(100)
# How far beyond a number's own interval a value still makes the ruling a candidate: a quarter
# of the number (the engine allows at most a tenth for a figure's own wording and a tenth more
# for a rounding), and two points for shares and changes in percent.
WIDEN = Decimal("0.25")
POINTS = Decimal(2)


Reach = dict[str, list[Decimal]]  # by kind ("count", "percent", "ratio"), ascending


def reachable_values(registry: Registry, slugs: Iterable[str]) -> Reach:
    """Every value the figures named can make, alone or with the figures the engine combines
    them with: counts, shares and changes in percent, and ratios, each in ascending order."""
    index = registry.index
    members: dict[str, list[int]] = {}
    wanted = {index.position[slug] for slug in slugs if slug in index.position}
    documents = {index.figures[position].document for position in wanted}
    for position, figure in enumerate(index.figures):
        if figure.document in documents:
            members.setdefault(figure.document, []).append(position)
    found: dict[str, set[Decimal]] = {"count": set(), "percent": set(), "ratio": set()}
    for position in wanted:
        value = index.values[position]
        found["percent" if index.percent[position] else "count"].add(value)
        document = members[index.figures[position].document]
        if len(document) > MAX_DOCUMENT_FIGURES:
            document = []  # a statistical table: the engine combines only related figures
        partners = (set(document) | set(index.links[position])) - {position}
        for other in (index.values[p] for p in partners):
            found["count"].update((value + other, abs(value - other)))
            if value and other:
                for part, whole in ((value, other), (other, value)):
                    found["percent"].add(part * HUNDRED / whole)  # a share
                    found["ratio"].add(part / whole)  # "doubled"
                    found["percent"].add((part / whole - 1) * HUNDRED)  # "rose 7 percent"
        others = [p for p in document if p != position]
        for a, b in combinations(others, 2):
            found["count"].add(value + index.values[a] + index.values[b])
    return {kind: sorted(values) for kind, values in found.items()}


def number_windows(number: dict) -> list[tuple[str, Decimal, Decimal]]:
    """The kinds of value and the values that could explain a stored number (its words read
    again with the engine's reader), widened; every kind when the words say nothing."""
    try:
        stated = Decimal(str(number.get("value", "")))
    except InvalidOperation:
        return []
    text = normalise(str(number.get("text", "")))
    tokens = tokenize(text)
    read = read_changes(tokens, text, read_numbers(tokens, text))
    if not read:
        margin = abs(stated) * WIDEN + POINTS
        return [(kind, stated - margin, stated + margin) for kind in ("count", "percent", "ratio")]
    windows = []
    for quoted in read:
        kind = "ratio" if quoted.change == "ratio" else "percent" if quoted.percent else "count"
        ends = (stated, quoted.low, quoted.high, quoted.stated_high or quoted.high)
        low, high = min(ends), max(ends)
        margin = max(abs(low), abs(high)) * WIDEN + (POINTS if kind != "count" else 0)
        windows.append((kind, low - margin, high + margin))
    return windows


def could_explain(reach: Reach, numbers: list[dict]) -> bool:
    """Whether any of the values falls within the window of one of the numbers."""
    for number in numbers:
        for kind, low, high in number_windows(number):
            values = reach[kind]
            first = bisect_left(values, low)
            if first < len(values) and values[first] <= high:
                return True
    return False


def names_a_figure(findings: list[dict], slugs: set[str]) -> bool:
    return any(slugs.intersection(finding.get("figures", ())) for finding in findings)
